"""`sitrep timeline` and `sitrep ingest` as coordinators and scripts use them."""

import csv
import io
import json

import pytest


def figures(run_cli, *args):
    r = run_cli("timeline", "--format", "json", *args)
    assert r.code == 0, r.err
    return json.loads(r.out)


def value(rows, metric, scope="Dingri county"):
    (row,) = [r for r in rows if r["metric"] == metric and r["scope"] == scope]
    return row["value"]


def test_json_records_carry_the_documented_fields(run_cli):
    rows = figures(run_cli, "--as-of", "2025-01-07T15:00+08:00")
    assert {"metric", "value", "scope", "observed_at", "reported_at", "source"} <= set(rows[0])
    deaths = [r for r in rows if r["metric"] == "deaths"][0]
    assert deaths["observed_at"] == "2025-01-07T07:00:00Z"  # stored and exchanged in UTC
    assert deaths["observed_at_local"] == "2025-01-07 15:00 UTC+8"  # shown in UTC+8, zone marked


@pytest.mark.parametrize(("t", "dead", "injured"), [("12:30", 53, 62), ("15:00", 95, 130), ("19:00", 126, 188)])
def test_as_of_gives_the_seeds_figures(run_cli, t, dead, injured):
    rows = figures(run_cli, "--as-of", f"2025-01-07T{t}+08:00", "--metric", "deaths", "injured")
    assert (value(rows, "deaths"), value(rows, "injured")) == (dead, injured)


def test_restored_stations_at_1900(run_cli):
    rows = figures(run_cli, "--as-of", "2025-01-07T19:00+08:00", "--metric", "stations_restored")
    assert value(rows, "stations_restored", "China Mobile") == 113


def test_time_without_offset_is_utc8_with_a_warning(run_cli):
    r = run_cli("timeline", "--as-of", "2025-01-07T15:00", "--metric", "deaths", "--format", "json")
    assert value(json.loads(r.out), "deaths") == 95
    assert "warning: time 2025-01-07T15:00 has no UTC offset; read as UTC+8" in r.err


def test_table_shows_sources_and_conflicts(run_cli):
    r = run_cli("timeline", "--as-of", "2025-01-07T12:00+08:00")
    assert "China Consumer News" in r.out and "conflict" in r.out
    assert "as of 2025-01-07 12:00 UTC+8 (04:00 UTC)" in r.out


