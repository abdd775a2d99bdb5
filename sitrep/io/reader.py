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

import io
import json
import logging
import lzma
import tempfile
import warnings
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyogrio.raw
import shapely
import shapely.errors
from pyproj import CRS
from pyproj.exceptions import CRSError

from .. import settings
from ..errors import InputError, SuspectedSwapWarning
from ..schema import feature_label, known_field_names
from .crscheck import check_area_of_use, check_projected_values, projected_hint
from .geonames import geonames_layout, read_geonames
from .tables import decode_table_text, hxl_column_names, parse_coordinates, split_hxl_row

__all__ = [
    "LON_NAMES",
    "LAT_NAMES",
    "VECTOR_SUFFIXES",
    "read_features",
    "frame_from_lonlat",
    "read_csv_text",
    "warn_outside_region",
    "find_column",
    "check_swapped",
    "check_coordinate_range",
    "parse_crs",
    "load_json",
    "split_layer_path",
    "LAYERED_SUFFIXES",
]

log = logging.getLogger("sitrep")

#: Accepted names of coordinate columns in CSV / Parquet / spreadsheets, matched in any case
#: (经度/东经 "longitude"/"east longitude", 纬度/北纬 "latitude"/"north latitude").
LON_NAMES: tuple[str, ...] = ("lon", "lng", "long", "longitude", "x", "经度", "东经")
LAT_NAMES: tuple[str, ...] = ("lat", "latitude", "y", "纬度", "北纬")
#: Columns holding WKT geometries, used when there are no coordinate columns.
WKT_NAMES: tuple[str, ...] = ("wkt", "geometry", "geom")

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
PARQUET_SUFFIXES = (".parquet", ".geoparquet", ".pq")
JSON_SUFFIXES = (".geojson", ".json")
KML_SUFFIXES = (".kml", ".kmz")
SHEET_SUFFIXES = (".xlsx", ".ods")
VECTOR_SUFFIXES = CSV_SUFFIXES + PARQUET_SUFFIXES + JSON_SUFFIXES + (".gpkg", ".shp", ".zip", ".fgb") + KML_SUFFIXES + SHEET_SUFFIXES
#: Formats holding several layers (GeoPackage tables, sheets, KML folders, zipped shapefiles):
#: ``FILE:LAYER`` names one.
LAYERED_SUFFIXES = (".gpkg", ".kml", ".kmz", ".zip") + SHEET_SUFFIXES
#: The parts of a Shapefile taken from a ``.zip`` (the rest - indexes, metadata - is left).
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")

Bounds = tuple[float, float, float, float]


def read_features(
    path: str | Path,
    *,
    crs: str | int | None = None,
    layer: str | None = None,
    expect_within: Bounds | None = None,
    max_mb: float | None = None,
) -> gpd.GeoDataFrame:
    """Read a vector file into a checked GeoDataFrame in EPSG:4326.

    Parameters
    ----------
    path
        GeoJSON (``.geojson``/``.json``, with or without a byte-order mark),
        GeoPackage (``.gpkg``), Shapefile (``.shp``), FlatGeobuf, GeoParquet
        (``.parquet``), CSV/TSV (UTF-8 or GB18030, an HXL hashtag row under
        the header is skipped), a GeoNames dump (``.txt``), KML/KMZ, an Excel
        workbook (``.xlsx``), or a ``.zip`` holding one Shapefile or one file
        of the other formats. A zip (and a KMZ) is unpacked into a private
        temporary folder within the limits of :mod:`sitrep.settings` (total
        size, compression ratio); GeoJSON, CSV and Parquet are refused above
        ``MAX_UNCOMPRESSED_MB`` too. ``FILE:LAYER`` names a layer of a
        GeoPackage, a sheet of a workbook, a folder of a KML, a shapefile of a
        zip - unless a file of that whole name exists.
    crs
        CRS of the coordinates when the file declares none (CSV, Parquet with
        plain coordinate columns, a Shapefile without ``.prj``). CSV defaults
        to WGS84 (EPSG:4326). A CRS the file declares always wins. It must be
        a geographic or projected CRS (see :func:`parse_crs`).
    layer
        Layer name inside a multi-layer file (overrides ``FILE:LAYER``). A
        GeoPackage with several layers needs one (the error lists them); a
        workbook defaults to its first sheet; a KML to all its folders, with
        a ``folder`` column.
    expect_within
        ``(min_lon, min_lat, max_lon, max_lat)`` of the area the data should
        cover; when most points fall outside it but would fall inside with
        longitude and latitude swapped, a :class:`SuspectedSwapWarning` is
        issued (see also :func:`warn_outside_region`).
    max_mb
        The most this read may unpack or parse, in MB (10**6 bytes): the
        file's size (GeoJSON, CSV), a zip's unpacked size, a Parquet file's
        declared size. Default: ``MAX_UNCOMPRESSED_MB`` (the CLI's); the app
        passes its own, smaller limit for uploads.
    """
    path, named = split_layer_path(path)
    layer = layer if layer is not None else named
    _check_file(path)
    crs = parse_crs(crs)
    limit = _limit(max_mb)
    if path.suffix.lower() == ".zip":
        gdf = _read_zip(path, crs=crs, layer=layer, max_mb=limit)
    else:
        gdf = _read_plain(path, crs=crs, layer=layer, max_mb=limit)
    attrs = dict(gdf.attrs)  # how the rows were read (header lines, format), for the loaders' messages
    if len(gdf) == 0:
        raise InputError(path, "contains no features; expected at least one")
    gdf = _check_geometries(gdf, path)
    check_projected_values(gdf, path)  # degrees said to be metres
    native_crs = gdf.crs
    gdf = _to_wgs84(gdf, path)
    check_area_of_use(gdf, native_crs, path)  # metres of another CRS
    check_coordinate_range(gdf, path)
    if expect_within is not None:
        check_swapped(gdf, expect_within, path)
    gdf.attrs.update(attrs)
    log.info("read %d features from %s", len(gdf), path)
    return gdf


