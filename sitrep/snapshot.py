"""A snapshot: exactly what was known at time T, from which source - assembled, not rendered.

:func:`build_snapshot` takes frames already loaded (scenario layers, timeline records,
station events) and returns a :class:`Snapshot` holding every table a report shows. It
reads no file and draws nothing; :mod:`sitrep.report` renders it as HTML, PDF, Markdown
or a bundle. Nothing observed after T enters a snapshot.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timezone, tzinfo
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from . import __version__
from .bands import band_index, band_labels
from .distance import geometry_distance_km
from .io.catalog import ScenarioSpec
from .query import BandLayer, Epicentre, band_rows, scenario_band_layers
from .records import METRICS, STATION_METRICS
from .timeline import StationLog, as_of, history, latest_figures, notes_until
from .timeutil import format_local, zone_name

__all__ = ["KEY_METRICS", "METRIC_GROUPS", "NOTE_COLUMNS", "Snapshot", "build_snapshot", "figure_changes", "measured_from", "metric_group",
           "sha256_file", "sha256_bytes"]

#: The figures a snapshot leads with, in this order; every other metric known at T follows them.
KEY_METRICS = ("deaths", "injured", "missing", "relocated", "houses_collapsed", "stations_out", "stations_restored")

#: The groups a report shows its figures in, in this order, with their headings.
METRIC_GROUPS: dict[str, str] = {
    "people": "Casualties and people affected 人员伤亡与受灾",
    "housing": "Housing 房屋",
    "infrastructure": "Infrastructure 基础设施",
    "other": "Other figures 其他",
}
# Words of a metric's name (split at "_") or its unit that place it in a group; checked in this order.
_GROUP_WORDS = (
    ("housing", {"house", "houses", "housing", "home", "homes", "household", "households", "building", "buildings", "dwelling",
                 "dwellings", "shelter", "shelters", "tent", "tents"}),
    ("infrastructure", {"station", "stations", "telecom", "telecoms", "signal", "network", "mobile", "cell", "road", "roads", "bridge",
                        "bridges", "power", "electricity", "grid", "water", "dam", "dams", "reservoir", "reservoirs", "hydropower",
                        "pipeline", "pipelines", "airport", "school", "schools", "hospital", "hospitals", "fibre", "fiber", "km",
                        "substation", "substations", "supply", "telecommunications", "communication", "communications"}),
    ("people", {"deaths", "dead", "death", "killed", "injured", "injuries", "missing", "relocated", "evacuated", "displaced",
                "affected", "rescued", "casualties", "homeless", "people", "persons", "person", "resettled", "trapped"}),
)  # fmt: skip

#: Columns of :attr:`Snapshot.notes` (a timeline note: free text in a report section, with its source), as ``Store.notes()``.
NOTE_COLUMNS = ("id", "section", "text", "observed_at", "reported_at", "source", "source_url", "author", "entered_at")


@dataclass
class Snapshot:
    """Everything a report says, as data (times UTC, distances km, EPSG:4326)."""

    title: str
    title_zh: str
    scenario: str
    as_of: pd.Timestamp
    generated_at: pd.Timestamp
    since: pd.Timestamp | None
    solution: Epicentre
    edges_km: tuple[float, ...]
    notice: str
    #: every metric known at T (:func:`sitrep.timeline.as_of`): metric, scope, value, unit, qualifier, observed_at,
    #: source, source_url, conflict; plus ``group`` (:func:`metric_group`) and ``superseded_by`` ("" while current)
    key_figures: pd.DataFrame
    stations: dict[str, int]  # out / restored at T, from station events (timeline.station_counts)
    changes: pd.DataFrame | None  # figure_changes(records, since, T)
    bands: pd.DataFrame  # layer, band, lower_km, upper_km, count, population, coverage
    affected: dict[str, pd.DataFrame]  # layer -> named features in the inner bands, nearest first
    history: pd.DataFrame  # every record observed up to T
    events: pd.DataFrame  # station events up to T
    features: dict[str, gpd.GeoDataFrame]  # every layer with distance_km and band
    station_status: pd.Series
    #: stations out / restored after each change up to T (timeline.station_series): the chart's data
    station_series: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["at", "out", "restored"]))
    #: the incident's area: the scope of the headline cards and the casualty chart
    scope: str = ""
    manifest: dict = field(default_factory=dict)
    #: the incident's time zone: every time a report shows is shown in it
    tz: tzinfo = timezone.utc
    #: what the distances are measured from (:func:`measured_from`): one of the incident's
    #: solutions, or an event or point given instead of them
    measured_from: dict = field(default_factory=dict)
    #: timeline notes observed at or before T, oldest first (:data:`NOTE_COLUMNS`)
    notes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(NOTE_COLUMNS)))
    #: the incident's epicentre solutions, in the epicentre layer's order (the header's table)
    solutions: list[dict] = field(default_factory=list)
    #: stations out / restored at ``since`` (None without ``since``)
    stations_since: dict[str, int] | None = None
    #: when the station counts last changed by T (UTC), None before any station event
    stations_changed_at: pd.Timestamp | None = None
    #: the names of the user's layers among :attr:`features` (uploaded or ``--layer``), in the order given
    user_layers: tuple[str, ...] = ()

    @property
    def as_of_local(self) -> str:
        return format_local(self.as_of, tz=self.tz)

    def local(self, ts: pd.Timestamp) -> str:
        """``ts`` (UTC) shown in the incident's zone, zone marked."""
        return format_local(ts, tz=self.tz)

    @property
    def as_of_utc(self) -> str:
        return self.as_of.tz_convert("UTC").strftime("%Y-%m-%d %H:%M UTC")

    @property
    def band_labels(self) -> list[str]:
        return band_labels(self.edges_km, unit=True)