def test_history_and_csv(run_cli):
    r = run_cli("timeline", "--history", "--metric", "deaths", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert [float(x["value"]) for x in rows] == [53, 95, 126, 126]


def test_changes_since(run_cli):
    r = run_cli("timeline", "--as-of", "2025-01-07T19:00+08:00", "--changes-since", "2025-01-07T12:30+08:00", "--metric", "deaths")
    assert "+73" in r.out


def test_ingest_one_figure_then_see_it(run_cli):
    r = run_cli("ingest", "--metric", "deaths", "--value", "130", "--observed-at", "2025-01-07T21:00+08:00",
                "--source", "Xinhua", "--scope", "Dingri county")  # fmt: skip
    assert r.code == 0 and r.out.startswith("stored record 22: deaths = 130 people (Dingri county), observed 2025-01-07 21:00 UTC+8")
    assert value(figures(run_cli, "--as-of", "2025-01-07T22:00+08:00"), "deaths") == 130  # the 9 Jan figure is later
    again = run_cli("ingest", "--metric", "deaths", "--value", "130", "--observed-at", "2025-01-07T21:00+08:00",
                    "--source", "Xinhua", "--scope", "Dingri county")  # fmt: skip
    assert again.code == 0 and "already stored as record 22" in again.out


def test_ingest_a_correction(run_cli):
    target = [r for r in figures(run_cli, "--history", "--metric", "injured") if r["value"] == 188][0]["id"]
    r = run_cli("ingest", "--metric", "injured", "--value", "190", "--observed-at", "2025-01-07T19:00+08:00",
                "--source", "Xinhua", "--corrects", target)  # fmt: skip
    assert r.code == 0
    now = figures(run_cli, "--as-of", "2025-01-07T20:00+08:00", "--metric", "injured")
    assert value(now, "injured") == 190


def test_bulk_ingest_all_or_nothing(run_cli, write):
    good = write("good.csv", "metric,value,unit,scope,observed_at,source\nmissing,0,people,Dingri county,2025-01-07T19:00+08:00,Xinhua\n")
    assert run_cli("ingest", good).code == 0
    bad = write("bad.csv", "metric,value,observed_at,source\nrelocated,5,2025-01-07T19:00+08:00,x\nrelocated,five,2025-01-07T19:00+08:00,x\n")
    r = run_cli("ingest", bad)
    assert r.code == 2 and "bad.csv, row 2 (line 3), field 'value': expected a number, got 'five'" in r.err
    assert [x for x in figures(run_cli, "--metric", "relocated") if x["value"] == 5] == []


def test_ingest_a_station_event(run_cli):
    # bs-0001 is out from 09:05 and has no restoration in the seed (bs-0007, used here before issue 9, is restored at 15:03)
    r = run_cli("ingest", "--station", "bs-0001", "--status", "restored", "--observed-at", "2025-01-07T20:00+08:00", "--source", "China Mobile")
    assert r.code == 0 and "bs-0001 restored at 2025-01-07 20:00 UTC+8" in r.out
    again = run_cli("ingest", "--station", "bs-0001", "--status", "restored", "--observed-at", "2025-01-07T20:00+08:00", "--source", "China Mobile")
    assert again.code == 0 and "already stored" in again.out  # the same event twice is one event


READMES_EXAMPLE = ["--metric", "deaths", "--value", "140", "--observed-at", "2025-01-07T21:00+08:00", "--source", "Xinhua"]


def test_a_figure_without_scope_is_about_the_incidents_area(run_cli):
    """Issue 9: README's own example (no --scope) stored scope '' and never reached the cards."""
    r = run_cli("ingest", *READMES_EXAMPLE)
    assert r.code == 0 and "deaths = 140 people (Dingri county)" in r.out
    assert value(figures(run_cli, "--as-of", "2025-01-07T22:00+08:00", "--metric", "deaths"), "deaths") == 140


def test_bulk_rows_without_scope_are_about_the_incidents_area(run_cli, write):
    """Issue 9: an empty scope column is the scenario's area; a correction still inherits its target's scope."""
    rows = write("f.csv", "metric,value,scope,observed_at,source\nmissing,3,,2025-01-07T21:00+08:00,Xinhua\n"
                          "missing,4,Cuoguo township,2025-01-07T21:00+08:00,Xinhua\n")  # fmt: skip
    assert run_cli("ingest", rows).code == 0
    now = figures(run_cli, "--as-of", "2025-01-07T22:00+08:00", "--metric", "missing")
    assert value(now, "missing") == 3 and value(now, "missing", "Cuoguo township") == 4
    target = [x for x in figures(run_cli, "--history", "--metric", "stations_restored") if x["value"] == 113][0]["id"]
    assert run_cli("ingest", "--metric", "stations_restored", "--value", "114", "--observed-at", "2025-01-07T19:00+08:00",
                   "--source", "China Mobile", "--corrects", target).code == 0  # fmt: skip
    assert value(figures(run_cli, "--as-of", "2025-01-07T20:00+08:00", "--metric", "stations_restored"), "stations_restored", "China Mobile") == 114


IMPLAUSIBLE = [
    ({"--value": "99999999999999999999999"}, "field 'value': 99999999999999999999999 is beyond any count sitrep stores"),
    ({"--value": "1e308"}, "field 'value': 1e308 is beyond any count sitrep stores"),
    ({"--value": "1,5"}, "field 'value': '1,5' has a decimal comma; use a decimal point (1.5)"),
    ({"--value": "1,50,000"}, "thousands separators in groups of three (30,400 or 1,234,567), got '1,50,000'"),
    ({"--value": "60000"}, "deaths = 60000 people is implausible (people: the population of Dingri county is 58,173); give --force with a --note"),
    ({"--value": "60000", "--force": None}, "field 'value': deaths = 60000 people is implausible (people: the population of Dingri county is 58,173); --force needs a --note"),
    ({"--observed-at": "2024-01-07T19:00+08:00"}, "field 'observed_at': 2024-01-07T19:00+08:00 is before the earthquake (2025-01-07 09:05 UTC+8); check the year"),
    ({"--metric": "stations_out", "--value": "800", "--scope": "all operators"}, "stations_out = 800 stations is implausible (stations: the base-station layer holds 751)"),
    ({"--metric": "tents", "--value": "2e9"}, "tents = 2e9 is implausible (the ceiling of any figure is 1,000,000,000)"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "message"), IMPLAUSIBLE)
def test_implausible_figures_are_refused(run_cli, change, message):
    """Issue 9: 1e23 and 1e308 deaths were stored and flattened every chart; "1,5" was stored as 15; 2024 was taken."""
    options = {**dict(zip(READMES_EXAMPLE[::2], READMES_EXAMPLE[1::2])), **change}
    r = run_cli("ingest", *[x for k, v in options.items() for x in ((k,) if v is None else (k, v))])
    assert r.code == 2 and message in r.err and len(r.err.strip().splitlines()) == 1, r.err
    assert len(figures(run_cli, "--history")) == 21  # nothing stored


def test_force_with_a_note_stores_an_implausible_figure(run_cli):
    r = run_cli("ingest", "--metric", "relocated", "--value", "60,000", "--scope", "Shigatse", "--observed-at", "2025-01-08T12:00+08:00",
                "--source", "Xinhua", "--force", "--note", "prefecture-wide, beyond the county")  # fmt: skip
    assert r.code == 0 and "relocated = 60,000 people (Shigatse)" in r.out


def test_station_events_name_stations_of_the_layer(run_cli, write):
    """Issue 9: events for stations that do not exist were stored and counted by the report only."""
    r = run_cli("ingest", "--station", "bs-9999", "--status", "out", "--observed-at", "2025-01-07T20:00+08:00", "--source", "x")
    assert r.code == 2 and "field 'station_id': no base station 'bs-9999' in the scenario's base_stations layer" in r.err
    events = write("e.csv", "station_id,status,at,source\nbs-0001,restored,2025-01-07T20:00+08:00,x\nbs-751,out,2025-01-07T20:00+08:00,x\n")
    r = run_cli("ingest", events, "--station-events")
    assert r.code == 2 and "e.csv, row 2 (line 3), field 'station_id': no base station 'bs-751'" in r.err


def test_a_repeated_station_status_is_refused(run_cli, write):
    """Issue 9: a second "restored" for a restored station made app, report and chart disagree."""
    r = run_cli("ingest", "--station", "bs-0007", "--status", "restored", "--observed-at", "2025-01-07T20:00+08:00", "--source", "another")
    assert r.code == 2 and "field 'status': station bs-0007 is already restored at 2025-01-07 20:00 UTC+8; a repeated status is refused" in r.err
    r = run_cli("ingest", "--station", "bs-0002", "--status", "restored", "--observed-at", "2025-01-07T20:00+08:00", "--source", "x")
    assert r.code == 2 and "station bs-0002 was never reported out by 2025-01-07 20:00 UTC+8" in r.err
    events = write("e.csv", "station_id,status,at,source\nbs-0001,restored,2025-01-07T20:00+08:00,x\nbs-0001,restored,2025-01-07T20:30+08:00,y\n")
    r = run_cli("ingest", events, "--station-events")
    assert r.code == 2 and "e.csv, row 2 (line 3), field 'status': station bs-0001 is already restored" in r.err
    assert run_cli("ingest", "--station", "bs-0001", "--status", "restored", "--observed-at", "2025-01-07T20:00+08:00", "--source", "x").code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--metric", "deaths", "--value", "-1", "--observed-at", "2025-01-07T19:00+08:00", "--source", "x"], "field 'value': deaths counts people killed; it cannot be negative"),
        (["--metric", "deaths", "--value", "1", "--observed-at", "2099-01-07T19:00+08:00", "--source", "x"], "field 'observed_at': 2099-01-07T19:00+08:00 is in the future"),
        (["--metric", "deaths", "--value", "1", "--unit", "kg", "--observed-at", "2025-01-07T19:00+08:00", "--source", "x"], "field 'unit': deaths is counted in people, got 'kg'"),
        (["--metric", "deaths", "--value", "1", "--observed-at", "2025-01-07T19:00+08:00"], "field 'source': is required"),
        ([], "nothing to ingest"),
        (["nope.csv"], "nope.csv: no such file"),
    ],
)
def test_ingest_errors_are_one_line_exit_2(run_cli, args, message):
    r = run_cli("ingest", *args)
    assert r.code == 2 and message in r.err and len(r.err.strip().splitlines()) == 1


