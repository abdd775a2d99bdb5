"""A record is checked before it is stored: clear errors for every kind of bad figure."""

import contextvars
import re

import pandas as pd
import pytest

from sitrep.timeutil import CST, assume_zone, incident_zone


@pytest.fixture(autouse=True)
def dingri_zone():
    """The records here are the bundled Dingri incident's: times shown and read in UTC+8,
    as the CLI declares for that incident."""
    with assume_zone(CST):
        yield

from sitrep.errors import AssumedTimezoneWarning, InputError
from sitrep.records import (
    Incident,
    StationEvent,
    check_station_sequence,
    correction_problem,
    parse_value,
    validate_record,
    validate_rows,
    validate_station_event,
)

NOW = pd.Timestamp("2025-01-08T00:00Z")


def rec(*, incident=None, force=False, **kw):
    base = {"metric": "deaths", "value": "126", "observed_at": "2025-01-07T19:00+08:00", "source": "Xinhua"}
    base.update(kw)
    return validate_record(base, now=NOW, incident=incident, force=force)


def test_a_good_record_is_typed_and_in_utc():
    r = rec(scope="Dingri county")
    assert (r.metric, r.value, r.unit, r.scope, r.source) == ("deaths", 126.0, "people", "Dingri county", "Xinhua")
    assert r.observed_at == pd.Timestamp("2025-01-07T11:00Z")


def test_time_without_offset_is_read_in_the_incidents_zone_and_said_so():
    """Issue 10: naive times are read in the zone of the incident (declared by the entry
    point with assume_zone), never in a hard-coded UTC+8; with none declared, UTC."""
    with assume_zone(CST), pytest.warns(AssumedTimezoneWarning, match=r"2025-01-07T19:00 has no UTC offset; read as UTC\+8"):
        r = rec(observed_at="2025-01-07T19:00")
    assert r.observed_at == pd.Timestamp("2025-01-07T11:00Z")
    with assume_zone(incident_zone("Asia/Kathmandu")), pytest.warns(AssumedTimezoneWarning, match="read as Asia/Kathmandu"):
        r = rec(observed_at="2015-04-25T11:56")
    assert r.observed_at == pd.Timestamp("2015-04-25T06:11Z")
    def undeclared():  # a fresh context: no entry point declared a zone
        with pytest.warns(AssumedTimezoneWarning, match="read as UTC$"):
            return rec(observed_at="2025-01-07T19:00")

    assert contextvars.Context().run(undeclared).observed_at == pd.Timestamp("2025-01-07T19:00Z")


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


# --- plausibility (issue 9) ----------------------------------------------------------------------

DINGRI = Incident(scope="Dingri county", population=58173, station_ids=frozenset({"bs-0001", "bs-0002"}),
                  started_at=pd.Timestamp("2025-01-07T01:05Z"))  # fmt: skip


@pytest.mark.parametrize(("text", "value"), [("126", 126), ("30,400", 30400), ("1,234,567", 1234567), ("2.5", 2.5), ("1e3", 1000), ("+7", 7)])
def test_values_as_written(text, value):
    assert parse_value(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [("1,5", r"'1,5' has a decimal comma; use a decimal point \(1\.5\)"), ("12,75", "decimal comma"),
     ("1,23,4", "groups of three"), ("30,40", "decimal comma"), ("3,0400", "groups of three"), ("1_000", "expected a number"),
     ("0x10", "expected a number"), ("inf", "expected a finite number"), ("nan", "expected a finite number"),
     ("9" * 400, "expected a finite number")],
)  # fmt: skip
def test_values_that_are_not_plain_numbers_are_refused(text, message):
    """Issue 9: "1,5" was stored as 15 (every comma was dropped)."""
    with pytest.raises(ValueError, match=message):
        parse_value(text)


def test_counts_are_capped_by_the_incident():
    """Issue 9: 99999999999999999999999 and 1e308 deaths were stored and flattened every chart."""
    assert rec(value="58,173").value == 58173  # without an incident, only the free-form ceiling applies
    with pytest.raises(InputError, match="field 'value': deaths = 58174 people is implausible .*population of Dingri county is 58,173"):
        rec(value="58174", incident=DINGRI)
    with pytest.raises(InputError, match="stations_out = 3 stations is implausible .*base-station layer holds 2"):
        rec(metric="stations_out", value="3", incident=DINGRI)
    with pytest.raises(InputError, match=r"tents = 1e10 is implausible \(the ceiling of any figure is 1,000,000,000\)"):
        rec(metric="tents", value="1e10")
    for huge in ("99999999999999999999999", "1e308"):
        with pytest.raises(InputError, match="is beyond any count sitrep stores"):
            rec(value=huge, incident=DINGRI, force=True, note="really")


