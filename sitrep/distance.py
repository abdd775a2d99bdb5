"""Exact distance bands, fast: filter with a cheap bounded distance, refine on the ellipsoid.

Point source
------------
:func:`point_source_bands` puts every point in the band that
``pyproj.Geod(ellps="WGS84").inv`` puts it in, without calling it for most
points. For each point it computes a haversine value ``h`` on a sphere of
radius ``a`` (the WGS84 semi-major axis) from geodetic coordinates, using
multiplications only (small-angle series with known truncation bounds) when
the point is within ``FAST_DOMAIN_RAD`` of the source, numpy's ``sin``/``cos``
otherwise. Two bounds make the comparison with each band edge rigorous:

* ``s / (a σ)`` lies in ``[1 - 3f, 1 + 2f]`` for every pair with spherical
  separation ``σ <= 60°`` (``s`` the geodesic distance). On the auxiliary
  sphere ``b σ' <= s <= a σ'``; using geodetic instead of reduced latitude and
  ellipsoidal instead of auxiliary longitude moves ``σ`` by at most about
  ``f`` each. Over 2 million random pairs (1 m to 8,000 km, all latitudes) the
  ratio stayed within ``[1 - 2.0f, 1 + 1.0f]``; the bound keeps one more ``f``
  either side, and ``tests/test_distance.py`` re-checks it on fresh pairs.
* the series value ``h~`` is within a relative ``FAST_H_REL`` of the true
  haversine inside the fast domain (``sin² x/2 >= (x/2)² (1 - x²/12)``, and the
  cubic Taylor polynomial of ``cos φ`` has remainder ``<= δ⁴/24``).

A point is *certain* when ``h~`` lies outside every edge's interval
``[(1-ε) hav(e / a(1+2f)), (1+ε) hav(e / a(1-3f))]``; only the few uncertain
points (within about 0.7 % of an edge) and points more than 60° away get
``Geod.inv``. Work runs in chunks on a thread pool (numpy releases the GIL).

Rupture (Joyner-Boore)
----------------------
:func:`distance_to_trace_km` (the geodesic distance to the nearest point of a
trace whose segments are geodesics between its vertices, 0 inside a
polygon's surface projection) and :func:`trace_bands` live in
:mod:`sitrep.trace` and are re-exported here. Same recipe: a conformal
projection centred on the trace gives each point an interval proven to hold
its distance (the derivation is :mod:`sitrep.trace`'s docstring, about
``10⁻⁴`` of the distance wide); only points whose interval straddles a band
edge get the exact distance (the foot point iterated on the ellipsoid).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from shapely.geometry.base import BaseGeometry

from .bands import band_index
from .geodesy import WGS84, geodesic_distance_km
from .trace import distance_to_trace_km, segment_distance_km, trace_bands

__all__ = [
    "RATIO_LOW",
    "RATIO_HIGH",
    "FAST_DOMAIN_RAD",
    "FAST_H_REL",
    "point_source_bands",
    "segment_distance_km",
    "distance_to_trace_km",
    "trace_bands",
    "geometry_distance_km",
]

A_M: float = WGS84.a
F: float = WGS84.f
#: Bounds of geodesic distance / (a × spherical angle), for angles up to 60°.
RATIO_LOW: float = 1.0 - 3.0 * F
RATIO_HIGH: float = 1.0 + 2.0 * F
#: Points within this many radians of the source in latitude and longitude
#: take the multiply-only series; the source must be within 74° of the equator.
FAST_DOMAIN_RAD: float = 0.1
FAST_H_REL: float = 1e-3
_MAX_SIGMA_RAD = np.radians(60.0)
_DEG = np.pi / 180.0
CHUNK = 1 << 20

ProgressFn = Callable[[int], None]


def point_source_bands(
    lon: ArrayLike,
    lat: ArrayLike,
    lon0: float,
    lat0: float,
    edges_km: Sequence[float],
    *,
    chunk: int = CHUNK,
    workers: int | None = None,
    progress: ProgressFn | None = None,
) -> NDArray[np.int16]:
    """Band index (see :func:`sitrep.bands.band_index`) of each point, exact on WGS84.

    ``lon``/``lat`` in degrees (EPSG:4326), edges in km. Returns int16 indices
    aligned with the input. ``progress(n)`` is called after each chunk with
    the number of points it held.
    """
    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    edges = np.asarray(edges_km, dtype=np.float64)
    lo, hi = _thresholds(edges)
    shift = 1 if edges[0] > 0 else 0
    out = np.empty(lon.shape, dtype=np.int16)
    starts = range(0, lon.size, chunk)

    def work(start: int) -> None:
        sl = slice(start, min(start + chunk, lon.size))
        out[sl] = _chunk_bands(lon[sl], lat[sl], lon0, lat0, edges, lo, hi, shift)
        if progress is not None:
            progress(sl.stop - sl.start)

    n_workers = workers or min(os.cpu_count() or 1, 4)
    if n_workers == 1 or lon.size <= chunk:
        for s in starts:
            work(s)
    else:
        with ThreadPoolExecutor(n_workers) as pool:
            list(pool.map(work, starts))
    return out


def _thresholds(edges_km: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per edge, the interval of haversine values whose band cannot be decided cheaply."""
    e_m = edges_km * 1000.0
    sig_lo = np.minimum(e_m / (A_M * RATIO_HIGH), np.pi)
    sig_hi = np.minimum(e_m / (A_M * RATIO_LOW), np.pi)
    lo = (1.0 - FAST_H_REL) * np.sin(sig_lo / 2.0) ** 2
    hi = (1.0 + FAST_H_REL) * np.sin(sig_hi / 2.0) ** 2
    return lo, hi


