"""Read a ShakeMap 4 ``rupture.json`` as a rupture layer (its surface projection).

ShakeMap describes a finite fault as quadrilaterals: a GeoJSON
FeatureCollection whose feature has ``properties["rupture type"]`` and a
``MultiPolygon`` geometry with ``[lon, lat, depth_km]`` positions. Each ring
is one quadrilateral (or a chain of them: the top edge, then the bottom edge
back), and ShakeMap writes them either as one polygon per ring or as several
rings of ONE polygon. Those rings are not holes: read by the GeoJSON rules,
rings 2..n would cut holes in ring 1 and a town right above the fault would
be kilometres away instead of 0. So every ring here is its own polygon, the
depth dropped: the union is the rupture's surface projection, from which the
Joyner-Boore distance is measured. A ring whose projection has no area (a
vertical fault: top and bottom edges coincide) is its surface trace, a line.

A point source is written as a ``Point`` (with the event's metadata): there
is no rupture extent, and reading it says so.

See the ShakeMap 4 manual, "Input Data Formats": "Rupture file".

The ShakeMap products themselves (see the ShakeMap manual, "Output Products"):

- ``grid.xml`` (ShakeMap 3.5 and 4, also zipped as ``grid.xml.zip``):
  :func:`read_shakemap_grid` returns a :class:`~sitrep.intensity.field.MMIField`.
  The header (``<shakemap_grid>``, ``<event>``, ``<grid_specification>``,
  ``<grid_field>``) is read by expat with every DTD, entity declaration and
  external reference refused; the ``<grid_data>`` block (one row per node,
  longitude fastest, north row first in USGS files) is parsed by numpy in one
  call, and each row is placed by its own LON/LAT values, not by its position.
- ``cont_mmi.json``: :func:`read_mmi_contours` returns the MMI isolines.
"""

from __future__ import annotations

import io
import math
import xml.parsers.expat
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from ..errors import InputError
from ..intensity.field import MMIField
from ..schema import conform, feature_label
from ..text import visible_line
from .reader import _limit, check_coordinate_range, load_json

__all__ = [
    "looks_like_shakemap_rupture",
    "shakemap_rupture_frame",
    "read_shakemap_grid",
    "read_mmi_contours",
    "looks_like_shakemap_grid",
    "MAX_GRID_NODES",
]

RUPTURE_TYPE = "rupture type"


def looks_like_shakemap_rupture(doc: object) -> bool:
    """True for a parsed ShakeMap rupture.json: a FeatureCollection whose features carry ``"rupture type"``."""
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return False
    feats = doc.get("features")
    if not isinstance(feats, list) or not feats:
        return False
    return all(isinstance(f, dict) and isinstance(f.get("properties"), dict) and RUPTURE_TYPE in f["properties"] for f in feats)


def shakemap_rupture_frame(doc: dict, path: str | Path) -> gpd.GeoDataFrame:
    """One row per quadrilateral ring (EPSG:4326, depth dropped), conformed as a ``rupture`` layer.

    Raises :class:`InputError` for a point-source rupture (no extent), a
    geometry that is not a (Multi)Polygon, or a ring that is not a list of
    ``[lon, lat, depth]`` numbers.
    """
    meta = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
    reference = meta.get("reference") if isinstance(meta.get("reference"), str) else ""
    source = "ShakeMap rupture" + (f": {' '.join(reference.split())[:160]}" if reference.strip() else "")
    rows, geoms = [], []
    for i, feat in enumerate(doc["features"]):
        where = feature_label(i, None)
        kind = str(feat["properties"].get(RUPTURE_TYPE, ""))
        for k, ring in enumerate(_rings(feat.get("geometry"), path, where)):
            geoms.append(_surface(_lonlat(ring, path, f"{where}, ring {k + 1}"), path, f"{where}, ring {k + 1}"))
            rows.append({"id": f"quad-{len(rows) + 1}", "rupture type": kind, "name": f"quadrilateral {len(rows) + 1}"})
    gdf = gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")
    check_coordinate_range(gdf, Path(path))
    return conform(gdf, "rupture", path=str(path), default_source=source)


def _rings(geometry: object, path, where: str) -> list:
    """Every ring of a (Multi)Polygon's coordinates, outer and inner alike."""
    gtype = geometry.get("type") if isinstance(geometry, dict) else None
    coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if gtype == "Point":
        raise InputError(
            path,
            "is a ShakeMap point-source rupture (a Point): there is no rupture extent to measure from; "
            "measure from the epicentre instead (leave out --rupture)",
            row=where,
            field="geometry",
        )
    if gtype not in ("MultiPolygon", "Polygon") or not isinstance(coords, list):
        raise InputError(path, f"a ShakeMap rupture holds MultiPolygon quadrilaterals, got {gtype or 'no geometry'}", row=where, field="geometry")
    polygons = coords if gtype == "MultiPolygon" else [coords]
    rings = []
    for poly in polygons:
        if not isinstance(poly, list):
            raise InputError(path, "expected a list of rings in each polygon", row=where, field="geometry")
        rings += poly
    if not rings:
        raise InputError(path, "has no quadrilaterals (an empty MultiPolygon)", row=where, field="geometry")
    return rings