def test_force_needs_a_note():
    with pytest.raises(InputError, match="field 'value': .*--force needs a --note"):
        rec(value="60000", incident=DINGRI, force=True)
    r = rec(value="60000", scope="Shigatse", incident=DINGRI, force=True, note="prefecture-wide")
    assert (r.value, r.scope, r.note) == (60000, "Shigatse", "prefecture-wide")


def test_a_time_before_the_earthquake_is_a_year_typo():
    """Issue 9: a figure observed in 2024 (before the earthquake) was accepted."""
    with pytest.raises(InputError, match=r"field 'observed_at': 2024-01-07T19:00\+08:00 is before the earthquake \(2025-01-07 09:05 UTC\+8\)"):
        rec(observed_at="2024-01-07T19:00+08:00", incident=DINGRI)
    with pytest.raises(InputError, match="field 'reported_at': .*before the earthquake"):
        rec(reported_at="2024-01-07T20:00+08:00", incident=DINGRI)
    assert rec(observed_at="2024-01-07T19:00+08:00", incident=DINGRI, force=True, note="foreshock count").observed_at.year == 2024


def test_no_scope_means_the_incidents_area_but_a_correction_inherits_its_targets():
    """Issue 9: a figure without a scope never reached the cards."""
    assert rec(incident=DINGRI).scope == "Dingri county"
    assert rec(scope="Cuoguo township", incident=DINGRI).scope == "Cuoguo township"
    assert rec(corrects="3", incident=DINGRI).scope == ""  # the store gives it the corrected record's scope


def test_station_events_name_a_station_of_the_layer():
    ok = {"station_id": "bs-0001", "status": "out", "at": "2025-01-07T09:05+08:00", "source": "CM"}
    assert validate_station_event(ok, now=NOW, incident=DINGRI).station_id == "bs-0001"
    with pytest.raises(InputError, match=r"e\.csv, row 1 \(line 2\), field 'station_id': no base station 'bs-9' .*\(bs-0001 \.\.\. bs-0002\)"):
        validate_rows([{**ok, "station_id": "bs-9"}], path="e.csv", station_events=True, now=NOW, incident=DINGRI)
    with pytest.raises(InputError, match="field 'at': .*before the earthquake"):
        validate_station_event({**ok, "at": "2024-01-07T09:05+08:00"}, now=NOW, incident=DINGRI)


def test_a_station_event_must_change_the_stations_status():
    """Issue 9: a second "restored" for a restored station was stored and counted twice by the chart."""
    stored = pd.DataFrame({"id": [1, 2], "station_id": ["bs-0001", "bs-0001"], "status": ["out", "restored"],
                           "at": pd.to_datetime(["2025-01-07T01:05Z", "2025-01-07T05:00Z"]), "content_hash": ["a", "b"]})  # fmt: skip
    again = StationEvent("bs-0001", "restored", pd.Timestamp("2025-01-07T06:00Z"), "other")
    with pytest.raises(InputError, match=r"f\.csv, row 1, field 'status': station bs-0001 is already restored at 2025-01-07 14:00 UTC\+8"):
        check_station_sequence(stored, [again], path="f.csv", rows=["row 1"])
    # (until issue 9's review, a "restored" back-dated to 04:00 was accepted and made the stored 05:00 one a repeat:
    # see test_a_back_dated_station_event_is_checked_against_the_events_after_it)
    out_again = StationEvent("bs-0001", "out", pd.Timestamp("2025-01-07T07:00Z"), "aftershock")
    back = StationEvent("bs-0001", "restored", pd.Timestamp("2025-01-07T08:00Z"), "other")
    assert check_station_sequence(stored, [out_again, back]) == [out_again, back]  # earlier rows of the same batch count
    with pytest.raises(InputError, match="station bs-0002 was never reported out"):
        check_station_sequence(stored, [StationEvent("bs-0002", "restored", pd.Timestamp("2025-01-07T06:00Z"), "x")])
    same = StationEvent("bs-0001", "restored", pd.Timestamp("2025-01-07T05:00Z"), "x")
    assert check_station_sequence(stored.assign(content_hash=["a", same.content_hash()]), [same]) == [same]  # stored already: a no-op


# --- security review of issue 9: back-dating, scopes, horizons, digits ----------------------------

STORED = pd.DataFrame({"id": [1, 2], "station_id": ["bs-0001", "bs-0001"], "status": ["out", "restored"],
                       "at": pd.to_datetime(["2025-01-07T01:05Z", "2025-01-07T05:00Z"]), "content_hash": ["a", "b"]})  # fmt: skip


