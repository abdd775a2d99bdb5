"""Front-end assets the app serves itself, so the map works with no Internet at all.

Leaflet comes from npm (``sitrep/app/frontend/package.json``, installed by ``make setup``)
and is served by Streamlit from a declared component folder at
``/component/sitrep.app.assets.leaflet/``. streamlit-folium's map iframe loads it through
a relative URL, which also works when Streamlit runs under a base path.
"""

from __future__ import annotations

from pathlib import Path

import streamlit.components.v1 as components

from ..errors import SitrepError

__all__ = ["LEAFLET_DIR", "asset_url", "require_assets"]

LEAFLET_DIR = Path(__file__).parent / "frontend" / "node_modules" / "leaflet" / "dist"

# Declaring the component registers its folder with Streamlit's file server; it is never rendered.
components.declare_component("leaflet", path=str(LEAFLET_DIR))
_SERVED_AS = f"{__name__}.leaflet"


def asset_url(file: str) -> str:
    """URL of a Leaflet file relative to streamlit-folium's iframe (``/component/<name>/``)."""
    return f"../{_SERVED_AS}/{file}"


def require_assets() -> None:
    """Fail with a clear message when ``make setup`` has not installed the front-end assets."""
    if not (LEAFLET_DIR / "leaflet.js").is_file():
        raise SitrepError(f"Leaflet is not installed in {LEAFLET_DIR}; run `make setup` (npm ci in sitrep/app/frontend)")