def _lonlat(ring: object, path, where: str) -> np.ndarray:
    """``[[lon, lat, depth], ...]`` -> an (n, 2) array of lon, lat (a ring left open is closed)."""
    ok = isinstance(ring, list) and all(
        isinstance(p, list) and len(p) >= 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in p[:2]) for p in ring
    )
    if not ok:
        raise InputError(path, "expected a ring of [lon, lat, depth] number positions", row=where, field="geometry")
    xy = np.array([p[:2] for p in ring], dtype=np.float64).reshape(-1, 2)
    if not np.isfinite(xy).all():
        raise InputError(path, "has a coordinate that is not a finite number", row=where, field="geometry")
    if len(xy) and not np.array_equal(xy[0], xy[-1]):
        xy = np.vstack([xy, xy[:1]])
    if len(np.unique(xy, axis=0)) < 2:
        raise InputError(path, "has a ring of fewer than two distinct positions; expected a quadrilateral", row=where, field="geometry")
    return xy


def _surface(xy: np.ndarray, path, where: str) -> BaseGeometry:
    """The ring's surface projection: its polygon, or its trace (a line) when it has no area."""
    if len(xy) >= 4:
        fixed = shapely.make_valid(Polygon(xy))
        areal = [g for g in shapely.get_parts(fixed) if g.geom_type in ("Polygon", "MultiPolygon") and g.area > 0]
        if areal:
            return shapely.union_all(areal)
    line = shapely.line_merge(shapely.union_all([LineString(xy[j : j + 2]) for j in range(len(xy) - 1) if not np.array_equal(xy[j], xy[j + 1])]))
    if line.is_empty:
        raise InputError(path, "has a ring with no extent; expected a quadrilateral", row=where, field="geometry")
    return line


# --- grid.xml -----------------------------------------------------------------------------------

#: The namespace of ``<shakemap_grid>`` (ShakeMap 3.5 and 4 alike).
SHAKEMAP_NS = "http://earthquake.usgs.gov/eqcenter/shakemap"

#: The most nodes (``nlon * nlat``) a grid may declare: 25 million, ten times a large global ShakeMap.
MAX_GRID_NODES: int = 25_000_000

_GRID_SPEC_FLOATS = ("lon_min", "lat_min", "lon_max", "lat_max", "nominal_lon_spacing", "nominal_lat_spacing")
_MAX_META_TEXT = 300


class _Refused(Exception):
    """Raised inside an expat handler: the document uses a construct sitrep does not read."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message, self.line = message, line


def looks_like_shakemap_grid(path: str | Path) -> bool:
    """True when the file's first 4 KB hold a ``<shakemap_grid`` element (plain XML, not a zip)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return b"<shakemap_grid" in head or b":shakemap_grid" in head


def read_shakemap_grid(path: str | Path, *, uncertainty: str | Path | None = None, max_mb: float | None = None) -> MMIField:
    """Read a USGS ShakeMap ``grid.xml`` (ShakeMap 3.5 or 4; or ``grid.xml.zip``) as an MMI field.

    The field's axes are ascending cell centres in degrees (EPSG:4326), taken
    from ``<grid_specification>``; every ``<grid_data>`` row is placed at the
    node its own LON and LAT name (USGS writes the north row first; the order
    of rows does not matter). A grid across the antimeridian keeps running
    east past 180 (``lon_max`` up to 360; ``meta["crosses_antimeridian"]``).

    ``sigma`` is the ``STDMMI`` field of ``uncertainty`` (the ShakeMap's
    ``uncertainty.xml``: the same grid of standard deviations, checked to be
    of the same event, version and grid), else of the grid itself when it has
    one, else None. ``source`` is ``"shakemap"``; ``model`` reads like
    ``"USGS ShakeMap us6000pi9w version 5"`` and says SCENARIO for a scenario.
    ``meta`` holds event_id, magnitude, depth_km, lat, lon, origin_time (UTC,
    ISO 8601), version, process_timestamp (UTC ISO 8601), description,
    network, originator, map_status, event_type (``ACTUAL`` or
    ``SCENARIO``), code_version, fields, nlon, nlat, file,
    crosses_antimeridian (and uncertainty_file).

    ``max_mb`` is the largest (unzipped) file read, in MB (default: the
    ``SITREP_MAX_UNCOMPRESSED_MB`` setting). DTDs, entity declarations and
    external references are refused (a grid.xml has none), so an entity bomb
    or an external-entity file read cannot happen.

    Raises :class:`InputError` (file, element or row, field) for a file that
    is not a grid.xml, is truncated, has fewer or more rows than
    ``nlon * nlat``, a row with the wrong number of values, a value that is not
    a number, no MMI field, a spacing that does not match ``nlon`` / ``nlat``,
    coordinates outside -180..180 / -90..90, or a node missing or repeated.
    """
    path = Path(path)
    limit = _limit(max_mb)
    meta, spec, column = _read_grid(path, limit, "MMI")
    mmi = column("MMI")
    sigma = column("STDMMI") if "STDMMI" in meta["fields"] else None
    if uncertainty is not None:
        sigma = _uncertainty_sigma(Path(uncertainty), limit, meta, spec, path)
        meta["uncertainty_file"] = Path(uncertainty).name
    lon = np.linspace(spec["lon_min"], spec["lon_max"], spec["nlon"])
    lat = np.linspace(spec["lat_min"], spec["lat_max"], spec["nlat"])
    model = f"USGS ShakeMap {meta['event_id'] or '(no event id)'} version {meta['version'] or '?'}"
    if meta["event_type"] == "SCENARIO":
        model += " (SCENARIO: a hypothetical earthquake, not an observation)"
    return MMIField(lon=lon, lat=lat, mmi=mmi, source="shakemap", model=model, sigma=sigma, meta=meta)


