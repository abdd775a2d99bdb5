"""What a coordinator sees, in real headless Chromium (Debian's), with the outside network blocked.

The app runs as `streamlit run app.py` on a free loopback port; Playwright drives
/usr/bin/chromium (never a downloaded browser). Every request to a host other than
the loopback is aborted and recorded; the tests assert there were none.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
EDITOR, EDITOR_PASSWORD = "desk.browser", "browser test password"
PROXY_EDITOR = "zhang.proxy"

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip("Debian chromium is not installed (make test installs it)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(script: str | Path, folder: Path, env: dict[str, str]):
    """`streamlit run SCRIPT` on a free loopback port (log in ``folder``); yields its URL, stops it after.

    Started as `make run` and `sitrep app` start it: through sitrep.app.serve, which imports
    the pages' libraries before the server listens.
    """
    port = _free_port()
    with (folder / "streamlit.log").open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sitrep.app.serve", "run", str(script), "--server.port", str(port), "--server.address", "127.0.0.1"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, **env),
        )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("streamlit did not start within 60 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _serve(folder: Path, **env_extra: str):
    """Start the app on a free loopback port over a store in ``folder`` with an editor account; yields its URL."""
    env = dict(SITREP_DB=str(folder / "timeline.sqlite"), **env_extra)
    from sitrep.accounts import hash_password
    from sitrep.store import open_store

    store = open_store(env["SITREP_DB"])  # accounts as `sitrep users add` makes them
    store.add_user(EDITOR, "editor", hash_password(EDITOR_PASSWORD))
    store.add_user(PROXY_EDITOR, "editor", None)  # no password: only a trusted proxy signs it in
    with streamlit_server("app.py", folder, env) as url:
        yield url


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    yield from _serve(tmp_path_factory.mktemp("app"))


@pytest.fixture(scope="module")
def proxied_app_url(tmp_path_factory):
    """The app as served behind an authenticating proxy that sets X-Remote-User."""
    yield from _serve(tmp_path_factory.mktemp("proxied"), SITREP_AUTH_PROXY_HEADER="X-Remote-User")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        )  # fmt: skip
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page whose requests to anywhere but the loopback are aborted and recorded."""
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    blocked: list[str] = []

    def guard(route):
        host = urlparse(route.request.url).hostname or ""
        if host in LOOPBACK or route.request.url.startswith(("data:", "blob:")):
            return route.continue_()
        blocked.append(route.request.url)
        return route.abort()

    context.route("**/*", guard)
    p = context.new_page()
    p.blocked = blocked
    p.failed = []  # responses >= 400 and script errors: an offline page must not have any
    p.on("response", lambda r: p.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    p.on("pageerror", lambda e: p.failed.append(f"script error: {e}"))
    yield p
    context.close()


def shoot(page, tmp_path, name: str) -> None:
    """Screenshots go to the test's temp dir (and to SITREP_SCREENSHOTS when set, to look at)."""
    page.screenshot(path=str(tmp_path / name), full_page=True)
    if os.environ.get("SITREP_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SITREP_SCREENSHOTS"], name), full_page=True)


def the_map(page):
    frame = page.frame_locator("iframe[title*='st_folium']")
    frame.locator("[data-testid=map-legend]").wait_for(timeout=60_000)
    return frame


def test_overview_renders_offline_with_notice_and_chinese_text(app_url, page, tmp_path):
    page.goto(f"{app_url}/overview")
    page.get_by_text("Dingri (Tingri) earthquake, 7 January 2025").first.wait_for(timeout=60_000)
    page.get_by_text("Illustrative data.").first.wait_for(timeout=30_000)
    page.get_by_text("西藏日喀则市定日县6.8级地震", exact=False).first.wait_for(timeout=30_000)
    tables = page.locator("table")
    tables.get_by_text("base_stations", exact=True).wait_for(timeout=30_000)
    tables.get_by_text("中国地震台网中心", exact=True).wait_for(timeout=30_000)
    shoot(page, tmp_path, "overview.png")
    assert page.blocked == []


