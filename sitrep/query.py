"""Distance-band queries: a source (epicentre or rupture), band edges and layers in; tables out.

This is what the CLI (``sitrep bands``), the notebook, the app and the reports
call. Everything here works on arrays and GeoDataFrames already loaded; the
``sitrep.io`` modules read files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

from .bands import band_coverage, band_index, band_labels, band_table
from .distance import geometry_distance_km, point_source_bands, trace_bands
from .errors import InputError

__all__ = ["Epicentre", "BandLayer", "lonlat_box", "band_rows", "layer_band_table", "feature_rows", "compare_rows", "scenario_band_layers", "DEFAULT_SUM", "CONTEXT_KINDS"]

#: Summed per band wherever a layer has it, unless other fields are asked for.
DEFAULT_SUM = "population"
#: Scenario layer kinds that are context, not exposure: not counted unless asked for by name.
CONTEXT_KINDS = ("epicentres", "rupture", "county", "context")

ProgressFn = Callable[[int], None]


@dataclass(frozen=True)
class Epicentre:
    """One epicentre solution: position in degrees (EPSG:4326), depth in km."""

    lon: float
    lat: float
    id: str = "custom"
    depth_km: float | None = None
    magnitude: float | None = None
    magnitude_type: str = ""
    source: str = "given on the command line"
    #: When the earthquake happened (UTC), where known; and where, as its agency titles it
    #: (a USGS event's ``title``, e.g. "M 7.8 - 54 km NNE of Amberley, New Zealand").
    origin_time: pd.Timestamp | None = None
    place: str = ""

    def __post_init__(self) -> None:
        if not (np.isfinite(self.lat) and -90 <= self.lat <= 90):
            raise InputError(None, f"epicentre latitude must be within -90..90, got {self.lat:g}", field="--epicentre")
        if not (np.isfinite(self.lon) and -180 <= self.lon <= 180):
            raise InputError(None, f"epicentre longitude must be within -180..180, got {self.lon:g}", field="--epicentre")

    @classmethod
    def from_frame(cls, epicentres: gpd.GeoDataFrame, ident: str | None = None) -> Epicentre:
        """The solution with ``id == ident`` (case-insensitive), or the first one."""
        rows = epicentres if ident is None else epicentres[epicentres["id"].str.lower() == ident.lower()]
        if rows.empty:
            raise InputError(None, f"no epicentre solution '{ident}'; known: {', '.join(epicentres['id'])}", field="--solution")
        r = rows.iloc[0]
        mag = r.get("magnitude")
        depth = r.get("depth_km")
        origin = r.get("origin_time")
        return cls(
            lon=float(r.geometry.x),
            lat=float(r.geometry.y),
            id=str(r["id"]),
            depth_km=None if pd.isna(depth) else float(depth),
            magnitude=None if pd.isna(mag) else float(mag),
            magnitude_type=str(r.get("magnitude_type", "") or ""),
            source=str(r.get("source", "")),
            origin_time=None if origin is None or pd.isna(origin) else pd.Timestamp(origin),
            place=next((v for v in (r.get("title"), r.get("place")) if isinstance(v, str) and v), ""),
        )

    @property
    def point(self) -> Point:
        return Point(self.lon, self.lat)

    def as_dict(self) -> dict:
        return {"id": self.id, "lat": self.lat, "lon": self.lon, "depth_km": self.depth_km,
                "magnitude": self.magnitude, "magnitude_type": self.magnitude_type, "source": self.source}  # fmt: skip


@dataclass
class BandLayer:
    """A layer ready for band queries: point coordinates as arrays, other geometries as shapely.

    ``coverage`` is the area the layer's data covers (declared, else the
    bounding box of its features): bands beyond it are "no data", not 0.
    ``frame`` keeps the full GeoDataFrame when there is one (for per-feature
    output).
    """

    name: str
    lon: np.ndarray
    lat: np.ndarray
    columns: dict[str, np.ndarray] = field(default_factory=dict)
    coverage: BaseGeometry | None = None
    others: np.ndarray | None = None  # non-point geometries, aligned with rows where lon is NaN
    frame: gpd.GeoDataFrame | None = None
    source_file: str = ""

    def __len__(self) -> int:
        return int(self.lon.size)

    @classmethod
    def from_frame(cls, name: str, gdf: gpd.GeoDataFrame, *, coverage: BaseGeometry | None = None, source_file: str = "") -> BandLayer:
        geoms = gdf.geometry.to_numpy()
        is_point = shapely.get_type_id(geoms) == 0
        lon = np.full(len(gdf), np.nan)
        lat = np.full(len(gdf), np.nan)
        lon[is_point] = shapely.get_x(geoms[is_point])
        lat[is_point] = shapely.get_y(geoms[is_point])
        others = None if is_point.all() else np.where(is_point, None, geoms)
        columns = {c: gdf[c].to_numpy() for c in gdf.columns if c != gdf.geometry.name}
        if coverage is None:
            xy = shapely.get_coordinates(gdf.geometry.to_numpy())
            coverage = lonlat_box(xy[:, 0], xy[:, 1])
        return cls(name, lon, lat, columns, coverage, others, gdf, source_file)

    @classmethod
    def from_points(cls, name: str, lon, lat, columns: Mapping[str, np.ndarray] | None = None, *,
                    coverage: BaseGeometry | None = None, source_file: str = "") -> BandLayer:  # fmt: skip
        lon, lat = np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)
        if coverage is None:
            coverage = lonlat_box(lon, lat)
        return cls(name, lon, lat, dict(columns or {}), coverage, None, None, source_file)


def lonlat_box(lon: np.ndarray, lat: np.ndarray) -> BaseGeometry:
    """The smallest longitude/latitude box (degrees) holding the points, across the antimeridian when that is smaller.

    Fiji's villages at 179.9°E and -179.9° span 0.2°, not 359.8°: such a box runs past
    180° (179.9..180.1), which the projections measuring coverage read as it is meant.

    >>> lonlat_box(np.array([179.9, -179.9]), np.array([-17.0, -16.0])).bounds
    (179.9, -17.0, 180.1, -16.0)

    Points all in one hemisphere keep their longitudes (shifting them all by 360° would only
    move the box off the map, through rounding):

    >>> lonlat_box(np.array([-118.537, -118.2]), np.array([34.2, 34.0])).bounds
    (-118.537, 34.0, -118.2, 34.2)
    """
    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    lon, lat = lon[np.isfinite(lon) & np.isfinite(lat)], lat[np.isfinite(lon) & np.isfinite(lat)]
    if lon.size == 0:
        return box(0.0, 0.0, 0.0, 0.0)
    west, east = float(lon.min()), float(lon.max())
    if west < 0 <= east:  # points on both sides of the prime meridian: maybe across the antimeridian instead
        shifted = np.where(lon < 0, lon + 360.0, lon)  # the same points on 0..360
        if shifted.max() - shifted.min() < east - west:
            west, east = float(shifted.min()), float(shifted.max())
    return box(west, float(lat.min()), east, float(lat.max()))


def _source_geometry(epicentre: Epicentre, rupture: BaseGeometry | None) -> BaseGeometry:
    return rupture if rupture is not None else epicentre.point


def layer_band_index(
    layer: BandLayer, edges_km: Sequence[float], *, epicentre: Epicentre, rupture: BaseGeometry | None = None,
    progress: ProgressFn | None = None, workers: int | None = None,
) -> np.ndarray:  # fmt: skip
    """Band index of every feature of ``layer`` (exact on WGS84).

    ``workers`` threads share the points (default: up to 4, the machine's cores); a Dask worker
    that is itself one of many processes passes 1.
    """
    pts = ~np.isnan(layer.lon)
    band = np.empty(len(layer), dtype=np.int16)
    if pts.all():
        lon, lat = layer.lon, layer.lat
    else:
        lon, lat = layer.lon[pts], layer.lat[pts]
    if rupture is None:
        b = point_source_bands(lon, lat, epicentre.lon, epicentre.lat, edges_km, progress=progress, workers=workers)
    else:
        b = trace_bands(lon, lat, rupture, edges_km, progress=progress, workers=workers)
    band[pts] = b
    if not pts.all():
        d = geometry_distance_km(layer.others[~pts], _source_geometry(epicentre, rupture))
        band[~pts] = band_index(d, edges_km)
    return band


def layer_band_table(
    layer: BandLayer, edges_km: Sequence[float], *, epicentre: Epicentre, rupture: BaseGeometry | None = None,
    sums: Sequence[str] | None = None, by: str | None = None, progress: ProgressFn | None = None, workers: int | None = None,
) -> pd.DataFrame:  # fmt: skip
    """:func:`sitrep.bands.band_table` of one layer: count and sums per band (per ``by`` group), before coverage.

    The piece both engines share: :func:`band_rows` calls it per layer, :mod:`sitrep.scale` per partition.
    """
    band = layer_band_index(layer, edges_km, epicentre=epicentre, rupture=rupture, progress=progress, workers=workers)
    by_col = next((c for c in layer.columns if by and c.lower() == by.lower()), None)
    table = band_table(
        band, edges_km,
        sums={f: _numeric(layer, f) for f in _sum_fields(layer, sums)},
        by=None if by_col is None else pd.Series(layer.columns[by_col]).fillna("").astype(str).to_numpy(),
        by_name=by or "group",
    )  # fmt: skip
    for name in _sum_fields(layer, sums):
        if not np.isfinite(table[name].to_numpy()).all():
            raise sum_overflow(name, layer.source_file or layer.name)
    return table


def sum_overflow(name: str, where: str | None = None) -> InputError:
    """A sum of finite values that overflowed float64 (about 1.8e308): absurd values, said as such."""
    return InputError(where or None, f"the sum of '{name}' per band overflows (values near 1e308); expected counts of people, "
                                     "stations or similar", field=name)  # fmt: skip


def _sum_fields(layer: BandLayer, sums: Sequence[str] | None) -> list[str]:
    wanted = [DEFAULT_SUM] if sums is None else list(sums)
    lower = {c.lower(): c for c in reversed(list(layer.columns))}  # the first of 'Population' / 'POPULATION'
    return [f if f in layer.columns else lower[f.lower()] for f in wanted if f in layer.columns or f.lower() in lower]


def _numeric(layer: BandLayer, name: str) -> np.ndarray:
    raw = layer.columns[name]
    if np.issubdtype(np.asarray(raw).dtype, np.number):
        return np.asarray(raw, dtype=np.float64)
    values = pd.to_numeric(pd.Series(raw), errors="coerce")
    bad = values.isna().to_numpy() & ~pd.isna(pd.Series(raw)).to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(layer.source_file or layer.name, f"cannot sum a non-number: {raw[i]!r}", row=f"feature {i + 1}", field=name)
    return values.to_numpy(dtype=np.float64, na_value=np.nan)


def band_rows(
    layers: Sequence[BandLayer],
    edges_km: Sequence[float],
    *,
    epicentre: Epicentre,
    rupture: BaseGeometry | None = None,
    sums: Sequence[str] | None = None,
    by: str | None = None,
    progress: ProgressFn | None = None,
) -> pd.DataFrame:
    """Per layer and band: count, sums, and coverage (``full`` / ``partial`` / ``none``).

    Columns: ``layer, band, lower_km, upper_km, [by], count, <sums>, coverage``.
    Where a band lies wholly outside a layer's coverage, ``count`` and the sums
    are missing (``<NA>``), never 0. ``sums=None`` sums ``population`` where a
    layer has it; ``by`` groups layers that have that field.
    """
    source = _source_geometry(epicentre, rupture)
    frames = []
    for layer in layers:
        t = layer_band_table(layer, edges_km, epicentre=epicentre, rupture=rupture, sums=sums, by=by, progress=progress)
        frames.append(_covered_table(t, layer.name, source, edges_km, layer.coverage))
    return _band_frame(frames, by)


def _covered_table(table: pd.DataFrame, name: str, source: BaseGeometry, edges_km: Sequence[float],
                   coverage: BaseGeometry | None) -> pd.DataFrame:  # fmt: skip
    """One layer's :func:`~sitrep.bands.band_table` with its ``coverage`` per band and its name (also the Dask engine's)."""
    cov = band_coverage(source, edges_km, coverage) if coverage is not None else ["partial"] * len(band_labels(edges_km))
    table["coverage"] = [cov[i] for i in _band_positions(table, edges_km)]
    table.insert(0, "layer", name)
    return table


def _band_frame(frames: Sequence[pd.DataFrame], by: str | None) -> pd.DataFrame:
    """Layers' covered tables as :func:`band_rows` returns them: nullable counts and sums, missing where no data."""
    if not frames:  # no layer (a new incident has none yet): no rows, but the columns the callers read
        return pd.DataFrame({"layer": pd.Series(dtype=object), "band": pd.Series(dtype=object), "lower_km": pd.Series(dtype=float),
                             "upper_km": pd.Series(dtype=float), "count": pd.Series(dtype="Int64"),
                             "coverage": pd.Series(dtype=object)})  # fmt: skip
    out = pd.concat(frames, ignore_index=True)
    if out.empty:
        return out
    value_cols = [c for c in out.columns if c not in ("layer", "band", "lower_km", "upper_km", "coverage", by or "group")]
    for c in value_cols:
        out[c] = out[c].astype("Int64") if c == "count" else out[c].astype("Float64")
        out.loc[out["coverage"] == "none", c] = pd.NA
    return out


