"""A shaking-intensity field: MMI (and its sigma) on a regular longitude/latitude grid.

Both sources of intensity in sitrep produce one: a USGS ShakeMap ``grid.xml``
(``sitrep.io.shakemap``) and an intensity prediction equation evaluated on a
grid (``sitrep.intensity.ipe``). Everything downstream (MMI at features,
exposure per level, areas, contours, the fatality model) reads this type only.

Conventions: degrees on WGS84 (EPSG:4326); ``lon`` and ``lat`` are the cell
centres, both ascending; ``mmi[i, j]`` is the value at (``lon[j]``, ``lat[i]``);
NaN means no value (outside a ShakeMap's coverage, or masked). A cell is the
rectangle of one grid step centred on its node. MMI levels are PAGER's bins:
level ``k`` holds ``k - 0.5 <= mmi < k + 0.5``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..geodesy import WGS84

__all__ = ["MMIField", "mmi_level", "roman", "ROMAN", "zone_area_km2"]

ROMAN = ("0", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def roman(level: int) -> str:
    """Roman numeral of an MMI level 0..12 (``roman(9) == "IX"``)."""
    return ROMAN[int(level)]


def mmi_level(mmi: ArrayLike) -> NDArray[np.int16]:
    """PAGER level of each MMI value: ``floor(mmi + 0.5)`` clipped to 0..12; -1 where NaN."""
    x = np.asarray(mmi, dtype=np.float64)
    out = np.full(x.shape, -1, dtype=np.int16)
    ok = np.isfinite(x)
    out[ok] = np.clip(np.floor(x[ok] + 0.5), 0, 12).astype(np.int16)
    return out


def _zone_from_equator(lat_deg: NDArray[np.float64]) -> NDArray[np.float64]:
    """Area (km²) between the equator and each latitude, per radian of longitude, on WGS84."""
    e2 = WGS84.es
    e = np.sqrt(e2)
    b_km = WGS84.b / 1000.0
    s = np.sin(np.radians(lat_deg))
    return b_km**2 / 2.0 * (s / (1.0 - e2 * s**2) + np.arctanh(e * s) / e)


def zone_area_km2(lat_south: ArrayLike, lat_north: ArrayLike, dlon_deg: float) -> NDArray[np.float64]:
    """Exact area (km²) on the WGS84 ellipsoid of lon/lat rectangles ``dlon_deg`` wide.

    Bounded by parallels (not geodesics): the closed form for the area of an
    ellipsoidal zone, so cells sum to the area they tile with no projection.
    """
    south = np.asarray(lat_south, dtype=np.float64)
    north = np.asarray(lat_north, dtype=np.float64)
    return np.radians(dlon_deg) * (_zone_from_equator(north) - _zone_from_equator(south))


@dataclass(frozen=True, eq=False)
class MMIField:
    """MMI on a regular grid of cell centres (degrees, EPSG:4326), with its origin stated.

    ``source`` is ``"shakemap"`` (a USGS ShakeMap) or ``"model"`` (an
    intensity prediction equation); ``model`` names it for people (for
    example ``"USGS ShakeMap us6000pi9w version 5"`` or ``"yu2013 (Qinghai-Tibet)"``);
    ``sigma`` is the standard deviation of MMI where known (None otherwise);
    ``meta`` carries what a report should state (event id, magnitude, version,
    citation, warnings such as an extrapolated magnitude).
    """

    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    mmi: NDArray[np.float64]
    source: str
    model: str
    sigma: NDArray[np.float64] | None = None
    meta: Mapping[str, object] = field(default_factory=dict)
    #: A model's equation at any point, ``(lon, lat) -> (mmi, sigma)``: :meth:`at` uses it instead of
    #: interpolating, so features get the exact value wherever they are (a ShakeMap has none).
    evaluate: Callable[[NDArray[np.float64], NDArray[np.float64]], tuple[NDArray[np.float64], NDArray[np.float64]]] | None = None

    def __post_init__(self) -> None:
        lon = np.asarray(self.lon, dtype=np.float64)
        lat = np.asarray(self.lat, dtype=np.float64)
        mmi = np.asarray(self.mmi, dtype=np.float64)
        if lon.ndim != 1 or lat.ndim != 1 or lon.size < 2 or lat.size < 2:
            raise ValueError("an MMI field needs at least 2 x 2 nodes on 1-D lon and lat axes")
        if mmi.shape != (lat.size, lon.size):
            raise ValueError(f"mmi has shape {mmi.shape}; expected (len(lat), len(lon)) = {(lat.size, lon.size)}")
        if not (np.all(np.diff(lon) > 0) and np.all(np.diff(lat) > 0)):
            raise ValueError("lon and lat must be strictly ascending")
        if self.source not in ("shakemap", "model"):
            raise ValueError(f"source must be 'shakemap' or 'model', got {self.source!r}")
        object.__setattr__(self, "lon", lon)
        object.__setattr__(self, "lat", lat)
        object.__setattr__(self, "mmi", mmi)
        if self.sigma is not None:
            sigma = np.asarray(self.sigma, dtype=np.float64)
            if sigma.shape != mmi.shape:
                raise ValueError(f"sigma has shape {sigma.shape}; expected {mmi.shape}")
            object.__setattr__(self, "sigma", sigma)

    @property
    def dlon(self) -> float:
        """Grid step in longitude (degrees)."""
        return float((self.lon[-1] - self.lon[0]) / (self.lon.size - 1))

    @property
    def dlat(self) -> float:
        """Grid step in latitude (degrees)."""
        return float((self.lat[-1] - self.lat[0]) / (self.lat.size - 1))

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) of the cells' outer edges, degrees."""
        return (
            float(self.lon[0] - self.dlon / 2), float(self.lat[0] - self.dlat / 2),
            float(self.lon[-1] + self.dlon / 2), float(self.lat[-1] + self.dlat / 2),
        )  # fmt: skip

    def at(self, lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64] | None]:
        """MMI (and sigma, or None) at points, by bilinear interpolation between nodes.

        Points outside the nodes' extent get NaN: the field says nothing there.
        A model's field (``evaluate`` set) gives its equation's exact value everywhere instead.
        """
        x = np.atleast_1d(np.asarray(lon, dtype=np.float64))
        y = np.atleast_1d(np.asarray(lat, dtype=np.float64))
        if self.evaluate is not None:
            ok = np.isfinite(x) & np.isfinite(y)
            mmi, sigma = np.full(x.shape, np.nan), np.full(x.shape, np.nan)
            if ok.any():
                mmi[ok], sigma[ok] = self.evaluate(x[ok], y[ok])
            return mmi, sigma
        if self.lon[-1] > 180.0:  # a grid across the antimeridian runs past 180: -179.95 is 180.05 there
            x = np.where(x < self.lon[0] - self.dlon / 2, x + 360.0, x)
        elif self.lon[0] < -180.0:
            x = np.where(x > self.lon[-1] + self.dlon / 2, x - 360.0, x)
        fx = (x - self.lon[0]) / self.dlon
        fy = (y - self.lat[0]) / self.dlat
        inside = (fx >= 0) & (fx <= self.lon.size - 1) & (fy >= 0) & (fy <= self.lat.size - 1)
        inside &= np.isfinite(fx) & np.isfinite(fy)
        j = np.clip(np.floor(np.where(inside, fx, 0)).astype(np.intp), 0, self.lon.size - 2)
        i = np.clip(np.floor(np.where(inside, fy, 0)).astype(np.intp), 0, self.lat.size - 2)
        tx = np.where(inside, fx - j, 0.0)
        ty = np.where(inside, fy - i, 0.0)

        def interp(grid: NDArray[np.float64]) -> NDArray[np.float64]:
            v = (grid[i, j] * (1 - tx) * (1 - ty) + grid[i, j + 1] * tx * (1 - ty)
                 + grid[i + 1, j] * (1 - tx) * ty + grid[i + 1, j + 1] * tx * ty)  # fmt: skip
            return np.where(inside, v, np.nan)

        return interp(self.mmi), (interp(self.sigma) if self.sigma is not None else None)

    def cell_area_km2(self) -> NDArray[np.float64]:
        """Area (km²) of one cell in each grid row (exact on WGS84), shape ``(len(lat),)``."""
        half = self.dlat / 2
        south = np.clip(self.lat - half, -90.0, 90.0)
        north = np.clip(self.lat + half, -90.0, 90.0)
        return zone_area_km2(south, north, self.dlon)

    def level_areas_km2(self) -> dict[int, float]:
        """Area (km²) per MMI level (PAGER bins), over cells with a value; levels present only.

        A model's grid stops where MMI falls to ``meta["floor_mmi"]``: levels below it are cut
        by the grid's edge, so their (partial) areas are left out.
        """
        levels = mmi_level(self.mmi)
        floor = self.meta.get("floor_mmi")
        if isinstance(floor, (int, float)):
            levels = np.where(levels >= math.ceil(floor + 0.5 - 1e-9), levels, -1)
        areas = np.broadcast_to(self.cell_area_km2()[:, None], levels.shape)
        ok = levels >= 0
        sums = np.bincount(levels[ok].ravel(), weights=areas[ok].ravel(), minlength=13)
        return {int(k): float(sums[k]) for k in np.flatnonzero(sums)}
