"""An incident's clock: the time axis a page or chart spans, in the incident's own zone.

Times are stored in UTC. People pick and read them in the incident's zone
(:attr:`sitrep.io.catalog.ScenarioSpec.tzinfo`): a slider works on naive local
date-times, so :func:`local_naive` and :func:`from_local_naive` convert at that
boundary, and :func:`time_axis` says where the axis starts (the earthquake), ends (the
latest record, else now) and where it opens (the latest record).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

import pandas as pd

from .timeutil import utc_label, zone_name

__all__ = ["TimeAxis", "time_axis", "local_naive", "from_local_naive", "zone_label"]


def local_naive(ts: pd.Timestamp, tz: tzinfo) -> datetime:
    """A UTC time as the naive date-time a clock in ``tz`` shows.

    >>> from sitrep.timeutil import incident_zone
    >>> local_naive(pd.Timestamp("2015-04-25T06:11Z"), incident_zone("Asia/Kathmandu"))
    datetime.datetime(2015, 4, 25, 11, 56)
    """
    return pd.Timestamp(ts).tz_convert(tz).tz_localize(None).to_pydatetime()


def from_local_naive(dt: datetime, tz: tzinfo) -> pd.Timestamp:
    """A naive date-time read on a clock in ``tz``, as UTC.

    A time skipped by a daylight-saving change moves forward; one shown twice is the first.

    >>> from sitrep.timeutil import incident_zone
    >>> from_local_naive(datetime(2015, 4, 25, 11, 56), incident_zone("", 5.75))
    Timestamp('2015-04-25 06:11:00+0000', tz='UTC')
    """
    return pd.Timestamp(dt).tz_localize(tz, ambiguous=True, nonexistent="shift_forward").tz_convert("UTC")


def zone_label(tz: tzinfo, at: pd.Timestamp | None = None) -> str:
    """How the zone is named beside a time: ``UTC+8``, or ``Asia/Kathmandu, UTC+5:45`` (offset at ``at``).

    >>> from sitrep.timeutil import incident_zone
    >>> zone_label(incident_zone("", 8))
    'UTC+8'
    >>> zone_label(incident_zone("America/Santiago"), pd.Timestamp("2010-02-27T06:34Z"))
    'America/Santiago, UTC-3'
    """
    name = zone_name(tz)
    if getattr(tz, "key", None) is None:
        return name
    when = pd.Timestamp.now(tz="UTC") if at is None else pd.Timestamp(at)
    return f"{name}, {utc_label(when.tz_convert(tz).utcoffset())}"


@dataclass(frozen=True)
class TimeAxis:
    """A time axis as naive date-times in the incident's zone (what a slider shows)."""

    start: datetime
    end: datetime
    default: datetime
    step: timedelta


def time_axis(origin: pd.Timestamp | None, latest: pd.Timestamp | None, now: pd.Timestamp, tz: tzinfo, *,
              step: timedelta = timedelta(minutes=5), min_span: timedelta = timedelta(hours=12),
              margin: timedelta = timedelta(hours=1), horizon: timedelta | None = None) -> TimeAxis:  # fmt: skip
    """The axis from the earthquake (``origin``, UTC) to the latest record (``latest``), else ``now``.

    With ``horizon`` and no record, the axis ends ``horizon`` after the earthquake if that is
    before ``now``: a past earthquake opened today gets the period records may be entered
    for (:data:`sitrep.records.INCIDENT_HORIZON`), not every 5 minutes since.

    The axis spans at least ``min_span`` and runs ``margin`` past its last time, so a
    figure entered now fits on it. It opens at the latest record (else now), rounded up
    to the next ``step`` so that record is included; never outside the axis. With no
    ``origin`` the axis starts at the latest record (else now).

    >>> from sitrep.timeutil import incident_zone
    >>> a = time_axis(pd.Timestamp("2015-04-25T06:11:26Z"), pd.Timestamp("2015-04-25T12:02Z"),
    ...               pd.Timestamp("2026-01-01T00:00Z"), incident_zone("Asia/Kathmandu"))
    >>> a.start, a.default, a.end
    (datetime.datetime(2015, 4, 25, 11, 56), datetime.datetime(2015, 4, 25, 17, 51), datetime.datetime(2015, 4, 26, 0, 56))
    >>> time_axis(pd.Timestamp("2015-04-25T06:11:26Z"), None, pd.Timestamp("2026-01-01T00:00Z"),
    ...           incident_zone("Asia/Kathmandu"), horizon=timedelta(days=180)).end
    datetime.datetime(2015, 10, 22, 12, 56)
    """
    if latest is not None and pd.notna(latest):
        last_utc = latest
    elif horizon is not None and origin is not None and pd.notna(origin):
        last_utc = min(now, origin + horizon)
    else:
        last_utc = now
    first_utc = origin if origin is not None and pd.notna(origin) else last_utc
    start = local_naive(first_utc, tz).replace(second=0, microsecond=0)
    last = max(local_naive(last_utc, tz), start)
    end = max(last, start + min_span).replace(second=0, microsecond=0) + margin
    steps = math.ceil((last - start) / step)
    return TimeAxis(start=start, end=end, default=min(start + steps * step, end), step=step)