def split_layer_path(path: str | Path) -> tuple[Path, str | None]:
    """``(file, layer)`` of ``FILE:LAYER``; ``(path, None)`` when ``path`` exists or names no layered file.

    A file whose real name contains ``:`` is that file: the split is tried
    only when ``path`` itself does not exist and the part before the last
    ``:`` is an existing GeoPackage, workbook, KML/KMZ or zip.
    """
    p = Path(path)
    text = str(path)
    if p.exists() or ":" not in text:
        return p, None
    head, _, tail = text.rpartition(":")
    if tail and Path(head).suffix.lower() in LAYERED_SUFFIXES and Path(head).is_file():
        return Path(head), tail
    return p, None


def parse_crs(crs: str | int | CRS | None) -> CRS | None:
    """``crs`` as a :class:`pyproj.CRS`, or :class:`InputError` (field ``--crs``) naming it.

    >>> parse_crs("EPSG:4326").to_epsg()
    4326
    """
    if crs is None or isinstance(crs, CRS):
        return crs
    try:
        parsed = CRS.from_user_input(crs)
    except (CRSError, TypeError, ValueError) as exc:
        raise InputError(
            None, f"{str(crs)[:80]!r} is not a coordinate reference system ({_first_line(exc)[:120]}); expected e.g. EPSG:4326", field="--crs"
        ) from None
    if not _is_horizontal(parsed):
        raise InputError(None, f"{str(crs)[:80]!r} ({parsed.name}) is not a geographic or projected CRS; expected e.g. EPSG:4326 or a UTM zone", field="--crs")
    return parsed


def _is_horizontal(crs: CRS) -> bool:
    # a vertical, geocentric or engineering CRS cannot place x/y on the map
    return (crs.is_geographic or crs.is_projected) and not crs.is_geocentric


def load_json(path: str | Path, *, what: str = "GeoJSON", max_mb: float | None = None) -> object:
    """Parse a JSON file, or :class:`InputError` naming line and column (or the size / depth limit).

    ``max_mb``: the largest file parsed, in MB (default ``MAX_UNCOMPRESSED_MB``).
    """
    path = Path(path)
    _check_size(path, path.stat().st_size, "is", limit=_limit(max_mb))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, f"is not UTF-8 text; expected {what}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        hint = "" if text.rstrip().endswith(("}", "]")) else " (the file looks truncated)"
        raise InputError(path, f"is not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}{hint}") from None
    except RecursionError:
        # CPython's decoder gives up near 1,000 levels; GeoJSON needs five.
        raise InputError(path, f"nests JSON arrays or objects too deeply to read; expected {what} (a few levels deep)") from None


#: The most columns a CSV/TSV may have: a layer needs a dozen; tens of thousands is an attack
#: (a one-line file of repeated names costs pandas minutes to hours) or a misread delimiter.
MAX_TABLE_COLUMNS = 1000


def read_csv_text(path: Path, *, header: bool = True, names: Sequence[str] | None = None,
                  max_mb: float | None = None) -> pd.DataFrame:  # fmt: skip
    """Read a delimited text file with every cell as text ("" for empty); at most ``max_mb`` MB (default ``MAX_UNCOMPRESSED_MB``).

    The text is UTF-8 (a byte-order mark is dropped) or else GB18030/GBK (see
    :func:`sitrep.io.tables.decode_table_text`).
    """
    return _parse_csv_text(_read_text(path, max_mb), path, header=header, names=names)