def sha256_bytes(data: bytes) -> str:
    """SHA-256 of bytes (an uploaded file's content, for the manifest)."""
    return hashlib.sha256(data).hexdigest()


def metric_group(metric: str, unit: str = "") -> str:
    """The report group of a metric (a key of :data:`METRIC_GROUPS`), from the words of its name and its unit.

    >>> metric_group("houses_damaged", "households"), metric_group("deaths", "people"), metric_group("townships_signal_restored")
    ('housing', 'people', 'infrastructure')
    >>> metric_group("roads_blocked", "km"), metric_group("tents_delivered", "tents"), metric_group("aid_tonnes", "t")
    ('infrastructure', 'housing', 'other')
    """
    words = set(str(metric).lower().split("_")) | {str(unit or "").lower()}
    for group, vocabulary in _GROUP_WORDS:
        if words & vocabulary:
            return group
    return "other"


def _metric_order(metric: str) -> tuple[int, str]:
    """Known metrics in their documented order, then the others by name."""
    known = list(METRICS)
    return (known.index(metric), "") if metric in known else (len(known), metric)


def figure_changes(records: pd.DataFrame, t0: pd.Timestamp, t1: pd.Timestamp) -> pd.DataFrame:
    """Per (metric, scope), the latest figure at ``t0`` and at ``t1`` (UTC) where they differ: every metric.

    Columns ``metric, scope, value_t0, unit_t0, qualifier_t0, value_t1, unit_t1, qualifier_t1,
    change, kind, observed_at_t0, observed_at_t1, source_t0, source_t1``. ``kind`` is ``"new"``
    (nothing known at ``t0``), ``"unit changed"`` (the unit differs, as houses -> households:
    no difference is computed, ``change`` is missing) or ``"changed"`` (``change`` is missing when
    either figure is qualified: "more than 1,000" to "more than 1,200" is no known difference). Corrected and retracted
    records are left out as in :func:`sitrep.timeline.as_of`; nothing observed after ``t1`` is used.
    Raises :class:`ValueError` when ``t0`` is after ``t1``.
    """
    if t0 > t1:
        raise ValueError(f"changes since {t0.isoformat()} until {t1.isoformat()}: the start is after the end")
    records = _with_qualifier(records)
    a, b = latest_figures(records, t0), latest_figures(records, t1)
    m = b.merge(a, on=["metric", "scope"], how="left", suffixes=("_t1", "_t0"))
    m = m[m["id_t1"] != m["id_t0"]]
    m = m[~((m["value_t1"] == m["value_t0"]) & (m["unit_t1"] == m["unit_t0"]) & (m["qualifier_t1"] == m["qualifier_t0"]))]
    same_unit = m["unit_t0"].fillna("") == m["unit_t1"].fillna("")
    kind = np.where(m["id_t0"].isna(), "new", np.where(same_unit, "changed", "unit changed"))
    exact = (m["qualifier_t0"].fillna("") == "") & (m["qualifier_t1"].fillna("") == "")
    m = m.assign(kind=kind, change=(m["value_t1"] - m["value_t0"]).where((kind == "changed") & exact))
    m = m.iloc[sorted(range(len(m)), key=lambda i: (_metric_order(m["metric"].iloc[i]), str(m["scope"].iloc[i])))]
    cols = ["metric", "scope", "value_t0", "unit_t0", "qualifier_t0", "value_t1", "unit_t1", "qualifier_t1", "change", "kind",
            "observed_at_t0", "observed_at_t1", "source_t0", "source_t1"]  # fmt: skip
    return m[cols].reset_index(drop=True)


