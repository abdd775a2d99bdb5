"""``sitrep intensity`` (issue 11): the contract's shapes, ShakeMap before model, the fatality model alone, bad input."""

from __future__ import annotations

import json

import numpy as np
import pytest

PAGER_DINGRI = "IX=2998,VIII=6964,VII=27679,VI=61485,V=147452"


def _grid_xml(*, processed: str = "2025-01-07T03:00:00Z", mmi_at_centre: float = 8.6, nodes: int = 21) -> str:
    """A ShakeMap-4-style grid.xml over Dingri county (86.4-88.4E, 27.9-29.1N), MMI falling 0.15 per node from 87.4E 28.5N."""
    lons = np.linspace(86.4, 88.4, nodes)
    lats = np.linspace(29.1, 27.9, nodes)  # ShakeMap rows start at the north
    rows = []
    for lat in lats:
        for lon in lons:
            d = max(abs(lon - 87.4), abs(lat - 28.5)) / (lons[1] - lons[0])
            rows.append(f"{lon:.4f} {lat:.4f} 0.1 1.0 {max(mmi_at_centre - 0.15 * d, 1.0):.2f} 760")
    step_lon, step_lat = lons[1] - lons[0], lats[0] - lats[1]
    return (
        '<?xml version="1.0" encoding="US-ASCII" standalone="yes"?>'
        '<shakemap_grid xmlns="http://earthquake.usgs.gov/eqcenter/shakemap" event_id="us6000test" shakemap_id="us6000test" '
        f'shakemap_version="3" code_version="4.1" process_timestamp="{processed}" shakemap_originator="us" map_status="RELEASED" '
        'shakemap_event_type="ACTUAL">\n'
        '<event event_id="us6000test" magnitude="7.1" depth="10.0" lat="28.6390" lon="87.3610" '
        'event_timestamp="2025-01-07T01:05:16Z" event_network="us" event_description="Test grid over Dingri"/>\n'
        f'<grid_specification lon_min="86.4" lat_min="27.9" lon_max="88.4" lat_max="29.1" nominal_lon_spacing="{step_lon:.4f}" '
        f'nominal_lat_spacing="{step_lat:.4f}" nlon="{nodes}" nlat="{nodes}"/>\n'
        '<grid_field index="1" name="LON" units="dd"/><grid_field index="2" name="LAT" units="dd"/>'
        '<grid_field index="3" name="PGA" units="pctg"/><grid_field index="4" name="PGV" units="cms"/>'
        '<grid_field index="5" name="MMI" units="intensity"/><grid_field index="6" name="SVEL" units="ms"/>\n'
        "<grid_data>\n" + "\n".join(rows) + "\n</grid_data>\n</shakemap_grid>\n"
    )


@pytest.fixture
def dingri_grid(write):
    return write("grid.xml", _grid_xml())


def test_the_fatality_model_alone_reproduces_pagers_291(run_cli):
    """PAGER's own Dingri exposure, China's model: 291 deaths, orange, labelled a model estimate."""
    r = run_cli("intensity", "--exposure", PAGER_DINGRI, "--country", "CN", "--format", "json")
    assert r.code == 0, r.err
    fat = json.loads(r.out)["fatalities"]
    assert (fat["estimate"], fat["alert"], fat["country"], fat["label"]) == (291, "orange", "CN", "model estimate")
    assert fat["low"] < 291 < fat["high"]
    table = run_cli("intensity", "--exposure", PAGER_DINGRI, "--country", "CN")
    assert "291 deaths" in table.out and "orange" in table.out and "not a report" in table.out


def test_the_fatality_model_needs_a_country_and_a_clean_exposure(run_cli, monkeypatch):
    monkeypatch.delenv("SITREP_INCIDENT", raising=False)
    r = run_cli("intensity", "--exposure", PAGER_DINGRI)
    assert r.code == 2 and "--country" in r.err and "Traceback" not in r.err
    r = run_cli("intensity", "--exposure", "IX=lots", "--country", "CN")
    assert r.code == 2 and "IX=lots" in r.err
    r = run_cli("intensity", "--exposure", PAGER_DINGRI, "--country", "CN", "--shakemap", "grid.xml")
    assert r.code == 2 and "cannot be combined" in r.err


