"""Front-end assets sitrep serves or inlines itself, so maps work with no Internet at all.

Leaflet is vendored in ``sitrep/vendor/leaflet`` (package data; ``make leaflet`` refreshes it
from the npm lockfile ``sitrep/app/frontend/package-lock.json``).
In the app it is served by Streamlit from a declared component folder at
``/component/sitrep.maps.assets.leaflet/`` (see :func:`register`), and streamlit-folium's
map iframe loads it through a relative URL, which also works under a base path. In a
snapshot report it is inlined (:func:`inline_leaflet`), its images as data URIs.
"""

from __future__ import annotations

import base64
import functools
import re
from pathlib import Path

from ..errors import SitrepError

__all__ = ["LEAFLET_DIR", "asset_url", "register", "require_assets", "inline_leaflet"]

#: Leaflet's built files (leaflet.js, leaflet.css, images/), shipped in the package.
LEAFLET_DIR = Path(__file__).resolve().parents[1] / "vendor" / "leaflet"
_SERVED_AS = f"{__name__}.leaflet"


def asset_url(file: str) -> str:
    """URL of a Leaflet file relative to streamlit-folium's iframe (``/component/<name>/``)."""
    return f"../{_SERVED_AS}/{file}"


@functools.cache
def register() -> None:
    """Have Streamlit serve Leaflet's folder (declaring a component registers it; never rendered)."""
    import streamlit.components.v1 as components

    components.declare_component("leaflet", path=str(LEAFLET_DIR))


def require_assets() -> None:
    """Serve the assets, or fail with a clear message when they are missing from the package."""
    if not (LEAFLET_DIR / "leaflet.js").is_file():
        raise SitrepError(f"Leaflet is not installed in {LEAFLET_DIR}; reinstall sitrep, or run `make leaflet` in a checkout")
    register()


@functools.cache
def inline_leaflet() -> tuple[str, str]:
    """(css, js) of Leaflet for inlining into one HTML file; CSS images become data URIs."""
    if not (LEAFLET_DIR / "leaflet.js").is_file():
        raise SitrepError(f"Leaflet is not installed in {LEAFLET_DIR}; reinstall sitrep, or run `make leaflet` in a checkout")

    def data_uri(match: re.Match) -> str:
        path = LEAFLET_DIR / match.group(1)
        return f"url(data:image/{path.suffix.lstrip('.')};base64,{base64.b64encode(path.read_bytes()).decode()})"

    css = re.sub(r"url\((images/[^)]+)\)", data_uri, (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8"))
    js = (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    return css, js