def _with_qualifier(records: pd.DataFrame) -> pd.DataFrame:
    """``records`` with a ``qualifier`` column ("" where none is stated)."""
    if "qualifier" not in records.columns:
        return records.assign(qualifier="")
    return records.assign(qualifier=records["qualifier"].fillna("").astype(str))


def _current(figures: pd.DataFrame, log: StationLog, t: pd.Timestamp) -> pd.DataFrame:
    """The figures known at ``t`` grouped and ordered, each with ``superseded_by``: what replaced it ("" while current).

    A count of base stations (:data:`sitrep.records.STATION_METRICS`) observed before the
    station events' latest change by ``t`` is superseded by them: the report's station
    counts come from the events, and an older published count is not quoted as current.
    """
    out = figures.assign(group=[metric_group(m, u) for m, u in zip(figures["metric"], figures["unit"])], superseded_by="")
    if (changed := log.changed_at(t)) is not None:
        out["superseded_by"] = ["station events" if m in STATION_METRICS and obs < changed else ""
                                for m, obs in zip(out["metric"], out["observed_at"])]  # fmt: skip
    if out.empty:
        return out
    order = list(METRIC_GROUPS)
    rank = sorted(range(len(out)), key=lambda i: (order.index(out["group"].iloc[i]), _metric_order(out["metric"].iloc[i]),
                                                   str(out["scope"].iloc[i]), out["observed_at"].iloc[i]))  # fmt: skip
    return out.iloc[rank].reset_index(drop=True)


def _solutions(epicentres: gpd.GeoDataFrame | None, chosen: Epicentre) -> list[dict]:
    """The incident's epicentre solutions for the header (in the layer's order), the one measured from flagged."""
    if epicentres is None:
        return []
    out = []
    def given(value) -> bool:  # optional columns: absent, None or NaN is "not given"
        return value is not None and not (pd.api.types.is_scalar(value) and pd.isna(value))

    for i, (_, row) in enumerate(epicentres.iterrows()):
        g = row.geometry
        magnitude, origin, depth, mtype = row.get("magnitude"), row.get("origin_time"), row.get("depth_km"), row.get("magnitude_type")
        out.append({
            "index": i, "id": str(row["id"]), "agency": str(row.get("agency") or row.get("name") or row["id"]),
            "magnitude": float(magnitude) if given(magnitude) else None, "magnitude_type": str(mtype) if given(mtype) else "",
            "origin_time": pd.Timestamp(origin) if given(origin) else None, "depth_km": float(depth) if given(depth) else None,
            "lat": float(g.y), "lon": float(g.x),
            "source": str(row.get("source") or "") if given(row.get("source")) else "", "url": str(row.get("url") or "") if given(row.get("url")) else "",
            "measured_from": str(row["id"]).lower() == chosen.id.lower() and bool(np.isclose(g.x, chosen.lon) and np.isclose(g.y, chosen.lat)),
        })  # fmt: skip
    return out


