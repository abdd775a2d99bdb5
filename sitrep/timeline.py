"""What was known at time T: pure queries over timeline records (DataFrames in, DataFrames out).

Records come from :meth:`sitrep.store.Store.records`: one row per reported figure with
``metric, value, unit, scope, observed_at, reported_at, entered_at, source, ...`` and UTC
times. Nothing here reads a file or a database.

* :func:`as_of` - for each (metric, scope), the latest figure observed at or before T;
  figures from other sources that disagree with it within :data:`CONFLICT_WINDOW` are
  returned beside it, and every row of such a disagreement is flagged ``conflict``.
* :func:`history` - every figure observed at or before T, oldest first (for charts).
* :func:`changes` - per (metric, scope), the value at T0 and at T1 and the difference.
* :func:`station_status` - each base station's status (``ok`` / ``out`` / ``restored``) at T.
* :func:`station_series` / :func:`station_counts` - how many stations are out and restored
  over time / at T, from per-station status changes (a repeated status counts once).
* :class:`StationLog` - the same three station queries, indexed once for many times T.
* :func:`notes_until` - the free-text notes (:meth:`sitrep.store.Store.notes`) observed by T.

Known by T means *observed* by T unless the records carry a ``known_at`` column: then a
record counts from that time on. :func:`published_view` adds it (the publication time where
a source's ``reported_at`` is known, else the observation time), so the same queries answer
"what had been published by T" as well as "what had been observed by T".

A record that a later record corrects (``corrects`` = its id), where the correction is
itself observed by T, is replaced by the correction. A retracted record (``retracted``,
see :meth:`sitrep.store.Store.retract`) is left out of every query, whatever T: it was
wrong, not superseded. Values are never averaged or merged.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = ["CONFLICT_WINDOW", "as_of", "history", "changes", "station_status", "station_series", "station_counts", "without_retracted",
           "StationLog", "published_view", "KNOWN_BY", "notes_until", "latest_figures"]

#: Figures for the same metric and scope from different sources observed this close
#: together are compared. Long enough for the seed's real disagreement (China Mobile's 177
#: stations out, counted from 09:05, against 56 reported around 10:30), short enough that
#: a count updated two hours later by another outlet reads as an update.
CONFLICT_WINDOW = pd.Timedelta(minutes=90)

_ORDER = ["observed_at", "reported_at", "entered_at", "id"]

#: How a record becomes known at T: by its observation time, or by its publication time.
KNOWN_BY: dict[str, str] = {
    "observed": "figures observed by the as-of time",
    "published": "figures published by the as-of time (or observed by it, where the publication time is unknown)",
}


def published_view(records: pd.DataFrame) -> pd.DataFrame:
    """``records`` with ``known_at``: when each figure was published (``reported_at``), or observed
    where that is unknown - never before it was observed. Every query here then counts a figure
    from its ``known_at`` on: "what had been published by T". Times UTC."""
    observed = records["observed_at"]
    reported = records["reported_at"] if "reported_at" in records else pd.Series(pd.NaT, index=records.index)
    known = reported.where(reported.notna() & (reported > observed), observed)
    return records.assign(known_at=pd.to_datetime(known, utc=True))


def known_times(records: pd.DataFrame) -> pd.Series:
    """When each record counts as known (``known_at`` where present, else ``observed_at``), UTC."""
    return records["known_at"] if "known_at" in records.columns else records["observed_at"]


def without_retracted(records: pd.DataFrame) -> pd.DataFrame:
    """``records`` without the retracted ones (a retracted figure is shown nowhere, at any time).

    Frames without a ``retracted`` column are returned as they are.
    """
    if "retracted" not in records.columns:
        return records
    return records[~records["retracted"].fillna(False).astype(bool)]


def _until(df: pd.DataFrame, t: pd.Timestamp | None, metrics: Iterable[str] | None) -> pd.DataFrame:
    # retracted first: a retracted correction no longer hides the record it corrected
    df = without_retracted(df)
    out = df if t is None else df[known_times(df) <= t]
    if metrics:
        out = out[out["metric"].isin([m.lower() for m in metrics])]
    corrected = set(out["corrects"].dropna().astype(int))
    out = out.assign(corrected=out["id"].isin(corrected))
    return out


def history(records: pd.DataFrame, t: pd.Timestamp | None = None, *, metrics: Iterable[str] | None = None) -> pd.DataFrame:
    """Every record observed at or before ``t`` (all when ``None``), oldest first.

    Adds a boolean ``corrected`` column: true for records a later record (observed by
    ``t``) corrects.
    """
    return _until(records, t, metrics).sort_values(_ORDER, na_position="first").reset_index(drop=True)


def as_of(records: pd.DataFrame, t: pd.Timestamp | None = None, *, metrics: Iterable[str] | None = None,
          window: pd.Timedelta = CONFLICT_WINDOW) -> pd.DataFrame:  # fmt: skip
    """The latest figure per (metric, scope) observed at or before ``t``, with disagreements.

    Returns one row per (metric, scope) - plus one per disagreeing figure from another
    source observed within ``window`` before the latest - with a boolean ``conflict``
    column. Sorted by metric, scope, observed time.
    """
    live = _until(records, t, metrics)
    live = live[~live["corrected"]].sort_values(_ORDER, na_position="first")
    if live.empty:
        return live.assign(conflict=pd.Series(dtype=bool))
    latest = live.groupby(["metric", "scope"], sort=False).tail(1)
    top = latest[["metric", "scope", "id", "observed_at", "source", "value"]]
    cand = live.merge(top, on=["metric", "scope"], suffixes=("", "_top"))
    near = cand[(cand["id"] != cand["id_top"]) & (cand["observed_at_top"] - cand["observed_at"] <= window)
                & (cand["source"] != cand["source_top"])]  # fmt: skip
    # one figure per other source - its latest within the window - that disagrees
    rivals = near.groupby(["metric", "scope", "source"], sort=False).tail(1)
    rivals = rivals[rivals["value"] != rivals["value_top"]]
    conflict_ids = set(rivals["id"]) | set(rivals["id_top"])
    out = pd.concat([latest, live[live["id"].isin(rivals["id"])]]).drop_duplicates("id")
    out = out.assign(conflict=out["id"].isin(conflict_ids))
    return out.sort_values(["metric", "scope", "observed_at", "id"]).reset_index(drop=True)


def changes(records: pd.DataFrame, t0: pd.Timestamp, t1: pd.Timestamp, *, metrics: Iterable[str] | None = None) -> pd.DataFrame:
    """Per (metric, scope): value and source at ``t0`` and at ``t1``, and the change.

    Only (metric, scope) pairs whose latest figure differs between the two times are
    returned; ``value_t0`` is missing for figures first reported after ``t0``.
    Raises :class:`ValueError` when ``t0`` is after ``t1``: the "before" figure would
    be one not yet known at ``t1``.
    """
    if t0 > t1:
        raise ValueError(f"changes since {t0.isoformat()} until {t1.isoformat()}: the start is after the end")
    a = latest_figures(records, t0, metrics)
    b = latest_figures(records, t1, metrics)
    merged = b.merge(a, on=["metric", "scope", "unit"], how="left", suffixes=("_t1", "_t0"))
    merged = merged[(merged["id_t1"] != merged["id_t0"])]
    merged["change"] = merged["value_t1"] - merged["value_t0"]
    cols = ["metric", "scope", "unit", "value_t0", "value_t1", "change", "observed_at_t0", "observed_at_t1", "source_t0", "source_t1"]
    return merged[cols].reset_index(drop=True)


def latest_figures(records: pd.DataFrame, t: pd.Timestamp | None, metrics: Iterable[str] | None = None) -> pd.DataFrame:
    """The latest figure per (metric, scope) known at ``t``, corrected and retracted records left out:
    ``metric, scope, unit, value, observed_at, source, id`` (and ``qualifier`` when the records have it).

    Unlike :func:`as_of`, no disagreeing figure is returned beside it: one row per pair, for comparing two times.
    """
    live = _until(records, t, metrics)
    live = live[~live["corrected"]].sort_values(_ORDER, na_position="first")
    cols = ["metric", "scope", "unit", "value", "observed_at", "source", "id"] + (["qualifier"] if "qualifier" in live.columns else [])
    return live.groupby(["metric", "scope"], sort=False).tail(1)[cols]


def _transitions(events: pd.DataFrame, station_ids: Iterable[str] | None) -> pd.DataFrame:
    """Station events that change a station's status, oldest first (ties by id).

    A repeated status (``restored`` for a station already restored, ``out`` for one
    already out) changes nothing and is dropped, so a store holding duplicates counts
    the same as one without. Events naming a station outside ``station_ids`` (when
    given) are ignored: only stations of the layer are counted.
    """
    ev = events
    if station_ids is not None:
        ev = ev[ev["station_id"].isin(pd.Index(list(station_ids)))]
    ev = ev.sort_values(["at", "id"], kind="stable")
    previous = ev.groupby("station_id", sort=False)["status"].shift()
    return ev[ev["status"] != previous]


class StationLog:
    """A station layer's status changes, indexed once to answer many as-of times cheaply.

    Built from station events (``station_id, status, at`` UTC, ``id``) and the layer's
    ``station_ids`` (None: every station named by an event). What is known at ``t`` is a
    prefix of the changes (they are sorted by time), so :meth:`status`, :meth:`counts` and
    :meth:`series_until` equal the same query over the events observed at or before ``t``:
    the app builds one log per store version and moves its time slider over it.
    """

    def __init__(self, events: pd.DataFrame, station_ids: Iterable[str] | None = None) -> None:
        self.ids = None if station_ids is None else pd.Index(list(station_ids), name="station_id")
        #: status changes, oldest first (:func:`_transitions`)
        self.transitions = _transitions(events, self.ids)
        tr = self.transitions
        previous = tr.groupby("station_id", sort=False)["status"].shift()
        d_out = (tr["status"] == "out").astype(int) - (previous == "out").astype(int)
        d_restored = (tr["status"] == "restored").astype(int) - (previous == "restored").astype(int)
        frame = pd.DataFrame({"at": tr["at"], "out": d_out.cumsum(), "restored": d_restored.cumsum()})
        #: stations out and restored after each change (:func:`station_series`)
        self.series = frame.groupby("at", sort=True).last().reset_index()

    @staticmethod
    def _known(frame: pd.DataFrame, t: pd.Timestamp | None) -> pd.DataFrame:
        return frame if t is None else frame.iloc[: int(frame["at"].searchsorted(t, side="right"))]

    def status(self, t: pd.Timestamp | None) -> pd.Series:
        """Each station's status at ``t`` (:func:`station_status`); needs ``station_ids``."""
        if self.ids is None:
            raise ValueError("StationLog.status needs the layer's station_ids")
        last = self._known(self.transitions, t).groupby("station_id")["status"].last()
        ids = self.ids
        return pd.Series(np.where(ids.isin(last.index), last.reindex(ids).to_numpy(), "ok"), index=ids, name="status")

    def series_until(self, t: pd.Timestamp | None) -> pd.DataFrame:
        """The rows of :attr:`series` observed at or before ``t`` (:func:`station_series` of those events)."""
        return self._known(self.series, t).reset_index(drop=True)

    def changed_at(self, t: pd.Timestamp | None) -> pd.Timestamp | None:
        """When the counts last changed at or before ``t`` (UTC); None before any change."""
        known = self._known(self.series, t)
        return None if known.empty else known["at"].iloc[-1]

    def counts(self, t: pd.Timestamp | None) -> dict[str, int]:
        """Stations out and restored at ``t`` (:func:`station_counts`): the row of :attr:`series` in force then."""
        known = self._known(self.series, t)
        if known.empty:
            return {"out": 0, "restored": 0}
        last = known.iloc[-1]
        return {"out": int(last["out"]), "restored": int(last["restored"])}


