"""Every page of the Streamlit app opens without an exception (streamlit.testing.v1.AppTest)."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def open_page(page: str = "sitrep/app/pages/overview.py") -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    return at.run()


def test_router_opens_the_default_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value.startswith("Dingri (Tingri) earthquake")


def test_overview_shows_layers_solutions_and_the_provenance_notice():
    at = open_page()
    assert not at.exception
    assert "illustrative" in at.warning[0].value
    layers = at.table[0].value
    assert layers.loc["base_stations", "features"] == 751
    assert layers.loc["villages", "标题"] == "村庄"
    solutions = at.table[1].value
    assert list(solutions.index) == ["CENC", "USGS", "NCS"]
    assert solutions["origin (UTC+8)"].iloc[0] == "2025-01-07 09:05 UTC+8"
