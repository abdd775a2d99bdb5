"""The timeline notes as viewers read them: response, needs, gaps, next update... observed by the page's time.

Read-only, for everyone (editors add notes in :mod:`sitrep.app.editing`). Only notes observed
at or before the page's time T are shown (:func:`sitrep.timeline.notes_until`): a note
observed later was not known at T, whenever it was entered. Every piece of user text (the
note, its source, its link) goes through :func:`~sitrep.app.furniture.plain` line by line:
Markdown, HTML and template syntax in a note stay the characters typed.
"""

from __future__ import annotations

from datetime import tzinfo

import pandas as pd
import streamlit as st

from .furniture import plain
from ..records import NOTE_SECTIONS
from ..timeline import notes_until
from ..timeutil import format_local

__all__ = ["notes_panel", "note_markdown"]


def note_markdown(note: pd.Series | dict, *, tz: tzinfo) -> str:
    """One note as inert Markdown: heading, local time, source (and link text), then its lines.

    Each line of the text is shown as typed (:func:`plain`), lines kept apart by Markdown
    hard breaks; the source URL is shown as text, never as a link.
    """
    heading = NOTE_SECTIONS.get(note["section"], str(note["section"]))
    head = f"**{plain(heading)}** · {format_local(note['observed_at'], tz=tz)} · {plain(note['source'])}"  # (the time is ours, not user text)
    if note.get("source_url"):
        head += f" · {plain(note['source_url'])}"
    lines = [plain(line) for line in str(note["text"]).split("\n") if line.strip()]
    return head + "  \n" + "  \n".join(lines)


def notes_panel(notes: pd.DataFrame, t: pd.Timestamp, *, tz: tzinfo) -> None:
    """A collapsed "Notes" expander listing ``notes`` (:meth:`sitrep.store.Store.notes`) observed by ``t`` (UTC), oldest first."""
    notes = notes_until(notes, t)
    with st.expander(f"Notes: response, needs, gaps… ({len(notes)} known at this time)", expanded=False):
        if notes.empty:
            st.caption("No notes observed by this time.")
            return
        for _, note in notes.iterrows():
            st.markdown(note_markdown(note, tz=tz))
