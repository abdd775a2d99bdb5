"""Hostile and absurd inputs end in one clear line (exit 2), never a traceback or a hang.

Each test names the input that crashed or misbehaved before (issue 9, "Tracebacks reach
no user" and "size and decompression-ratio limits refuse a zip bomb").
"""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sitrep import settings
from sitrep.errors import InputError
from sitrep.io import load_epicentres, load_layer, read_features

from .conftest import DATA

ROOT = Path(__file__).resolve().parents[1]
CSV = "id,name,lon,lat\na,Camp A,87.40,28.50\nb,Camp B,87.50,28.60\n"


def assert_one_line_error(result, *, match: str | None = None) -> None:
    """Exit 2, one `sitrep: error:` line on stderr, no traceback."""
    assert result.code == 2, result.err
    assert "Traceback" not in result.err
    lines = [ln for ln in result.err.splitlines() if ln.startswith("sitrep: error:")]
    assert len(lines) == 1, result.err
    if match is not None:
        assert re.search(match, lines[0]), lines[0]


# --- --crs --------------------------------------------------------------------------------------


@pytest.mark.parametrize("crs", ["EPSG:99999", "nonsense", "EPSG:4978", "EPSG:5703"])
def test_check_with_an_unknown_or_non_horizontal_crs_is_one_line(run_cli, write, crs):
    """`sitrep check x.csv --crs EPSG:99999` printed a pyproj traceback; a geocentric (4978) or
    vertical (5703) CRS was silently used to place points."""
    result = run_cli("check", write("x.csv", CSV), "--crs", crs)
    assert_one_line_error(result, match=rf"field '--crs': '{crs}'.* expected e\.g\. EPSG:4326")


def test_bands_with_an_unknown_crs_is_one_line(run_cli, write):
    """`sitrep bands --layer x.csv --crs EPSG:99999` is one clear line (exit 2), not a crash.

    (Issue 10 gave `bands` a --crs option; this test pinned its absence before.)"""
    result = run_cli("bands", "--layer", write("x.csv", CSV), "--crs", "EPSG:99999")
    assert_one_line_error(result, match=r"field '--crs': 'EPSG:99999'.* expected e\.g\. EPSG:4326")


def test_a_geojson_declaring_a_geocentric_crs_is_refused(write):
    """GDAL reads the `crs` member; a geocentric CRS was 'reprojected' to nonsense coordinates."""
    doc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4978"}},
           "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [87.4, 28.5]}}]}  # fmt: skip
    with pytest.raises(InputError, match=r"c\.geojson, field 'crs': declares the CRS 'WGS 84', which is not geographic or projected"):
        read_features(write("c.geojson", json.dumps(doc)))


# --- JSON nested 100,000 deep -------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["features", "epicentres"])
def test_json_nested_100000_deep_is_one_line(run_cli, write, kind):
    """`[[[[...]]]]` 100,000 deep raised RecursionError out of json.loads."""
    path = write("deep.geojson", "[" * 100_000 + "]" * 100_000)
    result = run_cli("check", path, "--kind", kind)
    assert_one_line_error(result, match=r"deep\.geojson: nests JSON arrays or objects too deeply")


# --- USGS documents with wrong values and types -------------------------------------------------


