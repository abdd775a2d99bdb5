"""Joyner-Boore distances and bands to a rupture trace: exact on WGS84, filtered by a proven bound.

A trace is a line, a multi-line, a polygon (the surface projection of a
dipping rupture: 0 km inside) or a GeometryCollection of them (ShakeMap
``rupture.json``). Its segments are geodesics between consecutive vertices.
The distance of a point P is ``D(P) = min over trace points X of s(P, X)``,
``s`` the geodesic distance on WGS84.

The cheap bounded distance
--------------------------
Every point is mapped, with numpy only, by a conformal projection centred on
the trace: geodetic latitude ``φ`` goes to conformal latitude ``χ``
(``sin χ = tanh(atanh(sin φ) - e atanh(e sin φ))``) on a sphere of radius
``R``, then a stereographic projection of that sphere centred on the trace
(``C``) gives plane coordinates. Both steps are conformal, so the map has
one point scale factor ``k = k1(φ) · k2(c)``, with
``k1 = R cos χ / (N(φ) cos φ)`` (``N`` the prime-vertical radius) and
``k2 = 1 / cos²(c/2)``, ``c`` the angle from the centre on the conformal
sphere. On the cap ``Ω = {c <= ρ}`` (a disc in the plane, hence convex)
``k_min <= k <= k_max`` with ``k_min = min k1``, ``k_max = max k1 / cos²(ρ/2)``
(``k1`` tabulated over the cap's latitudes, widened by more than its
variation between table rows).

Lemma 1 (upper bound). For Y, Z in Ω, ``s(Y, Z) <= |Y'Z'| / k_min``: the
straight segment Y'Z' stays in the disc, its preimage is a curve of length
``∫|dz|/k <= |Y'Z'|/k_min``, and the geodesic is the shortest curve.

Lemma 2 (lower bound). If the geodesic YZ lies in Ω, ``|Y'Z'| <= k_max s(Y, Z)``:
its image has length ``∫ k ds <= k_max s`` and the straight line is shorter.

Lemma 3 (staying in Ω). Every point W of the geodesic from P to its
nearest trace point X* is within ``k1_hi D / R`` of both P and X* on the
conformal sphere (its length there is ``∫ k1 ds``, followed from the end
that is in Ω, by continuity), so the geodesic stays in Ω when
``D <= D_cap = R (ρ - min(c_P, c_T)) / k1_hi`` (``c_T`` below).

Lemma 4 (segments are almost straight). In a conformal map with scale ``k``
the image of a geodesic has plane curvature ``|∂n ln k| <= |∇ ln k|``
(geodesic curvature of the conformal metric ``|dz|/k``). Here
``|∇ ln k| <= κ = tan(ρ/2)/R + G1 / (k_min a(1-e²))`` (``G1`` the largest
``|d ln k1/dφ|`` over the cap, ``a(1-e²)`` the smallest meridian radius;
``ln k2 = ln(1 + r²/4R²)`` at plane radius ``r <= 2R tan(ρ/2)``). Let the
image of a segment have length ``ℓ <= k_max L`` and θ(t) be its tangent's
angle to the chord A'B'. The offset from the chord's line is
``y(t) = ∫ sin θ``, zero at both ends, so ``sin θ`` vanishes at some ``t*``
and ``|sin θ(t)| <= κ |t - t*|``; hence ``|y| <= w = κ ℓ² / 4`` (the smaller
of the integrals from either end). If ``κ ℓ < π/2``, ``cos θ > 0``: the
curve runs monotonically along the chord from A' to B', so every curve point
is within ``w`` of the chord segment and every chord point within ``w`` of
the curve. (Around Dingri ``w`` is under a centimetre.)

Theorem. Let ``p_j`` be the plane distance from P' to the chord A'B' of
segment j and ``ε`` = 1 mm (round-off). For P in Ω and every j,

    min(D_cap, (p_j - w_j - ε) / k_max)  <=  D_j(P)  <=  (p_j + w_j + ε) / k_min

(upper: a point of the image curve lies within ``w_j`` of the nearest chord
point, then Lemma 1; lower: if ``D_j > D_cap`` there is nothing to prove,
else Lemmas 3 and 2 and Lemma 4), and ``D = min_j D_j`` lies between the
minima of the two sides. For P outside Ω,
``D >= R (c_P - c_T) / max_globe k1`` where ``c_T`` bounds the conformal angle
of every trace point from the centre (triangle inequality on the conformal
sphere). ``tests/test_trace.py`` re-checks the interval on fresh random
points and traces.

With ρ just covering the last band edge (about 0.01 rad for 50 km around
Dingri) the interval is about ``1.1·10⁻⁴ D`` + 4 cm wide: under 6 m at 50 km.
A point is *certain* when both ends of its interval fall in the same band;
only the others (about 50 in a million in ``benchmarks/rupture.py``) get the
exact distance. Near the centre the projection uses short Taylor series
(multiplications only, remainders below 3·10⁻¹⁵, far inside ``ε``) instead
of numpy's trigonometry. :func:`sitrep.intensity.ipe.rjb_km` (model fields)
is :func:`distance_to_trace_km`: one engine.

The exact distance
------------------
Per candidate segment (those whose lower bound does not exceed the point's
upper bound), the foot point X on the geodesic AB is iterated as in Karney's
intercept method: from X, one inverse problem gives the distance ``s`` to P
and the angle ``ψ`` between the segment and the geodesic XP; the spherical
right triangle moves X along AB by ``R atan2(sin σ cos ψ, cos σ)``
(``σ = s/a``), clamped to the segment. The ellipsoid makes this a linear
iteration with ratio of order ``f``, started from the chord's foot point; it
stops when the step is below ``FOOT_TOL_M`` (the distance is then exact to
far below that, being stationary at the foot), after at most
``MAX_ITER`` steps; unconverged pairs (none in the tests) fall back to golden
section search. The distance to a short geodesic segment is unimodal along
it, so the clamped end point is the nearest when the foot lies beyond it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from shapely.geometry.base import BaseGeometry

from .bands import band_index
from .geodesy import WGS84

__all__ = [
    "FOOT_TOL_M",
    "MAX_ITER",
    "TraceFrame",
    "trace_frame",
    "segment_distance_km",
    "distance_to_trace_km",
    "trace_bands",
    "trace_distance_bounds_km",
]

A_M: float = WGS84.a
F: float = WGS84.f
E2: float = F * (2.0 - F)
E: float = float(np.sqrt(E2))
_DEG = np.pi / 180.0
#: Stop moving the foot point when a step is shorter than this (metres).
FOOT_TOL_M: float = 1e-6
MAX_ITER: int = 12
#: ... or when the distance that step would still gain is below this (metres).
GAIN_TOL_M: float = 1e-7
#: Round-off allowance in the bound (metres): plane coordinates carry ~1e-8 m of error.
EPS_M: float = 1e-3
#: Largest cap the bound is used on (radians on the conformal sphere).
RHO_MAX: float = 1.0
CHUNK = 1 << 16

ProgressFn = Callable[[int], None]


# --- geometry of a trace --------------------------------------------------------------------------

_AREAL = ("Polygon", "MultiPolygon")


def _areal_part(trace: BaseGeometry) -> BaseGeometry | None:
    """The polygons of a trace (0 km inside them), also inside a GeometryCollection; None if it has none.

    A ShakeMap rupture of sloping and vertical quadrilaterals is polygons and lines together.
    """
    if trace.geom_type in _AREAL:
        return trace
    if trace.geom_type == "GeometryCollection":
        polys = [g for g in shapely.get_parts(trace) if g.geom_type in _AREAL]
        return shapely.union_all(polys) if polys else None
    return None


def _segments(trace: BaseGeometry) -> NDArray[np.float64]:
    """(n, 4) array of lon_a, lat_a, lon_b, lat_b for every segment of a line or polygon boundary."""
    parts = []
    for part in shapely.get_parts(trace):  # a GeometryCollection's members, a Multi*'s parts
        parts += list(shapely.get_parts(shapely.boundary(part) if part.geom_type in _AREAL else part))
    segs = []
    for part in parts:
        xy = shapely.get_coordinates(part)
        if len(xy) >= 2:
            segs.append(np.hstack([xy[:-1], xy[1:]]))
    if not segs:
        xy = shapely.get_coordinates(trace)
        return np.hstack([xy, xy])
    return np.vstack(segs)


# --- the conformal frame and its bound ------------------------------------------------------------


def _isometric(lat_deg):
    """Isometric latitude q(φ); sin χ = tanh q, cos χ = 1 / cosh q (χ the conformal latitude)."""
    s = np.sin(np.clip(lat_deg, -90.0, 90.0) * _DEG)
    with np.errstate(divide="ignore"):
        return np.arctanh(s) - E * np.arctanh(E * s)


def _k1(lat_deg, radius: float):
    """Scale of the map from the ellipsoid to the conformal sphere of radius ``radius``."""
    phi = lat_deg * _DEG
    q = _isometric(lat_deg)
    n = A_M / np.sqrt(1.0 - E2 * np.sin(phi) ** 2)
    return radius / np.cosh(q) / (n * np.cos(phi))


_LAT_TABLE = np.linspace(-89.999, 89.999, 40_001)
_CHI_TABLE = np.arcsin(np.tanh(_isometric(_LAT_TABLE)))
#: |d ln k1 / dφ| <= 0.0068 everywhere (e² ≈ 0.00669 and a little): the table step (8e-5 rad) moves
#: k1 by < 6e-7 relative between rows; the extremes are widened by 1e-5.
_K1_WIDEN = 1e-5


#: Arrays within this many radians of the centre (latitude and longitude) take the series.
SERIES_DOMAIN_RAD: float = 0.1


def _sincos_small(x):
    """sin x to x⁷ and cos x to x⁸ for |x| <= 0.1 (remainders <= x⁹/9! < 3e-15 and x¹⁰/10! < 3e-17)."""
    x2 = x * x
    sin = x * (1.0 + x2 * (-1 / 6 + x2 * (1 / 120 + x2 * (-1 / 5040))))
    cos = 1.0 + x2 * (-1 / 2 + x2 * (1 / 24 + x2 * (-1 / 720 + x2 * (1 / 40320))))
    return sin, cos


@dataclass(frozen=True)
class TraceFrame:
    """A trace prepared for the bounded distance: segments, projection and the bound's constants.

    Distances in metres, angles in radians (conformal sphere), plane
    coordinates in metres.
    """

    segs: NDArray[np.float64]  # (n, 4) lon_a, lat_a, lon_b, lat_b (degrees)
    az: NDArray[np.float64]  # azimuth at A (degrees)
    length: NDArray[np.float64]  # geodesic length (m)
    lon0: float
    sin_chi0: float
    cos_chi0: float
    radius: float  # R, the conformal sphere's radius (m)
    rho: float  # the cap's angular radius
    c_trace: float  # every trace point is within this angle of the centre
    k_min: float
    k_max: float
    k1_hi: float  # max k1 over the cap
    k1_glob: float  # max k1 over the globe
    ax: NDArray[np.float64]
    ay: NDArray[np.float64]
    vx: NDArray[np.float64]
    vy: NDArray[np.float64]
    vv: NDArray[np.float64]
    w: NDArray[np.float64]  # Lemma 4's chord deviation per segment (m)
    areal: BaseGeometry | None
    areal_box: tuple[float, float, float, float] | None
    phi0: float = 0.0  # the centre's geodetic latitude (rad)
    sin_phi0: float = 0.0
    cos_phi0: float = 1.0

    def project(self, lon: NDArray[np.float64], lat: NDArray[np.float64]):
        """Plane x, y (m) of each point and 1 + cos c (c its angle from the centre).

        Within ``SERIES_DOMAIN_RAD`` of the centre in latitude and longitude
        (the whole array), sines, cosines and the exponential are short
        Taylor series with remainders below 3e-15 (multiplications only);
        the plane coordinates then err by under 1e-7 m, inside ``EPS_M``.
        """
        dphi = lat * _DEG - self.phi0
        dlam = (lon - self.lon0) * _DEG
        if dphi.size and max(np.abs(dphi).max(), np.abs(dlam).max()) <= SERIES_DOMAIN_RAD:
            sd, cd = _sincos_small(dphi)
            sin_phi = self.sin_phi0 * cd + self.cos_phi0 * sd
            cos_phi = self.cos_phi0 * cd - self.sin_phi0 * sd
            sin_dlam, cos_dlam = _sincos_small(dlam)
            exact_exp = False
        else:
            phi = lat * _DEG
            sin_phi, cos_phi = np.sin(phi), np.cos(phi)
            sin_dlam, cos_dlam = np.sin(dlam), np.cos(dlam)
            exact_exp = True
        # ((1 - e s)/(1 + e s))^(e/2) = exp(g), g = -e atanh(e s) = -e² s (1 + u/3 + u²/5 + ...), u = e² s²;
        # to u⁴ the remainder is below 1e-14
        u = E2 * sin_phi * sin_phi
        g = (-E2) * sin_phi * (1.0 + u * (1 / 3 + u * (1 / 5 + u * (1 / 7 + u * (1 / 9)))))
        if exact_exp:
            h = np.exp(g)
        else:  # |g| <= 0.0068: to g⁵ the remainder is below 2e-16
            h = 1.0 + g * (1.0 + g * (1 / 2 + g * (1 / 6 + g * (1 / 24 + g * (1 / 120)))))
        r = h * h
        num = (1.0 + sin_phi) * r
        den = num + (1.0 - sin_phi)
        sin_chi = (num - (1.0 - sin_phi)) / den
        cos_chi = 2.0 * cos_phi * h / den
        cl = cos_chi * cos_dlam
        one_cos_c = 1.0 + self.sin_chi0 * sin_chi + self.cos_chi0 * cl
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = (2.0 * self.radius) / one_cos_c
            x = scale * cos_chi * sin_dlam
            y = scale * (self.cos_chi0 * sin_chi - self.sin_chi0 * cl)
        return x, y, one_cos_c

    @property
    def cap_r2(self) -> float:
        """Squared plane radius (m²) of the cap's image disc."""
        return (2.0 * self.radius * np.tan(self.rho / 2.0)) ** 2

    def angle(self, x, y, one_cos_c):
        """Angle c (rad) from the centre on the conformal sphere, from :meth:`project`'s output."""
        with np.errstate(invalid="ignore"):
            c = 2.0 * np.arctan(np.sqrt(x * x + y * y) / (2.0 * self.radius))
        return np.where((one_cos_c > 1e-300) & np.isfinite(c), c, np.pi)


