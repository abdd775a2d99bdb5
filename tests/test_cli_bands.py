"""`sitrep bands` as analysts and other tools use it: the seed's counts, the JSON contract,
per-feature output, comparisons, custom layers, and every error path."""

import csv
import io
import json
import re

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point

from .conftest import DATA


def rows_of(doc, layer):
    return {r["band"]: r for r in doc["rows"] if r["layer"] == layer}


@pytest.fixture(scope="module")
def seed_json():
    from sitrep.cli import main

    buf = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(buf):
        assert main(["bands", "--format", "json"]) == 0
    return json.loads(buf.getvalue())


def test_json_shape_is_the_documented_contract(seed_json):
    assert set(seed_json) >= {"epicentre", "rupture", "bands_km", "rows"}
    assert set(seed_json["epicentre"]) >= {"lat", "lon", "depth_km", "magnitude", "source"}
    assert seed_json["epicentre"]["lat"] == 28.5 and seed_json["epicentre"]["lon"] == 87.45
    assert seed_json["rupture"] is None
    assert seed_json["bands_km"] == [0, 10, 20, 50]
    row = seed_json["rows"][0]
    assert set(row) >= {"layer", "band", "lower_km", "upper_km", "count"}
    open_band = rows_of(seed_json, "villages")["50+"]
    assert open_band["upper_km"] is None and open_band["lower_km"] == 50


def test_seed_counts_come_out_of_the_cli(seed_json):
    v = rows_of(seed_json, "villages")
    assert v["0-10"]["count"] + v["10-20"]["count"] == 27
    assert v["0-10"]["population"] + v["10-20"]["population"] == 6900
    t = rows_of(seed_json, "townships")
    assert t["0-10"]["count"] + t["10-20"]["count"] == 3
    assert [rows_of(seed_json, "reservoirs")[b]["count"] for b in ("0-10", "10-20", "20-50")] == [1, 0, 4]
    assert [rows_of(seed_json, "hydropower")[b]["count"] for b in ("0-10", "10-20", "20-50")] == [0, 1, 4]
    assert sum(r["count"] for r in rows_of(seed_json, "base_stations").values()) == 751


def test_no_silent_zeros_beyond_coverage(seed_json):
    beyond = rows_of(seed_json, "reservoirs")["50+"]
    assert beyond["coverage"] == "none" and beyond["count"] is None
    assert rows_of(seed_json, "villages")["20-50"]["coverage"] == "partial"
    assert rows_of(seed_json, "villages")["0-10"]["coverage"] == "full"


def test_default_table_is_readable_with_units(run_cli):
    r = run_cli("bands")
    assert r.code == 0
    assert "0-10 km" in r.out and "50+ km" in r.out
    assert "no data" in r.out
    assert "CENC epicentre 28.5000N 87.4500E" in r.out


def test_solutions_differ_and_usgs_is_selectable(run_cli):
    usgs = json.loads(run_cli("bands", "--solution", "usgs", "--format", "json", "--layer", "villages").out)
    assert usgs["epicentre"]["lat"] == 28.639
    assert rows_of(usgs, "villages")["0-10"]["count"] != 16


def test_compare_shows_every_solution_side_by_side(run_cli):
    r = run_cli("bands", "--compare", "--layer", "villages", "--format", "json")
    doc = json.loads(r.out)
    assert [s["id"] for s in doc["solutions"]] == ["cenc", "usgs", "ncs"]
    inner = [x for x in doc["rows"] if x["band"] in ("0-10", "10-20")]
    assert sum(x["count_cenc"] for x in inner) == 27
    assert {"count_usgs", "count_ncs", "coverage_ncs"} <= set(inner[0])
    table = run_cli("bands", "--compare", "--layer", "villages").out
    assert "count_usgs" in table and "count_ncs" in table


def test_custom_epicentre_and_usgs_event(run_cli):
    custom = json.loads(run_cli("bands", "--epicentre", "28.5,87.45", "--format", "json").out)
    assert custom["epicentre"]["id"] == "custom"
    event = json.loads(run_cli("bands", "--event", DATA / "usgs-us6000pi9w-detail.geojson", "--format", "json").out)
    assert event["epicentre"]["lat"] == 28.639 and event["epicentre"]["magnitude"] == 7.1