def test_json_has_the_contracts_shape_for_the_bundled_incident(run_cli):
    """Model MMI (no ShakeMap bundled): levels high to low with area and per-layer rows; the fatality block."""
    r = run_cli("intensity", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["source"] == "model" and doc["model"].startswith("yu2013")
    levels = [lv["mmi"] for lv in doc["levels"]]
    assert levels == sorted(levels, reverse=True) and 8 in levels
    for level in doc["levels"]:
        assert level["area_km2"] > 0
        for row in level["rows"]:
            assert set(row) >= {"layer", "count", "population"}
    villages = sum(row["count"] for lv in doc["levels"] for row in lv["rows"] if row["layer"] == "villages")
    outside = sum(o.get("count", 0) for o in doc.get("outside") or [] if o.get("layer") == "villages")
    assert villages + outside == 177  # every village is placed at one level or said to lie outside the field
    assert set(doc["fatalities"]) >= {"model", "country", "estimate", "low", "high", "alert"}
    assert doc["fatalities"]["country"] == "CN" and doc["label"] == "model estimate"


def test_a_rupture_and_another_model_change_the_field(run_cli):
    point = json.loads(run_cli("intensity", "--model", "allen2012", "--solution", "usgs", "--format", "json").out)
    rupture = json.loads(run_cli("intensity", "--model", "allen2012", "--solution", "usgs", "--rupture", "rupture", "--format", "json").out)
    assert point["model"] == rupture["model"] == "allen2012"
    area = {doc["inputs"]["inputs"]["distance"][:5]: sum(lv["area_km2"] for lv in doc["levels"] if lv["mmi"] >= 6) for doc in (point, rupture)}
    assert area["Rhypo"] > area["Rrup "]  # the point source spreads VI+ over a circle; the N-S rupture an elongated zone


def test_features_give_every_feature_its_mmi_and_sigma(run_cli):
    r = run_cli("intensity", "--features", "--layer", "villages", "--format", "csv")
    assert r.code == 0, r.err
    head, *rows = r.out.strip().splitlines()
    assert {"mmi", "mmi_sigma", "level"} <= set(head.split(",")) and len(rows) == 177
    geo = json.loads(run_cli("intensity", "--features", "--layer", "villages", "--format", "geojson").out)
    assert len(geo["features"]) == 177 and 7.0 < geo["features"][0]["properties"]["mmi"] < 9.0


def test_a_shakemap_grid_comes_before_any_model(run_cli, dingri_grid):
    r = run_cli("intensity", "--shakemap", dingri_grid, "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["source"] == "shakemap" and "us6000test" in doc["model"]
    assert max(lv["mmi"] for lv in doc["levels"]) == 9  # 8.6 at the centre node
    features = json.loads(run_cli("intensity", "--shakemap", dingri_grid, "--features", "--layer", "villages", "--format", "json").out)
    assert all("mmi_sigma" not in f or f["mmi_sigma"] is None for f in features)  # a grid without STDMMI states no sigma
    r = run_cli("intensity", "--shakemap", dingri_grid, "--model", "yu2013")
    assert r.code == 2 and "model only" in r.err


def test_bad_grids_are_refused_naming_the_file(run_cli, write):
    truncated = write("truncated.xml", _grid_xml()[:3000])
    r = run_cli("intensity", "--shakemap", truncated)
    assert r.code == 2 and "truncated.xml" in r.err and "Traceback" not in r.err
    no_mmi = write("nommi.xml", _grid_xml().replace('name="MMI"', 'name="PSA03"'))
    r = run_cli("intensity", "--shakemap", no_mmi)
    assert r.code == 2 and "no MMI field" in r.err


def test_magnitudes_outside_a_models_range_are_flagged_or_refused(run_cli):
    r = run_cli("intensity", "--model", "allen2012", "--magnitude", "8.6", "--format", "json")
    assert r.code == 0, r.err
    assert any("extrapolated" in w for w in json.loads(r.out)["inputs"]["warnings"])
    r = run_cli("intensity", "--magnitude", "12")
    assert r.code == 2 and "magnitude" in r.err
    r = run_cli("intensity", "--epicentre", "28.5,87.45")
    assert r.code == 2 and "--magnitude" in r.err
    r = run_cli("intensity", "--format", "geojson")
    assert r.code == 2 and "--features" in r.err


def test_hostile_layer_names_stay_text(run_cli, write):
    evil = write("x.csv", "name,lon,lat,population\n\x1b[2J{{7*7}}<img src=x onerror=alert(1)>,87.45,28.5,10\n")
    r = run_cli("intensity", "--layer", str(evil), "--features")
    assert r.code == 0, r.err
    assert "\x1b" not in r.out and "{{7*7}}" in r.out


def test_reports_have_the_shaking_section_and_respect_the_as_of_time(run_cli, tmp_path, dingri_grid, monkeypatch):
    """A ShakeMap processed after --as-of was not known then: refused; the model section otherwise."""
    monkeypatch.setenv("SITREP_DB", str(tmp_path / "store.sqlite"))
    out = tmp_path / "r.html"
    r = run_cli("report", "--as-of", "2025-01-07T19:00+08:00", "--out", out)
    assert r.code == 0, r.err
    html = out.read_text(encoding="utf-8")
    assert "Estimated shaking and impact" in html and "model estimate" in html
    r = run_cli("report", "--as-of", "2025-01-07T19:00+08:00", "--out", out, "--no-intensity")
    assert r.code == 0 and "Estimated shaking and impact" not in out.read_text(encoding="utf-8")
    r = run_cli("report", "--as-of", "2025-01-07T10:00+08:00", "--out", out, "--shakemap", dingri_grid)
    assert r.code == 2 and "after the as-of time" in r.err
    r = run_cli("report", "--as-of", "2025-01-07T19:00+08:00", "--out", out, "--shakemap", dingri_grid)
    assert r.code == 0, r.err
    assert "ShakeMap" in out.read_text(encoding="utf-8")


def test_an_epicentre_outside_the_incident_gets_neither_its_country_nor_its_strike(run_cli):
    """Dingri's CN (yu2013, China's PAGER model) and its N-S strike belong to Dingri, not to a point given in Fiji."""
    r = run_cli("intensity", "--epicentre=-17.9,179.9", "--magnitude", "7", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["model"] == "allen2012" and doc["fatalities"] is None and "--country" in doc["fatalities_reason"]


def test_a_model_field_across_the_antimeridian_is_a_local_box():
    """The box runs past 180 instead of spanning the world the other way round; areas as anywhere else."""
    from sitrep.intensity.ipe import model_field
    from sitrep.query import Epicentre

    east = model_field("allen2012", epicentre=Epicentre(179.9, -17.9, magnitude=7.0, magnitude_type="Mw"))
    west, _, far, _ = east.bounds
    assert 170 < west < 179.9 < 180 < far < 190
    inland = model_field("allen2012", epicentre=Epicentre(170.0, -17.9, magnitude=7.0, magnitude_type="Mw"))
    assert east.level_areas_km2()[7] == pytest.approx(inland.level_areas_km2()[7], rel=0.02)


def test_features_outside_a_shakemap_and_without_sigma_read_plainly(run_cli, dingri_grid, write):
    """Review: a feature off the grid crashed the table (NA level); a missing sigma read "outside"."""
    towns = write("towns.csv", "name,lon,lat,population,provenance,source\nIn,87.40,28.50,10,synthetic,t\nFar,80.0,20.0,5,synthetic,t\n")
    r = run_cli("intensity", "--shakemap", dingri_grid, "--layer", towns, "--features")
    assert r.code == 0, r.err
    lines = {line.split()[2]: line for line in r.out.splitlines()[2:]}
    assert "outside" in lines["Far"] and "8.60" in lines["In"] and "outside" not in lines["In"]


def test_a_given_magnitude_is_not_the_agencys(run_cli):
    r = run_cli("intensity", "--model", "allen2012", "--magnitude", "7.5", "--format", "json")
    epi = json.loads(r.out)["inputs"]["inputs"]["epicentre"]
    assert "given with --magnitude" in epi["source"]


def test_the_fatality_model_alone_as_csv_has_plain_columns(run_cli):
    r = run_cli("intensity", "--exposure", PAGER_DINGRI, "--country", "CN", "--format", "csv")
    head, row = r.out.strip().splitlines()
    assert "p_100-1000" in head.split(",") and "{" not in row


def test_attacks_on_the_model_inputs_are_one_line_errors(run_cli):
    """Attacker review: --depth 1e308 was an internal error, -5 used silently; 1e11 people at one level accepted."""
    for depth in ("1e308", "-5", "nan", "900"):
        r = run_cli("intensity", "--model", "allen2012", "--solution", "usgs", "--depth", depth)
        assert r.code == 2 and "field '--depth'" in r.err and "Traceback" not in r.err, depth
    r = run_cli("intensity", "--exposure", "IX=99999999999999999999", "--country", "CN")
    assert r.code == 2 and "more than live on Earth" in r.err
    fat = json.loads(run_cli("intensity", "--exposure", "IX=100000", "--country", "CN", "--format", "json").out)["fatalities"]
    assert fat["high"] <= 100000  # nobody dies who was not exposed


def test_the_country_given_picks_the_model_too(run_cli):
    """Attacker review: --country US still gave yu2013 for a Californian epicentre (the incident's CN decided)."""
    r = run_cli("intensity", "--epicentre", "37,-122", "--magnitude", "7", "--country", "US", "--format", "json")
    doc = json.loads(r.out)
    assert doc["model"] == "allen2012" and doc["fatalities"]["country"] == "US"


def test_epicentres_at_the_poles_get_a_cap_of_every_longitude(run_cli):
    r = run_cli("intensity", "--epicentre", "90,0", "--magnitude", "7", "--model", "allen2012", "--country", "US", "--format", "json")
    assert r.code == 0, r.err
    areas = {lv["mmi"]: lv["area_km2"] for lv in json.loads(r.out)["levels"]}
    assert areas[6] == pytest.approx(32066, rel=0.1)  # as at the equator


def test_a_shakemap_across_the_antimeridian_covers_both_sides(write):
    """Attacker review: a village at -179.95 was 'outside' a grid running 179.5..180.5."""
    from sitrep.intensity.field import MMIField

    lon = np.array([179.5, 180.0, 180.5])
    field = MMIField(lon=lon, lat=np.array([-18.0, -17.5]), mmi=np.full((2, 3), 7.5), source="shakemap", model="test")
    mmi, _ = field.at([179.95, -179.95, -179.4], [-17.8, -17.8, -17.8])
    assert mmi[:2].tolist() == [7.5, 7.5] and np.isnan(mmi[2])


def test_an_incident_shakemap_without_a_process_time_is_never_shown_as_known(tmp_path, monkeypatch):
    """Attacker review: a grid with no process_timestamp was used one minute after the origin."""
    from sitrep.intensity import source

    monkeypatch.setattr("sitrep.incidents.incident_shakemap", lambda spec: tmp_path / "grid.xml")
    monkeypatch.setattr("sitrep.incidents.shakemap_record", lambda spec: {"file": "grid.xml"})
    import pandas as pd

    assert source.shakemap_known_by(object(), pd.Timestamp("2030-01-01", tz="UTC")) is None
    assert source.shakemap_known_by(object(), None) == tmp_path / "grid.xml"
