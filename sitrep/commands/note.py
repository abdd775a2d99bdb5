"""``sitrep note``: free-text timeline notes (highlights, response, needs, gaps, next update, contacts).

Contract::

    sitrep note add --section needs --text "tents, warm clothing" --source "Shigatse HQ" \\
                    [--observed-at ISO] [--reported-at ISO] [--source-url URL] [--author NAME] [--force]
    sitrep note list [--as-of ISO] [--section S ...] [--format table|csv|json]

A note is checked like a record (:func:`sitrep.records.validate_note`): a known section, a
source, text of at most 2,000 characters without invisible characters (newlines are kept),
a time not before the earthquake nor more than 180 days after it (unless ``--force``).
Without ``--observed-at`` a note is observed now. Notes are append-only: the same note
from the same source twice is stored once. A CSV of notes goes in with ``sitrep ingest
--notes FILE``. As ``sitrep ingest``, the CLI is trusted: a note is attributed to
``--author``, else the OS user.
"""

from __future__ import annotations

import argparse

import pandas as pd

from ..output import local_time_column, render_table, stdout_text, terminal_safe, to_json_text, to_safe_csv
from ..records import NOTE_FIELDS, NOTE_SECTIONS, NOTE_TEXT_MAX
from ..timeutil import format_local
from .options import add_incident_option, time_option

__all__ = ["register", "run_add", "run_list", "notes_json"]

EPILOG = f"""\
examples:
  sitrep note add --section response --text "Level II response started" \\
                  --source "Tibet earthquake relief HQ via Xinhua" --observed-at 2025-01-07T12:30+08:00
  sitrep note add --section next_update --text "Next briefing at 20:00" --source "Shigatse HQ"
  sitrep note list --as-of 2025-01-07T15:00+08:00
  sitrep note list --section needs gaps --format csv
  sitrep ingest --notes notes.csv           columns: {",".join(NOTE_FIELDS)}

sections: {", ".join(f"{key} ({label})" for key, label in NOTE_SECTIONS.items())}
Text: at most {NOTE_TEXT_MAX:,} characters; newlines are kept, other control or invisible
characters are refused. Times: ISO 8601 (no offset: the incident's zone). A time before the
earthquake or more than 180 days after it needs --force. Nothing is ever overwritten.
"""


