"""Benchmark: Joyner-Boore bands to the Dingri rupture, sitrep against the GeoPandas UTM shortcut.

Run: ``.venv/bin/python benchmarks/rupture.py [--sizes 1,10] [--repeat 3]``.
Prints a Markdown table for README. Never part of ``make test``.

Points are uniform in a 2.2° x 2° box around the CENC epicentre (28.50N 87.45E), bands
0-10-20-50 km to the scenario's rupture trace (data/dingri-2025/rupture.geojson). Every
method runs in this one process, one after the other on the same arrays, so the ratios are
fair on a shared machine; each figure is the best of ``--repeat`` runs.

Methods
  sitrep        sitrep.distance.trace_bands (exact: proven interval, exact refinement near edges)
  utm_shortcut  GeoPandas to_crs(EPSG:32645, UTM 45N) + distance to the projected line + digitize
                (the GeoDataFrame is built before the clock starts)
  exact_all     sitrep.distance.distance_to_trace_km for every point + digitize (1 M only):
                the exact distance of every point (the foot point iterated on the ellipsoid)
  rjb_before    the previous ipe.rjb_km (azimuthal equidistant foot point + one geodesic; 1 M only),
                for the model-field comparison: time and largest distance difference
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

LON0, LAT0 = 87.45, 28.50
EDGES = (0.0, 10.0, 20.0, 50.0)
ROOT = Path(__file__).resolve().parents[1]


def rupture():
    import shapely

    data = json.loads((ROOT / "data" / "dingri-2025" / "rupture.geojson").read_text())
    return shapely.geometry.shape(data["features"][0]["geometry"])


def best(fn, repeat: int, *args):
    """(best seconds, last result) of ``repeat`` calls of ``fn(*args)``."""
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(*args)
        times.append(time.perf_counter() - t0)
    return min(times), out


def rjb_before(lon, lat, trace):
    """The previous ipe.rjb_km (until issue 12), verbatim but for the imports."""
    import shapely
    from pyproj import Transformer

    from sitrep.geodesy import WGS84
    from sitrep.trace import _areal_part, _segments

    x, y = np.atleast_1d(lon), np.atleast_1d(lat)
    segs = _segments(trace)
    c = trace.centroid
    proj = Transformer.from_crs("EPSG:4326", f"+proj=aeqd +lat_0={c.y} +lon_0={c.x} +ellps=WGS84 +units=m", always_xy=True)
    px, py = proj.transform(x, y)
    ax, ay = proj.transform(segs[:, 0], segs[:, 1])
    bx, by = proj.transform(segs[:, 2], segs[:, 3])
    vx, vy = bx - ax, by - ay
    vv = vx * vx + vy * vy
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.clip(((px[:, None] - ax) * vx + (py[:, None] - ay) * vy) / vv, 0.0, 1.0)
    t = np.where(vv > 0, t, 0.0)
    planar = np.hypot(px[:, None] - (ax + t * vx), py[:, None] - (ay + t * vy))
    cand = planar <= planar.min(axis=1, keepdims=True) * 1.005 + 1000.0
    pi, sj = np.nonzero(cand)
    az, _, length = WGS84.inv(segs[:, 0], segs[:, 1], segs[:, 2], segs[:, 3])
    flon, flat, _ = WGS84.fwd(segs[sj, 0], segs[sj, 1], np.asarray(az)[sj], np.asarray(length)[sj] * t[pi, sj])
    d = np.asarray(WGS84.inv(x[pi], y[pi], flon, flat)[2]) / 1000.0
    out = np.full(x.size, np.inf)
    np.minimum.at(out, pi, d)
    areal = _areal_part(trace)
    if areal is not None:
        out[shapely.contains_xy(areal, x, y)] = 0.0
    return out


def brute_force_km(lon, lat, trace, iterations: int = 70):
    """Golden-section search along every geodesic segment, minimum over all segments (no pruning)."""
    from pyproj import Geod

    from sitrep.trace import _segments

    geod, segs = Geod(ellps="WGS84"), _segments(trace)
    n, m = lon.size, len(segs)
    plon, plat, s = np.repeat(lon, m), np.repeat(lat, m), np.tile(segs, (n, 1))
    az, _, length = geod.inv(s[:, 0], s[:, 1], s[:, 2], s[:, 3])

    def dist(t):
        x, y, _ = geod.fwd(s[:, 0], s[:, 1], az, length * t)
        return np.asarray(geod.inv(plon, plat, x, y)[2])

    lo, hi, phi = np.zeros(plon.size), np.ones(plon.size), (np.sqrt(5.0) - 1.0) / 2.0
    for _ in range(iterations):
        x1, x2 = hi - phi * (hi - lo), lo + phi * (hi - lo)
        left = dist(x1) < dist(x2)
        hi, lo = np.where(left, x2, hi), np.where(left, lo, x1)
    d = np.minimum(np.minimum(dist(lo), dist(hi)), np.minimum(dist(np.zeros(plon.size)), dist(np.ones(plon.size))))
    return d.reshape(n, m).min(axis=1) / 1000.0


def main() -> None:
    import geopandas as gpd

    from sitrep.bands import band_index
    from sitrep.distance import distance_to_trace_km, trace_bands

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10", help="millions of points (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs (default: %(default)s)")
    parser.add_argument("--sample", type=int, default=20_000, help="points checked against brute force (default: %(default)s)")
    args = parser.parse_args()
    trace = rupture()
    line_utm = gpd.GeoSeries([trace], crs="EPSG:4326").to_crs("EPSG:32645").iloc[0]
    rows, notes = [], []
    for n in (int(s) for s in args.sizes.split(",")):
        rng = np.random.default_rng(n)
        lon, lat = rng.uniform(LON0 - 1.1, LON0 + 1.1, n * 1_000_000), rng.uniform(LAT0 - 1.0, LAT0 + 1.0, n * 1_000_000)
        repeat = args.repeat if n <= 1 else 1
        sec, band = best(trace_bands, repeat, lon, lat, trace, EDGES)
        rows.append({"n": n, "method": "sitrep", "seconds": sec, "band": band})
        gdf = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")

        def shortcut(gdf=gdf):
            d = gdf.to_crs("EPSG:32645").distance(line_utm).to_numpy() / 1000.0
            return (np.digitize(d, EDGES) - 1).astype(np.int16)

        sec, utm_band = best(shortcut, repeat)
        rows.append({"n": n, "method": "utm_shortcut", "seconds": sec, "band": utm_band})
        del gdf
        if n <= 1:
            sec, exact = best(distance_to_trace_km, 1, lon, lat, trace)
            rows.append({"n": n, "method": "exact_all", "seconds": sec, "band": band_index(exact, EDGES)})
            sec, before = best(rjb_before, 1, lon, lat, trace)
            rows.append({"n": n, "method": "rjb_before", "seconds": sec, "band": band_index(before, EDGES)})
            notes.append(f"{n} M: largest |previous rjb_km - exact| = {np.abs(before - exact).max() * 1e9:.1f} µm")
            k = min(args.sample, lon.size)
            brute = brute_force_km(lon[:k], lat[:k], trace)
            notes.append(
                f"{n} M: first {k:,} points, largest |distance_to_trace_km - brute force| = "
                f"{np.abs(exact[:k] - brute).max() * 1e9:.3f} µm; bands equal: {np.array_equal(band[:k], band_index(brute, EDGES))}"
            )
            if not np.array_equal(band, band_index(exact, EDGES)):
                raise SystemExit(f"trace_bands disagrees with the exact distances at {n} M points")
        ref = band
        for row in rows:
            if row["n"] == n:
                row["misplaced"] = int((row.pop("band") != ref).sum()) if "band" in row else row.get("misplaced")
    print_table(rows)
    for note in notes:
        print(f"- {note}")


def print_table(rows: list[dict]) -> None:
    by = {(r["n"], r["method"]): r["seconds"] for r in rows}
    print("| points | method | seconds | points/s | vs utm_shortcut | misplaced vs exact |")
    print("|---:|---|---:|---:|---:|---:|")
    for r in rows:
        n, sec = r["n"], r["seconds"]
        print(f"| {n} M | {r['method']} | {sec:.2f} | {n / sec:.1f} M | {by[(n, 'utm_shortcut')] / sec:.1f}x | {r['misplaced']:,} |")


if __name__ == "__main__":
    main()
