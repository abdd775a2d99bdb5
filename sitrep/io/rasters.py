"""Population grids (WorldPop, GHSL, LandScan-style GeoTIFF): people per cell, read with rasterio.

:func:`read_population_grid` reads one band of people per cell, windowed to the
area asked for (``bounds`` in degrees, EPSG:4326) so that a national or global
grid is never read whole, and refuses what cannot be summed honestly:

- a file rasterio cannot open, or one with no band;
- a raster with no CRS, or a CRS pyproj cannot transform to EPSG:4326 (a local
  engineering CRS): a geographic CRS (EPSG:4326, CGCS2000, ...) and a projected
  CRS with a known transform (UTM, the GHSL Mollweide, ...) are fine - the
  MMI polygons are reprojected to the grid's CRS, never the grid;
- a rotated or sheared grid (its cells are not axis-aligned);
- a window larger than :data:`MAX_CELLS` cells;
- a window where no cell holds a value (all nodata).

Cells equal to the raster's nodata, masked, NaN, infinite or negative are not
people: they are NaN in :attr:`PopulationGrid.people` and count as 0 in sums
(WorldPop writes -99999 as nodata, GHSL -200).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError

__all__ = ["MAX_CELLS", "PopulationGrid", "read_population_grid"]

#: The largest window read (cells): 25 million float64 cells are 200 MB; a 1 km grid of a
#: 500 x 500 km shaken area is 250,000 cells, a 100 m grid 25 million.
MAX_CELLS = 25_000_000


@dataclass(frozen=True, eq=False)
class PopulationGrid:
    """People per cell on a north-up grid, with its georeferencing.

    ``people[i, j]`` is the cell whose top-left corner is ``transform * (j, i)``
    (row 0 north); NaN where the raster has no value (nodata, masked, negative).
    ``transform`` is an :class:`affine.Affine` in the units of ``crs_wkt``
    (degrees for a geographic CRS, metres for UTM); ``name`` is the file's stem
    (the layer name in exposure tables), ``path`` the file read.
    """

    people: NDArray[np.float64]
    transform: object
    crs_wkt: str
    nodata: float | None
    name: str
    path: str

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(xmin, ymin, xmax, ymax) of the window's outer cell edges, in the grid's CRS."""
        t = self.transform
        rows, cols = self.people.shape
        xs = (t.c, t.c + t.a * cols)
        ys = (t.f, t.f + t.e * rows)
        return (min(xs), min(ys), max(xs), max(ys))

    @property
    def is_geographic(self) -> bool:
        """True where the grid's CRS is geographic (cells in degrees)."""
        import pyproj

        return pyproj.CRS.from_wkt(self.crs_wkt).is_geographic

    def total(self) -> float:
        """People in the window (cells with no value count 0)."""
        return float(np.nansum(self.people))


def _checked_crs(path: str, crs) -> str:
    """The grid's CRS as WKT, if pyproj can transform it to EPSG:4326; else an InputError."""
    import pyproj

    if crs is None or not crs.to_wkt():
        raise InputError(path, "the raster has no CRS; expected a georeferenced population grid (EPSG:4326, or a projected CRS "
                         "such as UTM) - set one with `gdal_edit.py -a_srs EPSG:4326 FILE`", field="crs")  # fmt: skip
    wkt = crs.to_wkt()
    try:
        ours = pyproj.CRS.from_wkt(wkt)
    except pyproj.exceptions.CRSError as exc:
        raise InputError(
            path, f"its CRS cannot be read ({exc}); expected EPSG:4326 or a projected CRS", field="crs"
        ) from None
    if not (ours.is_geographic or ours.is_projected):
        raise InputError(path, f"its CRS '{ours.name}' is neither geographic nor projected, so it cannot be placed on the map; "
                         "expected EPSG:4326 or a projected CRS such as UTM", field="crs")  # fmt: skip
    try:
        pyproj.Transformer.from_crs(ours, "EPSG:4326", always_xy=True)
    except pyproj.exceptions.ProjError as exc:
        raise InputError(
            path, f"its CRS '{ours.name}' cannot be transformed to EPSG:4326 ({exc})", field="crs"
        ) from None
    return wkt