def test_situation_map_draws_offline_with_layers_legend_and_notice(app_url, page, tmp_path):
    page.goto(app_url)
    frame = the_map(page)
    frame.locator(".leaflet-control-layers").wait_for(timeout=10_000)
    frame.locator("canvas").first.wait_for(timeout=10_000)  # markers are drawn on a canvas
    frame.get_by_text("Cuoguo 措果乡").wait_for(timeout=10_000)  # township labels, in Chinese too
    page.get_by_text("Illustrative data.").first.wait_for(timeout=10_000)
    frame.locator("[data-testid=map-legend] summary").click()
    frame.get_by_text("Station out of service").wait_for(timeout=10_000)
    frame.locator(".leaflet-control-layers").hover()
    frame.get_by_text("Station status at the chosen time").wait_for(timeout=10_000)
    counts = _count_layers(page)
    assert counts["circles"] >= 751 + 177 + 13 + 10  # stations, villages, seats, water (epicentres are shapes: test_browser_map)
    assert counts["lines"] >= 20  # borders, rivers, county, rupture, band rings
    shoot(page, tmp_path, "situation.png")
    assert page.blocked == []
    assert [f for f in page.failed if "st_folium" in f or "component" in f or "script error" in f] == []


COUNT_LAYERS = """() => {
    var out = {circles: 0, lines: 0}, seen = new Set();
    Object.keys(window).forEach(function(k) {
        var v = window[k];
        if (v instanceof L.Map && !seen.has(v)) {
            seen.add(v);
            v.eachLayer(function(l) {
                if (l instanceof L.CircleMarker) { out.circles += 1; }
                else if (l instanceof L.Polyline) { out.lines += 1; }
            });
        }
    });
    return out;
}"""


def map_frame(page):
    """The map's iframe as a Frame (to evaluate JavaScript in it)."""
    return next(f for f in page.frames if "st_folium" in f.url)


def _count_layers(page) -> dict:
    """Leaflet layers on the map, counted inside the map's iframe."""
    return map_frame(page).evaluate(COUNT_LAYERS)


def upload(page, app_url: str, path) -> None:
    """Open the app and drop ``path`` on the sidebar's uploader, as a coordinator would."""
    page.goto(app_url)
    the_map(page)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(path))


def metric_value(page, label: str) -> str:
    box = page.locator("[data-testid=stMetric]").filter(has_text=label)
    return box.locator("[data-testid=stMetricValue]").inner_text()


def sign_in(page) -> None:
    """Sign in from the sidebar as the editor the app fixture created."""
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_text("Sign in to edit").click()
    sidebar.get_by_label("Account", exact=True).fill(EDITOR)
    sidebar.get_by_label("Password", exact=True).fill(EDITOR_PASSWORD)
    sidebar.get_by_role("button", name="Sign in").click()
    sidebar.get_by_text(f"Signed in as {EDITOR}").wait_for(timeout=30_000)


def test_an_update_entered_in_one_page_appears_in_another(app_url, browser, page, tmp_path):
    watcher = browser.new_page(viewport={"width": 1024, "height": 900})
    watcher.goto(app_url)
    the_map(watcher)
    assert metric_value(watcher, "Deaths") == "126"
    assert watcher.get_by_text("Add an update").count() == 0  # a viewer has no write control
    page.goto(app_url)
    the_map(page)
    sign_in(page)
    page.get_by_text("Add an update").click()
    page.get_by_label("Value", exact=True).fill("131")
    page.get_by_label("Source", exact=True).fill("Browser test desk")
    page.get_by_role("button", name="Add to the timeline").click()
    page.get_by_text("Added as record").wait_for(timeout=30_000)
    deadline = time.monotonic() + 10
    # entered at the page's time, beside the CNS briefing's 126 of that time: both stand (issue 13)
    while time.monotonic() < deadline and metric_value(watcher, "Deaths") != "131 or 126":
        time.sleep(0.25)
    shoot(watcher, tmp_path, "watcher.png")
    assert metric_value(watcher, "Deaths") == "131 or 126"  # within 10 s, no manual reload
    watcher.close()
    assert page.blocked == []


