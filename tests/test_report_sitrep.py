"""Issue 13: a report a briefer can send as is - every metric known at T, grouped, with units and
qualifiers; unit changes said as such; conflicts and superseded figures shown honestly; timeline
notes in their sections; sources, data notice, manifest; a summary of two A4 pages, annexes after.

Fed from a small timeline written here (a free-form metric, a unit change, a conflict, figures
observed after T) over the bundled incident's layers.
"""

from __future__ import annotations

import subprocess

import pandas as pd
import pytest

from sitrep.query import Epicentre
from sitrep.records import validate_record, validate_station_event
from sitrep.snapshot import build_snapshot, figure_changes, metric_group
from sitrep.store import open_store

T = pd.Timestamp("2025-01-07T20:00+08:00")
SINCE = pd.Timestamp("2025-01-07T16:00+08:00")
HOSTILE = "{{7*7}} <img src=x onerror=alert(1)> ![x](http://evil)"

#: (metric, value, unit, scope, observed, source[, qualifier]); the last two are observed after T and must appear nowhere
TIMELINE = [
    ("deaths", "53", "people", "", "2025-01-07T12:30+08:00", "Relief HQ via Xinhua"),
    ("deaths", "95", "people", "", "2025-01-07T15:00+08:00", "Relief HQ via Xinhua"),
    ("injured", "130", "people", "", "2025-01-07T15:00+08:00", "Relief HQ via Xinhua"),
    ("injured", "135", "people", "", "2025-01-07T15:30+08:00", "Unverified outlet"),  # disagrees within 90 minutes
    ("houses_collapsed", "1000", "houses", "", "2025-01-07T15:00+08:00", "County briefing", "more-than"),
    ("houses_collapsed", "3609", "households", "", "2025-01-07T19:00+08:00", "Xinhua / China Daily"),  # unit changed
    ("houses_damaged", "27248", "houses", "", "2025-01-07T19:30+08:00", "CNS briefing"),  # free-form metric
    ("roads_blocked", "12", "km", "", "2025-01-07T19:40+08:00", "Transport bureau"),  # free-form infrastructure
    ("aid_tonnes", "40", "t", "", "2025-01-07T19:45+08:00", "Red Cross", "about"),  # free-form, no group: "other"
    ("stations_out", "177", "stations", "China Mobile", "2025-01-07T09:05+08:00", "China Mobile Tibet"),
    ("deaths", "126", "people", "", "2025-01-07T21:00+08:00", "Later source"),  # after T
    ("houses_damaged", "99999", "houses", "", "2025-01-07T22:00+08:00", "Later source"),  # after T
]


def notes_frame(rows) -> pd.DataFrame:
    """Timeline notes as ``Store.notes()`` returns them (UTC times)."""
    cols = ["id", "section", "text", "observed_at", "reported_at", "source", "source_url", "author", "entered_at"]
    frame = pd.DataFrame([dict(zip(cols, (i + 1, *r))) for i, r in enumerate(rows)], columns=cols)
    for c in ("observed_at", "reported_at", "entered_at"):
        frame[c] = pd.to_datetime(frame[c], utc=True)
    return frame


NOTES = notes_frame([
    ("highlight", "Search and rescue ended in the epicentral townships", "2025-01-07T18:00+08:00", None, "Relief HQ", "", "desk", "2025-01-07T18:10+08:00"),
    ("response", "1,500 rescuers and 60 heavy machines deployed", "2025-01-07T17:00+08:00", None, "Ministry of Emergency Management",
     "https://www.mem.gov.cn/example", "desk", "2025-01-07T17:10+08:00"),
    ("needs", "Winter tents, stoves and quilts for 30,000 people", "2025-01-07T18:30+08:00", None, "Red Cross", "", "desk", "2025-01-07T18:40+08:00"),
    ("gaps", "No access yet to two villages in the north", "2025-01-07T19:30+08:00", None, "County office", "", "desk", "2025-01-07T19:35+08:00"),
    ("next_update", "Next press conference 2025-01-08 10:00", "2025-01-07T19:50+08:00", None, "Relief HQ", "", "desk", "2025-01-07T19:55+08:00"),
    ("contacts", "Duty desk: +86 892 000 0000", "2025-01-07T12:00+08:00", None, "sitrep desk", "", "desk", "2025-01-07T12:05+08:00"),
    ("gaps", f"Hostile gap {HOSTILE}", "2025-01-07T19:00+08:00", None, f"Source {HOSTILE}", "javascript:alert(2)", "desk",
     "2025-01-07T19:05+08:00"),
    ("needs", "A NEED OBSERVED AFTER T", "2025-01-07T20:30+08:00", None, "Later source", "", "desk", "2025-01-07T20:35+08:00"),
])  # fmt: skip


