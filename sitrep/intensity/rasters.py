"""People per MMI level from a population grid: exact zonal sums of the MMI bands (exactextract).

Each MMI level's band is a polygon (:func:`sitrep.intensity.contours.filled_contours`,
EPSG:4326); the people of a level are the sum, over the grid's cells, of each cell's
people times the **fraction of the cell** the band covers (exactextract's exact
coverage fractions), so a cell split between two levels gives each its share and
the levels together hold every person under the field - nothing counted twice,
nothing dropped at an edge. People are taken as spread evenly over each cell.

Where the grid is in a projected CRS (UTM, Mollweide) the polygons are reprojected
to it (densified first, so their edges follow the projection), never the grid:
resampling a population grid moves people.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from ..io.rasters import PopulationGrid
from .contours import filled_contours
from .field import MMIField

__all__ = ["level_polygons_sums", "grid_exposure"]


def level_polygons_sums(grid: PopulationGrid, polygons: gpd.GeoDataFrame) -> np.ndarray:
    """People of ``grid`` inside each polygon of ``polygons`` (any CRS), by exact fractional cell coverage.

    Returns one float per row of ``polygons``, in its order. Cells with no value
    (NaN) count 0. The polygons are densified (to a quarter cell, at most 0.01
    degree) and reprojected to the grid's CRS when it differs.
    """
    from exactextract import exact_extract
    from exactextract.raster import NumPyRasterSource

    if polygons.empty:
        return np.zeros(0)
    if polygons.crs is None:
        raise ValueError("polygons need a CRS")
    shapes = polygons[[polygons.geometry.name]].copy()
    if not polygons.crs.equals(grid.crs_wkt):
        step = 0.01 if polygons.crs.is_geographic else 1000.0
        shapes = shapes.set_geometry(shapely.segmentize(shapes.geometry.to_numpy(), step)).to_crs(grid.crs_wkt)
    xmin, ymin, xmax, ymax = grid.bounds
    source = NumPyRasterSource(np.nan_to_num(grid.people, nan=0.0), xmin, ymin, xmax, ymax, srs_wkt=grid.crs_wkt)
    shapes = shapes.set_crs(grid.crs_wkt, allow_override=True).reset_index(drop=True)
    shapes["_row"] = np.arange(len(shapes))
    out = exact_extract(source, shapes, "sum", include_cols=["_row"], output="pandas")
    sums = np.zeros(len(shapes))
    sums[out["_row"].to_numpy()] = out["sum"].fillna(0.0).to_numpy(dtype=float)
    return sums


def grid_exposure(field: MMIField, grid: PopulationGrid, *, bands: gpd.GeoDataFrame | None = None) -> dict[int, float]:
    """People of ``grid`` per MMI level of ``field`` (PAGER bins), exact fractional sums; levels with a band only.

    ``bands``: the field's :func:`filled_contours` when already drawn. People of
    the grid outside every band (beyond the field) are in no level.
    """
    polys = filled_contours(field) if bands is None else bands
    sums = level_polygons_sums(grid, polys)
    return {int(k): float(v) for k, v in zip(polys["mmi"].to_numpy(), sums, strict=True)}
