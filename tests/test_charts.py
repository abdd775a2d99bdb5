"""The app's charts as a coordinator reads them early in the day: the time axis runs from the
earthquake to the as-of time, one change is visible, counts are whole numbers, times 24-hour UTC+8."""

import json
from datetime import datetime

import pandas as pd
import pytest

from sitrep.app.charts import casualties_spec, stations_spec, with_marker
from sitrep.records import validate_record
from sitrep.store import open_store
from tests.test_app import elements, run

QUAKE = datetime(2025, 1, 7, 9, 5)


def x_domains(spec: dict) -> list:
    return [layer["encoding"]["x"].get("scale", {}).get("domain") for layer in spec["layer"][:-1]]


def test_the_time_axis_runs_from_the_earthquake_to_the_as_of_time():
    """At 09:10 a single station count (177 out at 09:05) was an invisible point on an axis 2023-2027."""
    series = pd.DataFrame({"at": [pd.Timestamp("2025-01-07T01:05Z")], "out": [177], "restored": [0]})
    spec = with_marker(stations_spec(series), datetime(2025, 1, 7, 9, 10), QUAKE)
    start = {"year": 2025, "month": 1, "date": 7, "hours": 9, "minutes": 5}
    assert x_domains(spec) == [[start, {"year": 2025, "month": 1, "date": 7, "hours": 10, "minutes": 5}]]  # at least an hour
    assert spec["layer"][0]["mark"]["point"] is True  # one change still shows
    late = with_marker(stations_spec(series), datetime(2025, 1, 7, 19, 0), QUAKE)
    assert x_domains(late) == [[start, {"year": 2025, "month": 1, "date": 7, "hours": 19, "minutes": 0}]]


def test_axes_read_in_whole_numbers_and_24_hour_time():
    """An empty casualty chart showed a tick '0.000000'; the axis showed '01 PM' beside '12:55'."""
    none = pd.DataFrame({"metric": [], "scope": [], "observed_at": pd.to_datetime([], utc=True), "value": [], "source": [], "id": []})
    empty = casualties_spec(none, "Dingri county")
    enc = empty["layer"][0]["encoding"]
    assert enc["y"]["axis"]["format"] == ",d" and enc["x"]["axis"]["format"] == "%m-%d %H:%M"
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
    specs = [json.loads(el.proto.spec) for el in elements(at) if getattr(el, "type", "") == "vega_lite_chart"]
    assert len(specs) == 2
    for spec in specs:
        assert x_domains(spec)[0][0]["hours"] == 9 and x_domains(spec)[0][1]["hours"] == max(hour, 10)