def _read_text(path: Path, max_mb: float | None, what: str = "a CSV file") -> str:
    _check_size(path, path.stat().st_size, "is", limit=_limit(max_mb))
    return decode_table_text(path.read_bytes(), path, what=what)[0]


def _parse_csv_text(text: str, path: Path, *, header: bool = True, names: Sequence[str] | None = None) -> pd.DataFrame:
    first = text.split("\n", 1)[0]
    tab = path.suffix.lower() == ".tsv" or (path.suffix.lower() == ".txt" and "\t" in first and "," not in first)
    columns = first.count("\t" if tab else ",") + 1
    if columns > MAX_TABLE_COLUMNS:  # pandas renames repeated names in time growing with their square
        raise InputError(path, f"has {columns:,} {'tab' if tab else 'comma'}-separated columns in its first line; sitrep "
                               f"reads tables of at most {MAX_TABLE_COLUMNS:,} columns (is this a table, and is its delimiter right?)")
    try:
        df = pd.read_csv(
            io.StringIO(text),
            sep="\t" if tab else ",",
            dtype=str,
            keep_default_na=False,
            header=0 if header else None,
            names=names,
            skipinitialspace=True,
        )
    except pd.errors.EmptyDataError:
        raise InputError(path, "is empty; expected a header line and rows") from None
    except pd.errors.ParserError as exc:
        raise InputError(path, f"is not well-formed CSV: {_first_line(exc)}") from None
    df.columns = [str(c).strip() for c in df.columns]
    return df


