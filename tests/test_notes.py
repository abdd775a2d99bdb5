"""Qualified figures ("more than 1,000 houses") and free-text timeline notes (response, needs,
gaps, next update...): how they are checked, stored, hashed and read back as of a time.

Issue 13: "Qualifiers travel with figures" and "response, needs and gaps (free-text sections
entered as timeline notes with sources)". Neither existed before: every test here fails on the
sitrep before revision 0003_notes.
"""

import pandas as pd
import pytest

from sitrep.errors import InputError
from sitrep.records import (
    NOTE_SECTIONS,
    NOTE_TEXT_MAX,
    QUALIFIERS,
    Incident,
    Record,
    parse_qualifier,
    split_qualifier,
    validate_note,
    validate_record,
    validate_rows,
)
from sitrep.store import open_store
from sitrep.timeline import as_of, notes_until
from tests.test_store import db_url  # noqa: F401  (a fresh sqlite/postgresql store)

NOW = pd.Timestamp("2025-01-10T00:00Z")
QUAKE = Incident(scope="Dingri county", population=58173, started_at=pd.Timestamp("2025-01-07T01:05Z"))


def figure(value: str, **extra) -> Record:
    raw = {"metric": "houses_collapsed", "value": value, "observed_at": "2025-01-07T15:00+08:00", "source": "Shigatse HQ", **extra}
    return validate_record(raw, now=NOW, incident=QUAKE)


def note(*, force: bool = False, **extra):
    raw = {"section": "response", "text": "1,500 firefighters sent", "observed_at": "2025-01-07T12:00+08:00", "source": "Xinhua", **extra}
    return validate_note(raw, now=NOW, incident=QUAKE, force=force)


# --- qualifiers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("written, key", [
    ("", ""), ("more-than", "more-than"), ("More than", "more-than"), ("more  than", "more-than"), (">", "more-than"),
    ("over", "more-than"), ("at-least", "at-least"), ("AT LEAST", "at-least"), ("+", "at-least"), (">=", "at-least"),
    ("about", "about"), ("~", "about"), ("approx", "about"), ("Approx.", "about"), ("approximately", "about"),
])  # fmt: skip
def test_a_qualifier_is_read_in_its_friendly_spellings(written, key):
    assert parse_qualifier(written) == key and key in QUALIFIERS
    assert figure("1,000", qualifier=written).qualifier == key


@pytest.mark.parametrize("written", ["roughly", "less than", "<", "more-than-ish", "about\u200b"])
def test_an_unknown_qualifier_is_refused_naming_the_field_and_the_accepted_values(written):
    with pytest.raises(InputError, match=r"f\.csv, row 3, field 'qualifier': expected one of more-than, at-least, about .* got"):
        validate_record({"metric": "deaths", "value": "5", "observed_at": "2025-01-07T15:00+08:00", "source": "x",
                         "qualifier": written}, now=NOW, path="f.csv", row="row 3")  # fmt: skip


@pytest.mark.parametrize("value, key, number", [
    ("30,400+", "at-least", 30400), ("30,400 +", "at-least", 30400), (">1000", "more-than", 1000), ("> 1,000", "more-than", 1000),
    ("more than 1,000", "more-than", 1000), ("about 300", "about", 300), ("~300", "about", 300), ("approx. 300", "about", 300),
    ("at least 5", "at-least", 5), ("126", "", 126), ("+126", "", 126),
])  # fmt: skip
def test_a_value_written_with_its_qualifier_sets_it(value, key, number):
    """"30,400+" as published is stored as 30,400 with at-least; a leading "+" is a sign."""
    rec = figure(value)
    assert (rec.qualifier, rec.value) == (key, number)
    assert split_qualifier(value)[0] == key


def test_a_value_and_a_qualifier_column_that_agree_are_accepted_and_that_disagree_refused():
    assert figure("30,400+", qualifier="at least").qualifier == "at-least"
    with pytest.raises(InputError, match=r"field 'qualifier': is 'about' but the value '>1000' says 'more-than'"):
        figure(">1000", qualifier="~")


