"""The app's timeline notes and qualified figures (streamlit.testing.v1.AppTest).

Issue 13: viewers read the notes (response, needs, gaps...) known at the page's time, as
text; editors add notes beside figures, and give a figure its qualifier ("more than").
"""

import re
from datetime import date, datetime, time

import pytest

from sitrep.records import validate_note
from sitrep.store import open_store
from tests.test_app import add_account, expander, metric, run, sign_in

HOSTILE = "{{7*7}} <img src=x onerror=alert(1)> ![x](http://evil)"


@pytest.fixture
def situation():
    at = run()
    assert not at.exception
    return at


def at_time(at, hour: int, minute: int = 0, day: int = 7):
    at = at.slider(key="as_of").set_value(datetime(2025, 1, day, hour, minute)).run()
    assert not at.exception
    return at


def notes_shown(at) -> list[str]:
    panel = expander(at, "Notes:")
    return [m.value for m in panel.markdown]


@pytest.fixture
def editor(situation):
    add_account()
    at = sign_in(situation)
    assert not at.exception
    return at


def test_viewers_read_the_notes_known_at_the_pages_time_and_none_later(situation):
    """At 12:00 only the notes observed by 12:00 (10:43 and 12:00); at 19:00 all six; the
    expander's label counts what is known then."""
    at = at_time(situation, 12, 0)
    early = notes_shown(at)
    assert len(early) == 2 and expander(at, "Notes:").label.endswith("(2 known at this time)")
    assert not any("level II" in n for n in early) and "no landslide dam" in early[0]
    assert "**Highlights** · 2025-01-07 10:43 UTC+8 · Ministry of Water Resources via Xinhua" in early[0]
    late = notes_shown(at_time(at, 19, 0))
    assert len(late) == 6 and any("level II" in n for n in late)
    assert "Add a note" not in [e.label[:10] for e in at.expander]  # viewers: no note form


def test_note_text_and_source_stay_text_on_the_page(situation):
    """Markdown, HTML and template syntax in a note are escaped, line by line; nothing renders."""
    open_store().add_notes([validate_note({"section": "gaps", "text": f"first line\n{HOSTILE}\n# not a heading",
                                           "observed_at": "2025-01-07T18:00+08:00", "source": HOSTILE})])  # fmt: skip
    shown = [n for n in notes_shown(at_time(situation, 19)) if "first line" in n]
    assert len(shown) == 1
    body = shown[0]
    assert not re.search(r"(?<!\\)<img", body) and "\\<img" in body and "!\\[x\\]" in body and "{{7\\*7}}" in body
    assert "first line  \n" in body and "\\# not a heading" in body


def test_an_editor_adds_a_note_under_their_name_and_it_is_shown(editor):
    at = at_time(editor, 20, 0)
    at.selectbox(key="n_section").set_value("needs")
    at.text_area(key="n_text").input("Tents and warm clothing\nfor 30,400 people")
    at.text_input(key="n_source").input("Shigatse HQ")
    at.date_input(key="n_date").set_value(date(2025, 1, 7))
    at.time_input(key="n_time").set_value(time(19, 30))
    at = next(b for b in at.button if b.label == "Add the note").click().run()
    assert not at.exception
    stored = open_store().notes().iloc[-1]
    assert (stored["section"], stored["text"], stored["source"], stored["author"]) == (
        "needs", "Tents and warm clothing\nfor 30,400 people", "Shigatse HQ", "li.wei")
    assert any("Note" in s.value and "added" in s.value for s in at.success)
    assert any("**Needs** · 2025-01-07 19:30 UTC+8 · Shigatse HQ" in n for n in notes_shown(at))


def test_a_note_without_a_source_is_refused_with_the_reason(editor):
    before = len(open_store().notes())
    editor.text_area(key="n_text").input("tents")
    at = next(b for b in editor.button if b.label == "Add the note").click().run()
    assert any("field 'source'" in e.value and "is required" in e.value for e in at.error)
    assert len(open_store().notes()) == before


def test_an_editor_gives_a_figure_its_qualifier(editor):
    at = at_time(editor, 21, 0)
    at.selectbox(key="f_metric").set_value("houses_collapsed")
    at.text_input(key="f_value").input("4,000")
    at.selectbox(key="f_qualifier").set_value("more-than")
    at.text_input(key="f_source").input("AppTest reporter")
    at.date_input(key="f_date").set_value(date(2025, 1, 7))
    at.time_input(key="f_time").set_value(time(20, 0))
    at = next(b for b in at.button if "Add to the timeline" in b.label).click().run()
    assert not at.exception
    stored = open_store().records().sort_values("id").iloc[-1]
    assert (stored["value"], stored["qualifier"]) == (4000, "more-than")
    at.text_input(key="f_value").input("30,500+")
    at.selectbox(key="f_metric").set_value("relocated")
    at.selectbox(key="f_qualifier").set_value("")
    at = next(b for b in at.button if "Add to the timeline" in b.label).click().run()
    stored = open_store().records().sort_values("id").iloc[-1]
    assert (stored["metric"], stored["value"], stored["qualifier"]) == ("relocated", 30500, "at-least")


def test_a_correction_may_change_the_qualifier(editor):
    store = open_store()
    houses = store.records(metrics=["houses_collapsed"])
    target = int(houses[houses["qualifier"] == "more-than"]["id"].iloc[0])  # "more than 1,000" at 15:00
    at = editor
    at.radio(key="c_pool").set_value("full history")
    at = at.run()
    at.selectbox(key="c_record").set_value(target)
    at = at.run()
    assert at.selectbox(key=f"c_qualifier_{target}").value == "more-than"  # the figure's own, to start with
    at.text_input(key="c_value").input("1,200")
    at.selectbox(key=f"c_qualifier_{target}").set_value("about")
    at.text_input(key="c_source").input("Shigatse HQ (revised)")
    at = next(b for b in at.button if b.label == "Store the correction").click().run()
    assert not at.exception
    fix = open_store().records(metrics=["houses_collapsed"]).sort_values("id").iloc[-1]
    assert (fix["value"], fix["qualifier"], int(fix["corrects"])) == (1200, "about", target)
    assert metric(at, "Deaths")  # the page still renders its cards
