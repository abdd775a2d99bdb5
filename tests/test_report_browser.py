"""Issue 13, in real Chromium (offline): a report opened on a phone (390 px) and a laptop (1,366 px) never
scrolls sideways (its tables scroll inside their own boxes), and a snapshot downloaded from the app lists
the uploaded layer in its manifest with the file's SHA-256, as the CLI's lists its input files."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlparse

import pytest

from tests.test_browser import LOOPBACK, app_url, browser, page, upload  # noqa: F401 (fixtures)
from tests.test_report_sitrep import snapshot, timeline  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser

VIEWPORTS = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
LONG = "https://example.org/a-very-long-source-address-without-any-break-" + "x" * 120


@pytest.fixture(scope="module")
def report_file(scenario, timeline, tmp_path_factory):  # noqa: F811
    """An interactive HTML report with notes, a long unbroken source address and --since: every section filled."""
    from sitrep.report import render_html
    from tests.test_report_sitrep import NOTES

    spec, layers = scenario
    notes = NOTES.copy()
    notes.loc[0, "source_url"] = LONG
    path = tmp_path_factory.mktemp("report-browser") / "report.html"
    path.write_text(render_html(snapshot(scenario, timeline, notes=notes), spec, layers), encoding="utf-8")
    return path


@pytest.fixture(params=list(VIEWPORTS))
def sized_page(request, browser):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    blocked: list[str] = []

    def guard(route):
        url = route.request.url
        if (urlparse(url).hostname or "") in LOOPBACK or url.startswith(("data:", "blob:", "about:")):
            return route.continue_()
        blocked.append(url)
        return route.abort()

    context.route("**/*", guard)
    p = context.new_page()
    p.blocked = blocked
    p.viewport_name = request.param
    yield p
    context.close()


def test_a_report_never_scrolls_sideways(report_file, sized_page):
    """Issue 13: on a phone the report's tables overflowed sideways; now the page is as wide as the screen."""
    sized_page.set_content(report_file.read_text(encoding="utf-8"))
    sized_page.frame_locator("iframe.map").locator(".leaflet-control-layers").wait_for(timeout=30_000)
    width = sized_page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1] + 1, f"{sized_page.viewport_name}: page {width[0]} px wide in a {width[1]} px window"
    wide = sized_page.evaluate("""() => Array.from(document.querySelectorAll('table')).filter(t => t.getBoundingClientRect().right
        > window.innerWidth + 1 && !(t.parentElement.classList.contains('scroll'))).length""")
    assert wide == 0  # a table wider than the screen scrolls inside its own box
    assert sized_page.blocked == []


def test_the_app_snapshot_lists_an_uploaded_layer_with_its_sha256(app_url, page, tmp_path):  # noqa: F811
    """The Situation page's snapshot manifest names the uploaded file and its SHA-256."""
    content = b"name,lon,lat\nCamp A,87.40,28.55\n"
    path = tmp_path / "shelters.csv"
    path.write_bytes(content)
    upload(page, app_url, path)
    page.get_by_text("shelters.csv: 1 features added").wait_for(timeout=30_000)
    page.get_by_role("button", name="HTML (interactive, offline)").click()
    with page.expect_download(timeout=90_000) as info:
        page.get_by_role("button", name="Download sitrep-dingri-2025-").click(timeout=90_000)
    saved = tmp_path / "snapshot.html"
    info.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    digest = hashlib.sha256(content).hexdigest()
    row = re.search(r"<tr><td>shelters\.csv <span class=\"small\">\(uploaded in the app\)</span></td><td class=\"mono\">([0-9a-f]{64})</td></tr>", text)
    assert row is not None and row.group(1) == digest
    assert page.blocked == []
