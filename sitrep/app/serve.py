"""Serve the app: import what its pages need first, then hand over to Streamlit's command line.

``python -m sitrep.app.serve run SCRIPT [--server.port=...]`` is ``streamlit run ...`` with
two differences:

- before the server listens, GeoPandas, folium, SQLAlchemy and sitrep's own modules are
  imported, and the incident the app opens with is read, its store opened (made and seeded the
  first time) and its shaking estimate computed - so the first coordinator to open the page
  does not wait for any of it (measured in ``benchmarks/app.py``). The server waits at most
  ``SITREP_PREPARE_TIMEOUT`` seconds (20) for the incident: a store that does not answer never
  keeps it from listening. A busy port is said at once, before any of it.
- a page's own address (``/overview``) opens the page without a request that fails: Streamlit's
  page cannot tell a page's name from a base path, so it tried ``/overview/_stcore/health`` and
  ``/overview/_stcore/host-config`` first (two 404s, streamlit/streamlit#7074) before the root.
  The page it is served now says where the app's root is (``window.__streamlit``'s
  ``BACKEND_BASE_URL`` and ``MAIN_PAGE_BASE_URL``, read by Streamlit's frontend since 1.46 for
  this purpose) whenever its address ends in one of :data:`PAGE_PATHS` (:func:`serve_page_addresses`).
- the page's updates are compressed on the wire (permessage-deflate: a slider move sends ~60 kB
  instead of ~236 kB, which matters on a degraded link), with what a browser may send capped at
  4 MB inflated (:func:`limit_incoming_messages`), so a small compressed message cannot make
  the server inflate Streamlit's 200 MB limit.

``sitrep app`` and ``make run`` start the server this way.

Not imported here: ``streamlit_folium``. A Streamlit component must be declared once the
server's runtime exists (declared earlier, its frame is never served and the map stays
blank), so the page imports it, as before.
"""

from __future__ import annotations

import errno
import importlib
import json
import logging
import os
import socket
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from ..output import terminal_safe

__all__ = ["INCOMING_MESSAGE_MB", "WARM_DEADLINE_S", "WARM_MODULES", "PAGE_PATHS", "limit_incoming_messages", "main", "port_in_use",
           "prepare", "prepare_timeout_s", "warm_imports", "warm_incident", "page_base_script", "serve_page_addresses"]

#: Seconds the server waits for the incident's preparation before it listens anyway.
WARM_DEADLINE_S = 20.0
#: The largest websocket message a browser may send, inflated (MB): widget states are far smaller.
INCOMING_MESSAGE_MB = 4

log = logging.getLogger("sitrep.app")

#: The app's pages by their address (``url_path``), as sitrep/app/main.py routes them; the first is
#: the default page, which is also served at the root.
PAGE_PATHS: tuple[str, ...] = ("situation", "overview")

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


def warm_incident(name: str | None = None, progress: list[str] | None = None) -> str | None:
    """Read the incident the app opens with, open (or make) its store and compute its shaking estimate.

    Fills the process-wide caches of :mod:`sitrep.app.state` (``st.cache_resource`` and the
    estimate's worker) that the first session would otherwise fill; ``name`` defaults to
    :func:`sitrep.settings.default_incident`. Each step is appended to ``progress`` as it
    starts. Returns None when all went well, else what failed ("opening its timeline store
    failed (InputError)": the error's type only, a message may hold a path or a store's
    address); the first page load tries again and shows the error to whoever opens it.
    """
    from ..intensity.source import shakemap_known_by
    from ..settings import default_incident
    from . import state

    name = name or default_incident()
    progress = [] if progress is None else progress
    try:
        progress.append("reading the incident")
        spec, _ = state.scenario(name)
        progress.append("opening its timeline store")
        state.store(name)
        progress.append("packing its map layers")
        state.map_layer_docs(name)
        solutions = state.solutions(name)
        if spec.reference_solution in solutions:
            progress.append("estimating its shaking")
            known = shakemap_known_by(spec, None)
            state.shaking(name, solutions[spec.reference_solution], False, str(known) if known else None)
    except Exception as exc:  # the page tries again, and says what is wrong to the person who opens it
        return f"{progress[-1]} failed ({type(exc).__name__})"
    return None


