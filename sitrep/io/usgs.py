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

A feed holds many events; ``FILE#ID`` names one of them by its USGS event
id (the feature's ``id`` or any of the comma-separated ``properties.ids``,
e.g. ``all_day.geojson#us7000abcd``). Where one event is needed
(:func:`load_event`, ``sitrep bands --event``), a feed of several events
without ``#ID`` is refused with the candidates listed.

Depth is km below the datum (``coordinates[2]``); USGS gives shallow events
small negative depths (above the datum), so depths from
:data:`MIN_DEPTH_KM` to :data:`MAX_DEPTH_KM` are accepted, anything else is
refused as not a depth.

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

__all__ = [
    "MIN_DEPTH_KM",
    "MAX_DEPTH_KM",
    "EVENT_SEPARATOR",
    "MAX_CANDIDATES_SHOWN",
    "looks_like_usgs",
    "read_usgs_event",
    "usgs_frame",
    "split_event_ref",
]

#: Shallowest depth accepted, km (negative: above the datum; USGS allows a few km for shallow events).
MIN_DEPTH_KM: float = -5.0
#: Deepest depth accepted, km (the deepest earthquakes are near 700 km).
MAX_DEPTH_KM: float = 800.0
#: Separates a file from the event id in ``FILE#ID``.
EVENT_SEPARATOR = "#"
#: Candidate events listed when a feed's event must be named.
MAX_CANDIDATES_SHOWN = 10


def looks_like_usgs(doc: object) -> bool:
    """True for a parsed USGS summary Feature/FeatureCollection or event-detail document."""
    if not isinstance(doc, dict):
        return False
    feats = doc.get("features") if doc.get("type") == "FeatureCollection" else [doc]
    if not isinstance(feats, list) or not feats or not isinstance(feats[0], dict):
        return False
    props = feats[0].get("properties")
    return isinstance(props, dict) and "mag" in props and "time" in props


def split_event_ref(ref: str | Path) -> tuple[Path, str | None]:
    """``"all_day.geojson#us7000abcd"`` -> ``(Path("all_day.geojson"), "us7000abcd")``.

    A name that exists on disk is the file, ``#`` and all; otherwise the text
    after the last ``#`` is the event id when what precedes it exists. A
    reference that is neither is returned whole (the reader says "no such file").

    >>> split_event_ref("no-such-feed.geojson#us7000abcd")
    (PosixPath('no-such-feed.geojson#us7000abcd'), None)
    """
    text = str(ref)
    path = Path(text)
    if path.exists() or EVENT_SEPARATOR not in text:
        return path, None
    head, _, ident = text.rpartition(EVENT_SEPARATOR)
    if head and ident.strip() and Path(head).exists():
        return Path(head), ident.strip()
    return path, None


def read_usgs_event(ref: str | Path, *, one_event: bool = False) -> gpd.GeoDataFrame:
    """Read a USGS event GeoJSON file (summary or detail) as an epicentres layer.

    ``ref`` is a path or ``FILE#ID`` (see :func:`split_event_ref`); with
    ``one_event`` a feed of several events needs the ``#ID``.
    """
    path, event_id = split_event_ref(ref)
    if not path.is_file():
        raise InputError(path, "no such file")
    doc = load_json(path, what="USGS event GeoJSON")
    if not looks_like_usgs(doc):
        raise InputError(path, "is not a USGS event GeoJSON (expected a Feature with properties 'mag' and 'time')")
    return usgs_frame(doc, path, event_id=event_id, one_event=one_event)


def usgs_frame(doc: dict, path: str | Path, *, event_id: str | None = None, one_event: bool = False) -> gpd.GeoDataFrame:
    """Epicentre rows from a parsed USGS document (see module docstring).

    ``event_id`` keeps only the event with that id (its ``id`` or one of its
    ``properties.ids``, in any case); none matching is an :class:`InputError`
    listing the events the file holds. Without it, every event is a row,
    unless ``one_event`` is set: then a feed of several events is refused
    with the same list.

    Every value is checked for its JSON type before use: a document with a
    list where an object belongs, a string for a coordinate, a time outside
    the years pandas can hold ... raises :class:`InputError` naming the
    feature and the field.
    """
    feats = doc["features"] if doc.get("type") == "FeatureCollection" else [doc]
    if event_id is not None:
        picked = [(i, f) for i, f in enumerate(feats) if event_id.lower() in _event_ids(f)]
        if not picked:
            raise InputError(path, f"holds no event '{event_id}'; {_candidates(feats, path)}")
    elif one_event and len(feats) > 1:
        raise InputError(path, f"holds {len(feats):,} events; {_candidates(feats, path)}")
    else:
        picked = list(enumerate(feats))
    rows = [_solution(f, i, path) for i, f in picked]
    df = pd.DataFrame(rows)
    gdf = gpd.GeoDataFrame(
        df.drop(columns=["lon", "lat"]), geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326"
    )
    check_coordinate_range(gdf, Path(path))
    return conform(gdf, "epicentres", path=str(path), default_source="USGS")


def _event_ids(feat: object) -> set[str]:
    """Every id an event goes by, lower-cased: ``id`` and the ``properties.ids`` list (",us7000abcd,at00xyz,")."""
    if not isinstance(feat, dict):
        return set()
    ids = {str(feat["id"]).lower()} if isinstance(feat.get("id"), (str, int)) else set()
    props = feat.get("properties")
    if isinstance(props, dict) and isinstance(props.get("ids"), str):
        ids |= {p.strip().lower() for p in props["ids"].split(",") if p.strip()}
    return ids


def _candidates(feats: list, path) -> str:
    """How to name one, and the events largest first: id, magnitude, place, time (at most :data:`MAX_CANDIDATES_SHOWN`)."""
    described = sorted((_describe(f) for f in feats), key=lambda d: -d[0])
    shown = [text for _, text in described[:MAX_CANDIDATES_SHOWN]]
    more = len(described) - len(shown)
    example = f"{Path(path).name}{EVENT_SEPARATOR}{described[0][1].split(' ', 1)[0]}" if described else "FILE#ID"
    listing = "; ".join(shown) + (f"; and {more:,} more" if more > 0 else "")
    return f"name one as FILE#ID, e.g. {example}; " + ("largest first: " if len(shown) > 1 else "") + listing


def _describe(feat: object) -> tuple[float, str]:
    """(magnitude for sorting, "us7000abcd (M 4.6, 52 km SSE of Hihifo, Tonga, 2026-11-29 10:12 UTC)")."""
    if not isinstance(feat, dict):
        return float("-inf"), "(not an event)"
    props = feat.get("properties") if isinstance(feat.get("properties"), dict) else {}
    ident = feat.get("id") if isinstance(feat.get("id"), (str, int)) else f"{props.get('net', '')}{props.get('code', '')}" or "?"
    mag = props.get("mag")
    parts = [f"M {mag:g}"] if _is_json_number(mag) and math.isfinite(mag) else []
    if isinstance(props.get("place"), str) and props["place"].strip():
        parts.append(" ".join(props["place"].split())[:60])
    if _is_json_number(props.get("time")):
        try:
            parts.append(pd.Timestamp(int(props["time"]), unit="ms", tz="UTC").strftime("%Y-%m-%d %H:%M UTC"))
        except (OverflowError, ValueError, pd.errors.OutOfBoundsDatetime):
            pass
    sort_mag = float(mag) if _is_json_number(mag) and math.isfinite(mag) else float("-inf")
    return sort_mag, f"{str(ident)[:40]}" + (f" ({', '.join(parts)})" if parts else "")


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
    _check_depth(depth, path, where, "geometry")
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
        _check_depth(depth, path, where, "products.origin.depth")
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


def _check_depth(depth: float | None, path, where: str, field: str) -> None:
    """Depth in km below the datum: small negative values (above it) are normal for shallow events."""
    if depth is not None and not MIN_DEPTH_KM <= depth <= MAX_DEPTH_KM:
        raise InputError(
            path,
            f"depth {depth:g} km is not a hypocentre depth; expected {MIN_DEPTH_KM:g} to {MAX_DEPTH_KM:g} km "
            "(km below the datum, negative only for shallow events above it)",
            row=where,
            field=field,
        )


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
