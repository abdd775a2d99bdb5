"""Population grids as exposure (issue 11): rasterio reading, exact zonal sums per MMI level, the CLI.

The grids are tiny GeoTIFFs written here with rasterio (EPSG:4326 and UTM 31N); the
exact sums are checked against a brute force computed independently (the overlap of
each cell with each band, by hand or with shapely).
"""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pyproj
import pytest
import rasterio
import shapely
from rasterio.transform import from_origin

from sitrep.errors import InputError
from sitrep.intensity.contours import filled_contours
from sitrep.intensity.exposure import assess
from sitrep.intensity.field import MMIField
from sitrep.intensity.rasters import grid_exposure, level_polygons_sums
from sitrep.intensity.tables import exposure_table
from sitrep.io.rasters import read_population_grid

UTM31 = "EPSG:32631"


def _tif(path, values, *, crs="EPSG:4326", transform=None, nodata=-99999.0, dtype="float32"):
    """Write ``values`` (row 0 north) as a one-band GeoTIFF; ``crs=None`` writes none."""
    values = np.asarray(values)
    transform = transform if transform is not None else from_origin(0.0, 2.0, 0.2, 0.2)
    with rasterio.open(path, "w", driver="GTiff", width=values.shape[1], height=values.shape[0], count=1,
                       dtype=dtype, crs=crs, transform=transform, nodata=nodata) as dst:  # fmt: skip
        dst.write(values.astype(dtype), 1)
    return path


def _ramp_field() -> MMIField:
    """MMI rising linearly with longitude, 5 at 0°E to 9 at 2°E (nodes over 0..2° x 0..2°): band edges at 0.25, 0.75, 1.25, 1.75°E."""
    lon = lat = np.linspace(0.0, 2.0, 41)
    mmi = np.broadcast_to(5.0 + 2.0 * lon, (lat.size, lon.size)).copy()
    return MMIField(lon, lat, mmi, "model", "ramp")


#: MMI level -> its band's longitudes (degrees) on the ramp field
RAMP_BANDS = {5: (0.0, 0.25), 6: (0.25, 0.75), 7: (0.75, 1.25), 8: (1.25, 1.75), 9: (1.75, 2.0)}


def _people() -> np.ndarray:
    return np.random.default_rng(11).integers(0, 1000, size=(10, 10)).astype(float)


def test_people_per_level_are_exact_cell_fractions_as_a_brute_force_finds(tmp_path):
    """Guards the exact zonal sums: a 0.2° cell from 0.2 to 0.4°E gives 1/4 of its people to V and 3/4 to VI, and so on."""
    people = _people()
    grid = read_population_grid(_tif(tmp_path / "pop.tif", people))
    got = grid_exposure(_ramp_field(), grid)
    expected = {}
    for k, (lo, hi) in RAMP_BANDS.items():
        total = 0.0
        for j in range(10):  # column j spans [0.2 j, 0.2 (j + 1)] degrees east
            a, b = 0.2 * j, 0.2 * (j + 1)
            total += people[:, j].sum() * max(0.0, min(b, hi) - max(a, lo)) / 0.2
        expected[k] = total
    assert got.keys() == expected.keys()
    for k in expected:
        assert got[k] == pytest.approx(expected[k], rel=1e-9), k
    assert sum(got.values()) == pytest.approx(people.sum(), rel=1e-12)  # a split cell is counted once, in parts
    split = people[:, 1].sum()  # the column 0.2-0.4°E straddles V | VI at 0.25°E
    assert 0 < 0.25 * split < got[5] and got[5] == pytest.approx(people[:, 0].sum() + 0.25 * split)


def test_a_utm_grid_is_summed_in_its_own_crs_with_the_polygons_reprojected(tmp_path):
    """Guards "reproject the polygons, not the raster": a 10 km UTM 31N grid inside the field, checked against shapely."""
    people = _people()
    transform = from_origin(250_000.0, 210_000.0, 10_000.0, 10_000.0)
    grid = read_population_grid(_tif(tmp_path / "utm.tif", people, crs=UTM31, transform=transform))
    assert not grid.is_geographic
    field = _ramp_field()
    got = grid_exposure(field, grid)
    bands = filled_contours(field).set_geometry(
        shapely.segmentize(filled_contours(field).geometry.to_numpy(), 0.005)
    ).to_crs(UTM31)  # fmt: skip
    for k, band in zip(bands["mmi"], bands.geometry, strict=True):
        brute = 0.0
        for i in range(10):
            for j in range(10):
                cell = shapely.box(
                    250_000 + 10_000 * j, 200_000 - 10_000 * i, 260_000 + 10_000 * j, 210_000 - 10_000 * i
                )
                brute += people[i, j] * cell.intersection(band).area / cell.area
        assert got.get(int(k), 0.0) == pytest.approx(brute, rel=1e-6, abs=1e-6), k
    assert sum(got.values()) == pytest.approx(people.sum(), rel=1e-9)  # the grid lies wholly inside the field
    assert sum(1 for v in got.values() if v > 0) >= 2  # and straddles levels


