"""The Streamlit app as logic (streamlit.testing.v1.AppTest): every page opens, and the
controls change the cards and tables as the seed says."""

import json
import re
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from sitrep.records import StationEvent
from sitrep.store import open_store

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "sitrep" / "app" / "pages").glob("*.py") if p.name != "__init__.py")


def run(page: str = "app.py") -> AppTest:
    return AppTest.from_file(str(ROOT / page), default_timeout=90).run()


def metric(at: AppTest, prefix: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(prefix))


def elements(at: AppTest) -> list:
    """Every element of the page, depth first."""
    out = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            walk(child)
        out.append(node)

    walk(at._tree)
    return out


def charts(at: AppTest) -> dict[str, pd.DataFrame]:
    """The data each Vega-Lite chart plots (Streamlit moves it out of the spec into Arrow), by title."""
    out = {}
    for el in elements(at):
        if getattr(el, "type", "") == "vega_lite_chart":
            title = json.loads(el.proto.spec)["title"]
            out[title] = pa.ipc.open_stream(el.proto.data.data).read_pandas() if el.proto.data.data else pd.DataFrame()
    return out


def page_text(at: AppTest) -> str:
    """All text a person can read on the page (but the map): values, labels, captions, tables, chart specs and data."""
    parts = []
    for el in elements(at):
        kind = getattr(el, "type", "")
        if kind == "component_instance":
            continue  # the map: static layers hold ids such as bs-0113; its dynamic layers are checked in test_browser
        if kind == "vega_lite_chart":
            parts.append(el.proto.spec)
            if el.proto.data.data:
                parts.append(pa.ipc.open_stream(el.proto.data.data).read_pandas().to_csv())
            continue
        for attr in ("label", "value", "body", "delta", "help", "caption", "placeholder"):
            v = getattr(el, attr, None)
            if isinstance(v, pd.DataFrame):
                parts.append(v.to_csv())
            elif v is not None and not callable(v):
                parts.append(str(v))
    return "\n".join(parts)


@pytest.fixture
def situation() -> AppTest:
    at = run()
    assert not at.exception
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_without_exception(page):
    at = run(page)
    assert not at.exception, page


def test_router_opens_the_situation_map(situation):
    assert situation.title[0].value.startswith("Dingri (Tingri) earthquake")
    assert "Illustrative data" in situation.warning[0].value


@pytest.mark.parametrize(("hhmm", "dead", "injured"), [((13, 0), "53", "62"), ((16, 0), "95", "130"), ((19, 0), "126", "188")])
def test_the_time_slider_changes_the_cards(situation, hhmm, dead, injured):
    at = situation.slider(key="as_of").set_value(datetime(2025, 1, 7, *hhmm)).run()
    assert (metric(at, "Deaths"), metric(at, "Injured")) == (dead, injured)


def test_nothing_is_reported_before_the_first_figure(situation):
    at = situation.slider(key="as_of").set_value(datetime(2025, 1, 7, 10, 0)).run()
    assert metric(at, "Deaths") == "—"


def test_station_cards_follow_the_station_events(situation):
    assert (metric(situation, "Stations out"), metric(situation, "Stations restored")) == ("64", "113")
    at = situation.slider(key="as_of").set_value(datetime(2025, 1, 7, 9, 10)).run()
    assert (metric(at, "Stations out"), metric(at, "Stations restored")) == ("177", "0")


def test_charts_hold_only_what_was_observed_by_the_as_of_time(situation):
    """Issue 9: at 13:00 the casualty chart plotted 95, 126 and 337 and the station chart ran to 18:56."""
    at = situation.slider(key="as_of").set_value(datetime(2025, 1, 7, 13, 0)).run()
    data = charts(at)
    casualties, stations = data["Casualties as reported"], data["Base stations out / restored"]
    assert (casualties["t"] <= "2025-01-07T13:00:00").all() and (stations["t"] <= "2025-01-07T13:00:00").all()
    assert sorted(casualties["value"]) == [53, 62]  # 12:30, the only casualty report by 13:00
    last = stations.sort_values("t").groupby("stations")["count"].last()
    assert (str(last["out"]), str(last["restored"])) == (metric(at, "Stations out"), metric(at, "Stations restored"))


def test_nothing_known_later_is_on_the_page_at_0910(situation):
    """Issue 9: "177 out · 113 restored by 19:00" was a hard-coded caption shown at any time."""
    at = situation.slider(key="as_of").set_value(datetime(2025, 1, 7, 9, 10)).run()
    text = page_text(at)
    assert "177" in text  # China Mobile's count is known from 09:05
    for later in ("113", "126", "188", "30,400", "18:56"):
        assert not re.search(rf"(?<![\d,.:-]){re.escape(later)}(?![\d,])", text), later


