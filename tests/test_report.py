"""Snapshot reports say exactly what was known at T, open anywhere offline, and are safe."""

import csv
import hashlib
import io
import json
import subprocess
import zipfile
from html.parser import HTMLParser

import geopandas as gpd
import pandas as pd
import pytest

from sitrep.io import load_scenario
from sitrep.query import Epicentre
from sitrep.snapshot import build_snapshot
from sitrep.store import open_store

AT_1600 = "2025-01-07T16:00+08:00"


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Every format of the 16:00 snapshot, written once through the CLI."""
    import os

    from sitrep.cli import main

    folder = tmp_path_factory.mktemp("reports")
    os.environ["SITREP_DB"] = str(folder / "timeline.sqlite")
    for name in ("r.html", "r.pdf", "r.md", "r.zip"):
        assert main(["report", "--as-of", AT_1600, "--since", "2025-01-07T12:30+08:00", "--out", str(folder / name)]) == 0
    return folder


def test_the_snapshot_holds_nothing_observed_after_t():
    spec, layers = load_scenario()
    store = open_store()
    t = pd.Timestamp(AT_1600)
    snap = build_snapshot(spec, layers, store.records(), store.station_events(), as_of_time=t,
                          solution=Epicentre.from_frame(layers["epicentres"], "cenc"), edges_km=(0, 10, 20, 50))  # fmt: skip
    assert (snap.history["observed_at"] <= t).all() and (snap.key_figures["observed_at"] <= t).all()
    assert (snap.events["at"] <= t).all()
    deaths = snap.key_figures[snap.key_figures["metric"] == "deaths"]
    assert list(deaths["value"]) == [95]


def test_html_at_1600_shows_95_dead_130_injured_and_none_of_the_1900_figures(reports):
    text = (reports / "r.html").read_text(encoding="utf-8")
    assert "95 people" in text and "130 people" in text
    assert "126 people" not in text and "188 people" not in text and "30,400" not in text
    assert "Snapshot as of 2025-01-07 16:00 UTC+8" in text and "2025-01-07 08:00 UTC" in text
    assert "Illustrative data." in text


class Resources(HTMLParser):
    """Every URL an HTML document would fetch, including inside iframe srcdoc documents."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data", "poster", "action") and value:
                self.urls.append(value)
            if name == "srcdoc" and value:
                inner = Resources()
                inner.feed(value)
                self.urls += inner.urls


def test_html_is_self_contained(reports):
    parser = Resources()
    parser.feed((reports / "r.html").read_text(encoding="utf-8"))
    external = [u for u in parser.urls if u.startswith(("http:", "https:", "//", "ftp:"))]
    assert external == []
    assert any(u.startswith("data:image/png;base64,") for u in parser.urls)  # the timeline chart, inlined