def _band_positions(table: pd.DataFrame, edges_km: Sequence[float]) -> list[int]:
    labels = band_labels(edges_km)
    pos = {label: i for i, label in enumerate(labels)}
    return [pos[b] for b in table["band"]]


def feature_rows(
    layers: Sequence[BandLayer], edges_km: Sequence[float], *, epicentre: Epicentre, rupture: BaseGeometry | None = None
) -> gpd.GeoDataFrame:
    """Every feature with ``layer``, exact ``distance_km`` and ``band`` added (EPSG:4326)."""
    labels = band_labels(edges_km)
    source = _source_geometry(epicentre, rupture)
    parts = []
    for layer in layers:
        gdf = layer.frame if layer.frame is not None else gpd.GeoDataFrame(
            layer.columns, geometry=gpd.points_from_xy(layer.lon, layer.lat), crs="EPSG:4326"
        )  # fmt: skip
        d = geometry_distance_km(gdf.geometry.to_numpy(), source)
        out = gdf.copy()
        out.insert(0, "layer", layer.name)
        out["distance_km"] = d
        out["band"] = [labels[i] for i in band_index(d, edges_km)]
        parts.append(out)
    if not parts:  # no layer: no features, but the columns the callers read
        return gpd.GeoDataFrame({"layer": [], "distance_km": [], "band": []}, geometry=[], crs="EPSG:4326")
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs="EPSG:4326")


