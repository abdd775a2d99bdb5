"""The documented schema of each layer kind, and the check that enforces it.

Every layer sitrep loads comes out as a GeoDataFrame in EPSG:4326 whose
columns follow its kind's schema below. The common fields are:

``id`` (str, unique)
    Stable identifier; generated as ``<file stem>-<n>`` only when a file has
    no ``id`` column at all.
``name`` (str), ``name_zh`` (str, ``""`` where not known)
    Romanised and Chinese names.
``provenance`` (str)
    One of ``reported`` / ``approximate`` / ``synthetic`` (see
    :data:`sitrep.settings.PROVENANCE_VALUES`).
``source`` (str)
    Who published the feature or the figure it stands for.
``note`` (str)
    Free text, e.g. why a position is illustrative.

Kind-specific fields are listed in :data:`KINDS`. Field names in files are
matched case-insensitively, and under the other names in
:data:`FIELD_ALIASES` (Chinese spreadsheet headers such as 人口 or 名称)
when the file has no column of the field's own name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from .errors import InputError
from .settings import PROVENANCE_VALUES
from .timeutil import parse_time

if TYPE_CHECKING:  # annotations only: reading the kinds (sitrep check --help) needs no GeoPandas
    import geopandas as gpd

__all__ = ["FieldSpec", "KindSchema", "KINDS", "COMMON_FIELDS", "FIELD_ALIASES", "conform", "feature_label", "known_field_names"]

DType = Literal["str", "int", "float", "bool", "time"]


@dataclass(frozen=True)
class FieldSpec:
    """One column of a layer kind: name, type, whether it must be present, lower and upper bounds."""

    name: str
    dtype: DType
    required: bool = False
    minimum: float | None = None
    doc: str = ""
    maximum: float | None = None


@dataclass(frozen=True)
class KindSchema:
    """A layer kind: which geometries it holds and which fields it carries."""

    kind: str
    geometry_types: tuple[str, ...]
    fields: tuple[FieldSpec, ...] = field(default_factory=tuple)
    doc: str = ""


COMMON_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", "str", doc="unique identifier"),
    FieldSpec("name", "str", doc="romanised name"),
    FieldSpec("name_zh", "str", doc="Chinese name, '' where not known"),
    FieldSpec("provenance", "str", doc="reported / approximate / synthetic"),
    FieldSpec("source", "str", doc="publisher of the feature or its figures"),
    FieldSpec("note", "str", doc="free text"),
)

_POINT = ("Point",)
_LINEAL = ("LineString", "MultiLineString", "Polygon", "MultiPolygon")
_AREAL = ("Polygon", "MultiPolygon")
_ANY = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")

KINDS: dict[str, KindSchema] = {
    k.kind: k
    for k in (
        KindSchema(
            "epicentres",
            _POINT,
            (
                FieldSpec("agency", "str", required=True, doc="CENC, USGS, NCS ..."),
                FieldSpec("origin_time", "time", required=True, doc="origin time, UTC"),
                FieldSpec("depth_km", "float", required=True, minimum=-5, maximum=800,
                          doc="hypocentre depth, km below the datum (down to -5: shallow events above it, as USGS gives them)"),
                FieldSpec("magnitude", "float", required=True, doc="magnitude value"),
                FieldSpec("magnitude_type", "str", doc="Ms, Mww, ..."),
                FieldSpec("event_id", "str", doc="agency's event id"),
                FieldSpec("url", "str", doc="where the solution was published"),
            ),
            "Epicentre solutions, one point per agency.",
        ),
        KindSchema(
            "townships",
            _POINT,
            (FieldSpec("level", "str", doc="town / township"),),
            "Township (乡镇) seats.",
        ),
        KindSchema(
            "villages",
            _POINT,
            (
                FieldSpec("population", "int", required=True, minimum=0, doc="residents"),
                FieldSpec("township", "str", doc="township the village belongs to"),
            ),
            "Villages (村) with their populations.",
        ),
        KindSchema(
            "reservoirs",
            _POINT,
            (FieldSpec("scale", "str", doc="small / medium / large"),),
            "Reservoirs (水库).",
        ),
        KindSchema(
            "hydropower",
            _POINT,
            (FieldSpec("scale", "str", doc="small / medium / large"),),
            "Hydropower stations (水电站).",
        ),
        KindSchema(
            "base_stations",
            _POINT,
            (
                FieldSpec("operator", "str", required=True, doc="China Mobile / China Telecom / China Unicom ..."),
                FieldSpec("technology", "str", doc="GSM / UMTS / CDMA / LTE / NR"),
                FieldSpec("township", "str", doc="township served"),
                FieldSpec("mcc", "int", minimum=0, doc="mobile country code"),
                FieldSpec("mnc", "int", minimum=0, doc="mobile network code"),
                FieldSpec("range_m", "float", minimum=0, doc="estimated cell range, m"),
                FieldSpec("knocked_out", "bool", doc="reported among the stations out of service"),
            ),
            "Mobile network base stations (基站).",
        ),
        KindSchema(
            "rupture",
            _LINEAL,
            (FieldSpec("length_km", "float", minimum=0, doc="reported length, km"),),
            "Surface rupture trace (line) or its surface projection (polygon).",
        ),
        KindSchema("county", _AREAL, (), "Administrative outline."),
        KindSchema("context", _ANY, (FieldSpec("class", "str", doc="border / river / lake ..."),), "Base-map context: borders, rivers, lakes."),
        KindSchema("features", _ANY, (), "Any other layer: only the common fields are checked."),
    )
}


#: Other column names read as a field (matched in any case, first present wins) when the
#: file has no column of the field's own name. Chinese headers are those of spreadsheets
#: kept by county and township offices; 名称 ("name") holds the Chinese name, which also
#: fills ``name`` when the file has no romanised one.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("编号", "代码", "fid"),
    "name_zh": ("名称", "名字", "地名", "中文名", "村名", "name_zh_cn", "name:zh"),
    "population": ("人口", "人口数", "总人口", "常住人口", "户籍人口", "pop", "pop_total"),
    "township": ("乡镇", "所属乡镇"),
    "source": ("来源", "数据来源"),
    "note": ("备注", "说明"),
    "operator": ("运营商",),
}


def known_field_names() -> set[str]:
    """Every column name (lower case) :func:`conform` maps to a field of some kind, aliases included."""
    names = {f.name for f in COMMON_FIELDS} | {f.name for k in KINDS.values() for f in k.fields}
    return {n.lower() for n in names} | {a.lower() for aliases in FIELD_ALIASES.values() for a in aliases}


def feature_label(position: int, ident: object | None = None, *, csv: bool = False, header_lines: int = 1) -> str:
    """Human-readable location of the ``position``-th (0-based) feature or CSV row.

    >>> feature_label(4, csv=True)
    'row 5 (line 6)'
    >>> feature_label(2, "v-12")
    "feature 3 (id 'v-12')"
    """
    if csv:
        return f"row {position + 1} (line {position + 1 + header_lines})"
    tail = f" (id '{ident}')" if ident is not None and not _isna(ident) else ""
    return f"feature {position + 1}{tail}"


def conform(
    gdf: gpd.GeoDataFrame,
    kind: str,
    *,
    path: str,
    default_source: str,
    default_provenance: str = "reported",
    csv: bool = False,
    header_lines: int = 1,
) -> gpd.GeoDataFrame:
    """Check ``gdf`` against ``kind``'s schema and return it with typed, complete columns.

    ``gdf`` must already be in EPSG:4326 with valid coordinates (see
    :func:`sitrep.io.reader.read_features`). Column names are matched
    case-insensitively; missing common fields are filled (``id`` generated,
    ``provenance`` / ``source`` from the defaults, texts empty). Raises
    :class:`InputError` naming the file, feature and field of the first
    problem: unknown kind, wrong geometry type, missing required field or
    value, value of the wrong type or below its minimum, bad provenance,
    duplicate id.
    """
    if kind not in KINDS:
        raise InputError(path, f"unknown layer kind '{kind}'; expected one of {', '.join(KINDS)}")
    schema = KINDS[kind]
    gdf = _rename_case_insensitive(gdf, [f.name for f in COMMON_FIELDS + schema.fields])
    ids = gdf["id"] if "id" in gdf.columns else None

    def where(i: int) -> str:
        return feature_label(i, None if ids is None else ids.iloc[i], csv=csv, header_lines=header_lines)

    _check_geometry_types(gdf, schema, path, where)
    if kind == "rupture":
        _check_trace_positions(gdf, path, where)
    gdf = _fill_common(gdf, path=path, default_source=default_source, default_provenance=default_provenance, where=where)
    for spec in schema.fields:
        gdf = _check_field(gdf, spec, path, where)
    if kind == "epicentres":
        gdf = _check_solution_labels(gdf, path, where)
    return gdf


#: The longest agency, magnitude type or event id a solution may carry (they head reports and legends).
SOLUTION_LABEL_MAX = 64


def _check_solution_labels(gdf: gpd.GeoDataFrame, path: str, where) -> gpd.GeoDataFrame:
    """A solution's agency, magnitude type and event id are short visible text: they head the map's
    legend, the radio of solutions and the reports' header table, where a bidi override would
    reverse the line after it and 2,000 characters push the figures off the page. A missing
    ``magnitude_type`` is "" (the schema lets a file leave it out)."""
    from .text import invisible_character

    if "magnitude_type" not in gdf.columns:
        gdf = gdf.assign(magnitude_type="")
    for name in ("agency", "magnitude_type", "event_id"):
        if name not in gdf.columns:
            continue
        for i, v in enumerate(gdf[name]):
            if v is None or (isinstance(v, float) and np.isnan(v)):
                continue
            text = str(v)
            if (ch := invisible_character(text)) is not None:
                raise InputError(path, f"holds an invisible or control character (U+{ord(ch):04X}); expected visible text",
                                 row=where(i), field=name)  # fmt: skip
            if len(text) > SOLUTION_LABEL_MAX:
                raise InputError(path, f"is {len(text):,} characters long; at most {SOLUTION_LABEL_MAX}", row=where(i), field=name)
    return gdf


def _rename_case_insensitive(gdf: gpd.GeoDataFrame, wanted: list[str]) -> gpd.GeoDataFrame:
    lower = {c.lower(): c for c in gdf.columns if isinstance(c, str) and c != gdf.geometry.name}
    mapping = {lower[w]: w for w in wanted if w in lower and lower[w] != w and w not in gdf.columns}
    for w in wanted:  # other names (FIELD_ALIASES) only where the field's own name is absent
        if w in lower or w in mapping.values():
            continue
        alias = next((lower[a.lower()] for a in FIELD_ALIASES.get(w, ()) if a.lower() in lower and lower[a.lower()] not in mapping), None)
        if alias is not None:
            mapping[alias] = w
    gdf = gdf.rename(columns=mapping) if mapping else gdf
    if "name_zh" in mapping.values() and "name" not in lower and "name" in wanted:
        gdf = gdf.assign(name=gdf["name_zh"])  # a Chinese-only file: its names are the names shown
    return gdf


def _check_geometry_types(gdf, schema: KindSchema, path: str, where) -> None:
    types = gdf.geom_type.to_numpy()
    bad = ~np.isin(types, schema.geometry_types)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(
            path,
            f"a {schema.kind} layer holds {' / '.join(schema.geometry_types)} geometries, got {types[i]}",
            row=where(i),
            field="geometry",
        )


def _check_trace_positions(gdf, path: str, where) -> None:
    """Every line of a rupture trace runs between two distinct positions at least: a line of one repeated
    position has no length and no direction to measure a distance from."""
    import shapely

    lines, owner = shapely.get_parts(gdf.geometry.to_numpy(), return_index=True)
    lineal = shapely.get_type_id(lines) == 1
    for line, i in zip(lines[lineal], owner[lineal]):
        xy = shapely.get_coordinates(line)
        if len(np.unique(xy, axis=0)) < 2:
            raise InputError(path, f"the trace is a line of {len(xy)} positions all at one place; expected a line through at least "
                                   "two distinct positions", row=where(int(i)), field="geometry")  # fmt: skip


def _fill_common(gdf, *, path: str, default_source: str, default_provenance: str, where) -> gpd.GeoDataFrame:
    gdf = gdf.copy()
    if "id" not in gdf.columns:
        stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        gdf["id"] = [f"{stem}-{i + 1}" for i in range(len(gdf))]
    ids = gdf["id"]
    missing = ids.map(_isna) | (ids.astype(str).str.strip() == "")
    if missing.any():
        raise InputError(path, "every feature needs an id; this one has none", row=where(int(np.flatnonzero(missing)[0])), field="id")
    gdf["id"] = ids.map(_as_text)
    dup = gdf["id"].duplicated(keep="first")
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        first = int(np.flatnonzero(gdf["id"] == gdf["id"].iloc[i])[0])
        raise InputError(
            path, f"duplicate id '{gdf['id'].iloc[i]}' (first used by {where(first)}); ids must be unique", row=where(i), field="id"
        )
    for name in ("name", "name_zh", "note"):
        gdf[name] = gdf[name].map(lambda v: "" if _isna(v) else _as_text(v)) if name in gdf.columns else ""
    if "provenance" in gdf.columns:
        prov = gdf["provenance"].map(lambda v: default_provenance if _isna(v) or str(v).strip() == "" else str(v).strip().lower())
        bad = ~prov.isin(PROVENANCE_VALUES)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InputError(
                path,
                f"provenance must be one of {' / '.join(PROVENANCE_VALUES)}, got '{gdf['provenance'].iloc[i]}'",
                row=where(i),
                field="provenance",
            )
        gdf["provenance"] = prov
    else:
        gdf["provenance"] = default_provenance
    if "source" in gdf.columns:
        gdf["source"] = gdf["source"].map(lambda v: default_source if _isna(v) or str(v).strip() == "" else _as_text(v))
    else:
        gdf["source"] = default_source
    return gdf


def _check_field(gdf: gpd.GeoDataFrame, spec: FieldSpec, path: str, where) -> gpd.GeoDataFrame:
    if spec.name not in gdf.columns:
        if spec.required:
            raise InputError(path, f"missing required field '{spec.name}' ({spec.doc})", field=spec.name)
        return gdf
    raw = gdf[spec.name]
    empty = raw.isna().to_numpy() | (raw.astype(str).str.strip() == "").to_numpy()
    if spec.required and empty.any():
        i = int(np.flatnonzero(empty)[0])
        raise InputError(path, f"required value is empty ({spec.doc})", row=where(i), field=spec.name)
    if spec.dtype in ("int", "float"):
        column = _numeric_column(raw, empty, spec, path, where)
    else:
        values = []
        for i, v in enumerate(raw):
            try:
                values.append(None if empty[i] else _coerce(v, spec.dtype))
            except (ValueError, TypeError, OverflowError):
                raise InputError(path, f"expected {_DTYPE_WORDS[spec.dtype]}, got {v!r}", row=where(i), field=spec.name) from None
        column = _as_column(values, spec.dtype, gdf.index)
    gdf = gdf.copy()
    gdf[spec.name] = column
    return gdf


def _numeric_column(raw: pd.Series, empty: np.ndarray, spec: FieldSpec, path: str, where) -> pd.Series:
    # Whole-column parse; only the error message looks at a single cell.
    num = pd.to_numeric(raw.where(~empty), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~empty & ~np.isfinite(num)
    if spec.dtype == "int":
        bad |= ~empty & np.isfinite(num) & (num != np.floor(num))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(path, f"expected {_DTYPE_WORDS[spec.dtype]}, got {raw.iloc[i]!r}", row=where(i), field=spec.name)
    if spec.minimum is not None:
        low = ~empty & (num < spec.minimum)
        if low.any():
            i = int(np.flatnonzero(low)[0])
            raise InputError(path, f"must be >= {spec.minimum:g}, got {_shown(raw.iloc[i])}", row=where(i), field=spec.name)
    if spec.maximum is not None:
        high = ~empty & (num > spec.maximum)
        if high.any():
            i = int(np.flatnonzero(high)[0])
            raise InputError(path, f"must be <= {spec.maximum:g}, got {_shown(raw.iloc[i])}", row=where(i), field=spec.name)
    if spec.dtype == "int":
        ints = pd.arrays.IntegerArray(np.where(empty, 0, num).astype(np.int64), mask=empty.copy())
        return pd.Series(ints, index=raw.index)
    return pd.Series(num, index=raw.index, dtype="float64")


_DTYPE_WORDS = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "time": "an ISO 8601 time such as 2025-01-07T09:05+08:00",
}

_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}


def _coerce(v: object, dtype: DType):
    """One text/bool/time value (numbers go through :func:`_numeric_column`)."""
    if dtype == "str":
        return _as_text(v)
    if dtype == "bool":
        if isinstance(v, (bool, np.bool_)):
            return bool(v)
        s = str(v).strip().lower()
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
        raise ValueError(s)
    if dtype == "time":
        return parse_time(v)  # type: ignore[arg-type]
    raise AssertionError(dtype)  # pragma: no cover - closed Literal


def _as_column(values: list, dtype: DType, index: pd.Index) -> pd.Series:
    if dtype == "bool":
        return pd.Series(values, index=index, dtype="boolean")
    if dtype == "time":
        return pd.Series(pd.DatetimeIndex(values, tz="UTC"), index=index)
    return pd.Series(["" if v is None else v for v in values], index=index, dtype=object)


def _shown(v: object) -> str:
    """A cell as a message shows it: numbers plainly (``-0.95``, not ``np.float64(-0.95)``), text quoted."""
    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
        return f"{float(v):g}"
    return repr(v)


def _isna(v: object) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _as_text(v: object) -> str:
    # Integers read as floats by some drivers ("12.0") become "12" again.
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()