def test_bad_as_of(run_cli):
    r = run_cli("timeline", "--as-of", "teatime")
    assert r.code == 2 and "field '--as-of': expected an ISO 8601 time" in r.err


def test_db_option_takes_a_plain_file_path(run_cli, tmp_path):
    path = tmp_path / "elsewhere.sqlite"
    r = run_cli("timeline", "--db", path, "--metric", "deaths", "--format", "json")
    assert r.code == 0 and path.exists()
    assert {x["value"] for x in json.loads(r.out)} == {126}


def test_a_figure_retracted_with_the_cli_leaves_timeline_and_report(run_cli, tmp_path):
    """`sitrep ingest --retract ID --note REASON`: the figure leaves `sitrep timeline` and `sitrep report`."""
    rows = figures(run_cli, "--as-of", "2025-01-07T16:00+08:00", "--metric", "deaths")
    (row,) = [r for r in rows if r["scope"] == "Dingri county"]
    assert row["value"] == 95
    r = run_cli("ingest", "--retract", str(row["id"]), "--note", "double-counted")
    assert (r.code, r.out) == (0, f"retracted record {row['id']}\n")
    assert value(figures(run_cli, "--as-of", "2025-01-07T16:00+08:00", "--metric", "deaths"), "deaths") == 53
    history = figures(run_cli, "--history", "--metric", "deaths")
    assert row["id"] not in [h["id"] for h in history]
    assert "95" not in run_cli("timeline", "--history", "--metric", "deaths").out
    out = tmp_path / "r.html"
    assert run_cli("report", "--as-of", "2025-01-07T16:00+08:00", "--out", out).code == 0
    text = out.read_text(encoding="utf-8")
    assert "95 people" not in text and "53 people" in text
    again = run_cli("ingest", "--retract", str(row["id"]), "--note", "double-counted")
    assert again.out == f"record {row['id']} was already retracted; nothing changed\n"