def test_a_bad_upload_is_a_clear_message_not_a_traceback(app_url, page, tmp_path):
    bad = tmp_path / "shelters.csv"
    bad.write_text("id,lon,lat\ns1,87.4,not-a-number\n")
    upload(page, app_url, bad)
    page.get_by_text("Could not use shelters.csv").wait_for(timeout=30_000)
    text = page.locator("[data-testid=stAlert]").filter(has_text="Could not use").inner_text()
    assert "row 1 (line 2), field 'lat': coordinate is 'not-a-number'; expected a number" in text
    assert "Traceback" not in page.content()


def test_a_hostile_upload_shows_one_line_and_no_server_paths(app_url, page, tmp_path):
    """JSON nested 100,000 deep raised RecursionError: the page showed a traceback with the
    server's file paths (issue 9)."""
    deep = tmp_path / "deep.geojson"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    upload(page, app_url, deep)
    page.get_by_text("Could not use deep.geojson").wait_for(timeout=30_000)
    text = page.locator("[data-testid=stAlert]").filter(has_text="Could not use").inner_text()
    assert text.strip() == "Could not use deep.geojson: nests JSON arrays or objects too deeply to read; expected GeoJSON (a few levels deep)"
    html = page.content()
    assert "Traceback" not in html and str(ROOT) not in html and "RecursionError" not in html
    assert page.locator("[data-testid=stException]").count() == 0


def test_an_unexpected_exception_shows_its_type_only(page, tmp_path):
    """With the project's .streamlit/config.toml (client.showErrorDetails = "type"), a bug shows
    no message, no traceback and no server path in the browser (issue 9)."""
    script = tmp_path / "boom.py"
    script.write_text('import streamlit as st\nst.title("before")\nraise RuntimeError("secret /srv/sitrep/path")\n')
    with streamlit_server(script, tmp_path, {"SITREP_DB": str(tmp_path / "t.sqlite")}) as url:
        page.goto(url)
        page.get_by_text("before").first.wait_for(timeout=30_000)
        page.locator("[data-testid=stException]").wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        html = page.content()
    assert "RuntimeError" in html
    assert "secret" not in html and "/srv/sitrep/path" not in html and str(tmp_path) not in html and "Traceback" not in html


VIEW = """() => { var m = Object.values(window).find(v => v instanceof L.Map); var c = m.getCenter();
                  return [Math.round(c.lat * 1e4) / 1e4, Math.round(c.lng * 1e4) / 1e4, m.getZoom()]; }"""


def test_moving_the_time_slider_keeps_the_users_view(app_url, page, tmp_path):
    page.goto(app_url)
    the_map(page)
    frame = map_frame(page)
    frame.evaluate("() => { Object.values(window).find(v => v instanceof L.Map).setView([28.62, 87.21], 11, {animate: false}); }")
    before = frame.evaluate(VIEW)
    assert metric_value(page, "Deaths") != "95"  # the latest record by default (issue 10; it was 19:00)
    set_slider(page, 83, "2025-01-07 16:00")  # 83 five-minute steps from the earthquake (09:05)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and metric_value(page, "Deaths") != "95":  # the cards follow the caption in the rerun
        time.sleep(0.25)
    assert metric_value(page, "Deaths") == "95"  # the page now shows 16:00
    frame = map_frame(page)
    assert frame.evaluate(VIEW) == before  # same map, same centre and zoom: updated in place
    shoot(page, tmp_path, "after_slider.png")


def set_slider(page, steps: int, shows: str) -> None:
    """Move the time slider to the earthquake (Home), then ``steps`` five-minute steps on, until the page ``shows`` that time."""
    caption = page.locator("[data-testid=stCaptionContainer]").filter(has_text="Nothing observed later is used")

    slider = page.get_by_role("slider").first

    def wait_for(done) -> None:  # a bound, not a measure: generous for a busy machine (xdist workers)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not done(caption.inner_text()):
            time.sleep(0.25)

    before = caption.inner_text()
    slider.focus()
    page.keyboard.press("Home")
    wait_for(lambda text: text != before)
    # The rerun re-renders the slider: keys pressed before the new one is at Home were lost (seen under load).
    wait_for(lambda _: slider.get_attribute("aria-valuenow") == slider.get_attribute("aria-valuemin"))
    slider.focus()
    for _ in range(steps):
        page.keyboard.press("ArrowRight")
    wait_for(lambda text: shows in text)
    assert shows in caption.inner_text()