def station_status(events: pd.DataFrame, t: pd.Timestamp | None, station_ids: Iterable[str]) -> pd.Series:
    """Status of each station at ``t``: ``out``, ``restored`` or ``ok`` (never reported out).

    Indexed like ``station_ids``; the latest status change at or before ``t`` decides.
    """
    return StationLog(events, station_ids).status(t)


def station_series(events: pd.DataFrame, station_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """How many stations are out and how many restored after each change (the one count).

    Returns columns ``at`` (UTC, ascending, one row per time at which some station's
    status changed), ``out`` and ``restored``: the number of stations (of
    ``station_ids``, when given) whose status is that at ``at``. Built from per-station
    status changes, never from raw event counts: a repeated event changes nothing.
    Cards, reports and charts all read their counts from here (:func:`station_counts`).
    """
    return StationLog(events, station_ids).series


def station_counts(events: pd.DataFrame, t: pd.Timestamp | None, station_ids: Iterable[str] | None = None) -> dict[str, int]:
    """How many stations (of ``station_ids``, when given) are out and how many restored at ``t``.

    The row of :func:`station_series` in force at ``t`` (zeros before the first event).
    """
    return StationLog(events, station_ids).counts(t)


def notes_until(notes: pd.DataFrame, t: pd.Timestamp | None = None) -> pd.DataFrame:
    """The timeline notes observed at or before ``t`` (UTC; ``None``: all), oldest first (ties by id).

    ``notes`` is :meth:`sitrep.store.Store.notes`'s frame (``section, text, observed_at, source, ...``);
    the result has its columns and a fresh index. A note observed after ``t`` is not known at ``t``,
    whenever it was entered.
    """
    out = notes if t is None else notes[notes["observed_at"] <= t]
    keys = [c for c in ("observed_at", "id") if c in out.columns]
    return out.sort_values(keys, kind="stable").reset_index(drop=True)