def trace_frame(trace: BaseGeometry, reach_km: float) -> TraceFrame:
    """Prepare ``trace`` for distances; the bound holds for points within ``reach_km`` of it.

    The cap ρ is the smallest that holds every point within ``reach_km`` of the
    trace (capped at ``RHO_MAX``); points farther are bounded from below only.
    """
    segs = _segments(trace)
    az, _, length = WGS84.inv(segs[:, 0], segs[:, 1], segs[:, 2], segs[:, 3])
    az, length = np.asarray(az, dtype=np.float64), np.asarray(length, dtype=np.float64)
    # centre: the normalised mean of the vertices' unit vectors (antimeridian-safe)
    lon_v = np.radians(np.concatenate([segs[:, 0], segs[:, 2]]))
    lat_v = np.radians(np.concatenate([segs[:, 1], segs[:, 3]]))
    xyz = np.array([np.cos(lat_v) * np.cos(lon_v), np.cos(lat_v) * np.sin(lon_v), np.sin(lat_v)]).mean(axis=1)
    norm = np.linalg.norm(xyz)
    if norm < 1e-9:
        lon0, lat0 = float(segs[0, 0]), float(segs[0, 1])
    else:
        lon0 = float(np.degrees(np.arctan2(xyz[1], xyz[0])))
        lat0 = float(np.degrees(np.arcsin(np.clip(xyz[2] / norm, -1, 1))))
    lat0 = float(np.clip(lat0, -89.9, 89.9))
    q0 = float(_isometric(lat0))
    radius = float(A_M / np.sqrt(1.0 - E2 * np.sin(lat0 * _DEG) ** 2) * np.cos(lat0 * _DEG) * np.cosh(q0))
    k1_table = _k1(_LAT_TABLE, radius)
    k1_glob = float(k1_table.max()) * (1.0 + _K1_WIDEN)
    base = TraceFrame(segs, az, length, lon0, float(np.tanh(q0)), float(1.0 / np.cosh(q0)), radius,
                      0.0, 0.0, 1.0, 1.0, k1_glob, k1_glob, *(np.zeros(0),) * 6, None, None,
                      lat0 * _DEG, float(np.sin(lat0 * _DEG)), float(np.cos(lat0 * _DEG)))  # fmt: skip
    c_a = base.angle(*base.project(segs[:, 0], segs[:, 1]))
    c_b = base.angle(*base.project(segs[:, 2], segs[:, 3]))
    c_trace = float(np.max((c_a + c_b) / 2.0 + k1_glob * length / (2.0 * radius))) * (1.0 + 1e-12) + 1e-12
    rho = min(RHO_MAX, c_trace + k1_glob * (reach_km * 1050.0 + 1000.0) / radius)
    rho = max(rho, min(RHO_MAX, c_trace + 1e-9))
    chi0 = float(np.arcsin(np.tanh(q0)))
    step = float(np.max(np.abs(np.diff(_CHI_TABLE))))
    in_cap = (_CHI_TABLE >= chi0 - rho - step) & (_CHI_TABLE <= chi0 + rho + step)
    k1_cap = k1_table[in_cap]
    k1_lo = float(k1_cap.min()) * (1.0 - _K1_WIDEN)
    k1_hi = float(k1_cap.max()) * (1.0 + _K1_WIDEN)
    dlnk1 = np.abs(np.diff(np.log(k1_table)) / np.diff(_LAT_TABLE * _DEG))
    g1 = float(np.max(dlnk1[in_cap[1:] | in_cap[:-1]], initial=0.0)) * 1.01 + 1e-6
    k_min = k1_lo
    k_max = k1_hi / np.cos(rho / 2.0) ** 2
    kappa = np.tan(rho / 2.0) / radius + g1 / (k_min * A_M * (1.0 - E2))
    ax, ay, _ = base.project(segs[:, 0], segs[:, 1])
    bx, by, _ = base.project(segs[:, 2], segs[:, 3])
    vx, vy = bx - ax, by - ay
    vv = vx * vx + vy * vy
    ell = k_max * length  # the image curve's length bounds (Lemma 2)
    w = np.where(kappa * ell < np.pi / 2.0, kappa * ell * ell / 4.0, np.inf)
    areal = _areal_part(trace)
    box = tuple(shapely.bounds(areal)) if areal is not None else None
    return TraceFrame(segs, az, length, lon0, base.sin_chi0, base.cos_chi0, radius, float(rho), c_trace,
                      float(k_min), float(k_max), k1_hi, k1_glob, ax, ay, vx, vy, vv, w, areal, box,
                      base.phi0, base.sin_phi0, base.cos_phi0)  # fmt: skip


