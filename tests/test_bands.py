"""Distance bands: half-open [lower, upper) km on WGS84, exact at the edges, no silent zeros."""

import json

import numpy as np
import pytest
from pyproj import Geod
from shapely.geometry import LineString, Point, box

from sitrep.bands import PRESETS, band_coverage, band_index, band_labels, band_table, parse_bands
from sitrep.distance import point_source_bands
from sitrep.errors import InputError

from .conftest import CENC

SEED = (0.0, 10.0, 20.0, 50.0)
GEOD = Geod(ellps="WGS84")


# --- band edges ------------------------------------------------------------------------------


def test_presets_seed_and_gdacs():
    assert parse_bands("seed") == SEED
    assert parse_bands("GDACS") == (0, 2, 5, 10, 20, 50, 75, 100)
    assert set(PRESETS) == {"seed", "gdacs"}


def test_explicit_edges_with_spaces():
    assert parse_bands(" 0, 5 ,15") == (0, 5, 15)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0,10,x", r"field '--bands': bands must be comma-separated km"),
        ("0,20,10", r"strictly increasing; got 0, 20, 10"),
        ("0,10,10", r"strictly increasing"),
        ("-5,10", r"first band edge must be >= 0 km; got -5"),
        ("", r"at least one band edge"),
        ("0,inf", r"finite numbers"),
    ],
)
def test_bad_band_lists_are_refused(text, message):
    with pytest.raises(InputError, match=message):
        parse_bands(text)


def test_labels_carry_units_and_end_with_the_open_band():
    assert band_labels(SEED) == ["0-10", "10-20", "20-50", "50+"]
    assert band_labels(SEED, unit=True)[-1] == "50+ km"
    assert band_labels((5, 10)) == ["<5", "5-10", "10+"]


def test_bands_are_half_open():
    d = [0.0, 9.999999, 10.0, 19.999999, 20.0, 49.999999, 50.0, 1e4]
    assert band_index(d, SEED).tolist() == [0, 0, 1, 1, 2, 2, 3, 3]


def test_a_first_edge_above_zero_adds_a_nearer_band():
    assert band_index([1, 5, 7, 12], (5, 10)).tolist() == [0, 1, 1, 2]


# --- per-band tables -------------------------------------------------------------------------


def test_table_counts_and_sums_per_band_keeping_empty_bands():
    t = band_table(band_index([1, 2, 15, 60], SEED), SEED, sums={"population": [10, 20, 30, 40]})
    assert t["band"].tolist() == ["0-10", "10-20", "20-50", "50+"]
    assert t["count"].tolist() == [2, 1, 0, 1]
    assert t["population"].tolist() == [30, 30, 0, 40]
    assert t["lower_km"].tolist() == [0, 10, 20, 50]
    assert t["upper_km"].tolist()[:3] == [10, 20, 50] and np.isnan(t["upper_km"].iloc[3])


def test_table_grouped_by_a_field():
    t = band_table(band_index([1, 2, 15], SEED), SEED, by=["China Mobile", "China Unicom", "China Mobile"], by_name="operator")
    inner = t[t["band"] == "0-10"].set_index("operator")["count"]
    assert inner.to_dict() == {"China Mobile": 1, "China Unicom": 1}
    assert len(t) == 4 * 2


def test_seed_counts_from_the_bundled_scenario(layers):
    def counts(name, **kw):
        g = layers[name]
        band = point_source_bands(g.geometry.x, g.geometry.y, *CENC, SEED)
        return band_table(band, SEED, **kw)

    villages = counts("villages", sums={"population": layers["villages"]["population"]})
    assert villages["count"].iloc[:2].sum() == 27
    assert villages["population"].iloc[:2].sum() == 6900
    assert counts("reservoirs")["count"].tolist()[:3] == [1, 0, 4]
    assert counts("hydropower")["count"].tolist()[:3] == [0, 1, 4]
    assert counts("townships")["count"].iloc[:2].sum() == 3


# --- coverage: no silent zeros ---------------------------------------------------------------


def test_county_layers_cover_the_inner_bands_and_part_of_the_outer(layers):
    county = layers["county"].geometry.iloc[0]
    assert band_coverage(Point(*CENC), SEED, county) == ["full", "full", "partial", "partial"]


def test_a_50km_survey_disc_covers_every_band_but_the_open_one():
    from sitrep.bands import ring_polygon

    disc = ring_polygon(*CENC, 0, 50.001)
    assert band_coverage(Point(*CENC), SEED, disc) == ["full", "full", "full", "none"]


def test_a_layer_far_away_covers_nothing_here():
    from shapely.geometry import box

    assert band_coverage(Point(*CENC), SEED, box(100, 40, 101, 41)) == ["none", "none", "none", "partial"]


def test_coverage_around_a_rupture_trace(layers):
    trace = LineString([(87.47, 28.40), (87.44, 28.62)])
    county = layers["county"].geometry.iloc[0]
    assert band_coverage(trace, SEED, county) == ["full", "full", "partial", "partial"]


def test_a_layer_spanning_the_world_covers_the_bands_around_its_own_points():
    """Guards issue 10: a gazetteer's bounding box (the poles and the antimeridian for edges)
    was projected as four corners, a shape with no area, so bands right next to its own
    points (Beijing 0.9 km from the epicentre) read "no data"."""
    world = box(-179.5, -60.0, 179.5, 75.0)
    assert band_coverage(Point(116.4, 39.9), (0, 10, 100, 1000), world) == ["full", "full", "full", "partial"]
    # near a pole or across the antimeridian the bands are measured as before
    assert band_coverage(Point(-178.15, -18.11), (0, 10, 100), box(-180, -20, -170, -15))[:2] == ["full", "full"]
    # a layer whose box runs past 180 degrees (Tonga's villages at 179.9E and 178.0W)
    assert band_coverage(Point(-178.15, -18.11), (0, 10, 20, 50), box(179.9, -18.2, 182.0, -18.1))[1] != "none"


def test_a_layer_in_the_western_hemisphere_keeps_its_inner_bands(tmp_path, run_cli):
    """Guards issue 10 (found by a newcomer at Northridge): the coverage box of points all west of
    Greenwich was moved to 0..360 whenever rounding made that span a hair smaller, so every inner
    band read "no data" while the report's list named a town 1.7 km away."""
    lon = np.array([-118.537, -118.6, -118.4, -118.2, -119.1, -117.9])
    lat = np.array([34.213, 34.2, 34.25, 34.05, 34.4, 34.1])
    from sitrep.query import lonlat_box

    rng = np.random.default_rng(7)
    for _ in range(200):  # the rounding struck about one random set in four
        xs = rng.uniform(-125, -110, 20)
        assert lonlat_box(xs, rng.uniform(30, 40, 20)).bounds[0] == xs.min()
    path = tmp_path / "towns.csv"
    path.write_text("id,name,lon,lat,population,provenance,source\n" + "".join(
        f"t{i},T{i},{x},{y},100,reported,test\n" for i, (x, y) in enumerate(zip(lon, lat))), encoding="utf-8")
    r = run_cli("bands", "--epicentre", "34.213,-118.537", "--layer", str(path), "--bands", "0,10,50", "--format", "json")
    assert r.code == 0, r.err
    rows = {row["band"]: row for row in json.loads(r.out)["rows"] if row["layer"] == "towns"}
    assert [rows[b]["coverage"] != "none" for b in ("0-10", "10-50")] == [True, True]
    assert (rows["0-10"]["count"], rows["10-50"]["count"]) == (2, 2)
