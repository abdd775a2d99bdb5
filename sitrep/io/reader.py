"""One generic reader for every vector format sitrep accepts.

:func:`read_features` turns GeoJSON, GeoPackage, Shapefile, GeoParquet (or
plain Parquet with coordinate columns) and CSV into a GeoDataFrame in
EPSG:4326 whose coordinates are checked: present, numeric, finite, inside
±90° latitude and ±180° longitude. Anything wrong raises
:class:`~sitrep.errors.InputError` naming the file, the row or feature and
the field. Columns are returned as read; :func:`sitrep.schema.conform` types
them per layer kind.
"""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from ..errors import InputError, SuspectedSwapWarning
from ..schema import feature_label

__all__ = [
    "LON_NAMES",
    "LAT_NAMES",
    "VECTOR_SUFFIXES",
    "read_features",
    "frame_from_lonlat",
    "read_csv_text",
    "find_column",
    "check_swapped",
    "check_coordinate_range",
]

log = logging.getLogger("sitrep")

#: Accepted names of coordinate columns in CSV / Parquet, matched in any case.
LON_NAMES: tuple[str, ...] = ("lon", "lng", "long", "longitude", "x")
LAT_NAMES: tuple[str, ...] = ("lat", "latitude", "y")
#: Columns holding WKT geometries, used when there are no coordinate columns.
WKT_NAMES: tuple[str, ...] = ("wkt", "geometry", "geom")

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
PARQUET_SUFFIXES = (".parquet", ".geoparquet", ".pq")
JSON_SUFFIXES = (".geojson", ".json")
VECTOR_SUFFIXES = CSV_SUFFIXES + PARQUET_SUFFIXES + JSON_SUFFIXES + (".gpkg", ".shp", ".zip", ".fgb")

Bounds = tuple[float, float, float, float]


def read_features(
    path: str | Path,
    *,
    crs: str | int | None = None,
    layer: str | None = None,
    expect_within: Bounds | None = None,
) -> gpd.GeoDataFrame:
    """Read a vector file into a checked GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    path
        GeoJSON (``.geojson``/``.json``), GeoPackage (``.gpkg``), Shapefile
        (``.shp`` or zipped), FlatGeobuf, GeoParquet (``.parquet``) or CSV.
    crs
        CRS of the coordinates when the file declares none (CSV, Parquet with
        plain coordinate columns, a Shapefile without ``.prj``). CSV defaults
        to WGS84 (EPSG:4326). A CRS the file declares always wins.
    layer
        Layer name inside a multi-layer GeoPackage (default: the first).
    expect_within
        ``(min_lon, min_lat, max_lon, max_lat)`` of the area the data should
        cover; when most points fall outside it but would fall inside with
        longitude and latitude swapped, a :class:`SuspectedSwapWarning` is
        issued.
    """
    path = Path(path)
    _check_file(path)
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        df = read_csv_text(path)
        gdf = _frame_from_table(df, path, crs=crs, csv=True)
    elif suffix in PARQUET_SUFFIXES:
        gdf = _read_parquet(path, crs=crs)
    else:
        if suffix in JSON_SUFFIXES:
            _check_json(path)
        gdf = _read_ogr(path, layer=layer)
        gdf = _set_crs(gdf, path, crs)
    if len(gdf) == 0:
        raise InputError(path, "contains no features; expected at least one")
    gdf = _check_geometries(gdf, path)
    gdf = _to_wgs84(gdf, path)
    check_coordinate_range(gdf, path)
    if expect_within is not None:
        check_swapped(gdf, expect_within, path)
    log.info("read %d features from %s", len(gdf), path)
    return gdf


def read_csv_text(path: Path, *, header: bool = True, names: Sequence[str] | None = None) -> pd.DataFrame:
    """Read a delimited text file with every cell as text ("" for empty)."""
    sep = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        df = pd.read_csv(
            path,
            sep=sep,
            dtype=str,
            keep_default_na=False,
            encoding="utf-8-sig",
            header=0 if header else None,
            names=names,
            skipinitialspace=True,
        )
    except UnicodeDecodeError as exc:
        raise InputError(path, f"is not UTF-8 text (byte {exc.start}); expected a CSV file") from None
    except pd.errors.EmptyDataError:
        raise InputError(path, "is empty; expected a header line and rows") from None
    except pd.errors.ParserError as exc:
        raise InputError(path, f"is not well-formed CSV: {_first_line(exc)}") from None
    df.columns = [str(c).strip() for c in df.columns]
    return df


def find_column(columns: Sequence[str], candidates: Sequence[str]) -> str | None:
    """The first column whose lower-cased name is among ``candidates`` (in their order)."""
    lower = {str(c).lower(): c for c in columns}
    for name in candidates:
        if name in lower:
            return lower[name]
    return None