def _inside_areal(frame: TraceFrame, lon, lat) -> NDArray[np.bool_]:
    inside = np.zeros(lon.shape, dtype=bool)
    if frame.areal is None:
        return inside
    x0, y0, x1, y1 = frame.areal_box
    box = (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)
    if box.any():
        inside[box] = shapely.contains_xy(frame.areal, lon[box], lat[box])
    return inside


def _seg_plane(frame: TraceFrame, j: int, px, py):
    """Plane distance (m) to chord j and the position along it (0..1)."""
    ax, ay, vx, vy, vv = frame.ax[j], frame.ay[j], frame.vx[j], frame.vy[j], frame.vv[j]
    dx, dy = px - ax, py - ay
    if vv > 0:
        u = np.clip((dx * vx + dy * vy) / vv, 0.0, 1.0)
        ex, ey = dx - u * vx, dy - u * vy
    else:
        u = np.zeros_like(px)
        ex, ey = dx, dy
    return np.sqrt(ex * ex + ey * ey), u


def _bounds_m(frame: TraceFrame, lon, lat):
    """Lower and upper bounds (m) of each point's distance (the theorem), plane x, y, in-cap flag, inside flag.

    Within the cap the lower bound uses the smallest ``D_cap`` (at ``c_P >= c_T``)
    and the largest chord deviation ``w``: weaker than the theorem by
    nothing that matters (``D_cap`` exceeds the reach), cheaper.
    """
    px, py, one_cos_c = frame.project(lon, lat)
    best = np.full(lon.shape, np.inf)  # squared plane distance to the nearest chord
    for j in range(len(frame.segs)):
        ax, ay, vx, vy, vv = frame.ax[j], frame.ay[j], frame.vx[j], frame.vy[j], frame.vv[j]
        dx, dy = px - ax, py - ay
        if vv > 0:
            u = (dx * vx + dy * vy) * (1.0 / vv)
            np.clip(u, 0.0, 1.0, out=u)
            dx -= u * vx
            dy -= u * vy
        dx *= dx
        dy *= dy
        dx += dy
        np.minimum(best, dx, out=best)
    p = np.sqrt(best)
    w = float(frame.w.max())
    d_cap = frame.radius * (frame.rho - frame.c_trace) / frame.k1_hi
    lo = np.minimum(d_cap, (p - (w + EPS_M)) * (1.0 / frame.k_max))
    hi = (p + (w + EPS_M)) * (1.0 / frame.k_min)
    in_cap = (px * px + py * py <= frame.cap_r2) & (one_cos_c > 0)
    if not in_cap.all():
        out = np.flatnonzero(~in_cap)
        c = frame.angle(px[out], py[out], one_cos_c[out])
        lo[out] = frame.radius * (c - frame.c_trace) / frame.k1_glob
        hi[out] = np.inf
    np.maximum(lo, 0.0, out=lo)
    inside = _inside_areal(frame, lon, lat)
    lo[inside] = 0.0
    hi[inside] = 0.0
    return lo, hi, px, py, in_cap, inside