def test_user_text_in_popups_is_escaped(app_url, page, tmp_path):
    evil = tmp_path / "evil.csv"
    evil.write_text('id,name,lon,lat\nx1,"<img src=x onerror=window.__xss=1>",87.45,28.55\n')
    upload(page, app_url, evil)
    page.get_by_text("evil.csv: 1 features added").wait_for(timeout=30_000)
    frame = map_frame(page)
    deadline = time.monotonic() + 20
    text = None
    while time.monotonic() < deadline and not text:
        frame = map_frame(page)
        text = frame.evaluate("""() => { var out = null; var m = Object.values(window).find(v => v instanceof L.Map);
            m.eachLayer(function(l) { if (l.getPopup && l.getPopup() && String(l.getPopup().getContent()).indexOf("onerror") >= 0) {
                l.openPopup(); out = document.querySelector(".leaflet-popup-content").innerText; } }); return out; }""")
        time.sleep(0.25)
    assert text is not None and "<img src=x onerror=window.__xss=1>" in text  # shown as text
    assert frame.evaluate("() => window.__xss") is None  # never run


def test_the_app_downloads_the_same_snapshot_as_the_cli(app_url, page, tmp_path):
    page.goto(app_url)
    the_map(page)
    set_slider(page, 119, "2025-01-07 19:00")  # 119 five-minute steps from the earthquake (09:05); the slider opens at the latest record
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and metric_value(page, "Deaths") != "126":
        time.sleep(0.25)
    page.get_by_role("button", name="HTML (interactive, offline)").click()  # renders it in the page run (errors shown there)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Download sitrep-dingri-2025-").click(timeout=60_000)
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert info.value.suggested_filename.startswith("sitrep-dingri-2025-20250107-1900-cenc")
    assert "Snapshot as of 2025-01-07 19:00 UTC+8" in text and "126 people" in text
    parser = __import__("tests.test_report", fromlist=["Resources"]).Resources()
    parser.feed(text)
    assert [u for u in parser.urls if u.startswith(("http:", "https:", "//"))] == []
    assert page.blocked == []


def test_a_usgs_event_file_becomes_a_solution_on_the_map(app_url, page):
    from .conftest import DATA

    upload(page, app_url, DATA / "usgs-summary-feed.geojson")
    page.get_by_text("2 epicentre solution(s) added").wait_for(timeout=30_000)
    page.get_by_text("USTEST0001 · mb 5.1").click()  # choose the aftershock as the source of the bands
    page.get_by_text("Distance bands from USTEST0001").wait_for(timeout=30_000)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and "Loaded epicentre solutions" not in map_frame(page).content():
        time.sleep(0.25)
    frame = page.frame_locator("iframe[title*='st_folium']")
    frame.locator(".leaflet-control-layers").hover()
    frame.get_by_text("Loaded epicentre solutions").wait_for(timeout=10_000)
    assert page.blocked == []


@pytest.mark.parametrize(("headers", "signed_in", "can_edit"), [
    ({"X-Remote-User": PROXY_EDITOR}, f"Signed in as {PROXY_EDITOR} · editor (by the proxy)", True),
    ({"X-Remote-User": "stranger"}, "Signed in as stranger · viewer (by the proxy)", False),  # no account: a viewer
    ({}, "Viewing only.", False),
])  # fmt: skip
def test_behind_a_trusted_proxy_its_user_header_decides_the_role(proxied_app_url, browser, headers, signed_in, can_edit):
    """SITREP_AUTH_PROXY_HEADER: the proxy's header names the user; their account gives the role."""
    context = browser.new_context(viewport={"width": 1024, "height": 800}, extra_http_headers=headers)
    try:
        p = context.new_page()
        p.goto(proxied_app_url)
        the_map(p)
        p.locator("[data-testid=stSidebar]").get_by_text(signed_in).wait_for(timeout=30_000)
        if can_edit:
            p.get_by_text("Add an update").first.wait_for(timeout=30_000)
        else:
            p.get_by_text("Live:").first.wait_for(timeout=30_000)  # the page's last element: the whole page is drawn
        assert (p.get_by_text("Add an update").count() == 1) is can_edit
    finally:
        context.close()


