"""The app's charts as a coordinator reads them early in the day: the time axis runs from the
earthquake to the as-of time, one change is visible, counts are whole numbers, times 24-hour UTC+8."""

from datetime import datetime

import pandas as pd
import pyarrow as pa
import pytest

from sitrep.app.charts import casualties_spec, stations_spec, with_marker
from sitrep.records import validate_record
from sitrep.store import open_store
from tests.test_app import elements, run

QUAKE = datetime(2025, 1, 7, 9, 5)


def x_extent(as_of_rows) -> dict[str, str]:
    """The times the as-of layers put on the shared time axis (start, end) and where the rule is (as_of)."""
    return {r["at"]: r["t"] for r in as_of_rows}


def test_the_time_axis_runs_from_the_earthquake_to_the_as_of_time():
    """At 09:10 a single station count (177 out at 09:05) was an invisible point on an axis 2023-2027."""
    series = pd.DataFrame({"at": [pd.Timestamp("2025-01-07T01:05Z")], "out": [177], "restored": [0]})
    spec = with_marker(stations_spec(series), datetime(2025, 1, 7, 9, 10), QUAKE)
    assert x_extent(spec["datasets"]["as_of"]) == {"start": "2025-01-07T09:05:00", "end": "2025-01-07T10:05:00",  # at least an hour
                                                   "as_of": "2025-01-07T09:10:00"}  # fmt: skip
    assert spec["layer"][0]["mark"]["point"] is True  # one change still shows
    late = with_marker(stations_spec(series), datetime(2025, 1, 7, 19, 0), QUAKE)
    assert x_extent(late["datasets"]["as_of"])["end"] == "2025-01-07T19:00:00"


def test_a_record_dated_before_the_earthquake_does_not_stretch_the_axis_back():
    """Attacker review: a figure entered with --force for 2024 put the whole day into the chart's last pixel."""
    series = pd.DataFrame({"at": pd.to_datetime(["2024-01-01T00:00Z", "2025-01-07T01:05Z"]), "out": [1, 177], "restored": [0, 0]})
    spec = with_marker(stations_spec(series), datetime(2025, 1, 7, 16, 0), QUAKE)
    data = spec["layer"][0]
    assert data["encoding"]["x"]["scale"]["domainMin"] == {"year": 2025, "month": 1, "date": 7, "hours": 9, "minutes": 5}
    assert data["mark"]["clip"] is True  # drawn inside the frame only


def test_moving_the_slider_changes_the_charts_data_not_their_spec():
    """Issue 12: the as-of rule and the axis' span travelled inside the spec, so every slider move made
    the browser compile both charts again (~100 ms a move); now only the named dataset changes."""
    series = pd.DataFrame({"at": [pd.Timestamp("2025-01-07T01:05Z")], "out": [177], "restored": [0]})
    nine, seven = (with_marker(stations_spec(series), datetime(2025, 1, 7, h, 10), QUAKE) for h in (9, 19))
    assert {k: v for k, v in nine.items() if k != "datasets"} == {k: v for k, v in seven.items() if k != "datasets"}
    assert nine["datasets"] != seven["datasets"]


def test_axes_read_in_whole_numbers_and_24_hour_time():
    """An empty casualty chart showed a tick '0.000000'; the axis showed '01 PM' beside '12:55'."""
    none = pd.DataFrame({"metric": [], "scope": [], "observed_at": pd.to_datetime([], utc=True), "value": [], "source": [], "id": []})
    empty = casualties_spec(none, "Dingri county")
    enc = empty["layer"][0]["encoding"]
    assert enc["y"]["axis"]["format"] == ",d" and enc["x"]["axis"]["format"] == "%d %b %H:%M"
    assert empty["title"] == "Casualties as reported (none yet)"


def test_a_retracted_year_typo_does_not_stretch_the_slider(private_timeline_store):
    """A figure dated 2026 for a 2025 earthquake stretched the slider to 2026 - and kept it there after retraction."""
    store = open_store(str(private_timeline_store))
    (ident, _), = store.append([validate_record({"metric": "deaths", "value": "200", "scope": "Dingri county", "source": "typo",
                                                "observed_at": "2026-01-07T19:00+08:00", "note": "year typo"},
                                               now=pd.Timestamp("2026-02-01T00:00Z"))])  # fmt: skip
    assert slider_end(run()).year == 2026
    store.retract(ident, author="li.wei", reason="year typo")
    assert slider_end(run()).year == 2025


def slider_end(at) -> datetime:
    # a datetime slider's bounds travel as microseconds since the epoch (of the naive UTC+8 time)
    return datetime(1970, 1, 1) + pd.Timedelta(microseconds=at.slider(key="as_of").max)


@pytest.mark.parametrize("hour", [9, 13])
def test_the_page_charts_span_the_day_so_far(hour):
    at = run().slider(key="as_of").set_value(datetime(2025, 1, 7, hour, 10)).run()
    shown = [el.proto for el in elements(at) if getattr(el, "type", "") == "vega_lite_chart"]
    assert len(shown) == 2
    for proto in shown:
        (dataset,) = [d for d in proto.datasets if d.name == "as_of"]  # Streamlit sends named datasets as Arrow
        extent = x_extent(pa.ipc.open_stream(dataset.data.data).read_pandas().to_dict("records"))
        assert extent["start"] == "2025-01-07T09:05:00" and extent["end"] == f"2025-01-07T{max(hour, 10):02d}:{5 if hour < 10 else 10:02d}:00"


def test_the_axis_is_dated_with_day_month_and_year():
    """Issue 13: labels "06 PM 06 AM" said no day; "01-07" no year (a 2015 incident read as this year's)."""
    series = pd.DataFrame({"at": [pd.Timestamp("2015-04-25T06:11Z")], "out": [3], "restored": [0]})
    spec = with_marker(stations_spec(series), datetime(2015, 4, 26, 9, 0), datetime(2015, 4, 25, 11, 56))
    x = spec["layer"][0]["encoding"]["x"]
    assert x["axis"]["format"] == "%d %b %H:%M" and x["title"].endswith(", 2015")
    over_new_year = with_marker(stations_spec(series), datetime(2025, 1, 2, 9, 0), datetime(2024, 12, 31, 22, 0))
    assert over_new_year["layer"][0]["encoding"]["x"]["title"].endswith(", 2024-2025")


def test_an_empty_chart_has_no_empty_legend():
    none = pd.DataFrame({"metric": [], "scope": [], "observed_at": pd.to_datetime([], utc=True), "value": [], "source": [], "id": []})
    assert casualties_spec(none, "Dingri county")["layer"][0]["encoding"]["color"]["legend"] is None
    series = pd.DataFrame({"at": [pd.Timestamp("2025-01-07T01:05Z")], "out": [177], "restored": [0]})
    assert "legend" not in stations_spec(series)["layer"][0]["encoding"]["color"]
