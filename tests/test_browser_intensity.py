"""The shaking overlay as a coordinator sees it, in real Chromium with the network blocked.

A report's interactive map (the same folium elements the app shows) with a synthetic
model field whose name is hostile: the legend lists the levels and says "model
estimate", the overlay toggles with its legend, hovering names the level, nothing runs.
"""

from __future__ import annotations

import pytest

from tests.test_browser import browser, page  # noqa: F401 (fixtures)
from tests.test_intensity_present import HOSTILE, cone_field, dingri_like

pytestmark = pytest.mark.browser

FIND_MAP = """() => { for (const k of Object.keys(window)) { if (k.startsWith('map_') && window[k] instanceof L.Map) return k; } return null; }"""


@pytest.fixture(scope="module")
def report_page(scenario, tmp_path_factory):
    from sitrep.report import render_html
    from tests.test_report_intensity import snapshot_at_2000

    spec, layers = scenario
    snap = snapshot_at_2000(spec, layers, tmp_path_factory.mktemp("browser-intensity"))
    return render_html(snap, spec, layers, field=cone_field(model=HOSTILE), impact=dingri_like(model=HOSTILE))


def test_the_overlay_legend_toggle_and_tooltip(page, report_page, scenario):  # noqa: F811
    import shapely

    assert scenario[1]["county"].geometry.iloc[0].contains(shapely.Point(87.6, 28.3))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.set_content(report_page)
    frame = page.frame_locator("iframe[title=map]")
    legend = frame.locator("[data-testid=intensity-legend]")
    legend.wait_for(timeout=30_000)
    text = legend.inner_text()
    assert "IX violent" in text and "VIII severe" in text and "model estimate, not observed shaking" in text
    assert f"Model estimate: {HOSTILE}" in text  # the hostile name, as text
    inner = next(f for f in page.frames if f != page.main_frame)
    name = inner.evaluate(FIND_MAP)
    # hover a spot inside the county (whose outline is filled) with no marker: the tooltip names the level there
    # (MMI 9.8 - 8 x 0.25 = 7.8: VIII)
    page.locator("iframe[title=map]").scroll_into_view_if_needed()
    box = page.locator("iframe[title=map]").bounding_box()
    inner.evaluate(f"() => {{ window['{name}'].setView([28.6, 87.5], 9, {{animate: false}}); return null; }}")
    xy = inner.evaluate(f"() => window['{name}'].latLngToContainerPoint([28.3, 87.6])")
    page.mouse.move(box["x"] + xy["x"], box["y"] + xy["y"])
    page.mouse.move(box["x"] + xy["x"] + 1, box["y"] + xy["y"] + 1)
    tip = frame.locator(".leaflet-tooltip")
    tip.first.wait_for(timeout=10_000)
    assert tip.first.inner_text().startswith("MMI VIII · severe shaking")
    # the layer control hides the overlay and its legend together, and brings both back
    frame.locator(".leaflet-control-layers").hover()
    box_input = frame.locator(".leaflet-control-layers-overlays label", has_text="Estimated shaking (MMI)").locator("input")
    box_input.click()
    legend.wait_for(state="detached", timeout=5_000)
    box_input.click()
    legend.wait_for(timeout=5_000)
    assert dialogs == [] and page.blocked == [] and page.failed == []
