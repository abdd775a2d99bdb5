"""The fast engine agrees with pyproj.Geod (GeographicLib) exactly on band membership,
to 1 mm on point distances and to 1 m on distances to a rupture trace."""

import numpy as np
import pytest
from pyproj import Geod
from shapely.geometry import LineString, Point, Polygon

from sitrep.bands import PRESETS, band_index
from sitrep.distance import (
    RATIO_HIGH,
    RATIO_LOW,
    distance_to_trace_km,
    geometry_distance_km,
    point_source_bands,
    segment_distance_km,
    trace_bands,
)

GEOD = Geod(ellps="WGS84")
SEED = (0.0, 10.0, 20.0, 50.0)
GDACS = PRESETS["gdacs"]


def exact_bands(lon, lat, lon0, lat0, edges):
    _, _, d = GEOD.inv(np.full(len(lon), lon0), np.full(len(lon), lat0), lon, lat)
    return band_index(np.asarray(d) / 1000, edges)


def test_sphere_ratio_bound_holds_on_fresh_random_pairs():
    rng = np.random.default_rng(2026)
    n = 300_000
    lat0, lon0 = rng.uniform(-89.9, 89.9, n), rng.uniform(-180, 180, n)
    dist = 10 ** rng.uniform(-2, 6.8, n)
    lon, lat, _ = GEOD.fwd(lon0, lat0, rng.uniform(0, 360, n), dist)
    p0, p, dl = np.radians(lat0), np.radians(lat), np.radians(lon - lon0)
    h = np.sin((p - p0) / 2) ** 2 + np.cos(p) * np.cos(p0) * np.sin(dl / 2) ** 2
    sigma = 2 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    ok = sigma <= np.radians(60)
    ratio = dist[ok] / (GEOD.a * sigma[ok])
    assert RATIO_LOW < ratio.min() and ratio.max() < RATIO_HIGH


@pytest.mark.parametrize(("lon0", "lat0"), [(87.45, 28.5), (0.0, 0.0), (179.9, -45.0), (-70.0, 73.9), (10.0, 80.0)])
@pytest.mark.parametrize("edges", [SEED, GDACS, (5.0, 100.0, 1000.0)])
def test_points_fall_where_geod_puts_them(lon0, lat0, edges):
    rng = np.random.default_rng(7)
    n = 60_000
    az, d = rng.uniform(0, 360, n), rng.uniform(0, 2.5 * edges[-1] * 1000, n)
    lon, lat, _ = GEOD.fwd(np.full(n, lon0), np.full(n, lat0), az, d)
    got = point_source_bands(lon, lat, lon0, lat0, edges, chunk=7_000, workers=2)
    np.testing.assert_array_equal(got, exact_bands(lon, lat, lon0, lat0, edges))


@pytest.mark.parametrize("lat0", [-75.0, -30.0, 0.0, 28.5, 60.0, 74.0, 85.0])
def test_points_03m_from_every_edge_at_many_azimuths(lat0):
    az = np.linspace(0, 360, 180, endpoint=False)
    for edge in GDACS[1:]:
        for offset_m, side in ((-0.3, -1), (0.3, 0)):
            lon, lat, _ = GEOD.fwd(np.full(az.shape, 87.45), np.full(az.shape, lat0), az, np.full(az.shape, edge * 1000 + offset_m))
            got = point_source_bands(lon, lat, 87.45, lat0, GDACS)
            assert (got == GDACS.index(edge) + side).all(), (edge, offset_m)


def test_global_points_and_antipodes():
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(-180, 180, 50_000), np.degrees(np.arcsin(rng.uniform(-1, 1, 50_000)))
    lon[:3], lat[:3] = [-92.55, 87.45, 87.45], [-28.5, 28.5, -28.5]
    edges = (0, 100, 5_000, 15_000, 19_990)
    np.testing.assert_array_equal(point_source_bands(lon, lat, 87.45, 28.5, edges), exact_bands(lon, lat, 87.45, 28.5, edges))


def test_the_source_itself_is_in_the_first_band():
    assert point_source_bands([87.45], [28.5], 87.45, 28.5, SEED).tolist() == [0]
    assert point_source_bands([87.45], [28.5], 87.45, 28.5, (5, 10)).tolist() == [0]


def test_progress_reports_every_point():
    seen = []
    point_source_bands(np.zeros(10_000), np.zeros(10_000), 0, 0, SEED, chunk=3_000, progress=seen.append)
    assert sum(seen) == 10_000


# --- traces --------------------------------------------------------------------------------------


