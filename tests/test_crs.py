"""`sitrep bands --crs`: layer files in a projected CRS (UTM zone 45N, EPSG:32645), with or without a .prj.

Coordinates are reprojected to WGS84 by pyproj before the geodesic distances, so every distance
equals the one measured from the original longitude and latitude; coordinates obviously not in
the stated CRS are refused.
"""

import json

import geopandas as gpd
import numpy as np
import pytest
from pyproj import Transformer
from shapely.geometry import Point

from sitrep.errors import InputError
from sitrep.geodesy import geodesic_distance_km
from sitrep.io import load_layer

from .conftest import CENC

LONLAT = [(87.40, 28.60), (87.62, 28.31), (86.95, 28.90)]  # near Dingri, all in UTM zone 45N (84E-90E)
TO_UTM45N = Transformer.from_crs("EPSG:4326", "EPSG:32645", always_xy=True)


def utm_rows():
    return [(f"p{i}", *TO_UTM45N.transform(lon, lat)) for i, (lon, lat) in enumerate(LONLAT)]


def expected_km():
    lon, lat = np.array(LONLAT).T
    return dict(zip([f"p{i}" for i in range(len(LONLAT))], geodesic_distance_km(lon, lat, *CENC)))


def distances(run_cli, *args):
    r = run_cli("bands", *args, "--features", "--format", "json")
    assert r.code == 0, r.err
    return {f["id"]: f["distance_km"] for f in json.loads(r.out)}


def utm_csv(write):
    return write("stations_utm45n.csv", "id,x,y\n" + "".join(f"{i},{x:.4f},{y:.4f}\n" for i, x, y in utm_rows()))


def test_a_utm_csv_with_crs_is_measured_exactly(run_cli, write):
    """x/y in metres of UTM 45N with --crs EPSG:32645: the same distances as from longitude/latitude (to a millimetre)."""
    got = distances(run_cli, "--layer", utm_csv(write), "--crs", "EPSG:32645")
    for ident, km in expected_km().items():
        assert got[ident] == pytest.approx(km, abs=1e-6)


def test_a_utm_shapefile_with_a_prj_needs_no_crs(run_cli, tmp_path):
    gdf = gpd.GeoDataFrame({"id": [f"p{i}" for i in range(len(LONLAT))]}, geometry=[Point(p) for p in LONLAT], crs="EPSG:4326")
    path = tmp_path / "stations.shp"
    gdf.to_crs("EPSG:32645").to_file(path)
    got = distances(run_cli, "--layer", path)
    for ident, km in expected_km().items():
        assert got[ident] == pytest.approx(km, abs=1e-6)


def test_a_utm_shapefile_without_prj_takes_crs(run_cli, tmp_path):
    gdf = gpd.GeoDataFrame({"id": [f"p{i}" for i in range(len(LONLAT))]}, geometry=[Point(p) for p in LONLAT], crs="EPSG:4326")
    path = tmp_path / "stations.shp"
    gdf.to_crs("EPSG:32645").to_file(path)
    path.with_suffix(".prj").unlink()
    r = run_cli("bands", "--layer", path)
    assert r.code == 2 and "declares no coordinate reference system; give one (e.g. --crs EPSG:4326)" in r.err
    got = distances(run_cli, "--layer", path, "--crs", "EPSG:32645")
    for ident, km in expected_km().items():
        assert got[ident] == pytest.approx(km, abs=1e-6)


def test_counts_with_crs_agree_with_the_same_points_in_degrees(run_cli, write):
    """The aggregate path too (it skips the WGS84-only columnar reader when --crs is given)."""
    degrees = write("stations.csv", "id,lon,lat\n" + "".join(f"p{i},{lon},{lat}\n" for i, (lon, lat) in enumerate(LONLAT)))
    a = json.loads(run_cli("bands", "--layer", utm_csv(write), "--crs", "EPSG:32645", "--format", "json").out)["rows"]
    b = json.loads(run_cli("bands", "--layer", degrees, "--format", "json").out)["rows"]
    assert [(x["band"], x["count"]) for x in a] == [(x["band"], x["count"]) for x in b]


def test_degrees_said_to_be_utm_are_refused(write):
    path = write("p.csv", "id,lon,lat\na,87.4,28.6\nb,87.6,28.3\n")
    with pytest.raises(InputError, match=r"p\.csv, field 'crs': coordinates look like degrees \(x 87\.4\.\.87\.6, y 28\.3\.\.28\.6\), "
                       r"not metres of EPSG:32645 \(WGS 84 / UTM zone 45N\); check the CRS"):  # fmt: skip
        load_layer(path, crs="EPSG:32645")


def test_metres_of_another_crs_are_refused_saying_where_they_would_land(write):
    """UTM 45N metres said to be the British National Grid would land in the Arctic Ocean, far from Great Britain."""
    path = write("p.csv", "id,x,y\n" + "".join(f"{i},{x:.1f},{y:.1f}\n" for i, x, y in utm_rows()))
    with pytest.raises(InputError, match=r"field 'crs': coordinates are not in EPSG:27700 \(OSGB36 / British National Grid\): "
                       r"reprojected, they fall at lon .*, far outside the area it is made for"):  # fmt: skip
        load_layer(path, crs="EPSG:27700")


def test_projected_values_read_as_degrees_get_a_hint(write, run_cli):
    """A CSV of metres without --crs: the range error says they look projected and names --crs."""
    r = run_cli("bands", "--layer", utm_csv(write))
    assert r.code == 2 and "(these look like projected coordinates, metres or feet: name their CRS with --crs" in r.err
