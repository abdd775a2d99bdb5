"""MMI as people see it: the USGS colour of each level and filled polygons per level.

The map's intensity layer, its legend, the report's static map and the report's tables
all take their colours from :data:`MMI_COLORS` (one constant), so a level looks the same
everywhere, and the same as on a USGS ShakeMap.

Levels are PAGER's bins (as :func:`sitrep.intensity.field.mmi_level`): level ``k`` holds
``k - 0.5 <= mmi < k + 0.5``; :func:`filled_contours` draws the band of each level as
polygons in EPSG:4326, by linear interpolation between the field's nodes (contourpy).
"""

from __future__ import annotations

from collections.abc import Iterable

import contourpy
import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.polygon import orient

from .field import MMIField, mmi_level, roman

__all__ = ["MMI_COLORS", "MMI_SHAKING", "mmi_color", "mmi_text", "filled_contours"]

#: The USGS ShakeMap intensity colour of each MMI level 0..12, as ``#rrggbb``.
#:
#: From the ``MMI`` palette of USGS earthquake-impact-utils
#: (``impactutils/colors/cpalette.py``, the palette ShakeMap 4 and PAGER draw intensity
#: with; the same colours as the intensity scale bar under every ShakeMap): the palette's
#: colour at the integer value of each level, I white, II #BFCCFF ... IX red, X #C80000.
#: The palette stops at X; XI and XII take X's colour.
MMI_COLORS: tuple[str, ...] = (
    "#ffffff",  # 0 (below I)
    "#ffffff",  # I
    "#bfccff",  # II
    "#a0e6ff",  # III
    "#80ffff",  # IV
    "#7aff93",  # V
    "#ffff00",  # VI
    "#ffc800",  # VII
    "#ff9100",  # VIII
    "#ff0000",  # IX
    "#c80000",  # X
    "#c80000",  # XI
    "#c80000",  # XII
)

#: Perceived shaking per level, the words of the USGS ShakeMap scale bar.
MMI_SHAKING: tuple[str, ...] = (
    "not felt", "not felt", "weak", "weak", "light", "moderate", "strong", "very strong", "severe", "violent",
    "extreme", "extreme", "extreme",
)  # fmt: skip


def mmi_color(level: int) -> str:
    """The USGS ShakeMap colour (``#rrggbb``) of MMI level ``level`` (0..12; clipped).

    >>> mmi_color(9), mmi_color(6), mmi_color(12)
    ('#ff0000', '#ffff00', '#c80000')
    """
    return MMI_COLORS[int(np.clip(int(level), 0, 12))]


def mmi_text(mmi: float | None, sigma: float | None = None) -> str:
    """An MMI value as people read it: level in roman numerals, then the value (and sigma).

    ``""`` for a missing value (outside the field).

    >>> mmi_text(7.83), mmi_text(7.83, 0.7), mmi_text(float("nan"))
    ('VIII (7.8)', 'VIII (7.8 ± 0.7)', '')
    """
    if mmi is None or not np.isfinite(float(mmi)):
        return ""
    level = int(mmi_level(float(mmi)))
    spread = f" ± {float(sigma):.1f}" if sigma is not None and np.isfinite(float(sigma)) else ""
    return f"{roman(level)} ({float(mmi):.1f}{spread})"


def _band(level: int) -> tuple[float, float]:
    """The MMI range of a PAGER level (open at both ends for the first and the last)."""
    lower = -np.inf if level <= 0 else level - 0.5
    upper = np.inf if level >= 12 else level + 0.5
    return lower, upper


def _polygons(points: list[np.ndarray], offsets: list[np.ndarray]) -> list[Polygon]:
    """Shapely polygons (outer ring counter-clockwise, holes clockwise) from contourpy's OuterOffset output."""
    out = []
    for pts, offs in zip(points, offsets):
        rings = [pts[a:b] for a, b in zip(offs[:-1], offs[1:]) if b - a >= 4]
        if not rings:
            continue
        poly = Polygon(rings[0], rings[1:])
        if not poly.is_valid:  # duplicate nodes or a ring touching itself at a saddle: repair, keep the areas
            fixed = shapely.make_valid(poly)
            parts = [g for g in getattr(fixed, "geoms", [fixed]) if isinstance(g, (Polygon, MultiPolygon))]
            out += [p for g in parts for p in getattr(g, "geoms", [g])]
        else:
            out.append(poly)
    return [orient(p, sign=1.0) for p in out if not p.is_empty and p.area > 0]


def filled_contours(field: MMIField, levels: Iterable[int] | None = None) -> gpd.GeoDataFrame:
    """Polygons of each MMI level's band of ``field`` (EPSG:4326), highest level first.

    One row per level that has any area: ``mmi`` (int level), ``label`` (roman numeral),
    ``color`` (:func:`mmi_color`) and ``geometry`` (a valid MultiPolygon: outer rings
    counter-clockwise, holes clockwise, as GeoJSON asks). Level ``k`` is the band
    ``k - 0.5 <= mmi < k + 0.5``, interpolated linearly between the field's nodes; NaN
    nodes (no value) are left out. ``levels`` defaults to every level the field holds.

    >>> import numpy as np
    >>> lon = lat = np.linspace(0.0, 1.0, 21)
    >>> f = MMIField(lon, lat, 9.0 - 4 * np.hypot(*np.meshgrid(lon - 0.5, lat - 0.5)), "model", "test")
    >>> filled_contours(f)[["mmi", "label", "color"]].values.tolist()
    [[9, 'IX', '#ff0000'], [8, 'VIII', '#ff9100'], [7, 'VII', '#ffc800'], [6, 'VI', '#ffff00']]
    """
    z = np.ma.masked_invalid(field.mmi)
    if levels is None:  # the levels the field gives whole (a model grid's edge cuts those below its floor)
        levels = sorted(field.level_areas_km2())
    wanted = sorted({int(k) for k in levels}, reverse=True)
    rows: list[dict] = []
    if wanted and z.count():
        gen = contourpy.contour_generator(field.lon, field.lat, z, name="serial", fill_type="OuterOffset", corner_mask=True)
        for k in wanted:
            lower, upper = _band(k)
            polys = _polygons(*gen.filled(lower, upper))
            if polys:
                rows.append({"mmi": k, "label": roman(k), "color": mmi_color(k), "geometry": MultiPolygon(polys)})
    frame = gpd.GeoDataFrame(rows, columns=["mmi", "label", "color", "geometry"], geometry="geometry", crs="EPSG:4326")
    frame["mmi"] = frame["mmi"].astype("int64")
    return frame
