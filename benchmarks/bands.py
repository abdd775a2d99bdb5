"""Benchmark: distance bands for 1 M, 5 M and 10 M random points, sitrep against what an analyst writes.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bands.py [--sizes 1,5,10]``.
Prints a Markdown table for README. Never part of ``make test``.

Points are uniform in a 2.2° x 2° box around the CENC epicentre (28.50N 87.45E), bands
0-10-20-50 km. Every method runs in its own process; peak memory is that process's maximum
resident set (``os.wait4``), so it includes the Python interpreter and the libraries.

Methods
  engine        sitrep.distance.point_source_bands on lon/lat arrays (exact)
  a_geod        pyproj Geod.inv vectorized + numpy.digitize (exact; the reference)
  b_utm         GeoPandas to_crs(EPSG:32645, UTM 45N) + distance + digitize (inexact)
  c_haversine   numpy haversine, R = 6371.0088 km + digitize (inexact)
  cli           `sitrep bands --layer points.parquet --format json`, whole process
  gpd_read_a    whole process: geopandas.read_parquet + (a) + bincount
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

LON0, LAT0 = 87.45, 28.50
EDGES = (0.0, 10.0, 20.0, 50.0)
ROOT = Path(__file__).resolve().parents[1]


def make_points(n_million: int, folder: Path) -> Path:
    """points_<n>M.npz (lon, lat) and .parquet (GeoParquet, WKB points) in ``folder``."""
    npz = folder / f"points_{n_million}M.npz"
    if not npz.exists():
        import geopandas as gpd

        rng = np.random.default_rng(n_million)
        n = n_million * 1_000_000
        lon, lat = rng.uniform(LON0 - 1.1, LON0 + 1.1, n), rng.uniform(LAT0 - 1.0, LAT0 + 1.0, n)
        np.savez(npz, lon=lon, lat=lat)
        gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326").to_parquet(npz.with_suffix(".parquet"))
    return npz


# --- workers (each runs in a fresh process) ------------------------------------------------------


def worker(method: str, npz: Path, out: Path) -> None:
    if method in ("cli", "gpd_read_a"):
        raise SystemExit("whole-process methods are run directly")
    import geopandas as gpd
    from pyproj import Geod
    from shapely.geometry import Point

    from sitrep.distance import point_source_bands

    data = np.load(npz)
    lon, lat = data["lon"], data["lat"]
    if method == "b_utm":
        gdf = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    t0 = time.perf_counter()
    if method == "engine":
        band = point_source_bands(lon, lat, LON0, LAT0, EDGES)
    elif method == "a_geod":
        _, _, d = Geod(ellps="WGS84").inv(np.full(lon.size, LON0), np.full(lat.size, LAT0), lon, lat)
        band = np.digitize(d / 1000.0, EDGES) - 1
    elif method == "b_utm":
        utm = gdf.to_crs("EPSG:32645")
        origin = gpd.GeoSeries([Point(LON0, LAT0)], crs="EPSG:4326").to_crs("EPSG:32645").iloc[0]
        band = np.digitize(utm.distance(origin).to_numpy() / 1000.0, EDGES) - 1
    elif method == "c_haversine":
        p, p0, dl = np.radians(lat), np.radians(LAT0), np.radians(lon - LON0)
        h = np.sin((p - p0) / 2) ** 2 + np.cos(p) * np.cos(p0) * np.sin(dl / 2) ** 2
        band = np.digitize(2 * 6371.0088 * np.arcsin(np.sqrt(h)), EDGES) - 1
    else:
        raise SystemExit(f"unknown method {method}")
    seconds = time.perf_counter() - t0
    np.save(out, np.asarray(band, dtype=np.int16))
    print(json.dumps({"seconds": seconds}))
    report_peak()


def report_peak() -> None:
    """This process's peak resident set (VmHWM), on stderr, for the parent to read."""
    with open("/proc/self/status") as fh:
        kb = next(line.split()[1] for line in fh if line.startswith("VmHWM"))
    print(f"PEAK_KB {kb}", file=sys.stderr)


PEAK = (
    "\nwith open('/proc/self/status') as fh:"
    "\n    print('PEAK_KB', next(l.split()[1] for l in fh if l.startswith('VmHWM')), file=sys.stderr)\n"
)
CLI = "import sys\nfrom sitrep.cli import main\nrc = main(sys.argv[1:])" + PEAK + "sys.exit(rc)\n"
GPD_READ_A = """
import sys, numpy as np, geopandas as gpd
from pyproj import Geod
g = gpd.read_parquet(sys.argv[1])
_, _, d = Geod(ellps="WGS84").inv(np.full(len(g), {lon}), np.full(len(g), {lat}), g.geometry.x.to_numpy(), g.geometry.y.to_numpy())
print(np.bincount(np.digitize(d / 1000.0, {edges}) - 1))
""" + PEAK


def run_child(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident MB (the child's own VmHWM) and stdout of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} failed: {proc.stderr}")
    kb = next(int(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith("PEAK_KB"))
    return wall, kb / 1024.0, proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,5,10", help="millions of points (default: %(default)s)")
    parser.add_argument("--worker", nargs=3, metavar=("METHOD", "NPZ", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], Path(args.worker[1]), Path(args.worker[2]))
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in (int(s) for s in args.sizes.split(",")):
            npz = make_points(n, folder)
            parquet = npz.with_suffix(".parquet")
            bands = {}
            for method in ("engine", "a_geod", "b_utm", "c_haversine"):
                out = folder / f"{method}_{n}.npy"
                _, peak, text = run_child([sys.executable, __file__, "--worker", method, str(npz), str(out)])
                bands[method] = np.load(out)
                rows.append({"n": n, "method": method, "seconds": json.loads(text)["seconds"], "peak_mb": peak})
            cli = [sys.executable, "-c", CLI, "bands", "--layer", str(parquet), "--format", "json"]
            wall, peak, text = run_child(cli)
            cli_counts = [r["count"] for r in json.loads(text)["rows"]]
            rows.append({"n": n, "method": "cli", "seconds": wall, "peak_mb": peak})
            script = GPD_READ_A.format(lon=LON0, lat=LAT0, edges=list(EDGES))
            wall, peak, _ = run_child([sys.executable, "-c", script, str(parquet)])
            rows.append({"n": n, "method": "gpd_read_a", "seconds": wall, "peak_mb": peak})
            ref = bands["a_geod"]
            if not np.array_equal(bands["engine"], ref) or cli_counts != np.bincount(ref, minlength=4).tolist():
                raise SystemExit(f"engine or CLI disagrees with Geod.inv at {n}M points")
            for row in rows:
                if row["n"] == n and row["method"] in bands:
                    row["misplaced"] = int((bands[row["method"]] != ref).sum())
    print_table(rows)


def print_table(rows: list[dict]) -> None:
    by = {(r["n"], r["method"]): r["seconds"] for r in rows}
    print("| points | method | seconds | points/s | speed-up | peak MB | misplaced |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for r in rows:
        n, method, sec = r["n"], r["method"], r["seconds"]
        ref = by[(n, "gpd_read_a")] if method in ("cli", "gpd_read_a") else by[(n, "a_geod")]
        versus = "read + (a)" if method in ("cli", "gpd_read_a") else "(a)"
        print(f"| {n} M | {method} | {sec:.2f} | {n / sec:.1f} M | {ref / sec:.1f}x vs {versus} | {r['peak_mb']:,.0f} | {r.get('misplaced', '-')} |")


if __name__ == "__main__":
    main()
