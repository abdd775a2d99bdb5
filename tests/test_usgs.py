"""USGS event GeoJSON (summary Feature, summary feed, event detail) read as epicentre solutions."""

import json

import pytest

from sitrep.errors import InputError
from sitrep.io import load_epicentres, load_event, read_usgs_event

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


# --- issue 10: the feeds responders really download ---------------------------------------------
#
# Written from the USGS GeoJSON summary format documentation
# (earthquake.usgs.gov/earthquakes/feed/v1.0/geojson.php): a FeatureCollection of Features with
# `id`, properties mag / place / time (ms, UTC) / magType / net / code / ids (",us7000abcd,at00xyz,")
# and geometry Point [lon, lat, depth_km]; depth is km below the datum, negative above it.


def usgs_event(ident, mag, place, lon, lat, depth, *, ids=None, time_ms=1736211916824):
    return {
        "type": "Feature",
        "id": ident,
        "properties": {"mag": mag, "place": place, "time": time_ms, "updated": time_ms, "url": "", "magType": "ml",
                       "type": "earthquake", "title": f"M {mag} - {place}", "net": ident[:2], "code": ident[2:],
                       "ids": ids or f",{ident},", "sources": f",{ident[:2]},"},
        "geometry": {"type": "Point", "coordinates": [lon, lat, depth]},
    }  # fmt: skip


def usgs_feed(*events) -> str:
    return json.dumps({"type": "FeatureCollection", "metadata": {"generated": 1736215516000, "title": "USGS All Earthquakes, Past Day",
                       "count": len(events)}, "features": list(events)})  # fmt: skip


def tonga_feed():
    return usgs_feed(
        usgs_event("nc75095651", 0.95, "7 km NW of The Geysers, CA", -122.81, 38.82, -0.95),
        usgs_event("us7000abcd", 6.4, "52 km SSE of Hihifo, Tonga", -173.58, -16.41, 35.0, ids=",at00xyz,us7000abcd,pt25001000,"),
        usgs_event("hv74512345", 2.1, "5 km S of Volcano, Hawaii", -155.23, 19.38, -1.6),
    )


def test_negative_depths_of_shallow_events_are_read(write):
    """A day's feed holds events above the datum (14 of 151 on one day): they were refused ('depth_km must be >= 0')."""
    epi = read_usgs_event(write("all_day.geojson", tonga_feed()))
    assert list(epi["depth_km"]) == [-0.95, 35.0, -1.6]


def test_negative_depth_in_the_detail_origin_product_is_read(write):
    """The event-detail document's origin product gives depth as text ("-1.2"); it wins over the summary."""
    doc = json.loads((DATA / "usgs-us6000pi9w-detail.geojson").read_text())
    doc["properties"]["products"]["origin"][0]["properties"]["depth"] = "-1.2"
    assert load_epicentres(write("d.geojson", json.dumps(doc)))["depth_km"].iloc[0] == -1.2


@pytest.mark.parametrize("depth", [-12.0, 5000.0])
def test_absurd_depths_are_refused_naming_the_event(write, depth):
    path = write("all_day.geojson", usgs_feed(usgs_event("us7000abcd", 5.0, "somewhere", 10.0, 10.0, depth)))
    with pytest.raises(InputError, match=rf"feature 1 \(id 'us7000abcd'\), field 'geometry': depth {depth:g} km is not a hypocentre depth; "
                       r"expected -5 to 800 km"):  # fmt: skip
        load_epicentres(path)


def test_plain_epicentre_files_take_small_negative_depths_too(write):
    """The schema's bound is the USGS one (-5 km), for every epicentres file; below it is refused plainly."""
    row = "id,lon,lat,agency,origin_time,depth_km,magnitude\n"
    assert load_epicentres(write("e.csv", row + "a,87.4,28.5,X,2025-01-07T01:05Z,-0.5,6.8\n"))["depth_km"].iloc[0] == -0.5
    with pytest.raises(InputError, match=r"field 'depth_km': must be >= -5, got '-7'"):
        load_epicentres(write("f.csv", row + "a,87.4,28.5,X,2025-01-07T01:05Z,-7,6.8\n"))


def test_file_hash_id_picks_the_named_event_of_a_feed(write):
    """`all_day.geojson#us7000abcd`: the event with that id, not the first of the feed."""
    path = write("all_day.geojson", tonga_feed())
    epi = load_epicentres(f"{path}#us7000abcd")
    assert list(epi["id"]) == ["us7000abcd"]
    assert (epi.geometry.y.iloc[0], epi.geometry.x.iloc[0], epi["magnitude"].iloc[0]) == (-16.41, -173.58, 6.4)


@pytest.mark.parametrize("alias", ["at00xyz", "PT25001000", "US7000ABCD"])
def test_file_hash_id_matches_any_id_the_event_goes_by(write, alias):
    """properties.ids lists every network's id for the event (",at00xyz,us7000abcd,"); any of them, in any case, names it."""
    path = write("all_day.geojson", tonga_feed())
    assert list(load_event(f"{path}#{alias}")["id"]) == ["us7000abcd"]


