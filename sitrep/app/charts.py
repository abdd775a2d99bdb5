"""Chart specifications (Vega-Lite dicts) for the timeline, from what was known at T only.

The callers pass records and station counts already cut at T (``timeline.history`` and
``timeline.station_series`` of events up to T), so a chart never shows a figure observed
later; :mod:`sitrep.app.state` caches them per (store version, last change at or before T).
Streamlit renders Vega-Lite from its own bundle (offline). Building the dict directly,
and only appending the as-of marker per rerun, avoids re-validating Altair objects on
every slider move. Times are naive ISO strings in the incident's zone (``tz``), shown as written.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone, tzinfo

import pandas as pd

from ..clock import zone_label

__all__ = ["DATA", "AXIS_FORMAT", "casualties_spec", "stations_spec", "with_marker"]

#: The name of a chart's dataset (the figures or counts it plots).
DATA = "figures"
#: Time labels (d3-time-format): "07 Jan 18:00".
AXIS_FORMAT = "%d %b %H:%M"


def _local_iso(ts: pd.Series, tz: tzinfo) -> list[str]:
    return ts.dt.tz_convert(tz).dt.strftime("%Y-%m-%dT%H:%M:%S").tolist()


def _time_axis(tz: tzinfo, times: pd.Series) -> dict:
    """The time axis of both charts: day, month and 24-hour clock in the incident's zone ("07 Jan 18:00": no
    reader mistakes the day for the month), named with its zone; :func:`with_marker` adds the year."""
    at = times.max() if len(times) else None
    return {"field": "t", "type": "temporal", "title": f"time ({zone_label(tz, at)})", "axis": {"format": AXIS_FORMAT, "labelAngle": 0}}


def casualties_spec(known: pd.DataFrame, scope: str, tz: tzinfo = timezone.utc) -> dict:
    """Deaths and injured in ``scope`` as reported, one line per metric, sources in the tooltip.

    Times are shown in ``tz``, the incident's zone.

    ``known`` is :func:`sitrep.timeline.history` at T: records a correction (known at T)
    replaces are left out, as the cards leave them out.
    """
    cas = known[known["metric"].isin(["deaths", "injured"]) & (known["scope"] == scope)]
    if "corrected" in cas:
        cas = cas[~cas["corrected"]]
    cas = cas.sort_values(["observed_at", "id"])
    values = [{"t": t, "metric": m, "value": float(v), "source": s}
              for t, m, v, s in zip(_local_iso(cas["observed_at"], tz), cas["metric"], cas["value"], cas["source"])]  # fmt: skip
    return _spec(values, "Casualties as reported" + ("" if values else " (none yet)"), {
        "mark": {"type": "line", "point": True},
        "encoding": {"x": _time_axis(tz, cas["observed_at"]),
                     "y": {"field": "value", "type": "quantitative", "title": "people", "scale": {"zero": True},
                           "axis": {"format": ",d", "tickMinStep": 1}},
                     # no figure yet: no empty "metric" legend
                     "color": {"field": "metric", "type": "nominal", **({} if values else {"legend": None})},
                     "tooltip": [{"field": "metric"}, {"field": "value"}, {"field": "source"},
                                 {"field": "t", "type": "temporal", "format": f"%Y-{AXIS_FORMAT}"}]},
    })  # fmt: skip


def stations_spec(series: pd.DataFrame, tz: tzinfo = timezone.utc) -> dict:
    """Stations out and restored over time (a step line) from :func:`sitrep.timeline.station_series`, in ``tz``.

    The same counts as the cards and the reports: per-station status changes, never raw
    event counts.
    """
    times = _local_iso(series["at"], tz)
    values = [{"t": t, "stations": "out", "count": int(n)} for t, n in zip(times, series["out"])]
    values += [{"t": t, "stations": "restored", "count": int(n)} for t, n in zip(times, series["restored"])]
    return _spec(values, "Base stations out / restored", {
        "mark": {"type": "line", "interpolate": "step-after", "point": True},  # points: one change is still visible
        "encoding": {"x": _time_axis(tz, series["at"]),
                     "y": {"field": "count", "type": "quantitative", "title": "stations", "scale": {"zero": True},
                           "axis": {"format": ",d", "tickMinStep": 1}},
                     "color": {"field": "stations", "type": "nominal", **({} if values else {"legend": None})}},
    })  # fmt: skip


def _spec(values: list[dict], title: str, layer: dict) -> dict:
    # named: Streamlit sends named datasets apart from the spec (and, with more than one, keeps each under its name)
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "title": title, "height": 220,
            "data": {"name": DATA}, "datasets": {DATA: values}, "layer": [layer]}  # fmt: skip


def with_marker(spec: dict, t_local: datetime, start_local: datetime | None = None) -> dict:
    """A copy of ``spec`` with a dashed rule at the as-of time; with ``start_local``, the time axis runs
    from it (the earthquake) to the as-of time, so early on the few figures known are not lost in
    an axis Vega-Lite guesses from one point (naive datetimes in the incident's zone).

    The times travel as the named dataset ``as_of`` (rows ``t`` and ``at``: ``start``, ``end``,
    ``as_of``), not in the spec: moving the slider changes the data only, so the browser
    updates the chart in place instead of compiling it again (~100 ms a move). An invisible
    layer over ``start`` and ``end`` stretches the shared time axis.
    """
    out = copy.copy(spec)
    rows = [{"t": _iso(t_local), "at": "as_of"}]
    layers = spec["layer"]
    if start_local is not None:
        rows += [{"t": _iso(start_local), "at": "start"}, {"t": _iso(max(t_local, start_local + timedelta(hours=1))), "at": "end"}]
        # the axis starts at the earthquake whatever the data hold (a record dated before it, entered
        # with --force, is clipped, not allowed to squash the day into a pixel); the start is the
        # incident's, the same at every slider position, so the spec still does not change
        # the year is in the axis title (the labels hold day, month and time): a historic incident is dated
        end = max(t_local, start_local)
        years = f"{start_local.year}" if end.year == start_local.year else f"{start_local.year}-{end.year}"
        layers = [{**layer, "mark": {**layer["mark"], "clip": True},
                   "encoding": {**layer["encoding"], "x": {**layer["encoding"]["x"], "title": f"{layer['encoding']['x']['title']}, {years}",
                                                         "scale": {"domainMin": _vega_datetime(start_local)}}}}
                  for layer in layers]  # fmt: skip
    out["datasets"] = {**spec.get("datasets", {}), "as_of": rows}
    out["layer"] = [*layers, {
        "data": {"name": "as_of"}, "transform": [{"filter": "datum.at === 'as_of'"}],
        "mark": {"type": "rule", "color": "#d62728", "strokeDash": [4, 3]},
        "encoding": {"x": {"field": "t", "type": "temporal"}},
    }, {
        "data": {"name": "as_of"}, "transform": [{"filter": "datum.at !== 'as_of'"}],
        "mark": {"type": "point", "opacity": 0}, "encoding": {"x": {"field": "t", "type": "temporal"}},
    }]  # fmt: skip
    return out


def _iso(t: datetime) -> str:
    # naive ISO in the incident's zone, read like the data's times
    return t.strftime("%Y-%m-%dT%H:%M:%S")


def _vega_datetime(t: datetime) -> dict:
    # a Vega-Lite DateTime object: local (the incident's zone) fields, read like the naive ISO strings of the data
    return {"year": t.year, "month": t.month, "date": t.day, "hours": t.hour, "minutes": t.minute}