@pytest.fixture(scope="module")
def timeline(scenario, tmp_path_factory):
    """A store holding :data:`TIMELINE` and a few station events (two outages, one restoration at 18:00)."""
    folder = tmp_path_factory.mktemp("sitrep-report")
    store = open_store(str(folder / "t.sqlite"), seed=False)
    now = pd.Timestamp("2025-01-10T00:00Z")
    store.append([validate_record({"metric": m, "value": v, "unit": u, "scope": s or "Dingri county", "observed_at": at, "source": src,
                                   "qualifier": q[0] if q else ""}, now=now) for m, v, u, s, at, src, *q in TIMELINE])  # fmt: skip
    ids = list(scenario[1]["base_stations"]["id"][:2])
    store.append([
        validate_station_event({"station_id": ids[0], "status": "out", "at": "2025-01-07T09:10+08:00", "source": "operator log"}, now=now),
        validate_station_event({"station_id": ids[1], "status": "out", "at": "2025-01-07T09:10+08:00", "source": "operator log"}, now=now),
        validate_station_event({"station_id": ids[0], "status": "restored", "at": "2025-01-07T18:00+08:00", "source": "operator log"}, now=now),
    ])  # fmt: skip
    return store


def snapshot(scenario, store, *, notes=NOTES, since=SINCE, **kw):
    spec, layers = scenario
    return build_snapshot(spec, layers, store.records(), store.station_events(), as_of_time=T, since=since, notes=notes,
                          solution=Epicentre.from_frame(layers["epicentres"], "cenc"), edges_km=(0, 10, 20, 50), **kw)  # fmt: skip


@pytest.fixture(scope="module")
def snap(scenario, timeline):
    return snapshot(scenario, timeline)


@pytest.fixture(scope="module")
def page(scenario, snap):
    from sitrep.report import render_html

    spec, layers = scenario
    return render_html(snap, spec, layers, interactive=False)


@pytest.fixture(scope="module")
def pdf(scenario, snap, tmp_path_factory):
    """The PDF (no shaking section), written once; its pages as text (pdftotext, one string per page)."""
    from sitrep.report import render_pdf

    spec, layers = scenario
    path = tmp_path_factory.mktemp("pdf") / "r.pdf"
    path.write_bytes(render_pdf(snap, spec, layers))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return path, text.split("\f")


def part(page: str, testid: str) -> str:
    start = page.index(f'data-testid="{testid}"')
    return page[start : page.index("</section>", start)]


# --- every metric, grouped, with units -----------------------------------------------------------------


def test_metrics_are_grouped_by_the_words_of_their_name_and_unit():
    assert metric_group("deaths", "people") == metric_group("evacuated", "people") == "people"
    assert metric_group("houses_damaged", "houses") == metric_group("households_collapsed", "households") == "housing"
    assert metric_group("stations_out", "stations") == metric_group("dams_damaged", "dams") == "infrastructure"
    assert metric_group("aid_tonnes", "t") == "other"


def test_every_metric_known_at_t_is_in_the_snapshot_and_nothing_later(snap):
    """Issue 13: KEY_METRICS limited the report to seven metrics; houses_damaged 27,248 was dropped."""
    current = snap.key_figures
    assert set(current["metric"]) == {"deaths", "injured", "houses_collapsed", "houses_damaged", "roads_blocked", "aid_tonnes", "stations_out"}
    assert (current["observed_at"] <= T).all() and 99999 not in set(current["value"]) and 126 not in set(current["value"])
    assert list(dict.fromkeys(current["group"])) == ["people", "housing", "infrastructure", "other"]
    assert (snap.notes["observed_at"] <= T).all() and "A NEED OBSERVED AFTER T" not in set(snap.notes["text"])