def register(sub) -> None:
    p = sub.add_parser(
        "note",
        help="add or list free-text timeline notes (response, needs, gaps, next update ...)",
        description="Free-text timeline notes with their sources: highlights, response, needs, gaps, next update, contacts.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a note (append-only)", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    add.add_argument("--section", required=True, help=f"one of {', '.join(NOTE_SECTIONS)}")
    add.add_argument("--text", required=True, help=f"the note, at most {NOTE_TEXT_MAX:,} characters")
    add.add_argument("--source", required=True, help="who published it")
    add.add_argument("--observed-at", help="the time the note describes, ISO 8601 (default: now)")
    add.add_argument("--reported-at", help="when the source published it, ISO 8601")
    add.add_argument("--source-url", default="", help="where it was published")
    add.add_argument("--author", default=None, help="who enters it (default: your user name)")
    add.add_argument("--force", action="store_true", help="store a time before the earthquake or more than 180 days after it")
    _store_options(add, "incident the note is about, which seeds an empty store")
    add.set_defaults(func=run_add)

    show = actions.add_parser("list", help="notes observed up to a time, oldest first", epilog=EPILOG,
                              formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    show.add_argument("--as-of", metavar="ISO", help="only notes observed at or before this time (default: all)")
    show.add_argument("--section", nargs="+", action="extend", metavar="S", choices=list(NOTE_SECTIONS), help="only these sections")
    show.add_argument("--format", choices=("table", "json", "csv"), default="table", help="output format (default: %(default)s)")
    _store_options(show, "incident whose notes are listed", read_only=True)
    show.set_defaults(func=run_list)


def _store_options(p: argparse.ArgumentParser, purpose: str, *, read_only: bool = False) -> None:
    only = ", only read" if read_only else ""
    p.add_argument("--db", metavar="URL_OR_PATH", help=f"the timeline store{only} (default: SITREP_DB, else ~/.local/share/sitrep/sitrep.sqlite)")
    add_incident_option(p, purpose)


def run_add(args: argparse.Namespace) -> int:
    """Validate the note against the incident, then store it (once)."""
    from ..records import validate_note
    from ..store import check_column_lengths, open_store
    from .ingest import _incident, _user

    observed = args.observed_at or pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%dT%H:%MZ")  # (now, to the minute)
    raw = {"section": args.section, "text": args.text, "source": args.source, "observed_at": observed,
           "reported_at": args.reported_at, "source_url": args.source_url,
           "author": args.author if args.author is not None else _user()}  # fmt: skip
    note = validate_note(raw, incident=_incident(args.scenario), force=args.force)
    check_column_lengths([note])
    store = open_store(args.db, incident=args.scenario)
    (ident, new), = store.add_notes([note])
    label = NOTE_SECTIONS[note.section]
    if new:
        print(terminal_safe(f"stored note {ident} ({label}), observed {format_local(note.observed_at)}, source {note.source}"))
    else:
        print(f"already stored as note {ident} (same text, time and source); nothing added")
    return 0


def notes_json(frame: pd.DataFrame) -> list[dict]:
    """Notes as plain dicts: times in UTC (ISO, Z) and in the incident's zone for people."""
    return [{
        "id": int(r["id"]), "section": r["section"], "heading": NOTE_SECTIONS.get(r["section"], r["section"]), "text": r["text"],
        "observed_at": _iso(r["observed_at"]), "observed_at_local": format_local(r["observed_at"]),
        "reported_at": _iso(r["reported_at"]), "entered_at": _iso(r["entered_at"]),
        "source": r["source"], "source_url": r["source_url"], "author": r["author"],
    } for r in frame.to_dict(orient="records")]  # fmt: skip


def run_list(args: argparse.Namespace) -> int:
    """Print the notes observed by ``--as-of`` (all without it), oldest first."""
    from ..store import open_store
    from ..timeline import notes_until

    t = time_option(args.as_of, "--as-of")
    store = open_store(args.db, incident=args.scenario, read_only=True)  # writes nothing to an existing store
    frame = notes_until(store.notes(), t)
    if args.section:
        frame = frame[frame["section"].isin(args.section)]
    rows = notes_json(frame)
    if args.format == "json":
        print(stdout_text(to_json_text(rows), "json"), end="")
        return 0
    if args.format == "csv":
        columns = ["id", "section", "heading", "text", "observed_at", "observed_at_local", "reported_at", "entered_at", "source",
                   "source_url", "author"]  # fmt: skip
        print(stdout_text(to_safe_csv(pd.DataFrame(rows, columns=columns)), "csv"), end="")
        return 0
    print(f"Notes observed up to {'now' if t is None else format_local(t)}")
    if not rows:
        print("(no notes)")
        return 0
    observed, observed_values = local_time_column("observed", [r["observed_at_local"] for r in rows])
    table = pd.DataFrame({
        "id": [r["id"] for r in rows], "section": [r["heading"] for r in rows], observed: observed_values,
        "source": [r["source"] for r in rows],
    })  # fmt: skip
    lines = render_table(table).splitlines()
    out = lines[:2]
    for line, r in zip(lines[2:], rows):
        out.append(line)
        # the text below its row, indented; each line through terminal_safe (render_table does the cells)
        out += [f"    {terminal_safe(part)}" for part in r["text"].split("\n")]
    print("\n".join(out))
    return 0


def _iso(ts) -> str | None:
    return None if ts is None or pd.isna(ts) else pd.Timestamp(ts).strftime("%Y-%m-%dT%H:%M:%SZ")
