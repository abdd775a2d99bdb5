"""Distances on the WGS84 ellipsoid (GeographicLib, through :mod:`pyproj`).

Every function takes and returns whole arrays: longitudes and latitudes in
degrees (EPSG:4326), distances in kilometres, azimuths in degrees clockwise
from north.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pyproj import Geod

__all__ = ["WGS84", "geodesic_distance_km", "destination", "geodesic_length_km", "geodesic_area_km2"]

#: The one ellipsoid sitrep measures on.
WGS84 = Geod(ellps="WGS84")


def geodesic_distance_km(
    lon: ArrayLike, lat: ArrayLike, lon0: float, lat0: float
) -> NDArray[np.float64]:
    """Geodesic distance in km from (``lon0``, ``lat0``) to each (``lon``, ``lat``).

    Exact to GeographicLib's round-off (nanometres), degrees in, km out.

    >>> round(float(geodesic_distance_km([87.45], [28.60], 87.45, 28.50)[0]), 3)
    11.083
    """
    lon = np.asarray(lon, dtype=np.float64)
    lat = np.asarray(lat, dtype=np.float64)
    _, _, dist_m = WGS84.inv(np.full_like(lon, lon0), np.full_like(lat, lat0), lon, lat)
    return np.asarray(dist_m, dtype=np.float64) / 1000.0


def destination(
    lon0: float, lat0: float, azimuth_deg: ArrayLike, distance_km: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Points reached from (``lon0``, ``lat0``) along geodesics; returns (lon, lat) in degrees."""
    az = np.asarray(azimuth_deg, dtype=np.float64)
    dist = np.asarray(distance_km, dtype=np.float64)
    az, dist = np.broadcast_arrays(az, dist)
    lon, lat, _ = WGS84.fwd(np.full(az.shape, lon0), np.full(az.shape, lat0), az, dist * 1000.0)
    return np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)


def geodesic_length_km(geometry) -> float:
    """Length in km of a (multi)line on the ellipsoid."""
    return float(WGS84.geometry_length(geometry)) / 1000.0


def geodesic_area_km2(geometry) -> float:
    """Area in km² of a (multi)polygon on the ellipsoid (sign-free)."""
    area_m2, _ = WGS84.geometry_area_perimeter(geometry)
    return abs(float(area_m2)) / 1e6