def test_pdf_text_and_pages(reports, tmp_path):
    text = subprocess.run(["pdftotext", str(reports / "r.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "95 people" in text and "130 people" in text and "126 people" not in text
    assert "塘仁" in text and "措果乡" in text  # Chinese names rendered, not boxes
    assert "Illustrative data." in text
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(reports / "r.pdf"), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2 and all(p.stat().st_size > 5_000 for p in pages)


def test_markdown_with_pngs_beside_it(reports):
    md = (reports / "r.md").read_text(encoding="utf-8")
    assert "| Deaths 死亡 | Dingri county | 95 people |" in md
    assert "![map](r-map.png)" in md and (reports / "r-map.png").stat().st_size > 10_000
    assert (reports / "r-timeline.png").exists()


def test_bundle_contents(reports):
    with zipfile.ZipFile(reports / "r.zip") as z:
        names = set(z.namelist())
        assert {"report.html", "report.pdf", "layers.gpkg", "bands.csv", "figures.csv", "manifest.json", "affected_villages.csv"} <= names
        bands = list(csv.reader(io.StringIO(z.read("bands.csv").decode())))
        assert bands[0][:3] == ["layer", "band", "lower_km"] and bands[1][0] == "#meta+layer"  # HXL row
        manifest = json.loads(z.read("manifest.json"))
        z.extract("layers.gpkg", reports)
    villages = gpd.read_file(reports / "layers.gpkg", layer="villages")
    assert {"distance_km", "band"} <= set(villages.columns) and (villages["distance_km"] < 20).sum() == 27
    data = {f["path"]: f["sha256"] for f in manifest["inputs"]}
    from sitrep.settings import PROJECT_ROOT

    assert data["data/dingri-2025/villages.geojson"] == hashlib.sha256((PROJECT_ROOT / "data/dingri-2025/villages.geojson").read_bytes()).hexdigest()
    assert manifest["bands_km"] == [0, 10, 20, 50] and manifest["solution"]["id"] == "cenc"


def test_user_text_is_escaped_and_csv_safe(run_cli, write, tmp_path):
    evil = write("evil.csv", 'id,name,lon,lat,population\nx1,"<script>alert(1)</script>",87.45,28.52,5\nx2,"=HYPERLINK(""http://e"")",87.46,28.52,7\n')
    out = tmp_path / "e.zip"
    assert run_cli("report", "--as-of", AT_1600, "--layer", evil, "--out", out).code == 0
    with zipfile.ZipFile(out) as z:
        page = z.read("report.html").decode()
        assert "<script>alert(1)" not in page
        spots = [i for i in range(len(page)) if page.startswith("alert(1)", i)]
        # only ever as escaped text: HTML-escaped in the page, \u-escaped in the map's JSON (cannot close its <script>)
        assert spots and all(page[i - 14 : i] == "&lt;script&gt;" or page[i - 18 : i] == "\\u003cscript\\u003e" for i in spots)
        gpkg_names = z.namelist()
        assert "report.pdf" in gpkg_names
    md_out = tmp_path / "e.md"
    assert run_cli("report", "--as-of", AT_1600, "--layer", evil, "--out", md_out).code == 0
    assert "<script>" not in md_out.read_text(encoding="utf-8")


def test_csv_tables_neutralise_formulas():
    from sitrep.report.render import hxl_csv

    text = hxl_csv(pd.DataFrame({"name": ["=1+1", "@cmd", "ok"], "population": [1, 2, 3]}))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["#loc+name", "#population+total+num"]
    assert [r[0] for r in rows[2:]] == ["'=1+1", "'@cmd", "ok"]


def test_format_follows_the_extension_unless_told(run_cli, tmp_path):
    out = tmp_path / "x.out"
    assert run_cli("report", "--as-of", AT_1600, "--out", out).code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    pdf = tmp_path / "y.html"
    assert run_cli("report", "--as-of", AT_1600, "--format", "pdf", "--out", pdf).code == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_an_unwritable_out_is_a_clear_error_and_writes_nothing(run_cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = run_cli("report", "--as-of", AT_1600, "--out", blocker / "r.html")
    assert r.code == 2 and "field '--out': cannot be written" in r.err and "Traceback" not in r.err


def test_a_failed_export_leaves_no_half_file(run_cli, tmp_path, monkeypatch):
    import sitrep.report.render as render

    def boom(*a, **k):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(render, "render_pdf", boom)
    folder = tmp_path / "out"
    folder.mkdir()
    r = run_cli("report", "--as-of", AT_1600, "--out", folder / "r.zip")
    # a bug is one line and exit 1 (issue 9: no traceback reaches a user)
    assert r.code == 1 and "sitrep: internal error: RuntimeError: renderer crashed" in r.err
    assert list(folder.iterdir()) == []  # neither the report nor a temporary part


def test_as_of_defaults_to_now(run_cli, tmp_path, monkeypatch):
    """Issue 10 (README's walk-through): `sitrep report --out r.html` is what is known now;
    `--as-of now` says the same. (It used to be required.)"""
    monkeypatch.setenv("SITREP_DB", str(tmp_path / "s.sqlite"))
    for extra in ((), ("--as-of", "now")):
        r = run_cli("report", *extra, "--out", tmp_path / "r.html", "--format", "md")
        assert r.code == 0, r.err
        assert f"Snapshot as of {pd.Timestamp.now(tz='UTC').tz_convert('Asia/Shanghai'):%Y-%m-%d}" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_a_time_before_the_earthquake_is_refused(run_cli, tmp_path):
    r = run_cli("report", "--as-of", "2025-01-07T08:00+08:00", "--out", tmp_path / "r.html")
    assert r.code == 2 and "before the earthquake (2025-01-07 01:05 UTC)" in r.err
    assert not (tmp_path / "r.html").exists()


def test_a_township_figure_never_heads_a_county_card():
    """Issue 9: the report's cards took the latest figure of any scope, so a township's 7 replaced the county's 95."""
    import re

    from sitrep.records import validate_record
    from sitrep.report.render import render_html

    spec, layers = load_scenario()
    store = open_store()
    store.append([validate_record({"metric": "deaths", "value": "7", "scope": "Cuoguo township", "observed_at": "2025-01-07T15:30+08:00",
                                   "source": "township office"})])  # fmt: skip
    snap = build_snapshot(spec, layers, store.records(), store.station_events(), as_of_time=pd.Timestamp(AT_1600),
                          solution=Epicentre.from_frame(layers["epicentres"], "cenc"), edges_km=(0, 10, 20, 50))  # fmt: skip
    page = render_html(snap, spec, layers, interactive=False)
    # issue 13: the cards became the headline's "Reported for <area>" line, which keeps this rule
    headline = page.split('data-testid="headline"')[1].split("</section>")[0]
    assert re.search(r"Reported for Dingri county: Deaths 死亡: 95 people", headline) and "7 people" not in headline
    assert "Cuoguo township" in page  # still listed among the key figures, under its own scope


# --- user layers never pass for scenario layers (issue 9) -----------------------------------------

FAKE_VILLAGES = "id,name,lat,lon,population\n1,fake,28.5,87.45,999999\n"


def test_a_user_layer_named_like_a_scenario_layer_neither_crashes_nor_replaces_it(run_cli, write, tmp_path):
    """`--layer villages.csv` crashed the report (its text population reached the official villages'
    list) and `--layer base_stations.csv` replaced the official row; a second file with the same
    stem silently overwrote the first. Each file now gets its own visible name."""
    villages = write("villages.csv", FAKE_VILLAGES)
    stations = write("base_stations.csv", FAKE_VILLAGES)
    (tmp_path / "other").mkdir()
    again = write("other/villages.csv", FAKE_VILLAGES.replace("fake", "second"))
    out = tmp_path / "v.md"
    r = run_cli("report", "--as-of", "2025-01-07T19:00+08:00", "--layer", villages, "--layer", stations, "--layer", again, "--out", out)
    assert r.code == 0, r.err
    rows = {line.split(" | ")[0].lstrip("| "): line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("| ")}
    assert rows["Villages 村庄"].startswith("| Villages 村庄 | 16 | 11 |")  # the official rows, untouched
    assert rows["Base stations 通信基站"].startswith("| Base stations 通信基站 | 56 | 94 |")
    for name in ("villages (villages.csv)", "base\\_stations (base\\_stations.csv)", "villages (villages.csv) \\#2"):
        assert rows[name].startswith(f"| {name} | 1\\* |"), name
    assert "999,999" not in rows["Villages 村庄"] and "| fake |" not in out.read_text(encoding="utf-8")


def test_a_snapshot_refuses_user_layers_named_like_scenario_layers(scenario):
    spec, layers = scenario
    store = open_store()
    with pytest.raises(ValueError, match=r"user layers named like scenario layers: \['villages'\]"):
        build_snapshot(spec, layers, store.records(), store.station_events(), as_of_time=pd.Timestamp(AT_1600),
                       solution=Epicentre(lon=87.45, lat=28.5), edges_km=(0, 10), extra_layers={"villages": layers["villages"]})  # fmt: skip


def test_text_in_a_number_column_is_shown_as_text(scenario):
    """present.number formatted every population as a float: a text cell ('about 300') crashed the report."""
    from sitrep.present import number
    from sitrep.report.render import render_markdown

    assert [number(v) for v in ("about 300", "999999", float("nan"), 1234.0, 2.5, True)] == ["about 300", "999999", "", "1,234", "2.50", "True"]
    spec, layers = scenario
    store = open_store()
    snap = build_snapshot(spec, layers, store.records(), store.station_events(), as_of_time=pd.Timestamp(AT_1600),
                          solution=Epicentre(lon=87.45, lat=28.5), edges_km=(0, 10, 20, 50))  # fmt: skip
    snap.affected["villages"]["population"] = snap.affected["villages"]["population"].astype(object)
    snap.affected["villages"].loc[0, "population"] = "about 300"
    assert "| about 300 |" in render_markdown(snap, spec, layers, map_file="m.png", timeline_file="t.png")


# --- the timeline picture spans the earthquake to T (issue 9) -------------------------------------


def test_an_early_timeline_spans_the_earthquake_to_t_and_shows_its_points(scenario, monkeypatch):
    """At 10:00 the picture's axis ran 2023-2027 and the 177 stations out since 09:05 were invisible."""
    import matplotlib.dates as mdates

    from sitrep.report import figures

    drawn = []
    monkeypatch.setattr(figures, "_png", lambda fig: drawn.append(fig) or b"")
    spec, layers = scenario
    store = open_store()
    t = pd.Timestamp("2025-01-07T10:00+08:00")
    snap = build_snapshot(spec, layers, store.records(), store.station_events(), as_of_time=t,
                          solution=Epicentre(lon=87.45, lat=28.5), edges_km=(0, 10, 20, 50))  # fmt: skip
    figures.timeline_png(snap)
    for ax in drawn[0].axes:
        lo, hi = (pd.Timestamp(mdates.num2date(x)).tz_localize(None) for x in ax.get_xlim())
        assert pd.Timestamp("2025-01-07 08:55") <= lo <= pd.Timestamp("2025-01-07 09:05")  # UTC+8 on the axis
        assert pd.Timestamp("2025-01-07 10:00") <= hi <= pd.Timestamp("2025-01-07 10:05")
    out = next(line for line in drawn[0].axes[1].lines if line.get_label() == "out")
    assert max(out.get_ydata()) == snap.stations["out"] == 177
    assert len(out.get_xdata()) >= 3  # a step from zero at the start to 177 at T, not a lone point
    origin = layers["epicentres"]["origin_time"].min()
    assert figures.timeline_span(snap) == (min(origin, t - pd.Timedelta(hours=1)), t)  # 09:05 -> 10:00: an hour at least


def test_a_one_hour_span_at_least():
    from types import SimpleNamespace

    from sitrep.report.figures import timeline_span

    t = pd.Timestamp("2025-01-07T01:06Z")
    snap = SimpleNamespace(as_of=t, features={}, history=pd.DataFrame({"observed_at": [t]}), station_series=pd.DataFrame({"at": []}))
    assert timeline_span(snap) == (t - pd.Timedelta(hours=1), t)


# --- any incident (issue 10): reports name the incident, its zone and the event distances are measured from ---

from tests import other_incident  # noqa: E402


def usgs_event(code: str, mag: float, title: str, time: str, lon: float, lat: float) -> str:
    """A USGS summary Feature (the real-time feeds' format) of a made-up event."""
    ms = int(pd.Timestamp(time).value // 1_000_000)
    return json.dumps({"type": "Feature", "id": f"us{code}", "geometry": {"type": "Point", "coordinates": [lon, lat, 12.0]},
                       "properties": {"mag": mag, "place": title.split(" - ", 1)[-1], "time": ms, "net": "us", "code": code,
                                      "magType": "mww", "type": "earthquake", "title": title, "url": ""}})  # fmt: skip


@pytest.fixture(scope="module")
def lamjung_snapshot(tmp_path_factory):
    spec, layers = other_incident.load()
    store = open_store(str(tmp_path_factory.mktemp("lamjung") / "timeline.sqlite"), scenario=other_incident.NAME)
    other_incident.seed(store)
    snap = build_snapshot(spec, layers, store.records(), store.station_events(), as_of_time=pd.Timestamp("2015-04-25T17:00+05:45"),
                          solution=Epicentre.from_frame(layers["epicentres"], spec.reference_solution), edges_km=spec.bands_km)  # fmt: skip
    return snap, spec, layers


def test_a_report_of_another_incident_names_it_on_its_own_clock(lamjung_snapshot):
    """Issue 10: reports said UTC+8 and Dingri whatever the incident."""
    from sitrep.report import render_html, render_markdown

    snap, spec, layers = lamjung_snapshot
    html = render_html(snap, spec, layers)
    md = render_markdown(snap, spec, layers, map_file="map.png", timeline_file="timeline.png")
    for text in (html, md):
        assert "Lamjung test earthquake (fixture)" in text and "लमजुङ परीक्षण भूकम्प" in text
        assert "Snapshot as of 2015-04-25 17:00 UTC+5:45" in text and "2015-04-25 11:15 UTC" in text
        assert "observed (Asia/Kathmandu, UTC+5:45)" in text and "2015-04-25 16:45 UTC+5:45" in text
        assert "Lamjung district" in text and "12 people" in text and "40 people" in text
        assert [t for t in other_incident.DINGRI_TEXT if t in text] == []
        assert "Distances are measured from event" not in text  # the incident's own solution
    assert snap.manifest["incident"] == {"name": "lamjung-test", "title": spec.title, "title_local": spec.title_zh,
                                         "scope": "Lamjung district", "time_zone": "Asia/Kathmandu"}  # fmt: skip
    assert snap.manifest["as_of_local"] == "2015-04-25 17:00 UTC+5:45"
    assert snap.manifest["measured_from"]["kind"] == "incident solution"


def test_the_timeline_figure_is_drawn_in_the_incidents_zone(lamjung_snapshot, monkeypatch):
    import matplotlib.axes

    from sitrep.report.figures import timeline_png

    labels = []
    monkeypatch.setattr(matplotlib.axes.Axes, "set_xlabel", lambda self, text, **kw: labels.append(text))
    timeline_png(lamjung_snapshot[0])
    assert labels == ["time (Asia/Kathmandu, UTC+5:45), 2015"] * 2  # issue 13: the year beside the dated ticks


def test_a_report_from_another_event_says_so_in_its_header_and_manifest(run_cli, write, tmp_path):
    """Issue 10: `sitrep report --event other.geojson` gave no sign that the bands were measured from another event."""
    event = write("other.geojson", usgs_event("test0003", 5.9, "M 5.9 - 12 km W of Test Village, China", "2025-01-08T02:00:00Z", 87.2, 28.4))
    out = tmp_path / "r.md"
    assert run_cli("report", "--as-of", "2025-01-08T12:00+08:00", "--event", event, "--out", out).code == 0
    text = out.read_text(encoding="utf-8")
    header = text.split("## Key figures")[0].replace("\u2060", "")  # md_escape's invisible word joiners
    assert "Distances are measured from event ustest0003 (mww 5.9; M 5.9 - 12 km W of Test Village, China; " in header
    assert "origin 2025-01-08 10:00 UTC+8 (2025-01-08 02:00:00 UTC); 28.4000N 87.2000E), given instead of the incident's epicentre solutions" in header
    manifest = json.loads(text.split("```json")[1].split("```")[0])
    assert manifest["measured_from"] == {
        "kind": "event", "id": "ustest0003", "lat": 28.4, "lon": 87.2, "depth_km": 12.0, "magnitude": 5.9, "magnitude_type": "mww",
        "place": "M 5.9 - 12 km W of Test Village, China", "origin_time": "2025-01-08T02:00:00+00:00", "source": "USGS event ustest0003 (summary)",
    }  # fmt: skip
    assert manifest["incident"]["name"] == "dingri-2025"


def test_a_report_from_a_given_point_says_so(run_cli, tmp_path):
    out = tmp_path / "r.html"
    assert run_cli("report", "--as-of", AT_1600, "--epicentre", "28.40,87.30", "--out", out).code == 0
    text = out.read_text(encoding="utf-8")
    assert 'data-testid="measured-from"><b>Distances are measured from the point 28.4000N 87.3000E' in text


def test_the_report_command_serves_any_incident(tmp_path):
    """End to end: SITREP_ROOT with another incident; the CLI writes its report, on its clock, from its event file."""
    import os
    import sys

    event = tmp_path / "aftershock.geojson"
    event.write_text(usgs_event("test0002", 7.3, "M 7.3 - 19 km SE of Test Town, Nepal", "2015-05-12T07:05:19Z", 84.9, 28.0), encoding="utf-8")
    env = {**os.environ, "SITREP_ROOT": str(other_incident.ROOT), "SITREP_DB": str(tmp_path / "t.sqlite")}
    done = subprocess.run([sys.executable, "-m", "sitrep.cli", "report", "--scenario", other_incident.NAME, "--as-of", "2015-05-12T18:00+05:45",
                           "--event", str(event), "--out", str(tmp_path / "r.md")], env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "r.md").read_text(encoding="utf-8").replace("\u2060", "")  # md_escape's invisible word joiners
    assert text.startswith("# Lamjung test earthquake \\(fixture\\)") or text.startswith("# Lamjung test earthquake (fixture)")
    assert "Snapshot as of 2015-05-12 18:00 UTC+5:45" in text
    assert "event ustest0002 (mww 7.3; M 7.3 - 19 km SE of Test Town, Nepal; origin 2015-05-12 12:50 UTC+5:45 (2015-05-12 07:05:19 UTC)" in text
    assert [t for t in other_incident.DINGRI_TEXT if t in text] == []


def test_a_bundle_draws_its_map_and_its_timeline_once(monkeypatch):
    """`sitrep report --out x.zip` drew the static map twice and the timeline chart three times (for
    report.html, for the PDF, for the zip): about a third of its time, and of the suite's bundle tests.
    Each picture is drawn once now, and the zip holds the very pictures drawn."""
    from PIL import Image

    import sitrep.report.render as render

    drawn = []

    def picture(kind):
        def draw(snap, **kw):
            drawn.append(kind)
            buf = io.BytesIO()
            Image.new("RGB", (4, 3), (len(drawn), 0, 0)).save(buf, format="PNG")
            return buf.getvalue()

        return draw

    monkeypatch.setattr(render, "map_png", picture("map"))
    monkeypatch.setattr(render, "timeline_png", picture("timeline"))
    spec, layers = load_scenario()
    store = open_store()
    snap = build_snapshot(spec, layers, store.records(), store.station_events(), as_of_time=pd.Timestamp(AT_1600),
                          solution=Epicentre.from_frame(layers["epicentres"], "cenc"), edges_km=(0, 10, 20, 50))  # fmt: skip

    with zipfile.ZipFile(io.BytesIO(render.render_bundle(snap, spec, layers))) as z:
        pictures = {name: Image.open(io.BytesIO(z.read(name))).getpixel((0, 0)) for name in ("map.png", "timeline.png")}
        assert z.read("report.pdf").startswith(b"%PDF")
    assert sorted(drawn) == ["map", "timeline"]
    assert pictures == {"map.png": (1 + drawn.index("map"), 0, 0), "timeline.png": (1 + drawn.index("timeline"), 0, 0)}