def brute_force_km(lon, lat, line: LineString, step_m: float = 2.0) -> np.ndarray:
    """Distance to a densely sampled geodesic trace (an upper bound within ~mm of the truth)."""
    pts = []
    coords = list(line.coords)
    for (x0, y0), (x1, y1) in zip(coords, coords[1:]):
        _, _, length = GEOD.inv(x0, y0, x1, y1)
        n = int(length / step_m)
        pts += [(x0, y0)] + GEOD.npts(x0, y0, x1, y1, n) + [(x1, y1)]
    px, py = np.array(pts).T
    return np.array([GEOD.inv(np.full(px.shape, x), np.full(px.shape, y), px, py)[2].min() for x, y in zip(lon, lat)]) / 1000


TRACE = LineString([(87.468, 28.383), (87.461, 28.45), (87.452, 28.51), (87.445, 28.56), (87.437, 28.617)])


def test_segment_distance_matches_brute_force():
    rng = np.random.default_rng(5)
    lon, lat = rng.uniform(87.2, 87.7, 40), rng.uniform(28.2, 28.8, 40)
    seg = LineString(TRACE.coords[:2])
    got = segment_distance_km(lon, lat, *seg.coords[0], *seg.coords[1])
    np.testing.assert_allclose(got, brute_force_km(lon, lat, seg), atol=1e-3)


def test_distance_to_trace_within_1m_of_brute_force():
    rng = np.random.default_rng(6)
    lon, lat = rng.uniform(86.9, 88.0, 30), rng.uniform(28.0, 29.0, 30)
    np.testing.assert_allclose(distance_to_trace_km(lon, lat, TRACE), brute_force_km(lon, lat, TRACE), atol=1e-3)


def test_points_on_the_trace_are_at_zero():
    lon, lat = np.array(TRACE.coords).T
    np.testing.assert_allclose(distance_to_trace_km(lon, lat, TRACE), 0, atol=1e-6)


def test_inside_a_surface_projection_is_zero():
    plane = Polygon([(87.40, 28.40), (87.50, 28.40), (87.50, 28.60), (87.40, 28.60)])
    d = distance_to_trace_km([87.45, 87.60], [28.50, 28.50], plane)
    assert d[0] == 0
    assert d[1] == pytest.approx(GEOD.inv(87.6, 28.5, 87.5, 28.5)[2] / 1000, abs=1e-3)


def test_trace_bands_agree_with_exact_distances():
    rng = np.random.default_rng(8)
    lon, lat = rng.uniform(86.6, 88.3, 4_000), rng.uniform(27.9, 29.1, 4_000)
    exact = band_index(distance_to_trace_km(lon, lat, TRACE), SEED)
    np.testing.assert_array_equal(trace_bands(lon, lat, TRACE, SEED), exact)


def test_trace_bands_exact_03m_from_edges():
    mid_lon, mid_lat = TRACE.interpolate(0.5, normalized=True).coords[0]
    az = np.array([80.0, 100.0, 260.0, 280.0])  # roughly perpendicular to the N-S trace
    for edge in (10.0, 20.0):
        for offset_m, side in ((-0.3, -1), (0.3, 0)):
            # place the point at the exact edge distance by bisection on the true distance
            lo, hi = np.full(4, edge * 500.0), np.full(4, edge * 2000.0)
            for _ in range(60):
                mid = (lo + hi) / 2
                x, y, _ = GEOD.fwd(np.full(4, mid_lon), np.full(4, mid_lat), az, mid)
                far = distance_to_trace_km(x, y, TRACE) * 1000 >= edge * 1000 + offset_m
                hi, lo = np.where(far, mid, hi), np.where(far, lo, mid)
            x, y, _ = GEOD.fwd(np.full(4, mid_lon), np.full(4, mid_lat), az, hi)
            assert (trace_bands(x, y, TRACE, SEED) == SEED.index(edge) + side).all()


def test_lines_and_polygons_measured_at_their_nearest_point():
    source = Point(87.45, 28.5)
    square = Polygon([(87.40, 28.45), (87.50, 28.45), (87.50, 28.55), (87.40, 28.55)])
    line = LineString([(87.60, 28.40), (87.60, 28.60)])
    d = geometry_distance_km(np.array([square, line, Point(87.45, 28.6)], dtype=object), source)
    assert d[0] == 0
    assert d[1] == pytest.approx(GEOD.inv(87.45, 28.5, 87.60, 28.5)[2] / 1000, abs=0.01)
    assert d[2] == pytest.approx(GEOD.inv(87.45, 28.5, 87.45, 28.6)[2] / 1000, abs=1e-6)


def test_long_traces_and_many_points_are_processed_in_chunks():
    rng = np.random.default_rng(9)
    lon, lat = rng.uniform(86.9, 88.0, 2_300), rng.uniform(28.0, 29.0, 2_300)
    seen = []
    got = trace_bands(lon, lat, TRACE, SEED, chunk=500, workers=2, progress=seen.append)
    np.testing.assert_array_equal(got, band_index(distance_to_trace_km(lon, lat, TRACE, chunk=300), SEED))
    assert sorted(seen) == [300, 500, 500, 500, 500]