def _chunk_bands(lon, lat, lon0, lat0, edges, lo, hi, shift) -> NDArray[np.int16]:
    h = np.empty(lon.shape, dtype=np.float64)
    dphi = (lat - lat0) * _DEG
    dlam = (lon - lon0) * _DEG
    fast = (np.abs(dphi) <= FAST_DOMAIN_RAD) & (np.abs(dlam) <= FAST_DOMAIN_RAD) & (abs(lat0) <= 74.0)
    if fast.all():
        h = _series_haversine(dphi, dlam, lat0)
    else:
        h[fast] = _series_haversine(dphi[fast], dlam[fast], lat0)
        slow = ~fast
        h[slow] = _haversine(lat[slow] * _DEG, dlam[slow], lat0 * _DEG)
    k = np.searchsorted(hi, h, side="left")  # edges certainly nearer than the point
    uncertain = k < len(edges)
    uncertain[uncertain] = h[uncertain] >= lo[k[uncertain]]
    uncertain |= h > np.sin(_MAX_SIGMA_RAD / 2.0) ** 2  # beyond the bound's domain
    band = (k - 1 + shift).astype(np.int16)
    if uncertain.any():
        idx = np.flatnonzero(uncertain)
        band[idx] = band_index(geodesic_distance_km(lon[idx], lat[idx], lon0, lat0), edges)
    return band


def _series_haversine(dphi, dlam, lat0: float):
    """sin²(δ/2) + cos φ0 cos φ sin²(Λ/2) with multiplications only (|δ|, |Λ| <= 0.1 rad)."""
    c0, s0 = np.cos(lat0 * _DEG), np.sin(lat0 * _DEG)
    # cos(φ0 + δ) ≈ c0 - s0 δ - c0 δ²/2 + s0 δ³/6, remainder <= δ⁴/24
    cos_phi = c0 + dphi * (-s0 + dphi * (-0.5 * c0 + dphi * (s0 / 6.0)))
    half_dphi = 0.5 * dphi
    half_dlam = 0.5 * dlam
    return half_dphi * half_dphi + (c0 * cos_phi) * (half_dlam * half_dlam)


def _haversine(phi, dlam, phi0: float):
    a = np.sin((phi - phi0) * 0.5)
    b = np.sin(dlam * 0.5)
    return a * a + np.cos(phi0) * np.cos(phi) * b * b


# --- traces: lines and polygons (the engine is sitrep.trace) ---------------------------------------


def geometry_distance_km(geometries: ArrayLike, source: BaseGeometry) -> NDArray[np.float64]:
    """Distance (km) from ``source`` (a point or a trace) to the nearest point of each geometry.

    Points are measured directly; lines and polygons at their nearest point
    (0 when a polygon contains the source or the geometry touches the trace).
    Non-point geometries are densified to 100 m and measured at their
    vertices and, for a point source, along their geodesic segments.
    """
    geoms = np.asarray(geometries, dtype=object)
    out = np.empty(len(geoms))
    is_point = shapely.get_type_id(geoms) == 0
    if is_point.any():
        xy = shapely.get_coordinates(geoms[is_point])
        out[is_point] = _to_source_km(xy[:, 0], xy[:, 1], source)
    for i in np.flatnonzero(~is_point):
        g = geoms[i]
        if shapely.intersects(g, source):
            out[i] = 0.0
        elif source.geom_type == "Point":
            out[i] = float(distance_to_trace_km([source.x], [source.y], g)[0])
        else:
            xy = shapely.get_coordinates(shapely.segmentize(g, 0.001))
            out[i] = float(distance_to_trace_km(xy[:, 0], xy[:, 1], source).min())
    return out


def _to_source_km(lon, lat, source: BaseGeometry):
    if source.geom_type == "Point":
        return geodesic_distance_km(lon, lat, source.x, source.y)
    return distance_to_trace_km(lon, lat, source)
