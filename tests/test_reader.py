"""The generic reader: every accepted format in, a checked EPSG:4326 GeoDataFrame out;
every kind of bad input out as an InputError naming file, row/feature and field."""

import json
import warnings

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from sitrep.errors import InputError, SuspectedSwapWarning
from sitrep.io import load_layer, load_villages, read_features

POINTS = gpd.GeoDataFrame(
    {"id": ["a", "b"], "name": ["Tangren", "Xuezhu"], "name_zh": ["塘仁", "雪珠"], "population": [120, 340]},
    geometry=[Point(87.47, 28.49), Point(87.46, 28.54)],
    crs="EPSG:4326",
)
DINGRI = (84.0, 26.5, 90.0, 30.5)


# --- formats ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "driver"),
    [(".geojson", "GeoJSON"), (".gpkg", "GPKG"), (".shp", "ESRI Shapefile"), (".parquet", None)],
)
def test_vector_formats_round_trip(tmp_path, suffix, driver):
    path = tmp_path / f"villages{suffix}"
    POINTS.to_parquet(path) if driver is None else POINTS.to_file(path, driver=driver)
    gdf = load_villages(path)
    assert list(gdf["id"]) == ["a", "b"]
    assert list(gdf["name_zh"]) == ["塘仁", "雪珠"]
    assert list(gdf["population"]) == [120, 340]
    assert gdf.crs.to_epsg() == 4326


@pytest.mark.parametrize(
    ("lon", "lat"), [("lon", "lat"), ("LNG", "Lat"), ("longitude", "latitude"), ("X", "y"), ("Long", "LATITUDE")]
)
def test_csv_coordinate_columns_under_common_names_any_case(write, lon, lat):
    path = write("v.csv", f"id,name,{lon},{lat},population\na,Tangren,87.47,28.49,120\n")
    gdf = load_villages(path)
    assert (gdf.geometry.x[0], gdf.geometry.y[0]) == (87.47, 28.49)


def test_csv_with_wkt_column(write):
    gdf = read_features(write("r.csv", 'id,wkt\nr1,"LINESTRING (87.47 28.40, 87.44 28.62)"\n'))
    assert gdf.geom_type.tolist() == ["LineString"]


def test_plain_parquet_with_coordinate_columns(tmp_path):
    path = tmp_path / "pts.parquet"
    pd.DataFrame({"id": ["a"], "lat": [28.5], "lon": [87.45]}).to_parquet(path)
    gdf = read_features(path)
    assert (gdf.geometry.x[0], gdf.geometry.y[0]) == (87.45, 28.5)


def test_declared_crs_is_reprojected_to_wgs84(tmp_path):
    path = tmp_path / "utm.gpkg"
    POINTS.to_crs("EPSG:32645").to_file(path)
    gdf = read_features(path)
    assert gdf.crs.to_epsg() == 4326
    assert gdf.geometry.x[0] == pytest.approx(87.47, abs=1e-9)


def test_csv_in_a_projected_crs_when_told(write):
    utm = POINTS.to_crs("EPSG:32645").geometry[0]
    gdf = read_features(write("u.csv", f"id,x,y\na,{utm.x},{utm.y}\n"), crs="EPSG:32645")
    assert gdf.geometry.y[0] == pytest.approx(28.49, abs=1e-9)


def test_shapefile_without_prj_needs_a_crs(tmp_path):
    path = tmp_path / "noprj.shp"
    POINTS.to_file(path)
    path.with_suffix(".prj").unlink()
    with pytest.raises(InputError, match=r"noprj\.shp: declares no coordinate reference system"):
        read_features(path)
    assert read_features(path, crs=4326).crs.to_epsg() == 4326


def test_missing_optional_fields_are_filled_and_ids_generated(write):
    gdf = load_layer(write("plain.csv", "lat,lon\n28.5,87.45\n28.6,87.4\n"))
    assert list(gdf["id"]) == ["plain-1", "plain-2"]
    assert list(gdf["provenance"]) == ["reported", "reported"]
    assert list(gdf["source"]) == ["plain.csv", "plain.csv"]
    assert list(gdf["name_zh"]) == ["", ""]


# --- bad input ---------------------------------------------------------------------------------


