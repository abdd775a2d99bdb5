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

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd

from ..errors import InputError
from ..schema import conform, feature_label
from .reader import check_coordinate_range

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
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"could not be read as USGS GeoJSON: {exc}") from None
    if not looks_like_usgs(doc):
        raise InputError(path, "is not a USGS event GeoJSON (expected a Feature with properties 'mag' and 'time')")
    return usgs_frame(doc, path)


def usgs_frame(doc: dict, path: str | Path) -> gpd.GeoDataFrame:
    """Epicentre rows from a parsed USGS document (see module docstring)."""
    feats = doc["features"] if doc.get("type") == "FeatureCollection" else [doc]
    rows = [_solution(f, i, path) for i, f in enumerate(feats)]
    df = pd.DataFrame(rows)
    gdf = gpd.GeoDataFrame(
        df.drop(columns=["lon", "lat"]), geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326"
    )
    check_coordinate_range(gdf, Path(path))
    return conform(gdf, "epicentres", path=str(path), default_source="USGS")


def _solution(feat: dict, i: int, path) -> dict:
    ident = feat.get("id")
    where = feature_label(i, ident)
    props = feat.get("properties") or {}
    geom = feat.get("geometry") or {}
    coords = geom.get("coordinates") if isinstance(geom, dict) else None
    if not (isinstance(coords, list) and len(coords) >= 2):
        raise InputError(path, "has no point coordinates [lon, lat, depth]", row=where, field="geometry")
    lon, lat = coords[0], coords[1]
    depth = coords[2] if len(coords) > 2 else None
    time = pd.to_datetime(props.get("time"), unit="ms", utc=True) if _number(props.get("time")) else None
    mag, mag_type = props.get("mag"), props.get("magType")
    origin = _preferred(props.get("products", {}).get("origin", [])) if isinstance(props.get("products"), dict) else None
    if origin:
        o = origin.get("properties", {})
        lon, lat = o.get("longitude", lon), o.get("latitude", lat)
        depth = o.get("depth", depth)
        mag, mag_type = o.get("magnitude", mag), o.get("magnitude-type", mag_type)
        if o.get("eventtime"):
            time = o["eventtime"]
    for name, value in (("longitude", lon), ("latitude", lat), ("mag", mag), ("time", time)):
        if value is None or (name != "time" and not _number(value)):
            raise InputError(path, f"expected a number for {name}, got {value!r}", row=where, field=f"properties.{name}")
    code = ident or (props.get("net", "") + props.get("code", ""))
    return {
        "id": code,
        "name": f"USGS {code}",
        "name_zh": "美国地质调查局",
        "agency": "USGS",
        "origin_time": time,
        "depth_km": float(depth) if _number(depth) else None,
        "magnitude": float(mag),
        "magnitude_type": str(mag_type or ""),
        "event_id": code,
        "url": props.get("url", ""),
        "title": props.get("title", ""),
        "provenance": "reported",
        "source": f"USGS event {code}" + (" (detail, origin product)" if origin else " (summary)"),
        "lon": float(lon),
        "lat": float(lat),
    }


def _preferred(products: list) -> dict | None:
    if not isinstance(products, list) or not products:
        return None
    return max(products, key=lambda p: p.get("preferredWeight", 0) if isinstance(p, dict) else -1)


def _number(v: object) -> bool:
    try:
        float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True
