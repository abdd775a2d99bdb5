"""``sitrep ingest``: add reported figures (or station events) to the timeline store.

Contract::

    sitrep ingest --metric deaths --value 126 --observed-at 2025-01-07T19:00+08:00 \\
                  --source "Xinhua" [--scope "Dingri county"] [--unit people] [--qualifier more-than] [--note ...] [--force]
    sitrep ingest FILE.csv        # bulk; same columns; all-or-nothing
    sitrep ingest --notes FILE.csv  # timeline notes (section,text,observed_at,source,...); found by its columns too
    sitrep ingest --retract ID --note "why it was wrong"   # the figure leaves cards, charts, reports

Figures are checked against the scenario's incident (:class:`sitrep.records.Incident`): no
scope means the incident's area; implausible values, times before the earthquake and times
more than 180 days after it need ``--force`` and a ``--note``; a correction keeps its
target's scope and is not observed before it; station events must name a station of the
layer and change its status, wherever in the station's sequence they fall.

A figure's qualifier ("more than 1,000") is given with ``--qualifier`` / a ``qualifier``
column, or written in the value ("30,400+", ">1000", "about 300"). A CSV whose header has
``section`` and ``text`` (and no ``metric``) holds timeline notes, as with ``--notes``
(:func:`sitrep.records.validate_note`).

Every record and station event is attributed to ``--author``, else the OS user (bulk rows
that name no author too). The CLI is trusted: whoever can run it on the store's machine
(or holds the database URL) writes as anyone; the app's accounts govern the app only.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from ..errors import InputError
from ..output import terminal_safe
from ..records import METRICS, NOTE_FIELDS, NOTE_SECTIONS, RECORD_FIELDS, Incident
from ..timeutil import format_local
from .options import add_incident_option

EPILOG = f"""\
examples:
  sitrep ingest --metric deaths --value 126 --observed-at 2025-01-07T19:00+08:00 --source Xinhua
  sitrep ingest --metric injured --value 190 --observed-at 2025-01-07T20:00+08:00 \\
                --source "Shigatse HQ" --corrects ID --note "revised count"
                                            ID: the injured record's id (sitrep timeline --format json)
  sitrep ingest figures.csv                 columns: {",".join(RECORD_FIELDS)}
  sitrep ingest --metric relocated --value "30,400+" --observed-at 2025-01-07T19:00+08:00 --source Xinhua
                                            stored as at least 30,400 (qualifier at-least)
  sitrep ingest --notes notes.csv           columns: {",".join(NOTE_FIELDS)}
                                            sections: {", ".join(NOTE_SECTIONS)}
  sitrep ingest --station bs-0001 --status restored --observed-at 2025-01-07T20:40+08:00 --source "China Mobile"
  sitrep ingest events.csv --station-events columns: station_id,status,at,source,note[,author]
  sitrep ingest --retract ID --note "double-counted: same report as record 12"

known metrics (whole, non-negative counts; unit defaults to the first):
""" + "\n".join(f"  {name:<18} {' / '.join(m.units)}" for name, m in METRICS.items()) + """
any other metric name is accepted with any unit.

Without --scope (or with an empty scope column) a figure is about the scenario's area
("Dingri county"; "dingri  County" is spelled so too). Values: ASCII digits, a decimal
point (2.5), thousands separators only in groups of three (30,400); a decimal comma (1,5)
is refused; -0 is 0. A qualifier (--qualifier or a qualifier column: more-than, at-least,
about; also "more than", ">", "at least", "+", "about", "~", "approx") says how the figure was
published; a value written "30,400+", ">1000" or "about 300" sets it too (both given: they
must agree). Invisible or control characters in metric, unit, scope or source are
refused. A count of people above the area's population, of stations above the station
layer's size, any value above 1,000,000,000, a time before the earthquake or more than 180
days after it is refused unless --force is given with a --note saying why.
A correction (--corrects ID) keeps the scope of record ID (give none, or the same) and is
observed at or after it.
Station events must name a station of the scenario's base_stations layer and change its
status: a second "restored" for a restored station (or "out" for one already out) is
refused, also when back-dated in front of a later event with the same status.