def _read_grid(path: Path, limit_mb: float, need: str):
    """(meta, grid specification, ``column(NAME) -> (nlat, nlon) array``) of a grid.xml-like file with field ``need``."""
    data = _grid_bytes(path, limit_mb)
    head = _parse_grid_xml(data, path)
    spec = _grid_spec(head["grid_specification"], path)
    fields = _grid_fields(head["fields"], path, need)
    values, row_lines = _grid_values(head, fields, spec["nlon"] * spec["nlat"], path)
    i, j = _node_index(values, fields, spec, row_lines, path)
    names = [name for name, _ in fields]
    meta = _grid_meta(head, path)
    meta.update(fields=names, nlon=spec["nlon"], nlat=spec["nlat"], crosses_antimeridian=spec["lon_max"] > 180)
    for name in ("MMI", "STDMMI"):  # intensity and its standard deviation: 0..12
        if name in names:
            _check_range(values, names.index(name), name, (0.0, 12.0), row_lines, path)

    def column(name: str) -> np.ndarray:
        return _on_grid(values[:, names.index(name)], i, j, spec)

    return meta, spec, column


def _uncertainty_sigma(path: Path, limit_mb: float, meta: dict, spec: dict, grid_path: Path) -> np.ndarray:
    """STDMMI of a ShakeMap ``uncertainty.xml``, which must be of the same event, version and grid as the grid.xml."""
    umeta, uspec, column = _read_grid(path, limit_mb, "STDMMI")
    if (umeta["event_id"], umeta["version"]) != (meta["event_id"], meta["version"]):
        raise InputError(path, f"is of ShakeMap {umeta['event_id']} version {umeta['version']}, but {grid_path.name} is "
                               f"{meta['event_id']} version {meta['version']}; expected the uncertainty.xml of the same ShakeMap",
                         row="<shakemap_grid>", field="event_id")  # fmt: skip
    same = (uspec["nlon"], uspec["nlat"]) == (spec["nlon"], spec["nlat"]) and all(
        abs(uspec[k] - spec[k]) <= 0.01 * min(spec["dlon"], spec["dlat"]) for k in ("lon_min", "lat_min", "lon_max", "lat_max")
    )
    if not same:
        raise InputError(path, f"covers {uspec['nlon']} x {uspec['nlat']} nodes over {uspec['lon_min']:g}..{uspec['lon_max']:g}, "
                               f"{uspec['lat_min']:g}..{uspec['lat_max']:g}; {grid_path.name} {spec['nlon']} x {spec['nlat']} over "
                               f"{spec['lon_min']:g}..{spec['lon_max']:g}, {spec['lat_min']:g}..{spec['lat_max']:g}; expected the same grid",
                         row="<grid_specification>")  # fmt: skip
    return column("STDMMI")


