"""Exposure by MMI level on a hand-built field and hand-built layers, and the assess() dict other parts read.

The field rises 1 MMI per degree eastwards (MMI 6 at 87E .. 9 at 90E, the same
at every latitude), so a point's MMI is known exactly: ``6 + (lon - 87)``.
"""

import json

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import LineString, Polygon

from sitrep.intensity.exposure import LABEL, OUTSIDE, affected, assess, exposure_levels, feature_mmi, layer_mmi
from sitrep.intensity.field import MMIField
from sitrep.query import BandLayer


def _field(sigma=True, source="model"):
    lon = np.array([87.0, 88.0, 89.0, 90.0])
    lat = np.array([28.0, 29.0, 30.0])
    mmi = np.tile(np.array([6.0, 7.0, 8.0, 9.0]), (3, 1))
    return MMIField(lon, lat, mmi, source=source, model="hand-built test field",
                    sigma=np.full(mmi.shape, 0.8) if sigma else None, meta={"magnitude": np.float64(7.1), "event_id": "t1"})  # fmt: skip


def _villages():
    """Six villages: two on bin edges (7.5 -> VIII, 8.4999 -> VIII), one outside the field."""
    lon = np.array([87.2, 88.5, 89.4999, 89.5, 89.9, 91.0])  # MMI 6.2, 7.5, 8.4999, 8.5, 8.9, none
    return BandLayer.from_points(
        "villages", lon, np.full(lon.size, 29.0),
        {"name": np.array(["A", "B", "C", "D", "E", "Far"]), "name_zh": np.array(["甲", "乙", "丙", "丁", "戊", ""]),
         "population": np.array([10.0, 20.0, 30.0, 40.0, np.nan, 99.0])},
    )  # fmt: skip


def _bridges():
    """A layer with no population field."""
    return BandLayer.from_points("bridges", [87.6, 89.7], [28.5, 28.5], {"name": np.array(["b1", "b2"])})


def test_points_take_the_fields_value_and_outside_is_stated():
    mmi, sigma = layer_mmi(_villages(), _field())
    assert mmi[:5].tolist() == pytest.approx([6.2, 7.5, 8.4999, 8.5, 8.9])
    assert np.isnan(mmi[5]) and np.isnan(sigma[5])
    assert sigma[:5].tolist() == pytest.approx([0.8] * 5)
    f = feature_mmi([_villages()], _field())
    assert f["level"].tolist()[:5] == [6, 8, 8, 9, 9]
    assert f["level"].isna().tolist() == [False] * 5 + [True]
    assert f["mmi_note"].tolist() == [""] * 5 + [OUTSIDE]
    assert f.crs.to_epsg() == 4326 and {"layer", "mmi", "mmi_sigma", "level", "name"} <= set(f.columns)


def test_level_bins_are_half_open_above_at_k_minus_half():
    """Guards PAGER's bins: 7.5 is VIII, 8.4999 is VIII, 8.5 is IX."""
    levels = feature_mmi([_villages()], _field())["level"].tolist()
    assert levels[1:4] == [8, 8, 9]


def test_a_field_without_sigma_gives_nan_sigma():
    assert feature_mmi([_villages()], _field(sigma=False))["mmi_sigma"].isna().all()


def test_lines_and_polygons_count_at_their_highest_mmi():
    """A road from 87E to 89.8E is at MMI 8.8 at worst (IX); a polygon over 87.1-87.9E at 6.9 (VII)."""
    gdf = gpd.GeoDataFrame(
        {"name": ["road", "county"], "population": [0, 500]},
        geometry=[
            LineString([(87.0, 28.5), (89.8, 28.5)]),
            Polygon([(87.1, 28.2), (87.9, 28.2), (87.9, 28.8), (87.1, 28.8)]),
        ],
        crs="EPSG:4326",
    )
    mmi, _ = layer_mmi(BandLayer.from_frame("mixed", gdf), _field())
    assert mmi.tolist() == pytest.approx([8.8, 6.9])


def test_counts_and_people_per_level_highest_first():
    t = exposure_levels([_villages(), _bridges()], _field())
    assert t["mmi"].drop_duplicates().tolist() == [
        9,
        8,
        7,
        6,
    ]  # levels with area are all listed, even VII with no village
    v = t[t["layer"] == "villages"].set_index("mmi")
    assert v["count"].to_dict() == {9: 2, 8: 2, 7: 0, 6: 1}
    assert v["population"].to_dict() == {9: 40.0, 8: 50.0, 7: 0.0, 6: 10.0}  # NaN people count as 0
    b = t[t["layer"] == "bridges"].set_index("mmi")
    assert b["count"].to_dict() == {9: 1, 8: 0, 7: 1, 6: 0}
    assert b["population"].isna().all()  # no population field: missing, not 0


def test_area_per_level_is_the_fields():
    f = _field()
    t = exposure_levels([_villages()], f)
    areas = f.level_areas_km2()
    assert dict(zip(t["mmi"], t["area_km2"], strict=True)) == pytest.approx(areas)