def test_cards_report_and_chart_count_stations_alike_despite_a_duplicate_event(situation):
    """Issue 9: a second "restored" stored for a restored station gave 64/113 (app), 64/114 (report), 61/116 (chart)."""
    from sitrep.io import load_scenario
    from sitrep.query import Epicentre
    from sitrep.report.render import render_markdown
    from sitrep.snapshot import build_snapshot

    store = open_store()
    restored = store.station_events().query("status == 'restored'").iloc[0]
    again = pd.Timestamp(restored["at"]) + pd.Timedelta(minutes=30)
    store.append([StationEvent(restored["station_id"], "restored", again, "a second source"),  # a duplicate, inserted directly
                  StationEvent("bs-9999", "restored", again, "a typo")])  # fmt: skip  # no such station
    at = situation.slider(key="as_of").set_value(datetime(2025, 1, 7, 19, 0)).run()
    app = (metric(at, "Stations out"), metric(at, "Stations restored"))
    stations = charts(at)["Base stations out / restored"].sort_values("t").groupby("stations")["count"].last()
    chart = (str(stations["out"]), str(stations["restored"]))
    spec, layers = load_scenario()
    snap = build_snapshot(spec, layers, store.records(), store.station_events(), as_of_time=pd.Timestamp("2025-01-07T19:00+08:00"),
                          solution=Epicentre.from_frame(layers["epicentres"], "cenc"), edges_km=(0, 10, 20, 50))  # fmt: skip
    report = render_markdown(snap, spec, layers, map_file="m.png", timeline_file="t.png")
    assert app == chart == (str(snap.stations["out"]), str(snap.stations["restored"])) == ("64", "113")
    assert "64 out, 113 restored" in report


def test_the_cards_describe_the_scenarios_area(situation):
    """Issue 9: the cards' scope came from a constant; it is the scenario's area."""
    from sitrep.io import read_scenario_spec

    assert read_scenario_spec("dingri-2025").scope == "Dingri county"
    assert metric(situation, "Deaths") == "126"


def test_band_table_has_the_seed_counts_and_changes_with_the_solution(situation):
    table = situation.table[0].value
    assert table.loc["Villages 村庄", "0-10 km"] == "16" and table.loc["Villages 村庄", "10-20 km"] == "11"
    assert table.loc["Reservoirs 水库", "50+ km"] == "no data"
    at = situation.radio(key="solution").set_value("usgs").run()
    assert at.table[0].value.loc["Villages 村庄", "0-10 km"] == "9"
    assert at.subheader[0].value == "Distance bands from USGS"


def test_custom_band_edges(situation):
    at = situation.selectbox(key="preset").set_value("custom").run()
    at = at.text_input(key="edges_custom").input("0,5,15").run()
    assert list(at.table[0].value.columns) == ["0-5 km", "5-15 km", "15+ km"]


@pytest.mark.parametrize(("edges", "message"), [("0,20,10", "strictly increasing"), ("0,1e308", "at most 20,004 km")])
def test_bad_band_edges_are_an_error_message_not_a_crash(situation, edges, message):
    """0,1e308 raised a GEOSException drawing the ring (issue 9)."""
    at = situation.selectbox(key="preset").set_value("custom").run()
    at = at.text_input(key="edges_custom").input(edges).run()
    assert not at.exception
    assert message in at.error[0].value


def submit(at: AppTest) -> AppTest:
    return next(b for b in at.button if "Add to the timeline" in b.label).click().run()


def test_the_update_form_writes_to_the_timeline(situation):
    before = open_store().count()
    at = situation.slider(key="as_of").set_value(datetime(2025, 1, 7, 21, 0)).run()
    at.text_input(key="f_value").input("140")
    at.text_input(key="f_source").input("AppTest reporter")
    at.date_input(key="f_date").set_value(date(2025, 1, 7))
    at.time_input(key="f_time").set_value(time(20, 0))
    at = submit(at)
    assert not at.exception
    assert open_store().count() == before + 1
    assert metric(at, "Deaths") == "140"


def test_a_bad_update_is_refused_with_the_reason(situation):
    situation.text_input(key="f_value").input("-4")
    situation.text_input(key="f_source").input("someone")
    at = submit(situation)
    assert not at.exception
    assert any("cannot be negative" in e.value for e in at.error)


def test_overview_lists_layers_and_solutions():
    at = run("sitrep/app/pages/overview.py")
    layers = at.table[0].value
    assert layers.loc["base_stations", "features"] == 751
    assert list(at.table[1].value.index) == ["CENC", "USGS", "NCS"]


def test_online_tiles_are_opt_in_and_the_page_still_works(situation):
    assert situation.toggle[0].value is False
    at = situation.toggle[0].set_value(True).run()
    assert not at.exception


# --- uploads: private, per content, hostile ones refused in one line (issue 9) ---------------------

