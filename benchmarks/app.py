"""Benchmark: the coordinator's page - rerun time, first load, and drawing big layers.

Run: ``make bench`` or ``.venv/bin/python benchmarks/app.py``. Prints Markdown tables for
README. Never part of ``make test``. Needs Debian chromium (``make test`` installs it).

1. Server time of a rerun after moving the time slider or editing a band edge: the
   Situation page under ``streamlit.testing.v1.AppTest``, 40 reruns of each kind. AppTest
   adds its own polling (~10 ms), so these are upper bounds of the script's time.
2. First page load: ``streamlit run app.py`` on loopback, headless Chromium (Debian's),
   time from navigation until the map's legend and the cards are on screen; cold (first
   session of the server) and warm.
3. Drawing a layer of N points in Chromium from the same folium code the app uses: sitrep's
   packed canvas layer at 100,000 points, and folium's one-CircleMarker-per-point at 10,000
   for comparison (Python render time + browser time until the next frame after the map
   script ran).
"""

from __future__ import annotations

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


def first_load() -> list[tuple[str, float]]:
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, SITREP_DB=str(Path(tempfile.mkdtemp()) / "bench.sqlite"))
    streamlit = Path(sys.executable).with_name("streamlit")
    proc = subprocess.Popen([str(streamlit), "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.1)
        out = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for label in ("cold (first session)", "warm", "warm"):
                page = browser.new_page(viewport={"width": 1024, "height": 900})
                t0 = time.perf_counter()
                page.goto(url)
                page.frame_locator("iframe[title*='st_folium']").locator("[data-testid=map-legend]").wait_for(timeout=60_000)
                page.locator("[data-testid=stMetricValue]").first.wait_for(timeout=60_000)
                out.append((label, time.perf_counter() - t0))
                page.close()
            browser.close()
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=10)


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
    print("### Rerun server time (AppTest, 40 reruns each)\n")
    print("| change | median ms | p95 ms | max ms |\n|---|---:|---:|---:|")
    for label, times in reruns():
        ms = sorted(t * 1000 for t in times)
        print(f"| {label} | {statistics.median(ms):.0f} | {ms[int(0.95 * (len(ms) - 1))]:.0f} | {ms[-1]:.0f} |")
    print("\n### First page load (Chromium, 1024 px, until map legend and cards show)\n")
    print("| session | seconds |\n|---|---:|")
    for label, s in first_load():
        print(f"| {label} | {s:.2f} |")
    print("\n### Drawing a point layer in Chromium\n")
    print("| layer | points | Python render s | browser s | page MB |\n|---|---:|---:|---:|---:|")
    for n, naive, label in ((751, False, "sitrep packed canvas"), (100_000, False, "sitrep packed canvas"),
                            (10_000, True, "folium CircleMarker per point")):  # fmt: skip
        py, br, size = draw(n, naive)
        print(f"| {label} | {n:,} | {py:.2f} | {br:.2f} | {size / 1e6:.1f} |")


if __name__ == "__main__":
    main()