def test_every_metric_appears_in_the_html_with_its_unit_grouped(page):
    figures = part(page, "key-figures")
    for text in ("95 people", "27,248 houses", "3,609 households", "about 40 t", "Houses damaged", "Aid tonnes"):
        assert text in figures, text
    groups = [g for g in ("Casualties and people affected", "Housing", "Other figures") if g in figures]
    assert groups == ["Casualties and people affected", "Housing", "Other figures"]
    assert figures.index("Casualties and people") < figures.index("95 people") < figures.index("Housing") < figures.index("27,248 houses")
    infrastructure = part(page, "infrastructure")
    assert "12 km" in infrastructure and "Roads blocked" in infrastructure


def test_a_conflict_keeps_both_values_and_both_sources(page):
    figures = part(page, "key-figures")
    assert "130 people" in figures and "135 people" in figures
    assert "Relief HQ via Xinhua" in figures and "Unverified outlet" in figures
    assert figures.count("conflicting reports") == 2
    headline = part(page, "headline")
    assert "130 people (Relief HQ via Xinhua) / 135 people (Unverified outlet) - sources disagree" in headline


def test_a_count_older_than_the_station_events_is_not_shown_as_current(snap, page):
    """China Mobile's 177 (09:05) predates the station events' latest change (18:00): shown as superseded, with its age."""
    row = snap.key_figures[snap.key_figures["metric"] == "stations_out"].iloc[0]
    assert row["superseded_by"] == "station events"
    infrastructure = part(page, "infrastructure")
    assert "not current (10 h 55 min old): since superseded by station events: 1 out at 18:00" in infrastructure
    assert 'class="superseded"' in infrastructure
    assert "177 stations" not in part(page, "headline")


def test_a_unit_change_is_said_as_such_not_as_a_new_figure(snap, page):
    """Issue 13: 1,000 houses -> 3,609 households read "- -> 3,609 new" (the change joined on the unit)."""
    changes = figure_changes(snap.history.drop(columns="corrected"), SINCE, T)
    row = changes[changes["metric"] == "houses_collapsed"].iloc[0]
    assert row["kind"] == "unit changed" and pd.isna(row["change"]) and (row["unit_t0"], row["unit_t1"]) == ("houses", "households")
    section = part(page, "changes")
    assert "unit changed: more than 1,000 houses -&gt; 3,609 households" in section  # the qualifier travels with its figure
    assert "<td>new</td>" in section  # houses_damaged, first reported after --since, is new
    assert "Base stations (from station events): out 2 -&gt; 1 (-1), restored 0 -&gt; 1 (+1)." in section


# --- the structure ---------------------------------------------------------------------------------------


def test_the_sections_come_in_the_order_of_a_sitrep(page):
    order = ["headline", "key-figures", "affected", "infrastructure", "response", "needs", "gaps", "changes", "next-update", "contacts",
             "data-notice", "sources", "annex-map", "annex-places", "annex-history", "manifest"]  # fmt: skip
    positions = [page.index(f'data-testid="{t}"') for t in order]
    assert positions == sorted(positions)


def test_the_header_gives_each_solution_with_magnitude_agency_origin_and_depth(page):
    header = page[page.index("<header>") : page.index("</header>")]
    assert "西藏日喀则市定日县6.8级地震" in header
    for agency, magnitude in (("CENC", "Ms 6.8"), ("USGS", "Mww 7.1"), ("NCS", "M 7.1")):
        assert f"<td>{agency}" in header and f"<td>{magnitude}</td>" in header
    assert "2025-01-07 01:05:16 UTC" in header and "2025-01-07 09:05 UTC+8" in header and "<td>10 km</td>" in header
    assert "Snapshot as of 2025-01-07 20:00 UTC+8" in header and "(2025-01-07 12:00 UTC)" in header
    assert '"As of" means observed by this time' in header


def test_notes_fill_their_sections_with_source_and_local_time(page):
    assert "Search and rescue ended" in part(page, "headline")
    response = part(page, "response")
    assert "1,500 rescuers" in response and "Ministry of Emergency Management" in response and "https://www.mem.gov.cn/example" in response
    assert "2025-01-07 17:00 UTC+8" in response
    assert "Winter tents" in part(page, "needs") and "No access yet" in part(page, "gaps")
    assert "Next press conference" in part(page, "next-update") and "Duty desk" in part(page, "contacts")
    assert "A NEED OBSERVED AFTER T" not in page


def test_an_empty_section_says_so(scenario, timeline):
    from sitrep.report import render_html

    spec, layers = scenario
    page = render_html(snapshot(scenario, timeline, notes=None), spec, layers, interactive=False)
    assert "No note entered by this time." in part(page, "needs")