def trace_distance_bounds_km(lon: ArrayLike, lat: ArrayLike, trace: BaseGeometry, *, reach_km: float = 100.0):
    """The bounded distance: (lower, upper) km arrays with lower <= exact distance <= upper.

    The interval is narrow (a few 10⁻⁴ relative) within ``reach_km`` of the
    trace; beyond, only the lower bound is finite. See the module docstring.
    """
    lon = np.atleast_1d(np.asarray(lon, dtype=np.float64))
    lat = np.atleast_1d(np.asarray(lat, dtype=np.float64))
    lo, hi, *_ = _bounds_m(trace_frame(trace, reach_km), lon, lat)
    return lo / 1000.0, hi / 1000.0


# --- exact distances ------------------------------------------------------------------------------

_GOLDEN = (np.sqrt(5.0) - 1.0) / 2.0


def _golden_m(plon, plat, alon, alat, az, length, iterations: int = 60):
    """Golden-section search for the nearest point of the geodesic segment (the slow reference)."""

    def dist(t):
        lon, lat, _ = WGS84.fwd(alon, alat, az, length * t)
        return np.asarray(WGS84.inv(plon, plat, lon, lat)[2])

    lo, hi = np.zeros(plon.shape), np.ones(plon.shape)
    x1, x2 = hi - _GOLDEN * (hi - lo), lo + _GOLDEN * (hi - lo)
    f1, f2 = dist(x1), dist(x2)
    for _ in range(iterations):
        left = f1 < f2
        hi = np.where(left, x2, hi)
        lo = np.where(left, lo, x1)
        x2n = np.where(left, x1, lo + _GOLDEN * (hi - lo))
        x1n = np.where(left, hi - _GOLDEN * (hi - lo), x2)
        fnew = dist(np.where(left, x1n, x2n))
        f2, f1 = np.where(left, f1, fnew), np.where(left, fnew, f2)
        x1, x2 = x1n, x2n
    ends = np.minimum(dist(np.zeros(plon.shape)), dist(np.ones(plon.shape)))
    return np.minimum(np.minimum(f1, f2), ends)


