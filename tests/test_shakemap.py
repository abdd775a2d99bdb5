"""ShakeMap 4 `rupture.json` read as a rupture layer: every quadrilateral ring is its own polygon.

The files are written here from the ShakeMap 4 manual ("Input Data Formats", rupture file): a
FeatureCollection with `metadata.reference`, one Feature with `properties["rupture type"]` and a
MultiPolygon of [lon, lat, depth_km] rings, each a quadrilateral (top edge, then bottom edge back).
ShakeMap writes the quads either as rings of ONE polygon or as one polygon each.
"""

import json

import numpy as np
import pytest
import shapely

from sitrep.distance import distance_to_trace_km
from sitrep.errors import InputError
from sitrep.io import load_rupture

# A fault dipping north: top edges at the surface along ~30.0N, bottom edges at 15 km, 0.1° north.
QUAD_WEST = [[103.0, 30.0, 0.0], [103.2, 30.0, 0.0], [103.2, 30.1, 15.0], [103.0, 30.1, 15.0], [103.0, 30.0, 0.0]]
QUAD_EAST = [[103.2, 30.0, 0.0], [103.4, 30.02, 0.0], [103.4, 30.12, 15.0], [103.2, 30.1, 15.0], [103.2, 30.0, 0.0]]
# A vertical quadrilateral: top and bottom edges project onto the same line.
QUAD_VERTICAL = [[103.4, 30.02, 0.0], [103.6, 30.05, 0.0], [103.6, 30.05, 20.0], [103.4, 30.02, 20.0], [103.4, 30.02, 0.0]]
ABOVE_EAST_QUAD = (103.3, 30.06)  # a town right above the second quadrilateral


def rupture_json(coordinates, geometry_type="MultiPolygon") -> str:
    return json.dumps({
        "type": "FeatureCollection",
        "metadata": {"reference": "Test fault, written for sitrep's tests", "eventid": "us7000test"},
        "features": [{"type": "Feature", "properties": {"rupture type": "rupture extent"},
                      "geometry": {"type": geometry_type, "coordinates": coordinates}}],
    })  # fmt: skip


def jb_km(path, lon, lat) -> float:
    trace = shapely.union_all(load_rupture(path).geometry.to_numpy())
    return float(distance_to_trace_km([lon], [lat], trace)[0])


def test_rings_of_one_polygon_are_quadrilaterals_not_holes(write):
    """ShakeMap 4 writes the quads as rings of one polygon; read as holes, a town above the fault was 1-5 km away, not 0."""
    path = write("rupture.json", rupture_json([[QUAD_WEST, QUAD_EAST]]))
    assert jb_km(path, *ABOVE_EAST_QUAD) == 0.0
    assert jb_km(path, 103.1, 30.05) == 0.0
    rupture = load_rupture(path)
    assert len(rupture) == 2 and set(rupture.geom_type) == {"Polygon"}
    assert all(len(g.interiors) == 0 for g in rupture.geometry)


def test_one_polygon_per_quadrilateral_reads_the_same(write):
    one = write("a.json", rupture_json([[QUAD_WEST, QUAD_EAST]]))
    each = write("b.json", rupture_json([[QUAD_WEST], [QUAD_EAST]]))
    assert load_rupture(one).geometry.geom_equals(load_rupture(each).geometry).all()


def test_outside_the_fault_the_distance_is_to_the_nearest_quadrilateral(write):
    """South of the surface trace (the top edge, at 30.0N): the geodesic distance to it, ~11.09 km for 0.1° of latitude."""
    path = write("rupture.json", rupture_json([[QUAD_WEST, QUAD_EAST]]))
    assert jb_km(path, 103.1, 29.9) == pytest.approx(11.09, abs=0.01)


def test_a_vertical_quadrilateral_is_its_surface_trace(write):
    """A ring with no area in projection (vertical fault) is a line; with sloping quads the rupture is lines and polygons."""
    path = write("rupture.json", rupture_json([[QUAD_WEST, QUAD_EAST, QUAD_VERTICAL]]))
    rupture = load_rupture(path)
    assert list(rupture.geom_type) == ["Polygon", "Polygon", "LineString"]
    assert jb_km(path, *ABOVE_EAST_QUAD) == 0.0
    assert jb_km(path, 103.5, 30.035) < 0.01  # on the vertical segment (a geodesic bows a few metres from the rhumb line)


def test_bands_measures_from_the_quadrilaterals(run_cli, write):
    """`sitrep bands --rupture rupture.json`: the town above the fault is at 0 km."""
    rupture = write("rupture.json", rupture_json([[QUAD_WEST, QUAD_EAST]]))
    towns = write("towns.csv", f"id,lon,lat\nabove,{ABOVE_EAST_QUAD[0]},{ABOVE_EAST_QUAD[1]}\nsouth,103.1,29.9\n")
    r = run_cli("bands", "--rupture", rupture, "--layer", towns, "--features", "--format", "json")
    assert r.code == 0, r.err
    got = {f["id"]: f["distance_km"] for f in json.loads(r.out)}
    assert got["above"] == 0.0 and got["south"] == pytest.approx(11.09, abs=0.01)


def test_a_point_rupture_says_there_is_no_rupture(write, run_cli):
    """ShakeMap writes a Point (with the event's metadata) for a point source: no rupture extent, said plainly."""
    path = write("rupture.json", rupture_json([[[29.51528, 40.72933, 20]]], geometry_type="Point"))
    with pytest.raises(InputError, match=r"rupture\.json, feature 1, field 'geometry': is a ShakeMap point-source rupture \(a Point\): "
                       r"there is no rupture extent"):  # fmt: skip
        load_rupture(path)
    r = run_cli("bands", "--rupture", path)
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1 and "point-source rupture" in r.err


def test_source_and_provenance_come_from_the_metadata(write):
    rupture = load_rupture(write("rupture.json", rupture_json([[QUAD_WEST]])))
    assert rupture["source"].iloc[0] == "ShakeMap rupture: Test fault, written for sitrep's tests"
    assert rupture["provenance"].iloc[0] == "reported"
    assert np.allclose(rupture.total_bounds, [103.0, 30.0, 103.2, 30.1])


def test_a_ring_of_text_is_refused_naming_the_ring(write):
    path = write("rupture.json", rupture_json([[QUAD_WEST, [["103", "30", 0]]]]))
    with pytest.raises(InputError, match=r"feature 1, ring 2, field 'geometry': expected a ring of \[lon, lat, depth\] number positions"):
        load_rupture(path)


def test_a_plain_rupture_polygon_keeps_its_meaning(write, layers, tmp_path):
    """Only ShakeMap files (features with "rupture type") are read ring by ring; other rupture files as GeoJSON says."""
    path = tmp_path / "trace.geojson"
    layers["rupture"].to_file(path)
    assert load_rupture(path).geometry.iloc[0].equals(layers["rupture"].geometry.iloc[0])
