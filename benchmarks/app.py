"""Benchmark: the coordinator's page - rerun time, first load, and drawing big layers.

Run: ``make bench`` or ``.venv/bin/python benchmarks/app.py``. Prints Markdown tables for
README. Never part of ``make test``. Needs Debian chromium (``make test`` installs it).

1. Server time of a rerun after moving the time slider or editing a band edge: the
   Situation page under ``streamlit.testing.v1.AppTest``, 40 reruns of each kind. AppTest
   adds its own polling (~10 ms), so these are upper bounds of the script's time.
2. Server start and page loads: the app served as ``make run`` serves it (``python -m
   sitrep.app.serve run app.py``, which prepares the incident before listening; plain
   ``streamlit run`` for an older checkout) on loopback, headless Chromium (Debian's): the time
   until the server answers its health check, then from navigation until the map's legend
   and the cards are on screen - once on a new store (the first start ever), then after a
   restart on that store (first load, warm, warm). Beside it, the same load of a page holding
   one metric (``benchmarks/floor_page.py``): what Streamlit itself costs on this machine.
3. Drawing a layer of N points in Chromium from the same folium code the app uses: sitrep's
   packed canvas layer at 100,000 points, and folium's one-CircleMarker-per-point at 10,000
   for comparison (Python render time + browser time until the next frame after the map
   script ran).
4. A time-slider move in Chromium: the slider is focused and moved one step (five minutes)
   with the keyboard (ArrowRight, as a person does); the time runs from just before the key
   press until the page has re-rendered with the new as-of time: the caption "Showing what
   was known at ..." shows a different time than before the press, no element of the page is
   stale any more (Streamlit marks every element ``data-stale`` until the rerun re-sends or
   drops it, so this is the end of the script run as the browser sees it) and the status
   widget's running icon is gone. Measured in the page (``performance.now()``, polled every
   animation frame), median and worst of 10 moves after a first load.
5. Bytes on the wire: a loopback proxy counts what the server sends for a first page load
   (Streamlit's static files included: a browser caches them) and per slider move.
6. CLI start-up: ``sitrep --help``, ``sitrep timeline`` (the bundled incident, an empty
   SITREP_HOME: the store is made by a first, untimed run) and ``sitrep bands --help``, wall
   time of the whole process (median of 5), and whether it imported GeoPandas
   (``python -X importtime``).

``--against DIR`` runs 2, 4, 5 and 6 for the checkout in DIR too (e.g. ``/work/main``), in the
same run, so that every figure has its "before" beside it (``PYTHONPATH`` selects the code).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage"]


def reruns(n: int = 40) -> list[tuple[str, list[float]]]:
    from streamlit.testing.v1 import AppTest

    # in this process: a store and SITREP_HOME of its own, never the user's (~/.local/share/sitrep)
    os.environ["SITREP_DB"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite")
    os.environ["SITREP_HOME"] = tempfile.mkdtemp()

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    slider = []
    for i in range(n):
        value = datetime(2025, 1, 7, 9, 30) + timedelta(minutes=25 * (i % 40))
        t0 = time.perf_counter()
        at.slider(key="as_of").set_value(value).run()
        slider.append(time.perf_counter() - t0)
    at = at.selectbox(key="preset").set_value("custom").run()
    bands = []
    for i in range(n):
        t0 = time.perf_counter()
        at.text_input(key="edges_custom").input(f"0,{5 + i % 10},20,50").run()
        bands.append(time.perf_counter() - t0)
    assert not at.exception
    return [("time slider", slider), ("band edge", bands)]


def _env(root: Path, **extra: str) -> dict[str, str]:
    """The environment that runs the checkout at ``root`` (its code first on the path)."""
    env = dict(os.environ, PYTHONPATH=str(root), **extra)
    for name in ("SITREP_HOME", "SITREP_INCIDENT", "SITREP_SCENARIO"):
        if name not in extra:
            env.pop(name, None)
    return env


#: Until the page shows the map's legend and the cards (the first-load end condition).
def _loaded(page) -> None:
    page.frame_locator("iframe[title*='st_folium']").locator("[data-testid=map-legend]").wait_for(timeout=60_000)
    page.locator("[data-testid=stMetricValue]").first.wait_for(timeout=60_000)


#: True (the time, ms) once the as-of caption differs from ``before`` and the rerun is over (see 4. above).
RERENDERED = """(before) => {
    const caption = [...document.querySelectorAll('[data-testid=stCaptionContainer]')]
        .find(e => e.innerText.includes('Nothing observed later is used'));
    if (!caption || caption.innerText === before) return false;
    if (document.querySelector('[data-testid=stElementContainer][data-stale=true]')) return false;
    if (document.querySelector('[data-testid=stStatusWidgetRunningIcon]')) return false;
    return performance.now();
}"""


@contextlib.contextmanager
def _server(root: Path, env: dict[str, str], script: str = "app.py"):
    """The app of ``root`` served on a free loopback port as ``make run`` serves it; yields (URL, start-up s)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    if (root / "sitrep" / "app" / "serve.py").exists():  # imports the pages' libraries before listening
        command = [sys.executable, "-m", "sitrep.app.serve", "run", script]
    else:  # an older checkout
        command = [str(Path(sys.executable).with_name("streamlit")), "run", script]
    t0 = time.perf_counter()
    proc = subprocess.Popen([*command, "--server.port", str(port), "--server.address", "127.0.0.1"],
                            cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.05)
        yield url, time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _new_page(browser, url: str):
    page = browser.new_page(viewport={"width": 1024, "height": 900})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith((url, "data:", "blob:"))
               else route.abort())  # fmt: skip
    return page


