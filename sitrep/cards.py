"""What a headline card says at time T, honestly: the figure, the one before it, and any disagreement.

Pure functions over :func:`sitrep.timeline.as_of` and :func:`sitrep.timeline.history`
frames (UTC times); the app's cards and the reports word them the same way.

The rule a card follows (:data:`RULE`): the latest figure observed by T leads. A
different figure from another source observed up to :data:`~sitrep.timeline.CONFLICT_WINDOW`
before it is not hidden behind a small sign: both values and both sources are on the
card. A disagreement that a later figure has since replaced is shown as *superseded*,
with its age at T, so a briefer does not quote it as current. A figure's qualifier
("more than 1,000") travels with it; a change of unit (houses -> households) is said as
such, never computed as a difference.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from .present import qualified
from .timeline import CONFLICT_WINDOW

__all__ = ["RULE", "Figure", "FigureCard", "PastConflict", "figure_card", "past_conflict", "reported_beside_events", "age_text"]

#: The card rule, as the app and the reports state it.
RULE = (
    "The latest figure observed by the chosen time leads; a different figure from another source "
    f"observed up to {int(CONFLICT_WINDOW.total_seconds() // 60)} minutes before it is shown beside it."
)


@dataclass(frozen=True)
class Figure:
    """One reported figure as a card quotes it (``observed_at`` UTC)."""

    value: float
    unit: str
    source: str
    observed_at: pd.Timestamp
    qualifier: str = ""

    @classmethod
    def from_row(cls, row: Mapping) -> Figure:
        q = row.get("qualifier", "")
        return cls(float(row["value"]), str(row["unit"]), str(row["source"]), pd.Timestamp(row["observed_at"]),
                   q if isinstance(q, str) else "")  # fmt: skip

    def text(self, *, unit: bool = False) -> str:
        """``"more than 1,000"`` (with ``unit``: ``"more than 1,000 houses"``)."""
        return qualified(self.value, self.qualifier, self.unit if unit else "")


@dataclass(frozen=True)
class PastConflict:
    """Two sources that disagreed, both observed before the figure that now leads."""

    figures: tuple[Figure, ...]  # oldest first

    @property
    def newest(self) -> pd.Timestamp:
        return max(f.observed_at for f in self.figures)


@dataclass(frozen=True)
class FigureCard:
    """A metric's card at ``as_of``: the figure that leads, what disagrees with it, what it followed."""

    metric: str
    scope: str
    as_of: pd.Timestamp
    current: Figure
    #: other sources' different figures within the window before ``current`` (the conflict), oldest first
    rivals: tuple[Figure, ...] = ()
    #: the figure known just before ``current`` (same metric and scope), if any
    previous: Figure | None = None
    #: the latest disagreement a later figure has replaced
    superseded: PastConflict | None = None

    @property
    def value_text(self) -> str:
        """The headline: ``"126"``, or every disputed value, the leading one first (``"56 or 177"``)."""
        return " or ".join(f.text() for f in (self.current, *self.rivals))

    @property
    def disputed(self) -> bool:
        return bool(self.rivals)

    @property
    def unit_changed(self) -> bool:
        return self.previous is not None and self.previous.unit != self.current.unit

    @property
    def change(self) -> float | None:
        """Current minus previous, in one unit and both exact; None otherwise (no previous, a unit change,
        a qualified figure such as "more than 1,000": its difference is not known)."""
        p, c = self.previous, self.current
        if p is None or self.unit_changed or p.qualifier or c.qualifier:
            return None
        return c.value - p.value

    def delta_text(self, local: Callable[[pd.Timestamp], str]) -> str | None:
        """``"+31 since 15:00"`` for a change (``local`` shows a UTC time in the incident's zone); None without one.

        No change is None too (a card's arrow would say "up" for ``+0``): :meth:`lines` says "unchanged".
        """
        change = self.change
        if change is None or change == 0:
            return None
        return f"{change:+,.0f} since {_clock(local, self.previous.observed_at, self.as_of)}"

    def lines(self, local: Callable[[pd.Timestamp], str]) -> list[str]:
        """The card's caption lines (plain text; the caller escapes them for its medium)."""
        c = self.current
        out = [f"{c.source} · {local(c.observed_at)}"]
        if self.rivals:
            parts = [f"{f.text(unit=True)} ({f.source}, {_clock(local, f.observed_at, self.as_of)})" for f in (c, *self.rivals)]
            out.append("⚠ Sources disagree: " + " vs ".join(parts) + ". The latest leads; neither is confirmed.")
        p = self.previous
        if p is not None and self.unit_changed:
            out.append(f"Unit changed: {p.text(unit=True)} ({_clock(local, p.observed_at, self.as_of)}) -> {c.text(unit=True)}")
        elif p is not None and self.change == 0:
            out.append(f"unchanged since {_clock(local, p.observed_at, self.as_of)}")
        elif p is not None and self.change is None:
            out.append(f"before: {p.text(unit=True)} ({_clock(local, p.observed_at, self.as_of)})")
        if self.superseded is not None:
            old = " vs ".join(f"{f.text()} ({f.source}, {_clock(local, f.observed_at, self.as_of)})" for f in self.superseded.figures)
            out.append(f"Superseded: {old}, {age_text(self.as_of - self.superseded.newest)} old at this time; "
                       f"since superseded by {c.text()} ({c.source})")  # fmt: skip
        return out