def _grid_bytes(path: Path, limit_mb: float) -> bytes:
    """The file's bytes, or the one XML member of a zip (``grid.xml.zip``), at most ``limit_mb`` MB unpacked."""
    if not path.is_file():
        raise InputError(path, "does not exist or is not a file; expected a ShakeMap grid.xml")
    size = path.stat().st_size
    with open(path, "rb") as fh:
        magic = fh.read(4)
    if magic != b"PK\x03\x04":
        if size > limit_mb * 1e6:
            raise InputError(path, f"is {size / 1e6:,.0f} MB, more than sitrep reads from one file ({limit_mb:,.0f} MB); "
                                   "raise SITREP_MAX_UNCOMPRESSED_MB for a larger grid")  # fmt: skip
        return path.read_bytes()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise InputError(path, f"is not a readable zip archive ({' '.join(str(exc).split())[:120]}); expected grid.xml or grid.xml.zip") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir() and m.filename.lower().endswith(".xml")]
        grids = [m for m in members if m.filename.lower().rsplit("/", 1)[-1] == "grid.xml"] or members
        if len(grids) != 1:
            listed = ", ".join(m.filename for m in archive.infolist()[:10]) or "nothing"
            raise InputError(path, f"is a zip holding {listed}; expected one grid.xml in it (as USGS serves grid.xml.zip)")
        member = grids[0]
        if member.file_size > limit_mb * 1e6:
            raise InputError(path, f"unpacks {member.filename} to {member.file_size / 1e6:,.0f} MB, more than sitrep reads from one "
                                   f"file ({limit_mb:,.0f} MB); raise SITREP_MAX_UNCOMPRESSED_MB for a larger grid")  # fmt: skip
        try:
            with archive.open(member) as fh:
                data = fh.read(int(limit_mb * 1e6) + 1)  # a member lying about its size stops here
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError) as exc:
            raise InputError(path, f"{member.filename} cannot be unpacked: {' '.join(str(exc).split())[:120]}") from None
    if len(data) > limit_mb * 1e6:
        raise InputError(path, f"unpacks {member.filename} to more than {limit_mb:,.0f} MB, more than sitrep reads from one file")
    return data