def test_rupture_trace_from_the_scenario_and_from_a_file(run_cli, tmp_path, layers):
    doc = json.loads(run_cli("bands", "--rupture", "rupture", "--layer", "villages", "--format", "json").out)
    assert doc["rupture"]["geometry_type"] == "LineString"
    path = tmp_path / "trace.geojson"
    layers["rupture"].to_file(path)
    same = json.loads(run_cli("bands", "--rupture", path, "--layer", "villages", "--format", "json").out)
    assert same["rows"] == doc["rows"]
    # every village is at least as near the trace as the epicentre on it
    epi = json.loads(run_cli("bands", "--layer", "villages", "--format", "json").out)
    assert rows_of(doc, "villages")["0-10"]["count"] >= rows_of(epi, "villages")["0-10"]["count"]


def test_group_by_operator(run_cli):
    doc = json.loads(run_cli("bands", "--layer", "base_stations", "--by", "operator", "--format", "json").out)
    ops = {r["operator"] for r in doc["rows"]}
    assert ops == {"China Mobile", "China Telecom", "China Unicom"}
    assert sum(r["count"] for r in doc["rows"]) == 751


def test_a_file_layer_named_by_its_stem_with_sums(run_cli, write):
    """A file's layer is named by its stem (the --layer contract) unless that could pass for another layer."""
    path = write("shelters.csv", "id,lon,lat,capacity\ns1,87.45,28.55,100\ns2,87.45,28.80,250\n")
    doc = json.loads(run_cli("bands", "--layer", path, "--sum", "capacity", "--format", "json").out)
    r = rows_of(doc, "shelters")
    assert (r["0-10"]["count"], r["0-10"]["capacity"]) == (1, 100)
    assert (r["20-50"]["count"], r["20-50"]["capacity"]) == (1, 250)


def test_geoparquet_takes_the_columnar_path_and_agrees(run_cli, tmp_path, layers):
    villages = layers["villages"][["id", "population", "geometry"]]
    pq_path, gj_path = tmp_path / "v.parquet", tmp_path / "v.geojson"
    villages.to_parquet(pq_path)
    villages.to_file(gj_path)
    a = json.loads(run_cli("bands", "--layer", pq_path, "--format", "json").out)["rows"]
    b = json.loads(run_cli("bands", "--layer", gj_path, "--format", "json").out)["rows"]
    assert [(x["band"], x["count"], x["population"]) for x in a] == [(x["band"], x["count"], x["population"]) for x in b]


def test_features_as_geojson_csv_and_json(run_cli):
    gj = json.loads(run_cli("bands", "--features", "--layer", "reservoirs", "--format", "geojson").out)
    props = [f["properties"] for f in gj["features"]]
    assert [p["band"] for p in props] == ["0-10", "20-50", "20-50", "20-50", "20-50"]
    assert props[0]["distance_km"] == pytest.approx(7.2, abs=1e-3)  # placed at 7.2 km, stored to ~0.1 m
    assert props[0]["layer"] == "reservoirs" and props[0]["provenance"] == "synthetic"
    rows = list(csv.DictReader(io.StringIO(run_cli("bands", "--features", "--layer", "hydropower", "--format", "csv").out)))
    assert rows[0]["band"] == "10-20" and float(rows[0]["distance_km"]) == pytest.approx(14.0, abs=1e-3)
    js = json.loads(run_cli("bands", "--features", "--layer", "townships", "--format", "json").out)
    assert {"layer", "distance_km", "band", "lon", "lat"} <= set(js[0])


def test_features_distances_agree_with_geod_to_a_millimetre(run_cli):
    from pyproj import Geod

    gj = json.loads(run_cli("bands", "--features", "--layer", "villages", "--format", "geojson").out)
    lon, lat = np.array([f["geometry"]["coordinates"] for f in gj["features"]]).T
    _, _, ref = Geod(ellps="WGS84").inv(np.full(lon.size, 87.45), np.full(lon.size, 28.5), lon, lat)
    got = np.array([f["properties"]["distance_km"] for f in gj["features"]])
    np.testing.assert_allclose(got * 1000, ref, atol=1e-3)


def test_polygon_layers_are_measured_at_their_nearest_point(run_cli):
    doc = json.loads(run_cli("bands", "--features", "--layer", "county", "--format", "json").out)
    assert doc[0]["distance_km"] == 0 and doc[0]["band"] == "0-10"  # the epicentre lies inside the county


def test_csv_output_neutralises_formulas(run_cli, write):
    path = write("evil.csv", 'id,name,lon,lat\nx,"=HYPERLINK(""http://evil"")",87.45,28.55\n')
    out = run_cli("bands", "--features", "--layer", path, "--format", "csv").out
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["name"].startswith("'=")


