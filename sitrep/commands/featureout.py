"""Feature listings (``--features``) as GeoJSON, JSON, CSV or a terminal table: one way for every command."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import geopandas as gpd
import pandas as pd

from ..output import render_table, to_json_text, to_safe_csv

__all__ = ["features_text"]


def features_text(
    features: gpd.GeoDataFrame,
    fmt: str,
    *,
    table_columns: Sequence[str],
    cell: Mapping[str, Callable[[object], str]] | None = None,
    rounded: Mapping[str, int] | None = None,
) -> str:
    """``features`` (EPSG:4326) as ``fmt``: GeoJSON as is; JSON and CSV with ``lon``/``lat`` of a point on
    each feature (6 decimals) and ``rounded`` columns; the table shows ``table_columns`` (those present),
    each cell through ``cell[column]`` where given (those columns right-aligned). Times become ISO 8601."""
    for col in features.columns:
        if pd.api.types.is_datetime64_any_dtype(features[col]):
            features[col] = features[col].map(lambda t: t.isoformat() if pd.notna(t) else None)
    if fmt == "geojson":
        return features.to_json(ensure_ascii=False, na="null") + "\n"
    plain = pd.DataFrame(features.drop(columns=features.geometry.name))
    point = features.geometry.representative_point()
    plain.insert(1, "lon", point.x.round(6))
    plain.insert(2, "lat", point.y.round(6))
    for column, digits in (rounded or {}).items():
        if column in plain:
            plain[column] = plain[column].round(digits)
    if fmt == "json":
        return to_json_text(plain.astype(object).where(plain.notna(), None).to_dict(orient="records"))
    if fmt == "csv":
        return to_safe_csv(plain)
    shown = plain[[c for c in table_columns if c in plain.columns]].copy()
    formats = {c: f for c, f in (cell or {}).items() if c in shown.columns}
    for column, f in formats.items():
        shown[column] = shown[column].map(f)
    return render_table(shown, align_right=list(formats))
