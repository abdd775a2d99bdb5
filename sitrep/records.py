"""Timeline records: what a reported figure is, and the checks it must pass before it is stored.

A record says: *source* reported *value* *unit* of *metric* for *scope*, describing the
situation at *observed_at* (and published at *reported_at*, when known). Known metrics
have a fixed set of units and are whole, non-negative counts; any other metric name is
accepted with any unit. Times are ISO 8601; a time without a UTC offset is read in the
incident's zone (:func:`sitrep.timeutil.assume_zone`) and an :class:`~sitrep.errors.AssumedTimezoneWarning` says so.
Everything is stored in UTC.

Plausibility is checked against the :class:`Incident` (built from the scenario):
a figure without a scope gets the incident's area; a count of people above the area's
population, of stations above the station layer's size, or any value above
:data:`FREE_FORM_CEILING`, and a time before the earthquake, are refused unless the
caller forces them (``force=True``) with a note saying why; so is a time more than
:data:`INCIDENT_HORIZON` after it (a forward year typo). Values are written in ASCII
digits; decimal commas are refused; thousands separators are accepted only in groups
of three; ``-0`` is 0. Metric, unit, scope and source may not hold invisible or control
characters; a scope is whitespace-folded, and one that is the incident's area in other
letter case is spelled as the incident spells it. A correction keeps its target's
scope and is not observed before it (:func:`correction_problem`). Station events must
name a station of the layer, and must change its status in the whole sequence of the
station's events (:func:`check_station_sequence`).

A figure may carry a qualifier (:data:`QUALIFIERS`): "more than 1,000 houses" is stored as
1000 with ``more-than``. It is given in a ``qualifier`` field (the keys, or "more than",
"over", ">", "at least", "+", ">=", "about", "~", "approx", case-insensitive) or written in the value
itself ("30,400+", ">1000", "about 300", "more than 1,000"); both at once must agree.

Free-text notes (:class:`Note`: highlights, response, needs, gaps, next update, contacts;
:data:`NOTE_SECTIONS`) are checked by :func:`validate_note` to the same standards: a
source, times in the incident's window, no invisible characters (newlines are kept).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from .errors import InputError
from .text import fold, invisible_character
from .timeutil import format_local, parse_time

__all__ = [
    "METRICS",
    "QUALIFIERS",
    "QUALIFIER_SPELLINGS",
    "RECORD_FIELDS",
    "NOTE_SECTIONS",
    "NOTE_FIELDS",
    "NOTE_TEXT_MAX",
    "FUTURE_TOLERANCE",
    "INCIDENT_HORIZON",
    "FREE_FORM_CEILING",
    "HARD_LIMIT",
    "Incident",
    "Record",
    "StationEvent",
    "Note",
    "parse_value",
    "parse_qualifier",
    "split_qualifier",
    "validate_record",
    "validate_station_event",
    "validate_note",
    "validate_rows",
    "check_station_sequence",
    "correction_problem",
    "fold_scope",
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

#: Qualifiers a published figure may carry, and the words that show them: "more than
#: 1,000 houses", "at least 30,400 people" (published as "30,400+"), "about 6,900 people".
#: The empty qualifier is a figure as stated. Stored with the record, shown wherever its value is.
QUALIFIERS: dict[str, str] = {"": "", "more-than": "more than", "at-least": "at least", "about": "about"}

#: How a qualifier may be written (compared case-insensitively, runs of spaces as one): the
#: keys of :data:`QUALIFIERS`, their words, and the signs sources print ("30,400+", ">1000", "~300").
QUALIFIER_SPELLINGS: dict[str, str] = {
    "": "", "more-than": "more-than", "more_than": "more-than", "more than": "more-than", "over": "more-than", ">": "more-than",
    "at-least": "at-least", "at_least": "at-least", "at least": "at-least", "+": "at-least", ">=": "at-least",
    "about": "about", "~": "about", "approx": "about", "approx.": "about", "approximately": "about", "around": "about",
}  # fmt: skip

#: Columns of a record, in the order of a bulk CSV file (``metric``, ``value``,
#: ``observed_at`` and ``source`` are required; ``qualifier`` is optional, see :data:`QUALIFIERS`).
RECORD_FIELDS: tuple[str, ...] = (
    "metric", "value", "unit", "scope", "observed_at", "reported_at", "source", "source_url", "author", "note", "corrects",
    "qualifier",
)  # fmt: skip

#: Sections of free-text timeline notes (key: heading), in the order a situation report gives them.
NOTE_SECTIONS: dict[str, str] = {
    "highlight": "Highlights", "response": "Response", "needs": "Needs", "gaps": "Gaps", "next_update": "Next update",
    "contacts": "Contacts",
}  # fmt: skip

#: Columns of a notes CSV file (``section``, ``text``, ``observed_at`` and ``source`` are required).
NOTE_FIELDS: tuple[str, ...] = ("section", "text", "observed_at", "reported_at", "source", "source_url", "author")

#: The longest note text, in characters: a paragraph of a situation report, not a document.
NOTE_TEXT_MAX = 2000
REQUIRED = ("metric", "value", "observed_at", "source")

#: How far past "now" a time may lie (clock skew between machines); beyond is an error.
FUTURE_TOLERANCE = pd.Timedelta(minutes=10)

#: How long after the earthquake a figure or station event may be observed (or reported)
#: without --force: the emergency phase whose figures sitrep tracks lasts weeks, not
#: months, so a time beyond half a year is far more likely a forward year typo
#: (2026-01-07 for 2025-01-07) than a figure - and such a time would become every
#: card's latest figure and stretch the app's time slider. Forced with a note it is stored.
INCIDENT_HORIZON = pd.Timedelta(days=180)

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
    #: A key of :data:`QUALIFIERS`: ``""`` (as stated), ``more-than``, ``at-least`` or ``about``.
    qualifier: str = ""

    def content_hash(self) -> str:
        """SHA-256 of the figure and its source, not of who entered it or when.

        The same published figure entered twice, by anyone, is one record. The qualifier is
        hashed only when there is one: a figure without one has the hash it had before
        qualifiers existed, so stores and files from then still deduplicate.
        """
        doc = {
            "metric": self.metric, "value": repr(float(self.value)), "unit": self.unit, "scope": self.scope,
            "observed_at": self.observed_at.isoformat(), "source": self.source,
            "reported_at": None if self.reported_at is None else self.reported_at.isoformat(),
            "source_url": self.source_url, "note": self.note, "corrects": self.corrects,
        }  # fmt: skip
        if self.qualifier:
            doc["qualifier"] = self.qualifier
        return hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class Note:
    """A free-text timeline note (response, needs, gaps, next update...) with its source; times are UTC.

    ``section`` is a key of :data:`NOTE_SECTIONS`; ``text`` may hold newlines.
    """

    section: str
    text: str
    observed_at: pd.Timestamp
    source: str
    reported_at: pd.Timestamp | None = None
    source_url: str = ""
    author: str = ""  # who entered it (not part of its content: the same note entered twice is one)

    def content_hash(self) -> str:
        """SHA-256 of the note and its source, not of who entered it or when."""
        doc = {
            "section": self.section, "text": self.text, "observed_at": self.observed_at.isoformat(), "source": self.source,
            "reported_at": None if self.reported_at is None else self.reported_at.isoformat(), "source_url": self.source_url,
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


# [0-9], not \d: \d (and float()) also take Arabic-Indic, fullwidth and other Unicode digits
_PLAIN = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+,[0-9]+")


def parse_value(text: str) -> float:
    """A figure as written: ``"126"``, ``"30,400"``, ``"1,234,567"``, ``"2.5"``, ``"1e3"``.

    Raises :class:`ValueError` with the reason: a decimal comma (``"1,5"``: use a
    decimal point), separators not in groups of three, anything that is not a plain
    decimal number (``"inf"``, ``"0x10"``, ``"1_000"``), digits other than ASCII 0-9
    (``"١٢٣"``, fullwidth ``"１２３"``: Python's ``float`` reads them, a reader may not),
    or a value that is not finite. ``-0`` is 0.

    >>> parse_value("30,400"), parse_value("2.5")
    (30400.0, 2.5)
    """
    s = text.strip()
    if not s.isascii():
        raise ValueError(f"expected a number written with ASCII digits 0-9 (such as 126 or 30,400), got {text!r}")
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
    return value + 0.0  # -0.0 + 0.0 is 0.0: "-0" is stored and shown as 0


def parse_qualifier(text: str) -> str:
    """A qualifier as written (:data:`QUALIFIER_SPELLINGS`) as its key in :data:`QUALIFIERS`.

    Raises :class:`ValueError` saying what is accepted.

    >>> parse_qualifier("More than"), parse_qualifier("+"), parse_qualifier("~"), parse_qualifier("")
    ('more-than', 'at-least', 'about', '')
    """
    key = " ".join(str(text).split()).lower()
    if key in QUALIFIER_SPELLINGS:
        return QUALIFIER_SPELLINGS[key]
    raise ValueError(f"expected one of more-than, at-least, about (also written more than, over, >, at least, +, >=, about, ~, approx), "
                     f"or nothing for a figure as stated, got {text!r}")  # fmt: skip


# the words and signs a value may carry: "more than 1,000", ">1000", "about 300", "~300", "30,400+"
_WORD_PREFIX = re.compile(r"(?i)^(more\s+than|at\s+least|approximately|approx\.?|about|around|over)\s+(?=\S)")
_SIGN_PREFIX = re.compile(r"^(>=|>|~)\s*(?=\S)")
_PLUS_SUFFIX = re.compile(r"(?<=[0-9.])\s*\+$")


def split_qualifier(text: str) -> tuple[str, str]:
    """A value as written, split into (qualifier key, the number as written).

    ``"30,400+"`` is at least 30,400, ``">1000"`` and ``"more than 1,000"`` more than
    1,000, ``"about 300"``, ``"~300"`` and ``"approx. 300"`` about 300. A leading ``+`` is
    a sign, not a qualifier. The number is not checked here (:func:`parse_value` does).

    >>> split_qualifier("30,400+"), split_qualifier("> 1000"), split_qualifier("about 6,900"), split_qualifier("126")
    (('at-least', '30,400'), ('more-than', '1000'), ('about', '6,900'), ('', '126'))
    """
    s = str(text).strip()
    if m := _WORD_PREFIX.match(s):
        word = " ".join(m[1].lower().split())
        return QUALIFIER_SPELLINGS[word], s[m.end():].strip()
    if m := _SIGN_PREFIX.match(s):
        return QUALIFIER_SPELLINGS[m[1]], s[m.end():].strip()
    if m := _PLUS_SUFFIX.search(s):
        return "at-least", s[: m.start()].strip()
    return "", s


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
    ``incident.scope`` (and a scope that is ``incident.scope`` in other letter case or
    spacing is spelled as the incident spells it); a value above
    :meth:`Incident.ceiling`, or a time before ``incident.started_at`` or more than
    :data:`INCIDENT_HORIZON` after it, is refused unless ``force`` is true *and* the
    record has a note saying why. Nothing above :data:`HARD_LIMIT` is ever accepted.
    Metric, unit, scope and source holding invisible or control characters (Unicode
    categories C*, line and paragraph separators: ``"Dingri county\u200b"``) are refused.

    The qualifier comes from the ``qualifier`` field (:func:`parse_qualifier`) or from the
    value as written (:func:`split_qualifier`: ``"30,400+"``); when both are given they must
    be the same, else field ``qualifier`` is refused.
    """

    def fail(field_name: str, message: str) -> InputError:
        return InputError(path, message, row=row, field=field_name)

    for name in REQUIRED:
        if not _text(raw, name):
            raise fail(name, f"is required ({'the source that published the figure' if name == 'source' else name})")
    for name in ("metric", "unit", "scope", "source", "source_url", "author"):  # (terminal escapes reach CSV, reports, terminals)
        _refuse_invisible(raw, name, fail)
    _refuse_invisible(raw, "note", fail, newlines=True)
    metric = _text(raw, "metric").lower()
    if not metric.replace("_", "").isalnum() or not metric[0].isalpha():
        raise fail("metric", f"must be a name such as deaths or stations_out, got {raw.get('metric')!r}")
    try:
        qualifier = parse_qualifier(_text(raw, "qualifier"))
    except ValueError as exc:
        raise fail("qualifier", str(exc)) from None
    written, number = split_qualifier(_text(raw, "value"))
    if written and qualifier and written != qualifier:
        raise fail("qualifier", f"is {qualifier!r} but the value {_text(raw, 'value')!r} says {written!r}; "
                                "give it once (in the value, or as the qualifier), or make them agree")  # fmt: skip
    qualifier = qualifier or written
    try:
        value = parse_value(number)
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
    forced = _override_refusal(force, note)

    ceiling, why = incident.ceiling(metric)
    if abs(value) > ceiling and forced:
        raise fail("value", f"{metric} = {_text(raw, 'value')} {unit}".rstrip() + f" is implausible ({why}); {forced}")
    for name, ts in (("observed_at", observed), ("reported_at", reported)):
        if ts is not None:
            _check_incident_time(raw, name, ts, incident, forced, fail)
    scope = _scope(_text(raw, "scope"), incident) or ("" if corrects else incident.scope)
    return Record(
        metric=metric, value=value, unit=unit, scope=scope, observed_at=observed, source=_text(raw, "source"),
        reported_at=reported, source_url=_text(raw, "source_url"), author=_text(raw, "author"), note=note,
        corrects=int(corrects) if corrects else None, qualifier=qualifier,
    )  # fmt: skip


def validate_station_event(
    raw: Mapping[str, object], *, now: pd.Timestamp | None = None, path: str | None = None, row: str | None = None,
    incident: Incident | None = None, force: bool = False,
) -> StationEvent:  # fmt: skip
    """Check one station event (``station_id``, ``status`` out/restored, ``at``, ``source``; ``note``, ``author``).

    With ``incident``: the station must be one of ``incident.station_ids`` (never
    forced: an unknown id counts nowhere), and ``at`` not before the earthquake nor
    more than :data:`INCIDENT_HORIZON` after it (unless ``force`` with a note).
    """

    def fail(field_name: str, message: str) -> InputError:
        return InputError(path, message, row=row, field=field_name)

    for name in ("station_id", "status", "at", "source"):
        if not _text(raw, name):
            raise fail(name, "is required")
    for name in ("station_id", "source", "author"):
        _refuse_invisible(raw, name, fail)
    _refuse_invisible(raw, "note", fail, newlines=True)
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
    forced = _override_refusal(force, note)
    _check_incident_time(raw, "at", at, incident, forced, fail)
    return StationEvent(station, status, at, _text(raw, "source"), note, author=_text(raw, "author"))


def validate_note(
    raw: Mapping[str, object], *, now: pd.Timestamp | None = None, path: str | None = None, row: str | None = None,
    incident: Incident | None = None, force: bool = False,
) -> Note:  # fmt: skip
    r"""Check one timeline note (``section``, ``text``, ``observed_at``, ``source``; ``reported_at``,
    ``source_url``, ``author``) given as text fields and return it typed.

    ``section`` is a key of :data:`NOTE_SECTIONS` (or its heading, any letter case: "Next
    update" is ``next_update``). ``text`` is required, at most :data:`NOTE_TEXT_MAX`
    characters, and holds no invisible or control character but newlines (``\r\n`` is
    stored as ``\n``); ``source`` is required, without invisible characters. Times follow
    the records' rules: ISO 8601, not more than :data:`FUTURE_TOLERANCE` after ``now``, and
    against ``incident`` not before the earthquake nor more than :data:`INCIDENT_HORIZON`
    after it unless ``force``. Raises :class:`InputError` naming ``path``, ``row`` and the field.
    """

    def fail(field_name: str, message: str) -> InputError:
        return InputError(path, message, row=row, field=field_name)

    for name in ("section", "text", "observed_at", "source"):
        if not _text(raw, name):
            raise fail(name, "is required" + (" (the source that published it)" if name == "source" else ""))
    wanted = "_".join(_text(raw, "section").replace("-", " ").replace("_", " ").split()).lower()
    by_heading = {"_".join(label.lower().split()): key for key, label in NOTE_SECTIONS.items()}
    section = wanted if wanted in NOTE_SECTIONS else by_heading.get(wanted)
    if section is None:
        raise fail("section", f"expected one of {', '.join(NOTE_SECTIONS)}, got {_text(raw, 'section')!r}")
    text = _text(raw, "text").replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    if len(text) > NOTE_TEXT_MAX:
        raise fail("text", f"{len(text):,} characters is too long; at most {NOTE_TEXT_MAX:,} (split it into several notes)")
    if (ch := invisible_character(text.replace("\n", ""))) is not None:
        raise fail("text", f"contains an invisible or control character U+{ord(ch):04X} ({unicodedata.name(ch, 'a control character')}); "
                           "retype it without (newlines are kept)")  # fmt: skip
    for name in ("source", "source_url", "author"):
        _refuse_invisible(raw, name, fail)
    now = pd.Timestamp.now(tz="UTC") if now is None else now
    observed = _time(raw, "observed_at", now, fail)
    reported = _time(raw, "reported_at", now, fail) if _text(raw, "reported_at") else None
    forced = "" if force else "give --force if it is right"
    for name, ts in (("observed_at", observed), ("reported_at", reported)):
        if ts is not None:
            _check_incident_time(raw, name, ts, incident or Incident(), forced, fail)
    return Note(section=section, text=text, observed_at=observed, source=_text(raw, "source"), reported_at=reported,
                source_url=_text(raw, "source_url"), author=_text(raw, "author"))  # fmt: skip


def validate_rows(
    rows: Iterable[Mapping[str, object]], *, path: str, station_events: bool = False, now: pd.Timestamp | None = None,
    incident: Incident | None = None, force: bool = False, notes: bool = False,
) -> list:  # fmt: skip
    """Validate every row of a bulk file (records; station events; or with ``notes``, notes);
    the first bad one raises (nothing is stored)."""
    check = validate_note if notes else validate_station_event if station_events else validate_record
    out = []
    for i, raw in enumerate(rows):
        out.append(check(raw, now=now, path=path, row=_row_label(i), incident=incident, force=force))
    if not out:
        raise InputError(path, "has no rows; expected a header line and at least one record")
    return out


def check_station_sequence(
    stored: pd.DataFrame, new: Sequence[StationEvent], *, path: str | None = None, rows: Sequence[str | None] | None = None
) -> list[StationEvent]:
    """Refuse new station events that would put a repeated status in a station's sequence.

    ``stored`` is the store's station events (``station_id, status, at, content_hash``);
    ``new`` are events about to be stored, in any order (``rows`` labels them for errors).
    An event identical to a stored one (or to an earlier new one) is a no-op and not
    checked. The others are placed, by time, among the station's stored events *and*
    each other (stored first at equal times, then new ones in their order); wherever a
    new event then stands next to an event with the same status - before it or after
    it - or a new ``restored`` comes first, :class:`InputError` is raised naming that
    new event: a second ``restored`` for a restored station, a second ``out`` for one
    already out (also when back-dated in front of a later identical status), or
    ``restored`` for a station never reported out. Repeats among stored events alone
    are left as they are (they count once, see :func:`sitrep.timeline.station_series`).
    Returns ``new``.
    """
    known = set(stored["content_hash"]) if "content_hash" in stored else set()
    touched = {ev.station_id for ev in new}
    order = stored.sort_values(["at", "id"]) if "id" in stored else stored.sort_values("at")
    # per station: (time, tie-break, status, index in new or None for a stored event)
    seq: dict[str, list[tuple[pd.Timestamp, int, str, int | None]]] = {}
    for j, (sid, status, at) in enumerate(zip(order["station_id"], order["status"], order["at"])):
        if str(sid) in touched:
            seq.setdefault(str(sid), []).append((pd.Timestamp(at), j - len(order), str(status), None))  # stored first at ties
    for i, ev in enumerate(new):
        h = ev.content_hash()
        if h in known:
            continue  # stored already (or earlier in this batch): storing it again is a no-op
        known.add(h)
        seq.setdefault(ev.station_id, []).append((ev.at, i + 1, ev.status, i))
    for sid, events in seq.items():
        events.sort(key=lambda e: (e[0], e[1]))
        for k, (at, _, status, i) in enumerate(events):
            prev = events[k - 1] if k else None
            if prev is None:
                if i is not None and status == "restored":
                    raise _sequence_error(path, rows, i, f"station {sid} was never reported out by {format_local(at)}; "
                                                         "a 'restored' needs an earlier 'out'")  # fmt: skip
                continue
            if status != prev[2] or (i is None and prev[3] is None):
                continue
            if i is not None:
                message = f"station {sid} is already {status} at {format_local(at)}"
            else:  # a new event back-dated in front of a stored one with its status
                i, message = prev[3], (f"station {sid} would be {status} at {format_local(prev[0])} and is reported {status} "
                                       f"again at {format_local(at)}")  # fmt: skip
            raise _sequence_error(path, rows, i, message + "; a repeated status is refused (record the change in between first)")
    return list(new)


def _sequence_error(path: str | None, rows: Sequence[str | None] | None, i: int, message: str) -> InputError:
    return InputError(path, message, row=rows[i] if rows is not None else None, field="status")


def correction_problem(
    correction: Record, *, target_id: int, target_metric: str, target_scope: str, target_observed_at: pd.Timestamp
) -> tuple[str, str] | None:
    """Why ``correction`` cannot correct record ``target_id``, as ``(field, message)``; ``None`` if it can.

    A correction is the same figure set right: it has the target's metric, keeps the
    target's scope (an explicit scope must be the target's, up to :func:`fold_scope`;
    else the figure would leave its scope and the scope's previous figure come back),
    and is not observed before the target (``target_observed_at``, UTC), else it
    would show the corrected figure at times the target was not yet known.
    """
    what = f"record {target_id} ({target_metric}, {target_scope or 'no scope'}, observed {format_local(target_observed_at)})"
    if correction.metric != target_metric:
        return "corrects", f"record {target_id} is a {target_metric} figure; a correction must be one too, got {correction.metric}"
    if correction.scope and fold_scope(correction.scope) != fold_scope(target_scope):
        return "scope", (f"{what} is about {target_scope!r}; a correction keeps its target's scope, got {correction.scope!r}; "
                         "leave the scope out, or record a new figure (without corrects) for another scope")  # fmt: skip
    if correction.observed_at < target_observed_at:
        return "observed_at", (f"{format_local(correction.observed_at)} is before {what}; a correction is observed at or after "
                               f"the figure it corrects: give {format_local(target_observed_at)} or later")  # fmt: skip
    return None


def fold_scope(scope: str) -> str:
    """``scope`` compared as people read it: runs of (Unicode) whitespace as one space, letter case ignored.

    >>> fold_scope("  dingri   County ")
    'dingri county'
    """
    return fold(scope)


def _scope(text: str, incident: Incident) -> str:
    """A scope as stored: whitespace folded; the incident's area in its own spelling."""
    scope = " ".join(text.split())
    if incident.scope and fold_scope(scope) == fold_scope(incident.scope):
        return incident.scope
    return scope


def _refuse_invisible(raw, name: str, fail, *, newlines: bool = False) -> None:
    """Refuse text with characters a reader cannot see (format, control, separators); with
    ``newlines``, line breaks are allowed (a note may hold several lines)."""
    text = _text(raw, name)
    if newlines:
        text = text.replace("\r\n", "").replace("\n", "").replace("\r", "")
    if (ch := invisible_character(text)) is not None:
        what = unicodedata.name(ch, "a control character")
        raise fail(name, f"contains an invisible or control character U+{ord(ch):04X} ({what}); "
                         "retype it without (it would make a second, lookalike entry)")  # fmt: skip


def _check_incident_time(raw, name: str, ts: pd.Timestamp, incident: Incident, forced: str, fail) -> None:
    """A time before the earthquake or beyond :data:`INCIDENT_HORIZON` after it needs ``forced`` to be empty."""
    if incident.started_at is None or not forced:
        return
    if ts < incident.started_at:
        raise fail(name, f"{_text(raw, name)} is before the earthquake ({format_local(incident.started_at)}); check the year "
                         f"and the UTC offset; {forced}")  # fmt: skip
    if ts > incident.started_at + INCIDENT_HORIZON:
        raise fail(name, f"{_text(raw, name)} is more than {INCIDENT_HORIZON.days} days after the earthquake "
                         f"({format_local(incident.started_at)}); check the year; {forced}")  # fmt: skip


def _row_label(i: int) -> str:
    return f"row {i + 1} (line {i + 2})"


def _override_refusal(force: bool, note: str) -> str:
    """What an implausible value or time still lacks to be stored ("" when forced with a note)."""
    return _FORCE_HINT if not force else _FORCE_NOTE if not note else ""


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
