"""The report's "Estimated shaking and impact" section: PAGER-style, labelled a model estimate, beside the reported deaths.

Fed by hand: a small synthetic MMIField and an ``assess()`` dict in the documented shape
(tests/test_intensity_present.py). Without them a report has no such section.
"""

from __future__ import annotations

import subprocess

import pandas as pd
import pytest

from sitrep.query import Epicentre
from sitrep.snapshot import build_snapshot
from sitrep.store import open_store
from tests.test_intensity_present import HOSTILE, cone_field, dingri_like

EVIL_LAYER = "shelters<img src=x onerror=alert(2)>{{ 6*7 }}"


def snapshot_at_2000(spec, layers, folder):
    """The bundled incident's snapshot at 20:00 local (126 deaths reported), from a fresh store in ``folder``."""
    store = open_store(str(folder / "timeline.sqlite"))
    return build_snapshot(spec, layers, store.records(), store.station_events(), as_of_time=pd.Timestamp("2025-01-07T20:00+08:00"),
                          solution=Epicentre.from_frame(layers["epicentres"], "cenc"), edges_km=(0, 10, 20, 50))  # fmt: skip


@pytest.fixture(scope="module")
def dingri_at_2000(scenario, tmp_path_factory):
    """The bundled incident at 20:00 local, when 126 deaths had been reported."""
    spec, layers = scenario
    return snapshot_at_2000(spec, layers, tmp_path_factory.mktemp("intensity")), spec, layers


def hostile_impact() -> dict:
    impact = dingri_like(
        model=HOSTILE,
        inputs={"magnitude": 7.1, "magnitude_type": "Mw", "epicentre": {"lat": 28.5, "lon": 87.45}, "rupture": None,
                "citation": "Yu, Wang & Zhang (2013) {{ 7*7 }}"},
        warnings=["magnitude 7.1 is beyond the <b>calibrated</b> range: extrapolated"],
        probabilities=[{"min": 0, "max": 1, "probability": 0.01, "color": "green"}, {"min": 100, "max": 1000, "probability": 0.36, "color": "orange"},
                       {"min": 1000, "max": None, "probability": 0.31, "color": "javascript:alert(4)"}],
    )  # fmt: skip
    impact["levels"][0]["rows"].append({"layer": EVIL_LAYER, "count": 3, "population": None})
    return impact


@pytest.fixture(scope="module")
def section_html(dingri_at_2000):
    from sitrep.report import render_html

    snap, spec, layers = dingri_at_2000
    return render_html(snap, spec, layers, interactive=False, field=cone_field(model=HOSTILE), impact=hostile_impact())


def section(page: str) -> str:
    """The section in the summary and, when there, its annex of inputs and limits (issue 13 moved them there: two A4 pages)."""
    parts = []
    for testid in ("intensity-section", "intensity-details"):
        if f'<section data-testid="{testid}">' in page:
            start = page.index(f'<section data-testid="{testid}">')
            parts.append(page[start : page.index("</section>", start)])
    return "\n".join(parts)


def test_the_section_leads_with_the_alert_word_the_estimate_and_the_reported_deaths(section_html):
    text = section(section_html)
    assert "<h2>Estimated shaking and impact</h2>" in text
    assert "PAGER alert: ORANGE" in text and "background: #ff9900" in text  # colour and word, never colour alone
    assert "model estimate, not a report" in text and "291 deaths (range 100-1,000)" in text
    assert "126 people · Dingri county" in text  # the reported figure, beside the estimate
    assert text.index("data-testid=\"fatality-estimate\"") < text.index("data-testid=\"reported-deaths\"")


def test_the_section_has_the_exposure_table_inputs_limits_and_warnings(section_html):
    text = section(section_html)
    table = text.split('data-testid="exposure-mmi"')[1].split("</table>")[0]
    assert [lv for lv in ("IX", "VIII", "VII") if f"</i>{lv}</td>" in table] == ["IX", "VIII", "VII"]
    assert "Villages 村庄 population" in table and "2,998" in table and "27,679" in table  # Chinese beside the romanised title
    assert "magnitude</td><td>Mw" in text and "28.5000N 87.4500E" in text and "country</td><td>CN" in text
    assert "LandScan" in text and "site effects" in text
    assert "beyond the &lt;b&gt;calibrated&lt;/b&gt; range" in text
    assert "36%" in text and "1,000+" in text