def test_out_writes_the_file_atomically(run_cli, tmp_path):
    out = tmp_path / "bands.json"
    r = run_cli("bands", "--format", "json", "--out", out)
    assert r.code == 0 and r.out == ""
    assert json.loads(out.read_text())["bands_km"] == [0, 10, 20, 50]
    assert [p.name for p in tmp_path.iterdir()] == ["bands.json"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bands", "0,20,10"], "field '--bands': band edges must be strictly increasing"),
        (["--bands", "ten"], "field '--bands': bands must be comma-separated km"),
        (["--epicentre", "95,87"], "field '--epicentre': epicentre latitude must be within -90..90, got 95"),
        (["--epicentre", "28.5,190"], "epicentre longitude must be within -180..180, got 190"),
        (["--epicentre", "28.5"], "expected LAT,LON in degrees"),
        (["--solution", "emsc"], "no epicentre solution 'emsc'; known: cenc, usgs, ncs"),
        (["--layer", "nope.csv"], "nope.csv, field '--layer': no such file"),
        (["--format", "geojson"], "--format geojson lists features"),
        (["--sum", "name", "--layer", "villages"], "field 'name': cannot sum a non-number"),
        (["--out", "/nonexistent-dir/x.json"], "/nonexistent-dir/x.json, field '--out': cannot be written"),
    ],
)
def test_errors_are_one_line_and_exit_2(run_cli, args, message):
    r = run_cli("bands", *args)
    assert r.code == 2
    assert r.out == ""
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sitrep: error: ") and message in lines[0]


def test_unreadable_layer_file(run_cli, write):
    r = run_cli("bands", "--layer", write("broken.parquet", b"PAR1garbage"))
    assert r.code == 2 and "broken.parquet: is not a readable Parquet file" in r.err


def test_bad_coordinates_in_a_geoparquet_layer_are_named(run_cli, tmp_path):
    path = tmp_path / "bad.parquet"
    gpd.GeoDataFrame({"id": ["a", "b"]}, geometry=[Point(87.4, 28.5), Point(87.4, 95.0)], crs=4326).to_parquet(path)
    r = run_cli("bands", "--layer", path)
    assert r.code == 2 and "bad.parquet, feature 2, field 'geometry': latitude 95" in r.err


def test_no_progress_bar_when_not_a_terminal(run_cli, tmp_path):
    n = 1_100_000
    rng = np.random.default_rng(1)
    import pandas as pd

    path = tmp_path / "big.parquet"
    pd.DataFrame({"lon": rng.uniform(87, 88, n), "lat": rng.uniform(28, 29, n)}).to_parquet(path)
    r = run_cli("bands", "--layer", path, "--format", "json")
    assert r.code == 0 and r.err == ""
    assert sum(x["count"] for x in json.loads(r.out)["rows"]) == n


def test_progress_bar_on_a_terminal_for_big_inputs(tmp_path, monkeypatch, capsys):
    import pandas as pd

    from sitrep.cli import main

    n = 1_100_000
    path = tmp_path / "big.parquet"
    pd.DataFrame({"lon": np.full(n, 87.5), "lat": np.full(n, 28.5)}).to_parquet(path)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    assert main(["bands", "--layer", str(path), "--format", "json"]) == 0
    err = capsys.readouterr().err
    assert "bands" in err and "1.10M" in err and "pt" in err


# --- user layers never pass for scenario layers; no raw controls to a terminal (issue 9) ----------