def _foot_m(plon, plat, alon, alat, az, length, t):
    """Exact distance (m) from P to the geodesic segment (A, azimuth az, length), iterating the foot point.

    ``t`` is the starting position along the segment (m). Pairwise arrays.
    """
    out = np.empty(plon.shape)
    todo = np.arange(plon.size)
    t = np.clip(t, 0.0, length)
    for _ in range(MAX_ITER):
        if todo.size == 0:
            return out
        xlon, xlat, baz = WGS84.fwd(alon[todo], alat[todo], az[todo], t[todo])
        az_xp, _, s = WGS84.inv(xlon, xlat, plon[todo], plat[todo])
        psi = np.radians(np.asarray(az_xp) - (np.asarray(baz) + 180.0))
        sigma = np.asarray(s) / A_M
        step = A_M * np.arctan2(np.sin(sigma) * np.cos(psi), np.cos(sigma))
        t_new = np.clip(t[todo] + step, 0.0, length[todo])
        move = np.abs(t_new - t[todo])
        s = np.asarray(s)
        # what the move would still gain: s - sqrt(s² - move²), in a cancellation-free form
        gain = move * move / (s + np.sqrt(np.maximum(s * s - move * move, 0.0)) + 1e-300)
        done = (gain <= GAIN_TOL_M) | (move <= FOOT_TOL_M)
        out[todo[done]] = s[done]

        t[todo] = t_new
        todo = todo[~done]
    if todo.size:  # not converged: the slow, sure search
        out[todo] = _golden_m(plon[todo], plat[todo], alon[todo], alat[todo], az[todo], length[todo])
    return out