def prepare(name: str | None = None, deadline_s: float = WARM_DEADLINE_S) -> str:
    """:func:`warm_imports` and :func:`warm_incident`, waiting at most ``deadline_s`` for the incident.

    Returns the line the console shows. A store that does not answer (a PostgreSQL host that
    accepts and stays silent, an SQLite file locked by a long ingest) never keeps the server
    from listening: past the deadline the preparation goes on in the background and the
    first page waits for what is left.
    """
    from ..settings import default_incident

    name = name or default_incident()
    started = time.perf_counter()
    # Streamlit warns that no page is running ("missing ScriptRunContext", "No runtime found"): as
    # expected here; silenced until the server starts (nothing else logs before then)
    logging.disable(logging.WARNING)
    try:
        warm_imports()
        progress: list[str] = []
        outcome: list[str | None] = []
        worker = threading.Thread(target=lambda: outcome.append(warm_incident(name, progress)), daemon=True,
                                  name="sitrep-prepare")  # fmt: skip
        worker.start()
        worker.join(max(0.0, deadline_s - (time.perf_counter() - started)))
    finally:
        logging.disable(logging.NOTSET)
    took = time.perf_counter() - started
    if not outcome:
        step = progress[-1] if progress else "importing"
        return (f"sitrep: still {step} after {took:.0f} s; serving now (the first page waits for it; "
                f"SITREP_PREPARE_TIMEOUT sets this wait)")
    if outcome[0] is not None:
        return f"sitrep: warning: the incident {terminal_safe(name)} was not prepared: {outcome[0]}; the first page tries again"
    return f"sitrep: prepared in {took:.1f} s"


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
            # as the server binds (uvicorn sets it): a port left in TIME_WAIT by the app just stopped is
            # free to listen on again; one another program listens on is still refused
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        return f"{host}:{port}" if exc.errno == errno.EADDRINUSE else None
    return None


def limit_incoming_messages(megabytes: float = INCOMING_MESSAGE_MB) -> bool:
    """Cap what one websocket message from a browser may be, inflated, at ``megabytes``; True when done.

    Browsers send Streamlit small messages (widget states; uploaded files travel over HTTP),
    but Streamlit's one limit (``server.maxMessageSize``, 200 MB) also bounds what it sends, so
    it stays large. With compression on, a message of a few hundred kB may inflate to that
    limit (a "decompression bomb", ~1,000 times); the server's receiving side alone is capped
    here. Reaches into Streamlit's server module (pinned in requirements.txt): when that
    changes, this returns False and the caller leaves compression off.
    """
    try:
        from streamlit.web.server.starlette import starlette_server
    except ImportError:
        return False
    if not callable(getattr(starlette_server, "get_max_message_size_bytes", None)):
        return False
    starlette_server.get_max_message_size_bytes = lambda: int(megabytes * 1_000_000)
    return True


def page_base_script(pages: Sequence[str] = PAGE_PATHS) -> str:
    """A ``<script>`` that tells Streamlit's page where the app's root is when its address names a page.

    At ``.../overview`` it sets ``window.__streamlit`` = ``{BACKEND_BASE_URL, MAIN_PAGE_BASE_URL}``
    to ``...`` + ``/`` (the address less the page's name), so Streamlit's frontend asks that root
    for its health check and host config and never ``/overview/_stcore/*``. Computed in the
    browser from its own address, it holds under ``server.baseUrlPath`` and behind a proxy that
    strips a prefix. Any other address (the root, an unknown name) is left to Streamlit as before.

    >>> "MAIN_PAGE_BASE_URL" in page_base_script(["overview"]) and '["overview"]' in page_base_script(["overview"])
    True
    """
    names = json.dumps([str(p) for p in pages]).replace("<", "\\u003c")
    return (
        "<script>/* sitrep: the app's root, for Streamlit's page opened at a page's own address */\n"
        "(function () {\n"
        f"  var pages = {names};\n"
        "  var path = window.location.pathname.replace(/\\/+$/, \"\");\n"
        "  var cut = path.lastIndexOf(\"/\"), name = path.slice(cut + 1);\n"
        "  try { name = decodeURIComponent(name); } catch (e) { return; }\n"
        "  if (cut < 0 || pages.indexOf(name) < 0) { return; }\n"
        "  var root = window.location.origin + path.slice(0, cut) + \"/\";\n"
        "  window.__streamlit = Object.assign({}, window.__streamlit || {}, {BACKEND_BASE_URL: root, MAIN_PAGE_BASE_URL: root});\n"
        "})();</script>"
    )


