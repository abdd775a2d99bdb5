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
from .timeline import StationLog, as_of, changes, history
from .timeutil import format_local, zone_name

__all__ = ["KEY_METRICS", "Snapshot", "build_snapshot", "measured_from", "sha256_file"]

#: The figures a snapshot leads with, in this order.
KEY_METRICS = ("deaths", "injured", "missing", "relocated", "houses_collapsed", "stations_out", "stations_restored")


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
    key_figures: pd.DataFrame  # metric, scope, value, unit, observed_at, source, conflict
    stations: dict[str, int]  # out / restored at T, from station events (timeline.station_counts)
    changes: pd.DataFrame | None
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
) -> Snapshot:
    """Assemble the snapshot at ``as_of_time`` (UTC) from ``solution`` with bands ``edges_km``.

    ``extra_layers`` are user layers (name -> frame) counted and mapped beside the
    scenario's, under names no scenario layer has (:func:`sitrep.present.user_layer_name`):
    a user layer never stands in for an official one. ``inputs`` are files whose SHA-256
    goes into the manifest.
    """
    t = as_of_time
    edges = tuple(float(e) for e in edges_km)
    extra_layers = extra_layers or {}
    if clash := sorted(set(extra_layers) & {ls.name for ls in spec.layers}):
        raise ValueError(f"user layers named like scenario layers: {clash}; name them with sitrep.present.user_layer_name")
    known = history(records, t)
    events_t = events[events["at"] <= t]
    # the stations counted everywhere (cards, text, chart): those of the layer, by status change
    station_ids = layers["base_stations"]["id"] if "base_stations" in layers else None
    log = StationLog(events_t, station_ids)  # one index for the counts, the map's status and the chart
    figures = as_of(records, t, metrics=KEY_METRICS)
    band_layers = scenario_band_layers(spec, layers) + [BandLayer.from_frame(n, g) for n, g in extra_layers.items()]
    bands = band_rows(band_layers, edges, epicentre=solution)
    features = _features(spec, layers, extra_layers, solution, edges)
    generated = pd.Timestamp.now(tz="UTC") if now is None else now
    snap = Snapshot(
        title=spec.title, title_zh=spec.title_zh, scenario=spec.name, as_of=t, generated_at=generated, since=since,
        solution=solution, edges_km=edges, notice=spec.notice, key_figures=figures.reset_index(drop=True),
        stations=log.counts(t),
        changes=None if since is None else changes(records, since, t, metrics=KEY_METRICS),
        bands=bands, affected=_affected(features, edges), history=known, events=events_t, features=features,
        station_status=log.status(t) if station_ids is not None else pd.Series(dtype=str),
        station_series=log.series, scope=spec.scope, tz=spec.tzinfo,
        measured_from=measured_from(solution, layers.get("epicentres")),
    )  # fmt: skip
    snap.manifest = _manifest(snap, spec, inputs, store_url, len(known))
    return snap


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


def _manifest(snap: Snapshot, spec: ScenarioSpec, inputs, store_url: str, n_records: int) -> dict:
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
        "inputs": [{"path": shown(p), "sha256": sha256_file(p)} for p in dict.fromkeys(files) if Path(p).is_file()],
        "notice": snap.notice,
    }


def _redact(url: str) -> str:
    """A database URL without its password (any form, even malformed)."""
    from .store import redact_url

    return redact_url(url)
