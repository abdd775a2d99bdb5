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


def test_bad_band_edges_are_an_error_message_not_a_crash(situation):
    at = situation.selectbox(key="preset").set_value("custom").run()
    at = at.text_input(key="edges_custom").input("0,20,10").run()
    assert not at.exception
    assert "strictly increasing" in at.error[0].value


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