def test_a_back_dated_station_event_is_checked_against_the_events_after_it():
    """Review: "out" at 19:00 then "out" at 18:00 were both stored; the 19:00 one became a repeat."""
    between = StationEvent("bs-0001", "restored", pd.Timestamp("2025-01-07T04:00Z"), "earlier source")
    with pytest.raises(InputError, match=r"f\.csv, row 1, field 'status': station bs-0001 would be restored at 2025-01-07 12:00 UTC\+8 "
                                         r"and is reported restored again at 2025-01-07 13:00 UTC\+8; a repeated status is refused"):
        check_station_sequence(STORED, [between], path="f.csv", rows=["row 1"])
    first_out = StationEvent("bs-0001", "out", pd.Timestamp("2025-01-07T01:00Z"), "x")  # before the stored first "out"
    with pytest.raises(InputError, match="station bs-0001 would be out at 2025-01-07 09:00 UTC\\+8 and is reported out again"):
        check_station_sequence(STORED, [first_out])
    restored_first = StationEvent("bs-0001", "restored", pd.Timestamp("2025-01-07T01:00Z"), "x")
    with pytest.raises(InputError, match="station bs-0001 was never reported out by 2025-01-07 09:00 UTC\\+8"):
        check_station_sequence(STORED, [restored_first])
    # a change in between is fine, back-dated or not
    pair = [StationEvent("bs-0001", "restored", pd.Timestamp("2025-01-07T02:00Z"), "x"),
            StationEvent("bs-0001", "out", pd.Timestamp("2025-01-07T03:00Z"), "x")]  # fmt: skip
    assert check_station_sequence(STORED, pair) == pair


def test_new_station_events_are_checked_in_time_order_whatever_their_row_order():
    """Review: a bulk file with `out,19:00` then `out,18:00` for one station stored both."""
    late = StationEvent("bs-0001", "out", pd.Timestamp("2025-01-07T11:00Z"), "x")
    early = StationEvent("bs-0001", "out", pd.Timestamp("2025-01-07T10:00Z"), "x")
    with pytest.raises(InputError, match=r"row 1, field 'status': station bs-0001 is already out at 2025-01-07 19:00 UTC\+8"):
        check_station_sequence(STORED, [late, early], rows=["row 1", "row 2"])
    back = StationEvent("bs-0001", "restored", pd.Timestamp("2025-01-07T10:30Z"), "x")
    assert check_station_sequence(STORED, [late, back, early]) == [late, back, early]  # out 18:00, restored 18:30, out 19:00
    assert check_station_sequence(STORED, [late, late]) == [late, late]  # the same event twice is one event


def test_a_time_long_after_the_earthquake_is_a_year_typo():
    """Review: 2026-01-07 (for 2025-01-07) was stored and became the latest deaths figure."""
    now = pd.Timestamp("2026-06-01T00:00Z")
    base = {"metric": "deaths", "value": "127", "source": "x"}
    with pytest.raises(InputError, match=r"field 'observed_at': 2026-01-07T19:00\+08:00 is more than 180 days after the earthquake "
                                         r"\(2025-01-07 09:05 UTC\+8\); check the year; give --force with a --note"):
        validate_record({**base, "observed_at": "2026-01-07T19:00+08:00"}, now=now, incident=DINGRI)
    with pytest.raises(InputError, match="field 'reported_at': .*more than 180 days after the earthquake"):
        validate_record({**base, "observed_at": "2025-01-07T19:00+08:00", "reported_at": "2026-01-07T19:00+08:00"}, now=now, incident=DINGRI)
    assert validate_record({**base, "observed_at": "2025-07-05T19:00+08:00"}, now=now, incident=DINGRI).value == 127  # within 180 days
    forced = validate_record({**base, "observed_at": "2026-01-07T19:00+08:00", "note": "anniversary review"}, now=now,
                             incident=DINGRI, force=True)  # fmt: skip
    assert forced.observed_at.year == 2026
    event = {"station_id": "bs-0001", "status": "out", "at": "2026-01-07T09:05+08:00", "source": "CM"}
    with pytest.raises(InputError, match="field 'at': .*more than 180 days after the earthquake"):
        validate_station_event(event, now=now, incident=DINGRI)


@pytest.mark.parametrize("text", ["\u0661\u0662\u0663", "\uff11\uff12\uff13", "1\u0662\u0663", "\u0661,234"])
def test_values_in_other_digits_are_refused(text):
    """Review: Arabic-Indic and fullwidth digits were read as 123 (Python's float() takes them)."""
    with pytest.raises(ValueError, match="expected a number written with ASCII digits 0-9"):
        parse_value(text)
    with pytest.raises(InputError, match="field 'value': expected a number written with ASCII digits"):
        rec(value=text)


def test_minus_zero_is_zero():
    """Review: "-0" was stored and shown as "-0 people"."""
    assert str(rec(value="-0").value) == "0.0"
    assert str(rec(metric="tents", value="-0.0").value) == "0.0"
    assert rec(value="-0").content_hash() == rec(value="0").content_hash()