def test_without_the_proxy_setting_the_header_is_ignored(app_url, browser):
    """A client sending X-Remote-User to an app not configured for a proxy is still a viewer."""
    context = browser.new_context(viewport={"width": 1024, "height": 800}, extra_http_headers={"X-Remote-User": EDITOR})
    try:
        p = context.new_page()
        p.goto(app_url)
        the_map(p)
        p.locator("[data-testid=stSidebar]").get_by_text("Viewing only.").wait_for(timeout=30_000)
        p.get_by_text("Live:").first.wait_for(timeout=30_000)  # the page's last element: the whole page is drawn
        assert p.get_by_text("Add an update").count() == 0
    finally:
        context.close()


# --- the incident chooser and the address (issue 10) -----------------------------------------------


def _cli(home: Path, *args: str) -> None:
    """``sitrep ARGS`` in a subprocess with SITREP_HOME=``home``, as a user makes incidents."""
    env = dict(os.environ, SITREP_HOME=str(home), PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    subprocess.run([sys.executable, "-m", "sitrep.cli", *args], cwd=ROOT, env=env, check=True, capture_output=True)


@pytest.fixture
def two_incidents_url(tmp_path):
    """The app serving two incidents made with the CLI in a private SITREP_HOME: 'kaikoura' (its
    epicentre only, no exposure layer yet) and 'nepal-test' (with villages)."""
    home = tmp_path / "home"
    _cli(home, "incident", "new", "kaikoura", "--epicentre=-42.69,173.02", "--time", "2016-11-13T11:02:56Z",
         "--magnitude", "7.8", "--tz", "Pacific/Auckland")  # fmt: skip
    _cli(home, "incident", "new", "nepal-test", "--epicentre", "28.23,84.73", "--time", "2015-04-25T06:11:25Z",
         "--magnitude", "7.8", "--tz", "Asia/Kathmandu")  # fmt: skip
    _cli(home, "incident", "add", "nepal-test", str(ROOT / "tests" / "data" / "nepal-villages.csv"), "--kind", "villages",
         "--provenance", "reported", "--source", "test")  # fmt: skip
    with streamlit_server("app.py", tmp_path, {"SITREP_DB": str(tmp_path / "timeline.sqlite"), "SITREP_HOME": str(home)}) as url:
        yield url


def _chosen(page) -> str:
    """The incident the sidebar's chooser shows."""
    return page.locator("[data-testid=stSidebar]").get_by_role("combobox", name="Incident").input_value()


def test_choosing_an_incident_writes_it_to_the_address(two_incidents_url, page, tmp_path):
    """Issue 10 (a newcomer's find): the chooser showed B but the address stayed ?incident=A, so a
    reload or a shared link went back to A. The first incident has no exposure layer: its page
    shows the note, not a KeyError."""
    page.goto(f"{two_incidents_url}/?incident=kaikoura")
    page.get_by_text("Nothing to count yet", exact=False).first.wait_for(timeout=60_000)
    assert _chosen(page) == "kaikoura" and page.url.endswith("?incident=kaikoura")
    page.locator("[data-testid=stSidebar]").get_by_role("combobox", name="Incident").click()
    page.get_by_role("option", name="nepal-test").click()
    page.wait_for_function("() => location.search === '?incident=nepal-test'", timeout=60_000)  # the browser's address
    page.wait_for_url("**/?incident=nepal-test", timeout=60_000)  # and Playwright's view of it (it can lag a step)
    page.locator("table").get_by_text("50+ km").first.wait_for(timeout=60_000)  # its band table
    assert _chosen(page) == "nepal-test"
    page.wait_for_timeout(4_000)  # a live-update fragment run (every 3 s) has passed: nothing writes the old name back
    assert page.url.endswith("?incident=nepal-test") and page.evaluate("location.search") == "?incident=nepal-test"
    page.reload()
    page.locator("table").get_by_text("50+ km").first.wait_for(timeout=60_000)
    assert _chosen(page) == "nepal-test" and page.url.endswith("?incident=nepal-test")
    shoot(page, tmp_path, "incident-chosen.png")
    assert page.blocked == []