def test_a_feed_of_several_events_without_an_id_is_refused_listing_them(write):
    """A feed given where one event is needed silently took the first; now the events are listed, largest first."""
    path = write("all_day.geojson", tonga_feed())
    with pytest.raises(InputError, match=r"all_day\.geojson: holds 3 events; name one as FILE#ID, e.g. all_day\.geojson#us7000abcd; "
                       r"largest first: us7000abcd \(M 6\.4, 52 km SSE of Hihifo, Tonga, 2025-01-07 01:05 UTC\); "
                       r"hv74512345 \(M 2\.1, .*\); nc75095651 \(M 0\.95, .*\)$"):  # fmt: skip
        load_event(path)


def test_a_long_feed_lists_ten_candidates_then_how_many_more(write):
    events = [usgs_event(f"us{i:08d}", 2.0 + i / 100, f"place {i}", 10.0, 10.0, 10.0) for i in range(151)]
    with pytest.raises(InputError, match=r"holds 151 events; .*us00000150 \(M 3\.5, place 150, .*; and 141 more$") as info:
        load_event(write("all_day.geojson", usgs_feed(*events)))
    assert str(info.value).count("(M ") == 10


def test_an_id_not_in_the_feed_is_refused_listing_the_candidates(write):
    path = write("all_day.geojson", tonga_feed())
    with pytest.raises(InputError, match=r"all_day\.geojson: holds no event 'us9999zzzz'; name one as FILE#ID, .*us7000abcd \(M 6\.4"):
        load_epicentres(f"{path}#us9999zzzz")


def test_a_feed_of_one_event_works_as_before(write):
    path = write("one.geojson", usgs_feed(usgs_event("us7000abcd", 6.4, "Tonga", -173.58, -16.41, 35.0)))
    assert list(load_event(path)["id"]) == ["us7000abcd"]


def test_a_file_whose_name_holds_a_hash_is_still_that_file(write):
    """Only a name that does not exist is split at '#': `quake#2.geojson` on disk is read as itself."""
    path = write("quake#2.geojson", usgs_feed(usgs_event("us7000abcd", 6.4, "Tonga", -173.58, -16.41, 35.0)))
    assert list(load_event(path)["id"]) == ["us7000abcd"]
    assert list(load_event(f"{path}#us7000abcd")["id"]) == ["us7000abcd"]


def test_a_hash_id_on_a_missing_file_says_no_such_file(tmp_path):
    with pytest.raises(InputError, match=r"nope\.geojson#us7000abcd: no such file"):
        load_event(tmp_path / "nope.geojson#us7000abcd")


def test_a_hash_id_picks_one_solution_of_a_plain_epicentres_file(write):
    """FILE#ID works on any epicentres file: the solution with that id."""
    path = write("e.csv", "id,lon,lat,agency,origin_time,depth_km,magnitude\ncenc,87.45,28.5,CENC,2025-01-07T01:05Z,10,6.8\n"
                 "usgs,87.36,28.64,USGS,2025-01-07T01:05Z,10,7.1\n")  # fmt: skip
    assert list(load_epicentres(f"{path}#USGS")["id"]) == ["usgs"]
    with pytest.raises(InputError, match=r"holds no solution 'emsc'; it holds cenc, usgs"):
        load_epicentres(f"{path}#emsc")


def test_check_and_bands_take_file_hash_id(run_cli, write):
    """Everywhere an event file is read: `sitrep check --kind epicentres`, `sitrep bands --event`."""
    path = write("all_day.geojson", tonga_feed())
    r = run_cli("check", f"{path}#us7000abcd", "--kind", "epicentres")
    assert r.code == 0 and "1 epicentres (Point)" in r.out
    doc = json.loads(run_cli("bands", "--event", f"{path}#us7000abcd", "--format", "json").out)
    assert (doc["epicentre"]["id"], doc["epicentre"]["lat"]) == ("us7000abcd", -16.41)
    r = run_cli("bands", "--event", path)
    assert r.code == 2 and r.out == "" and len(r.err.strip().splitlines()) == 1
    assert "holds 3 events; name one as FILE#ID" in r.err


def test_bands_event_with_several_plain_solutions_is_refused(run_cli, write):
    path = write("e.csv", "id,lon,lat,agency,origin_time,depth_km,magnitude\ncenc,87.45,28.5,CENC,2025-01-07T01:05Z,10,6.8\n"
                 "usgs,87.36,28.64,USGS,2025-01-07T01:05Z,10,7.1\n")  # fmt: skip
    r = run_cli("bands", "--event", path)
    assert r.code == 2 and "field '--event': holds 2 epicentre solutions (cenc, usgs); name one as FILE#ID" in r.err
    assert json.loads(run_cli("bands", "--event", f"{path}#usgs", "--format", "json").out)["epicentre"]["lat"] == 28.64