def test_empty_file(write):
    with pytest.raises(InputError, match=r"e\.geojson: is empty \(0 bytes\)"):
        read_features(write("e.geojson", ""))


def test_header_only_csv_has_no_features(write):
    with pytest.raises(InputError, match=r"h\.csv: contains no features"):
        read_features(write("h.csv", "id,lat,lon\n"))


def test_truncated_geojson_names_line_and_column(write):
    text = json.dumps(POINTS.to_geo_dict())
    with pytest.raises(InputError, match=r"t\.geojson: is not valid JSON at line 1 column \d+.*truncated"):
        read_features(write("t.geojson", text[: len(text) // 2]))


def test_unreadable_binary_geopackage(write):
    with pytest.raises(InputError, match=r"junk\.gpkg: could not be read as a vector file"):
        read_features(write("junk.gpkg", bytes(range(256)) * 8))


def test_unreadable_binary_parquet(write):
    with pytest.raises(InputError, match=r"junk\.parquet: is not a readable Parquet file"):
        read_features(write("junk.parquet", b"PAR1 not really"))


def test_binary_file_named_csv(write):
    with pytest.raises(InputError, match=r"b\.csv: is not UTF-8 text"):
        read_features(write("b.csv", b"\xff\xfe\x00\x81\x90" * 50))


def test_unknown_extension(write):
    # was x.xlsx until issue 10 made workbooks readable (tests/test_formats.py)
    with pytest.raises(InputError, match=r"x\.docx: has an unknown extension '\.docx'"):
        read_features(write("x.docx", "whatever"))


def test_missing_file():
    with pytest.raises(InputError, match=r"nope\.csv: no such file"):
        read_features("nope.csv")


def test_missing_coordinate_columns_lists_expected_names(write):
    with pytest.raises(InputError, match=r"c\.csv: has no coordinates: expected a latitude column \(lat / latitude / y / 纬度 / 北纬\)"):
        read_features(write("c.csv", "id,lon,height\na,87.4,4200\n"))


def test_empty_coordinate_names_row_and_field(write):
    with pytest.raises(InputError, match=r"c\.csv, row 2 \(line 3\), field 'lat': coordinate is empty; expected a number"):
        read_features(write("c.csv", "id,lon,lat\na,87.4,28.5\nb,87.5,\n"))


def test_non_numeric_coordinate_names_row_and_field(write):
    # was '87.4E' until issue 10 made degrees with a hemisphere readable (tests/test_formats.py)
    with pytest.raises(InputError, match=r"c\.csv, row 1 \(line 2\), field 'lon': coordinate is '87\.4 east'; expected a number"):
        read_features(write("c.csv", "id,lon,lat\na,87.4 east,28.5\n"))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("a,87.4,95.0", r"row 1 \(line 2\), field 'lat': latitude 95 is outside -90..90"),
        ("a,-181,28.5", r"row 1 \(line 2\), field 'lon': longitude -181 is outside -180..180"),
        ("a,28.5,120", r"field 'lat': latitude 120 is outside -90..90 \(columns 'lon' and 'lat' look swapped\)"),
    ],
)
def test_coordinates_out_of_range(write, row, message):
    with pytest.raises(InputError, match=message):
        read_features(write("c.csv", f"id,lon,lat\n{row}\n"))


def test_out_of_range_in_geojson_names_the_feature(write):
    doc = POINTS.to_geo_dict()
    doc["features"][1]["geometry"]["coordinates"] = [87.4, -91.0]
    with pytest.raises(InputError, match=r"o\.geojson, feature 2 \(id 'b'\), field 'geometry': latitude -91"):
        read_features(write("o.geojson", json.dumps(doc)))


def test_null_geometry_names_the_feature(write):
    doc = POINTS.to_geo_dict()
    doc["features"][0]["geometry"] = None
    with pytest.raises(InputError, match=r"n\.geojson, feature 1 \(id 'a'\), field 'geometry': has no geometry"):
        read_features(write("n.geojson", json.dumps(doc)))


def test_duplicate_ids(write):
    with pytest.raises(InputError, match=r"d\.csv, row 3 \(line 4\), field 'id': duplicate id 'a' \(first used by row 1 \(line 2\)\)"):
        load_villages(write("d.csv", "id,lon,lat,population\na,87.4,28.5,1\nb,87.5,28.5,2\na,87.6,28.5,3\n"))


def test_missing_required_field(write):
    with pytest.raises(InputError, match=r"m\.csv, field 'population': missing required field 'population'"):
        load_villages(write("m.csv", "id,lon,lat\na,87.4,28.5\n"))


def test_empty_required_value(write):
    with pytest.raises(InputError, match=r"m\.csv, row 2 \(line 3\), field 'population': required value is empty"):
        load_villages(write("m.csv", "id,lon,lat,population\na,87.4,28.5,10\nb,87.5,28.5,\n"))


def test_wrong_type_and_negative_values(write):
    with pytest.raises(InputError, match=r"row 1 \(line 2\), field 'population': expected a whole number, got 'many'"):
        load_villages(write("m.csv", "id,lon,lat,population\na,87.4,28.5,many\n"))
    with pytest.raises(InputError, match=r"field 'population': must be >= 0, got '-5'"):
        load_villages(write("m.csv", "id,lon,lat,population\na,87.4,28.5,-5\n"))


def test_bad_provenance_value(write):
    with pytest.raises(InputError, match=r"field 'provenance': provenance must be one of reported / approximate / synthetic, got 'guess'"):
        load_layer(write("p.csv", "id,lon,lat,provenance\na,87.4,28.5,guess\n"))


def test_wrong_geometry_type_for_kind(write):
    with pytest.raises(InputError, match=r"field 'geometry': a villages layer holds Point geometries, got LineString"):
        load_villages(write("l.csv", 'id,wkt,population\na,"LINESTRING (87 28, 87.1 28.1)",5\n'))


def test_suspected_lon_lat_swap_warns(write):
    path = write("s.csv", "id,lon,lat\na,28.50,87.45\nb,28.60,87.40\n")
    with pytest.warns(SuspectedSwapWarning, match=r"s\.csv: 100% of the coordinates fall in the expected area only with longitude and latitude swapped"):
        read_features(path, expect_within=DINGRI)


def test_no_swap_warning_for_good_data(write):
    path = write("g.csv", "id,lon,lat\na,87.45,28.50\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_features(path, expect_within=DINGRI)


# --- degenerate geometries said as such (attacker review of the Dask engine) -----------------------


@pytest.mark.parametrize(
    ("coordinates", "message"),
    [
        ([[87.4, 28.5]], r"feature 1, field 'geometry': is a line of a single position; expected a line through at least two distinct"),
        ([[87.4, 28.5], [87.4, 28.5]], r"feature 1, field 'geometry': the trace is a line of 2 positions all at one place; expected a line"),
    ],
    ids=["one-position", "one-place"],
)
def test_a_rupture_trace_needs_two_distinct_positions(write, run_cli, coordinates, message):
    """A trace of one position (which GEOS refuses to build: it once read as 'a polygon ring') or of one place
    repeated (no length: it once ended in an internal error) is refused naming the feature, by the loader and the CLI."""
    from sitrep.io import load_rupture

    doc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                                                      "geometry": {"type": "LineString", "coordinates": coordinates}}]}  # fmt: skip
    path = write("trace.geojson", json.dumps(doc))
    with pytest.raises(InputError, match=message):
        load_rupture(path)
    res = run_cli("bands", "--rupture", str(path))
    assert res.code == 2 and res.out == "" and "Traceback" not in res.err and "polygon ring" not in res.err
    assert "trace.geojson, feature 1, field 'geometry'" in res.err


def test_an_empty_point_in_geoparquet_is_said_to_be_empty(tmp_path, run_cli):
    """POINT EMPTY (written as NaN, NaN in WKB) is an empty geometry, not 'latitude nan' (the fast GeoParquet reader)."""
    frame = gpd.GeoDataFrame({"population": [1.0, 2.0]}, geometry=[Point(87.4, 28.5), Point()], crs="EPSG:4326")
    frame.to_parquet(tmp_path / "villages.parquet")
    res = run_cli("bands", "--layer", str(tmp_path / "villages.parquet"))
    assert res.code == 2 and "nan" not in res.err
    assert "villages.parquet, feature 2, field 'geometry': geometry is empty (a point without coordinates)" in res.err