def segment_distance_km(
    plon: ArrayLike, plat: ArrayLike, alon: ArrayLike, alat: ArrayLike, blon: ArrayLike, blat: ArrayLike
) -> NDArray[np.float64]:
    """Geodesic distance (km) from each point P to the geodesic segment AB (pairwise arrays, degrees).

    Exact: the foot point is iterated on the ellipsoid (module docstring).
    """
    arrs = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in (plon, plat, alon, alat, blon, blat)))
    plon, plat, alon, alat, blon, blat = (np.ravel(a).copy() for a in arrs)
    az, _, length = WGS84.inv(alon, alat, blon, blat)
    az, length = np.asarray(az), np.asarray(length)
    d = _foot_m(plon, plat, alon, alat, az, length, length / 2.0)
    return (d / 1000.0).reshape(arrs[0].shape)


def _exact_m(frame: TraceFrame, lon, lat, hi, px, py, in_cap) -> NDArray[np.float64]:
    """Exact distances (m): every candidate segment (lower bound <= the point's upper bound)."""
    d_cap = frame.radius * (frame.rho - frame.c_trace) / frame.k1_hi
    pis, sjs, ts = [], [], []
    for j in range(len(frame.segs)):
        p, u = _seg_plane(frame, j, px, py)
        lb = np.minimum(d_cap, (p - frame.w[j] - EPS_M) / frame.k_max)  # the theorem, per segment
        cand = ~in_cap | (lb <= hi)
        idx = np.flatnonzero(cand)
        pis.append(idx)
        sjs.append(np.full(idx.size, j))
        ts.append(np.where(in_cap[idx], u[idx], 0.5) * frame.length[j])
    pi, sj, t = np.concatenate(pis), np.concatenate(sjs), np.concatenate(ts)
    segs = frame.segs
    d = _foot_m(lon[pi], lat[pi], segs[sj, 0], segs[sj, 1], frame.az[sj], frame.length[sj], t)
    out = np.full(lon.size, np.inf)
    np.minimum.at(out, pi, d)
    return out