def usgs(**changes) -> dict:
    doc = json.loads((DATA / "usgs-summary-feature.geojson").read_text())
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        target = doc
        for p in parents:
            target = target[p]
        target[last] = value
    return doc


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"properties__time": 1e20}, r"field 'properties\.time': time 1e\+20 ms since 1970 is not a date between"),
        ({"properties__time": -1e18}, r"field 'properties\.time': time -1e\+18 ms"),
        ({"properties__time": "yesterday"}, r"field 'properties\.time': expected a number for time, got 'yesterday'"),
        ({"properties__mag": "7.1"}, r"field 'properties\.mag': expected a number for mag, got '7\.1'"),
        ({"properties__mag": True}, r"field 'properties\.mag': expected a number for mag, got True"),
        ({"properties__mag": [7]}, r"field 'properties\.mag': expected a number for mag, got a JSON array"),
        ({"geometry__coordinates": ["87.36", "28.64"]}, r"field 'geometry': expected a number for longitude, got '87\.36'"),
        ({"geometry__coordinates": [[1, 2], [3, 4]]}, r"field 'geometry': expected a number for longitude, got a JSON array"),
        ({"geometry__coordinates": [87.36, 28.64, "deep"]}, r"field 'geometry': expected a number for depth, got 'deep'"),
        ({"geometry__coordinates": "87,28"}, r"field 'geometry': has no point coordinates"),
        ({"geometry": None}, r"field 'geometry': has no point coordinates"),
        ({"id": [1]}, r", field 'id': is a JSON array; expected a text or number"),
        ({"properties__url": {"a": 1}}, r"field 'properties\.url': is a JSON object; expected a text"),
        ({"properties__products": []}, r"field 'properties\.products': is a JSON array; expected an object"),
        ({"properties__products": {"origin": "x"}}, r"field 'products\.origin': is a JSON string; expected a list"),
        ({"properties__products": {"origin": [{"properties": [1]}]}}, r"field 'products\.origin\.properties': is a JSON array"),
        ({"properties__products": {"origin": [{"preferredWeight": "a", "properties": {"eventtime": 5}}]}},
         r"field 'products\.origin\.eventtime': expected an ISO 8601 time, got a JSON number"),
    ],
)  # fmt: skip
def test_usgs_values_of_the_wrong_json_type_are_named(write, run_cli, changes, message):
    """USGS `time: 1e20` raised pandas OutOfBoundsDatetime; a list for properties.products, a
    string preferredWeight, a net that is a number ... raised TypeError/AttributeError; a
    string magnitude or boolean was silently taken as a number."""
    path = write("u.geojson", json.dumps(usgs(**changes)))
    with pytest.raises(InputError, match=r"u\.geojson, feature 1.*" + message):
        load_epicentres(path)
    assert_one_line_error(run_cli("bands", "--event", path))


def test_a_feed_entry_that_is_not_an_object_is_named(write):
    doc = {"type": "FeatureCollection", "features": [usgs(), 5]}
    with pytest.raises(InputError, match=r"u\.geojson, feature 2: is a JSON number; expected a GeoJSON Feature object"):
        load_epicentres(write("u.geojson", json.dumps(doc)))


def test_a_usgs_detail_document_still_takes_numbers_written_as_text_from_its_origin_product():
    """The origin product publishes latitude, depth and magnitude as strings: still read."""
    row = load_epicentres(DATA / "usgs-us6000pi9w-detail.geojson").iloc[0]
    assert (row.geometry.y, row["depth_km"], row["magnitude"]) == (28.639, 10.0, 7.1)


# --- zip layers -----------------------------------------------------------------------------------


def make_zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_a_zip_holding_a_csv_is_read_like_the_csv(tmp_path, run_cli):
    """A .zip holding a CSV raised AttributeError ('DataFrame' object has no attribute 'crs')."""
    path = make_zip(tmp_path / "camps.zip", {"camps.csv": CSV.encode(), "README.txt": b"about the camps", "__MACOSX/._camps.csv": b"x"})
    gdf = load_layer(path)
    assert list(gdf["name"]) == ["Camp A", "Camp B"]
    assert run_cli("check", path).code == 0