def sha256_file(path: str | Path) -> str:
    """SHA-256 of a file's bytes (for the manifest)."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def build_snapshot(
    spec: ScenarioSpec,
    layers: dict[str, gpd.GeoDataFrame],
    records: pd.DataFrame,
    events: pd.DataFrame,
    *,
    as_of_time: pd.Timestamp,
    solution: Epicentre,
    edges_km: Sequence[float],
    extra_layers: dict[str, gpd.GeoDataFrame] | None = None,
    since: pd.Timestamp | None = None,
    inputs: Sequence[str | Path] = (),
    store_url: str = "",
    now: pd.Timestamp | None = None,
    notes: pd.DataFrame | None = None,
    uploads: Sequence[tuple[str, bytes]] = (),
) -> Snapshot:
    """Assemble the snapshot at ``as_of_time`` (UTC) from ``solution`` with bands ``edges_km``.

    Every metric known at T is kept (:attr:`Snapshot.key_figures`), grouped by
    :func:`metric_group`. ``extra_layers`` are user layers (name -> frame) counted and mapped
    beside the scenario's, under names no scenario layer has (:func:`sitrep.present.user_layer_name`):
    a user layer never stands in for an official one. ``inputs`` are files whose SHA-256
    goes into the manifest; ``uploads`` are (file name, content) pairs of files uploaded in
    the app, listed in the manifest with the SHA-256 of their content. ``notes`` are timeline
    notes (:data:`NOTE_COLUMNS`, ``Store.notes()``): only those observed at or before T are kept.
    """
    t = as_of_time
    edges = tuple(float(e) for e in edges_km)
    extra_layers = extra_layers or {}
    if clash := sorted(set(extra_layers) & {ls.name for ls in spec.layers}):
        raise ValueError(f"user layers named like scenario layers: {clash}; name them with sitrep.present.user_layer_name")
    records = _with_qualifier(records)
    known = history(records, t)
    events_t = events[events["at"] <= t]
    # the stations counted everywhere (cards, text, chart): those of the layer, by status change
    station_ids = layers["base_stations"]["id"] if "base_stations" in layers else None
    log = StationLog(events_t, station_ids)  # one index for the counts, the map's status and the chart
    figures = _current(as_of(records, t), log, t)
    band_layers = scenario_band_layers(spec, layers) + [BandLayer.from_frame(n, g) for n, g in extra_layers.items()]
    bands = band_rows(band_layers, edges, epicentre=solution)
    features = _features(spec, layers, extra_layers, solution, edges)
    generated = pd.Timestamp.now(tz="UTC") if now is None else now
    snap = Snapshot(
        title=spec.title, title_zh=spec.title_zh, scenario=spec.name, as_of=t, generated_at=generated, since=since,
        solution=solution, edges_km=edges, notice=spec.notice, key_figures=figures.reset_index(drop=True),
        stations=log.counts(t),
        changes=None if since is None else figure_changes(records, since, t),
        bands=bands, affected=_affected(features, edges), history=known, events=events_t, features=features,
        station_status=log.status(t) if station_ids is not None else pd.Series(dtype=str),
        station_series=log.series, scope=spec.scope, tz=spec.tzinfo,
        measured_from=measured_from(solution, layers.get("epicentres")),
        notes=_notes_until(notes, t), solutions=_solutions(layers.get("epicentres"), solution),
        stations_since=None if since is None else log.counts(since),
        stations_changed_at=log.changed_at(t),
        user_layers=tuple(extra_layers),
    )  # fmt: skip
    snap.manifest = _manifest(snap, spec, inputs, store_url, len(known), uploads)
    return snap


def _notes_until(notes: pd.DataFrame | None, t: pd.Timestamp) -> pd.DataFrame:
    """The notes observed at or before ``t``, oldest first (:func:`sitrep.timeline.notes_until`); an empty frame of
    :data:`NOTE_COLUMNS` without notes."""
    if notes is None or notes.empty:
        return pd.DataFrame(columns=list(NOTE_COLUMNS))
    return notes_until(notes, t)


def measured_from(solution: Epicentre, epicentres: gpd.GeoDataFrame | None) -> dict:
    """What the distances are measured from, for the report's header and manifest.

    ``kind`` is ``"incident solution"`` when ``solution`` is one of the incident's
    epicentre solutions (same id and position), ``"event"`` when an event (a USGS event
    file) replaces them, ``"point"`` for a bare position (``--epicentre``). Times are UTC
    ISO 8601; degrees EPSG:4326.
    """
    own = epicentres is not None and any(
        str(i).lower() == solution.id.lower() and np.isclose(g.x, solution.lon) and np.isclose(g.y, solution.lat)
        for i, g in zip(epicentres["id"], epicentres.geometry)
    )
    bare = solution.magnitude is None and solution.origin_time is None
    return {
        "kind": "incident solution" if own else ("point" if bare else "event"),
        "id": solution.id, "lat": solution.lat, "lon": solution.lon, "depth_km": solution.depth_km,
        "magnitude": solution.magnitude, "magnitude_type": solution.magnitude_type, "place": solution.place,
        "origin_time": None if solution.origin_time is None else solution.origin_time.isoformat(), "source": solution.source,
    }  # fmt: skip


def _features(spec, layers, extra_layers, solution: Epicentre, edges) -> dict[str, gpd.GeoDataFrame]:
    labels = band_labels(edges)
    out = {}
    for name, gdf in [*((ls.name, layers[ls.name]) for ls in spec.layers), *extra_layers.items()]:
        d = geometry_distance_km(gdf.geometry.to_numpy(), solution.point)
        frame = gdf.copy()
        frame["distance_km"] = np.round(d, 6)
        frame["band"] = [labels[i] for i in band_index(d, edges)]
        out[name] = frame
    return out


#: What the affected lists show per layer (beside name, distance and band).
_AFFECTED = {
    "villages": ["name", "name_zh", "township", "population", "provenance"],
    "townships": ["name", "name_zh", "provenance"],
    "reservoirs": ["name", "name_zh", "scale", "provenance"],
    "hydropower": ["name", "name_zh", "scale", "provenance"],
}


def _affected(features: dict[str, gpd.GeoDataFrame], edges) -> dict[str, pd.DataFrame]:
    """Named features in the inner bands: villages and seats within the second edge, water within the last."""
    out = {}
    for name, cols in _AFFECTED.items():
        if name not in features:
            continue
        f = features[name]
        limit = edges[min(2, len(edges) - 1)] if name in ("villages", "townships") else edges[-1]
        near = f[f["distance_km"] < limit].sort_values("distance_km")
        out[name] = pd.DataFrame(near[[c for c in cols if c in near.columns] + ["distance_km", "band"]]).reset_index(drop=True)
    return out


def _manifest(snap: Snapshot, spec: ScenarioSpec, inputs, store_url: str, n_records: int, uploads=()) -> dict:
    files = [ls.file for ls in spec.layers] + [spec.spec_path] + [Path(p) for p in inputs]
    root = spec.spec_path.parents[1]

    def shown(p: Path) -> str:
        try:
            return str(Path(p).resolve().relative_to(root))
        except ValueError:
            return str(p)

    return {
        "sitrep_version": __version__,
        "generated_at": snap.generated_at.isoformat(),
        "as_of": snap.as_of.isoformat(),
        "as_of_local": snap.as_of_local,
        "since": None if snap.since is None else snap.since.isoformat(),
        "scenario": spec.name,
        "incident": {"name": spec.name, "title": spec.title, "title_local": spec.title_zh, "scope": spec.scope,
                     "time_zone": zone_name(spec.tzinfo)},
        "solution": snap.solution.as_dict(),
        "measured_from": snap.measured_from,
        "bands_km": list(snap.edges_km),
        "timeline": {"store": _redact(store_url), "records_up_to_as_of": n_records, "station_events_up_to_as_of": len(snap.events)},
        "inputs": [{"path": shown(p), "sha256": sha256_file(p)} for p in dict.fromkeys(files) if Path(p).is_file()]
        + [{"path": str(name), "sha256": sha256_bytes(data), "uploaded": True} for name, data in uploads],
        "timeline_notes_up_to_as_of": len(snap.notes),
        "notice": snap.notice,
    }


def _redact(url: str) -> str:
    """A database URL without its password (any form, even malformed)."""
    from .store import redact_url

    return redact_url(url)
