"""Benchmark: distance bands over 10 M - 300 M points, one process vs a Dask LocalCluster.

Run: ``.venv/bin/python benchmarks/scale.py [--sizes 10,100,300] [--partition-rows 5000000]``
(sizes in millions of points; default 10). Never part of ``make test``.

For each size it writes a partitioned GeoParquet dataset of points around Dingri (WKB points,
a ``population`` column; partition by partition, so generating needs one partition's memory),
then, each in its own process so that peak memory is measured apart:

* **single machine**: sitrep's existing path - every partition read with
  ``sitrep.io.read_point_columns`` into one array, then ``sitrep.query.band_rows`` (the exact
  point-source engine, on every core through its thread pool). Skipped, with a note, when
  the points would not fit in the memory available (about 100 bytes per point at peak).
* **Dask**: ``sitrep.scale.dask_band_rows`` on a LocalCluster started for the run (one
  single-threaded worker process per core); wall time with and without the cluster's start,
  peak RSS of the client and of each worker (``resource.getrusage`` in the worker, via
  ``client.run``).

Counts (and population sums) of both must be equal; the table says so. Prints a Markdown
table. The data are written under ``--dir`` (default: a new temporary directory) and deleted
afterwards unless ``--keep``. About 30 bytes per point on disk: check ``df -h`` before 300.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
EDGES = (0.0, 10.0, 20.0, 50.0, 100.0, 200.0)
CENTRE = (87.45, 28.50)  # lon, lat: the CENC epicentre of the Dingri 2025 earthquake
BYTES_PER_POINT_PEAK = 100  # single machine, measured: lon, lat, population (24 B), Arrow buffers, bands, sums


def write_dataset(root: Path, n_points: int, partition_rows: int, seed: int = 12) -> list[Path]:
    """``n_points`` points around Dingri in partitions of ``partition_rows`` (GeoParquet 1.0, WKB, EPSG:4326)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root.mkdir(parents=True, exist_ok=True)
    geo = json.dumps({"version": "1.0.0", "primary_column": "geometry",
                      "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}}}).encode()  # fmt: skip
    rng = np.random.default_rng(seed)
    files = []
    for i, start in enumerate(range(0, n_points, partition_rows)):
        n = min(partition_rows, n_points - start)
        wkb = np.empty((n, 21), dtype=np.uint8)
        wkb[:, 0] = 1
        wkb[:, 1:5] = np.frombuffer(np.uint32(1).tobytes(), dtype=np.uint8)
        xy = np.empty((n, 2))
        xy[:, 0] = CENTRE[0] + rng.normal(0.0, 1.2, n)  # about 120 km either way: every band has points
        xy[:, 1] = np.clip(CENTRE[1] + rng.normal(0.0, 0.9, n), -90, 90)
        wkb[:, 5:21] = xy.view(np.uint8).reshape(n, 16)
        offsets = pa.array(np.arange(0, 21 * (n + 1), 21, dtype=np.int32))
        geometry = pa.BinaryArray.from_buffers(pa.binary(), n, [None, offsets.buffers()[1], pa.py_buffer(wkb.tobytes())])
        population = pa.array(rng.integers(0, 40, n).astype(np.float64))
        table = pa.table({"population": population, "geometry": geometry}).replace_schema_metadata({b"geo": geo})
        path = root / f"part-{i:04d}.parquet"
        pq.write_table(table, path, row_group_size=1_000_000)
        files.append(path)
        del wkb, xy, table, geometry, population
    return files


def run_single(root: str) -> dict:
    """The existing single-machine path over all partitions at once (this process)."""
    sys.path.insert(0, str(ROOT))
    from sitrep.io import read_point_columns
    from sitrep.query import BandLayer, Epicentre, band_rows

    t0 = time.perf_counter()
    lons, lats, pops = [], [], []
    for f in sorted(Path(root).glob("*.parquet")):
        cols = read_point_columns(f, ["population"])
        lons.append(cols.lon)
        lats.append(cols.lat)
        pops.append(cols.columns["population"])
    layer = BandLayer.from_points("points", np.concatenate(lons), np.concatenate(lats), {"population": np.concatenate(pops)})
    del lons, lats, pops
    t_read = time.perf_counter() - t0
    rows = band_rows([layer], EDGES, epicentre=Epicentre(*CENTRE))
    wall = time.perf_counter() - t0
    return {"wall_s": wall, "read_s": t_read, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "count": [int(c) for c in rows["count"]], "population": [float(p) for p in rows["population"]]}  # fmt: skip


def _worker_peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_dask(root: str, workers: int) -> dict:
    """``sitrep.scale.dask_band_rows`` on a LocalCluster of ``workers`` processes (this process is the client)."""
    sys.path.insert(0, str(ROOT))
    from sitrep.query import Epicentre
    from sitrep.scale import dask_band_rows, dask_client

    t0 = time.perf_counter()
    with dask_client(None, n_workers=workers) as client:
        t_start = time.perf_counter() - t0
        t1 = time.perf_counter()
        rows = dask_band_rows([root], EDGES, epicentre=Epicentre(*CENTRE), scheduler=client, progress=False)
        t_run = time.perf_counter() - t1
        peaks = client.run(_worker_peak_mb)
    return {"wall_s": time.perf_counter() - t0, "start_s": t_start, "run_s": t_run,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "worker_peak_mb": sorted(peaks.values()),
            "count": [int(c) for c in rows["count"]], "population": [float(p) for p in rows["population"]]}  # fmt: skip


def _child(mode: str, root: Path, workers: int) -> dict:
    cmd = [sys.executable, __file__, "--child", mode, str(root), "--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _available_mb() -> float:
    try:
        import psutil

        return psutil.virtual_memory().available / 2**20
    except ImportError:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10", help="millions of points, comma-separated (default: %(default)s)")
    ap.add_argument("--partition-rows", type=int, default=5_000_000, help="rows per partition (default: %(default)s)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="Dask worker processes (default: cores)")
    ap.add_argument("--dir", help="where to write the datasets (default: a new temporary directory)")
    ap.add_argument("--keep", action="store_true", help="keep the generated datasets")
    ap.add_argument("--child", nargs=2, metavar=("MODE", "DIR"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        mode, root = args.child
        print(json.dumps(run_single(root) if mode == "single" else run_dask(root, args.workers)))
        return 0
    base = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="sitrep-scale-"))
    lines = [
        f"Distance bands ({', '.join(f'{e:g}' for e in EDGES)} km) from a point source, partitions of {args.partition_rows:,} points, "
        f"{os.cpu_count()} cores, Dask LocalCluster of {args.workers} single-threaded worker processes",
        "",
        "| points | partitions | generate s | single: wall s | single: peak MB | dask: wall s (start + run) | dask: client peak MB "
        "| dask: worker peak MB | counts equal |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    try:
        for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
            n = size * 1_000_000
            root = base / f"points-{size}m"
            t0 = time.perf_counter()
            files = write_dataset(root, n, args.partition_rows)
            t_gen = time.perf_counter() - t0
            need = n * BYTES_PER_POINT_PEAK / 2**20
            if need > 0.7 * _available_mb():
                single = {"error": f"skipped: needs ~{need:,.0f} MB, {_available_mb():,.0f} MB available"}
            else:
                single = _child("single", root, args.workers)
            dask = _child("dask", root, args.workers)
            equal = ("-" if "error" in single or "error" in dask
                     else "yes" if single["count"] == dask["count"] and single["population"] == dask["population"] else "NO")  # fmt: skip
            s_wall = single.get("error") or f"{single['wall_s']:.1f}"
            s_peak = "-" if "error" in single else f"{single['peak_mb']:,.0f}"
            if "error" in dask:
                d_wall, d_client, d_workers = dask["error"], "-", "-"
            else:
                d_wall = f"{dask['wall_s']:.1f} ({dask['start_s']:.1f} + {dask['run_s']:.1f})"
                d_client = f"{dask['peak_mb']:,.0f}"
                d_workers = " / ".join(f"{p:,.0f}" for p in dask["worker_peak_mb"])
            lines.append(f"| {size} M | {len(files)} | {t_gen:.1f} | {s_wall} | {s_peak} | {d_wall} | {d_client} | {d_workers} | {equal} |")
            print(lines[-1], file=sys.stderr, flush=True)
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
    finally:
        if not args.keep and not args.dir:
            shutil.rmtree(base, ignore_errors=True)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