def test_a_zipped_shapefile_in_a_folder_is_read(tmp_path, layers):
    """GDAL's /vsizip/ did not find a Shapefile one folder down in the zip."""
    folder = tmp_path / "shp"
    folder.mkdir()
    layers["reservoirs"][["id", "name", "geometry"]].to_file(folder / "reservoirs.shp")
    path = make_zip(tmp_path / "r.zip", {f"data/{p.name}": p.read_bytes() for p in folder.iterdir()})
    assert len(read_features(path)) == len(layers["reservoirs"])


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"readme.md": b"hello"}, r"holds no shapefile or other vector file \(found 'readme\.md'\)"),
        ({"a.csv": CSV.encode(), "b.csv": CSV.encode(), "README.txt": b"x"}, r"holds 2 vector files"),
        ({"a.shp": b"x", "b/b.shp": b"x"}, r"holds 2 shapefiles \('a\.shp', 'b/b\.shp'\); expected one"),
        ({"bad.csv": b"id,name\n1,x\n"}, r"z\.zip, member 'bad\.csv': has no coordinates"),
    ],
)
def test_zip_contents_that_are_not_one_dataset_are_named(tmp_path, members, message):
    with pytest.raises(InputError, match=message):
        read_features(make_zip(tmp_path / "z.zip", members))


def test_a_file_that_is_not_a_zip_is_named(write):
    with pytest.raises(InputError, match=r"x\.zip: is not a readable zip archive"):
        read_features(write("x.zip", b"PK not really"))


def test_a_member_named_with_dot_dot_is_unpacked_under_a_fixed_name(tmp_path):
    """Members go to a private folder under fixed names: '../../x.csv' never becomes a path."""
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    path = make_zip(inner / "z.zip", {"../../evil.csv": CSV.encode()})
    assert len(read_features(path)) == 2
    assert not (tmp_path / "evil.csv").exists() and not (tmp_path / "a" / "evil.csv").exists()


def zeros_geojson_zip(path: Path, mb: int) -> Path:
    """A valid-looking GeoJSON member padded with `mb` MB of spaces: compresses about 1000:1."""
    head = b'{"type": "FeatureCollection", "features": []'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z, z.open("bomb.geojson", "w", force_zip64=True) as f:
        f.write(head)
        block = b" " * (1 << 20)
        for _ in range(mb):
            f.write(block)
        f.write(b"}")
    return path


def test_a_zip_bomb_is_refused_by_its_compression_ratio_before_unpacking(tmp_path, monkeypatch):
    """A 4 MB zip of 1 GB GeoJSON took 45 s and 3.6 GB; a member declaring 1000:1 is refused."""
    path = zeros_geojson_zip(tmp_path / "bomb.zip", 50)
    assert path.stat().st_size < 200_000
    unpacked = []
    monkeypatch.setattr("sitrep.io.reader._extract_capped", lambda *a: unpacked.append(a))
    with pytest.raises(InputError, match=r"bomb\.zip, member 'bomb\.geojson': declares 52 MB packed into 0\.05 MB \(ratio [\d,]+:1, "
                                         r"limit 100:1\); refused as a possible zip bomb"):  # fmt: skip
        read_features(path)
    assert unpacked == []


def test_a_zip_unpacking_to_more_than_the_limit_is_refused(tmp_path, monkeypatch):
    """The total declared size is checked against SITREP_MAX_UNCOMPRESSED_MB (here 10 MB)."""
    path = zeros_geojson_zip(tmp_path / "big.zip", 20)
    monkeypatch.setattr(settings, "MAX_COMPRESSION_RATIO", 1e9)
    monkeypatch.setattr(settings, "MAX_UNCOMPRESSED_MB", 10)
    with pytest.raises(InputError, match=r"big\.zip: unpacks to 21 MB, more than sitrep reads from one file \(10 MB\)"):
        read_features(path)


