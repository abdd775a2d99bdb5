"""Parsing and showing times: stored in UTC, shown in the scenario's zone.

A time with an offset (``2025-01-07T19:00+08:00``, ``...Z``) is exact. A time
without one is read in the scenario's zone (UTC+8 for Dingri) and a
:class:`~sitrep.errors.AssumedTimezoneWarning` says so.
"""

from __future__ import annotations

import warnings
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from .errors import AssumedTimezoneWarning

__all__ = ["CST", "parse_time", "format_local", "incident_zone", "zone_name", "utc_label"]

#: China Standard Time, the Dingri scenario's zone (UTC+8, no daylight saving).
CST: tzinfo = timezone(timedelta(hours=8), "UTC+8")


def parse_time(value: str | pd.Timestamp, *, assume_tz: tzinfo = CST) -> pd.Timestamp:
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
        warnings.warn(
            f"time {value!s} has no UTC offset; read as {zone_name(assume_tz)}",
            AssumedTimezoneWarning,
            stacklevel=2,
        )
        ts = ts.tz_localize(assume_tz)
    return ts.tz_convert("UTC")


def format_local(ts: pd.Timestamp, *, tz: tzinfo = CST) -> str:
    """Show a UTC time in the scenario's zone with the zone marked.

    >>> format_local(pd.Timestamp("2025-01-07T01:05Z"))
    '2025-01-07 09:05 UTC+8'
    """
    local = ts.tz_convert(tz)
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
