"""Read USGS earthquake GeoJSON as epicentre solutions.

Two documented USGS formats are accepted:

* the **summary** format of the real-time feeds: a ``Feature`` (or a
  ``FeatureCollection`` of them) with ``properties.mag``, ``magType``,
  ``time`` (ms since 1970, UTC) and ``geometry.coordinates`` =
  ``[lon, lat, depth_km]``;
* the **event-detail** document: the same Feature plus
  ``properties.products``; its preferred ``origin`` product (highest
  ``preferredWeight``) gives latitude, longitude, depth, event time and
  magnitude, and wins over the summary values.

See https://earthquake.usgs.gov/earthquakes/feed/v1.0/geojson.php and
https://earthquake.usgs.gov/earthquakes/feed/v1.0/geojson_detail.php.
"""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import pandas as pd

from ..errors import InputError
from ..schema import conform, feature_label
from ..timeutil import parse_time
from .reader import check_coordinate_range, load_json

__all__ = ["looks_like_usgs", "read_usgs_event", "usgs_frame"]


def looks_like_usgs(doc: object) -> bool:
    """True for a parsed USGS summary Feature/FeatureCollection or event-detail document."""
    if not isinstance(doc, dict):
        return False
    feats = doc.get("features") if doc.get("type") == "FeatureCollection" else [doc]
    if not isinstance(feats, list) or not feats or not isinstance(feats[0], dict):
        return False
    props = feats[0].get("properties")
    return isinstance(props, dict) and "mag" in props and "time" in props