def serve_page_addresses(pages: Sequence[str] = PAGE_PATHS) -> bool:
    """Have the server put :func:`page_base_script` into the page it serves (``index.html``); True when done.

    Wraps the handler of Streamlit's own static files (its ``starlette_static_routes`` module,
    pinned in requirements.txt) so that an HTML answer gets the script as the first element of
    its ``<head>``, before Streamlit's bundle reads ``window.__streamlit``. When that module
    changes, this returns False and pages work as before (with the two harmless 404s).
    """
    try:
        from streamlit.web.server.starlette import starlette_static_routes as routes
    except ImportError:
        return False
    make = getattr(routes, "create_streamlit_static_handler", None)
    if not callable(make):
        return False
    if getattr(make, "_sitrep_pages", None) is not None:
        return True  # already wrapped (a second call in one process)
    script = page_base_script(pages).encode("utf-8")

    def create_streamlit_static_handler(directory, base_url):
        return _PageBaseInjector(make(directory, base_url), script)

    create_streamlit_static_handler._sitrep_pages = tuple(pages)
    routes.create_streamlit_static_handler = create_streamlit_static_handler
    return True


class _PageBaseInjector:
    """ASGI wrapper: a 200 ``text/html`` answer gets ``script`` right after its ``<head>`` (other answers pass as they are)."""

    def __init__(self, app, script: bytes) -> None:
        self.app = app
        self.script = script

    async def __call__(self, scope, receive, send) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        start: dict = {}
        body: list[bytes] = []

        async def inject(message) -> None:
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                if message.get("status") == 200 and headers.get(b"content-type", b"").startswith(b"text/html"):
                    start.update(message)  # held until the body is complete: its length changes
                    return
                await send(message)
                return
            if message["type"] == "http.response.body" and start:
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                page = b"".join(body)
                at = page.find(b"<head>")
                if scope.get("method") == "HEAD":
                    added = len(self.script)
                else:
                    page = page[: at + 6] + self.script + page[at + 6 :] if at >= 0 else page
                    added = 0
                headers = []
                for k, v in start.get("headers", []):
                    if k.lower() == b"content-length":
                        v = str((len(page) if scope.get("method") != "HEAD" else int(v) + added)).encode()
                    headers.append((k, v))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": page, "more_body": False})
                return
            await send(message)

        await self.app(scope, receive, inject)

    def __getattr__(self, name: str):  # the mount asks the wrapped app for its own attributes (routes, url_path_for)
        return getattr(self.app, name)


def main(argv: Sequence[str] | None = None) -> None:
    """``streamlit`` with ``argv`` (default: this process's arguments); ``run SCRIPT`` after :func:`prepare`.

    For ``run``, the websocket's messages are compressed (a slider move sends ~60 kB, not
    ~236 kB) once what a browser may send is capped (:func:`limit_incoming_messages`), unless
    the command line sets ``--server.enableWebsocketCompression`` itself.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    script = args[1] if len(args) > 1 else ""
    if args[:1] != ["run"] or "--help" in args or not Path(script).is_file():  # Streamlit's own, or its own error
        from streamlit.web import cli

        cli.main(args=args, prog_name="streamlit")
        return
    if (taken := port_in_use(args)) is not None:
        print(f"sitrep: error: {terminal_safe(taken)} is in use (another sitrep or program serves it); "
              "choose another port (sitrep app --port N, make run PORT=N)", file=sys.stderr, flush=True)  # fmt: skip
        raise SystemExit(2)
    from ..settings import default_incident

    print(f"sitrep: preparing the incident {terminal_safe(default_incident())} before serving "
          "(libraries, timeline store, shaking estimate)...", file=sys.stderr, flush=True)  # fmt: skip
    print(prepare(deadline_s=prepare_timeout_s()), file=sys.stderr, flush=True)
    if not any(a.startswith("--server.enableWebsocketCompression") for a in args) and limit_incoming_messages():
        args.append("--server.enableWebsocketCompression=true")
    serve_page_addresses()
    from streamlit.web import cli

    cli.main(args=args, prog_name="streamlit")


def prepare_timeout_s() -> float:
    """``SITREP_PREPARE_TIMEOUT`` (seconds the server waits for the incident before listening), else 20."""
    text = os.environ.get("SITREP_PREPARE_TIMEOUT", "").strip()
    try:
        value = float(text) if text else WARM_DEADLINE_S
    except ValueError:
        value = -1.0
    if not 0 <= value < 3600:
        log.warning("sitrep: SITREP_PREPARE_TIMEOUT=%s is not a number of seconds (0-3600); using %g",
                    terminal_safe(text), WARM_DEADLINE_S)  # fmt: skip
        return WARM_DEADLINE_S
    return value


if __name__ == "__main__":
    main()
