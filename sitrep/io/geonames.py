"""Read GeoNames dumps: headerless tab-separated ``.txt`` files, as places.

GeoNames (https://download.geonames.org/export/dump/readme.txt) publishes two
layouts, both UTF-8, tab-separated, without a header line or quoting:

* the gazetteer (``allCountries.txt``, ``CN.txt``, ``cities500.txt`` ...),
  19 columns: geonameid, name, asciiname, alternatenames, latitude,
  longitude, feature class, feature code, country code, cc2, admin1..4 codes,
  population, elevation, dem, timezone, modification date;
* postal codes (``export/zip/CN.txt``), 12 columns: country code, postal
  code, place name, admin name1, admin code1, admin name2, admin code2,
  admin name3, admin code3, latitude, longitude, accuracy.

A file is recognised by its column count and the shape of its values (not
its name). Places come out with ``id``, ``name``, ``name_zh`` (the first
alternate name written in Chinese characters only, gazetteer only),
``population``, ``provenance = reported`` and ``source = "GeoNames (FILE)"``.

GeoNames writes population 0 for "not recorded" (most villages): such
places get an unknown (missing) population, never 0 people, and a note
saying so; the postal layout has no population column at all. Loading them as a
``villages`` layer, whose population is required, is refused (see
:func:`sitrep.io.loaders.load_layer`).
"""

from __future__ import annotations

import csv
import io
import logging
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from ..errors import InputError

__all__ = ["GAZETTEER_COLUMNS", "POSTAL_COLUMNS", "UNKNOWN_POPULATION_NOTE", "geonames_layout", "read_geonames"]

log = logging.getLogger("sitrep")

GAZETTEER_COLUMNS: tuple[str, ...] = (
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class",
    "feature_code", "country_code", "cc2", "admin1_code", "admin2_code", "admin3_code", "admin4_code",
    "population", "elevation", "dem", "timezone", "modification_date",
)  # fmt: skip
POSTAL_COLUMNS: tuple[str, ...] = (
    "country_code", "postal_code", "place_name", "admin_name1", "admin_code1", "admin_name2",
    "admin_code2", "admin_name3", "admin_code3", "latitude", "longitude", "accuracy",
)  # fmt: skip
UNKNOWN_POPULATION_NOTE = "population not recorded in GeoNames (0 there means unknown)"

_FLOAT = re.compile(r"-?\d+(\.\d+)?")
_HAN_ONLY = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SAMPLE_LINES = 5


def geonames_layout(head: str) -> str | None:
    """``"gazetteer"``, ``"postal"`` or ``None`` for the first lines (text) of a file."""
    parts = head.split("\n")
    if len(parts) > 1:
        parts = parts[:-1]  # the text after the last newline may be a line cut short by the sample
    lines = [ln.rstrip("\r") for ln in parts[:_SAMPLE_LINES] if ln.strip()]
    if not lines:
        return None
    rows = [ln.split("\t") for ln in lines]
    if all(_is_gazetteer(r) for r in rows):
        return "gazetteer"
    if all(_is_postal(r) for r in rows):
        return "postal"
    return None


def _is_gazetteer(r: list[str]) -> bool:
    return (len(r) == 19 and r[0].isdigit() and bool(_FLOAT.fullmatch(r[4])) and bool(_FLOAT.fullmatch(r[5]))
            and len(r[6]) <= 1 and (r[14] == "" or r[14].lstrip("-").isdigit()))  # fmt: skip


def _is_postal(r: list[str]) -> bool:
    return (len(r) == 12 and len(r[0]) == 2 and r[0].isalpha() and r[0].isupper()
            and bool(_FLOAT.fullmatch(r[9])) and bool(_FLOAT.fullmatch(r[10])))  # fmt: skip


def read_geonames(text: str, layout: str, path: str | Path, *, display_name: str | None = None) -> gpd.GeoDataFrame:
    """Places of a GeoNames dump's ``text`` (see the module docstring), EPSG:4326, not yet conformed.

    ``display_name`` names the file in ``source`` (default: ``path``'s name),
    e.g. the member of a zip. Row labels in errors count lines (no header).
    """
    from .reader import frame_from_lonlat  # the reader imports this module

    names = GAZETTEER_COLUMNS if layout == "gazetteer" else POSTAL_COLUMNS
    try:
        df = pd.read_csv(io.StringIO(text), sep="\t", header=None, names=list(names), dtype=str,
                         keep_default_na=False, quoting=csv.QUOTE_NONE, index_col=False)  # fmt: skip
    except pd.errors.ParserError as exc:
        raise InputError(path, f"is not a well-formed GeoNames {layout} dump: {str(exc).splitlines()[0]}") from None
    short = df[names[-1]].isna()  # a line with fewer tabs; an empty last field is ""
    if short.any():
        i = int(np.flatnonzero(short.to_numpy())[0])
        raise InputError(path, f"has fewer than the {len(names)} tab-separated columns of a GeoNames {layout} dump",
                         row=f"row {i + 1} (line {i + 1})")  # fmt: skip
    file_name = display_name or Path(path).name
    out = pd.DataFrame(index=df.index)
    if layout == "gazetteer":
        out["id"] = "geonames-" + df["geonameid"]
        out["name"] = df["name"]
        out["name_zh"] = df["alternatenames"].map(_chinese_name)
        pop = pd.to_numeric(df["population"].where(df["population"] != ""), errors="coerce")
        for col in ("asciiname", "feature_class", "feature_code", "country_code", "admin1_code", "admin2_code", "elevation", "timezone"):
            out[col] = df[col]
    else:
        n = df.groupby(["country_code", "postal_code"]).cumcount() + 1
        out["id"] = df["country_code"] + "-" + df["postal_code"] + "-" + n.astype(str)
        out["name"] = df["place_name"]
        out["name_zh"] = df["place_name"].where(df["place_name"].map(lambda s: bool(_HAN_ONLY.fullmatch(s))), "")
        pop = None  # the postal layout has no population column: none is made up
        for col in ("country_code", "postal_code", "admin_name1", "admin_name2", "admin_name3", "accuracy"):
            out[col] = df[col]
    unknown = pd.Series(False, index=df.index) if pop is None else (pop.isna() | (pop == 0))
    if pop is not None:
        out["population"] = pd.array(pop.where(~unknown).to_numpy(dtype=float, na_value=np.nan), dtype="Float64").astype("Int64")
    out["note"] = np.where(unknown, UNKNOWN_POPULATION_NOTE, "")
    out["provenance"] = "reported"
    out["source"] = f"GeoNames ({file_name})"
    out["lon"], out["lat"] = df["longitude"], df["latitude"]
    gdf = frame_from_lonlat(out, "lon", "lat", Path(path), header_lines=0)
    gdf.attrs["sitrep_format"] = f"geonames-{layout}"
    gdf.attrs["sitrep_header_lines"] = 0
    if unknown.any():
        log.warning(
            "%s: GeoNames gives no population for %s of %s places (0 there means not recorded); "
            "they are counted as places but add nothing to population sums", file_name, f"{int(unknown.sum()):,}", f"{len(gdf):,}",
        )
    log.info("read %d GeoNames places (%s layout) from %s", len(gdf), layout, file_name)
    return gdf


def _chinese_name(alternates: str) -> str:
    for name in alternates.split(","):
        if _HAN_ONLY.fullmatch(name.strip()):
            return name.strip()
    return ""

