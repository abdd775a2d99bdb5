"""Exposure by shaking intensity: MMI at every feature, counts and people per MMI level, the fatality estimate.

The layers are :class:`sitrep.query.BandLayer` (what ``sitrep bands`` counts);
the intensity is an :class:`~sitrep.intensity.field.MMIField`. Levels are
PAGER's bins (level ``k`` holds ``k - 0.5 <= MMI < k + 0.5``), listed from the
highest down.

Where a feature is: a point at its position; a line or polygon at the
**highest** MMI over its extent (its vertices, densified to half a grid step,
its representative point and, for a polygon, every grid node inside it), with
all its people at that level: what a responder asks of a road or a county is
"how hard was it shaken at worst". A feature where the field has no value is
"outside the intensity field": no MMI, counted apart, never as level 0.

:func:`assess` gathers all of it in the dict that ``sitrep intensity --format
json``, the app and the reports show; its fatality figure is a **model
estimate** (PAGER's empirical model, :mod:`sitrep.intensity.pager`), labelled
so wherever it goes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..query import DEFAULT_SUM, BandLayer, _numeric, _sum_fields
from . import pager
from .field import MMIField, mmi_level, roman

if TYPE_CHECKING:
    from ..io.rasters import PopulationGrid

__all__ = ["OUTSIDE", "LABEL", "feature_mmi", "layer_mmi", "exposure_levels", "affected", "assess", "assess_parts", "people_and"]

#: What a feature with no MMI is called (the field has no value there).
OUTSIDE = "outside the intensity field"
#: How every figure the fatality model makes is labelled.
LABEL = "model estimate"


def _samples(geom, field: MMIField) -> np.ndarray:
    """Points (lon, lat) at which a line or polygon is sampled: densified vertices, representative point, inner nodes."""
    step = min(field.dlon, field.dlat) / 2
    parts = [
        shapely.get_coordinates(shapely.segmentize(geom, step)),
        shapely.get_coordinates(geom.representative_point()),
    ]
    if shapely.get_dimensions(geom) == 2:
        west, south, east, north = geom.bounds
        lon = field.lon[(field.lon >= west) & (field.lon <= east)]
        lat = field.lat[(field.lat >= south) & (field.lat <= north)]
        if lon.size and lat.size:
            gx, gy = np.meshgrid(lon, lat)
            inside = shapely.contains_xy(geom, gx, gy)
            parts.append(np.column_stack([gx[inside], gy[inside]]))
    return np.concatenate(parts)


def layer_mmi(layer: BandLayer, field: MMIField) -> tuple[np.ndarray, np.ndarray]:
    """MMI and its sigma (NaN where the field has none) at every feature of ``layer``, aligned with its rows.

    Points by bilinear interpolation at their position; lines and polygons at
    their highest value (see the module's docstring), the sigma taken where
    that highest value is. NaN: the feature is outside the intensity field.
    """
    n = len(layer)
    mmi = np.full(n, np.nan)
    sigma = np.full(n, np.nan)
    others = layer.others if layer.others is not None else np.full(n, None, dtype=object)
    is_other = np.array([g is not None and not shapely.is_empty(g) for g in others], dtype=bool)
    pts = ~is_other & np.isfinite(layer.lon) & np.isfinite(layer.lat)
    if pts.any():
        m, s = field.at(layer.lon[pts], layer.lat[pts])
        mmi[pts] = m
        if s is not None:
            sigma[pts] = s
    if is_other.any():
        rows = np.flatnonzero(is_other)
        samples = [_samples(others[i], field) for i in rows]
        owner = np.repeat(np.arange(rows.size), [len(s) for s in samples])
        xy = np.concatenate(samples)
        m, s = field.at(xy[:, 0], xy[:, 1])
        frame = pd.DataFrame({"owner": owner, "mmi": m, "sigma": np.nan if s is None else s}).dropna(subset=["mmi"])
        if not frame.empty:
            best = frame.loc[frame.groupby("owner")["mmi"].idxmax()]
            mmi[rows[best["owner"].to_numpy()]] = best["mmi"].to_numpy()
            sigma[rows[best["owner"].to_numpy()]] = best["sigma"].to_numpy()
    return mmi, sigma


def _level_column(mmi: np.ndarray) -> pd.arrays.IntegerArray:
    levels = mmi_level(mmi).astype("int64")
    return pd.array(np.where(levels < 0, None, levels).tolist(), dtype="Int64")


def feature_mmi(layers: Sequence[BandLayer], field: MMIField) -> gpd.GeoDataFrame:
    """Every feature of every layer with ``layer``, ``mmi``, ``mmi_sigma``, ``level`` and ``mmi_note`` added (EPSG:4326).

    ``mmi_sigma`` is NaN where the field carries no sigma (a ShakeMap grid
    without STDMMI); ``level`` is the PAGER level (``<NA>`` and ``mmi_note``
    "outside the intensity field" where the field has no value).
    """
    parts = []
    for layer in layers:
        gdf = layer.frame if layer.frame is not None else gpd.GeoDataFrame(
            layer.columns, geometry=gpd.points_from_xy(layer.lon, layer.lat), crs="EPSG:4326"
        )  # fmt: skip
        mmi, sigma = layer_mmi(layer, field)
        out = gdf.copy()
        out.insert(0, "layer", layer.name)
        out["mmi"] = mmi
        out["mmi_sigma"] = sigma
        out["level"] = _level_column(mmi)
        out["mmi_note"] = np.where(np.isnan(mmi), OUTSIDE, "")
        parts.append(out)
    if not parts:
        return gpd.GeoDataFrame(
            {"layer": [], "mmi": [], "mmi_sigma": [], "level": [], "mmi_note": []}, geometry=[], crs="EPSG:4326"
        )
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs="EPSG:4326")


def _levels_listed(field: MMIField, found: set[int]) -> list[int]:
    return sorted(set(field.level_areas_km2()) | found, reverse=True)


def exposure_levels(
    layers: Sequence[BandLayer],
    field: MMIField,
    sums: Sequence[str] | None = None,
    *,
    mmi: Sequence[np.ndarray] | None = None,
) -> pd.DataFrame:
    """Per MMI level (highest first) and layer: the level's area, the features' count and sums.

    Columns ``mmi`` (the level, int), ``roman``, ``area_km2`` (cells of that
    level, exact on WGS84), ``layer``, ``count`` and one column per summed
    field (``sums=None``: ``population`` where a layer has it, as ``sitrep
    bands`` does; NaN values count as 0; NaN for a layer without the field).
    Every level with area is listed, with count 0 where no feature lies in it.
    Features outside the field are in no row (see :func:`assess`). ``mmi``:
    each layer's values from :func:`layer_mmi` when already computed.
    """
    areas = field.level_areas_km2()
    per_layer = []
    found: set[int] = set()
    fields_all: list[str] = []
    values_mmi = mmi if mmi is not None else [layer_mmi(layer, field)[0] for layer in layers]
    for layer, layer_values in zip(layers, values_mmi, strict=True):
        level = mmi_level(layer_values)
        fields = _sum_fields(layer, sums)
        values = {f: np.nan_to_num(_numeric(layer, f), nan=0.0) for f in fields}
        ok = level >= 0
        found |= set(np.unique(level[ok]).tolist())
        per_layer.append((layer.name, level, ok, values))
        fields_all += [f for f in fields if f not in fields_all]
    rows = []
    for k in _levels_listed(field, found):
        for name, level, ok, values in per_layer:
            at = ok & (level == k)
            row = {"mmi": k, "roman": roman(k), "area_km2": areas.get(k), "layer": name, "count": int(at.sum())}
            for f in fields_all:
                row[f] = float(values[f][at].sum()) if f in values else np.nan
            rows.append(row)
        if not per_layer:
            rows.append({"mmi": k, "roman": roman(k), "area_km2": areas.get(k), "layer": None, "count": pd.NA})
    columns = ["mmi", "roman", "area_km2", "layer", "count", *fields_all]
    return pd.DataFrame(rows, columns=columns)


def _text_column(layer: BandLayer, name: str) -> np.ndarray | None:
    col = next((c for c in layer.columns if c.lower() == name), None)
    return None if col is None else pd.Series(layer.columns[col]).fillna("").astype(str).to_numpy()


def affected(
    layers: Sequence[BandLayer], field: MMIField, at_least: int = 8, *, mmi: Sequence[np.ndarray] | None = None
) -> pd.DataFrame:
    """Features at MMI level ``at_least`` or more ("villages at VIII or more"), highest MMI first.

    Columns ``layer, name, name_zh, mmi, level, roman, population``:
    ``name_zh`` is "" and ``population`` NaN where a layer has none; a feature
    with no name is named by its number in the layer ("feature 12"). ``mmi``
    as in :func:`exposure_levels`.
    """
    parts = []
    values_mmi = mmi if mmi is not None else [layer_mmi(layer, field)[0] for layer in layers]
    for layer, values in zip(layers, values_mmi, strict=True):
        level = mmi_level(values)
        keep = np.flatnonzero(level >= int(at_least))
        if keep.size == 0:
            continue
        names = _text_column(layer, "name")
        names_zh = _text_column(layer, "name_zh")
        pop = _sum_fields(layer, [DEFAULT_SUM])
        parts.append(pd.DataFrame({
            "layer": layer.name,
            "name": [names[i] if names is not None and names[i] else f"feature {i + 1}" for i in keep],
            "name_zh": names_zh[keep] if names_zh is not None else "",
            "mmi": values[keep],
            "level": level[keep].astype("int64"),
            "roman": [roman(k) for k in level[keep]],
            "population": _numeric(layer, pop[0])[keep] if pop else np.nan,
        }))  # fmt: skip
    if not parts:
        return pd.DataFrame({c: [] for c in ("layer", "name", "name_zh", "mmi", "level", "roman", "population")})
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["mmi", "layer", "name"], ascending=[False, True, True], kind="stable").reset_index(
        drop=True
    )


def _jsonable(value):
    """Field metadata as JSON values (numbers, text, lists, dicts); anything else as its text."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_jsonable(v) for v in value]
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(value)


def _number(v) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


def _limits(field: MMIField, population_from: Sequence[str], *, gridded: bool = False) -> list[str]:
    lines = [
        "The fatality figure is a model estimate (USGS PAGER's empirical model, Jaiswal & Wald 2010), never a report "
        "of deaths: show it beside reported figures, never in their place.",
        "PAGER's model is calibrated on LandScan population exposure (ambient population on a ~1 km grid, every "
        "person in the shaken area); here exposure is the people in the features of "
        + (", ".join(population_from) or "no layer")
        + ": a layer that covers only part of the shaken area (one county's villages, say) under-counts exposure "
        "and so the estimate."
        if not gridded
        else "PAGER's model is calibrated on LandScan population exposure (ambient population on a ~1 km grid); here "
        "exposure is the population grid " + ", ".join(population_from) + ": a residential grid (WorldPop, GHSL) "
        "or one of another year counts other people, and a grid that stops short of the shaken area under-counts.",
        "A line or polygon counts at the highest MMI over its extent, with all its people.",
        *(["A population grid's people are taken as spread evenly over each cell; a cell split between levels gives "
           "each the fraction it covers."] if gridded else []),
        "One country model for the whole field; PAGER splits exposure by country.",
        "Levels are PAGER's bins: level k holds k-0.5 <= MMI < k+0.5.",
    ]
    if field.source == "model":
        lines.append(
            "MMI comes from an intensity prediction equation, not from observations: one sigma of MMI moves people "
            "between levels and can change the fatality estimate several-fold."
        )
    return lines


def assess(
    field: MMIField,
    layers: Sequence[BandLayer],
    *,
    country: str | None,
    sums: Sequence[str] | None = None,
    population_layers: Sequence[str] | None = None,
    at_least: int = 8,
    grids: Sequence[PopulationGrid] = (),
) -> dict:
    """Shaking, exposure and the fatality estimate as one JSON-ready dict (``sitrep intensity --format json``).

    Keys (the contract): ``source``, ``model``, ``levels`` (highest first:
    ``{"mmi", "roman", "area_km2", "rows": [{"layer", "count", "population",
    <other sums>}]}``; ``population`` is None for a layer without it) and
    ``fatalities`` (``{"model", "country", "estimate", "low", "high",
    "alert", "label": "model estimate", "probabilities", "g", "population_from",
    ...}`` from :meth:`pager.FatalityEstimate.as_dict`, or None when no layer
    has population, with the reason in ``fatalities_reason``). Also:
    ``label``, ``outside`` (features outside the field, per layer),
    ``affected`` (features at ``at_least`` or more), ``sigma``, ``inputs``
    (the field's metadata), ``notes`` and ``limits``.

    The fatality model takes people per level from ``population_layers``
    (default: every layer with a ``population`` field); several such layers
    are summed (and the notes warn of double counting if they overlap).

    ``grids``: population grids (:func:`sitrep.io.rasters.read_population_grid`);
    each adds a row per level (``layer`` = the grid's name, ``count`` None,
    ``population`` = the exact fractional sum of its cells in the level's band,
    :mod:`sitrep.intensity.rasters`), and the fatality model then takes its
    people from the grids (PAGER's practice: gridded population) instead of
    the layers; ``population_grids`` describes them.
    """
    mmis = [layer_mmi(layer, field)[0] for layer in layers]  # once per layer: the slow part for polygons
    table = exposure_levels(layers, field, people_and(sums), mmi=mmis)
    with_population = [layer.name for layer in layers if _sum_fields(layer, [DEFAULT_SUM])]
    outside = []
    for layer, values in zip(layers, mmis, strict=True):
        pop = _sum_fields(layer, [DEFAULT_SUM])
        people = np.nan_to_num(_numeric(layer, pop[0]), nan=0.0) if pop else None
        out = np.isnan(values)
        if out.any():
            outside.append({"layer": layer.name, "count": int(out.sum()),
                            "population": float(people[out].sum()) if people is not None else None, "note": OUTSIDE})  # fmt: skip
    found = affected(layers, field, at_least, mmi=mmis)
    return assess_parts(field, table, outside, found, with_population, country=country,
                        population_layers=population_layers, at_least=at_least, grids=grids)  # fmt: skip


def people_and(sums: Sequence[str] | None) -> list[str] | None:
    """The fields :func:`assess` sums: ``population`` always, then ``sums`` (None: population where present)."""
    return None if sums is None else [DEFAULT_SUM, *(f for f in sums if f.lower() != DEFAULT_SUM)]


def assess_parts(
    field: MMIField,
    table: pd.DataFrame,
    outside: Sequence[dict],
    found: pd.DataFrame,
    with_population: Sequence[str],
    *,
    country: str | None,
    population_layers: Sequence[str] | None = None,
    at_least: int = 8,
    grids: Sequence[PopulationGrid] = (),
) -> dict:
    """:func:`assess`'s dict from its parts, however they were computed (here, or per partition by :mod:`sitrep.scale`).

    ``table``: :func:`exposure_levels`' rows; ``outside``: per layer with features
    outside the field ``{"layer", "count", "population", "note"}``; ``found``:
    :func:`affected`'s rows; ``with_population``: the layers that have a
    population field, in order.
    """
    outside = [dict(o) for o in outside]
    pop_col = next((c for c in table.columns if c.lower() == DEFAULT_SUM), None)
    levels = []
    for k, group in table.groupby("mmi", sort=False):
        rows = []
        for _, r in group.iterrows():
            if r["layer"] is None:
                continue
            row = {
                "layer": r["layer"],
                "count": int(r["count"]),
                "population": _number(r[pop_col]) if pop_col else None,
            }
            for c in table.columns[5:]:
                if c != pop_col:
                    row[c] = _number(r[c])
            rows.append(row)
        levels.append(
            {"mmi": int(k), "roman": roman(int(k)), "area_km2": _area(group["area_km2"].iloc[0]), "rows": rows}
        )

    # --- population grids (sitrep.intensity.rasters): rows per level, and the people the fatality model takes
    grid_levels = _grid_rows(field, grids, levels)

    chosen = list(population_layers) if population_layers is not None else with_population
    unknown = [n for n in chosen if n not in with_population]
    notes: list[str] = []
    if unknown:
        notes.append(f"no population field in layer(s) {', '.join(unknown)}: not used for the fatality estimate")
        chosen = [n for n in chosen if n in with_population]
    people_by_level: dict[int, float] = {}
    pop_cols = [c for c in table.columns[5:] if c.lower() == DEFAULT_SUM]
    for name in dict.fromkeys(table["layer"].dropna()):  # layer order; a level the layer has no feature in adds 0
        if name not in chosen:
            continue
        own = table[(table["layer"] == name) & (table["count"] > 0)].sort_values("mmi")  # lowest level first, as before
        for k, r in zip(own["mmi"], own[pop_cols].itertuples(index=False)):
            people = next((v for v in r if not pd.isna(v)), None)
            if people is not None:
                people_by_level[int(k)] = people_by_level.get(int(k), 0.0) + float(people)

    if grids:
        notes.append(
            f"people per level for the fatality estimate from the population grid(s) {', '.join(g.name for g in grids)} "
            "(exact cell fractions in each MMI band; PAGER too uses gridded population)"
            + ("; the layers' population fields are not used for it" if chosen else "")
        )
        chosen = [g.name for g in grids]
        people_by_level = {}
        for per_level in grid_levels.values():
            for k, v in per_level.items():
                people_by_level[k] = people_by_level.get(k, 0.0) + v
    fatalities = None
    reason = None
    if chosen and not (country or "").strip():
        reason = ("no country: PAGER's fatality model is calibrated per country - give --country CC "
                  "(ISO 3166 alpha-2) or set the incident's country (sitrep incident new --country)")  # fmt: skip
    elif chosen:
        exposure = {k: v for k, v in people_by_level.items() if v > 0}
        est = pager.estimate_fatalities(exposure, country)
        fatalities = est.as_dict()
        fatalities["population_from"] = chosen
        fatalities["notes"] = fatalities["notes"] + notes
        if len(chosen) > 1:
            fatalities["notes"].append(
                f"population summed over {len(chosen)} layers ({', '.join(chosen)}): if they overlap (villages inside "
                "counties) the exposure is counted twice"
            )
        for o in outside:
            if o["layer"] in chosen and o["population"]:
                fatalities["notes"].append(
                    f"{o['population']:,.0f} people of {o['layer']} are {OUTSIDE} and not counted"
                )
    else:
        reason = ("no layer has a population field (and no population grid was given): people per MMI level, and so a "
                  "fatality estimate, cannot be computed")

    sigma = None
    if field.sigma is not None and np.isfinite(field.sigma).any():
        sigma = {"mean": float(np.nanmean(field.sigma)), "max": float(np.nanmax(field.sigma)),
                 "note": "standard deviation of MMI carried by the field; levels use the central value"}  # fmt: skip
    return {
        "source": field.source,
        "model": field.model,
        "levels": levels,
        "fatalities": fatalities,
        "fatalities_reason": reason,
        "label": LABEL,
        "outside": outside,
        "affected": {
            "at_least": int(at_least),
            "roman": roman(int(at_least)),
            "total": int(len(found)),  # (the Dask engine lists at most sitrep.scale.AFFECTED_LIMIT of them)
            "features": [
                {k: _jsonable(v) if k != "population" else _number(v) for k, v in r.items()}
                for r in found.to_dict("records")
            ],
        },
        "sigma": sigma,
        "inputs": _jsonable(dict(field.meta)),
        "notes": notes,
        "limits": _limits(field, chosen, gridded=bool(grids)),
        "population_grids": [_grid_info(g, grid_levels[g.name]) for g in grids],
    }


def _grid_rows(field: MMIField, grids: Sequence[PopulationGrid], levels: list[dict]) -> dict[str, dict[int, float]]:
    """People per level of each grid; adds a row per grid to every level of ``levels`` (and levels only a grid has).

    Only levels the field gives an area for: below a model grid's floor a band is cut by the grid's edge, so its
    people would be a part of the level's.
    """
    from .rasters import grid_exposure

    if not grids:
        return {}
    from .contours import filled_contours

    bands = filled_contours(field)
    areas = field.level_areas_km2()
    per_grid = {g.name: {k: v for k, v in grid_exposure(field, g, bands=bands).items() if k in areas} for g in grids}
    listed = {lv["mmi"] for lv in levels}
    for k in sorted({k for v in per_grid.values() for k in v} - listed):
        levels.append({"mmi": k, "roman": roman(k), "area_km2": _area(areas.get(k)), "rows": []})
    levels.sort(key=lambda lv: lv["mmi"], reverse=True)
    for lv in levels:
        for name, per_level in per_grid.items():
            lv["rows"].append({"layer": name, "count": None, "population": float(per_level.get(lv["mmi"], 0.0))})
    return per_grid


def _grid_info(grid: PopulationGrid, per_level: Mapping[int, float]) -> dict:
    """What the report states about a population grid: file, CRS, cells read, people read and people in the bands."""
    import pyproj

    read = grid.total()
    counted = float(sum(per_level.values()))
    return {"name": grid.name, "path": grid.path, "crs": pyproj.CRS.from_wkt(grid.crs_wkt).to_string(),
            "cells": int(grid.people.size), "people_read": read, "people_in_levels": counted,
            "note": f"{max(read - counted, 0.0):,.0f} of the {read:,.0f} people read lie outside the MMI levels "
                    "(beyond the intensity field, or below a model's lowest whole level) and are in no level"}  # fmt: skip


def _area(value: object) -> float | None:
    """A level's area, or None where the field does not give it whole (below a model grid's floor)."""
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]