def _unbounded(frame: TraceFrame, lo, hi) -> NDArray[np.bool_]:
    """Points the bound cannot place: all of them when the trace itself leaves the frame's cap (a trace
    spanning a hemisphere or more), else any whose bounds came out NaN."""
    if not frame.c_trace < frame.rho:
        return np.ones(lo.shape, dtype=bool)
    return np.isnan(lo) | np.isnan(hi)


def _reference_m(frame: TraceFrame, lon, lat) -> NDArray[np.float64]:
    """Exact distances (m) without the frame: golden-section search along every geodesic segment (each
    shorter than half the globe, so the distance along it has one interior minimum at most) and its ends."""
    segs = frame.segs
    n, m = lon.size, len(segs)
    pi, sj = np.repeat(np.arange(n), m), np.tile(np.arange(m), n)
    d = _golden_m(lon[pi], lat[pi], segs[sj, 0], segs[sj, 1], frame.az[sj], frame.length[sj])
    out = np.full(n, np.inf)
    np.minimum.at(out, pi, d)
    return out


def _run_chunks(n: int, chunk: int, workers: int | None, work: Callable[[slice], None]) -> None:
    slices = [slice(s, min(s + chunk, n)) for s in range(0, n, chunk)]
    n_workers = workers or min(os.cpu_count() or 1, 4)
    if n_workers == 1 or len(slices) <= 1:
        for sl in slices:
            work(sl)
    else:
        with ThreadPoolExecutor(n_workers) as pool:
            list(pool.map(work, slices))