SHELTERS_NEAR = b"id,name,lon,lat\ns1,Shelter,87.46,28.51\ns2,Shelter,87.44,28.49\n"  # 1-2 km from CENC
SHELTERS_FAR = b"id,name,lon,lat\ns1,Shelter,87.86,28.51\ns2,Shelter,87.04,28.49\n"  # 40 km: same name, same length


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    return at.file_uploader[0].set_value([(name, data, "application/octet-stream") for name, data in files]).run()


def band_row(at: AppTest, layer: str) -> dict[str, str]:
    """Counts per band of ``layer`` (a trailing '*', 'beyond the layer's coverage', dropped)."""
    return {k: str(v).rstrip("*") for k, v in at.table[0].value.loc[layer].to_dict().items()}


def test_two_sessions_uploading_different_files_of_the_same_name_and_size_see_their_own_counts():
    """The band-table cache was keyed on `name:len`: the second coordinator saw the first one's
    counts for a different shelters.csv."""
    assert len(SHELTERS_NEAR) == len(SHELTERS_FAR)
    first = upload(run(), ("shelters.csv", SHELTERS_NEAR))
    second = upload(run(), ("shelters.csv", SHELTERS_FAR))
    assert not first.exception and not second.exception
    assert band_row(first, "shelters")["0-10 km"] == "2"
    assert band_row(second, "shelters")["0-10 km"] == "0" and band_row(second, "shelters")["20-50 km"] == "2"


def test_an_upload_leaves_nothing_on_disk(tmp_path, monkeypatch):
    """Uploads went to a shared, predictable /tmp/sitrep-uploads/<digest>/ and stayed there."""
    import tempfile

    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    content = SHELTERS_NEAR + b"s3,Only in this test,87.45,28.52\n"  # not cached by another test
    at = upload(run(), ("shelters.csv", content))
    assert not at.exception and band_row(at, "shelters")["0-10 km"] == "3"
    assert list(private.iterdir()) == []


@pytest.mark.parametrize("name", ["../../x.csv", "a/b/c.csv", "..\\..\\x.csv", "x\0.csv.csv", "x" * 5000 + ".csv", ".csv"])
def test_an_upload_name_never_becomes_a_path(name, tmp_path, monkeypatch):
    """The user's file name was used in the path written (`stem[:60] + suffix`); now only a
    checked suffix is kept and the file is written as upload<suffix> in a private folder."""
    import tempfile

    from sitrep.app import state
    from sitrep.errors import InputError

    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    region = (86.0, 28.0, 88.0, 29.5)
    if "\0" in name or name == ".csv":  # no usable suffix: refused
        with pytest.raises(InputError, match=r"field 'file name': has an extension sitrep does not read"):
            state.uploaded_layer(name, SHELTERS_NEAR, region)
    else:
        gdf = state.uploaded_layer(name, SHELTERS_NEAR, region)
        assert len(gdf) == 2 and gdf["source"].iloc[0] == name[:120]
    assert list(private.iterdir()) == []
    assert not (tmp_path / "x.csv").exists()


def zip_bomb(mb: int) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z, z.open("b.geojson", "w") as f:
        for _ in range(mb):
            f.write(b" " * (1 << 20))
    return buf.getvalue()


@pytest.mark.parametrize(("name", "data", "message"), [
    ("deep.geojson", b"[" * 100_000 + b"]" * 100_000, "nests JSON arrays or objects too deeply"),
    ("bomb.zip", zip_bomb(20), "refused as a possible zip bomb"),
    ("ecef.geojson", b'{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4978"}}, "features": '
                     b'[{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [87.4, 28.5]}}]}',
     "field 'crs': declares the CRS 'WGS 84', which is not geographic or projected"),
])  # fmt: skip
def test_a_hostile_upload_is_one_line_error_not_a_traceback(situation, name, data, message):
    """JSON nested 100,000 deep raised RecursionError on the page (a traceback with server paths)."""
    at = upload(situation, (name, data))
    assert not at.exception
    errors = [e.value.replace("\\", "").replace("\u2060", "") for e in at.error]  # as shown: plain() escapes Markdown
    assert len(errors) == 1 and errors[0].startswith(f"Could not use {name}: ") and message in errors[0]
    assert "\n" not in errors[0] and "/tmp" not in errors[0]
    assert at.table[0].value.loc["Villages 村庄", "0-10 km"] == "16"  # the page goes on


def test_streamlit_shows_no_traceback_for_unexpected_errors():
    """client.showErrorDetails = "type": an exception we did not foresee shows its type only,
    never its message, traceback or server paths (issue 9)."""
    import tomllib

    from streamlit import config

    options = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert options["client"]["showErrorDetails"] in (config.ShowErrorDetailsConfigOptions.TYPE, config.ShowErrorDetailsConfigOptions.NONE)
    assert 1 <= options["server"]["maxUploadSize"] <= 200