def test_sources_list_every_source_cited_once_with_its_url(page):
    sources = part(page, "sources")
    for source in ("Relief HQ via Xinhua", "Unverified outlet", "CNS briefing", "Ministry of Emergency Management", "operator log",
                   "USGS event us6000pi9w", "Red Cross"):  # fmt: skip
        assert sources.count(source) == 1, source
    assert "https://earthquake.usgs.gov/earthquakes/eventpage/us6000pi9w" in sources
    assert "Later source" not in sources


def test_the_data_notice_says_which_positions_are_illustrative(page):
    notice = part(page, "data-notice")
    assert "Illustrative positions in: <b>Villages 村庄</b> (166 synthetic, 11 approximate)" in notice
    assert 'data-testid="provenance-notice">⚠ <b>Illustrative data.</b>' in page  # and the incident's notice, at the top


def test_hostile_text_in_notes_and_sources_is_escaped_everywhere(scenario, timeline, page):
    """Notes and their sources are data: never markup, never a template, never a link."""
    from sitrep.report import render_markdown

    assert "<img src=x" not in page and "{{7*7}} &lt;img src=x onerror=alert(1)&gt; ![x](http://evil)" in part(page, "gaps")
    assert "Source {{7*7}} &lt;img" in part(page, "sources") and " 49 " not in page
    assert 'href="javascript' not in page and "<a " not in page
    spec, layers = scenario
    md = render_markdown(snapshot(scenario, timeline), spec, layers, map_file="m.png", timeline_file="t.png")
    assert "<img" not in md and "![x](" not in md and "\\!\\[x\\](http:" in md


# --- the PDF ----------------------------------------------------------------------------------------------


def test_the_pdf_has_every_metric_known_at_t_with_its_value_and_nothing_later(pdf):
    """Issue 13: the PDF as text holds every figure known at T (free-form metrics and unit changes included)."""
    text = "\n".join(pdf[1])
    for value in ("95 people", "130 people", "135 people", "3,609 households", "27,248 houses", "12 km", "about 40 t", "177 stations"):
        assert value in text, value
    assert "unit changed: more than 1,000 houses -> 3,609 households" in " ".join(text.split())
    for later in ("126 people", "99,999", "Later source", "A NEED OBSERVED AFTER T"):
        assert later not in text, later


def test_the_summary_fits_on_two_pages_and_the_annexes_follow(pdf):
    pages = pdf[1]
    assert "Headline" in pages[0] and "Key figures" in pages[0]
    assert "Data notice" in pages[1] and "Next update" in pages[1]
    assert "Sources" in pages[2] and "Sources" not in pages[0] + pages[1]
    assert any("Annex A · Map and timeline" in p for p in pages[2:])


def test_the_pdf_has_a_drawn_map_page(pdf, tmp_path):
    """The map annex's page rendered to PNG is a drawn map (tests/test_report_map.py checks its frame holds the county)."""
    import numpy as np
    from PIL import Image

    path, pages = pdf
    n = next(i for i, p in enumerate(pages) if "Annex A · Map and timeline" in p) + 1
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(n), "-l", str(n), str(path), str(tmp_path / "map")], check=True)
    grey = np.asarray(Image.open(next(tmp_path.glob("map*.png"))).convert("L"))
    assert (grey < 200).mean() > 0.05  # a drawn map, not an empty page


# --- the manifest -----------------------------------------------------------------------------------------


def test_an_uploaded_layer_is_in_the_manifest_with_its_sha256(scenario, timeline):
    """Issue 13: the app's snapshot manifest listed no uploaded layer (the CLI's lists its --layer files).

    The Situation page passes each upload in use, (file name, bytes), to build_snapshot; the browser
    test in tests/test_report_browser.py follows one through the page."""
    import hashlib

    from sitrep.report import render_html

    spec, layers = scenario
    content = b"name,lon,lat\nCamp A,87.40,28.55\n"
    name = "shelters<img src=x>{{7*7}}.csv"
    snap = snapshot(scenario, timeline, uploads=[(name, content)])
    entry = [f for f in snap.manifest["inputs"] if f.get("uploaded")]
    assert entry == [{"path": name, "sha256": hashlib.sha256(content).hexdigest(), "uploaded": True}]
    page = render_html(snap, spec, layers, interactive=False)
    assert 'shelters&lt;img src=x&gt;{{7*7}}.csv <span class="small">(uploaded in the app)</span>' in page
    assert hashlib.sha256(content).hexdigest() in page


