"""A record is checked before it is stored: clear errors for every kind of bad figure."""

import pandas as pd
import pytest

from sitrep.errors import AssumedTimezoneWarning, InputError
from sitrep.records import validate_record, validate_rows

NOW = pd.Timestamp("2025-01-08T00:00Z")


def rec(**kw):
    base = {"metric": "deaths", "value": "126", "observed_at": "2025-01-07T19:00+08:00", "source": "Xinhua"}
    base.update(kw)
    return validate_record(base, now=NOW)


def test_a_good_record_is_typed_and_in_utc():
    r = rec(scope="Dingri county")
    assert (r.metric, r.value, r.unit, r.scope, r.source) == ("deaths", 126.0, "people", "Dingri county", "Xinhua")
    assert r.observed_at == pd.Timestamp("2025-01-07T11:00Z")


def test_time_without_offset_is_read_as_utc8_and_said_so():
    with pytest.warns(AssumedTimezoneWarning, match=r"2025-01-07T19:00 has no UTC offset; read as UTC\+8"):
        r = rec(observed_at="2025-01-07T19:00")
    assert r.observed_at == pd.Timestamp("2025-01-07T11:00Z")


def test_free_form_metrics_take_any_unit_and_values():
    r = rec(metric="tents_delivered", value="2.5", unit="truckloads")
    assert (r.metric, r.value, r.unit) == ("tents_delivered", 2.5, "truckloads")


def test_the_same_figure_from_the_same_source_has_the_same_hash_whoever_enters_it():
    assert rec(author="a").content_hash() == rec(author="b").content_hash()
    assert rec().content_hash() != rec(value="127").content_hash()
    assert rec().content_hash() != rec(source="CNS").content_hash()


@pytest.mark.parametrize(
    ("kw", "field", "message"),
    [
        ({"value": "-3"}, "value", "deaths counts people killed; it cannot be negative"),
        ({"value": "many"}, "value", "expected a number, got 'many'"),
        ({"value": "12.5"}, "value", "expected a whole number"),
        ({"unit": "households"}, "unit", "deaths is counted in people, got 'households'"),
        ({"observed_at": "2099-01-01T00:00Z"}, "observed_at", "is in the future"),
        ({"observed_at": "yesterday"}, "observed_at", "expected an ISO 8601 time"),
        ({"reported_at": "7 Jan"}, "reported_at", "expected an ISO 8601 time"),
        ({"source": ""}, "source", "is required"),
        ({"metric": "dead people"}, "metric", "must be a name such as deaths"),
        ({"corrects": "abc"}, "corrects", "expected the id of the record this one corrects"),
    ],
)
def test_bad_figures_are_refused_naming_the_field(kw, field, message):
    with pytest.raises(InputError, match=rf"field '{field}': .*{message}"):
        rec(**kw)


def test_bulk_rows_name_the_bad_row():
    rows = [{"metric": "deaths", "value": "1", "observed_at": "2025-01-07T10:00Z", "source": "x"},
            {"metric": "injured", "value": "-1", "observed_at": "2025-01-07T10:00Z", "source": "x"}]  # fmt: skip
    with pytest.raises(InputError, match=r"f\.csv, row 2 \(line 3\), field 'value'"):
        validate_rows(rows, path="f.csv", now=NOW)


def test_empty_bulk_file_is_an_error():
    with pytest.raises(InputError, match="has no rows"):
        validate_rows([], path="f.csv", now=NOW)
