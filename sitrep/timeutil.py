"""Parsing and showing times: stored in UTC, shown in the scenario's zone.

A time with an offset (``2025-01-07T19:00+08:00``, ``...Z``) is exact. A time
without one is read in the scenario's zone (UTC+8 for Dingri) and a
:class:`~sitrep.errors.AssumedTimezoneWarning` says so.
"""

from __future__ import annotations

import warnings
from datetime import datetime, timedelta, timezone, tzinfo

import pandas as pd

from .errors import AssumedTimezoneWarning

__all__ = ["CST", "parse_time", "format_local"]

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
            f"time {value!s} has no UTC offset; read as {assume_tz.tzname(None)}",
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
    return f"{local:%Y-%m-%d %H:%M} {tz.tzname(None)}"