def test_file_layers_never_share_a_name_with_scenario_layers_or_each_other(run_cli, write, tmp_path):
    """`--layer villages.csv --layer villages` printed two tables both labelled villages, and two
    files with the same stem became one name."""
    fake = "id,name,lat,lon,population\n1,fake,28.5,87.45,999999\n"
    first = write("villages.csv", fake)
    (tmp_path / "b").mkdir()
    second = write("b/villages.csv", fake)
    r = run_cli("bands", "--layer", first, "--layer", "villages", "--layer", second, "--layer", "villages", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert list(dict.fromkeys(row["layer"] for row in doc["rows"])) == ["villages (villages.csv)", "villages", "villages (villages.csv) #2"]
    assert rows_of(doc, "villages")["0-10"]["count"] == 16 and rows_of(doc, "villages")["0-10"]["population"] == 3816


HOSTILE = "Camp\x1b[2J\x1b]0;owned\x07 \u202egnp.exe \x9b31m\x7f"


@pytest.mark.parametrize("args", [("--by", "name", "--format", "csv"), ("--features", "--format", "csv"), ("--features", "--format", "json"),
                                  ("--features", "--format", "geojson")])  # fmt: skip
def test_csv_and_json_to_a_terminal_carry_no_raw_control_characters(run_cli, write, monkeypatch, args):
    """CSV to a terminal printed a layer's ESC sequences raw; JSON left C1, DEL and bidi controls raw."""
    import sys

    path = write("camps.csv", f'id,name,lon,lat\nc1,"{HOSTILE}",87.45,28.55\n')
    piped = run_cli("bands", "--layer", path, *args)
    assert piped.code == 0 and ("\x1b" in piped.out or "\u202e" in piped.out)  # to a pipe: exact, for programs
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    shown = run_cli("bands", "--layer", path, *args)
    assert shown.code == 0, shown.err
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown.out)
    if "csv" in args:
        assert "Camp\\x1b[2J" in shown.out and list(csv.reader(io.StringIO(shown.out)))[0][0] == "layer"
    else:
        assert json.loads(shown.out) == json.loads(piped.out)  # still the same JSON, only escaped


def test_a_file_named_like_a_scenario_layers_title_is_shown_with_its_file_name(scenario):
    """A file called 'Villages 村庄.csv' would have shown as the official 'Villages 村庄' row."""
    from sitrep.present import reserved_layer_names, user_layer_name

    spec, _ = scenario
    taken = reserved_layer_names(spec)
    assert user_layer_name("Villages 村庄.csv", taken) == "Villages 村庄 (Villages 村庄.csv)"
    assert user_layer_name("BASE_STATIONS.geojson", taken) == "BASE_STATIONS (BASE_STATIONS.geojson)"
    assert user_layer_name("shelters.csv", taken) == "shelters"


# --- issue 10: southern and western epicentres, the antimeridian, fields that are not there -----

FIJI = [("taveuni", 179.90, -16.80, 100), ("lau-a", -179.95, -17.50, 10), ("lau-b", 179.99, -18.00, 20), ("lakeba", -178.40, -18.20, 30)]


def fiji_villages(write):
    return write("fiji.csv", "id,lon,lat,population\n" + "".join(f"{i},{lon},{lat},{p}\n" for i, lon, lat, p in FIJI))


def test_a_southern_western_epicentre_works_as_written(run_cli):
    """`--epicentre -18.11,-178.15` was taken for an option by argparse ('expected one argument')."""
    r = run_cli("bands", "--epicentre", "-18.11,-178.15", "--format", "json")
    assert r.code == 0, r.err
    epicentre = json.loads(r.out)["epicentre"]
    assert (epicentre["lat"], epicentre["lon"]) == (-18.11, -178.15)
    spaced = run_cli("bands", "--epicentre", "-18.11, -178.15", "--format", "json")
    assert json.loads(spaced.out)["epicentre"]["lat"] == -18.11


def test_coordinates_print_with_hemispheres(run_cli):
    """Tonga prints as 18.1100S 178.1500W, never -18.1100N -178.1500E."""
    r = run_cli("bands", "--epicentre", "-18.11,-178.15", "--layer", "villages")
    assert "from the given epicentre 18.1100S 178.1500W" in r.out and "N -" not in r.out
    compare = run_cli("bands", "--compare", "--layer", "villages", "--epicentre", "-18.11,-178.15")
    assert "custom 18.1100S 178.1500W" in compare.out and "cenc 28.5000N 87.4500E" in compare.out


def test_a_missing_longitude_after_a_negative_latitude_is_named(run_cli):
    r = run_cli("bands", "--epicentre", "-18.11")
    assert r.code == 2 and "field '--epicentre': expected LAT,LON in degrees" in r.err


def test_longitudes_beyond_180_are_refused_with_the_western_value(run_cli):
    """181 is refused, not normalised: a 0-360 longitude, a typo and a swapped pair look alike; the message gives -179."""
    r = run_cli("bands", "--epicentre", "-18.11,181")
    assert r.code == 2 and "epicentre longitude must be within -180..180, got 181; if it is a 0-360 longitude, write -179 (west)" in r.err


