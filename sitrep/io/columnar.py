"""Read point coordinates and a few columns from (Geo)Parquet as numpy arrays, fast.

For aggregate distance-band queries over millions of points, building shapely
objects and a full GeoDataFrame costs more than the distances. This reader
decodes GeoParquet point geometries straight from Arrow buffers: WKB points
(21 bytes each) or GeoArrow ``point`` structs, or plain ``lon``/``lat``
columns. Coordinates are checked (finite, ±180°/±90°) and the first bad one is
named. It returns ``None`` for anything it does not handle quickly (other
geometry types, a CRS other than WGS84, mixed WKB): the caller then uses the
full loader, which handles everything.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from pyproj import CRS
from pyproj.exceptions import CRSError

from .. import settings
from ..errors import InputError
from .reader import LAT_NAMES, LON_NAMES, PARQUET_SUFFIXES, find_column

__all__ = ["PointColumns", "read_point_columns"]


@dataclass
class PointColumns:
    """Point coordinates (degrees, EPSG:4326) and requested columns of one file; ``field_names``: every column it has."""

    lon: np.ndarray
    lat: np.ndarray
    columns: dict[str, np.ndarray] = field(default_factory=dict)
    field_names: tuple[str, ...] = ()

    def __len__(self) -> int:
        return int(self.lon.size)


def read_point_columns(path: str | Path, fields: Sequence[str] = ()) -> PointColumns | None:
    """Coordinates plus ``fields`` (matched in any case; missing ones skipped) or ``None``."""
    path = Path(path)
    if path.suffix.lower() not in PARQUET_SUFFIXES or not path.is_file():
        return None
    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowException, OSError):
        return None  # the full loader reports it precisely
    if _declared_bytes(pf) > settings.MAX_UNCOMPRESSED_MB * 1e6:
        return None  # the full loader refuses it with the limit named
    names = pf.schema_arrow.names
    geo = _geo_metadata(pf)
    wanted = {f: find_column(names, (f, f.lower())) for f in fields}
    read_cols = [c for c in wanted.values() if c]
    if geo is not None:
        col = geo.get("primary_column", "geometry")
        meta = geo.get("columns", {}).get(col, {})
        if not _is_wgs84(meta.get("crs", "OGC:CRS84")):
            return None
        table = pf.read(columns=[col, *read_cols])
        xy = _decode_points(table.column(col), meta.get("encoding", "WKB"))
        if xy is None:
            return None
        lon, lat = xy
    else:
        lon_col, lat_col = find_column(names, LON_NAMES), find_column(names, LAT_NAMES)
        if not (lon_col and lat_col):
            return None
        table = pf.read(columns=[lon_col, lat_col, *read_cols])
        lon = _as_float(table.column(lon_col))
        lat = _as_float(table.column(lat_col))
        if lon is None or lat is None:
            return None
    _check(lon, lat, path)
    columns = {f: table.column(c).to_numpy(zero_copy_only=False) for f, c in wanted.items() if c}
    geometry_columns = set((geo or {}).get("columns", {}))
    return PointColumns(lon=lon, lat=lat, columns=columns, field_names=tuple(n for n in names if n not in geometry_columns))


def _declared_bytes(pf: pq.ParquetFile) -> int:
    """Uncompressed size of all column chunks, as the file's metadata declares it."""
    md = pf.metadata
    return sum(md.row_group(i).total_byte_size for i in range(md.num_row_groups))


def _geo_metadata(pf: pq.ParquetFile) -> dict | None:
    meta = pf.schema_arrow.metadata or {}
    if b"geo" not in meta:
        return None
    try:
        return json.loads(meta[b"geo"])
    except ValueError:
        return None


def _is_wgs84(crs) -> bool:
    if crs is None:
        return False
    try:
        c = CRS.from_user_input(json.dumps(crs) if isinstance(crs, dict) else crs)
    except CRSError:
        return False
    return c.to_epsg() == 4326 or c.equals("OGC:CRS84", ignore_axis_order=True)


def _decode_points(column: pa.ChunkedArray, encoding: str) -> tuple[np.ndarray, np.ndarray] | None:
    if column.null_count:
        return None
    if encoding.lower() == "point":
        xs = [c.field("x").to_numpy(zero_copy_only=False) for c in column.chunks]
        ys = [c.field("y").to_numpy(zero_copy_only=False) for c in column.chunks]
        return np.concatenate(xs).astype(np.float64), np.concatenate(ys).astype(np.float64)
    if encoding.upper() != "WKB":
        return None
    lons, lats = [], []
    for chunk in column.chunks:
        if not pa.types.is_binary(chunk.type):
            return None
        _, offsets_buf, data_buf = chunk.buffers()
        offsets = np.frombuffer(offsets_buf, dtype=np.int32)[chunk.offset : chunk.offset + len(chunk) + 1]
        if not (np.diff(offsets) == 21).all():
            return None  # not all 2-D points
        raw = np.frombuffer(data_buf, dtype=np.uint8)[offsets[0] : offsets[-1]].reshape(-1, 21)
        if not ((raw[:, 0] == 1).all() and (raw[:, 1:5].view("<u4").ravel() == 1).all()):
            return None  # big-endian or not Point
        coords = np.ascontiguousarray(raw[:, 5:21]).view("<f8")
        lons.append(coords[:, 0])
        lats.append(coords[:, 1])
    if not lons:
        return np.empty(0), np.empty(0)
    return np.concatenate(lons), np.concatenate(lats)


def _as_float(column: pa.ChunkedArray) -> np.ndarray | None:
    if column.null_count or not (pa.types.is_floating(column.type) or pa.types.is_integer(column.type)):
        return None
    return column.to_numpy().astype(np.float64, copy=False)


def _check(lon: np.ndarray, lat: np.ndarray, path: Path) -> None:
    if lon.size == 0:
        raise InputError(path, "contains no features; expected at least one")
    check_lonlat(lon, lat, path)


def check_lonlat(lon: np.ndarray, lat: np.ndarray, path, *, field: str = "geometry", where: np.ndarray | None = None) -> None:
    """The first position (among ``where``, default all) out of range or not a number, as an InputError naming its row."""
    bad = ~np.isfinite(lon) | ~np.isfinite(lat) | (np.abs(lon) > 180) | (np.abs(lat) > 90)
    if where is not None:
        bad &= where
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        if np.isnan(lon[i]) and np.isnan(lat[i]):  # how WKB and GeoArrow write POINT EMPTY
            raise InputError(path, "geometry is empty (a point without coordinates); expected a point, line or polygon",
                             row=f"feature {i + 1}", field=field)  # fmt: skip
        what = "latitude" if not (np.isfinite(lat[i]) and abs(lat[i]) <= 90) else "longitude"
        value = lat[i] if what == "latitude" else lon[i]
        raise InputError(path, f"{what} {value:g} is outside its range or not a number", row=f"feature {i + 1}", field=field)