def test_a_national_grid_is_read_only_over_the_area_asked_for(tmp_path):
    """Guards the windowed read: 1,000 x 1,000 cells on disk, only those over the bounds (and one around) in memory."""
    values = np.add.outer(np.arange(1000.0), np.zeros(1000))  # people = row number
    path = _tif(tmp_path / "national.tif", values, transform=from_origin(70.0, 55.0, 0.05, 0.05))
    grid = read_population_grid(path, bounds=(86.4, 27.9, 88.4, 29.1))
    assert grid.people.shape == (26, 42)  # (29.1-27.9)/0.05 + 2 rows, (88.4-86.4)/0.05 + 2 columns
    west, south, east, north = grid.bounds
    assert west <= 86.4 and east >= 88.4 and south <= 27.9 and north >= 29.1
    assert grid.people[0, 0] == round((55.0 - north) / 0.05)  # the window's first row is that row of the file
    with pytest.raises(InputError, match=r"national\.tif: .*1,000 x 1,000 = 1,000,000 cells, over the limit of 10,000"):
        read_population_grid(path, max_cells=10_000)
    with pytest.raises(InputError, match=r"national\.tif: the grid does not cover the area asked for"):
        read_population_grid(path, bounds=(-10.0, 0.0, -5.0, 5.0))


def test_nodata_negative_and_nan_cells_are_not_people(tmp_path):
    """WorldPop's -99999, GHSL-style negatives and NaN count 0, never as negative people."""
    people = np.full((10, 10), 10.0)
    people[0, 0] = -99999.0
    people[1, 1] = -200.0
    people[2, 2] = np.nan
    grid = read_population_grid(_tif(tmp_path / "holes.tif", people))
    assert np.isnan(grid.people[[0, 1, 2], [0, 1, 2]]).all()
    assert grid.total() == pytest.approx(97 * 10.0)
    assert sum(grid_exposure(_ramp_field(), grid).values()) == pytest.approx(970.0)
    assert level_polygons_sums(grid, filled_contours(_ramp_field()).iloc[:0]).size == 0


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("not a raster", r"text\.tif: not a raster GDAL can read"),
        (None, r"nocrs\.tif, field 'crs': the raster has no CRS"),
        ("nodata", r"empty\.tif: every cell in the area read is nodata"),
        ("local", r"local\.tif, field 'crs': its CRS 'site grid' is neither geographic nor projected"),
    ],
)
def test_bad_grids_are_refused_in_one_line_naming_the_file(tmp_path, content, match):
    if content == "not a raster":
        path = tmp_path / "text.tif"
        path.write_text("name,population\nx,1\n", encoding="utf-8")
    elif content is None:
        path = _tif(tmp_path / "nocrs.tif", _people(), crs=None)
    elif content == "local":  # an engineering CRS: metres on a site, placed nowhere on Earth
        local = rasterio.crs.CRS.from_wkt(
            'LOCAL_CS["site grid",UNIT["metre",1],AXIS["Easting",EAST],AXIS["Northing",NORTH]]'
        )
        path = _tif(tmp_path / "local.tif", _people(), crs=local, transform=from_origin(0.0, 1000.0, 100.0, 100.0))
    else:
        path = _tif(tmp_path / "empty.tif", np.full((10, 10), -99999.0))
    with pytest.raises(InputError, match=match) as err:
        read_population_grid(path)
    assert "\n" not in str(err.value)
    with pytest.raises(InputError, match=r"missing\.tif: no such file"):
        read_population_grid(tmp_path / "missing.tif")


def test_assess_adds_a_row_per_level_and_the_fatality_model_takes_the_grids_people(tmp_path):
    """Guards the grid as exposure: layer = the grid's stem, count None, population exact; population_from names the grid."""
    grid = read_population_grid(_tif(tmp_path / "worldpop_2020.tif", _people()))
    doc = assess(_ramp_field(), [], country="CN", grids=[grid])
    per_level = {lv["mmi"]: lv["rows"] for lv in doc["levels"]}
    assert sorted(per_level, reverse=True) == [9, 8, 7, 6, 5]
    for rows in per_level.values():
        assert [(r["layer"], r["count"]) for r in rows] == [("worldpop_2020", None)]
    exposure = grid_exposure(_ramp_field(), grid)
    assert {k: rows[0]["population"] for k, rows in per_level.items()} == pytest.approx(exposure)
    fat = doc["fatalities"]
    assert fat["population_from"] == ["worldpop_2020"] and fat["country"] == "CN"
    assert doc["population_grids"][0]["people_in_levels"] == pytest.approx(_people().sum())
    table = exposure_table(doc)
    assert "worldpop_2020 population" in table.columns and "worldpop_2020 count" not in table.columns


