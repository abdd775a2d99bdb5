"""What a coordinator reads in the cards and charts, in real Chromium (offline), on a laptop and a phone.

Issue 13: the charts' time axes carry dates (day and month on the labels, the year in the
title); the station cards say that the sources' early counts are superseded by the station
events, with their age; the cards state which time "as of" uses.
"""

import re
from urllib.parse import urlparse

import pytest

from tests.test_browser import LOOPBACK, app_url, browser, shoot  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

VIEWPORTS = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(VIEWPORTS))
def sized_page(request, browser):  # noqa: F811
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    context.route("**/*", lambda route: route.continue_() if (urlparse(route.request.url).hostname or "") in LOOPBACK
                  or route.request.url.startswith(("data:", "blob:")) else route.abort())  # fmt: skip
    page = context.new_page()
    page.viewport_name = request.param
    yield page
    context.close()


def open_situation(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text("Over time", exact=False).first.wait_for(timeout=90_000)
    page.locator("[data-testid=stVegaLiteChart] svg").nth(1).wait_for(timeout=60_000)


def test_chart_axes_are_dated(app_url, sized_page, tmp_path):  # noqa: F811
    open_situation(sized_page, app_url)
    charts = sized_page.locator("[data-testid=stVegaLiteChart]")
    for i in range(2):
        labels = charts.nth(i).locator("svg .role-axis-label text").all_text_contents()
        times = [t for t in labels if re.fullmatch(r"\d\d [A-Z][a-z]{2} \d\d:\d\d", t)]
        assert times, f"chart {i}: no dated label among {labels}"
        assert all(re.search(r"\d\d:\d\d", t) is None or re.fullmatch(r"\d\d [A-Z][a-z]{2} \d\d:\d\d", t) for t in labels)
        title = " ".join(charts.nth(i).locator("svg .role-axis-title text").all_text_contents())
        assert "2025" in title, title
    shoot(sized_page, tmp_path, f"cards-{sized_page.viewport_name}.png")


def test_station_cards_say_what_the_events_superseded(app_url, sized_page):  # noqa: F811
    open_situation(sized_page, app_url)
    text = sized_page.locator("[data-testid=stMain]").inner_text()
    assert re.search(r"China Mobile: 177 \(.*\) vs 56 \(China Consumer News, [^)]*\), .* old; since superseded by station events: \d+", text)
    assert "figures observed by the as-of time" in text
