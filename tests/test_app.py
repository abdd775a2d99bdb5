"""The Streamlit app as logic (streamlit.testing.v1.AppTest): every page opens, and the
controls change the cards and tables as the seed says."""

from datetime import date, datetime, time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sitrep.store import open_store

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "sitrep" / "app" / "pages").glob("*.py") if p.name != "__init__.py")


def run(page: str = "app.py") -> AppTest:
    return AppTest.from_file(str(ROOT / page), default_timeout=90).run()


def metric(at: AppTest, prefix: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(prefix))


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