def in_browser(root: Path = ROOT, moves: int = 10) -> tuple[list[tuple[str, float]], list[float]]:
    """Server start-ups and first loads in seconds (a new store; then a restart: cold, warm, warm), and
    ``moves`` slider moves in seconds, of the app in ``root``."""
    from playwright.sync_api import sync_playwright

    env = _env(root, SITREP_DB=str(Path(tempfile.mkdtemp()) / "bench.sqlite"), SITREP_HOME=tempfile.mkdtemp())
    loads, slider = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        with _server(root, env) as (url, started):  # the first start ever: the store is made and seeded
            loads.append(("server start, new store", started))
            page = _new_page(browser, url)
            t0 = time.perf_counter()
            page.goto(url)
            _loaded(page)
            loads.append(("first load, new store", time.perf_counter() - t0))
            page.close()
        with _server(root, env) as (url, started):  # a restart: the usual case
            loads.append(("server start, store exists", started))
            for label in ("first load after start", "warm", "warm"):
                page = _new_page(browser, url)
                t0 = time.perf_counter()
                page.goto(url)
                _loaded(page)
                loads.append((label, time.perf_counter() - t0))
                if label == "warm" and not slider:
                    page.wait_for_function(RERENDERED, arg="", polling="raf", timeout=60_000)  # the first run is over
                    caption = page.locator("[data-testid=stCaptionContainer]").filter(has_text="Nothing observed later is used")
                    page.get_by_role("slider").first.focus()
                    page.keyboard.press("Home")  # from the earthquake on: every step is a new time
                    for _ in range(moves + 1):
                        before = caption.inner_text()
                        page.get_by_role("slider").first.focus()  # a rerun may re-render the slider
                        t0 = page.evaluate("performance.now()")
                        page.keyboard.press("ArrowRight")
                        t1 = page.wait_for_function(RERENDERED, arg=before, polling="raf", timeout=60_000).json_value()
                        slider.append((t1 - t0) / 1000.0)
                    slider = slider[1:]  # the move after Home: Home's own rerun may still be arriving
                page.close()
        browser.close()
    return loads, slider


class _CountingProxy:
    """A loopback TCP proxy to ``port`` that counts the bytes sent to the browser (what the wire carries)."""

    def __init__(self, port: int) -> None:
        import asyncio
        import threading

        self.port, self.down = port, 0
        loop = asyncio.new_event_loop()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.url = f"http://127.0.0.1:{s.getsockname()[1]}"
            listen = s.getsockname()[1]

        async def pipe(reader, writer, count: bool) -> None:
            try:
                while data := await reader.read(65536):
                    if count:
                        self.down += len(data)
                    writer.write(data)
                    await writer.drain()
            except OSError:
                pass
            finally:
                writer.close()

        async def handle(client_r, client_w) -> None:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", self.port)
            await asyncio.gather(pipe(client_r, server_w, False), pipe(server_r, client_w, True))

        ready = threading.Event()

        def serve() -> None:  # in its own thread: Playwright's sync API runs a loop in this one
            asyncio.set_event_loop(loop)
            loop.run_until_complete(asyncio.start_server(handle, "127.0.0.1", listen))
            ready.set()
            loop.run_forever()

        threading.Thread(target=serve, daemon=True).start()
        ready.wait(10)


