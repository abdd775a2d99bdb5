"""The bundled Dingri 2025 scenario reproduces every count the seed report publishes.

Distances are geodesics on WGS84 from the CENC epicentre (28.50N 87.45E); bands are
half-open [lower, upper) in km.
"""

import numpy as np
import pytest
import shapely

from sitrep.geodesy import geodesic_area_km2, geodesic_length_km
from sitrep.settings import PROVENANCE_VALUES

from .conftest import cenc_distance_km


def band_counts(gdf, edges=(0, 10, 20, 50)):
    d = cenc_distance_km(gdf)
    return [int(((d >= lo) & (d < hi)).sum()) for lo, hi in zip(edges[:-1], edges[1:])]


def test_three_epicentre_solutions_with_agency_time_depth_magnitude(layers):
    epi = layers["epicentres"].set_index("id")
    assert list(epi.index) == ["cenc", "usgs", "ncs"]
    assert (epi.loc["cenc", "geometry"].y, epi.loc["cenc", "geometry"].x) == (28.50, 87.45)
    assert (epi.loc["usgs", "geometry"].y, epi.loc["usgs", "geometry"].x) == (28.639, 87.3608)
    assert (epi.loc["ncs", "geometry"].y, epi.loc["ncs", "geometry"].x) == (28.86, 87.51)
    assert epi.loc["cenc", "origin_time"].isoformat() == "2025-01-07T01:05:00+00:00"
    assert epi.loc["usgs", "origin_time"].isoformat() == "2025-01-07T01:05:16.824000+00:00"
    assert list(epi["magnitude"]) == [6.8, 7.1, 7.1]
    assert list(epi["magnitude_type"]) == ["Ms", "Mww", "M"]
    assert (epi["depth_km"] == 10).all()
    assert epi.loc["usgs", "event_id"] == "us6000pi9w"


def test_thirteen_township_seats_three_within_20km(layers):
    seats = layers["townships"]
    assert len(seats) == 13
    within = seats[cenc_distance_km(seats) < 20]
    assert sorted(within["name"]) == ["Changsuo", "Cuoguo (Tsogo)", "Quluo"]


def test_seats_with_public_coordinates_are_reported_and_exact(layers):
    seats = layers["townships"].set_index("id")
    assert seats.loc["t-xiegeer", "name_zh"] == "协格尔镇"
    assert (seats.loc["t-xiegeer", "geometry"].y, seats.loc["t-xiegeer", "geometry"].x) == (28.659, 87.126)
    assert (seats.loc["t-gangga", "geometry"].y, seats.loc["t-gangga", "geometry"].x) == (28.581, 86.610)
    assert set(seats.loc[["t-xiegeer", "t-gangga"], "provenance"]) == {"reported"}
    assert set(seats.drop(index=["t-xiegeer", "t-gangga"])["provenance"]) == {"approximate"}


def test_county_seat_is_36km_from_the_epicentre_as_cenc_says(layers):
    seats = layers["townships"].set_index("id")
    d = cenc_distance_km(seats.loc[["t-xiegeer"]])[0]
    assert d == pytest.approx(36, abs=0.5)


def test_27_villages_and_6900_people_within_20km(layers):
    villages = layers["villages"]
    inner = villages[cenc_distance_km(villages) < 20]
    assert len(inner) == 27
    assert inner["population"].sum() == pytest.approx(6900, rel=0.01)


def test_named_villages_carry_romanised_and_chinese_names(layers):
    v = layers["villages"].set_index("name")
    near = ["Tangren", "Xuezhu", "Gareguoji", "Meiduo", "Chaji", "Lacang", "Kangqiong"]
    assert dict(v.loc[near, "name_zh"]) == {
        "Tangren": "塘仁", "Xuezhu": "雪珠", "Gareguoji": "嘎热果吉", "Meiduo": "美朵",
        "Chaji": "查吉", "Lacang": "拉仓", "Kangqiong": "康穷",
    }  # fmt: skip
    assert (cenc_distance_km(v.loc[near].reset_index()) <= 5).all()
    assert (v.loc[near, "provenance"] == "approximate").all()


def test_gurong_in_changsuo_has_222_people(layers):
    gurong = layers["villages"].set_index("name").loc["Gurong"]
    assert (gurong["name_zh"], gurong["township"], gurong["population"]) == ("古荣村", "Changsuo", 222)


def test_villages_beyond_20km_fill_the_map_and_add_up_to_the_county(layers):
    villages = layers["villages"]
    assert (cenc_distance_km(villages) >= 20).sum() >= 100
    assert villages["population"].sum() == 58_173  # 2020 census, county total