@pytest.mark.parametrize(("field", "text", "char"), [("scope", "Dingri county\u200b", "U+200B"), ("source", "Xin\u202ehua", "U+202E"),
                                                     ("metric", "deaths\u2060", "U+2060"), ("scope", "Ding\x07ri", "U+0007"),
                                                     ("unit", "people\ufeff", "U+FEFF")])  # fmt: skip
def test_invisible_characters_are_refused(field, text, char):
    """Review: "Dingri county\u200b" was stored as a second scope beside "Dingri county", with no warning."""
    with pytest.raises(InputError, match=f"field '{field}': contains an invisible or control character {re.escape(char)}"):
        rec(incident=DINGRI, **{field: text})
    with pytest.raises(InputError, match=f"field 'source': contains an invisible or control character {re.escape(char)}"):
        validate_station_event({"station_id": "bs-0001", "status": "out", "at": "2025-01-07T09:05+08:00", "source": text},
                               now=NOW, incident=DINGRI)  # fmt: skip


@pytest.mark.parametrize("text", ["dingri county", "Dingri County", "  DINGRI\u00a0  county ", "Dingri\tcounty"])
def test_the_incidents_scope_is_spelled_as_the_incident_spells_it(text):
    """Review: "dingri county" and "Dingri County" were stored as scopes separate from "Dingri county"."""
    if "\t" in text:  # a tab is a control character: refused, not folded
        with pytest.raises(InputError, match="field 'scope': contains an invisible or control character U\\+0009"):
            rec(scope=text, incident=DINGRI)
        return
    assert rec(scope=text, incident=DINGRI).scope == "Dingri county"
    assert rec(scope="  Cuoguo   township ", incident=DINGRI).scope == "Cuoguo township"  # other scopes: spacing folded only


def _target(**kw):
    base = {"target_id": 12, "target_metric": "deaths", "target_scope": "Dingri county",
            "target_observed_at": pd.Timestamp("2025-01-07T11:00Z")}  # fmt: skip
    return {**base, **kw}


def test_a_correction_is_not_observed_before_the_figure_it_corrects():
    """Review: a correction back-dated to 09:10 showed the corrected 127 deaths at 09:30, hours before 126 was known."""
    early = rec(value="127", observed_at="2025-01-07T09:10+08:00", corrects="12")
    assert correction_problem(early, **_target()) == (
        "observed_at", "2025-01-07 09:10 UTC+8 is before record 12 (deaths, Dingri county, observed 2025-01-07 19:00 UTC+8); "
        "a correction is observed at or after the figure it corrects: give 2025-01-07 19:00 UTC+8 or later")  # fmt: skip
    assert correction_problem(rec(value="127", corrects="12"), **_target()) is None  # at the target's time (the app's form)
    assert correction_problem(rec(value="127", observed_at="2025-01-07T20:00+08:00", corrects="12"), **_target()) is None


def test_a_correction_keeps_its_targets_scope():
    """Review: `--corrects 12 --scope 'Changsuo township'` moved the county's 126 deaths away; 95 came back."""
    moved = rec(value="127", corrects="12", scope="Changsuo township")
    field, message = correction_problem(moved, **_target())
    assert field == "scope" and "is about 'Dingri county'; a correction keeps its target's scope, got 'Changsuo township'" in message
    assert correction_problem(rec(value="127", corrects="12", scope="dingri  County"), **_target()) is None  # same scope, spelled otherwise
    assert correction_problem(rec(value="127", corrects="12"), **_target()) is None  # no scope: the target's
    assert correction_problem(rec(metric="injured", value="127", corrects="12"), **_target())[0] == "corrects"


@pytest.mark.parametrize(("field", "text"), [("source_url", "http://x/\x1b[2J"), ("author", "\x1b[31mred"), ("note", "n\x1b[2J"),
                                             ("note", "a\u202eb")])  # fmt: skip
def test_terminal_escapes_are_refused_in_every_text_field(field, text):
    """Attacker review (issue 13): source_url, author and note took ESC and BEL, which reached terminals,
    CSV exports and the Markdown report raw; a note keeps its line breaks."""
    with pytest.raises(InputError, match=f"field '{field}': contains an invisible or control character"):
        rec(incident=DINGRI, **{field: text})
    assert rec(incident=DINGRI, note="first line\nsecond line").note.count("line") == 2
    if field in ("author", "note"):
        with pytest.raises(InputError, match=f"field '{field}': contains an invisible or control character"):
            validate_station_event({"station_id": "bs-0001", "status": "out", "at": "2025-01-07T09:05+08:00", "source": "s",
                                    field: text}, now=NOW, incident=DINGRI)  # fmt: skip