def wire_bytes(root: Path = ROOT, moves: int = 5) -> tuple[int, int]:
    """Bytes the server sends for a first page load (Streamlit's static files included) and per slider move."""
    from playwright.sync_api import sync_playwright

    env = _env(root, SITREP_DB=str(Path(tempfile.mkdtemp()) / "bench.sqlite"), SITREP_HOME=tempfile.mkdtemp())
    with sync_playwright() as pw, _server(root, env) as (url, _):
        proxy = _CountingProxy(int(url.rsplit(":", 1)[1]))
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = _new_page(browser, proxy.url)
        page.goto(proxy.url)
        page.wait_for_function(RERENDERED, arg="", polling="raf", timeout=60_000)
        _loaded(page)
        first = proxy.down
        caption = page.locator("[data-testid=stCaptionContainer]").filter(has_text="Nothing observed later is used")
        page.get_by_role("slider").first.focus()
        page.keyboard.press("Home")
        page.wait_for_timeout(3000)
        before_moves = proxy.down
        for _ in range(moves):
            before = caption.inner_text()
            page.get_by_role("slider").first.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_function(RERENDERED, arg=before, polling="raf", timeout=60_000)
        page.wait_for_timeout(500)
        browser.close()
        return first, (proxy.down - before_moves) // moves