def _parse_grid_xml(data: bytes, path: Path) -> dict:
    """The header elements' attributes and the ``<grid_data>`` text, parsed by expat with DTDs and entities refused."""
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    head: dict = {"root": None, "event": None, "grid_specification": None, "fields": [], "data": None, "data_line": 0}
    stack: list[str] = []
    offsets = [0]

    def refuse(what: str):
        def handler(*_args):
            raise _Refused(f"contains {what}; a ShakeMap grid.xml has none, and sitrep does not expand them", parser.CurrentLineNumber)
        return handler

    def start(name: str, attrs: dict) -> None:
        local = name.rsplit(":", 1)[-1]
        if not stack:
            if local != "shakemap_grid":
                raise _Refused(f"is not a ShakeMap grid.xml: its root element is <{name[:60]}>, expected <shakemap_grid>",
                               parser.CurrentLineNumber)  # fmt: skip
            head["root"] = attrs
        elif stack[-1] == "grid_data":
            raise _Refused(f"has an element <{name[:60]}> inside <grid_data>; expected rows of numbers only", parser.CurrentLineNumber)
        elif len(stack) == 1:
            if local in ("event", "grid_specification"):
                if head[local] is not None:
                    raise _Refused(f"has a second <{local}>; expected one", parser.CurrentLineNumber)
                head[local] = attrs
            elif local == "grid_field":
                head["fields"].append((attrs, parser.CurrentLineNumber))
            elif local == "grid_data":
                if head["data"] is not None:
                    raise _Refused("has a second <grid_data>; expected one", parser.CurrentLineNumber)
                head["data"] = b""
                head["data_line"] = parser.CurrentLineNumber
                offsets[0] = data.index(b">", parser.CurrentByteIndex) + 1  # the rows start after the start tag
        stack.append(local)

    def end(_name: str) -> None:
        if stack.pop() == "grid_data":  # the rows are parsed from the file's bytes (expat checked them for markup)
            head["data"] = data[offsets[0] : parser.CurrentByteIndex]

    def comment(_text: str) -> None:
        if stack and stack[-1] == "grid_data":
            raise _Refused("has a comment inside <grid_data>; expected rows of numbers only", parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CommentHandler = comment
    parser.StartDoctypeDeclHandler = refuse("a DOCTYPE (a DTD)")
    parser.EntityDeclHandler = refuse("an entity declaration")
    parser.ExternalEntityRefHandler = refuse("an external entity reference")
    parser.SkippedEntityHandler = refuse("an entity reference")
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise InputError(path, exc.message, row=f"line {exc.line}") from None
    except xml.parsers.expat.ExpatError as exc:
        if head["root"] is None and exc.lineno <= 2:
            raise InputError(path, f"is not a ShakeMap grid.xml (not XML: {xml.parsers.expat.ErrorString(exc.code)})",
                             row=f"line {exc.lineno}") from None  # fmt: skip
        at_end = exc.lineno >= data.count(b"\n") and head["root"] is not None
        what = "ends before </shakemap_grid>: the file is truncated" if at_end else "is not well-formed XML"
        if at_end and stack and stack[-1] == "grid_data":
            lines = data.split(b"\n")[head["data_line"] : -1]  # the rows after <grid_data>'s line; the last line is cut off
            rows = sum(1 for t in lines if t.strip())
            spec = head["grid_specification"] or {}
            nodes = f" of nlon x nlat = {int(spec['nlon']) * int(spec['nlat']):,}" if str(spec.get("nlon", "")).isdigit() and str(
                spec.get("nlat", "")).isdigit() else ""  # fmt: skip
            what = f"ends inside <grid_data> after {rows:,} complete rows{nodes}: the file is truncated"
        raise InputError(path, f"{what} ({xml.parsers.expat.ErrorString(exc.code)} at line {exc.lineno}, column {exc.offset}); "
                               "download grid.xml again", row=f"line {exc.lineno}") from None  # fmt: skip
    for element in ("grid_specification", "data"):
        if head[element] is None:
            tag = "grid_data" if element == "data" else element
            raise InputError(path, f"has no <{tag}>; a ShakeMap grid.xml has <grid_specification>, <grid_field>s and <grid_data>",
                             row="<shakemap_grid>")  # fmt: skip
    return head


def _grid_spec(attrs: dict, path: Path) -> dict:
    """``<grid_specification>`` checked: numbers, ranges, node count and spacing consistent with nlon / nlat."""
    where = "<grid_specification>"
    out: dict = {}
    for key in _GRID_SPEC_FLOATS:
        out[key] = _attr_float(attrs, key, path, where)
    for key in ("nlon", "nlat"):
        raw = str(attrs.get(key, "")).strip()
        if not raw.isdigit() or int(raw) < 2:
            raise InputError(path, f"expected a whole number of nodes, at least 2, got {raw[:40]!r}", row=where, field=key)
        out[key] = int(raw)
    for lo, hi, lim in (("lon_min", "lon_max", 180.0), ("lat_min", "lat_max", 90.0)):
        for key in (lo, hi):
            bound = 360.0 if key == "lon_max" else lim  # a grid across the antimeridian runs east of 180
            if not -lim <= out[key] <= bound:
                raise InputError(path, f"{out[key]:g} is outside -{lim:g}..{lim:g} degrees", row=where, field=key)
        if not out[lo] < out[hi]:
            raise InputError(path, f"{lo} {out[lo]:g} is not less than {hi} {out[hi]:g}", row=where, field=hi)
    if out["nlon"] * out["nlat"] > MAX_GRID_NODES:
        raise InputError(path, f"declares {out['nlon']} x {out['nlat']} nodes, more than sitrep reads ({MAX_GRID_NODES:,})", row=where, field="nlon")
    for axis, n in (("lon", "nlon"), ("lat", "nlat")):
        step = (out[f"{axis}_max"] - out[f"{axis}_min"]) / (out[n] - 1)
        nominal = out[f"nominal_{axis}_spacing"]
        # ShakeMap 3.5 writes 6 decimals, ShakeMap 4 (mapio) 4: 1/60 degree is "0.0167"; every node is checked below
        if not abs(step - nominal) <= 6e-5 + 1e-3 * abs(nominal):
            raise InputError(path, f"is {nominal:g} degrees, but {axis}_min..{axis}_max over {n}={out[n]} nodes is {step:.6g}; "
                                   f"the grid specification contradicts itself", row=where, field=f"nominal_{axis}_spacing")  # fmt: skip
        out[f"d{axis}"] = step
    return out


def _grid_fields(raw: list, path: Path, need: str = "MMI") -> list[tuple[str, str]]:
    """``[(NAME, units), ...]`` in column order (by ``index``), with LON, LAT and ``need`` required."""
    by_index: dict[int, tuple[str, str]] = {}
    for attrs, line in raw:
        where = f"<grid_field> (line {line})"
        idx = str(attrs.get("index", "")).strip()
        name = visible_line(str(attrs.get("name", ""))).upper()[:40]
        if not idx.isdigit() or int(idx) < 1:
            raise InputError(path, f"expected a column number 1, 2, ..., got {idx[:20]!r}", row=where, field="index")
        if not name:
            raise InputError(path, "has no name (LON, LAT, MMI ...)", row=where, field="name")
        if int(idx) in by_index:
            raise InputError(path, f"column {idx} is declared twice ({by_index[int(idx)][0]} and {name})", row=where, field="index")
        by_index[int(idx)] = (name, visible_line(str(attrs.get("units", "")))[:40])
    if sorted(by_index) != list(range(1, len(by_index) + 1)):
        raise InputError(path, f"has <grid_field> indexes {sorted(by_index)[:20]}; expected 1..{len(by_index)} without gaps",
                         row="<grid_field>", field="index")  # fmt: skip
    fields = [by_index[k] for k in sorted(by_index)]
    names = [n for n, _ in fields]
    if len(set(names)) != len(names):
        raise InputError(path, f"names a field twice: {', '.join(names)}", row="<grid_field>", field="name")
    what = "grid.xml" if need == "MMI" else "the uncertainty grid (uncertainty.xml)"
    for name in ("LON", "LAT", need):
        if name not in names:
            raise InputError(path, f"{what} has no {name} field; its fields are {', '.join(names) or 'none'}", row="<grid_field>",
                             field=name)  # fmt: skip
    return fields


def _grid_values(head: dict, fields: list, n_nodes: int, path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The ``<grid_data>`` rows as an ``(n_nodes, n_fields)`` float array (every row checked for its count of
    numbers) and the file line of each row."""
    import pandas as pd

    block: bytes = head["data"]
    nf = len(fields)
    names = ", ".join(n for n, _ in fields)
    b = np.frombuffer(block, dtype=np.uint8)
    space = (b == 32) | (b == 9) | (b == 10) | (b == 13)
    stray = np.flatnonzero(~space & ((b < 43) | (b > 122)))  # no number holds a byte outside '+'..'z' (nor a control)
    if stray.size:
        _raise_non_number(block, fields, head["data_line"], path, at=int(stray[0]))
    starts = np.flatnonzero(~space & np.concatenate(([True], space[:-1])))
    ends = np.concatenate((np.flatnonzero(b == 10), [b.size]))  # line k of the block ends at ends[k]
    counts = np.diff(np.concatenate(([0], np.searchsorted(starts, ends))))  # values on each line
    lines = np.flatnonzero(counts)  # 0 = the text on <grid_data>'s own line
    wrong = np.flatnonzero(counts[lines] != nf)
    if wrong.size:
        k = int(wrong[0])
        raise InputError(path, f"has {counts[lines[k]]} values; expected {nf} ({names})",
                         row=f"grid_data row {k + 1} (line {head['data_line'] + int(lines[k])})")  # fmt: skip
    if lines.size != n_nodes:
        what = "fewer" if lines.size < n_nodes else "more"
        hint = "; the file is truncated: download grid.xml again" if what == "fewer" else ""
        raise InputError(path, f"has {lines.size:,} rows, {what} than nlon x nlat = {n_nodes:,}{hint}", row="<grid_data>")
    try:  # pandas' C parser: the fastest whole-block float parser at hand (numpy's is 3x slower)
        frame = pd.read_csv(io.BytesIO(block), sep=r"\s+", header=None, dtype=np.float64, engine="c", na_filter=False, low_memory=False)
    except (ValueError, pd.errors.ParserError):
        frame = None
    if frame is None or frame.shape != (n_nodes, nf):
        _raise_non_number(block, fields, head["data_line"], path)
    values = frame.to_numpy(dtype=np.float64)
    if not np.isfinite(values).all():  # "inf" reads as a float; ShakeMap writes no infinities (nor NaN)
        k, col = (int(v[0]) for v in np.nonzero(~np.isfinite(values)))
        raise InputError(path, f"expected a finite number, got '{values[k, col]:g}'",
                         row=f"grid_data row {k + 1} (line {head['data_line'] + int(lines[k])})", field=fields[col][0])  # fmt: skip
    return values, head["data_line"] + lines


def _raise_non_number(block: bytes, fields: list, data_line: int, path: Path, *, at: int | None = None) -> None:
    """Name the first value that is not a number (line by line: only on the error path)."""
    text = block.decode("latin-1")
    row = 0
    for k, line_text in enumerate(text.split("\n")):
        tokens = line_text.split()
        row += bool(tokens)
        for col, token in enumerate(tokens):
            try:
                ok = at is None and math.isfinite(float(token))  # ShakeMap writes no NaN or inf
            except ValueError:
                ok = False
            if not ok and (at is None or any(ord(ch) < 43 or ord(ch) > 122 for ch in token)):
                shown = token.encode("latin-1").decode("utf-8", "replace")[:40]
                raise InputError(path, f"expected a finite number, got {shown!r}", row=f"grid_data row {row} (line {data_line + k})",
                                 field=fields[col][0] if col < len(fields) else None)  # fmt: skip
    raise InputError(path, "has values that cannot be read as numbers", row="<grid_data>")


def _node_index(values: np.ndarray, fields: list, spec: dict, row_lines: np.ndarray, path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of each data row's node, from its LON and LAT (each node exactly once)."""
    names = [n for n, _ in fields]
    lon, lat = values[:, names.index("LON")], values[:, names.index("LAT")]
    for col, vals, lim in (("LON", lon, 180.0), ("LAT", lat, 90.0)):
        upper = 360.0 if col == "LON" and spec["lon_max"] > 180 else lim
        bad = ~np.isfinite(vals) | (vals < -lim) | (vals > upper)
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            raise InputError(path, f"{vals[k]:g} is outside -{lim:g}..{lim:g} degrees", row=_row_label(k, row_lines), field=col)
    if spec["lon_max"] > 180:  # across the antimeridian: -179 is written as 181 east of lon_min
        lon = np.where(lon < spec["lon_min"] - spec["dlon"] / 2, lon + 360.0, lon)
    fj = (lon - spec["lon_min"]) / spec["dlon"]
    fi = (lat - spec["lat_min"]) / spec["dlat"]
    j, i = np.rint(fj).astype(np.int64), np.rint(fi).astype(np.int64)
    # USGS rounds coordinates to 4 decimals: a node is within a small fraction of a step of its place
    off = (np.abs(fj - j) > 0.05) | (np.abs(fi - i) > 0.05) | (j < 0) | (j >= spec["nlon"]) | (i < 0) | (i >= spec["nlat"])
    if off.any():
        k = int(np.flatnonzero(off)[0])
        raise InputError(path, f"node ({lon[k]:g}, {lat[k]:g}) is not on the grid of <grid_specification> "
                               f"({spec['lon_min']:g}..{spec['lon_max']:g} by {spec['dlon']:.6g}, "
                               f"{spec['lat_min']:g}..{spec['lat_max']:g} by {spec['dlat']:.6g})",
                         row=_row_label(k, row_lines), field="LON" if np.abs(fj[k] - j[k]) > 0.05 or not 0 <= j[k] < spec["nlon"] else "LAT")  # fmt: skip
    flat = i * spec["nlon"] + j
    seen = np.bincount(flat, minlength=spec["nlon"] * spec["nlat"])
    if (seen != 1).any():
        dup = np.flatnonzero(seen[flat] > 1)
        k = int(dup[1]) if dup.size > 1 else int(dup[0])
        raise InputError(path, f"node ({lon[k]:g}, {lat[k]:g}) appears more than once (and another node is missing)",
                         row=_row_label(k, row_lines), field="LON")  # fmt: skip
    return i, j


def _row_label(k: int, row_lines: np.ndarray) -> str:
    return f"grid_data row {k + 1} (line {int(row_lines[k])})"


def _on_grid(column: np.ndarray, i: np.ndarray, j: np.ndarray, spec: dict) -> np.ndarray:
    out = np.full((spec["nlat"], spec["nlon"]), np.nan)
    out[i, j] = column
    return out


def _check_range(values: np.ndarray, col: int, name: str, bounds: tuple[float, float], row_lines: np.ndarray, path: Path) -> None:
    lo, hi = bounds
    column = values[:, col]
    bad = np.isfinite(column) & ((column < lo) | (column > hi))
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise InputError(path, f"{column[k]:g} is outside {lo:g}..{hi:g}", row=_row_label(k, row_lines), field=name)


def _attr_float(attrs: dict, key: str, path: Path, where: str, *, required: bool = True) -> float | None:
    raw = str(attrs.get(key, "")).strip()
    if not raw and not required:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        if not required:
            return None
        raise InputError(path, f"expected a number, got {raw[:40]!r}", row=where, field=key)
    return value


def _grid_meta(head: dict, path: Path) -> dict:
    """What a report states about the ShakeMap, from ``<shakemap_grid>`` and ``<event>`` (text made one visible line)."""
    root = head["root"] or {}
    event = head["event"] or {}

    def text(attrs: dict, key: str) -> str:
        return visible_line(str(attrs.get(key, "")))[:_MAX_META_TEXT]

    where = "<event>"
    lat = _attr_float(event, "lat", path, where, required=False)
    lon = _attr_float(event, "lon", path, where, required=False)
    if lat is not None and not -90 <= lat <= 90:
        raise InputError(path, f"{lat:g} is outside -90..90 degrees", row=where, field="lat")
    if lon is not None and not -180 <= lon <= 360:
        raise InputError(path, f"{lon:g} is outside -180..180 degrees", row=where, field="lon")
    return {
        "event_id": text(event, "event_id") or text(root, "event_id"),
        "magnitude": _attr_float(event, "magnitude", path, where, required=False),
        "depth_km": _attr_float(event, "depth", path, where, required=False),
        "lat": lat,
        "lon": lon,
        "origin_time": _utc_iso(text(event, "event_timestamp"), path, where, "event_timestamp"),
        "version": text(root, "shakemap_version"),
        "process_timestamp": _utc_iso(text(root, "process_timestamp"), path, "<shakemap_grid>", "process_timestamp"),
        "description": text(event, "event_description"),
        "network": text(event, "event_network"),
        "originator": text(root, "shakemap_originator"),
        "map_status": text(root, "map_status").upper(),
        "event_type": text(root, "shakemap_event_type").upper(),
        "code_version": text(root, "code_version"),
        "file": path.name,
    }


def _utc_iso(raw: str, path: Path, where: str, field: str) -> str:
    """A ShakeMap time (``1989-10-18T00:04:15UTC``, ``...Z``, ``...+00:00``, or none: UTC) as UTC ISO 8601."""
    import pandas as pd

    if not raw:
        return ""
    text = raw.strip()
    for suffix in ("UTC", "GMT"):
        if text.upper().endswith(suffix):
            text = text[: -len(suffix)].strip() + "+00:00"
    try:
        ts = pd.Timestamp(text)
    except (ValueError, OverflowError):
        raise InputError(path, f"expected an ISO 8601 time such as 2025-01-07T01:05:16Z, got {raw[:40]!r}", row=where, field=field) from None
    if ts is pd.NaT:
        return ""
    ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    return ts.isoformat()


# --- cont_mmi.json ------------------------------------------------------------------------------

_CRS84 = ("urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "EPSG:4326", "urn:ogc:def:crs:EPSG::4326")


def read_mmi_contours(path: str | Path, *, max_mb: float | None = None) -> gpd.GeoDataFrame:
    """Read a ShakeMap ``cont_mmi.json`` (MMI isolines) as a GeoDataFrame in EPSG:4326.

    One row per feature: ``mmi`` (float, the isoline's MMI ``value``), ``color``
    (USGS's colour, ``#rrggbb`` or ""), ``weight`` (line weight, or NaN) and the
    (Multi)LineString ``geometry``. A FeatureCollection with no feature (a small
    event) gives an empty frame with those columns.

    Raises :class:`InputError` for a file that is not a FeatureCollection, a
    contour file of another quantity (``cont_pga.json``: units other than
    mmi), a value that is not an MMI 0..12, a geometry that is not a line,
    coordinates out of range or a CRS other than WGS84 longitude/latitude.
    """
    from shapely.geometry import shape

    path = Path(path)
    doc = load_json(path, what="a ShakeMap cont_mmi.json", max_mb=max_mb)
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        got = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        raise InputError(path, f"is not a ShakeMap cont_mmi.json: expected a GeoJSON FeatureCollection, got {str(got)[:40]}")
    crs = doc.get("crs")
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) and isinstance(crs.get("properties"), dict) else None
    if crs is not None and name not in _CRS84:
        raise InputError(path, f"declares the CRS {str(name)[:80]!r}; ShakeMap contours are WGS84 longitude/latitude (CRS84)", field="crs")
    rows, geoms = [], []
    for k, feat in enumerate(doc["features"]):
        where = feature_label(k, None)
        props = feat.get("properties") if isinstance(feat, dict) else None
        if not isinstance(props, dict):
            raise InputError(path, "expected a Feature with properties value, units, color", row=where, field="properties")
        units = str(props.get("units", "mmi")).strip().lower()
        if units not in ("mmi", "intensity", ""):
            raise InputError(path, f"is a contour of units {units[:20]!r}, not MMI (is this cont_pga.json or cont_pgv.json?); "
                                   "expected cont_mmi.json", row=where, field="units")  # fmt: skip
        value = props.get("value")
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                pass
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not (0 <= value <= 12):
            raise InputError(path, f"expected an MMI value 0..12, got {str(value)[:40]!r}", row=where, field="value")
        geom = feat.get("geometry")
        gtype = geom.get("type") if isinstance(geom, dict) else None
        if gtype not in ("LineString", "MultiLineString"):
            raise InputError(path, f"an MMI contour is a (Multi)LineString, got {str(gtype or 'no geometry')[:40]}", row=where, field="geometry")
        try:
            line = shape(geom)
        except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.GEOSException) as exc:
            raise InputError(path, f"has unreadable coordinates ({' '.join(str(exc).split())[:80]})", row=where, field="geometry") from None
        color = props.get("color")
        weight = props.get("weight")
        rows.append({
            "mmi": float(value),
            "color": visible_line(color)[:20] if isinstance(color, str) else "",
            "weight": float(weight) if isinstance(weight, (int, float)) and not isinstance(weight, bool) else math.nan,
        })  # fmt: skip
        geoms.append(line)
    gdf = gpd.GeoDataFrame(rows or {"mmi": [], "color": [], "weight": []}, geometry=geoms, crs="EPSG:4326")
    gdf["mmi"] = gdf["mmi"].astype("float64")
    gdf["weight"] = gdf["weight"].astype("float64")
    gdf["color"] = gdf["color"].astype(object)
    if len(gdf):
        check_coordinate_range(gdf, path)
    return gdf