def read_usgs_event(path: str | Path) -> gpd.GeoDataFrame:
    """Read a USGS event GeoJSON file (summary or detail) as an epicentres layer."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such file")
    doc = load_json(path, what="USGS event GeoJSON")
    if not looks_like_usgs(doc):
        raise InputError(path, "is not a USGS event GeoJSON (expected a Feature with properties 'mag' and 'time')")
    return usgs_frame(doc, path)


def usgs_frame(doc: dict, path: str | Path) -> gpd.GeoDataFrame:
    """Epicentre rows from a parsed USGS document (see module docstring).

    Every value is checked for its JSON type before use: a document with a
    list where an object belongs, a string for a coordinate, a time outside
    the years pandas can hold ... raises :class:`InputError` naming the
    feature and the field.
    """
    feats = doc["features"] if doc.get("type") == "FeatureCollection" else [doc]
    rows = [_solution(f, i, path) for i, f in enumerate(feats)]
    df = pd.DataFrame(rows)
    gdf = gpd.GeoDataFrame(
        df.drop(columns=["lon", "lat"]), geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326"
    )
    check_coordinate_range(gdf, Path(path))
    return conform(gdf, "epicentres", path=str(path), default_source="USGS")


def _solution(feat: object, i: int, path) -> dict:
    if not isinstance(feat, dict):
        raise InputError(path, f"is a JSON {_json_type(feat)}; expected a GeoJSON Feature object", row=feature_label(i, None))
    ident = feat.get("id")
    if ident is not None and not isinstance(ident, str) and not _is_json_number(ident):
        raise InputError(path, f"is a JSON {_json_type(ident)}; expected a text or number", row=feature_label(i, None), field="id")
    where = feature_label(i, ident)
    props = _object(feat.get("properties"), "properties", path, where)
    geom = feat.get("geometry")
    coords = geom.get("coordinates") if isinstance(geom, dict) else None
    if not (isinstance(coords, list) and len(coords) >= 2):
        raise InputError(path, "has no point coordinates [lon, lat, depth]", row=where, field="geometry")
    # The summary carries JSON numbers; the origin product carries the same values as text.
    lon = _real(coords[0], "longitude", path, where, "geometry")
    lat = _real(coords[1], "latitude", path, where, "geometry")
    depth = _real(coords[2], "depth", path, where, "geometry", required=False) if len(coords) > 2 else None
    mag = _real(props.get("mag"), "mag", path, where, "properties.mag")
    time = _time_ms(props.get("time"), path, where)
    mag_type = _text(props.get("magType"), "properties.magType", path, where)
    origin = _preferred(props.get("products"), path, where)
    if origin:
        o = _object(origin.get("properties", {}), "products.origin.properties", path, where)

        def value(key: str, current, *, required: bool = True):
            if o.get(key) in (None, ""):
                return current
            return _real(o[key], key, path, where, f"products.origin.{key}", text=True, required=required)

        lon, lat = value("longitude", lon), value("latitude", lat)
        depth, mag = value("depth", depth, required=False), value("magnitude", mag)
        mag_type = _text(o.get("magnitude-type"), "products.origin.magnitude-type", path, where) or mag_type
        if o.get("eventtime"):
            time = _event_time(o["eventtime"], path, where)
    net = _text(props.get("net"), "properties.net", path, where)
    code = str(ident) if ident is not None else net + _text(props.get("code"), "properties.code", path, where)
    return {
        "id": code,
        "name": f"USGS {code}",
        "name_zh": "美国地质调查局",
        "agency": "USGS",
        "origin_time": time,
        "depth_km": depth,
        "magnitude": mag,
        "magnitude_type": mag_type,
        "event_id": code,
        "url": _text(props.get("url"), "properties.url", path, where),
        "title": _text(props.get("title"), "properties.title", path, where),
        "provenance": "reported",
        "source": f"USGS event {code}" + (" (detail, origin product)" if origin else " (summary)"),
        "lon": lon,
        "lat": lat,
    }


def _preferred(products: object, path, where: str) -> dict | None:
    if products is None:
        return None
    products = _object(products, "properties.products", path, where)
    origins = products.get("origin")
    if origins is None:
        return None
    if not isinstance(origins, list) or not all(isinstance(p, dict) for p in origins):
        raise InputError(path, f"is a JSON {_json_type(origins)}; expected a list of product objects", row=where, field="products.origin")
    if not origins:
        return None

    def weight(p: dict) -> float:
        w = p.get("preferredWeight", 0)
        return float(w) if _is_json_number(w) else 0.0

    return max(origins, key=weight)


def _object(value: object, field: str, path, where: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(path, f"is a JSON {_json_type(value)}; expected an object", row=where, field=field)
    return value


def _real(value: object, name: str, path, where: str, field: str, *, text: bool = False, required: bool = True) -> float | None:
    """A finite number from a JSON number (or, with ``text``, a numeric string)."""
    if value is None and not required:
        return None
    number = None
    if _is_json_number(value) or (text and isinstance(value, str)):
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError):
            number = None
    if number is None or not math.isfinite(number):
        shown = repr(value) if isinstance(value, (str, int, float)) or value is None else f"a JSON {_json_type(value)}"
        if isinstance(value, str) and len(value) > 40:
            shown = repr(value[:40] + "…")
        raise InputError(path, f"expected a number for {name}, got {shown}", row=where, field=field)
    return number


def _time_ms(value: object, path, where: str) -> pd.Timestamp:
    """``properties.time``: milliseconds since 1970-01-01 UTC, inside the years pandas holds."""
    ms = _real(value, "time", path, where, "properties.time")
    try:
        return pd.Timestamp(int(ms), unit="ms", tz="UTC")
    except (OverflowError, ValueError, pd.errors.OutOfBoundsDatetime):
        raise InputError(path, f"time {value!r} ms since 1970 is not a date between the years 1677 and 2262", row=where, field="properties.time") from None


def _event_time(value: object, path, where: str) -> pd.Timestamp:
    try:
        if not isinstance(value, str):
            raise ValueError
        return parse_time(value)
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
        shown = repr(value[:40]) if isinstance(value, str) else f"a JSON {_json_type(value)}"
        raise InputError(path, f"expected an ISO 8601 time, got {shown}", row=where, field="products.origin.eventtime") from None


def _text(value: object, field: str, path, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if _is_json_number(value):
        return str(value)
    raise InputError(path, f"is a JSON {_json_type(value)}; expected a text", row=where, field=field)


def _is_json_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _json_type(v: object) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(type(v), "number")