def frame_from_lonlat(
    df: pd.DataFrame,
    lon_col: str,
    lat_col: str,
    path: Path,
    *,
    crs: str | int | None = None,
    csv: bool = True,
    header_lines: int = 1,
) -> gpd.GeoDataFrame:
    """Build point geometries from two coordinate columns, naming the first bad cell.

    Empty cells and cells that are not numbers raise :class:`InputError` with
    the row and the column name. Coordinates are in ``crs`` (default WGS84).
    """
    id_col = find_column(df.columns, ("id",))
    coords = {}
    for col in (lon_col, lat_col):
        values = pd.to_numeric(df[col].map(_strip), errors="coerce")
        bad = values.isna().to_numpy() | ~np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raw = df[col].iloc[i]
            what = "is empty" if _strip(raw) == "" else f"is {raw!r}"
            raise InputError(
                path,
                f"coordinate {what}; expected a number",
                row=feature_label(i, None if id_col is None else df[id_col].iloc[i], csv=csv, header_lines=header_lines),
                field=col,
            )
        coords[col] = values.to_numpy(dtype=float)
    if crs is None or _is_wgs84(crs):
        _check_lonlat_columns(coords[lon_col], coords[lat_col], lon_col, lat_col, df, id_col, path, csv, header_lines)
    geometry = gpd.points_from_xy(coords[lon_col], coords[lat_col])
    return gpd.GeoDataFrame(df.drop(columns=[lon_col, lat_col]), geometry=geometry, crs=crs or "EPSG:4326")


def check_swapped(gdf: gpd.GeoDataFrame, expect_within: Bounds, path: Path | str) -> bool:
    """Warn (and return True) when coordinates fit ``expect_within`` only if swapped."""
    xy = shapely.get_coordinates(gdf.geometry.to_numpy())
    if len(xy) == 0:
        return False
    x0, y0, x1, y1 = expect_within
    as_is = ((xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)).mean()
    swapped = ((xy[:, 1] >= x0) & (xy[:, 1] <= x1) & (xy[:, 0] >= y0) & (xy[:, 0] <= y1)).mean()
    if as_is < 0.5 and swapped >= 0.5:
        warnings.warn(
            f"{path}: {swapped:.0%} of the coordinates fall in the expected area only with longitude "
            "and latitude swapped; check the column order (x = longitude, y = latitude)",
            SuspectedSwapWarning,
            stacklevel=2,
        )
        return True
    return False


# --- private steps -------------------------------------------------------------------------


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a folder; expected a file")
    if path.stat().st_size == 0:
        raise InputError(path, "is empty (0 bytes)")
    if path.suffix.lower() not in VECTOR_SUFFIXES:
        raise InputError(path, f"has an unknown extension '{path.suffix}'; expected one of {' '.join(VECTOR_SUFFIXES)}")


def _check_json(path: Path) -> None:
    # GDAL's message for a cut-off GeoJSON is vague; json names the line and column.
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8 text; expected GeoJSON") from None
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        hint = "" if text.rstrip().endswith(("}", "]")) else " (the file looks truncated)"
        raise InputError(path, f"is not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}{hint}") from None


def _read_ogr(path: Path, *, layer: str | None) -> gpd.GeoDataFrame:
    try:
        return gpd.read_file(path, layer=layer, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError) as exc:
        raise InputError(path, f"could not be read as a vector file: {_first_line(exc)}") from None
    except pyogrio.errors.GeometryError as exc:
        raise InputError(path, f"has an unreadable geometry: {_first_line(exc)}", field="geometry") from None


def _read_parquet(path: Path, *, crs: str | int | None) -> gpd.GeoDataFrame:
    import pyarrow.parquet as pq
    from pyarrow import ArrowException

    try:
        meta = pq.read_schema(path).metadata or {}
    except (ArrowException, OSError) as exc:
        raise InputError(path, f"is not a readable Parquet file: {_first_line(exc)}") from None
    try:
        if b"geo" in meta:
            gdf = gpd.read_parquet(path)
            return _set_crs(gdf, path, crs)
        return _frame_from_table(pd.read_parquet(path), path, crs=crs, csv=True)
    except (ArrowException, OSError, ValueError) as exc:
        raise InputError(path, f"could not be read as GeoParquet: {_first_line(exc)}") from None