def test_a_qualified_value_is_still_checked_as_a_number():
    with pytest.raises(InputError, match=r"field 'value': '1,5' has a decimal comma"):
        figure("about 1,5")
    with pytest.raises(InputError, match=r"field 'value': expected a number, got 'lots'"):
        figure("more than lots")


def test_the_hash_of_a_figure_without_a_qualifier_is_the_one_stored_before_qualifiers():
    """Old stores and files deduplicate: this hash is the one sitrep computed before 0003_notes
    for the same figure; a qualifier makes another figure."""
    plain = figure("1,000")
    assert plain.content_hash() == "79831403283e00cbbc3887005c006e89efca9746e40bfb9b3426be381ada4476"
    assert figure("1,000", qualifier="").content_hash() == plain.content_hash()
    assert figure(">1,000").content_hash() != plain.content_hash() != figure("about 1,000").content_hash()


def test_qualifiers_are_stored_read_back_and_carried_by_as_of(db_url):  # noqa: F811
    store = open_store(seed=False)
    (a, _), (b, _) = store.append([figure("1,000"), figure("more than 1,000", observed_at="2025-01-07T16:00+08:00")])
    records = store.records()
    assert records.set_index("id").loc[[a, b], "qualifier"].tolist() == ["", "more-than"]
    latest = as_of(records, None)
    assert latest["qualifier"].tolist() == ["more-than"]


def test_a_correction_may_change_the_qualifier(db_url):  # noqa: F811
    store = open_store(seed=False)
    (target, _), = store.append([figure("1,000")])
    fix = figure("1,000", qualifier="more than", corrects=str(target), observed_at="2025-01-07T15:30+08:00")
    (ident, new), = store.append([fix])
    assert new and ident != target
    shown = as_of(store.records(), None)
    assert shown[["value", "qualifier"]].values.tolist() == [[1000.0, "more-than"]]