def test_reservoirs_one_within_10km_four_in_20_to_50km(layers):
    assert band_counts(layers["reservoirs"]) == [1, 0, 4]
    assert (cenc_distance_km(layers["reservoirs"]) < 50).all()


def test_hydropower_one_in_10_to_20km_four_in_20_to_50km(layers):
    assert band_counts(layers["hydropower"]) == [0, 1, 4]
    assert (cenc_distance_km(layers["hydropower"]) < 50).all()


def test_751_base_stations_three_operators_each_with_id_and_technology(layers):
    bs = layers["base_stations"]
    assert len(bs) == 751
    assert bs["id"].is_unique
    assert set(bs["operator"]) == {"China Mobile", "China Telecom", "China Unicom"}
    assert set(bs["technology"]) <= {"GSM", "LTE", "NR"}


def test_177_china_mobile_stations_out_and_nearer_ones_more_likely(layers):
    bs = layers["base_stations"]
    out = bs[bs["knocked_out"].astype(bool)]
    assert len(out) == 177
    assert set(out["operator"]) == {"China Mobile"}
    mobile = bs[bs["operator"] == "China Mobile"]
    d = cenc_distance_km(mobile)
    knocked = mobile["knocked_out"].astype(bool).to_numpy()
    assert knocked[d < 20].mean() > 2 * knocked[d >= 50].mean()


def test_knocked_out_stations_in_epicentral_townships_can_all_be_restored_by_1900(layers):
    # Seed: the three epicentral townships fully restored by 18:08, 113 stations restored by 19:00.
    bs = layers["base_stations"]
    epicentral = bs[bs["township"].isin(["Cuoguo", "Changsuo", "Quluo"]) & bs["knocked_out"].astype(bool)]
    assert 0 < len(epicentral) <= 113


def test_stations_are_denser_near_township_seats(layers):
    bs, seats = layers["base_stations"], layers["townships"]
    from sitrep.geodesy import geodesic_distance_km

    nearest = np.min([geodesic_distance_km(bs.geometry.x, bs.geometry.y, p.x, p.y) for p in seats.geometry], axis=0)
    assert (nearest < 5).mean() > 0.5


def test_everything_on_the_ground_lies_inside_the_county_outline(layers):
    county = layers["county"].geometry.iloc[0]
    for name in ("townships", "villages", "base_stations"):
        assert layers[name].within(county).all(), name


def test_county_outline_has_the_published_area(layers):
    county = layers["county"]
    assert geodesic_area_km2(county.geometry.iloc[0]) == pytest.approx(13_861, rel=0.001)
    assert county["provenance"].iloc[0] == "approximate"


def test_rupture_is_an_approximate_26km_north_south_trace(layers):
    rupture = layers["rupture"].iloc[0]
    assert geodesic_length_km(rupture.geometry) == pytest.approx(26, abs=0.1)
    (x0, y0), (x1, y1) = shapely.get_coordinates(rupture.geometry)[[0, -1]]
    assert abs(y1 - y0) > 5 * abs(x1 - x0)  # runs N-S
    assert rupture["provenance"] == "approximate"


@pytest.mark.parametrize("name", ["epicentres", "townships", "villages", "reservoirs", "hydropower", "base_stations", "rupture", "county"])
def test_every_feature_carries_id_name_provenance_and_source(layers, name):
    gdf = layers[name]
    assert gdf.crs.to_epsg() == 4326
    assert gdf["id"].is_unique
    assert set(gdf["provenance"]) <= set(PROVENANCE_VALUES)
    assert (gdf["source"].str.len() > 0).all()
    assert "name_zh" in gdf.columns


@pytest.mark.parametrize("name", ["villages", "reservoirs", "hydropower", "base_stations", "townships"])
def test_no_feature_sits_within_300m_of_a_seed_band_edge(layers, name):
    d = cenc_distance_km(layers[name])
    for edge in (10, 20, 50):
        assert (np.abs(d - edge) > 0.3).all()


def test_files_store_provenance_themselves_not_through_defaults(scenario):
    import json

    spec, _ = scenario
    for ls in spec.layers:
        doc = json.loads(ls.file.read_text(encoding="utf-8"))
        for f in doc["features"]:
            assert f["properties"]["provenance"] in PROVENANCE_VALUES, (ls.name, f["properties"]["id"])
            assert f["properties"]["source"], (ls.name, f["properties"]["id"])
