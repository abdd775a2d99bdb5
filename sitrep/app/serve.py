"""Serve the app: import what its pages need first, then hand over to Streamlit's command line.

``python -m sitrep.app.serve run SCRIPT [--server.port=...]`` is ``streamlit run ...`` with
one difference: before the server listens, GeoPandas, folium, SQLAlchemy and sitrep's own
modules are imported, and the incident the app opens with is read, its store opened (made and
seeded the first time) and its shaking estimate computed - so the first coordinator to open the
page does not wait for any of it (measured in ``benchmarks/app.py``). ``sitrep app`` and
``make run`` start the server this way.

Not imported here: ``streamlit_folium``. A Streamlit component must be declared once the
server's runtime exists (declared earlier, its frame is never served and the map stays
blank), so the page imports it, as before.
"""

from __future__ import annotations

import errno
import importlib
import logging
import socket
import sys
import time
from collections.abc import Sequence

from ..output import terminal_safe

__all__ = ["WARM_MODULES", "main", "port_in_use", "warm_imports", "warm_incident"]

log = logging.getLogger("sitrep.app")

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
    logging.disable(logging.WARNING)  # Streamlit's caches warn that no runtime exists yet: as expected
    try:
        for name in modules:
            try:
                importlib.import_module(name)
            except ImportError:  # the page says what is missing, where it needs it
                pass
    finally:
        logging.disable(logging.NOTSET)


def warm_incident(name: str | None = None) -> None:
    """Read the incident the app opens with, open (or make) its store and compute its shaking estimate.

    Fills the process-wide caches of :mod:`sitrep.app.state` (``st.cache_resource`` and the
    estimate's worker) that the first session would otherwise fill; ``name`` defaults to
    :func:`sitrep.settings.default_incident`. Any failure is left for the page to report,
    where a coordinator sees it: the server starts regardless.
    """
    from ..intensity.source import shakemap_known_by
    from ..settings import default_incident
    from . import state

    name = name or default_incident()
    # Streamlit warns that no page is running ("missing ScriptRunContext", "No runtime found"): as expected
    logging.disable(logging.WARNING)
    step, failed = "reading the incident", None
    try:
        spec, _ = state.scenario(name)
        step = "opening its timeline store"
        state.store(name)
        step = "packing its map layers"
        state.map_layer_docs(name)
        solutions = state.solutions(name)
        if spec.reference_solution in solutions:
            step = "estimating its shaking"
            known = shakemap_known_by(spec, None)
            state.shaking(name, solutions[spec.reference_solution], False, str(known) if known else None)
    except Exception as exc:  # the page says what is wrong, to the person who opens it
        failed = exc
    finally:
        logging.disable(logging.NOTSET)
    if failed is not None:  # the type only: a message may hold a server path or a store's address
        log.warning("sitrep: the incident %s was not prepared before serving: %s failed (%s); the page will say why",
                    terminal_safe(name), step, type(failed).__name__)  # fmt: skip


def port_in_use(args: Sequence[str]) -> str | None:
    """The ``host:port`` a ``streamlit run`` command line asks for, when another program holds it; else None.

    Read from ``--server.port`` / ``--server.address`` (``=value`` or a separate value;
    Streamlit's defaults 8501 and every interface). Checked before the warm-up, so a busy port
    is said at once, not after it.
    """
    options = {}
    for i, arg in enumerate(args):
        for key in ("--server.port", "--server.address"):
            if arg.startswith(key + "="):
                options[key] = arg.split("=", 1)[1]
            elif arg == key and i + 1 < len(args):
                options[key] = args[i + 1]
    try:
        port = int(options.get("--server.port", 8501))
    except ValueError:
        return None  # Streamlit says what is wrong with it
    host = options.get("--server.address") or "0.0.0.0"
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.bind((host, port))
    except OSError as exc:
        return f"{host}:{port}" if exc.errno == errno.EADDRINUSE else None
    return None


def main(argv: Sequence[str] | None = None) -> None:
    """``streamlit`` with ``argv`` (default: this process's arguments), after :func:`warm_imports`
    and :func:`warm_incident`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] != ["run"]:  # `--help`, `--version`, other subcommands: Streamlit's own
        from streamlit.web import cli

        cli.main(args=args, prog_name="streamlit")
        return
    from ..settings import default_incident

    if (taken := port_in_use(args)) is not None:
        print(f"sitrep: error: {terminal_safe(taken)} is in use (another sitrep or program serves it); "
              "choose another port (sitrep app --port N, make run PORT=N)", file=sys.stderr, flush=True)  # fmt: skip
        raise SystemExit(2)
    started = time.perf_counter()
    print(f"sitrep: preparing the incident {terminal_safe(default_incident())} before serving "
          "(libraries, timeline store, shaking estimate)...", file=sys.stderr, flush=True)  # fmt: skip
    warm_imports()
    warm_incident()
    print(f"sitrep: prepared in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    from streamlit.web import cli

    cli.main(args=args, prog_name="streamlit")


if __name__ == "__main__":
    main()
