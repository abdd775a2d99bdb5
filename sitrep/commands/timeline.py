"""``sitrep timeline``: what was known at a time, from whom.

Contract::

    sitrep timeline [--as-of ISO] [--metric M ...] [--history] [--format table|json|csv]

A qualified figure reads as published: the value column shows "more than 1,000 houses";
JSON and CSV carry ``qualifier`` (a key of :data:`sitrep.records.QUALIFIERS`, ``""`` when none).
"""

from __future__ import annotations

import argparse

import pandas as pd

from ..errors import InputError
from ..output import local_time_column, render_table, stdout_text, to_json_text, to_safe_csv
from ..records import QUALIFIERS
from ..timeutil import format_local
from .options import add_incident_option, time_option

EPILOG = """\
examples:
  sitrep timeline                                   the latest figure per metric and scope
  sitrep timeline --as-of 2025-01-07T15:00+08:00    what was known at 15:00 UTC+8
  sitrep timeline --as-of 2025-01-07T15:00 --metric deaths injured
  sitrep timeline --history --metric deaths --format csv
  sitrep timeline --as-of 2025-01-07T19:00+08:00 --changes-since 2025-01-07T12:30+08:00

times: ISO 8601; without an offset they are read in the incident's zone (and a warning says so).
Figures are never averaged: where sources disagree on the same metric and scope within
90 minutes, each is listed and flagged "conflict". A figure published as "more than 1,000"
or "30,400+" is shown with its qualifier ("more than 1,000 houses", "at least 30,400 people").
"""


def register(sub) -> None:
    p = sub.add_parser(
        "timeline",
        help="reported figures as of a time, with sources (deaths, injured, stations out ...)",
        description="Show the latest reported figure for each metric and scope as of a time, its full "
        "history, or what changed between two times. Every figure keeps its source and times.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--as-of", metavar="ISO", help="a time, e.g. 2025-01-07T15:00+08:00 (default: now, i.e. everything)")
    p.add_argument("--metric", nargs="+", action="extend", metavar="M", help="only these metrics (repeatable)")
    p.add_argument("--history", action="store_true", help="every figure observed up to --as-of, oldest first")
    p.add_argument("--changes-since", metavar="ISO", help="what changed between this time and --as-of")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table", help="output format (default: %(default)s)")
    p.add_argument("--db", metavar="URL_OR_PATH", help="the timeline store, only read (default: SITREP_DB, else ~/.local/share/sitrep/sitrep.sqlite)")
    add_incident_option(p, "incident whose timeline is shown, which seeds an empty store")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..store import open_store
    from ..timeline import as_of, changes, history

    t = time_option(args.as_of, "--as-of")
    t0 = time_option(args.changes_since, "--changes-since")
    t1 = t if t is not None else pd.Timestamp.now(tz="UTC")
    if t0 is not None and t0 > t1:  # as `sitrep report` refuses --since after --as-of
        raise InputError(None, f"{format_local(t0)} is after --as-of ({format_local(t1)}); "
                               "give a --changes-since before --as-of", field="--changes-since")  # fmt: skip
    store = open_store(args.db, incident=args.scenario, read_only=True)  # writes nothing to an existing store
    recs = store.records()
    if t0 is not None:
        frame = changes(recs, t0, t1, metrics=args.metric)
        return _emit_changes(frame, t0, t, args.format)
    frame = history(recs, t, metrics=args.metric) if args.history else as_of(recs, t, metrics=args.metric)
    return _emit(frame, t, args)


def figure_text(value: float, qualifier: str | None = "", unit: str | None = "") -> str:
    """A figure as the CLI prints it: qualifier words, the number (thousands separated, never
    ``5e+06``), the unit: ``"more than 1,000 houses"``, ``"2.5 km"``.

    >>> figure_text(1000.0, "more-than", "houses"), figure_text(30400, "at-least", "people"), figure_text(2.5)
    ('more than 1,000 houses', 'at least 30,400 people', '2.5')
    """
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    words = QUALIFIERS.get(qualifier if isinstance(qualifier, str) else "", "")
    return " ".join(p for p in (words, number, unit if isinstance(unit, str) else "") if p)


def _iso(ts) -> str | None:
    return None if ts is None or pd.isna(ts) else ts.strftime("%Y-%m-%dT%H:%M:%SZ")


def records_json(frame: pd.DataFrame) -> list[dict]:
    """Records as plain dicts: times in UTC (ISO, Z) and in the incident's zone for people."""
    out = []
    for r in frame.to_dict(orient="records"):
        out.append({
            "id": r["id"], "metric": r["metric"], "value": r["value"], "qualifier": r.get("qualifier") or "", "unit": r["unit"],
            "scope": r["scope"],
            "observed_at": _iso(r["observed_at"]), "observed_at_local": format_local(r["observed_at"]),
            "reported_at": _iso(r["reported_at"]), "entered_at": _iso(r["entered_at"]),
            "source": r["source"], "source_url": r["source_url"], "author": r["author"], "note": r["note"],
            "corrects": None if pd.isna(r["corrects"]) else int(r["corrects"]),
            "conflict": bool(r.get("conflict", False)), "corrected": bool(r.get("corrected", False)),
        })  # fmt: skip
    return out


def _emit(frame: pd.DataFrame, t, args) -> int:
    rows = records_json(frame)
    if args.format == "json":
        print(stdout_text(to_json_text(rows), "json"), end="")
        return 0
    if args.format == "csv":
        print(stdout_text(to_safe_csv(pd.DataFrame(rows, columns=list(rows[0]) if rows else ["metric"])), "csv"), end="")
        return 0
    when = "now" if t is None else f"{format_local(t)} ({t:%H:%M} UTC)"
    what = "every figure observed up to" if args.history else "latest figure per metric and scope as of"
    print(f"Timeline: {what} {when}")
    if not rows:
        print("(no figures)")
        return 0
    observed, observed_values = local_time_column("observed", [r["observed_at_local"] for r in rows])
    table = pd.DataFrame({
        "metric": [r["metric"] for r in rows],
        "scope": [r["scope"] for r in rows],
        "value": [figure_text(r["value"], r["qualifier"], r["unit"]) for r in rows],
        observed: observed_values,
        "source": [r["source"] for r in rows],
        "flags": [", ".join(f for f, on in (("conflict", r["conflict"]), ("corrected", r["corrected"])) if on) for r in rows],
    })  # fmt: skip
    print(render_table(table, align_right=["value"]), end="")
    if any(r["conflict"] for r in rows):
        print("conflict: sources disagree on this metric and scope within 90 minutes; each figure is shown as reported")
    return 0


def _emit_changes(frame: pd.DataFrame, t0, t1, fmt: str) -> int:
    if fmt == "json":
        print(stdout_text(to_json_text(frame.to_dict(orient="records")), "json"), end="")
        return 0
    if fmt == "csv":
        print(stdout_text(to_safe_csv(frame), "csv"), end="")
        return 0
    print(f"Changes from {format_local(t0)} to {'now' if t1 is None else format_local(t1)}")
    shown = pd.DataFrame({
        "metric": frame["metric"], "scope": frame["scope"],
        "before": frame["value_t0"].map(lambda v: "-" if pd.isna(v) else f"{v:,.0f}"),
        "after": frame["value_t1"].map(lambda v: f"{v:,.0f}"),
        "change": frame["change"].map(lambda v: "new" if pd.isna(v) else f"{v:+,.0f}"),
        "source": frame["source_t1"],
    })  # fmt: skip
    print(render_table(shown, align_right=["before", "after", "change"]), end="")
    return 0