@pytest.mark.parametrize(("args", "message"), [
    (["--retract", "5"], "field 'note': a retraction needs a reason: give it in --note"),
    (["--retract", "x", "--note", "n"], "field 'retract': expected the id of the record to retract, got 'x'"),
    (["--retract", "99999", "--note", "n"], "field 'retract': record 99999 does not exist, so it cannot be retracted"),
    (["--retract", "5", "--note", "n", "--metric", "deaths"], "field 'retract': --retract takes only a record id"),
])  # fmt: skip
def test_a_bad_retraction_is_a_one_line_error(run_cli, args, message):
    r = run_cli("ingest", *args)
    assert r.code == 2 and r.err.startswith(f"sitrep: error: {message}") and r.err.count("\n") == 1


def test_the_cli_records_the_os_user_or_author_everywhere(run_cli, write, monkeypatch, layers):
    """Figures, bulk rows without an author, and station events are attributed to the OS user (or --author)."""
    from sitrep.store import open_store

    monkeypatch.setattr("getpass.getuser", lambda: "duty-officer")
    run_cli("ingest", "--metric", "deaths", "--value", "1", "--observed-at", "2025-01-07T10:00+08:00", "--source", "a")
    run_cli("ingest", "--metric", "deaths", "--value", "2", "--observed-at", "2025-01-07T10:00+08:00", "--source", "a",
            "--author", "li.wei")  # fmt: skip
    path = write("bulk.csv", "metric,value,observed_at,source\ndeaths,3,2025-01-07T10:00+08:00,a\n")
    assert run_cli("ingest", path).code == 0
    never_out = next(i for i in layers["base_stations"]["id"] if i not in set(open_store().station_events()["station_id"]))
    r = run_cli("ingest", "--station", never_out, "--status", "out", "--observed-at", "2025-01-07T10:00+08:00", "--source", "CM")
    assert r.code == 0, r.err
    store = open_store()
    recs = store.records().sort_values("id").tail(3)
    assert recs["author"].tolist() == ["duty-officer", "li.wei", "duty-officer"]
    assert store.station_events().sort_values("id")["author"].iloc[-1] == "duty-officer"


# --- security review of issue 9 ------------------------------------------------------------------

DEATHS_126 = 12  # the seed's 126 deaths (Dingri county), observed 2025-01-07 19:00 UTC+8