def compare_rows(
    layers: Sequence[BandLayer], edges_km: Sequence[float], solutions: Sequence[Epicentre], *, sums: Sequence[str] | None = None
) -> pd.DataFrame:
    """Band counts (and sums) under each epicentre solution, side by side.

    One row per layer and band; per solution a ``count_<id>`` column, one
    ``<sum>_<id>`` per summed field and its own ``coverage_<id>`` (a layer's
    coverage is fixed, so a band can be covered under one solution and not
    under another).
    """
    keys = ["layer", "band", "lower_km", "upper_km"]
    merged = None
    for sol in solutions:
        t = band_rows(layers, edges_km, epicentre=sol, sums=sums)
        t = t.rename(columns={c: f"{c}_{sol.id}" for c in t.columns if c not in keys})
        merged = t if merged is None else merged.merge(t, on=keys, how="left")
    return merged if merged is not None else pd.DataFrame()


def scenario_band_layers(spec, layers: dict[str, gpd.GeoDataFrame], names: Sequence[str] | None = None) -> list[BandLayer]:
    """Scenario layers as :class:`BandLayer`, each with the coverage its spec declares.

    ``names`` defaults to the exposure layers (every kind but :data:`CONTEXT_KINDS`).
    Coverage ``disc:R`` is R km around the scenario's reference solution; a layer name
    means that layer's area; ``bounds`` means the layer's own bounding box.
    """
    from .bands import ring_polygon

    ref = Epicentre.from_frame(layers["epicentres"], spec.reference_solution)
    names = list(names) if names is not None else [ls.name for ls in spec.layers if ls.kind not in CONTEXT_KINDS]
    out = []
    for name in names:
        ls = spec.layer(name)
        declared = ls.coverage
        if declared.startswith("disc:"):
            coverage = ring_polygon(ref.lon, ref.lat, 0.0, float(declared.split(":", 1)[1]))
        elif declared in layers:
            coverage = shapely.union_all(layers[declared].geometry.to_numpy())
        else:
            coverage = None
        out.append(BandLayer.from_frame(name, layers[name], coverage=coverage, source_file=str(ls.file)))
    return out
