"""Distance bands: parse band edges, assign features to bands, count and sum per band.

Bands are half-open intervals ``[lower, upper)`` in kilometres given by strictly
increasing edges, the first ``>= 0``; beyond the last edge is one open band
(``"50+"``). Distances are geodesics on WGS84 (:mod:`sitrep.geodesy`), so a
feature falls in the band that ``pyproj.Geod(ellps="WGS84").inv`` puts it in.
Every function here is a pure function of arrays, so it can run per chunk.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from .errors import InputError
from .geodesy import destination
from .settings import MAX_BAND_EDGES, MAX_BAND_KM

__all__ = [
    "PRESETS",
    "parse_bands",
    "band_labels",
    "band_index",
    "band_table",
    "ring_polygon",
    "band_regions",
    "band_coverage",
]

#: Named band sets: the seed report's, and GDACS's distance rings.
PRESETS: dict[str, tuple[float, ...]] = {
    "seed": (0.0, 10.0, 20.0, 50.0),
    "gdacs": (0.0, 2.0, 5.0, 10.0, 20.0, 50.0, 75.0, 100.0),
}


def parse_bands(text: str | Sequence[float]) -> tuple[float, ...]:
    """Band edges in km from a preset name (``seed``, ``gdacs``) or ``"0,10,20,50"``.

    Raises :class:`InputError` (field ``--bands``) for anything else: not numbers,
    not strictly increasing, negative first edge, fewer than one edge, more than
    :data:`~sitrep.settings.MAX_BAND_EDGES` edges, an edge beyond
    :data:`~sitrep.settings.MAX_BAND_KM` (no two places on Earth are farther apart).

    >>> parse_bands("0,10,20,50")
    (0.0, 10.0, 20.0, 50.0)
    >>> parse_bands("gdacs")[:3]
    (0.0, 2.0, 5.0)
    """
    if isinstance(text, str):
        key = text.strip().lower()
        if key in PRESETS:
            return PRESETS[key]
        parts = [p.strip() for p in key.replace(";", ",").split(",") if p.strip()]
        try:
            edges = tuple(float(p) for p in parts)
        except ValueError:
            raise InputError(
                None, f"bands must be comma-separated km such as 0,10,20,50 or one of {', '.join(PRESETS)}; got {text!r}", field="--bands"
            ) from None
    else:
        edges = tuple(float(e) for e in text)
    if len(edges) > MAX_BAND_EDGES:
        raise InputError(None, f"give at most {MAX_BAND_EDGES} band edges; got {len(edges)}", field="--bands")
    if not edges:
        raise InputError(None, "give at least one band edge in km, e.g. 0,10,20,50", field="--bands")
    if not all(np.isfinite(edges)):
        raise InputError(None, f"band edges must be finite numbers; got {edges}", field="--bands")
    if edges[0] < 0:
        raise InputError(None, f"the first band edge must be >= 0 km; got {edges[0]:g}", field="--bands")
    if any(b <= a for a, b in zip(edges, edges[1:])):
        raise InputError(None, f"band edges must be strictly increasing; got {', '.join(f'{e:g}' for e in edges)}", field="--bands")
    if edges[-1] > MAX_BAND_KM:
        raise InputError(
            None, f"band edges must be at most {MAX_BAND_KM:,.0f} km (half the Earth's circumference); got {edges[-1]:g}", field="--bands"
        )
    return edges


def band_labels(edges_km: Sequence[float], *, unit: bool = False) -> list[str]:
    """One label per band, the open one last: ``["0-10", "10-20", "20-50", "50+"]``.

    A first edge above 0 adds a leading ``"<5"`` band for what is nearer.

    >>> band_labels((0, 10, 20, 50), unit=True)
    ['0-10 km', '10-20 km', '20-50 km', '50+ km']
    """
    suffix = " km" if unit else ""
    labels = [f"{a:g}-{b:g}{suffix}" for a, b in zip(edges_km, edges_km[1:])]
    labels.append(f"{edges_km[-1]:g}+{suffix}")
    if edges_km[0] > 0:
        labels.insert(0, f"<{edges_km[0]:g}{suffix}")
    return labels


def band_index(distance_km: ArrayLike, edges_km: Sequence[float]) -> NDArray[np.intp]:
    """Index into :func:`band_labels` of each distance (half-open ``[lower, upper)`` bands).

    >>> band_index([0, 9.999, 10, 49.9, 50, 700], (0, 10, 20, 50)).tolist()
    [0, 0, 1, 2, 3, 3]
    """
    d = np.asarray(distance_km, dtype=np.float64)
    idx = np.searchsorted(np.asarray(edges_km, dtype=np.float64), d, side="right") - 1
    # With a first edge above 0, "nearer than the first edge" is band 0 and the rest shift.
    return idx + 1 if edges_km[0] > 0 else idx


def band_table(
    band: ArrayLike,
    edges_km: Sequence[float],
    *,
    sums: Mapping[str, ArrayLike] | None = None,
    by: ArrayLike | None = None,
    by_name: str = "group",
) -> pd.DataFrame:
    """Count (and sum ``sums`` columns) per band, optionally per group of ``by``.

    ``band`` holds band indices from :func:`band_index` or
    :func:`sitrep.distance.point_source_bands`. Returns one row per band (per
    group, groups sorted) in band order with columns ``band`` (label without
    unit), ``lower_km``, ``upper_km`` (NaN for the open band), ``count`` and
    one column per key of ``sums`` (NaN values count as 0). Empty bands are
    kept, with 0. Vectorized with ``numpy.bincount``.

    >>> band_table(band_index([1, 2, 15], (0, 10, 20)), (0, 10, 20))["count"].tolist()
    [2, 1, 0]
    """
    edges = tuple(float(e) for e in edges_km)
    labels = band_labels(edges)
    n_bands = len(labels)
    band = np.asarray(band, dtype=np.int64)
    if by is not None:
        groups, codes = np.unique(np.asarray(by).astype(str), return_inverse=True)
    else:
        groups, codes = np.array([None]), np.zeros(band.shape, dtype=np.int64)
    key = band * len(groups) + codes
    size = n_bands * len(groups)
    columns = {"count": np.bincount(key, minlength=size).astype(np.int64)}
    for name, values in (sums or {}).items():
        w = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0)
        columns[name] = np.bincount(key, weights=w, minlength=size)
    lowers = ([0.0] if edges[0] > 0 else []) + list(edges)
    uppers = ([edges[0]] if edges[0] > 0 else []) + list(edges[1:]) + [np.nan]
    b = np.repeat(np.arange(n_bands), len(groups))
    out = pd.DataFrame({"band": [labels[i] for i in b], "lower_km": [lowers[i] for i in b], "upper_km": [uppers[i] for i in b]})
    if by is not None:
        out[by_name] = np.tile(groups, n_bands)
    for name, values in columns.items():
        out[name] = values
    return out


def ring_polygon(lon0: float, lat0: float, inner_km: float, outer_km: float, *, n: int = 360) -> Polygon:
    """The band ``[inner_km, outer_km)`` around a point as a polygon of geodesic circles (degrees).

    Valid for rings that do not contain a pole. Across the antimeridian the
    longitudes continue past ±180° (a ring around -178.15 reaches 181.x = 178.xW
    as -181.x), so the polygon stays one piece.
    """
    az = np.linspace(0.0, 360.0, n, endpoint=False)

    def circle(km: float) -> np.ndarray:
        lon, lat = destination(lon0, lat0, az, km)
        return np.column_stack([lon0 + (lon - lon0 + 180.0) % 360.0 - 180.0, lat])  # unwrapped around lon0

    outer = circle(outer_km)
    if inner_km <= 0:
        return Polygon(outer)
    return Polygon(outer, [circle(inner_km)[::-1]])


def band_regions(source: BaseGeometry, edges_km: Sequence[float]) -> list[BaseGeometry]:
    """The area of each closed band around ``source`` (degrees), in :func:`band_labels` order.

    A point source gives geodesic rings. A trace (line or polygon) gives
    buffers drawn in an azimuthal equidistant projection centred on the trace
    (distances from its centre exact, elsewhere within a fraction of a
    percent over a few hundred km): good enough to judge coverage, which is
    all they are used for. The open last band has no region.
    """
    edges = tuple(float(e) for e in edges_km)
    bounds = ([0.0] if edges[0] > 0 else []) + list(edges)
    if source.geom_type == "Point":
        return [ring_polygon(source.x, source.y, a, b) for a, b in zip(bounds, bounds[1:])]
    fwd, inv = _aeqd(source)
    return [shapely.transform(r, inv) for r in _local_rings(shapely.transform(source, fwd), bounds)]


def _aeqd(source: BaseGeometry):
    """Forward and inverse transforms (for shapely.transform) of an azimuthal equidistant
    projection centred on ``source``: distances from the centre are exact out to the antipode."""
    from pyproj import Transformer

    c = source.centroid
    aeqd = f"+proj=aeqd +lat_0={c.y} +lon_0={c.x} +ellps=WGS84 +units=m"
    fwd = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)
    inv = Transformer.from_crs(aeqd, "EPSG:4326", always_xy=True)

    def using(tr):
        return lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1]))

    return using(fwd), using(inv)


def _local_rings(local: BaseGeometry, bounds: Sequence[float]) -> list[BaseGeometry]:
    disc = [local.buffer(r * 1000.0, quad_segs=64) if r > 0 else local for r in bounds]
    return [outer.difference(inner) if a > 0 else outer for a, inner, outer in zip(bounds, disc, disc[1:])]


def band_coverage(
    source: BaseGeometry, edges_km: Sequence[float], coverage: BaseGeometry, *, tolerance: float = 1e-3
) -> list[str]:
    """For each band, how much of it a layer's ``coverage`` area reaches: ``full``, ``partial`` or ``none``.

    ``source`` is the epicentre (a shapely Point, degrees) or a rupture trace.
    A band the layer does not fully cover must be reported as "no data" there,
    never as a bare 0. The open last band is at best ``partial``.
    ``tolerance`` is the uncovered share of a band's area still called full.
    """
    # Compared in a projection centred on the source, where each band is a true
    # annulus however large: a ring drawn in degrees breaks once it reaches a pole
    # or the antimeridian (bands of thousands of km).
    edges = tuple(float(e) for e in edges_km)
    bounds = ([0.0] if edges[0] > 0 else []) + list(edges)
    fwd, _ = _aeqd(source)
    regions = _local_rings(shapely.transform(source, fwd), bounds)
    # A layer spanning the world (a gazetteer) has a box whose edges are the poles and the
    # antimeridian: projected as four corners it has no area at all. Only the part of it
    # near the bands matters to them, and its edges are drawn densely enough to bend.
    west, _, east, _ = coverage.bounds
    # (a coverage box across the antimeridian runs past 180 degrees: it is projected whole)
    near = _near_box(source, max(edges)) if -180.0 <= west and east <= 180.0 else None
    beyond = near is not None and not near.contains(coverage)
    if beyond:
        coverage = coverage.intersection(near)
    if coverage.area > 0:
        coverage = shapely.segmentize(coverage, 0.25)
    coverage = shapely.make_valid(shapely.transform(coverage, fwd))
    out = []
    for ring in regions:
        if not ring.intersects(coverage):
            out.append("none")
        else:
            out.append("full" if ring.difference(coverage).area <= tolerance * ring.area else "partial")
    inner = shapely.union_all(regions)
    outside = coverage.difference(inner)
    out.append("partial" if beyond or (not outside.is_empty and outside.area > tolerance * max(coverage.area, 1e-12)) else "none")
    return out


def _near_box(source: BaseGeometry, radius_km: float) -> BaseGeometry | None:
    """A longitude/latitude box (degrees) holding every point within ``radius_km`` of ``source``,
    with room to spare; ``None`` when such a box would reach a pole or the antimeridian.

    Bounds used: a degree of latitude is at least 110.57 km on WGS84 (110 taken), a degree of
    longitude at least 111.3 km x cos(latitude) (110 taken, at the box's most poleward latitude),
    and the spherical excess of a cap's longitude span over that is covered by a factor of 1.5.

    >>> from shapely.geometry import Point
    >>> _near_box(Point(87.45, 28.5), 50).bounds  # doctest: +ELLIPSIS
    (86.16..., 27.54..., 88.73..., 29.45...)
    """
    if not math.isfinite(radius_km):
        return None
    west, south, east, north = source.bounds
    dlat = radius_km / 110.0 + 0.5
    south, north = south - dlat, north + dlat
    if south <= -89.0 or north >= 89.0:
        return None
    dlon = 1.5 * radius_km / (110.0 * math.cos(math.radians(max(abs(south), abs(north))))) + 0.5
    west, east = west - dlon, east + dlon
    if west <= -180.0 or east >= 180.0:
        return None
    return shapely.box(west, south, east, north)
