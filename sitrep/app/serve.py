"""Serve the app: import what its pages need first, then hand over to Streamlit's command line.

``python -m sitrep.app.serve run SCRIPT [--server.port=...]`` is ``streamlit run ...`` with
one difference: GeoPandas, folium, SQLAlchemy and sitrep's own modules are imported before
the server listens, so the first coordinator to open the page does not wait for them
(~2-3 s on a 2-core machine; measured in ``benchmarks/app.py``). ``sitrep app`` and
``make run`` start the server this way.

Not imported here: ``streamlit_folium``. A Streamlit component must be declared once the
server's runtime exists (declared earlier, its frame is never served and the map stays
blank), so the page imports it, as before.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

__all__ = ["WARM_MODULES", "main", "warm_imports"]

#: Imported before the server starts: what the pages import at their top, and the libraries
#: they reach on the first run (folium's plugins, the readers).
WARM_MODULES: tuple[str, ...] = (
    "pandas", "geopandas", "pyogrio", "shapely", "pyproj", "sqlalchemy",
    "folium", "folium.plugins", "branca",
    "sitrep.app.state", "sitrep.app.editing", "sitrep.app.furniture", "sitrep.app.charts", "sitrep.app.intensity",
    "sitrep.maps.mapview", "sitrep.intensity.source", "sitrep.present", "sitrep.query", "sitrep.clock",
)  # fmt: skip


def warm_imports(modules: Sequence[str] = WARM_MODULES) -> None:
    """Import ``modules`` now (each once per process; a missing optional one is skipped)."""
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:  # the page says what is missing, where it needs it
            pass


def main(argv: Sequence[str] | None = None) -> None:
    """``streamlit`` with ``argv`` (default: this process's arguments), after :func:`warm_imports`."""
    args = list(sys.argv[1:] if argv is None else argv)
    warm_imports()
    from streamlit.web import cli

    cli.main(args=args, prog_name="streamlit")


if __name__ == "__main__":
    main()