def test_a_member_that_lies_about_its_size_is_stopped(tmp_path, monkeypatch):
    """Declared sizes are not trusted: extraction stops at the declared size and fails the CRC."""
    data = CSV.encode() + b"c,Camp C,87.6,28.7\n" * 5000
    raw = bytearray(make_zip(tmp_path / "l.zip", {"l.csv": data}).read_bytes())
    for sig, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, central directory
        at = raw.index(sig)
        raw[at + size_at : at + size_at + 4] = struct.pack("<I", 100)  # claims 100 bytes
    (tmp_path / "l.zip").write_bytes(bytes(raw))
    with pytest.raises(InputError, match=r"l\.zip, member 'l\.csv': could not be unpacked"):
        read_features(tmp_path / "l.zip")


def test_a_parquet_file_declaring_more_than_the_limit_is_refused(tmp_path, monkeypatch, run_cli):
    """Parquet pages are compressed too: the declared uncompressed size is checked before reading,
    by the full loader and by the fast path of `sitrep bands`."""
    import geopandas as gpd
    import shapely

    notes = [f"{i:05d}" + "x" * 1000 for i in range(3000)]  # distinct: no dictionary encoding
    gdf = gpd.GeoDataFrame({"note": notes}, geometry=[shapely.Point(87.4, 28.5)] * 3000, crs=4326)
    gdf.to_parquet(tmp_path / "p.parquet")
    monkeypatch.setattr(settings, "MAX_UNCOMPRESSED_MB", 1)
    with pytest.raises(InputError, match=r"p\.parquet: unpacks to 3 MB, more than sitrep reads from one file \(1 MB\)"):
        read_features(tmp_path / "p.parquet")
    assert_one_line_error(run_cli("bands", "--layer", tmp_path / "p.parquet"), match=r"p\.parquet: unpacks to 3 MB")


def test_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("SITREP_MAX_UNCOMPRESSED_MB", "64")
    assert settings._positive_env("SITREP_MAX_UNCOMPRESSED_MB", 512) == 64
    monkeypatch.setenv("SITREP_MAX_UNCOMPRESSED_MB", "-1")
    with pytest.warns(UserWarning, match=r"SITREP_MAX_UNCOMPRESSED_MB='-1' is not a positive number; using 512"):
        assert settings._positive_env("SITREP_MAX_UNCOMPRESSED_MB", 512) == 512


# --- times and bands out of range ----------------------------------------------------------------


@pytest.mark.parametrize("as_of", ["9999-12-31", "9999-12-31T23:59:59-08:00", "0001-01-01", "0001-01-01T00:00+08:00", "2500-01-01T00:00Z"])
def test_report_as_of_far_dates_are_one_line(run_cli, tmp_path, as_of):
    """`sitrep report --as-of 9999-12-31` raised from matplotlib (dates past year 9999) or
    pandas strftime; 0001-01-01 only worked by luck."""
    result = run_cli("report", "--as-of", as_of, "--out", tmp_path / "r.html")
    assert_one_line_error(result, match=rf"field '--as-of': '{re.escape(as_of)}' is outside the years 1900-2199")
    assert not (tmp_path / "r.html").exists()


def test_timeline_and_since_are_bounded_too(run_cli, tmp_path):
    assert_one_line_error(run_cli("timeline", "--as-of", "9999-12-31T00:00Z"), match=r"field '--as-of'")
    result = run_cli("report", "--as-of", "2025-01-07T19:00+08:00", "--since", "0001-01-01T00:00Z", "--out", tmp_path / "r.html")
    assert_one_line_error(result, match=r"field '--since': '0001-01-01T00:00Z' is outside the years")


@pytest.mark.parametrize(("bands", "message"), [
    ("0,1e308", r"band edges must be at most 20,004 km .*; got 1e\+308"),
    ("0,20005", r"band edges must be at most 20,004 km"),
    (",".join(str(i) for i in range(101)), r"give at most 100 band edges; got 101"),
])  # fmt: skip
def test_absurd_band_edges_are_one_line(run_cli, bands, message):
    """`--bands 0,1e308` raised a GEOSException drawing the ring."""
    assert_one_line_error(run_cli("bands", "--bands", bands), match=r"field '--bands': " + message)


