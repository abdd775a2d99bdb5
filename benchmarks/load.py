"""Benchmark: reading the bundled scenario and a large point layer from each format.

Run: ``make bench`` (or ``.venv/bin/python benchmarks/load.py``). Prints a Markdown table
(median of 5 runs) for README. Never part of ``make test``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np

from sitrep.io import load_layer, load_scenario


def timed(fn, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    rows = [("bundled Dingri scenario, 8 layers (956 features)", timed(lambda: load_scenario("dingri-2025")))]
    rng = np.random.default_rng(0)
    n = 100_000
    gdf = gpd.GeoDataFrame(
        {"id": [f"p{i}" for i in range(n)], "population": rng.integers(0, 500, n)},
        geometry=gpd.points_from_xy(rng.uniform(86, 88, n), rng.uniform(28, 29.2, n)),
        crs="EPSG:4326",
    )
    with tempfile.TemporaryDirectory() as tmp:
        for suffix, write in (
            (".csv", lambda p: gdf.assign(lon=gdf.geometry.x, lat=gdf.geometry.y).drop(columns="geometry").to_csv(p, index=False)),
            (".parquet", lambda p: gdf.to_parquet(p)),
            (".gpkg", lambda p: gdf.to_file(p)),
            (".geojson", lambda p: gdf.to_file(p, driver="GeoJSON")),
        ):
            path = Path(tmp) / f"villages{suffix}"
            write(path)
            rows.append((f"100,000 villages from {suffix[1:]}", timed(lambda p=path: load_layer(p, "villages"), repeat=3)))
    print("| what | median s |\n|---|---:|")
    for what, s in rows:
        print(f"| {what} | {s:.3f} |")


if __name__ == "__main__":
    main()