def test_sitrep_report_takes_the_stores_notes_and_qualifiers(run_cli, scenario, tmp_path):
    """`sitrep report` reads the timeline's notes (Store.notes) and shows each figure with its qualifier; nothing observed after T."""
    from sitrep.records import validate_note

    db = tmp_path / "t.sqlite"
    store = open_store(str(db))  # the bundled incident's seed, plus:
    now = pd.Timestamp("2025-01-10T00:00Z")
    store.append([
        validate_record({"metric": "relocated", "value": "30,400+", "observed_at": "2025-01-07T19:30+08:00", "source": "Xinhua"}, now=now),
        validate_note({"section": "needs", "text": "Tents <b>and</b> stoves", "observed_at": "2025-01-07T19:00+08:00",
                       "source": "Red Cross", "source_url": "https://example.org/needs"}, now=now),
        validate_note({"section": "response", "text": "LATER RESPONSE", "observed_at": "2025-01-07T21:00+08:00", "source": "HQ"}, now=now),
    ])  # fmt: skip
    out = tmp_path / "r.html"
    assert run_cli("report", "--as-of", "2025-01-07T20:00+08:00", "--no-intensity", "--db", db, "--out", out).code == 0
    page = out.read_text(encoding="utf-8")
    needs = part(page, "needs")
    assert "Tents &lt;b&gt;and&lt;/b&gt; stoves" in needs and "Red Cross" in needs and "https://example.org/needs" in needs
    assert "2025-01-07 19:00 UTC+8" in needs
    assert "LATER RESPONSE" not in page
    assert "at least 30,400 people" in part(page, "key-figures")


def test_a_hostile_layer_name_is_escaped_in_every_new_section(scenario, timeline):
    """A user's layer name is data in the data notice, the layer annex and the band table: escaped, never markup or a template."""
    import geopandas as gpd
    from shapely.geometry import Point

    from sitrep.report import render_html, render_markdown

    spec, layers = scenario
    camp = gpd.GeoDataFrame({"name": [HOSTILE]}, geometry=[Point(87.40, 28.55)], crs="EPSG:4326")
    snap = snapshot(scenario, timeline, extra_layers={HOSTILE: camp})
    page = render_html(snap, spec, layers, interactive=False)
    escaped = "{{7*7}} &lt;img src=x onerror=alert(1)&gt; ![x](http://evil)"
    assert escaped in part(page, "data-notice") or escaped in part(page, "manifest")
    assert escaped in part(page, "manifest") and escaped in part(page, "affected")
    assert "<img src=x" not in page and " 49 " not in page
    md = render_markdown(snap, spec, layers, map_file="m.png", timeline_file="t.png")
    assert "<img" not in md and "](http://evil)" not in md


def test_a_qualified_figure_has_no_computed_difference():
    """"more than 1,000" -> "more than 1,200" is not +200: the change is said, not subtracted (as the cards do)."""
    from sitrep.report.render import _changes

    t = pd.Timestamp
    records = pd.DataFrame({
        "id": [1, 2, 3, 4], "metric": ["houses_collapsed", "houses_collapsed", "deaths", "deaths"], "scope": ["c"] * 4,
        "value": [1000.0, 1200.0, 53.0, 95.0], "unit": ["houses", "houses", "people", "people"],
        "qualifier": ["more-than", "more-than", "", ""], "source": ["a"] * 4, "corrects": [None] * 4,
        "observed_at": [t("2025-01-07T05:00Z"), t("2025-01-07T09:00Z"), t("2025-01-07T05:00Z"), t("2025-01-07T09:00Z")],
        "reported_at": [pd.NaT] * 4, "entered_at": [t("2025-01-07T10:00Z")] * 4,
    })  # fmt: skip
    changes = figure_changes(records, t("2025-01-07T06:00Z"), t("2025-01-07T10:00Z")).set_index("metric")
    assert pd.isna(changes.loc["houses_collapsed", "change"]) and changes.loc["deaths", "change"] == 42

    class Snap:  # what _changes reads
        pass

    snap = Snap()
    snap.changes = changes.reset_index()
    rows = {r["metric"]: r for r in _changes(snap)}
    assert rows["houses_collapsed"]["change"] == "qualified: no exact difference"
    assert rows["houses_collapsed"]["before"] == "more than 1,000 houses" and rows["deaths"]["change"] == "+42"