def test_no_layer_still_lists_the_levels():
    t = exposure_levels([], _field())
    assert t["mmi"].tolist() == [9, 8, 7, 6] and t["layer"].isna().all()


def test_affected_lists_features_at_or_above_a_level():
    a = affected([_villages(), _bridges()], _field(), at_least=8)
    assert a["name"].tolist() == ["E", "b2", "D", "C", "B"]
    assert a["name_zh"].tolist() == ["戊", "", "丁", "丙", "乙"]
    assert a["level"].tolist() == [9, 9, 9, 8, 8]
    assert a[a["layer"] == "bridges"]["population"].isna().all()
    assert affected([_villages()], _field(), at_least=10).empty


def test_assess_has_the_documented_shape():
    """Guards the contract the CLI, app and report read: keys and types of assess()."""
    d = assess(_field(), [_villages(), _bridges()], country="CN")
    json.dumps(d)  # JSON-ready as it is
    assert {"source", "model", "levels", "fatalities"} <= set(d)
    assert d["source"] == "model" and d["model"] == "hand-built test field"
    assert [lv["mmi"] for lv in d["levels"]] == [9, 8, 7, 6]
    for lv in d["levels"]:
        assert isinstance(lv["mmi"], int) and isinstance(lv["area_km2"], float)
        for row in lv["rows"]:
            assert isinstance(row["layer"], str) and isinstance(row["count"], int)
            assert row["population"] is None or isinstance(row["population"], float)
    ix = {r["layer"]: r for r in d["levels"][0]["rows"]}
    assert ix["villages"]["population"] == 40.0 and ix["bridges"]["population"] is None
    fat = d["fatalities"]
    assert {"model", "country", "estimate", "low", "high", "alert"} <= set(fat)
    assert fat["country"] == "CN" and fat["label"] == LABEL == d["label"] == "model estimate"
    assert isinstance(fat["estimate"], int) and fat["alert"] in ("green", "yellow", "orange", "red")
    assert fat["population_from"] == ["villages"]
    assert fat["exposure"] == {"9": 40.0, "8": 50.0, "6": 10.0}
    assert any("99 people of villages are outside" in n for n in fat["notes"])
    assert d["outside"] == [{"layer": "villages", "count": 1, "population": 99.0, "note": OUTSIDE}]
    assert [f["name"] for f in d["affected"]["features"]] == ["E", "b2", "D", "C", "B"]
    assert d["inputs"] == {"magnitude": 7.1, "event_id": "t1"}
    assert d["sigma"]["mean"] == pytest.approx(0.8)
    assert any("LandScan" in line for line in d["limits"])


def test_fatalities_use_the_population_layers_exposure():
    """People per level from the village layer go to PAGER's model unchanged."""
    from sitrep.intensity.pager import estimate_fatalities

    d = assess(_field(), [_villages()], country="NP")
    assert d["fatalities"]["estimate"] == estimate_fatalities({9: 40.0, 8: 50.0, 6: 10.0}, "NP").estimate


def test_no_population_anywhere_gives_no_fatality_figure_and_says_why():
    d = assess(_field(), [_bridges()], country="CN")
    assert d["fatalities"] is None
    assert "no layer has a population field" in d["fatalities_reason"]


def test_a_country_pager_has_no_model_for_uses_its_default_model_and_says_so():
    d = assess(_field(), [_villages()], country="ZZ")
    assert d["fatalities"]["country"] == "ZZ"
    assert any("default model, no country-specific calibration" in n for n in d["fatalities"]["notes"])


def test_no_country_withholds_the_estimate_and_says_how_to_give_one():
    """Review: a new incident without --country got PAGER's default model - Nepal 2015 read green, < 1 death."""
    d = assess(_field(), [_villages()], country=None)
    assert d["fatalities"] is None and "--country" in d["fatalities_reason"]


def test_several_population_layers_are_summed_with_a_warning():
    towns = BandLayer.from_points("towns", [89.9], [29.5], {"population": np.array([1000.0])})
    d = assess(_field(), [_villages(), towns], country="CN")
    assert d["fatalities"]["population_from"] == ["villages", "towns"]
    assert d["fatalities"]["exposure"]["9"] == 1040.0
    assert any("counted twice" in n for n in d["fatalities"]["notes"])
    only = assess(_field(), [_villages(), towns], country="CN", population_layers=["towns"])
    assert only["fatalities"]["exposure"] == {"9": 1000.0}


def test_other_sums_are_added_to_population_not_instead_of_it():
    v = _villages()
    v.columns["households"] = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    d = assess(_field(), [v], country="CN", sums=["households"])
    ix = d["levels"][0]["rows"][0]
    assert (ix["population"], ix["households"]) == (40.0, 9.0)
    assert d["fatalities"]["exposure"]["9"] == 40.0