def figure_card(figures: pd.DataFrame, known: pd.DataFrame, metric: str, scope: str | None, as_of: pd.Timestamp,
                window: pd.Timedelta = CONFLICT_WINDOW) -> FigureCard | None:  # fmt: skip
    """The card of ``metric`` in ``scope`` at ``as_of`` (UTC), or None when nothing is known.

    ``figures`` is :func:`sitrep.timeline.as_of` at ``as_of`` (with ``conflict``), ``known`` is
    :func:`sitrep.timeline.history` at ``as_of`` (with ``corrected``): nothing after ``as_of`` is
    read. ``scope`` None: any scope (the latest figure's).
    """
    rows = figures[(figures["metric"] == metric) & ((figures["scope"] == scope) if scope is not None else True)]
    if rows.empty:
        return None
    rows = rows.sort_values(["observed_at", "id"])
    top = rows.iloc[-1]
    rivals = rows[(rows["id"] != top["id"]) & (rows["scope"] == top["scope"]) & rows["conflict"].astype(bool)]
    hist = known[(known["metric"] == metric) & (known["scope"] == top["scope"])]
    if "corrected" in hist:
        hist = hist[~hist["corrected"].astype(bool)]
    hist = hist.sort_values(["observed_at", "id"])
    disputed_ids = {int(i) for i in rivals["id"]} | {int(top["id"])}
    # what the card followed: never one of the disputed figures (a rival is not a "before")
    before = hist[(hist["observed_at"] < top["observed_at"]) & ~hist["id"].isin(disputed_ids)]
    previous = None if before.empty else Figure.from_row(before.iloc[-1])
    current = Figure.from_row(top)
    past = past_conflict(hist[~hist["id"].isin(disputed_ids) & (hist["observed_at"] < top["observed_at"])], window)
    return FigureCard(metric, str(top["scope"]), as_of, current, tuple(Figure.from_row(r) for _, r in rivals.iterrows()),
                      previous, past)  # fmt: skip


def past_conflict(known: pd.DataFrame, window: pd.Timedelta = CONFLICT_WINDOW) -> PastConflict | None:
    """The latest disagreement among ``known`` figures (one metric and scope): two sources whose
    figures differ, observed within ``window`` of each other. None when they never disagreed."""
    rows = known.sort_values(["observed_at", "id"]).reset_index(drop=True)
    for j in range(len(rows) - 1, 0, -1):
        later = rows.iloc[j]
        for i in range(j - 1, -1, -1):
            earlier = rows.iloc[i]
            if later["observed_at"] - earlier["observed_at"] > window:
                break
            if earlier["source"] != later["source"] and earlier["value"] != later["value"]:
                return PastConflict((Figure.from_row(earlier), Figure.from_row(later)))
    return None


def reported_beside_events(figures: pd.DataFrame, metric: str, count: int, events_changed_at: pd.Timestamp | None,
                           local: Callable[[pd.Timestamp], str], as_of: pd.Timestamp) -> list[str]:  # fmt: skip
    """What sources reported of a station ``metric`` (``stations_out``, ``stations_restored``) beside the
    count the station events give (``count`` at ``as_of``, last changed at ``events_changed_at``).

    A reported figure older than the events' last change is superseded by them (said with its age);
    a newer one stands beside the count. ``figures`` is :func:`sitrep.timeline.as_of` at ``as_of``.
    """
    rows = figures[figures["metric"] == metric].sort_values(["observed_at", "id"])
    out = []
    for scope, part in rows.groupby("scope", sort=False):
        figs = [Figure.from_row(r) for _, r in part.iterrows()]
        said = " vs ".join(f"{f.text()} ({f.source}, {_clock(local, f.observed_at, as_of)})" for f in figs)
        where = f" · {scope}" if scope else ""
        newest = max(f.observed_at for f in figs)
        if events_changed_at is not None and newest < events_changed_at:
            out.append(f"Reported{where}: {said}, {age_text(as_of - newest)} old; since superseded by station events: {count:,}")
        elif any(f.value != count or f.qualifier for f in figs):
            out.append(f"Reported{where}: {said}; station events give {count:,}")
    return out


def age_text(age: pd.Timedelta) -> str:
    """``"8 h 30 min"``, ``"45 min"``, ``"2 d 3 h"``: how long ago, to the minute.

    >>> age_text(pd.Timedelta(hours=8, minutes=30)), age_text(pd.Timedelta(minutes=45)), age_text(pd.Timedelta(days=2, hours=3))
    ('8 h 30 min', '45 min', '2 d 3 h')
    """
    minutes = max(int(age.total_seconds() // 60), 0)
    d, rest = divmod(minutes, 24 * 60)
    h, m = divmod(rest, 60)
    if d:
        return f"{d} d {h} h" if h else f"{d} d"
    if h:
        return f"{h} h {m} min" if m else f"{h} h"
    return f"{m} min"


def _clock(local: Callable[[pd.Timestamp], str], ts: pd.Timestamp, as_of: pd.Timestamp) -> str:
    """The local time of ``ts``: the clock alone on the as-of day, with the date otherwise."""
    text, today = local(ts), local(as_of)
    return text[11:16] if text[:10] == today[:10] else text[:16]
