"""Timeline records: what a reported figure is, and the checks it must pass before it is stored.

A record says: *source* reported *value* *unit* of *metric* for *scope*, describing the
situation at *observed_at* (and published at *reported_at*, when known). Known metrics
have a fixed set of units and are whole, non-negative counts; any other metric name is
accepted with any unit. Times are ISO 8601; a time without a UTC offset is read in the
scenario's zone (UTC+8) and an :class:`~sitrep.errors.AssumedTimezoneWarning` says so.
Everything is stored in UTC.

Plausibility is checked against the :class:`Incident` (built from the scenario):
a figure without a scope gets the incident's area; a count of people above the area's
population, of stations above the station layer's size, or any value above
:data:`FREE_FORM_CEILING`, and a time before the earthquake, are refused unless the
caller forces them (``force=True``) with a note saying why. Decimal commas are
refused; thousands separators are accepted only in groups of three. Station events
must name a station of the layer, and must change its status.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from .errors import InputError
from .timeutil import format_local, parse_time

__all__ = [
    "METRICS",
    "RECORD_FIELDS",
    "FUTURE_TOLERANCE",
    "FREE_FORM_CEILING",
    "HARD_LIMIT",
    "Incident",
    "Record",
    "StationEvent",
    "parse_value",
    "validate_record",
    "validate_station_event",
    "validate_rows",
    "check_station_sequence",
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

#: Ceiling of any value without a tighter one (free-form metrics, or no incident given):
#: above it, a value is refused unless forced with a note. Keeps one typo from
#: flattening every chart.
FREE_FORM_CEILING = 1e9

#: No value beyond this is stored, forced or not: 2**53, the largest whole number a
#: float (and the database's column) holds exactly.
HARD_LIMIT = float(2**53)

#: Metrics counting people, capped by the incident area's population.
PEOPLE_METRICS = ("deaths", "injured", "missing", "relocated")
#: Metrics counting base stations, capped by the station layer's size.
STATION_METRICS = ("stations_out", "stations_restored")


@dataclass(frozen=True)
class Incident:
    """What a record is checked against: the incident's area, its size and its start.

    ``scope``
        The area figures describe unless they say otherwise (e.g. ``"Dingri county"``).
    ``population``
        People living in ``scope``: the ceiling of people counts (and of collapsed
        houses, never more than people). ``None``: :data:`FREE_FORM_CEILING`.
    ``station_ids``
        Ids of the scenario's base stations: a station event must name one, and
        station counts cannot exceed their number. ``None``: not checked.
    ``started_at``
        The earthquake's earliest origin time (UTC): nothing is observed before it.
    """

    scope: str = ""
    population: float | None = None
    station_ids: frozenset[str] | None = None
    started_at: pd.Timestamp | None = None

    @classmethod
    def from_scenario(cls, spec, layers: Mapping[str, pd.DataFrame]) -> Incident:
        """The incident of a scenario: ``spec.scope``, ``spec.population``, the ids of
        ``layers["base_stations"]`` and the earliest ``origin_time`` of ``layers["epicentres"]``
        (either layer may be missing)."""
        stations = layers.get("base_stations")
        epicentres = layers.get("epicentres")
        return cls(
            scope=str(getattr(spec, "scope", "") or ""),
            population=getattr(spec, "population", None),
            station_ids=None if stations is None else frozenset(stations["id"].astype(str)),
            started_at=None if epicentres is None or epicentres.empty else pd.Timestamp(epicentres["origin_time"].min()),
        )

    def ceiling(self, metric: str) -> tuple[float, str]:
        """The largest plausible value of ``metric`` and why, e.g. ``(58173, "the population of Dingri county")``."""
        area = self.scope or "the incident's area"
        if self.population is not None and (metric in PEOPLE_METRICS or metric == "houses_collapsed"):
            what = "people" if metric in PEOPLE_METRICS else "houses (never more than people)"
            return float(self.population), f"{what}: the population of {area} is {self.population:,.0f}"
        if self.station_ids is not None and metric in STATION_METRICS:
            return float(len(self.station_ids)), f"stations: the base-station layer holds {len(self.station_ids):,}"
        return FREE_FORM_CEILING, f"the ceiling of any figure is {FREE_FORM_CEILING:,.0f}"


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


_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


def parse_value(text: str) -> float:
    """A figure as written: ``"126"``, ``"30,400"``, ``"1,234,567"``, ``"2.5"``, ``"1e3"``.

    Raises :class:`ValueError` with the reason: a decimal comma (``"1,5"``: use a
    decimal point), separators not in groups of three, anything that is not a plain
    decimal number (``"inf"``, ``"0x10"``, ``"1_000"``), or a value that is not finite.

    >>> parse_value("30,400"), parse_value("2.5")
    (30400.0, 2.5)
    """
    s = text.strip()
    if "," in s:
        if _GROUPED.fullmatch(s):
            s = s.replace(",", "")
        elif _DECIMAL_COMMA.fullmatch(s):
            raise ValueError(f"{text!r} has a decimal comma; use a decimal point ({s.replace(',', '.')}), "
                             "or thousands separators in groups of three (30,400)")  # fmt: skip
        else:
            raise ValueError(f"expected a number with thousands separators in groups of three (30,400 or 1,234,567), got {text!r}")
    if not _PLAIN.fullmatch(s):
        if s.lower().lstrip("+-") in ("inf", "infinity", "nan"):
            raise ValueError(f"expected a finite number, got {text!r}")
        raise ValueError(f"expected a number, got {text!r}")
    value = float(s)
    if not math.isfinite(value):
        raise ValueError(f"expected a finite number, got {text!r}")
    return value


def validate_record(
    raw: Mapping[str, object], *, now: pd.Timestamp | None = None, path: str | None = None, row: str | None = None,
    incident: Incident | None = None, force: bool = False,
) -> Record:  # fmt: skip
    """Check one record given as text fields (CLI options or a CSV row) and return it typed.

    Raises :class:`InputError` naming ``path``, ``row`` and the field: a missing
    required field, a metric name that is not a plain identifier, a value that is
    not a number (see :func:`parse_value`; for a known metric, not a whole,
    non-negative count), a unit a known metric does not use, a time that is not ISO
    8601 or lies more than :data:`FUTURE_TOLERANCE` after ``now`` (default: the
    current time).

    Against ``incident`` (default: no area, only :data:`FREE_FORM_CEILING`): a record
    without a scope (and not a correction, which inherits its target's) gets
    ``incident.scope``; a value above :meth:`Incident.ceiling` or a time before
    ``incident.started_at`` is refused unless ``force`` is true *and* the record has a
    note saying why. Nothing above :data:`HARD_LIMIT` is ever accepted.
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
        value = parse_value(_text(raw, "value"))
    except ValueError as exc:
        raise fail("value", str(exc)) from None
    if abs(value) > HARD_LIMIT:
        raise fail("value", f"{_text(raw, 'value')} is beyond any count sitrep stores (at most {HARD_LIMIT:,.0f}); check the number")
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
    incident = incident or Incident()
    note = _text(raw, "note")
    forced = _FORCE_HINT if not force else _FORCE_NOTE if not note else ""

    ceiling, why = incident.ceiling(metric)
    if abs(value) > ceiling and forced:
        raise fail("value", f"{metric} = {_text(raw, 'value')} {unit}".rstrip() + f" is implausible ({why}); {forced}")
    for name, ts in (("observed_at", observed), ("reported_at", reported)):
        if ts is not None and incident.started_at is not None and ts < incident.started_at and forced:
            raise fail(name, f"{_text(raw, name)} is before the earthquake ({format_local(incident.started_at)}); check the year "
                             f"and the UTC offset; {forced}")  # fmt: skip
    scope = _text(raw, "scope") or ("" if corrects else incident.scope)
    return Record(
        metric=metric, value=value, unit=unit, scope=scope, observed_at=observed, source=_text(raw, "source"),
        reported_at=reported, source_url=_text(raw, "source_url"), author=_text(raw, "author"), note=note,
        corrects=int(corrects) if corrects else None,
    )  # fmt: skip


def validate_station_event(
    raw: Mapping[str, object], *, now: pd.Timestamp | None = None, path: str | None = None, row: str | None = None,
    incident: Incident | None = None, force: bool = False,
) -> StationEvent:  # fmt: skip
    """Check one station event (``station_id``, ``status`` out/restored, ``at``, ``source``; ``note``, ``author``).

    With ``incident``: the station must be one of ``incident.station_ids`` (never
    forced: an unknown id counts nowhere), and ``at`` not before the earthquake
    (unless ``force`` with a note).
    """

    def fail(field_name: str, message: str) -> InputError:
        return InputError(path, message, row=row, field=field_name)

    for name in ("station_id", "status", "at", "source"):
        if not _text(raw, name):
            raise fail(name, "is required")
    station = _text(raw, "station_id")
    incident = incident or Incident()
    if incident.station_ids is not None and station not in incident.station_ids:
        sample = sorted(incident.station_ids)
        hint = f" ({sample[0]} ... {sample[-1]})" if sample else ""
        raise fail("station_id", f"no base station {station!r} in the scenario's base_stations layer; expected one of its ids{hint}")
    status = _text(raw, "status").lower()
    if status not in ("out", "restored"):
        raise fail("status", f"must be out or restored, got {raw.get('status')!r}")
    now = pd.Timestamp.now(tz="UTC") if now is None else now
    at = _time(raw, "at", now, fail)
    note = _text(raw, "note")
    forced = _FORCE_HINT if not force else _FORCE_NOTE if not note else ""
    if incident.started_at is not None and at < incident.started_at and forced:
        raise fail("at", f"{_text(raw, 'at')} is before the earthquake ({format_local(incident.started_at)}); check the year "
                         f"and the UTC offset; {forced}")  # fmt: skip
    return StationEvent(station, status, at, _text(raw, "source"), note, author=_text(raw, "author"))


def validate_rows(
    rows: Iterable[Mapping[str, object]], *, path: str, station_events: bool = False, now: pd.Timestamp | None = None,
    incident: Incident | None = None, force: bool = False,
) -> list:  # fmt: skip
    """Validate every row of a bulk file; the first bad one raises (nothing is stored)."""
    check = validate_station_event if station_events else validate_record
    out = []
    for i, raw in enumerate(rows):
        out.append(check(raw, now=now, path=path, row=_row_label(i), incident=incident, force=force))
    if not out:
        raise InputError(path, "has no rows; expected a header line and at least one record")
    return out


def check_station_sequence(
    stored: pd.DataFrame, new: Sequence[StationEvent], *, path: str | None = None, rows: Sequence[str | None] | None = None
) -> list[StationEvent]:
    """Refuse a new station event that repeats the station's status at its time.

    ``stored`` is the store's station events (``station_id, status, at, content_hash``);
    ``new`` are events about to be stored, in order (``rows`` labels them for errors).
    An event identical to a stored one is returned as is (storing it again is a no-op).
    Any other event whose status is the station's status just before it - from stored
    events and earlier new ones at or before its time - raises :class:`InputError`: a
    second ``restored`` for a restored station, a second ``out`` for one already out,
    or ``restored`` for a station never reported out. Returns ``new``.
    """
    known = set(stored["content_hash"]) if "content_hash" in stored else set()
    history: dict[str, list[tuple[pd.Timestamp, int, str]]] = {}
    order = stored.sort_values(["at", "id"]) if "id" in stored else stored.sort_values("at")
    for j, (sid, status, at) in enumerate(zip(order["station_id"], order["status"], order["at"])):
        history.setdefault(str(sid), []).append((pd.Timestamp(at), j - len(order), str(status)))  # stored ones first
    for i, ev in enumerate(new):
        row = rows[i] if rows is not None else None
        past = sorted(h for h in history.get(ev.station_id, []) if h[0] <= ev.at)
        before = past[-1][2] if past else "ok"
        if ev.content_hash() not in known and (before == ev.status or (before == "ok" and ev.status == "restored")):
            if before == "ok":
                message = f"station {ev.station_id} was never reported out by {format_local(ev.at)}; a 'restored' needs an earlier 'out'"
            else:
                message = (f"station {ev.station_id} is already {before} at {format_local(ev.at)}; a repeated status is refused "
                           "(record the change in between first)")  # fmt: skip
            raise InputError(path, message, row=row, field="status")
        history.setdefault(ev.station_id, []).append((ev.at, i + 1, ev.status))
    return list(new)


def _row_label(i: int) -> str:
    return f"row {i + 1} (line {i + 2})"


_FORCE_HINT = "give --force with a --note saying why if it is right"
_FORCE_NOTE = "--force needs a --note saying why the figure is right"


def _time(raw, name: str, now: pd.Timestamp, fail) -> pd.Timestamp:
    text = _text(raw, name)
    try:
        ts = parse_time(text)
    except (ValueError, TypeError, OverflowError):
        raise fail(name, f"expected an ISO 8601 time such as 2025-01-07T19:00+08:00, got {text!r}") from None
    if ts > now + FUTURE_TOLERANCE:
        raise fail(name, f"{text} is in the future (now is {now:%Y-%m-%dT%H:%MZ}); check the date and the UTC offset")
    return ts