A bulk file is checked whole before anything is stored: one bad row and nothing is stored.
The same figure from the same source entered twice is stored once. Nothing is ever
overwritten: to correct a figure, add a record with --corrects ID; a figure that was
wrong with no replacement is retracted (--retract ID --note REASON) and leaves the
cards, charts, timeline and reports. Rows without an author are attributed to you.
"""


def register(sub) -> None:
    p = sub.add_parser(
        "ingest",
        help="add a reported figure, or a CSV of them, to the timeline (append-only)",
        description="Add reported figures to the timeline store, attributed to their source.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", nargs="?", help="a CSV of records (or of station events with --station-events)")
    p.add_argument("--station-events", action="store_true", help="FILE holds station events, not figures")
    p.add_argument("--notes", action="store_true",
                   help="FILE holds timeline notes (section,text,observed_at,source,...); a header with section and text "
                   "and no metric is read so without it")  # fmt: skip
    p.add_argument("--metric", help="deaths, injured, missing, relocated, houses_collapsed, stations_out, stations_restored, or any name")
    p.add_argument("--value", help="the figure as reported")
    p.add_argument("--unit", help="unit (default: the metric's, e.g. people)")
    p.add_argument("--qualifier", default=None,
                   help="how the figure was published: more-than, at-least or about (also 'more than', '>', '+', '~'...)")  # fmt: skip
    p.add_argument("--scope", default=None,
                   help='area or operator the figure covers, e.g. "China Mobile" (default: the scenario\'s area, "Dingri county")')
    p.add_argument("--observed-at", help="the time the figure describes, ISO 8601 (no offset: the incident's zone)")
    p.add_argument("--reported-at", help="when the source published it, ISO 8601")
    p.add_argument("--source", help="who reported it")
    p.add_argument("--source-url", default="", help="where it was published")
    p.add_argument("--author", default=None, help="who enters it (default: your user name)")
    p.add_argument("--note", default="", help="free text (with --retract: the reason, required)")
    p.add_argument("--corrects", help="id of the record this one corrects")
    p.add_argument("--retract", metavar="ID", help="retract record ID: it was wrong and has no replacement (give the reason in --note)")
    p.add_argument("--force", action="store_true",
                   help="store a value above its ceiling or a time before the earthquake; needs a --note saying why (in a FILE: a note column)")
    p.add_argument("--station", help="a base station id: record a station event instead of a figure")
    p.add_argument("--status", choices=("out", "restored"), help="with --station")
    p.add_argument("--db", metavar="URL_OR_PATH", help="the timeline store (default: SITREP_DB, else ~/.local/share/sitrep/sitrep.sqlite)")
    add_incident_option(p, "incident the figures are about, which seeds an empty store")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..records import check_station_sequence, validate_record, validate_rows, validate_station_event
    from ..store import check_column_lengths, open_store, read_csv_rows

    single = [o for o in ("metric", "value", "observed_at", "source", "station") if getattr(args, o)]
    author = args.author if args.author is not None else _user()
    if args.retract is not None:
        if args.file or single or args.corrects:
            raise InputError(None, "--retract takes only a record id and --note (the reason); add a correction with --corrects instead",
                             field="retract")  # fmt: skip
        return _retract(args, author)
    if args.file and single:
        raise InputError(None, "give either a FILE or --metric/--value/... for one record, not both", field="file")
    if not args.file and not single:
        raise InputError(None, "nothing to ingest: give a CSV FILE, or --metric, --value, --observed-at and --source", field="file")
    if args.notes and not args.file:
        raise InputError(None, "--notes reads a FILE of notes; to add one note use: sitrep note add --section ... --text ...", field="notes")
    incident = _incident(args.scenario)
    if args.file:
        rows = read_csv_rows(Path(args.file))
        notes = args.notes or (not args.station_events and _holds_notes(rows))
        if notes and args.station_events:
            raise InputError(args.file, "give --notes or --station-events, not both", field="notes")
        rows = [{**row, "author": (row.get("author") or "").strip() or author} for row in rows]  # rows naming no author: you
        items = validate_rows(rows, path=args.file, station_events=args.station_events, incident=incident, force=args.force,
                              notes=notes)  # fmt: skip
        check_column_lengths(items, path=args.file)  # each bad row named before the store is opened
        store = open_store(args.db, incident=args.scenario)
        labels = [f"row {i + 1} (line {i + 2})" for i in range(len(items))]
        if notes:
            new = sum(is_new for _, is_new in store.add_notes(items))
            print(terminal_safe(f"stored {new} new notes from {args.file}"))
            return 0
        if args.station_events:
            check_station_sequence(store.station_events(), items, path=args.file, rows=labels)
        else:
            _check_corrections(store, items, path=args.file, rows=labels)
        before = store.count()
        new = sum(is_new for _, is_new in store.append(items))
        kind = "station events" if args.station_events else "records"
        print(terminal_safe(f"stored {new} new {kind} from {args.file}" + (f" ({before} records were there before)" if not args.station_events else "")))
        return 0
    if args.station:
        event = validate_station_event({"station_id": args.station, "status": args.status, "at": args.observed_at,
                                        "source": args.source, "note": args.note, "author": author}, incident=incident,
                                       force=args.force)  # fmt: skip
        store = open_store(args.db, incident=args.scenario)
        check_station_sequence(store.station_events(), [event])
        (ident, new), = store.append([event])
        print(terminal_safe(("stored" if new else "already stored:") + f" station event {ident}: {event.station_id} {event.status} at {format_local(event.at)}"))
        return 0
    raw = {f: getattr(args, f, None) for f in RECORD_FIELDS}
    raw["author"] = author
    record = validate_record(raw, incident=incident, force=args.force)
    store = open_store(args.db, incident=args.scenario)
    _check_corrections(store, [record])
    (ident, new), = store.append([record])
    from .timeline import figure_text

    what = f"{record.metric} = {figure_text(record.value, record.qualifier, record.unit)}" + (f" ({record.scope})" if record.scope else "")
    if new:
        print(terminal_safe(f"stored record {ident}: {what}, observed {format_local(record.observed_at)}, source {record.source}"))
    else:
        print(f"already stored as record {ident} (same figure, time and source); nothing added", file=sys.stdout)
    return 0


def _holds_notes(rows: list[dict[str, str]]) -> bool:
    """A CSV of timeline notes: its header has ``section`` and ``text``, and no ``metric``."""
    header = set(rows[0]) if rows else set()
    return {"section", "text"} <= header and "metric" not in header


def _check_corrections(store, items, *, path: str | None = None, rows: list[str] | None = None) -> None:
    """Name the row of a correction that cannot correct its (stored) target; the store checks again when writing."""
    from ..records import Record, correction_problem

    wanted = {it.corrects for it in items if isinstance(it, Record) and it.corrects is not None}
    if not wanted:
        return
    recs = store.records()
    targets = recs[recs["id"].isin(wanted)].set_index("id")
    for i, item in enumerate(items):
        if item.corrects not in targets.index:
            continue  # not stored (yet): the store's own check says so
        t = targets.loc[item.corrects]
        problem = correction_problem(item, target_id=item.corrects, target_metric=t["metric"], target_scope=t["scope"] or "",
                                     target_observed_at=t["observed_at"])  # fmt: skip
        if problem is not None:
            raise InputError(path, problem[1], row=rows[i] if rows else None, field=problem[0])


def _retract(args: argparse.Namespace, author: str) -> int:
    from ..store import open_store

    text = args.retract.strip()
    if not text.isdigit():
        raise InputError(None, f"expected the id of the record to retract, got {args.retract!r}", field="retract")
    if not args.note.strip():
        raise InputError(None, "a retraction needs a reason: give it in --note", field="note")
    store = open_store(args.db, incident=args.scenario)
    new = store.retract(int(text), author=author, reason=args.note)
    print(f"retracted record {int(text)}" if new else f"record {int(text)} was already retracted; nothing changed")
    return 0


def _incident(scenario: str) -> Incident:
    """The scenario's incident: its area, population, station ids and earthquake time (two layers read)."""
    from ..io.catalog import read_scenario_spec
    from ..io.scenario import load_scenario_layer

    spec = read_scenario_spec(scenario)
    layers = {name: load_scenario_layer(spec.layer(name), spec) for name in ("base_stations", "epicentres") if name in spec.layer_names}
    return Incident.from_scenario(spec, layers)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