def test_a_csv_may_carry_a_qualifier_column(tmp_path, db_url):  # noqa: F811
    path = tmp_path / "figures.csv"
    path.write_text("metric,value,observed_at,source,qualifier\n"
                    "relocated,\"30,400\",2025-01-07T19:00+08:00,Xinhua,+\n"
                    "deaths,126,2025-01-07T19:00+08:00,Xinhua,\n", encoding="utf-8")  # fmt: skip
    store = open_store(seed=False)
    assert store.ingest_csv(path) == 2
    assert dict(zip(store.records()["metric"], store.records()["qualifier"])) == {"relocated": "at-least", "deaths": ""}
    path.write_text("metric,value,observed_at,source,qualifier\ndeaths,126,2025-01-07T19:00+08:00,Xinhua,some\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"{path}, row 1 \(line 2\), field 'qualifier': expected one of"):
        store.ingest_csv(path)


# --- notes: checks ----------------------------------------------------------------------------------


def test_a_note_is_checked_and_typed():
    n = note(section="Next update", text="  Next briefing\r\n at 20:00  ", reported_at="2025-01-07T13:00+08:00", author="li.wei")
    assert n.section == "next_update" and n.text == "Next briefing\n at 20:00"
    assert n.observed_at == pd.Timestamp("2025-01-07T04:00Z") and n.reported_at == pd.Timestamp("2025-01-07T05:00Z")
    assert n.author == "li.wei"
    assert {note(section=s).section for s in [*NOTE_SECTIONS, "Highlights", "NEEDS", "next-update"]} == set(NOTE_SECTIONS)


def test_an_unknown_section_is_refused_listing_the_sections():
    with pytest.raises(InputError, match=r"n\.csv, row 2, field 'section': expected one of highlight, response, needs, gaps, "
                                         r"next_update, contacts, got 'weather'"):  # fmt: skip
        validate_note({"section": "weather", "text": "x", "observed_at": "2025-01-07T12:00+08:00", "source": "s"}, path="n.csv",
                      row="row 2", now=NOW)  # fmt: skip


@pytest.mark.parametrize("field", ["section", "text", "observed_at", "source"])
def test_a_note_needs_section_text_time_and_source(field):
    with pytest.raises(InputError, match=rf"field '{field}': is required"):
        note(**{field: "  "})


def test_a_note_text_is_at_most_2000_characters():
    assert len(note(text="x" * NOTE_TEXT_MAX).text) == NOTE_TEXT_MAX
    with pytest.raises(InputError, match=r"field 'text': 2,001 characters is too long; at most 2,000"):
        note(text="x" * (NOTE_TEXT_MAX + 1))


@pytest.mark.parametrize("field, text", [("text", "tents\x1b[31m"), ("text", "tents\u202eevil"), ("text", "a\tb"),
                                         ("text", "a\u2028b"), ("source", "Xinhua\u200b"), ("source", "Xin\nhua")])  # fmt: skip
def test_invisible_and_control_characters_are_refused_but_newlines_in_the_text(field, text):
    with pytest.raises(InputError, match=rf"field '{field}': contains an invisible or control character"):
        note(**{field: text})
    assert note(text="line one\nline two").text == "line one\nline two"


def test_note_times_follow_the_records_rules():
    with pytest.raises(InputError, match=r"field 'observed_at': .* is before the earthquake .* give --force if it is right"):
        note(observed_at="2025-01-06T12:00+08:00")
    with pytest.raises(InputError, match=r"field 'observed_at': .* is more than 180 days after the earthquake"):
        validate_note({"section": "gaps", "text": "x", "observed_at": "2026-01-07T12:00+08:00", "source": "s"},
                      now=pd.Timestamp("2026-02-01T00:00Z"), incident=QUAKE)  # fmt: skip
    with pytest.raises(InputError, match=r"field 'reported_at': .* is in the future"):
        note(reported_at="2025-01-11T12:00+08:00")
    with pytest.raises(InputError, match=r"field 'observed_at': expected an ISO 8601 time"):
        note(observed_at="yesterday")
    assert note(observed_at="2025-01-06T12:00+08:00", force=True).observed_at == pd.Timestamp("2025-01-06T04:00Z")  # forced: stored


def test_the_same_note_has_the_same_hash_whoever_enters_it():
    assert note(author="a").content_hash() == note(author="b").content_hash()
    assert note().content_hash() != note(text="2,000 firefighters sent").content_hash()
    assert note().content_hash() != note(section="needs").content_hash()


def test_a_notes_file_is_validated_whole():
    rows = [{"section": "needs", "text": "tents", "observed_at": "2025-01-07T12:00+08:00", "source": "HQ"},
            {"section": "wishes", "text": "x", "observed_at": "2025-01-07T12:00+08:00", "source": "HQ"}]  # fmt: skip
    with pytest.raises(InputError, match=r"n\.csv, row 2 \(line 3\), field 'section'"):
        validate_rows(rows, path="n.csv", notes=True, now=NOW)
    assert [n.section for n in validate_rows(rows[:1], path="n.csv", notes=True, now=NOW)] == ["needs"]


# --- notes: store and time --------------------------------------------------------------------------


def test_notes_are_stored_once_per_incident_and_read_back_in_utc(db_url):  # noqa: F811
    store = open_store(seed=False)
    early = note(text="Level II response", observed_at="2025-01-07T12:30+08:00", source_url="https://example.org/a")
    late = note(section="needs", text="tents\nwarm clothing", observed_at="2025-01-07T19:00+08:00", reported_at="2025-01-07T21:00+08:00")
    assert [new for _, new in store.add_notes([late, early])] == [True, True]
    assert [new for _, new in store.append([early])] == [False]
    other = open_store(seed=False, incident="kaikoura-2016")
    assert other.notes().empty and [new for _, new in other.add_notes([early])] == [True]
    notes = store.notes()
    assert list(notes.columns) == ["id", "section", "text", "observed_at", "reported_at", "source", "source_url", "author", "entered_at"]
    assert notes["text"].tolist() == ["Level II response", "tents\nwarm clothing"]  # oldest observed first
    assert notes["observed_at"].tolist() == [pd.Timestamp("2025-01-07T04:30Z"), pd.Timestamp("2025-01-07T11:00Z")]
    assert pd.isna(notes["reported_at"].iloc[0]) and notes["reported_at"].iloc[1] == pd.Timestamp("2025-01-07T13:00Z")
    assert notes["source_url"].iloc[0] == "https://example.org/a" and notes["entered_at"].notna().all()
    assert store.version()[3] == 2 and other.version()[3] == 1


def test_notes_until_t_are_those_observed_by_t_oldest_first(db_url):  # noqa: F811
    store = open_store(seed=False)
    store.add_notes([note(text=f"update {h}", observed_at=f"2025-01-07T{h}:00+08:00") for h in (18, 12, 15)])
    notes = store.notes()
    assert notes_until(notes, None)["text"].tolist() == ["update 12", "update 15", "update 18"]
    assert notes_until(notes, pd.Timestamp("2025-01-07T07:00Z"))["text"].tolist() == ["update 12", "update 15"]  # 15:00+08 = 07:00Z
    assert notes_until(notes, pd.Timestamp("2025-01-07T03:59Z")).empty
    assert list(notes_until(notes.iloc[:0], pd.Timestamp("2025-01-07T07:00Z")).columns) == list(notes.columns)


def test_add_notes_takes_notes_only(db_url):  # noqa: F811
    with pytest.raises(TypeError, match="Note items only"):
        open_store(seed=False).add_notes([figure("1")])


# --- the bundled Dingri incident ----------------------------------------------------------------------


def test_the_bundled_figures_keep_every_seed_count_exact_and_carry_the_published_qualifiers():
    """"more than 1,000 houses" (Shigatse HQ, 15:00) and "30,400+ relocated" (19:00) are stored as
    published; every count stays exact, and no other figure is qualified."""
    records = open_store().records()
    qualified = {(m, v): q for m, v, q in zip(records["metric"], records["value"], records["qualifier"]) if q}
    assert qualified == {("houses_collapsed", 1000.0): "more-than", ("relocated", 30400.0): "at-least"}
    by_metric = records.groupby("metric")["value"].apply(list).to_dict()
    assert by_metric["deaths"] == [53, 95, 126, 126] and by_metric["injured"] == [62, 130, 188, 337]
    assert 177 in by_metric["stations_out"] and 113 in by_metric["stations_restored"]
    assert by_metric["houses_collapsed"] == [1000, 3609, 3612] and by_metric["relocated"] == [30400, 47500]


def test_the_bundled_notes_are_sourced_and_seeded_with_the_incident():
    """Response actions and findings the seed report states (Xinhua, 7 Jan 2025), each with its
    source; observed on 7 Jan between the earthquake (09:05) and 19:00 (UTC+8)."""
    notes = open_store().notes()
    assert len(notes) == 6 and set(notes["section"]) == {"highlight", "response"}
    assert notes["source"].str.contains("Xinhua").all() and (notes["text"].str.len() > 20).all()
    local = notes["observed_at"].dt.tz_convert("Asia/Shanghai")
    assert (local >= pd.Timestamp("2025-01-07T09:05+08:00")).all() and (local <= pd.Timestamp("2025-01-07T19:00+08:00")).all()
    assert any("more than 1,500" in t for t in notes["text"]) and any("level II" in t for t in notes["text"])


@pytest.mark.parametrize("field", ["source_url", "author"])
def test_a_notes_link_and_author_take_no_terminal_escapes(field):
    """Attacker review: `note add --source-url $'http://x/\\x1b[2J'` printed ESC raw in `note list --format csv`."""
    with pytest.raises(InputError, match=f"field '{field}': contains an invisible or control character U\\+001B"):
        note(**{field: "x\x1b[2J"})