def _window(path: str, src, crs_wkt: str, bounds: tuple[float, float, float, float] | None):
    """The rasterio Window covering ``bounds`` (degrees) within the raster, or the whole raster."""
    from rasterio.warp import transform_bounds
    from rasterio.windows import Window, from_bounds

    full = Window(0, 0, src.width, src.height)
    if bounds is None:
        return full
    west, south, east, north = (float(v) for v in bounds)
    if not (west < east and south < north):
        raise ValueError(f"bounds must be (west, south, east, north) with west < east and south < north, got {bounds}")
    left, bottom, right, top = transform_bounds("EPSG:4326", crs_wkt, west, south, east, north, densify_pts=21)
    try:
        win = from_bounds(left, bottom, right, top, transform=src.transform)
        win = win.round_offsets(op="floor").round_lengths(op="ceil")
        inter = win.intersection(full)
    except Exception:  # rasterio.errors.WindowError: no overlap
        inter = None
    if inter is None or inter.width < 1 or inter.height < 1:
        raise InputError(path, f"the grid does not cover the area asked for ({west:g}, {south:g}, {east:g}, {north:g} degrees "
                         "W, S, E, N); expected a population grid of the shaken area")  # fmt: skip
    # a window's edges can fall a cell outside after rounding: grow by one cell, then clip to the raster
    grown = Window(inter.col_off - 1, inter.row_off - 1, inter.width + 2, inter.height + 2)
    return grown.intersection(full)


def read_population_grid(
    path: str | Path,
    *,
    bounds: tuple[float, float, float, float] | None = None,
    band: int = 1,
    max_cells: int = MAX_CELLS,
) -> PopulationGrid:
    """People per cell from a GeoTIFF (or any raster GDAL reads), windowed to ``bounds`` (W, S, E, N degrees, EPSG:4326).

    Only the cells covering ``bounds`` (plus one cell around) are read; without
    ``bounds`` the whole band is read. Raises :class:`InputError` naming the file
    for: not a raster, no CRS or a CRS that cannot be transformed to EPSG:4326,
    a rotated grid, a window over ``max_cells`` cells, a grid that does not
    cover ``bounds``, and a window where every cell is nodata. Nodata, masked,
    NaN and negative cells are NaN (not people).
    """
    import rasterio
    from rasterio.errors import RasterioIOError

    where = str(path)
    name = Path(where).name
    for suffix in (".gz", ".zip"):
        name = name.removesuffix(suffix)
    stem = Path(name).stem or name
    if not Path(where).exists():
        raise InputError(where, "no such file; expected a population grid (GeoTIFF)")
    try:
        src = rasterio.open(where)
    except RasterioIOError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "unreadable"
        raise InputError(where, f"not a raster GDAL can read ({first}); expected a population grid (GeoTIFF)") from None
    with src:
        if src.count < band:
            raise InputError(where, f"the raster has {src.count} band(s); band {band} was asked for", field="band")
        crs_wkt = _checked_crs(where, src.crs)
        t = src.transform
        if t.b != 0 or t.d != 0:
            raise InputError(where, "the grid is rotated or sheared; expected north-up cells (warp it with `gdalwarp` first)",
                             field="transform")  # fmt: skip
        win = _window(where, src, crs_wkt, bounds)
        cells = int(win.width) * int(win.height)
        if cells > max_cells:
            raise InputError(where, f"the window to read is {int(win.height):,} x {int(win.width):,} = {cells:,} cells, over the "
                             f"limit of {max_cells:,}; use a coarser grid (1 km: `gdalwarp -tr 0.0083333 0.0083333 -r sum`) or "
                             "crop it to the shaken area (`gdal_translate -projwin`)")  # fmt: skip
        data = src.read(band, window=win, masked=True)
        wt = src.window_transform(win)
        nodata = src.nodata
    people = np.ma.filled(data.astype(np.float64), np.nan)
    people[~np.isfinite(people) | (people < 0)] = np.nan
    if wt.e > 0:  # south-up: flip to north-up, so row 0 is the northern edge
        from affine import Affine

        people = people[::-1]
        wt = Affine(wt.a, 0.0, wt.c, 0.0, -wt.e, wt.f + wt.e * people.shape[0])
    if not np.isfinite(people).any():
        raise InputError(where, "every cell in the area read is nodata (or negative): no people to count; expected "
                         "people per cell (the grid's nodata value marks cells with no data)")  # fmt: skip
    return PopulationGrid(people=people, transform=wt, crs_wkt=crs_wkt,
                          nodata=None if nodata is None else float(nodata), name=stem, path=where)  # fmt: skip
