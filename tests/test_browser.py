"""What a coordinator sees, in real headless Chromium (Debian's), with the outside network blocked.

The app runs as `streamlit run app.py` on a free loopback port; Playwright drives
/usr/bin/chromium (never a downloaded browser). Every request to a host other than
the loopback is aborted and recorded; the tests assert there were none.
"""

from __future__ import annotations

import os
import shutil
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

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip("Debian chromium is not installed (make test installs it)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    port = _free_port()
    log = (tmp_path_factory.mktemp("app") / "streamlit.log").open("w")
    streamlit = shutil.which("streamlit", path=str(Path(sys.executable).parent)) or "streamlit"
    proc = subprocess.Popen(
        [streamlit, "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("streamlit did not start within 60 s")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


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
    yield p
    context.close()


def test_overview_renders_offline_with_notice_and_chinese_text(app_url, page, tmp_path):
    page.goto(app_url)
    page.get_by_text("Dingri (Tingri) earthquake, 7 January 2025").first.wait_for(timeout=60_000)
    page.get_by_text("Illustrative data.").first.wait_for(timeout=30_000)
    page.get_by_text("西藏日喀则市定日县6.8级地震", exact=False).first.wait_for(timeout=30_000)
    tables = page.locator("table")
    tables.get_by_text("base_stations", exact=True).wait_for(timeout=30_000)
    tables.get_by_text("中国地震台网中心", exact=True).wait_for(timeout=30_000)
    page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)
    if os.environ.get("SITREP_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SITREP_SCREENSHOTS"], "overview.png"), full_page=True)
    assert page.blocked == []
