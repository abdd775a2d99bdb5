"""USGS ShakeMap products read into sitrep: grid.xml as an MMIField, cont_mmi.json as isolines.

The fixtures (tests/data/shakemap-grid-*.xml, shakemap-cont-mmi.json) are written from the ShakeMap
manual's description of the formats, in the layouts ShakeMap 3.5 and ShakeMap 4 (mapio) write: a 5 x 4
grid, 85.0..86.0 E by 0.25 and 28.0..28.6 N by 0.2, north row first, with MMI = 2 + (row counted from
the south) + 0.1 * (column counted from the west), so every value says where it belongs.
"""

import re
import zipfile
from pathlib import Path

import numpy as np
import pytest

from sitrep.errors import InputError
from sitrep.intensity.field import MMIField
from sitrep.io.shakemap import read_mmi_contours, read_shakemap_grid

DATA = Path(__file__).parent / "data"
GRID35 = DATA / "shakemap-grid-35.xml"
GRID4 = DATA / "shakemap-grid-4.xml"
LONS = [85.0, 85.25, 85.5, 85.75, 86.0]
LATS = [28.0, 28.2, 28.4, 28.6]
EXPECTED = np.array([[2 + i + 0.1 * j for j in range(5)] for i in range(4)])


def variant(tmp_path, text: str, name: str = "grid.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- values land where the file says --------------------------------------------------------------


@pytest.mark.parametrize("path", [GRID35, GRID4], ids=["shakemap-3.5", "shakemap-4"])
def test_grid_values_land_at_their_lat_lon(path):
    """Orientation: USGS writes the north row first; the field's rows ascend from the south, and
    the value written at (85.25 E, 28.6 N) is read back at that point, not mirrored to 28.0 N."""
    field = read_shakemap_grid(path)
    assert isinstance(field, MMIField) and field.source == "shakemap"
    np.testing.assert_allclose(field.lon, LONS)
    np.testing.assert_allclose(field.lat, LATS)
    np.testing.assert_allclose(field.mmi, EXPECTED)
    mmi, _ = field.at([85.25, 85.0, 86.0], [28.6, 28.0, 28.2])
    np.testing.assert_allclose(mmi, [5.1, 2.0, 3.4])
    assert field.bounds == pytest.approx((84.875, 27.9, 86.125, 28.7))


def test_rows_are_placed_by_their_coordinates_not_their_order(tmp_path):
    """Rows are placed by their own LON/LAT: the same rows south-first or shuffled give the same field."""
    text = GRID35.read_text()
    head, rest = text.split("<grid_data>\n")
    body, tail = rest.split("\n</grid_data>")
    rows = body.split("\n")
    rng = np.random.default_rng(7)
    shuffled = [rows[k] for k in rng.permutation(len(rows))]
    for order in (rows[::-1], shuffled):
        field = read_shakemap_grid(variant(tmp_path, head + "<grid_data>\n" + "\n".join(order) + "\n</grid_data>" + tail))
        np.testing.assert_allclose(field.mmi, EXPECTED)


def test_shakemap_35_meta_and_model():
    """The ShakeMap 3.5 header: event and map attributes in meta, origin time in UTC ISO 8601
    (ShakeMap 3.5 writes '...UTC'), no sigma without an STDMMI field."""
    field = read_shakemap_grid(GRID35)
    assert field.model == "USGS ShakeMap 20150425061126 version 2"
    assert field.sigma is None
    m = field.meta
    assert (m["event_id"], m["magnitude"], m["depth_km"], m["lat"], m["lon"]) == ("20150425061126", 7.8, 15.0, 28.2305, 84.7314)
    assert m["origin_time"] == "2015-04-25T06:11:26+00:00"
    assert m["process_timestamp"] == "2015-04-26T08:12:30+00:00"
    assert (m["version"], m["originator"], m["map_status"], m["event_type"]) == ("2", "us", "RELEASED", "ACTUAL")
    assert m["description"] == "Test grid, Nepal & Gorkha"
    assert m["fields"][:5] == ["LON", "LAT", "PGA", "PGV", "MMI"]


def test_shakemap_4_layout_with_stdmmi_gives_sigma():
    """The ShakeMap 4 (mapio) layout: other field order, 4-decimal spacing, timestamps without a zone
    (UTC); an STDMMI field becomes the field's sigma, in the same cells as MMI."""
    field = read_shakemap_grid(GRID4)
    assert field.model == "USGS ShakeMap us7000test version 5"
    assert field.meta["origin_time"] == "2025-01-07T01:05:16+00:00"
    assert field.meta["code_version"] == "4.1.3"
    np.testing.assert_allclose(field.sigma, [[0.5 + 0.1 * i + 0.01 * j for j in range(5)] for i in range(4)])
    _, sigma = field.at([85.25], [28.6])
    assert sigma[0] == pytest.approx(0.81)


def uncertainty_xml(tmp_path, *, version: str = "2", nlat: int = 4) -> Path:
    """An uncertainty.xml for GRID35 (same header, fields LON LAT STDPGA STDMMI), STDMMI = 0.3 + 0.1 row + 0.01 column."""
    head = GRID35.read_text().split("<grid_field ")[0].replace('shakemap_version="2"', f'shakemap_version="{version}"')
    head = head.replace('lat_min="28.000000"', f'lat_min="{28.6 - 0.2 * (nlat - 1):.6f}"').replace('nlat="4"', f'nlat="{nlat}"')
    fields = "".join(f'<grid_field index="{k}" name="{n}" units="{u}" />\n'
                     for k, (n, u) in enumerate([("LON", "dd"), ("LAT", "dd"), ("STDPGA", "ln(pctg)"), ("STDMMI", "intensity")], 1))  # fmt: skip
    rows = [f"{LONS[j]:.4f} {28.6 - 0.2 * r:.4f} 0.55 {0.3 + 0.1 * (nlat - 1 - r) + 0.01 * j:.2f}" for r in range(nlat) for j in range(5)]
    return variant(tmp_path, head + fields + "<grid_data>\n" + "\n".join(rows) + "\n</grid_data>\n</shakemap_grid>\n", "uncertainty.xml")


def test_sigma_from_the_shakemaps_uncertainty_xml(tmp_path):
    """USGS publishes MMI's standard deviation in uncertainty.xml (grid.xml's layout, STD* fields): read with the
    grid, STDMMI becomes sigma, cell for cell."""
    field = read_shakemap_grid(GRID35, uncertainty=uncertainty_xml(tmp_path))
    np.testing.assert_allclose(field.sigma, [[0.3 + 0.1 * i + 0.01 * j for j in range(5)] for i in range(4)])
    assert field.meta["uncertainty_file"] == "uncertainty.xml"
    with pytest.raises(InputError, match=r"uncertainty.xml, <shakemap_grid>, field 'event_id': is of ShakeMap 20150425061126 version 3, "
                                         r"but shakemap-grid-35.xml is 20150425061126 version 2"):  # fmt: skip
        read_shakemap_grid(GRID35, uncertainty=uncertainty_xml(tmp_path, version="3"))
    with pytest.raises(InputError, match=r"uncertainty.xml, <grid_specification>: covers 5 x 3 nodes .* expected the same grid"):
        read_shakemap_grid(GRID35, uncertainty=uncertainty_xml(tmp_path, nlat=3))
    with pytest.raises(InputError, match=r"the uncertainty grid \(uncertainty.xml\) has no STDMMI field; its fields are LON, LAT, PGA"):
        read_shakemap_grid(GRID35, uncertainty=GRID35)


def test_scenario_shakemap_says_so(tmp_path):
    """A SCENARIO ShakeMap is a hypothetical earthquake: meta and the model string say so."""
    path = variant(tmp_path, GRID35.read_text().replace('shakemap_event_type="ACTUAL"', 'shakemap_event_type="SCENARIO"'))
    field = read_shakemap_grid(path)
    assert field.meta["event_type"] == "SCENARIO"
    assert "SCENARIO" in field.model and "not an observation" in field.model


def test_zipped_grid_as_usgs_serves_it(tmp_path):
    """grid.xml.zip (USGS's download) is read like the grid it holds."""
    path = tmp_path / "grid.xml.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(GRID35, "grid.xml")
    np.testing.assert_allclose(read_shakemap_grid(path).mmi, EXPECTED)


def test_file_text_is_one_visible_line(tmp_path):
    """A description with invisible characters (a right-to-left override, a newline) reaches meta as one plain line."""
    path = variant(tmp_path, GRID35.read_text().replace("Test grid, Nepal &amp; Gorkha", "Evil&#x202E;[31m&#10;line"))
    assert read_shakemap_grid(path).meta["description"] == "Evil [31m line"


# --- errors: one line naming the file, the element or row, and the field ---------------------------


def test_truncated_grid_is_refused():
    """A download cut short (the file ends inside <grid_data>) is refused as truncated."""
    with pytest.raises(InputError, match=r"shakemap-grid-truncated\.xml, line 32: ends inside <grid_data> after 9 complete rows "
                                         r"of nlon x nlat = 20: the file is truncated"):
        read_shakemap_grid(DATA / "shakemap-grid-truncated.xml")


def test_fewer_rows_than_nodes_is_refused(tmp_path):
    """Well-formed but short: 19 rows where nlon x nlat = 20."""
    text = GRID35.read_text()
    last = text.split("\n</grid_data>")[0].rsplit("\n", 1)[1]
    path = variant(tmp_path, text.replace("\n" + last + "\n</grid_data>", "\n</grid_data>"))
    with pytest.raises(InputError, match=r"<grid_data>: has 19 rows, fewer than nlon x nlat = 20; the file is truncated"):
        read_shakemap_grid(path)


def test_grid_without_mmi_names_its_fields():
    """A grid with no MMI field (a PGA-only grid, or uncertainty.xml) says which fields it has."""
    with pytest.raises(InputError, match=r"<grid_field>, field 'MMI': grid.xml has no MMI field; its fields are LON, LAT, PGA, PGV, PSA03"):
        read_shakemap_grid(DATA / "shakemap-grid-no-mmi.xml")


def test_row_with_wrong_number_of_values(tmp_path):
    """A row missing a value is named by its row and line, with the fields expected."""
    path = variant(tmp_path, GRID35.read_text().replace("85.5000 28.4000 4 2 4.20 6 1.33 0.44 0.6 1 720", "85.5000 28.4000 4 2 4.20 6 1.33 0.44 0.6 720"))
    with pytest.raises(InputError, match=r"grid_data row 8 \(line \d+\): has 10 values; expected 11 \(LON, LAT, PGA"):
        read_shakemap_grid(path)


def test_non_numeric_value_names_row_and_field(tmp_path):
    path = variant(tmp_path, GRID35.read_text().replace("85.5000 28.4000 4 2 4.20", "85.5000 28.4000 4 2 high"))
    with pytest.raises(InputError, match=r"grid_data row 8 \(line \d+\), field 'MMI': expected a finite number, got 'high'"):
        read_shakemap_grid(path)


@pytest.mark.parametrize(
    "value, field",
    [("nan", "MMI"), ("4.2.0", "MMI"), ("4,20", "MMI"), ("4&#46;20", "MMI"), ("<![CDATA[4.20]]>", "MMI"), ("inf", "MMI")],
)
def test_every_value_must_be_a_finite_number(tmp_path, value, field):
    """What ShakeMap never writes (NaN, a decimal comma, a character reference, CDATA) is refused by row and field."""
    path = variant(tmp_path, GRID35.read_text().replace("85.5000 28.4000 4 2 4.20", f"85.5000 28.4000 4 2 {value}"))
    with pytest.raises(InputError, match=rf"grid_data row 8 \(line 30\), field '{field}': expected a finite number, got '{re.escape(value)}'"):
        read_shakemap_grid(path)
    path = variant(tmp_path, GRID35.read_text().replace("85.5000 28.4000 4 2 4.20", f"85.5000 {value} 4 2 4.20"))
    with pytest.raises(InputError, match=r"grid_data row 8 \(line 30\), field 'LAT': expected a finite number"):
        read_shakemap_grid(path)


def test_spacing_inconsistent_with_node_count(tmp_path):
    """nominal spacing 0.25 over 85..86 needs 5 nodes; a header saying 6 contradicts itself."""
    path = variant(tmp_path, GRID35.read_text().replace('nlon="5"', 'nlon="6"'))
    with pytest.raises(InputError, match=r"<grid_specification>, field 'nominal_lon_spacing': is 0.25 degrees, but lon_min..lon_max over nlon=6"):
        read_shakemap_grid(path)


def test_coordinates_out_of_range(tmp_path):
    path = variant(tmp_path, GRID35.read_text().replace('lat_max="28.600000"', 'lat_max="98.600000"'))
    with pytest.raises(InputError, match=r"<grid_specification>, field 'lat_max': 98.6 is outside -90..90 degrees"):
        read_shakemap_grid(path)
    path = variant(tmp_path, GRID35.read_text().replace("85.2500 28.2000", "85.2500 128.2000"))
    with pytest.raises(InputError, match=r"grid_data row 12 \(line \d+\), field 'LAT': 128.2 is outside -90..90 degrees"):
        read_shakemap_grid(path)


def test_row_off_the_declared_grid_or_repeated(tmp_path):
    """Each row must sit on a node of <grid_specification>, and each node appear once."""
    path = variant(tmp_path, GRID35.read_text().replace("85.2500 28.2000", "85.3700 28.2000"))
    with pytest.raises(InputError, match=r"grid_data row 12 \(line \d+\), field 'LON': node \(85.37, 28.2\) is not on the grid"):
        read_shakemap_grid(path)
    path = variant(tmp_path, GRID35.read_text().replace("85.2500 28.2000", "85.0000 28.2000"))
    with pytest.raises(InputError, match=r"node \(85, 28.2\) appears more than once"):
        read_shakemap_grid(path)


def test_mmi_outside_the_scale(tmp_path):
    path = variant(tmp_path, GRID35.read_text().replace("85.5000 28.4000 4 2 4.20", "85.5000 28.4000 4 2 14.20"))
    with pytest.raises(InputError, match=r"grid_data row 8 \(line \d+\), field 'MMI': 14.2 is outside 0..12"):
        read_shakemap_grid(path)


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"type": "FeatureCollection"}', r"is not a ShakeMap grid.xml \(not XML"),
        ('<?xml version="1.0"?>\n<kml><Document/></kml>', r"is not a ShakeMap grid.xml: its root element is <kml>"),
        ("", r"is not a ShakeMap grid.xml \(not XML: no element found\)"),
    ],
    ids=["json", "other-xml", "empty"],
)
def test_not_a_grid_xml(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        read_shakemap_grid(variant(tmp_path, text))


def test_entity_expansion_and_external_entities_are_refused(tmp_path):
    """Billion laughs and an external entity (a local file read) are refused before anything expands."""
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE shakemap_grid [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n<shakemap_grid event_id="&c;"/>')  # fmt: skip
    external = ('<?xml version="1.0"?>\n<!DOCTYPE shakemap_grid [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                "<shakemap_grid><grid_data>&x;</grid_data></shakemap_grid>")  # fmt: skip
    for text in (laughs, external):
        with pytest.raises(InputError, match=r"grid.xml, line \d+: contains a DOCTYPE \(a DTD\); a ShakeMap grid.xml has none"):
            read_shakemap_grid(variant(tmp_path, text))


def test_size_limit(tmp_path):
    with pytest.raises(InputError, match=r"is 0 MB, more than sitrep reads from one file \(0 MB\)"):
        read_shakemap_grid(GRID35, max_mb=0.001)


def test_zip_without_a_grid(tmp_path):
    path = tmp_path / "grid.xml.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "no grid here")
    with pytest.raises(InputError, match=r"is a zip holding readme.txt; expected one grid.xml in it"):
        read_shakemap_grid(path)


# --- cont_mmi.json --------------------------------------------------------------------------------


def test_mmi_contours():
    """cont_mmi.json: one row per isoline with its MMI as a float, USGS's colour and the line, in EPSG:4326."""
    gdf = read_mmi_contours(DATA / "shakemap-cont-mmi.json")
    assert gdf.crs.to_epsg() == 4326
    assert list(gdf["mmi"]) == [5.0, 5.5, 6.0]
    assert gdf["mmi"].dtype == np.float64
    assert list(gdf["color"]) == ["#7cff90", "#bbff4a", "#ffff00"]
    assert set(gdf.geom_type) == {"MultiLineString"}
    assert gdf.geometry.iloc[2].bounds == pytest.approx((85.2, 28.2, 85.8, 28.5))


def test_pga_contours_are_not_mmi(tmp_path):
    path = variant(tmp_path, (DATA / "shakemap-cont-mmi.json").read_text().replace('"units": "mmi"', '"units": "pctg"'), "cont_pga.json")
    with pytest.raises(InputError, match=r"cont_pga.json, feature 1, field 'units': is a contour of units 'pctg', not MMI"):
        read_mmi_contours(path)


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('"value": 6.0', '"value": "strong"', r"feature 3, field 'value': expected an MMI value 0..12, got 'strong'"),
        ('"value": 6.0', '"value": 16.0', r"feature 3, field 'value': expected an MMI value 0..12, got '16.0'"),
        ('"MultiLineString"', '"Point"', r"feature 1, field 'geometry': an MMI contour is a \(Multi\)LineString, got Point"),
        ("[85.2, 28.2]", "[85.2, 98.2]", r"latitude 98.2 is outside -90..90"),
    ],
    ids=["text-value", "value-out-of-scale", "not-a-line", "latitude"],
)
def test_bad_contours(tmp_path, old, new, message):
    path = variant(tmp_path, (DATA / "shakemap-cont-mmi.json").read_text().replace(old, new, 1), "cont_mmi.json")
    with pytest.raises(InputError, match=message):
        read_mmi_contours(path)


def test_contours_not_a_feature_collection(tmp_path):
    with pytest.raises(InputError, match=r"is not a ShakeMap cont_mmi.json: expected a GeoJSON FeatureCollection, got Feature"):
        read_mmi_contours(variant(tmp_path, '{"type": "Feature", "properties": {}, "geometry": null}', "cont_mmi.json"))


# --- sitrep incident add NAME grid.xml --kind shakemap -----------------------------------------------

EVENT = DATA / "usgs-nepal-detail.geojson"


@pytest.fixture
def nepal(run_cli, private_sitrep_home):
    """Incident 'nepal' (the Gorkha event; the test grids lie inside its region) in a private SITREP_HOME."""
    assert run_cli("incident", "new", "nepal", "--event", EVENT, "--tz", "Asia/Kathmandu").code == 0
    return private_sitrep_home / "incidents" / "nepal"


def test_incident_keeps_its_shakemap(run_cli, nepal):
    """`incident add NAME grid.xml --kind shakemap` copies the grid byte for byte with a record of its original
    name, SHA-256, event and version; incident_shakemap() finds it and it reads back as the same field."""
    import hashlib
    import json
    import tomllib

    from sitrep.incidents import incident_shakemap
    from sitrep.io import read_scenario_spec

    r = run_cli("incident", "add", "nepal", GRID35, "--kind", "shakemap")
    assert r.code == 0, r.err
    assert "added ShakeMap 20150425061126 version 2 to incident 'nepal'" in r.out and "highest MMI 5.4 (V)" in r.out
    path = incident_shakemap(read_scenario_spec("nepal"))
    assert path == nepal / "shakemap" / "grid.xml" and path.read_bytes() == GRID35.read_bytes()
    record = tomllib.loads((nepal / "shakemap" / "shakemap.toml").read_text())
    assert record["original"] == "shakemap-grid-35.xml"
    assert record["sha256"] == hashlib.sha256(GRID35.read_bytes()).hexdigest()
    assert (record["event_id"], record["version"], record["event_type"]) == ("20150425061126", "2", "ACTUAL")
    np.testing.assert_allclose(read_shakemap_grid(path).mmi, EXPECTED)
    assert sorted(p.name for p in nepal.iterdir()) == ["epicentres.parquet", "epicentres.toml", "shakemap"]  # not a layer, no leftovers
    shown = run_cli("incident", "show", "nepal")
    assert "shakemap: 20150425061126 version 2 (ACTUAL" in shown.out and "from shakemap-grid-35.xml" in shown.out
    info = json.loads(run_cli("incident", "show", "nepal", "--format", "json").out)
    assert info["shakemap"]["version"] == "2" and [row["kind"] for row in info["layers"]] == ["epicentres"]


def test_second_shakemap_needs_force_and_says_which_version_it_replaced(run_cli, nepal):
    """A newer ShakeMap version is the normal update: refused without --force (the first is kept), with --force
    it replaces the first and the output names both versions."""
    assert run_cli("incident", "add", "nepal", GRID35, "--kind", "shakemap").code == 0
    r = run_cli("incident", "add", "nepal", GRID4, "--kind", "shakemap")
    assert r.code == 2
    assert r.err.strip() == ("sitrep: error: field '--force': incident 'nepal' already has ShakeMap 20150425061126 version 2 "
                             "(processed 2015-04-26T08:12:30+00:00); add --force to replace it with us7000test version 5")  # fmt: skip
    assert (nepal / "shakemap" / "grid.xml").read_bytes() == GRID35.read_bytes()
    r = run_cli("incident", "add", "nepal", GRID4, "--kind", "shakemap", "--force")
    assert r.code == 0, r.err
    assert "added ShakeMap us7000test version 5" in r.out
    assert "replaced ShakeMap 20150425061126 version 2 (processed 2015-04-26 08:12:30 UTC)" in r.out
    assert (nepal / "shakemap" / "grid.xml").read_bytes() == GRID4.read_bytes()
    assert sorted(p.name for p in nepal.iterdir()) == ["epicentres.parquet", "epicentres.toml", "shakemap"]


def test_bad_grid_leaves_the_incident_unchanged(run_cli, nepal):
    """A truncated grid is refused with one line, and nothing is half-written."""
    r = run_cli("incident", "add", "nepal", DATA / "shakemap-grid-truncated.xml", "--kind", "shakemap")
    assert r.code == 2 and r.err.count("\n") == 1 and "the file is truncated" in r.err and "Traceback" not in r.err
    assert sorted(p.name for p in nepal.iterdir()) == ["epicentres.parquet", "epicentres.toml"]


def test_zipped_grid_is_kept_zipped(run_cli, nepal, tmp_path):
    from sitrep.incidents import incident_shakemap
    from sitrep.io import read_scenario_spec

    path = tmp_path / "grid.xml.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(GRID4, "grid.xml")
    assert run_cli("incident", "add", "nepal", path, "--kind", "shakemap", "--force").code == 0  # GRID4 is a Dingri-time test grid
    kept = incident_shakemap(read_scenario_spec("nepal"))
    assert kept.name == "grid.xml.zip" and kept.read_bytes() == path.read_bytes()
    np.testing.assert_allclose(read_shakemap_grid(kept).sigma[3, 1], 0.81)


def test_scenario_shakemap_is_noted(run_cli, nepal, tmp_path):
    path = variant(tmp_path, GRID35.read_text().replace('shakemap_event_type="ACTUAL"', 'shakemap_event_type="SCENARIO"'))
    r = run_cli("incident", "add", "nepal", path, "--kind", "shakemap")
    assert r.code == 0, r.err
    assert "a SCENARIO (a hypothetical earthquake, not an observation)" in r.out
    assert "sitrep: note: this ShakeMap is a SCENARIO" in r.err


def test_shakemap_of_another_earthquake_needs_force(run_cli, nepal, tmp_path):
    """Review: New York's scenario grid was kept for Nepal with a warning, then used everywhere (all villages 'outside')."""
    path = variant(tmp_path, GRID35.read_text().replace('lat="28.230500" lon="84.731400"', 'lat="37.040000" lon="-121.880000"'))
    r = run_cli("incident", "add", "nepal", path, "--kind", "shakemap")
    assert r.code == 2 and "is outside the incident's region" in r.err and "--force" in r.err
    later = variant(tmp_path, GRID35.read_text().replace('event_timestamp="2015-04-25T06:11:26UTC"', 'event_timestamp="2015-05-12T07:05:19UTC"'), "later.xml")
    r = run_cli("incident", "add", "nepal", later, "--kind", "shakemap")
    assert r.code == 2 and "from the incident's earthquake" in r.err  # the M7.3 aftershock's map is another event
    r = run_cli("incident", "add", "nepal", path, "--kind", "shakemap", "--force")
    assert r.code == 0 and "kept because of --force" in r.err


def test_layer_options_are_refused_for_a_shakemap(run_cli, nepal):
    r = run_cli("incident", "add", "nepal", GRID35, "--kind", "shakemap", "--source", "USGS")
    assert r.code == 2 and "field '--source': --source is for layers" in r.err


def test_bundled_incident_has_no_shakemap_and_is_not_changed(run_cli):
    """The bundled Dingri incident has no ShakeMap (None) and `incident add` does not change it."""
    from sitrep.incidents import incident_shakemap
    from sitrep.io import read_scenario_spec

    assert incident_shakemap(read_scenario_spec("dingri-2025")) is None
    r = run_cli("incident", "add", "dingri-2025", GRID4, "--kind", "shakemap")
    assert r.code == 2 and "'dingri-2025' is a bundled incident and is not changed" in r.err


def test_grid_across_the_antimeridian(tmp_path):
    """A grid from 179.5 E to 180.5 E (lon_max beyond 180) whose rows east of 180 are written as -179.x: each row is
    placed by its longitude, the axis continues past 180."""
    text = GRID35.read_text().replace('lon_min="85.000000"', 'lon_min="179.500000"').replace('lon_max="86.000000"', 'lon_max="180.500000"')
    for old, new in zip(["85.0000", "85.2500", "85.5000", "85.7500", "86.0000"], ["179.5000", "179.7500", "180.0000", "-179.7500", "-179.5000"]):
        text = text.replace(f"\n{old} ", f"\n{new} ")
    field = read_shakemap_grid(variant(tmp_path, text))
    np.testing.assert_allclose(field.lon, [179.5, 179.75, 180.0, 180.25, 180.5])
    np.testing.assert_allclose(field.mmi, EXPECTED)
    assert field.meta["crosses_antimeridian"] and not read_shakemap_grid(GRID35).meta["crosses_antimeridian"]


def test_looks_like_shakemap_grid(tmp_path):
    from sitrep.io.shakemap import looks_like_shakemap_grid

    assert looks_like_shakemap_grid(GRID35) and looks_like_shakemap_grid(GRID4)
    assert not looks_like_shakemap_grid(DATA / "shakemap-cont-mmi.json") and not looks_like_shakemap_grid(tmp_path / "missing.xml")