def distance_to_trace_km(
    lon: ArrayLike, lat: ArrayLike, trace: BaseGeometry, *, chunk: int = CHUNK, workers: int | None = None
) -> NDArray[np.float64]:
    """Joyner-Boore distance (km) of each point to a rupture trace or surface projection.

    Lines: distance to the nearest point of the trace, whose segments are
    geodesics between vertices. Polygons: 0 inside, else distance to the
    boundary. Exact on WGS84 (the foot point iterated to 1 µm, module
    docstring); the bound only picks each point's candidate segments.
    """
    lon = np.atleast_1d(np.asarray(lon, dtype=np.float64))
    lat = np.atleast_1d(np.asarray(lat, dtype=np.float64))
    out = np.empty(lon.shape)
    if lon.size == 0:
        return out
    frame = trace_frame(trace, reach_km=_reach_of(trace, lon, lat))

    def work(sl: slice) -> None:
        x, y = lon[sl], lat[sl]
        lo, hi, px, py, in_cap, inside = _bounds_m(frame, x, y)
        d = np.zeros(x.shape)
        loose = _unbounded(frame, lo, hi) & ~inside
        rest = np.flatnonzero(~inside & ~loose)
        if rest.size:
            d[rest] = _exact_m(frame, x[rest], y[rest], hi[rest], px[rest], py[rest], in_cap[rest])
        if loose.any():
            d[loose] = _reference_m(frame, x[loose], y[loose])
        out[sl] = d / 1000.0

    _run_chunks(lon.size, chunk, workers, work)
    return out


def _reach_of(trace: BaseGeometry, lon, lat) -> float:
    """A reach (km) covering the points: a coarse upper bound of their distance to a trace vertex."""
    xy = shapely.get_coordinates(trace)
    if len(xy) == 0:
        raise ValueError("empty trace")
    ref = xy[len(xy) // 2]
    d = np.asarray(WGS84.inv(np.full(2, ref[0]), np.full(2, ref[1]), *_extremes(lon, lat))[2])
    return float(min(d.max() / 1000.0 * 1.5 + 10.0, 20_000.0))


def _extremes(lon, lat):
    """Two far-apart corners of the points' box (a coarse size for the reach)."""
    return np.array([lon.min(), lon.max()]), np.array([lat.min(), lat.max()])


def trace_bands(
    lon: ArrayLike,
    lat: ArrayLike,
    trace: BaseGeometry,
    edges_km: Sequence[float],
    *,
    chunk: int = CHUNK,
    workers: int | None = None,
    progress: ProgressFn | None = None,
) -> NDArray[np.int16]:
    """Band index (see :func:`sitrep.bands.band_index`) of each point by its distance to a trace, exact on WGS84.

    Every point whose proven interval (module docstring) straddles no band
    edge takes its band from the interval; the others get
    :func:`distance_to_trace_km`'s exact distance. ``progress(n)`` is called
    after each chunk with the number of points it held.
    """
    lon = np.atleast_1d(np.asarray(lon, dtype=np.float64))
    lat = np.atleast_1d(np.asarray(lat, dtype=np.float64))
    edges = np.asarray(edges_km, dtype=np.float64)
    out = np.empty(lon.shape, dtype=np.int16)
    if lon.size == 0:
        return out
    frame = trace_frame(trace, reach_km=float(edges[-1]))

    def work(sl: slice) -> None:
        x, y = lon[sl], lat[sl]
        lo, hi, px, py, in_cap, inside = _bounds_m(frame, x, y)
        b_lo = band_index(lo / 1000.0, edges)
        b_hi = band_index(hi / 1000.0, edges)
        band = b_lo.astype(np.int16)
        loose = _unbounded(frame, lo, hi) & ~inside
        unsure = np.flatnonzero((b_lo != b_hi) & ~loose)
        if unsure.size:
            d = _exact_m(frame, x[unsure], y[unsure], hi[unsure], px[unsure], py[unsure], in_cap[unsure])
            band[unsure] = band_index(d / 1000.0, edges)
        if loose.any():
            band[loose] = band_index(_reference_m(frame, x[loose], y[loose]) / 1000.0, edges)
        out[sl] = band
        if progress is not None:
            progress(sl.stop - sl.start)

    _run_chunks(lon.size, chunk, workers, work)
    return out
