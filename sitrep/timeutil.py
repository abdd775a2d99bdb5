"""Parsing and showing times: stored in UTC, shown in the incident's zone.

A time with an offset (``2025-01-07T19:00+08:00``, ``...Z``) is exact. A time
without one is read in the incident's zone and a
:class:`~sitrep.errors.AssumedTimezoneWarning` says so. The zone is the one an
entry point declares with :func:`assume_zone` (the CLI does it for the
``--incident`` of every command: UTC+8 for the bundled Dingri incident,
UTC+5:45 for one in Nepal); where none is declared, UTC.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from .errors import AssumedTimezoneWarning

__all__ = ["CST", "parse_time", "format_local", "incident_zone", "zone_name", "utc_label", "assume_zone", "assumed_zone", "declare_zone"]

#: China Standard Time (UTC+8, no daylight saving): a fixed zone kept for callers and tests.
CST: tzinfo = timezone(timedelta(hours=8), "UTC+8")

_ASSUMED: ContextVar[tzinfo] = ContextVar("sitrep_assumed_zone", default=timezone.utc)


@contextmanager
def assume_zone(tz: tzinfo) -> Iterator[tzinfo]:
    """Within the block, times without an offset are read (and times shown) in ``tz``.

    Per thread and task (a :class:`contextvars.ContextVar`): two app sessions never see
    each other's zone.

    >>> with assume_zone(incident_zone("Asia/Kathmandu")):
    ...     parse_time(pd.Timestamp("2015-04-25T11:56:26+05:45"))
    Timestamp('2015-04-25 06:11:26+0000', tz='UTC')
    """
    token = _ASSUMED.set(tz)
    try:
        yield tz
    finally:
        _ASSUMED.reset(token)


def declare_zone(tz: tzinfo) -> None:
    """Declare ``tz`` for the rest of this thread's current context (a Streamlit page run,
    where no ``with`` block spans the script); prefer :func:`assume_zone` elsewhere."""
    _ASSUMED.set(tz)


def assumed_zone() -> tzinfo:
    """The zone declared by the innermost :func:`assume_zone` (UTC where none is)."""
    return _ASSUMED.get()


def parse_time(value: str | pd.Timestamp, *, assume_tz: tzinfo | None = None) -> pd.Timestamp:
    """Parse one ISO 8601 time to a UTC :class:`pandas.Timestamp`.

    Raises ``ValueError`` (callers wrap it with file/row context) when the text
    is not a time.

    >>> parse_time("2025-01-07T09:05+08:00")
    Timestamp('2025-01-07 01:05:00+0000', tz='UTC')
    """
    if isinstance(value, str):
        # strict ISO 8601 (pandas would also take "7 Jan" or "yesterday")
        ts = pd.Timestamp(datetime.fromisoformat(value.strip()))
    else:
        ts = pd.Timestamp(value)
    if ts is pd.NaT:
        raise ValueError(f"not a time: {value!r}")
    if ts.tzinfo is None:
        assume_tz = assume_tz or _ASSUMED.get()
        warnings.warn(
            f"time {value!s} has no UTC offset; read as {zone_name(assume_tz)}",
            AssumedTimezoneWarning,
            stacklevel=2,
        )
        ts = ts.tz_localize(assume_tz)
    return ts.tz_convert("UTC")


def format_local(ts: pd.Timestamp, *, tz: tzinfo | None = None) -> str:
    """Show a UTC time in ``tz`` (default: :func:`assumed_zone`) with the zone marked.

    >>> format_local(pd.Timestamp("2025-01-07T01:05Z"), tz=CST)
    '2025-01-07 09:05 UTC+8'
    """
    local = ts.tz_convert(tz or _ASSUMED.get())
    return f"{local:%Y-%m-%d %H:%M} {utc_label(local.utcoffset())}"


def incident_zone(name: str = "", utc_offset_hours: float = 0.0) -> tzinfo:
    """An incident's time zone: the IANA zone ``name`` when given, else a fixed UTC offset.

    Raises ``ValueError`` for an unknown zone name or an offset outside -14..+14 hours.

    >>> incident_zone("", 8)
    datetime.timezone(datetime.timedelta(seconds=28800), 'UTC+8')
    >>> incident_zone("Asia/Kathmandu")
    zoneinfo.ZoneInfo(key='Asia/Kathmandu')
    """
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {name!r}; expected an IANA name such as Asia/Kathmandu") from None
    hours = float(utc_offset_hours)
    if not -14 <= hours <= 14:
        raise ValueError(f"UTC offset {hours:g} h is outside -14..+14 hours")
    offset = timedelta(minutes=round(hours * 60))
    return timezone(offset, utc_label(offset))


def utc_label(offset: timedelta | None) -> str:
    """``timedelta(hours=5, minutes=45)`` -> ``"UTC+5:45"``; zero -> ``"UTC"``.

    >>> utc_label(timedelta(hours=-3, minutes=-30))
    'UTC-3:30'
    """
    minutes = round((offset or timedelta(0)).total_seconds() / 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    h, m = divmod(abs(minutes), 60)
    return f"UTC{sign}{h}" + (f":{m:02d}" if m else "")


def zone_name(tz: tzinfo) -> str:
    """How a zone is named to people: an IANA key (``Asia/Kathmandu``) or ``UTC+8``."""
    key = getattr(tz, "key", None)
    return str(key) if key else (tz.tzname(None) or utc_label(tz.utcoffset(None)))