def test_every_lat_lon_option_takes_negative_values():
    """The argv fix is generic: any option whose metavar is LAT,LON, in any subcommand, however deep."""
    import argparse

    from sitrep.cli import join_coordinate_values

    parser = argparse.ArgumentParser(prog="sitrep")
    sub = parser.add_subparsers().add_parser("incident").add_subparsers().add_parser("new")
    sub.add_argument("name")
    sub.add_argument("--epicentre", metavar="LAT,LON")
    sub.add_argument("--title")
    argv = ["incident", "new", "tonga", "--epicentre", "-18.11,-178.15", "--title", "-x", "--", "--epicentre", "-1,2"]
    assert join_coordinate_values(parser, argv) == [
        "incident", "new", "tonga", "--epicentre=-18.11,-178.15", "--title", "-x", "--", "--epicentre", "-1,2"
    ]  # fmt: skip
    assert parser.parse_args(join_coordinate_values(parser, argv[:5])).epicentre == "-18.11,-178.15"


def test_the_antimeridian_bands_correctly(run_cli, write):
    """Epicentre at 178.15W, villages either side of 180: exact geodesic bands, and no 'no data' for the near band."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    expected = {i: geod.inv(-178.15, -18.11, lon, lat)[2] / 1000 for i, lon, lat, _ in FIJI}
    path = fiji_villages(write)
    feats = json.loads(run_cli("bands", "--epicentre", "-18.11,-178.15", "--layer", path, "--features", "--format", "json").out)
    assert {f["id"]: f["distance_km"] for f in feats} == pytest.approx(expected, abs=1e-6)
    doc = json.loads(run_cli("bands", "--epicentre", "-18.11,-178.15", "--layer", path, "--bands", "0,50,100,200,300",
                             "--format", "json").out)  # fmt: skip
    got = {r["band"]: (r["count"], r["population"]) for r in doc["rows"]}
    assert got["0-50"] == (1, 30) and got["50-100"] == (0, 0) and got["100-200"] == (1, 20) and got["200-300"] == (2, 110)


def test_sum_of_a_field_the_layer_lacks_is_an_error_naming_layer_and_fields(run_cli, write):
    """`--sum capacity` on a layer without it was silently left out ('-')."""
    path = write("shelters.csv", "id,lon,lat,beds\ns1,87.45,28.55,100\n")
    r = run_cli("bands", "--layer", path, "--sum", "capacity")
    assert r.code == 2 and r.out == ""
    assert "shelters.csv, field '--sum': layer 'shelters' has no field 'capacity'; its fields: id, beds" in r.err


def test_by_a_field_the_layer_lacks_is_an_error(run_cli):
    r = run_cli("bands", "--layer", "villages", "--layer", "base_stations", "--by", "operator")
    assert r.code == 2 and "field '--by': layer 'villages' has no field 'operator'; its fields: id, name, name_zh, township, population" in r.err


def test_a_columnar_layer_lacking_the_field_lists_all_its_fields(run_cli, tmp_path, layers):
    """GeoParquet read by the fast path (only the fields asked for): the message still lists every field."""
    path = tmp_path / "v.parquet"
    layers["villages"][["id", "population", "geometry"]].to_parquet(path)
    r = run_cli("bands", "--layer", path, "--sum", "households")
    assert r.code == 2 and "layer 'v' has no field 'households'; its fields: id, population" in r.err


def test_without_layers_a_field_some_scenario_layers_have_is_fine(run_cli):
    """With every exposure layer (no --layer), layers lacking a field show '-'; a field no layer has is an error."""
    assert run_cli("bands", "--sum", "population").code == 0
    r = run_cli("bands", "--by", "colour")
    assert r.code == 2 and "has no field 'colour' (nor does any other layer of the scenario)" in r.err


def test_an_opencellid_file_given_to_layer_gets_the_opencellid_reader(run_cli):
    """`--layer 460.csv` (headerless, as OpenCellID's country extracts come) was refused 'has no coordinates';
    now it reads as `check --kind base_stations` does: operator from MCC/MNC, provenance approximate."""
    r = run_cli("bands", "--layer", DATA / "opencellid-460-noheader.csv", "--by", "operator", "--format", "json")
    assert r.code == 0, r.err
    rows = json.loads(r.out)["rows"]
    assert sum(x["count"] or 0 for x in rows if x["operator"] == "China Unicom") == 1
    feats = json.loads(run_cli("bands", "--layer", DATA / "opencellid-sample.csv", "--features", "--format", "json").out)
    assert {f["provenance"] for f in feats} == {"approximate"} and "China Mobile" in {f["operator"] for f in feats}