def _frame_from_table(df: pd.DataFrame, path: Path, *, crs: str | int | None, csv: bool) -> gpd.GeoDataFrame:
    lon_col = find_column(df.columns, LON_NAMES)
    lat_col = find_column(df.columns, LAT_NAMES)
    if lon_col and lat_col:
        if not all(df[c].dtype == object for c in (lon_col, lat_col)):
            df = df.astype({lon_col: str, lat_col: str})
        return frame_from_lonlat(df, lon_col, lat_col, path, crs=crs, csv=csv)
    wkt_col = find_column(df.columns, WKT_NAMES)
    if wkt_col and not (lon_col or lat_col):
        return _frame_from_wkt(df, wkt_col, path, crs=crs, csv=csv)
    missing = " and ".join(
        f"a {kind} column ({' / '.join(names)})" for kind, names, col in (("longitude", LON_NAMES, lon_col), ("latitude", LAT_NAMES, lat_col)) if col is None
    )
    raise InputError(path, f"has no coordinates: expected {missing}, or a WKT column; found {', '.join(map(str, df.columns)) or 'no columns'}")


def _frame_from_wkt(df: pd.DataFrame, col: str, path: Path, *, crs, csv: bool) -> gpd.GeoDataFrame:
    texts = df[col].map(_strip)
    geoms = shapely.from_wkt(texts.replace("", None).to_numpy(), on_invalid="ignore")
    bad = shapely.is_missing(geoms)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(path, f"is not a WKT geometry: {texts.iloc[i]!r}", row=feature_label(i, csv=csv), field=col)
    return gpd.GeoDataFrame(df.drop(columns=[col]), geometry=geoms, crs=crs or "EPSG:4326")


def _set_crs(gdf: gpd.GeoDataFrame, path: Path, crs: str | int | None) -> gpd.GeoDataFrame:
    if gdf.crs is not None:
        return gdf
    if crs is None:
        raise InputError(path, "declares no coordinate reference system; give one (e.g. --crs EPSG:4326)")
    try:
        return gdf.set_crs(crs)
    except CRSError as exc:
        raise InputError(None, f"'{crs}' is not a coordinate reference system: {_first_line(exc)}") from None


def _check_geometries(gdf: gpd.GeoDataFrame, path: Path) -> gpd.GeoDataFrame:
    geoms = gdf.geometry.to_numpy()
    bad = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(path, "has no geometry; expected coordinates", row=_label(gdf, i), field="geometry")
    return gdf


def _to_wgs84(gdf: gpd.GeoDataFrame, path: Path) -> gpd.GeoDataFrame:
    if _is_wgs84(gdf.crs):
        return gdf if gdf.crs.to_epsg() == 4326 else gdf.set_crs("EPSG:4326", allow_override=True)
    try:
        out = gdf.to_crs("EPSG:4326")
    except (CRSError, ValueError) as exc:
        raise InputError(path, f"could not be reprojected from {gdf.crs} to WGS84: {_first_line(exc)}") from None
    log.info("reprojected %s from %s to EPSG:4326", path, gdf.crs.to_string())
    return out


def check_coordinate_range(gdf: gpd.GeoDataFrame, path: Path) -> None:
    xy, idx = shapely.get_coordinates(gdf.geometry.to_numpy(), return_index=True)
    finite = np.isfinite(xy).all(axis=1)
    bad_lon = ~finite | (np.abs(xy[:, 0]) > 180)
    bad_lat = ~finite | (np.abs(xy[:, 1]) > 90)
    if not (bad_lon.any() or bad_lat.any()):
        return
    k = int(np.flatnonzero(bad_lon | bad_lat)[0])
    lon, lat = xy[k]
    if bad_lat[k]:
        msg = f"latitude {lat:g} is outside -90..90"
        if abs(lon) <= 90 and abs(lat) <= 180:
            msg += " (longitude and latitude look swapped)"
    else:
        msg = f"longitude {lon:g} is outside -180..180"
    raise InputError(path, msg, row=_label(gdf, int(idx[k])), field="geometry")


def _check_lonlat_columns(lon, lat, lon_col, lat_col, df, id_col, path, csv, header_lines) -> None:
    # Named columns let the message point at the exact cell instead of "geometry".
    for values, col, limit, word in ((lat, lat_col, 90, "latitude"), (lon, lon_col, 180, "longitude")):
        bad = np.abs(values) > limit
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            msg = f"{word} {values[i]:g} is outside -{limit}..{limit}"
            if word == "latitude" and abs(lon[i]) <= 90 and abs(lat[i]) <= 180:
                msg += f" (columns '{lon_col}' and '{lat_col}' look swapped)"
            row = feature_label(i, None if id_col is None else df[id_col].iloc[i], csv=csv, header_lines=header_lines)
            raise InputError(path, msg, row=row, field=col)


def _label(gdf: gpd.GeoDataFrame, i: int) -> str:
    id_col = find_column([c for c in gdf.columns if c != gdf.geometry.name], ("id",))
    return feature_label(i, None if id_col is None else gdf[id_col].iloc[i])


def _is_wgs84(crs) -> bool:
    try:
        c = CRS.from_user_input(crs)
    except CRSError:
        return False
    return c.to_epsg() == 4326 or c.equals("OGC:CRS84", ignore_axis_order=True)


def _strip(v: object) -> str:
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
