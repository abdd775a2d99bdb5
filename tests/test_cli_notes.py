"""`sitrep note add/list`, `sitrep ingest --notes` and qualified figures on the command line.

Issue 13: free-text notes (response, needs, gaps, next update...) entered with sources, and
"more than 1,000 houses" / "30,400+ relocated" stored and shown as published.
"""

import csv
import io
import json

import sqlalchemy as sa

from tests.test_store_safety import one_line_error

HOSTILE = "{{7*7}} <img src=x onerror=alert(1)> ![x](http://evil)"


def listed(run_cli, *args):
    r = run_cli("note", "list", "--format", "json", *args)
    assert r.code == 0, r.err
    return json.loads(r.out)


def add(run_cli, *args):
    return run_cli("note", "add", *args)


def test_a_note_is_added_with_its_source_and_listed_as_of_a_time(run_cli):
    r = add(run_cli, "--section", "response", "--text", "Level II response started", "--source", "Tibet HQ via Xinhua",
            "--observed-at", "2025-01-07T12:30+08:00", "--source-url", "https://example.org/x", "--author", "li.wei")  # fmt: skip
    assert r.code == 0, r.err
    assert "stored note" in r.out and "(Response), observed 2025-01-07 12:30 UTC+8, source Tibet HQ via Xinhua" in r.out
    add(run_cli, "--section", "Next update", "--text", "Next briefing\nat 20:00", "--source", "Shigatse HQ",
        "--observed-at", "2025-01-07T15:00+08:00")  # fmt: skip
    mine = [n for n in listed(run_cli) if n["source"] in ("Tibet HQ via Xinhua", "Shigatse HQ")]
    assert [(n["section"], n["text"]) for n in mine] == [("response", "Level II response started"),
                                                         ("next_update", "Next briefing\nat 20:00")]  # fmt: skip
    assert mine[0]["observed_at"] == "2025-01-07T04:30:00Z" and mine[0]["observed_at_local"] == "2025-01-07 12:30 UTC+8"
    assert mine[0]["author"] == "li.wei" and mine[0]["source_url"] == "https://example.org/x"
    early = listed(run_cli, "--as-of", "2025-01-07T13:00+08:00")
    assert "Next briefing\nat 20:00" not in [n["text"] for n in early]  # observed at 15:00: not known at 13:00
    assert all(n["observed_at"] <= "2025-01-07T05:00:00Z" for n in early)
    assert {n["section"] for n in listed(run_cli, "--section", "next_update")} == {"next_update"}


def test_the_same_note_twice_is_stored_once(run_cli):
    args = ("--section", "needs", "--text", "tents", "--source", "HQ", "--observed-at", "2025-01-07T14:00+08:00")
    assert "stored note" in add(run_cli, *args).out
    again = add(run_cli, *args, "--author", "someone else")
    assert again.code == 0 and "already stored as note" in again.out
    assert sum(n["text"] == "tents" for n in listed(run_cli)) == 1


def test_a_bad_note_is_one_line_and_stores_nothing(run_cli):
    before = listed(run_cli)
    line = one_line_error(add(run_cli, "--section", "weather", "--text", "x", "--source", "y", "--observed-at", "2025-01-07T14:00+08:00"))
    assert line == ("sitrep: error: field 'section': expected one of highlight, response, needs, gaps, next_update, contacts, "
                    "got 'weather'")  # fmt: skip
    line = one_line_error(add(run_cli, "--section", "gaps", "--text", "x", "--source", "y", "--observed-at", "2025-01-06T14:00+08:00"))
    assert "field 'observed_at'" in line and "is before the earthquake" in line and "give --force" in line
    line = one_line_error(add(run_cli, "--section", "gaps", "--text", "x" * 2001, "--source", "y"))
    assert "field 'text': 2,001 characters is too long; at most 2,000" in line
    assert listed(run_cli) == before


def test_hostile_text_stays_text_and_terminal_escapes_are_shown_not_run(run_cli, private_timeline_store):
    """Template, HTML and Markdown in a note are its text, as typed; control characters a store
    written by other software holds come out as visible escapes, never acted on."""
    r = add(run_cli, "--section", "gaps", "--text", HOSTILE, "--source", HOSTILE, "--observed-at", "2025-01-07T14:00+08:00")
    assert r.code == 0, r.err
    engine = sa.create_engine(f"sqlite:///{private_timeline_store}")
    with engine.begin() as conn:  # (another program: no validation)
        conn.exec_driver_sql("INSERT INTO notes (content_hash, section, text, observed_at, entered_at, source, batch, incident) "
                             "VALUES ('x', 'gaps', 'evil\x1b[2J\u202eline', '2025-01-07 06:30:00', '2025-01-07 06:30:00', "
                             "'src\x1b]0;title\x07', 'b', 'dingri-2025')")  # fmt: skip
    engine.dispose()
    table = run_cli("note", "list")
    assert table.code == 0, table.err
    assert HOSTILE in table.out
    assert "\x1b" not in table.out and "\u202e" not in table.out and "\x07" not in table.out
    assert "evil\\x1b[2J\\u202eline" in table.out and "src\\x1b]0;title\\x07" in table.out
    rows = list(csv.DictReader(io.StringIO(run_cli("note", "list", "--format", "csv").out)))
    assert HOSTILE in [row["text"] for row in rows]