def test_hostile_model_layer_and_citation_text_is_escaped(section_html):
    """Model names, layer names, citations and warnings are data: escaped by autoescape, never a template, never a colour."""
    text = section(section_html)
    assert "yu2013 &lt;img src=x onerror=alert(1)&gt; {{7*7}}" in text
    assert "shelters&lt;img src=x onerror=alert(2)&gt;{{ 6*7 }} count" in text
    assert "Yu, Wang &amp; Zhang (2013) {{ 7*7 }}" in text
    assert "<img src=x" not in section_html and "javascript:" not in section_html and " 42 " not in text


def test_the_map_of_a_report_with_intensity_has_the_overlay(dingri_at_2000):
    from sitrep.report import render_html

    snap, spec, layers = dingri_at_2000
    page = render_html(snap, spec, layers, field=cone_field(), impact=dingri_like())
    assert "Estimated shaking (MMI) \\u00b7 model estimate" in page and "bringToBack" in page


def test_without_intensity_there_is_no_section(dingri_at_2000):
    from sitrep.report import render_html, render_markdown

    snap, spec, layers = dingri_at_2000
    assert "Estimated shaking" not in render_html(snap, spec, layers, interactive=False)
    assert "Estimated shaking" not in render_markdown(snap, spec, layers, map_file="m.png", timeline_file="t.png")


def test_a_field_alone_gives_its_levels_and_areas_and_no_fatality_block(dingri_at_2000):
    from sitrep.report import render_html

    snap, spec, layers = dingri_at_2000
    text = section(render_html(snap, spec, layers, interactive=False,
                               field=cone_field(source="shakemap", model="USGS ShakeMap us6000pi9w version 5", meta={"version": 5})))  # fmt: skip
    assert "USGS ShakeMap v5" in text and "PAGER alert" not in text and "predicted shaking" not in text
    assert "</i>X</td>" in text and "area km²" in text


def test_markdown_has_the_section_escaped(dingri_at_2000):
    from sitrep.report import render_markdown

    snap, spec, layers = dingri_at_2000
    md = render_markdown(snap, spec, layers, map_file="m.png", timeline_file="t.png", field=cone_field(model=HOSTILE), impact=hostile_impact())
    part = md.split("## Estimated shaking and impact")[1].split("## Map")[0]
    assert "**PAGER alert: ORANGE**" in part and "model estimate, not a report: **291 deaths (range 100-1,000)**" in part
    assert "| IX | violent | 411 |" in part and "<img" not in part


def test_the_pdf_shows_the_section(dingri_at_2000, tmp_path):
    from sitrep.report import render_pdf

    snap, spec, layers = dingri_at_2000
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render_pdf(snap, spec, layers, field=cone_field(model=HOSTILE), impact=hostile_impact()))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Estimated shaking and impact" in text and "PAGER alert: ORANGE" in text
    assert "291 deaths (range 100-1,000)" in text and "MODEL ESTIMATE, NOT A REPORT" in text
    assert "onerror=alert(1)> {{7*7}}" in text  # shown as text
    assert "村庄" in text


def test_the_static_map_draws_the_bands_under_the_points_with_a_legend(dingri_at_2000, monkeypatch):
    import matplotlib.axes

    from sitrep.report.figures import map_png

    snap = dingri_at_2000[0]
    legends = []
    original = matplotlib.axes.Axes.legend

    def spy(self, *args, **kwargs):
        legends.append(kwargs)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(matplotlib.axes.Axes, "legend", spy)
    png = map_png(snap, field=cone_field())
    assert png.startswith(b"\x89PNG")
    shaking = [k for k in legends if k.get("title") == "Estimated shaking (MMI)"]
    assert len(shaking) == 1
    labels = [h.get_label() for h in shaking[0]["handles"]]
    assert labels[:2] == ["MMI X extreme", "MMI IX violent"] and labels[-1].startswith("Model estimate: yu2013")
    assert [h.get_facecolor()[:3] for h in shaking[0]["handles"][1:2]] == [(1.0, 0.0, 0.0)]
    legends.clear()
    map_png(snap)
    assert [k for k in legends if k.get("title")] == []


def test_the_bundle_carries_the_section_and_the_exposure_table(dingri_at_2000, tmp_path):
    import csv
    import io
    import zipfile

    from sitrep.report.render import write_report

    snap, spec, layers = dingri_at_2000
    out = tmp_path / "b.zip"
    assert write_report(snap, spec, layers, out, "bundle", field=cone_field(), impact=dingri_like()) == [out]
    with zipfile.ZipFile(out) as z:
        assert "Estimated shaking and impact" in z.read("report.html").decode("utf-8")
        rows = list(csv.reader(io.StringIO(z.read("exposure_mmi.csv").decode("utf-8"))))
    assert rows[0][:3] == ["MMI", "shaking", "area km²"] and [r[0] for r in rows[2:]] == ["IX", "VIII", "VII"]