@pytest.mark.parametrize("bands", ["0,7000", "0,20004"])
def test_bands_reaching_past_a_pole_are_counted(run_cli, bands):
    """A ring of 7,000 km from Dingri contains the North Pole: drawn in degrees it was an
    invalid polygon and GEOS raised a TopologyException while judging coverage."""
    result = run_cli("bands", "--bands", bands, "--layer", "villages")
    assert result.code == 0, result.err
    assert "177*" in result.out  # every village, and the band reaches past the county: partial


# --- output that cannot be written ---------------------------------------------------------------

needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")


@needs_dev_full
@pytest.mark.parametrize("args", [["timeline"], ["bands", "--format", "json"], ["layers"]])
def test_stdout_on_a_full_disk_is_one_line(args, tmp_path):
    """`sitrep timeline > /dev/full` printed an OSError traceback (and another at exit)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SITREP_DB": str(tmp_path / "t.sqlite")}
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "sitrep.cli", *args], stdout=full, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "sitrep: error: cannot write output: No space left on device\n"


# --- layer names in the bundle's GeoPackage ----------------------------------------------------


def test_bundle_takes_layer_names_geopackage_forbids(run_cli, tmp_path, monkeypatch):
    """`sitrep report --layer ./-x.csv --out r.zip` raised pyogrio DataLayerError (special
    characters; `gpkg_` is a reserved prefix). Tables get safe names; the original name is
    kept as the table's identifier."""
    names = ["-x", "=x", "gpkg_x", "a b'\"é"]
    for n in names:
        (tmp_path / f"{n}.csv").write_text(CSV, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    layer_args = [a for n in names for a in ("--layer", f"./{n}.csv")]
    result = run_cli("report", "--as-of", "2025-01-07T19:00+08:00", *layer_args, "--out", "r.zip")
    assert result.code == 0, result.err
    with zipfile.ZipFile(tmp_path / "r.zip") as z:
        (tmp_path / "layers.gpkg").write_bytes(z.read("layers.gpkg"))
    rows = dict(sqlite3.connect(tmp_path / "layers.gpkg").execute("SELECT identifier, table_name FROM gpkg_contents").fetchall())
    assert {n: rows[n] for n in names} == {"-x": "x", "=x": "x_2", "gpkg_x": "layer_gpkg_x", "a b'\"é": "a_b_e"}
    assert rows["villages"] == "villages"


# --- the last net ----------------------------------------------------------------------------


def boom(args):
    raise RuntimeError("boom\nsecond line")


def test_an_unexpected_exception_is_one_line_and_exit_1(run_cli, monkeypatch):
    """Unknown failures print one line (the traceback only with -v / SITREP_DEBUG)."""
    monkeypatch.setattr("sitrep.commands.layers.run", boom)
    monkeypatch.delenv("SITREP_DEBUG", raising=False)
    result = run_cli("layers")
    assert result.code == 1
    assert result.err == "sitrep: internal error: RuntimeError: boom second line; run with -v for details\n"


def test_sitrep_debug_shows_the_traceback(run_cli, monkeypatch):
    monkeypatch.setattr("sitrep.commands.layers.run", boom)
    monkeypatch.setenv("SITREP_DEBUG", "1")
    result = run_cli("layers")
    assert result.code == 1
    assert "Traceback" in result.err and result.err.endswith("run with -v for details\n")


def test_a_csv_layer_read_from_a_zip_in_memory_is_the_same(tmp_path):
    """Same rows whether the CSV comes plain or zipped (no member name leaks into the data)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("c.csv", CSV)
    (tmp_path / "c.zip").write_bytes(buf.getvalue())
    (tmp_path / "c.csv").write_text(CSV)
    a, b = load_layer(tmp_path / "c.zip"), load_layer(tmp_path / "c.csv")
    assert list(a["id"]) == list(b["id"]) and a.geometry.geom_equals(b.geometry).all()