def test_ingest_reads_a_notes_file_by_its_columns_or_with_notes(run_cli, write):
    path = write("notes.csv", "section,text,observed_at,source\n"
                              "needs,\"tents\nwarm clothing\",2025-01-07T19:00+08:00,Shigatse HQ\n"
                              "gaps,no access to Quluo,2025-01-07T19:00+08:00,Shigatse HQ\n")  # fmt: skip
    r = run_cli("ingest", path)
    assert r.code == 0, r.err
    assert f"stored 2 new notes from {path}" in r.out
    assert "stored 0 new notes" in run_cli("ingest", "--notes", path).out
    texts = [n["text"] for n in listed(run_cli)]
    assert "tents\nwarm clothing" in texts and "no access to Quluo" in texts


def test_a_bad_notes_file_names_its_row_and_stores_nothing(run_cli, write):
    before = listed(run_cli)
    path = write("notes.csv", "section,text,observed_at,source\nneeds,tents,2025-01-07T19:00+08:00,HQ\n"
                              "wishes,x,2025-01-07T19:00+08:00,HQ\n")  # fmt: skip
    line = one_line_error(run_cli("ingest", "--notes", path))
    assert f"{path}, row 2 (line 3), field 'section': expected one of highlight" in line
    assert listed(run_cli) == before


# --- qualifiers ------------------------------------------------------------------------------------


def test_a_qualified_figure_is_ingested_and_shown_as_published(run_cli):
    r = run_cli("ingest", "--metric", "tents", "--value", "more than 1,000", "--unit", "tents", "--observed-at",
                "2025-01-07T19:30+08:00", "--source", "HQ")  # fmt: skip
    assert r.code == 0, r.err
    assert "tents = more than 1,000 tents" in r.out
    r = run_cli("ingest", "--metric", "blankets", "--value", "300", "--qualifier", "~", "--observed-at", "2025-01-07T19:30+08:00",
                "--source", "HQ")  # fmt: skip
    assert "blankets = about 300" in r.out
    table = run_cli("timeline", "--metric", "tents", "blankets")
    assert "more than 1,000 tents" in table.out and "about 300" in table.out
    rows = json.loads(run_cli("timeline", "--metric", "tents", "--format", "json").out)
    assert [(r["value"], r["qualifier"]) for r in rows] == [(1000, "more-than")]


def test_a_bad_or_conflicting_qualifier_is_one_line(run_cli):
    base = ("ingest", "--metric", "tents", "--observed-at", "2025-01-07T19:30+08:00", "--source", "HQ")
    line = one_line_error(run_cli(*base, "--value", "5", "--qualifier", "roughly"))
    assert "field 'qualifier': expected one of more-than, at-least, about" in line
    line = one_line_error(run_cli(*base, "--value", "30,400+", "--qualifier", "about"))
    assert "field 'qualifier': is 'about' but the value '30,400+' says 'at-least'" in line


def test_a_figures_file_may_carry_qualifiers(run_cli, write):
    path = write("figures.csv", "metric,value,observed_at,source,qualifier\n"
                                "tents,\"1,000\",2025-01-07T19:30+08:00,HQ,more than\n"
                                "blankets,\"30,400+\",2025-01-07T19:30+08:00,HQ,\n")  # fmt: skip
    assert run_cli("ingest", path).code == 0
    rows = json.loads(run_cli("timeline", "--metric", "tents", "blankets", "--format", "json").out)
    assert {r["metric"]: r["qualifier"] for r in rows} == {"tents": "more-than", "blankets": "at-least"}


def test_a_row_with_more_fields_than_its_header_is_refused_not_cut_short(run_cli, write):
    """An unquoted comma in a field used to cut it short silently (the bundled timeline's note
    "rest in progress; 57 staff, 16 vehicles, ..." was stored as "rest in progress; 57 staff")."""
    path = write("figures.csv", "metric,value,observed_at,source,note\n"
                                "tents,5,2025-01-07T19:30+08:00,HQ,57 staff, 16 vehicles\n")  # fmt: skip
    line = one_line_error(run_cli("ingest", path))
    assert f"{path}, row 1 (line 2): has 6 fields, the header 5; quote a field that holds a comma" in line