def test_a_back_dated_correction_is_refused_and_shows_nowhere(run_cli, write, tmp_path):
    """Review: a correction of record 12 observed at 09:10 showed "deaths 127" at 09:30 in timeline and report."""
    r = run_cli("ingest", "--metric", "deaths", "--value", "127", "--corrects", str(DEATHS_126), "--observed-at", "2025-01-07T09:10+08:00",
                "--source", "correction backdated", "--note", "typo")  # fmt: skip
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1, r.err
    assert ("field 'observed_at': 2025-01-07 09:10 UTC+8 is before record 12 (deaths, Dingri county, observed 2025-01-07 19:00 UTC+8); "
            "a correction is observed at or after the figure it corrects") in r.err  # fmt: skip
    rows = write("c.csv", "metric,value,observed_at,source,corrects\ndeaths,127,2025-01-07T19:00+08:00,ok,12\n"
                          "deaths,128,2025-01-07T09:10+08:00,backdated,12\n")  # fmt: skip
    r = run_cli("ingest", rows)
    assert r.code == 2 and "c.csv, row 2 (line 3), field 'observed_at': 2025-01-07 09:10 UTC+8 is before record 12" in r.err
    assert figures(run_cli, "--as-of", "2025-01-07T09:30+08:00", "--metric", "deaths") == []  # nothing stored, nothing shown
    out = tmp_path / "r.html"
    assert run_cli("report", "--as-of", "2025-01-07T09:30+08:00", "--out", out).code == 0
    assert "127 people" not in out.read_text(encoding="utf-8")
    ok = run_cli("ingest", "--metric", "deaths", "--value", "127", "--corrects", str(DEATHS_126), "--observed-at", "2025-01-07T19:00+08:00",
                 "--source", "correction", "--note", "typo")  # fmt: skip
    assert ok.code == 0, ok.err  # at the target's time, as the app's form does
    assert value(figures(run_cli, "--as-of", "2025-01-07T19:30+08:00", "--metric", "deaths"), "deaths") == 127


def test_a_correction_cannot_move_a_figure_out_of_its_scope(run_cli):
    """Review: `--corrects 12 --scope 'Changsuo township'` made the county's deaths fall back from 126 to 95."""
    r = run_cli("ingest", "--metric", "deaths", "--value", "127", "--corrects", str(DEATHS_126), "--scope", "Changsuo township",
                "--observed-at", "2025-01-07T19:00+08:00", "--source", "x")  # fmt: skip
    assert r.code == 2 and ("field 'scope': record 12 (deaths, Dingri county, observed 2025-01-07 19:00 UTC+8) is about 'Dingri county'; "
                            "a correction keeps its target's scope, got 'Changsuo township'") in r.err  # fmt: skip
    assert value(figures(run_cli, "--as-of", "2025-01-07T20:00+08:00", "--metric", "deaths"), "deaths") == 126
    same = run_cli("ingest", "--metric", "deaths", "--value", "127", "--corrects", str(DEATHS_126), "--scope", "dingri County",
                   "--observed-at", "2025-01-07T19:00+08:00", "--source", "x")  # fmt: skip
    assert same.code == 0 and "(Dingri county)" in same.out
    assert value(figures(run_cli, "--as-of", "2025-01-07T20:00+08:00", "--metric", "deaths"), "deaths") == 127


def test_the_store_refuses_such_corrections_too(tmp_path):
    """The store checks a correction when writing it (the app's forms and the Python API go through it)."""
    from sitrep.errors import InputError
    from sitrep.records import validate_record
    from sitrep.store import open_store

    store = open_store(str(tmp_path / "s.sqlite"))
    base = {"metric": "deaths", "value": "127", "source": "x", "corrects": str(DEATHS_126)}
    with pytest.raises(InputError, match="field 'observed_at': .* is before record 12"):
        store.append([validate_record({**base, "observed_at": "2025-01-07T09:10+08:00"})])
    with pytest.raises(InputError, match="field 'scope': .*a correction keeps its target's scope, got 'Changsuo township'"):
        store.append([validate_record({**base, "observed_at": "2025-01-07T19:00+08:00", "scope": "Changsuo township"})])
    assert store.count() == 21


