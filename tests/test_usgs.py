"""USGS event GeoJSON (summary Feature, summary feed, event detail) read as epicentre solutions."""

import json

import pytest

from sitrep.errors import InputError
from sitrep.io import load_epicentres, read_usgs_event

from .conftest import DATA


def test_event_detail_document_uses_the_preferred_origin_product():
    epi = load_epicentres(DATA / "usgs-us6000pi9w-detail.geojson")
    row = epi.iloc[0]
    assert (row["id"], row["agency"], row["magnitude"], row["magnitude_type"]) == ("us6000pi9w", "USGS", 7.1, "mww")
    assert (row.geometry.y, row.geometry.x, row["depth_km"]) == (28.639, 87.3608, 10.0)
    assert row["origin_time"].isoformat() == "2025-01-07T01:05:16.824000+00:00"
    assert row["provenance"] == "reported"
    assert "origin product" in row["source"]


def test_summary_feature_gives_the_same_solution():
    row = load_epicentres(DATA / "usgs-summary-feature.geojson").iloc[0]
    assert (row["id"], row.geometry.y, row.geometry.x, row["depth_km"], row["magnitude"]) == (
        "us6000pi9w", 28.639, 87.3608, 10.0, 7.1,
    )  # fmt: skip
    assert row["origin_time"].isoformat() == "2025-01-07T01:05:16.824000+00:00"
    assert row["url"] == "https://earthquake.usgs.gov/earthquakes/eventpage/us6000pi9w"


def test_summary_feed_gives_one_solution_per_event():
    epi = read_usgs_event(DATA / "usgs-summary-feed.geojson")
    assert list(epi["id"]) == ["us6000pi9w", "ustest0001"]
    assert list(epi["magnitude_type"]) == ["mww", "mb"]


def test_plain_geojson_is_still_read_as_epicentres(write):
    doc = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [87.45, 28.5]},
           "properties": {"id": "cenc", "agency": "CENC", "origin_time": "2025-01-07T09:05+08:00", "depth_km": 10, "magnitude": 6.8}}]}  # fmt: skip
    epi = load_epicentres(write("e.geojson", json.dumps(doc)))
    assert epi["origin_time"].iloc[0].isoformat() == "2025-01-07T01:05:00+00:00"


def test_usgs_feature_without_coordinates(write):
    doc = json.loads((DATA / "usgs-summary-feature.geojson").read_text())
    doc["geometry"] = None
    with pytest.raises(InputError, match=r"u\.geojson, feature 1 \(id 'us6000pi9w'\), field 'geometry': has no point coordinates"):
        load_epicentres(write("u.geojson", json.dumps(doc)))


def test_usgs_feature_with_non_numeric_magnitude(write):
    doc = json.loads((DATA / "usgs-summary-feature.geojson").read_text())
    doc["properties"]["mag"] = "big"
    with pytest.raises(InputError, match=r"field 'properties\.mag': expected a number for mag, got 'big'"):
        load_epicentres(write("u.geojson", json.dumps(doc)))


def test_usgs_latitude_out_of_range(write):
    doc = json.loads((DATA / "usgs-summary-feature.geojson").read_text())
    doc["geometry"]["coordinates"] = [28.639, 187.36, 10]
    with pytest.raises(InputError, match=r"field 'geometry': latitude 187\.36 is outside -90\.\.90"):
        load_epicentres(write("u.geojson", json.dumps(doc)))


def test_non_usgs_json_is_refused_by_the_usgs_reader(write):
    with pytest.raises(InputError, match=r"is not a USGS event GeoJSON"):
        read_usgs_event(write("x.geojson", '{"type": "FeatureCollection", "features": []}'))
