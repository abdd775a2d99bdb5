"""Read OpenCellID's CSV export as base stations.

OpenCellID publishes one row per cell with the columns
``radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal``
(the full export ``cell_towers.csv`` has this header; per-country extracts
``<MCC>.csv`` come without one). Positions are crowd-sourced estimates of
where a cell is heard, not mast surveys, so rows get ``provenance =
approximate``. The operator is looked up from MCC/MNC where known.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from ..errors import InputError
from ..schema import conform, feature_label
from .reader import frame_from_lonlat, read_csv_text

__all__ = ["OPENCELLID_COLUMNS", "OPERATORS", "looks_like_opencellid", "read_opencellid"]

OPENCELLID_COLUMNS: tuple[str, ...] = (
    "radio", "mcc", "net", "area", "cell", "unit", "lon", "lat", "range",
    "samples", "changeable", "created", "updated", "averageSignal",
)  # fmt: skip

#: (MCC, MNC) -> operator, for the networks around Dingri (China and Nepal).
OPERATORS: dict[tuple[int, int], str] = {
    **{(460, n): "China Mobile" for n in (0, 2, 4, 7, 8)},
    **{(460, n): "China Unicom" for n in (1, 6, 9)},
    **{(460, n): "China Telecom" for n in (3, 5, 11)},
    (460, 15): "China Broadnet",
    (429, 1): "Nepal Telecom",
    (429, 2): "Ncell",
}

_RADIOS = {"GSM", "UMTS", "CDMA", "LTE", "NR", "NBIOT"}


def looks_like_opencellid(path: str | Path) -> bool:
    """True when a CSV's first line is OpenCellID's header or one of its data rows."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig") as fh:
            first = fh.readline().strip().split(",")
    except (OSError, UnicodeDecodeError):
        return False
    head = [c.strip().lower() for c in first]
    if head[:5] == ["radio", "mcc", "net", "area", "cell"]:
        return True
    return len(first) >= 9 and first[0].strip().upper() in _RADIOS


def read_opencellid(path: str | Path, *, max_mb: float | None = None) -> gpd.GeoDataFrame:
    """Read an OpenCellID CSV (with or without its header) as a base_stations layer (at most ``max_mb`` MB)."""
    path = Path(path)
    has_header = _has_header(path)
    df = read_csv_text(path, header=has_header, names=None if has_header else list(OPENCELLID_COLUMNS), max_mb=max_mb)
    missing = [c for c in ("radio", "mcc", "net", "area", "cell", "lon", "lat") if c not in df.columns]
    if missing:
        raise InputError(path, f"is missing OpenCellID columns {', '.join(missing)}", field=missing[0])
    for col in ("mcc", "net", "area", "cell"):
        bad = ~df[col].str.fullmatch(r"\d+")
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise InputError(path, f"expected a whole number, got {df[col].iloc[i]!r}", row=feature_label(i, csv=True, header_lines=int(has_header)), field=col)
    df["id"] = df["radio"].str.upper() + "-" + df["mcc"] + "-" + df["net"] + "-" + df["area"] + "-" + df["cell"]
    df["name"] = df["id"]
    df["technology"] = df["radio"].str.upper()
    mcc, mnc = df["mcc"].astype(int), df["net"].astype(int)
    df["operator"] = [OPERATORS.get((a, b), f"MCC {a} MNC {b:02d}") for a, b in zip(mcc, mnc)]
    df["mcc"], df["mnc"] = mcc, mnc
    if "range" in df.columns:
        df = df.rename(columns={"range": "range_m"})
    df["provenance"] = "approximate"
    df["source"] = f"OpenCellID ({path.name}); crowd-sourced cell position estimates"
    gdf = frame_from_lonlat(df, "lon", "lat", path, header_lines=int(has_header))
    return conform(gdf, "base_stations", path=str(path), default_source=df["source"].iloc[0], csv=True, header_lines=int(has_header))


def _has_header(path: Path) -> bool:
    with path.open(encoding="utf-8-sig") as fh:
        return fh.readline().strip().lower().startswith("radio,")
