"""Timeline records: what a reported figure is, and the checks it must pass before it is stored.

A record says: *source* reported *value* *unit* of *metric* for *scope*, describing the
situation at *observed_at* (and published at *reported_at*, when known). Known metrics
have a fixed set of units and are whole, non-negative counts; any other metric name is
accepted with any unit. Times are ISO 8601; a time without a UTC offset is read in the
scenario's zone (UTC+8) and an :class:`~sitrep.errors.AssumedTimezoneWarning` says so.
Everything is stored in UTC.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from .errors import InputError
from .timeutil import parse_time

__all__ = [
    "METRICS",
    "RECORD_FIELDS",
    "FUTURE_TOLERANCE",
    "Record",
    "StationEvent",
    "validate_record",
    "validate_station_event",
    "validate_rows",
]


@dataclass(frozen=True)
class Metric:
    """A known metric: its units (the first is the default) and what it counts."""

    units: tuple[str, ...]
    doc: str


#: Known metrics. Others are free-form: any name made of letters, digits and ``_``.
METRICS: dict[str, Metric] = {
    "deaths": Metric(("people",), "people killed"),
    "injured": Metric(("people",), "people injured"),
    "missing": Metric(("people",), "people missing"),
    "relocated": Metric(("people",), "people relocated or resettled"),
    "houses_collapsed": Metric(("houses", "households", "buildings"), "collapsed houses"),
    "stations_out": Metric(("stations",), "base stations out of service"),
    "stations_restored": Metric(("stations",), "base stations restored"),
}

#: Columns of a record, in the order of a bulk CSV file (``metric``, ``value``,
#: ``observed_at`` and ``source`` are required).
RECORD_FIELDS: tuple[str, ...] = (
    "metric", "value", "unit", "scope", "observed_at", "reported_at", "source", "source_url", "author", "note", "corrects",
)  # fmt: skip
REQUIRED = ("metric", "value", "observed_at", "source")

#: How far past "now" a time may lie (clock skew between machines); beyond is an error.
FUTURE_TOLERANCE = pd.Timedelta(minutes=10)


@dataclass(frozen=True)
class Record:
    """One reported figure, validated; times are UTC :class:`pandas.Timestamp`."""

    metric: str
    value: float
    unit: str
    scope: str
    observed_at: pd.Timestamp
    source: str
    reported_at: pd.Timestamp | None = None
    source_url: str = ""
    author: str = ""
    note: str = ""
    corrects: int | None = None
    extra: Mapping[str, str] = field(default_factory=dict)

    def content_hash(self) -> str:
        """SHA-256 of the figure and its source, not of who entered it or when.

        The same published figure entered twice, by anyone, is one record.
        """
        doc = {
            "metric": self.metric, "value": repr(float(self.value)), "unit": self.unit, "scope": self.scope,
            "observed_at": self.observed_at.isoformat(), "source": self.source,
            "reported_at": None if self.reported_at is None else self.reported_at.isoformat(),
            "source_url": self.source_url, "note": self.note, "corrects": self.corrects,
        }  # fmt: skip
        return hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class StationEvent:
    """A base station going out of service or coming back, at a UTC time."""

    station_id: str
    status: str  # "out" or "restored"
    at: pd.Timestamp
    source: str
    note: str = ""
    author: str = ""  # who entered it (not part of its content: the same event entered twice is one)

    def content_hash(self) -> str:
        doc = [self.station_id, self.status, self.at.isoformat(), self.source, self.note]
        return hashlib.sha256(json.dumps(doc, ensure_ascii=False).encode()).hexdigest()


def _text(raw: Mapping[str, object], name: str) -> str:
    v = raw.get(name)
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return str(v).strip()


def validate_record(
    raw: Mapping[str, object], *, now: pd.Timestamp | None = None, path: str | None = None, row: str | None = None
) -> Record:
    """Check one record given as text fields (CLI options or a CSV row) and return it typed.

    Raises :class:`InputError` naming ``path``, ``row`` and the field: a missing
    required field, a metric name that is not a plain identifier, a value that is
    not a number (or not a whole, non-negative count for a known metric), a unit a
    known metric does not use, a time that is not ISO 8601 or lies more than
    :data:`FUTURE_TOLERANCE` after ``now`` (default: the current time).
    """

    def fail(field_name: str, message: str) -> InputError:
        return InputError(path, message, row=row, field=field_name)

    for name in REQUIRED:
        if not _text(raw, name):
            raise fail(name, f"is required ({'the source that published the figure' if name == 'source' else name})")
    metric = _text(raw, "metric").lower()
    if not metric.replace("_", "").isalnum() or not metric[0].isalpha():
        raise fail("metric", f"must be a name such as deaths or stations_out, got {raw.get('metric')!r}")
    try:
        value = float(_text(raw, "value").replace(",", ""))
    except ValueError:
        raise fail("value", f"expected a number, got {raw.get('value')!r}") from None
    if not math.isfinite(value):
        raise fail("value", f"expected a finite number, got {raw.get('value')!r}")
    known = METRICS.get(metric)
    unit = _text(raw, "unit") or (known.units[0] if known else "")
    if known:
        if value < 0:
            raise fail("value", f"{metric} counts {known.doc}; it cannot be negative, got {raw.get('value')!r}")
        if not value.is_integer():
            raise fail("value", f"{metric} counts {known.doc}; expected a whole number, got {raw.get('value')!r}")
        if unit not in known.units:
            raise fail("unit", f"{metric} is counted in {' / '.join(known.units)}, got {unit!r}")
    now = pd.Timestamp.now(tz="UTC") if now is None else now
    observed = _time(raw, "observed_at", now, fail)
    reported = _time(raw, "reported_at", now, fail) if _text(raw, "reported_at") else None
    corrects = _text(raw, "corrects")
    if corrects and not corrects.isdigit():
        raise fail("corrects", f"expected the id of the record this one corrects, got {corrects!r}")
    return Record(
        metric=metric, value=value, unit=unit, scope=_text(raw, "scope"), observed_at=observed, source=_text(raw, "source"),
        reported_at=reported, source_url=_text(raw, "source_url"), author=_text(raw, "author"), note=_text(raw, "note"),
        corrects=int(corrects) if corrects else None,
    )  # fmt: skip


def validate_station_event(
    raw: Mapping[str, object], *, now: pd.Timestamp | None = None, path: str | None = None, row: str | None = None
) -> StationEvent:
    """Check one station event (``station_id``, ``status`` out/restored, ``at``, ``source``; ``note``, ``author``)."""

    def fail(field_name: str, message: str) -> InputError:
        return InputError(path, message, row=row, field=field_name)

    for name in ("station_id", "status", "at", "source"):
        if not _text(raw, name):
            raise fail(name, "is required")
    status = _text(raw, "status").lower()
    if status not in ("out", "restored"):
        raise fail("status", f"must be out or restored, got {raw.get('status')!r}")
    now = pd.Timestamp.now(tz="UTC") if now is None else now
    return StationEvent(_text(raw, "station_id"), status, _time(raw, "at", now, fail), _text(raw, "source"), _text(raw, "note"),
                        author=_text(raw, "author"))


def validate_rows(
    rows: Iterable[Mapping[str, object]], *, path: str, station_events: bool = False, now: pd.Timestamp | None = None
) -> list:
    """Validate every row of a bulk file; the first bad one raises (nothing is stored)."""
    check = validate_station_event if station_events else validate_record
    out = []
    for i, raw in enumerate(rows):
        out.append(check(raw, now=now, path=path, row=f"row {i + 1} (line {i + 2})"))
    if not out:
        raise InputError(path, "has no rows; expected a header line and at least one record")
    return out


def _time(raw, name: str, now: pd.Timestamp, fail) -> pd.Timestamp:
    text = _text(raw, name)
    try:
        ts = parse_time(text)
    except (ValueError, TypeError, OverflowError):
        raise fail(name, f"expected an ISO 8601 time such as 2025-01-07T19:00+08:00, got {text!r}") from None
    if ts > now + FUTURE_TOLERANCE:
        raise fail(name, f"{text} is in the future (now is {now:%Y-%m-%dT%H:%MZ}); check the date and the UTC offset")
    return ts
