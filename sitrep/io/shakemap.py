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
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from ..errors import InputError
from ..schema import conform, feature_label
from .reader import check_coordinate_range

__all__ = ["looks_like_shakemap_rupture", "shakemap_rupture_frame"]

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
