"""Is a file's data really in the CRS it is said to be in? Catch the obvious mistakes before measuring.

A projected file (UTM, a State Plane) read with the wrong CRS, or degrees
declared as metres, reproject without complaint to somewhere else on Earth,
and every distance is then wrong. Two checks catch what is obviously wrong:

* in a projected CRS, every coordinate within ±180/±90 of the origin: those
  are degrees (longitude, latitude), not metres or feet a few hundred units
  from a projection's false origin;
* after reprojection to WGS84, no feature within :data:`AREA_MARGIN_DEG` of
  the CRS's area of use (e.g. 84°E-90°E, 0°N-84°N for UTM zone 45N).

Both raise :class:`~sitrep.errors.InputError` naming the CRS and where the
data would land.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS

from ..errors import InputError

__all__ = ["AREA_MARGIN_DEG", "check_projected_values", "check_area_of_use", "projected_hint"]

#: How far beyond a CRS's area of use (degrees) data may lie before it is called not in that CRS.
AREA_MARGIN_DEG: float = 3.0


def check_projected_values(gdf: gpd.GeoDataFrame, path: Path | str) -> None:
    """Refuse degrees in a projected CRS: every |x| <= 180 and |y| <= 90 (before reprojection)."""
    crs = gdf.crs
    if crs is None or not crs.is_projected:
        return
    xy = shapely.get_coordinates(gdf.geometry.to_numpy())
    if len(xy) and (np.abs(xy[:, 0]) <= 180).all() and (np.abs(xy[:, 1]) <= 90).all():
        unit = _unit(crs)
        raise InputError(
            path,
            f"coordinates look like degrees (x {xy[:, 0].min():g}..{xy[:, 0].max():g}, y {xy[:, 1].min():g}..{xy[:, 1].max():g}), "
            f"not {unit} of {_name(crs)}; check the CRS (--crs, or the file's .prj): longitude/latitude is EPSG:4326",
            field="crs",
        )


def check_area_of_use(gdf_wgs84: gpd.GeoDataFrame, crs: CRS | None, path: Path | str) -> None:
    """Refuse data that, reprojected from ``crs`` to WGS84, lies wholly outside the area ``crs`` is made for."""
    if crs is None or not crs.is_projected or crs.area_of_use is None:
        return
    west, south, east, north = crs.area_of_use.bounds
    xy = shapely.get_coordinates(gdf_wgs84.geometry.to_numpy())
    if len(xy) == 0:
        return
    lon, lat = xy[:, 0], xy[:, 1]
    if not np.isfinite(xy).all():
        raise InputError(path, f"coordinates cannot be reprojected from {_name(crs)} to WGS84 (they fall outside the projection); "
                         "check the CRS (--crs, or the file's .prj)", field="crs")  # fmt: skip
    m = AREA_MARGIN_DEG
    in_lat = (lat >= south - m) & (lat <= north + m)
    if west <= east:
        in_lon = (lon >= west - m) & (lon <= east + m)
    else:  # an area across the antimeridian
        in_lon = (lon >= west - m) | (lon <= east + m)
    if (in_lat & in_lon).any():
        return
    raise InputError(
        path,
        f"coordinates are not in {_name(crs)}: reprojected, they fall at lon {lon.min():.2f}..{lon.max():.2f}, "
        f"lat {lat.min():.2f}..{lat.max():.2f}, far outside the area it is made for "
        f"(lon {west:g}..{east:g}, lat {south:g}..{north:g}); check the CRS (--crs, or the file's .prj)",
        field="crs",
    )


def projected_hint(x: float, y: float) -> str:
    """A hint for a coordinate read as degrees that is far beyond any: it is projected (metres, feet).

    >>> projected_hint(1310994.5, 416621.4)
    ' (these look like projected coordinates, metres or feet: name their CRS with --crs, e.g. --crs EPSG:32645 for UTM zone 45N)'
    """
    if max(abs(x), abs(y)) < 1000:
        return ""
    return " (these look like projected coordinates, metres or feet: name their CRS with --crs, e.g. --crs EPSG:32645 for UTM zone 45N)"


def _name(crs: CRS) -> str:
    code = crs.to_epsg()
    return f"EPSG:{code} ({crs.name})" if code else crs.name


def _unit(crs: CRS) -> str:
    try:
        unit = crs.axis_info[0].unit_name
    except (IndexError, AttributeError):
        return "metres"
    return {"metre": "metres", "US survey foot": "US feet", "foot": "feet"}.get(unit, unit)