def test_the_grid_comes_before_a_layers_population_for_the_fatality_model(tmp_path):
    from sitrep.query import BandLayer

    import geopandas as gpd

    villages = gpd.GeoDataFrame(
        {"name": ["a"], "population": [1_000_000]}, geometry=gpd.points_from_xy([1.9], [1.0]), crs=4326
    )
    layer = BandLayer.from_frame("villages", villages)
    grid = read_population_grid(_tif(tmp_path / "ghs_pop.tif", _people()))
    without = assess(_ramp_field(), [layer], country="CN")
    with_grid = assess(_ramp_field(), [layer], country="CN", grids=[grid])
    assert without["fatalities"]["population_from"] == ["villages"]
    assert with_grid["fatalities"]["population_from"] == ["ghs_pop"]
    assert any("not used" in n for n in with_grid["notes"])
    assert with_grid["fatalities"]["estimate"] < without["fatalities"]["estimate"]  # a million people at IX is gone
    assert {r["layer"] for lv in with_grid["levels"] for r in lv["rows"]} == {"villages", "ghs_pop"}


def _dingri_grid(tmp_path, name="dingri_pop.tif", crs="EPSG:4326"):
    """10 people per 0.05° cell over Dingri county (86.0-89.0E, 27.5-29.5N)."""
    return _tif(tmp_path / name, np.full((40, 60), 10.0), crs=crs, transform=from_origin(86.0, 29.5, 0.05, 0.05))


def test_sitrep_intensity_takes_a_population_grid(run_cli, tmp_path):
    path = _dingri_grid(tmp_path)
    r = run_cli("intensity", "--population-grid", path, "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    rows = [row for lv in doc["levels"] for row in lv["rows"] if row["layer"] == "dingri_pop"]
    assert rows and all(row["count"] is None and row["population"] >= 0 for row in rows)
    assert doc["fatalities"]["population_from"] == ["dingri_pop"]
    assert set(doc["fatalities"]) >= {"model", "country", "estimate", "low", "high", "alert"}
    table = run_cli("intensity", "--population-grid", path)
    assert table.code == 0 and "dingri_pop people" in table.out and "people from: dingri_pop" in table.out
    csv = run_cli("intensity", "--population-grid", path, "--format", "csv")
    assert csv.code == 0 and "dingri_pop" in csv.out


def test_sitrep_intensity_refuses_a_bad_grid_in_one_line(run_cli, tmp_path):
    nocrs = _dingri_grid(tmp_path, "nocrs.tif", crs=None)
    r = run_cli("intensity", "--population-grid", nocrs)
    assert r.code == 2 and "nocrs.tif" in r.err and "no CRS" in r.err and "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1
    elsewhere = _tif(tmp_path / "elsewhere.tif", _people())  # 0-2°E, 0-2°N: not Dingri
    r = run_cli("intensity", "--population-grid", elsewhere)
    assert r.code == 2 and "does not cover" in r.err
    r = run_cli("intensity", "--population-grid", nocrs, "--features")
    assert r.code == 2 and "--features" in r.err


def test_reports_take_a_population_grid(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_DB", str(tmp_path / "store.sqlite"))
    out = tmp_path / "r.html"
    r = run_cli(
        "report", "--as-of", "2025-01-07T19:00+08:00", "--out", out, "--population-grid", _dingri_grid(tmp_path)
    )
    assert r.code == 0, r.err
    assert "dingri_pop" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("order", ["rasterio, pyogrio", "pyogrio, rasterio"])
def test_rasterio_and_pyogrio_import_in_either_order(order):
    """Both bundle a GDAL: guards against one's library breaking the other's on import."""
    code = (
        f"import {order}; import pyogrio, rasterio; print(rasterio.__gdal_version__, pyogrio.__gdal_version_string__)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_the_utm_crs_is_known_to_pyproj():
    assert pyproj.CRS(UTM31).is_projected


def test_levels_below_a_model_grids_floor_get_no_grid_people(tmp_path):
    """A model grid stops where MMI falls to its floor: the bands below are cut by its edge, so a grid's people there are left out."""
    ramp = _ramp_field()
    floored = MMIField(
        ramp.lon, ramp.lat, ramp.mmi, "model", "ramp", meta={"floor_mmi": 5.6}
    )  # whole levels: VII and up
    grid = read_population_grid(_tif(tmp_path / "pop.tif", _people()))
    doc = assess(floored, [], country="CN", grids=[grid])
    assert [lv["mmi"] for lv in doc["levels"]] == [9, 8, 7]
    assert sorted(doc["fatalities"]["probabilities"]) and doc["fatalities"]["population_from"] == ["pop"]
    info = doc["population_grids"][0]
    assert info["people_in_levels"] == pytest.approx(sum(grid_exposure(ramp, grid)[k] for k in (7, 8, 9)))
    assert info["people_read"] > info["people_in_levels"] and "below a model's lowest whole level" in info["note"]