def find_column(columns: Sequence[str], candidates: Sequence[str]) -> str | None:
    """The first column whose lower-cased name is among ``candidates`` (in their order); a column named
    exactly as a candidate before one that differs in case ('population' before 'Population')."""
    exact = {str(c) for c in columns}
    lower = {str(c).lower(): c for c in reversed(list(columns))}
    for name in candidates:
        if name in exact:
            return name
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
    In WGS84, degrees with a hemisphere are read too (``87.45°E``,
    ``28.5N``, ``东经87.45``; see :func:`sitrep.io.tables.parse_coordinates`).
    """
    id_col = find_column(df.columns, ("id",))
    coords = {}
    geographic = crs is None or _is_wgs84(crs)
    for col, axis in ((lon_col, "lon"), (lat_col, "lat")):
        if geographic:
            values, i, reason = parse_coordinates(df[col], axis)
        else:  # projected metres or feet: no hemispheres
            values = pd.to_numeric(df[col].map(_strip), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            bad = np.flatnonzero(~np.isfinite(values))
            i, reason = (int(bad[0]), "empty" if _strip(df[col].iloc[int(bad[0])]) == "" else "not a number") if len(bad) else (None, None)
        if i is not None:
            raw = df[col].iloc[i]
            what = "is empty; expected a number" if reason == "empty" else f"is {raw!r}; expected a number"
            if reason not in ("empty", "not a number"):
                what = f"is {raw!r}, which {reason}; expected a number (or degrees with N/S, E/W)"
            raise InputError(
                path,
                f"coordinate {what}",
                row=feature_label(i, None if id_col is None else df[id_col].iloc[i], csv=csv, header_lines=header_lines),
                field=col,
            )
        coords[col] = values
    if geographic:
        _check_lonlat_columns(coords[lon_col], coords[lat_col], lon_col, lat_col, df, id_col, path, csv, header_lines)
    geometry = gpd.points_from_xy(coords[lon_col], coords[lat_col])
    return gpd.GeoDataFrame(df.drop(columns=[lon_col, lat_col]), geometry=geometry, crs=crs or "EPSG:4326")


def check_swapped(gdf: gpd.GeoDataFrame, expect_within: Bounds, path: Path | str) -> bool:
    """Warn (and return True) when coordinates fit ``expect_within`` only if swapped."""
    xy = shapely.get_coordinates(gdf.geometry.to_numpy())
    if len(xy) == 0:
        return False
    as_is, swapped = _share_within(xy, expect_within), _share_within(xy[:, ::-1], expect_within)
    if as_is < 0.5 and swapped >= 0.5:
        warnings.warn(
            f"{path}: {swapped:.0%} of the coordinates fall in the expected area only with longitude "
            "and latitude swapped; check the column order (x = longitude, y = latitude)",
            SuspectedSwapWarning,
            stacklevel=2,
        )
        return True
    return False


def warn_outside_region(gdf: gpd.GeoDataFrame, region: Bounds, path: Path | str) -> bool:
    """Warn (and return True) when most coordinates lie outside ``region`` (degrees): a file
    of another place given to an incident (``sitrep incident add``, ``sitrep check``)."""
    xy = shapely.get_coordinates(gdf.geometry.to_numpy())
    if len(xy) == 0:
        return False
    inside = _share_within(xy, region)
    if inside >= 0.5:
        return False
    x0, y0, x1, y1 = region
    warnings.warn(
        f"{path}: {1 - inside:.0%} of the coordinates fall outside the incident's region "
        f"(longitude {x0:g} to {x1:g}, latitude {y0:g} to {y1:g}); check that the file is for this incident",
        stacklevel=2,
    )
    return True


def _share_within(xy: np.ndarray, box: Bounds) -> float:
    """The share of the points ``xy`` (longitude, latitude columns) inside ``box``."""
    x0, y0, x1, y1 = box
    return float(((xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)).mean())


# --- private steps -------------------------------------------------------------------------


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a folder; expected a file")
    if path.stat().st_size == 0:
        raise InputError(path, "is empty (0 bytes)")
    if path.suffix.lower() == ".xls":
        raise InputError(path, "is an Excel 97-2003 (.xls) workbook, which sitrep does not read; save it as .xlsx (or CSV)")
    if path.suffix.lower() not in VECTOR_SUFFIXES:
        raise InputError(path, f"has an unknown extension '{path.suffix}'; expected one of {' '.join(VECTOR_SUFFIXES)}")


def _limit(max_mb: float | None) -> float:
    """The unpacked-size limit in MB: ``max_mb`` if given, else the setting (read at call time)."""
    if max_mb is None:
        return settings.MAX_UNCOMPRESSED_MB
    if not max_mb > 0:
        raise ValueError(f"max_mb must be a positive number of MB; got {max_mb!r}")
    return float(max_mb)


def _read_plain(path: Path, *, crs: CRS | None, layer: str | None, max_mb: float,
                display_name: str | None = None) -> gpd.GeoDataFrame:  # fmt: skip
    """Any accepted format but ``.zip``, with the CRS set (not yet checked or reprojected).

    ``display_name``: what the file is called for the user (a zip member's name).
    """
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _read_text_table(path, crs=crs, max_mb=max_mb, display_name=display_name)
    if suffix in PARQUET_SUFFIXES:
        return _read_parquet(path, crs=crs, max_mb=max_mb)
    if suffix in SHEET_SUFFIXES:
        _check_workbook(path, max_mb)
        return _read_sheet(path, crs=crs, sheet=layer)
    if suffix in KML_SUFFIXES:
        return _read_kml(path, folder=layer, max_mb=max_mb)
    if suffix in JSON_SUFFIXES:
        # GDAL's message for a cut-off GeoJSON is vague; json names the line and column.
        load_json(path, max_mb=max_mb)
    # Only a GeoPackage can hold several layers here; listing a GeoJSON's would parse it once more.
    gdf = _read_ogr(path, layer=_chosen_layer(path, layer) if suffix == ".gpkg" or layer is not None else None)
    if gdf.crs is not None and not _is_horizontal(gdf.crs):
        raise InputError(path, f"declares the CRS {gdf.crs.name!r}, which is not geographic or projected; expected e.g. EPSG:4326", field="crs")
    return _set_crs(gdf, path, crs)


def _read_text_table(path: Path, *, crs: CRS | None, max_mb: float, display_name: str | None) -> gpd.GeoDataFrame:
    """CSV/TSV (or a GeoNames dump, recognised by its columns): UTF-8 or GB18030, an HXL row skipped."""
    text = _read_text(path, max_mb)
    layout = geonames_layout(text[:1_000_000]) if path.suffix.lower() in (".txt", ".tsv") else None
    if layout is not None:
        return read_geonames(text, layout, path, display_name=display_name)
    return _table_frame(_parse_csv_text(text, path), path, crs=crs)


def _table_frame(df: pd.DataFrame, path: Path, *, crs: CRS | None) -> gpd.GeoDataFrame:
    """A table with a header row (CSV, sheet) as points/WKT; an HXL hashtag row under the header is used and skipped."""
    df, tags = split_hxl_row(df)
    header_lines = 1
    if tags is not None:
        header_lines = 2
        known = {n.lower() for n in (*LON_NAMES, *LAT_NAMES, *WKT_NAMES)} | known_field_names()
        renames = hxl_column_names([str(c) for c in df.columns], tags, known)
        if renames:
            log.info("%s: columns named by their HXL hashtags: %s", path, ", ".join(f"{k} -> {v}" for k, v in renames.items()))
            df = df.rename(columns=renames)
    gdf = _frame_from_table(df, path, crs=crs, csv=True, header_lines=header_lines)
    gdf.attrs["sitrep_header_lines"] = header_lines
    return gdf


def _layer_names(path: Path) -> list[str]:
    try:
        return [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise InputError(path, f"could not be read as a vector file: {_first_line(exc)}") from None


def _chosen_layer(path: Path, layer: str | None, *, what: str = "layer") -> str | None:
    """The layer to read: ``layer`` if the file has it, the only one, else an error listing them."""
    names = _layer_names(path)
    if layer is not None:
        if layer not in names:
            raise InputError(path, f"has no {what} {layer!r}; its {what}s are {_listing(names)}", field=what)
        return layer
    if len(names) > 1:
        raise InputError(path, f"holds {len(names)} {what}s ({_listing(names)}); name one as {path.name}:{what.upper()}", field=what)
    return names[0] if names else None


def _listing(names: list[str], most: int = 12) -> str:
    shown = ", ".join(repr(n) for n in names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _open_zip(path: Path, what: str) -> zipfile.ZipFile:
    """``path`` opened as a zip archive, or one line saying it is not ``what``."""
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise InputError(path, f"is not {what}: {_first_line(exc)}") from None


def _check_workbook(path: Path, max_mb: float) -> None:
    """A workbook (.xlsx, .ods) is a zip: the same limits as any archive before GDAL unpacks it
    (a 1 MB sheet1.xml bomb declaring 800 MB is refused at once)."""
    archive = _open_zip(path, "a readable workbook (a zip archive)")
    with archive:
        _check_archive(archive, path, max_mb=max_mb)


def _read_sheet(path: Path, *, crs: CRS | None, sheet: str | None) -> gpd.GeoDataFrame:
    """One sheet of an ``.xlsx`` workbook (default the first), every cell as text, like a CSV."""
    names = _layer_names(path)
    if not names:
        raise InputError(path, "holds no sheets; expected a workbook with a header row and rows")
    chosen = sheet if sheet is not None else names[0]
    if chosen not in names:
        raise InputError(path, f"has no sheet {chosen!r}; its sheets are {_listing(names)}", field="sheet")
    # The first row is the header even when every row is text (a sheet with an HXL row is), and
    # cells stay text as in a CSV ("0012" keeps its zeros). These options touch only this driver.
    driver = "XLSX" if path.suffix.lower() == ".xlsx" else "ODS"
    options = {f"OGR_{driver}_HEADERS": "FORCE", f"OGR_{driver}_FIELD_TYPES": "STRING"}
    before = {k: pyogrio.get_gdal_config_option(k) for k in options}
    pyogrio.set_gdal_config_options(options)
    try:
        df = pyogrio.read_dataframe(path, layer=chosen, read_geometry=False)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError) as exc:
        raise InputError(path, f"could not be read as a workbook: {_first_line(exc)}", row=f"sheet {chosen!r}") from None
    finally:
        pyogrio.set_gdal_config_options(before)
    df = pd.DataFrame(df).drop(columns=[c for c in ("geometry",) if c in df.columns])
    df = df.astype(object).where(df.notna(), "")
    if len(df) == 0:
        raise InputError(path, "contains no rows under the header; expected at least one", row=f"sheet {chosen!r}")
    if sheet is None and len(names) > 1:
        log.info("%s: read the first sheet %r of %s (FILE.xlsx:SHEET names another)", path, chosen, _listing(names))
    return _table_frame(df, path, crs=crs)


#: Columns the LIBKML driver adds for KML's drawing instructions (never data), and for its
#: time elements (kept when a placemark has one).
_KML_STYLING = ("altitudeMode", "tessellate", "extrude", "visibility", "drawOrder", "icon", "snippet")
_KML_TIMES = ("timestamp", "begin", "end")


def _read_kml(path: Path, *, folder: str | None, max_mb: float) -> gpd.GeoDataFrame:
    """Placemarks of a KML (or KMZ) file: every folder with a ``folder`` column, or the one named.

    A KMZ is a zip whose first ``.kml`` member is the document; it is
    unpacked with the same limits as any zip. Coordinates become 2-D
    (KML's altitudes are not distances on the ground).
    """
    if path.suffix.lower() == ".kmz":
        return _read_kmz(path, folder=folder, max_mb=max_mb)
    _check_size(path, path.stat().st_size, "is", limit=max_mb)
    names = _layer_names(path)
    if folder is not None and folder not in names:
        raise InputError(path, f"has no folder {folder!r}; its folders are {_listing(names)}", field="folder")
    parts = []
    for name in [folder] if folder is not None else names:
        part = _read_ogr(path, layer=name)
        if len(part) == 0:
            continue
        part = part.drop(columns=[c for c in part.columns if c in _KML_STYLING or (c in _KML_TIMES and part[c].isna().all())])
        if "id" in part.columns and part["id"].map(_strip).eq("").all():
            part = part.drop(columns="id")  # placemarks without id attributes: ids are generated
        if folder is None and len(names) > 1:
            part.insert(0, "folder", name)
        parts.append(part)
    if not parts:
        raise InputError(path, "contains no placemarks; expected at least one")
    gdf = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=parts[0].crs)
    gdf = gdf.set_geometry(shapely.force_2d(gdf.geometry.to_numpy()), crs=gdf.crs)
    return gdf if gdf.crs is not None else gdf.set_crs("EPSG:4326")  # KML is WGS84 by definition


def _read_kmz(path: Path, *, folder: str | None, max_mb: float) -> gpd.GeoDataFrame:
    archive = _open_zip(path, "a readable KMZ (zip) archive")
    with archive, tempfile.TemporaryDirectory(prefix="sitrep-kmz-") as tmp:
        members = [i for i in _check_archive(archive, path, max_mb=max_mb) if i.filename.lower().endswith(".kml")]
        if not members:
            raise InputError(path, "holds no .kml document; expected a KMZ with doc.kml inside")
        info = next((i for i in members if i.filename.lower() == "doc.kml"), members[0])
        inner = Path(tmp) / "doc.kml"
        _extract_capped(archive, info, inner, path, [max_mb * 1e6], max_mb=max_mb)
        try:
            return _read_kml(inner, folder=folder, max_mb=max_mb)
        except InputError as exc:
            if exc.path != str(inner):
                raise
            raise InputError(path, exc.message.replace(str(inner), repr(info.filename)), row=f"member {info.filename!r}", field=exc.field) from None


def _check_size(path: Path, n_bytes: float, verb: str, member: str | None = None, *, limit: float) -> None:
    if n_bytes > limit * 1e6:
        # a smaller limit than the setting is the caller's (the app's, for uploads): the setting would not raise it
        hint = "split it, or raise SITREP_MAX_UNCOMPRESSED_MB" if limit >= settings.MAX_UNCOMPRESSED_MB else "split it into smaller files"
        raise InputError(
            path,
            f"{verb} {n_bytes / 1e6:,.0f} MB, more than sitrep reads from one file ({limit:,.0f} MB); {hint}",
            row=None if member is None else f"member {member!r}",
        )


def _read_zip(path: Path, *, crs: CRS | None, layer: str | None, max_mb: float) -> gpd.GeoDataFrame:
    """A Shapefile (or one other vector file) inside a ``.zip``, unpacked with limits.

    The archive's declared sizes are checked before anything is decompressed
    (total, member count, compression ratio), and extraction counts the bytes
    it actually writes, so a member that lies about its size stops at the
    limit too. Members go to a private temporary folder under fixed names
    (``layer.shp``...): a member's name never becomes a path.
    """
    archive = _open_zip(path, "a readable zip archive")
    with archive, tempfile.TemporaryDirectory(prefix="sitrep-zip-") as tmp:
        members = _check_archive(archive, path, max_mb=max_mb)
        chosen, main_suffix = _pick_dataset(members, path, layer)
        budget = [max_mb * 1e6]
        for info in chosen:
            suffix = Path(info.filename).suffix.lower()
            _extract_capped(archive, info, Path(tmp) / f"layer{suffix}", path, budget, max_mb=max_mb)
        inner = Path(tmp) / f"layer{main_suffix}"
        try:
            name = next(i.filename for i in chosen if i.filename.lower().endswith(main_suffix))
            return _read_plain(inner, crs=crs, layer=None, max_mb=max_mb, display_name=f"{Path(name).name} in {path.name}")
        except InputError as exc:
            if exc.path != str(inner):
                raise
            name = next(i.filename for i in chosen if i.filename.lower().endswith(main_suffix))
            message = exc.message.replace(str(inner), repr(name))  # GDAL names the file it read
            raise InputError(path, message, row=f"member {name!r}" + (f", {exc.row}" if exc.row else ""), field=exc.field) from None


def _check_archive(archive: zipfile.ZipFile, path: Path, *, max_mb: float) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > settings.MAX_ARCHIVE_MEMBERS:
        raise InputError(path, f"holds {len(infos):,} entries; expected a few (at most {settings.MAX_ARCHIVE_MEMBERS:,})")
    _check_size(path, sum(i.file_size for i in infos), "unpacks to", limit=max_mb)
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > settings.RATIO_CHECK_MIN_MB * 1e6 and ratio > settings.MAX_COMPRESSION_RATIO:
            raise InputError(
                path,
                f"declares {info.file_size / 1e6:,.0f} MB packed into {info.compress_size / 1e6:,.2f} MB "
                f"(ratio {ratio:,.0f}:1, limit {settings.MAX_COMPRESSION_RATIO:g}:1); refused as a possible zip bomb "
                "(SITREP_MAX_COMPRESSION_RATIO raises the limit)",
                row=f"member {info.filename!r}",
            )
    return [i for i in infos if not i.is_dir() and not _is_clutter(i.filename)]


def _is_clutter(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return parts[0] == "__MACOSX" or parts[-1].startswith(".")


def _pick_dataset(members: list[zipfile.ZipInfo], path: Path, layer: str | None) -> tuple[list[zipfile.ZipInfo], str]:
    """The members making up the one dataset to read, and its main file's suffix."""
    def stem(info: zipfile.ZipInfo) -> str:
        name = info.filename
        return name[: len(name) - len(Path(name).suffix)]

    shps = [i for i in members if i.filename.lower().endswith(".shp")]
    if shps:
        if layer is not None:
            shps = [i for i in shps if Path(stem(i)).name == layer] or shps
        if len(shps) > 1:
            names = ", ".join(repr(i.filename) for i in shps[:5])
            raise InputError(path, f"holds {len(shps)} shapefiles ({names}); expected one per zip")
        parts = [i for i in members if stem(i) == stem(shps[0]) and Path(i.filename).suffix.lower() in SHAPEFILE_PARTS]
        suffixes = [Path(i.filename).suffix.lower() for i in parts]
        if len(set(suffixes)) != len(suffixes):
            raise InputError(path, f"holds the parts of {shps[0].filename!r} more than once (names differing in case)")
        return parts, ".shp"
    readable = tuple(s for s in VECTOR_SUFFIXES if s not in (".zip", ".shp"))
    vectors = [i for i in members if Path(i.filename).suffix.lower() in readable]
    if len(vectors) > 1:  # a readme.txt beside the data (GeoNames ships one) is not a second table
        vectors = [i for i in vectors if not Path(i.filename).name.lower().startswith("readme")] or vectors
    if len(vectors) > 1:
        vectors = [i for i in vectors if not i.filename.lower().endswith(".txt")] or vectors
    if len(vectors) != 1:
        found = ", ".join(repr(i.filename) for i in members[:5]) or "nothing"
        what = "no shapefile or other vector file" if not vectors else f"{len(vectors)} vector files"
        raise InputError(path, f"holds {what} (found {found}); expected one shapefile (.shp with .shx, .dbf, .prj) or one vector file")
    return vectors, Path(vectors[0].filename).suffix.lower()


def _extract_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path, path: Path, budget: list[float], *,
                    max_mb: float) -> None:  # fmt: skip
    # Declared sizes can lie: count what is actually written and stop at the smaller
    # of the declared size and what is left of the budget.
    cap = min(info.file_size, budget[0])
    written = 0
    try:
        with archive.open(info) as src, open(dest, "wb") as out:
            while chunk := src.read(1 << 20):
                written += len(chunk)
                if written > cap:
                    raise InputError(
                        path,
                        f"unpacks to more than its declared {info.file_size:,} bytes or the {max_mb:,.0f} MB limit; refused",
                        row=f"member {info.filename!r}",
                    )
                out.write(chunk)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, ValueError, OSError, zlib.error, lzma.LZMAError) as exc:
        # a corrupt, encrypted or oddly compressed member
        raise InputError(path, f"could not be unpacked: {_first_line(exc)}", row=f"member {info.filename!r}") from None
    budget[0] -= written