def floor() -> list[float]:
    """Loads (cold, warm, warm) of a page holding one metric, s: what Streamlit itself costs here."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as pw, _server(ROOT, _env(ROOT), str(Path(__file__).with_name("floor_page.py"))) as (url, _):
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(3):
            page = _new_page(browser, url)
            t0 = time.perf_counter()
            page.goto(url)
            page.locator("[data-testid=stMetricValue]").first.wait_for(timeout=60_000)
            out.append(time.perf_counter() - t0)
            page.close()
        browser.close()
    return out


def first_load() -> list[tuple[str, float]]:
    """First page loads of this checkout (cold, warm, warm), seconds."""
    return in_browser(ROOT, moves=0)[0]


CLI_RUNS = (("sitrep --help", ["--help"]), ("sitrep timeline", ["timeline"]), ("sitrep bands --help", ["bands", "--help"]))


def cli_startup(root: Path = ROOT, repeat: int = 5) -> list[tuple[str, float, bool]]:
    """(command, median wall s of the whole process, imported GeoPandas) for the CLI of the checkout in ``root``."""
    env = _env(root, SITREP_HOME=tempfile.mkdtemp())
    env.pop("SITREP_DB", None)
    out = []
    for label, args in CLI_RUNS:
        command = [sys.executable, "-m", "sitrep.cli", *args]
        subprocess.run(command, env=env, cwd=tempfile.gettempdir(), capture_output=True, check=True)  # makes the store
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            subprocess.run(command, env=env, cwd=tempfile.gettempdir(), capture_output=True, check=True)
            times.append(time.perf_counter() - t0)
        trace = subprocess.run([sys.executable, "-X", "importtime", *command[1:]], env=env, cwd=tempfile.gettempdir(),
                               capture_output=True, text=True, check=True).stderr  # fmt: skip
        geo = any(line.split("|")[-1].strip() == "geopandas" for line in trace.splitlines())
        out.append((label, statistics.median(times), geo))
    return out


def draw(n: int, naive: bool) -> tuple[float, float, int]:
    """(python render s, browser s until drawn, html bytes) for N random points."""
    import folium
    import geopandas as gpd
    import numpy as np
    from playwright.sync_api import sync_playwright

    from sitrep.maps.assets import LEAFLET_DIR
    from sitrep.maps.mapview import points_layer

    rng = np.random.default_rng(n)
    gdf = gpd.GeoDataFrame({"id": [f"p{i}" for i in range(n)]},
                           geometry=gpd.points_from_xy(rng.uniform(86, 88.5, n), rng.uniform(27.8, 29.2, n)), crs=4326)  # fmt: skip
    t0 = time.perf_counter()
    m = folium.Map(location=[28.5, 87.3], zoom_start=8, tiles=None, prefer_canvas=True)
    m.default_js = [("leaflet", (LEAFLET_DIR / "leaflet.js").as_uri())]
    m.default_css = [("leaflet_css", (LEAFLET_DIR / "leaflet.css").as_uri())]
    if naive:
        fg = folium.FeatureGroup(name="points")
        for x, y in zip(gdf.geometry.x, gdf.geometry.y):
            folium.CircleMarker([y, x], radius=2, popup=f"point {x:.4f} {y:.4f}").add_to(fg)
        fg.add_to(m)
    else:
        points_layer("points", gdf).add_to(m)
    m.get_root().script.add_child(folium.Element(
        "requestAnimationFrame(function() { requestAnimationFrame(function() { window.__drawn = performance.now(); }); });"))  # fmt: skip
    html = m.get_root().render()
    python_s = time.perf_counter() - t0
    path = Path(tempfile.mkdtemp()) / "map.html"
    path.write_text(html, encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS + ["--allow-file-access-from-files"])
        page = browser.new_page(viewport={"width": 1024, "height": 768})
        page.goto(path.as_uri())
        page.wait_for_function("window.__drawn !== undefined", timeout=120_000)
        browser_s = page.evaluate("window.__drawn") / 1000.0
        browser.close()
    return python_s, browser_s, len(html.encode())


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    cli.add_argument("--against", metavar="DIR", type=Path, help="another checkout (e.g. /work/main) measured in the same run")
    cli.add_argument("--skip-draw", action="store_true", help="leave out the point-layer drawing table")
    opts = cli.parse_args()
    roots = [("this checkout", ROOT)] + ([(f"against {opts.against.resolve().name}", opts.against.resolve())] if opts.against else [])
    print(f"Load average before the run: {' / '.join(f'{x:.1f}' for x in os.getloadavg())} (1 / 5 / 15 min; "
          f"{os.cpu_count()} CPUs). Figures move with it; the columns of one run are comparable.\n")
    print("### Rerun server time (AppTest, 40 reruns each)\n")
    print("| change | median ms | p95 ms | max ms |\n|---|---:|---:|---:|")
    for label, times in reruns():
        ms = sorted(t * 1000 for t in times)
        print(f"| {label} | {statistics.median(ms):.0f} | {ms[int(0.95 * (len(ms) - 1))]:.0f} | {ms[-1]:.0f} |")
    browser = {name: in_browser(root) for name, root in roots}
    heads = " | ".join(f"{name} s" for name, _ in roots)
    print("\n### Server start and page loads (Chromium, 1024 px, until map legend and cards show)\n")
    print(f"| step | {heads} |\n|---|" + "---:|" * len(roots))
    for i, (label, _) in enumerate(browser["this checkout"][0]):
        print(f"| {label} | " + " | ".join(f"{browser[name][0][i][1]:.2f}" for name, _ in roots) + " |")
    base = floor()
    print(f"\nStreamlit's floor here, a page holding one metric (benchmarks/floor_page.py): cold {base[0]:.2f} s, "
          f"warm {min(base[1:]):.2f}-{max(base[1:]):.2f} s.")
    print("\n### Time-slider move in Chromium (one step by keyboard, until re-rendered; 10 moves)\n")
    print(f"| statistic | {heads} |\n|---|" + "---:|" * len(roots))
    for stat, f in (("median", statistics.median), ("worst", max)):
        print(f"| {stat} | " + " | ".join(f"{f(browser[name][1]):.2f}" for name, _ in roots) + " |")
    print("\n### Bytes the server sends (loopback proxy counting the wire)\n")
    print(f"| what | {' | '.join(f'{name} kB' for name, _ in roots)} |\n|---|" + "---:|" * len(roots))
    sent = {name: wire_bytes(root) for name, root in roots}
    for i, label in enumerate(("first page load (Streamlit's static files included)", "a time-slider move")):
        print(f"| {label} | " + " | ".join(f"{sent[name][i] / 1000:,.0f}" for name, _ in roots) + " |")
    cli_times = {name: cli_startup(root) for name, root in roots}
    print("\n### CLI start-up (whole process, median of 5)\n")
    print("| command | " + " | ".join(f"{name} s | imports GeoPandas" for name, _ in roots) + " |\n|---|" + "---:|---|" * len(roots))
    for i, (label, _, _) in enumerate(cli_times["this checkout"]):
        print(f"| `{label}` | " + " | ".join(f"{cli_times[n][i][1]:.2f} | {'yes' if cli_times[n][i][2] else 'no'}" for n, _ in roots) + " |")
    if opts.skip_draw:
        return
    print("\n### Drawing a point layer in Chromium\n")
    print("| layer | points | Python render s | browser s | page MB |\n|---|---:|---:|---:|---:|")
    for n, naive, label in ((751, False, "sitrep packed canvas"), (100_000, False, "sitrep packed canvas"),
                            (10_000, True, "folium CircleMarker per point")):  # fmt: skip
        py, br, size = draw(n, naive)
        print(f"| {label} | {n:,} | {py:.2f} | {br:.2f} | {size / 1e6:.1f} |")


if __name__ == "__main__":
    main()