@pytest.mark.parametrize("station", ["bs-0009", "bs-0005"])
def test_a_back_dated_station_event_cannot_make_a_repeat(run_cli, write, station):
    """Review: "out" at 19:00 then "out" at 18:00 (or the same two rows in one file) were both stored."""
    first = run_cli("ingest", "--station", station, "--status", "out", "--observed-at", "2025-01-07T19:00+08:00", "--source", "x")
    assert first.code == 0, first.err
    r = run_cli("ingest", "--station", station, "--status", "out", "--observed-at", "2025-01-07T18:00+08:00", "--source", "x")
    assert r.code == 2 and (f"field 'status': station {station} would be out at 2025-01-07 18:00 UTC+8 and is reported out again "
                            "at 2025-01-07 19:00 UTC+8; a repeated status is refused") in r.err  # fmt: skip


def test_bulk_station_events_are_checked_in_time_order(run_cli, write):
    events = write("e.csv", "station_id,status,at,source\nbs-0005,out,2025-01-07T19:00+08:00,x\nbs-0005,out,2025-01-07T18:00+08:00,x\n")
    r = run_cli("ingest", events, "--station-events")
    assert r.code == 2 and "e.csv, row 1 (line 2), field 'status': station bs-0005 is already out at 2025-01-07 19:00 UTC+8" in r.err


@pytest.mark.parametrize("as_of", ["2025-01-07T10:00+08:00", None])
def test_changes_since_after_as_of_is_refused(run_cli, as_of):
    """Review: --as-of 10:00 --changes-since 12:00 showed 56 -> 177 (56 observed at 10:30, after --as-of)."""
    since = "2025-01-07T12:00+08:00" if as_of else "2099-01-07T12:00+08:00"
    r = run_cli("timeline", *(["--as-of", as_of] if as_of else []), "--changes-since", since)
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1 and r.out == ""
    assert "field '--changes-since': " in r.err and "is after --as-of" in r.err


def test_a_figure_long_after_the_earthquake_needs_force_and_a_note(run_cli):
    """Review: a forward year typo (2026 for 2025) was stored and became the headline deaths figure."""
    args = ["--metric", "deaths", "--value", "127", "--observed-at", "2025-09-07T19:00+08:00", "--source", "x"]
    r = run_cli("ingest", *args)
    assert r.code == 2 and ("field 'observed_at': 2025-09-07T19:00+08:00 is more than 180 days after the earthquake "
                            "(2025-01-07 09:05 UTC+8); check the year; give --force with a --note") in r.err  # fmt: skip
    assert value(figures(run_cli, "--metric", "deaths"), "deaths") == 126
    assert run_cli("ingest", *args, "--force", "--note", "final review").code == 0


@pytest.mark.parametrize(("text", "message"), [("١٢٣", "expected a number written with ASCII digits 0-9"),
                                               ("１２３", "expected a number written with ASCII digits 0-9")])  # fmt: skip
def test_values_in_other_digits_are_refused(run_cli, text, message):
    """Review: `--value ١٢٣` and `--value １２３` were stored as 123."""
    r = run_cli("ingest", "--metric", "deaths", "--value", text, "--observed-at", "2025-01-07T21:00+08:00", "--source", "x")
    assert r.code == 2 and f"field 'value': {message}" in r.err


def test_minus_zero_is_stored_as_zero(run_cli):
    """Review: `--value -0` was shown as "-0 people"."""
    r = run_cli("ingest", "--metric", "missing", "--value", "-0", "--observed-at", "2025-01-07T21:00+08:00", "--source", "x")
    assert r.code == 0 and "missing = 0 people" in r.out
    assert "-0 people" not in run_cli("timeline", "--metric", "missing").out and "0 people" in run_cli("timeline", "--metric", "missing").out


def test_lookalike_scopes_are_one_scope_or_refused(run_cli):
    """Review: `dingri county`, `Dingri County` and `Dingri county\\u200b` became three scopes beside `Dingri county`."""
    base = ["--metric", "missing", "--observed-at", "2025-01-07T21:00+08:00", "--source", "x"]
    for i, scope in enumerate(["dingri county", "Dingri County", " Dingri  county "]):
        assert run_cli("ingest", *base, "--value", str(i + 1), "--scope", scope).code == 0
    r = run_cli("ingest", *base, "--value", "9", "--scope", "Dingri county\u200b")
    assert r.code == 2 and "field 'scope': contains an invisible or control character U+200B (ZERO WIDTH SPACE)" in r.err
    assert {x["scope"] for x in figures(run_cli, "--metric", "missing")} == {"Dingri county"}