def _read_ogr(path: Path, *, layer: str | None) -> gpd.GeoDataFrame:
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Non closed ring detected")  # GDAL's; _read_closing_rings says it plainly
            return gpd.read_file(path, layer=layer, engine="pyogrio")
    except shapely.errors.GEOSException:
        return _read_closing_rings(path, layer=layer)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError) as exc:
        raise InputError(path, f"could not be read as a vector file: {_first_line(exc)}") from None
    except pyogrio.errors.GeometryError as exc:
        raise InputError(path, f"has an unreadable geometry: {_first_line(exc)}", field="geometry") from None


# --- polygon rings left open (USGS DYFI geocoded boxes) [usgs helper, issue 10] ----------------


def _read_closing_rings(path: Path, *, layer: str | None) -> gpd.GeoDataFrame:
    """Read a file whose polygon rings do not end at their first position, closing them with a warning.

    USGS "Did You Feel It?" boxes are written so; GEOS refuses such rings. Each
    is closed by appending its first position (what the writer meant), and a
    warning counts the features closed. A ring that closing cannot mend (fewer
    than 3 distinct positions) is an error naming its feature.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Non closed ring detected")
        _, _, wkb, _ = pyogrio.raw.read(path, layer=layer, columns=[])
        gdf = gpd.read_file(path, layer=layer, engine="pyogrio", on_invalid="fix")
    wkb = np.asarray(wkb, dtype=object)
    present = np.array([w is not None for w in wkb], dtype=bool)
    strict = shapely.from_wkb(np.where(present, wkb, None), on_invalid="ignore")
    repaired = present & shapely.is_missing(strict)
    fixed = gdf.geometry.to_numpy()
    broken = repaired & shapely.is_missing(fixed)
    parts, part_of = shapely.get_parts(fixed, return_index=True)
    rings, ring_of = shapely.get_rings(parts, return_index=True)
    broken[part_of[ring_of[shapely.get_num_coordinates(rings) < 4]]] = True  # closing 2 positions makes 3: still no ring
    broken &= repaired
    if broken.any():
        i = int(np.flatnonzero(broken)[0])
        if _wkb_type(wkb[i]) in (2, 5):  # GEOS refuses a one-position line too: no ring to close there
            raise InputError(path, "is a line of a single position; expected a line through at least two distinct positions",
                             row=_label(gdf, i), field="geometry")  # fmt: skip
        raise InputError(path, "has a polygon ring of fewer than 4 positions that closing cannot mend; expected a closed ring "
                         "(first position repeated last)", row=_label(gdf, i), field="geometry")  # fmt: skip
    if repaired.any():
        first = _label(gdf, int(np.flatnonzero(repaired)[0]))
        warnings.warn(f"{path}: closed the open polygon rings of {int(repaired.sum()):,} feature(s) by appending each ring's "
                      f"first position (first: {first})", UserWarning, stacklevel=3)  # fmt: skip
    return gdf


def _wkb_type(wkb: bytes) -> int:
    """The geometry type a WKB value declares (ISO Z/M and EWKB flags dropped): 1 point, 2 line, 3 polygon, 4-6 multi, 7 collection."""
    code = int.from_bytes(wkb[1:5], "little" if wkb[0] == 1 else "big")
    return (code & 0xFFFF) % 1000


def _read_parquet(path: Path, *, crs: str | int | None, max_mb: float) -> gpd.GeoDataFrame:
    import pyarrow.parquet as pq
    from pyarrow import ArrowException

    try:
        pf = pq.ParquetFile(path)
        meta = pf.schema_arrow.metadata or {}
        md = pf.metadata
        declared = sum(md.row_group(i).total_byte_size for i in range(md.num_row_groups))
    except (ArrowException, OSError) as exc:
        raise InputError(path, f"is not a readable Parquet file: {_first_line(exc)}") from None
    _check_size(path, declared, "unpacks to", limit=max_mb)
    try:
        if b"geo" in meta:
            gdf = gpd.read_parquet(path)
            return _set_crs(gdf, path, crs)
        return _frame_from_table(pd.read_parquet(path), path, crs=crs, csv=True)
    except (ArrowException, OSError, ValueError) as exc:
        raise InputError(path, f"could not be read as GeoParquet: {_first_line(exc)}") from None


def _frame_from_table(df: pd.DataFrame, path: Path, *, crs: str | int | None, csv: bool, header_lines: int = 1) -> gpd.GeoDataFrame:
    lon_col = find_column(df.columns, LON_NAMES)
    lat_col = find_column(df.columns, LAT_NAMES)
    if lon_col and lat_col:
        if not all(df[c].dtype == object for c in (lon_col, lat_col)):
            df = df.astype({lon_col: str, lat_col: str})
        return frame_from_lonlat(df, lon_col, lat_col, path, crs=crs, csv=csv, header_lines=header_lines)
    wkt_col = find_column(df.columns, WKT_NAMES)
    if wkt_col and not (lon_col or lat_col):
        return _frame_from_wkt(df, wkt_col, path, crs=crs, csv=csv, header_lines=header_lines)
    missing = " and ".join(
        f"a {kind} column ({' / '.join(names)})" for kind, names, col in (("longitude", LON_NAMES, lon_col), ("latitude", LAT_NAMES, lat_col)) if col is None
    )
    raise InputError(path, f"has no coordinates: expected {missing}, or a WKT column; found {', '.join(map(str, df.columns)) or 'no columns'}")


def _frame_from_wkt(df: pd.DataFrame, col: str, path: Path, *, crs, csv: bool, header_lines: int = 1) -> gpd.GeoDataFrame:
    texts = df[col].map(_strip)
    geoms = shapely.from_wkt(texts.replace("", None).to_numpy(), on_invalid="ignore")
    bad = shapely.is_missing(geoms)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(path, f"is not a WKT geometry: {texts.iloc[i]!r}", row=feature_label(i, csv=csv, header_lines=header_lines), field=col)
    return gpd.GeoDataFrame(df.drop(columns=[col]), geometry=geoms, crs=crs or "EPSG:4326")


def _set_crs(gdf: gpd.GeoDataFrame, path: Path, crs: str | int | None) -> gpd.GeoDataFrame:
    if gdf.crs is not None:
        return gdf
    if crs is None:
        raise InputError(path, "declares no coordinate reference system; give one (e.g. --crs EPSG:4326)")
    return gdf.set_crs(parse_crs(crs))


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
    msg += projected_hint(lon, lat) if np.isfinite(xy[k]).all() else ""
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
            msg += projected_hint(lon[i], lat[i])
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
