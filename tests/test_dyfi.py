"""USGS "Did You Feel It?" geocoded boxes: polygons whose rings are not closed.

Written from the DYFI product's `dyfi_geo_10km.geojson` layout: a FeatureCollection of Polygons
(10 km UTM boxes) with properties nresp, name, cdi, dist; each ring lists its four corners
without repeating the first, which GeoJSON (RFC 7946 3.1.6) requires and GEOS refuses.
"""

import json
import warnings

import pytest

from sitrep.errors import InputError
from sitrep.io import load_layer


def dyfi_box(lon, lat, cdi, *, close=False, corners=4):
    ring = [[lon, lat], [lon + 0.116, lat], [lon + 0.116, lat + 0.09], [lon, lat + 0.09]][:corners]
    if close:
        ring.append(ring[0])
    return {"geometry": {"coordinates": [ring], "type": "Polygon"}, "type": "Feature",
            "properties": {"nresp": 2, "name": "UTM:(10S 046 428 10000)", "cdi": cdi, "dist": 110}}  # fmt: skip


def dyfi_doc(*features) -> str:
    return json.dumps({"features": list(features), "type": "FeatureCollection"})


def test_open_rings_are_closed_with_a_warning_counting_them(write):
    """They crashed with GEOSException 'Points of LinearRing do not form a closed linestring'."""
    path = write("dyfi_geo_10km.geojson", dyfi_doc(dyfi_box(-123.46, 38.67, 2.0), dyfi_box(-123.34, 38.49, 3.1, close=True),
                                                   dyfi_box(-122.3, 38.2, 5.4)))  # fmt: skip
    with pytest.warns(UserWarning, match=r"dyfi_geo_10km\.geojson: closed the open polygon rings of 2 feature\(s\) by appending "
                      r"each ring's first position \(first: feature 1\)"):  # fmt: skip
        gdf = load_layer(path)
    assert list(gdf.geom_type) == ["Polygon"] * 3 and gdf.geometry.is_valid.all()
    assert list(gdf["cdi"]) == [2.0, 3.1, 5.4]
    ring = list(gdf.geometry.iloc[0].exterior.coords)
    assert ring[0] == ring[-1] == (-123.46, 38.67) and len(ring) == 5


def test_closed_rings_give_no_warning(write):
    path = write("closed.geojson", dyfi_doc(dyfi_box(-123.46, 38.67, 2.0, close=True)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(load_layer(path)) == 1


def test_a_ring_that_closing_cannot_mend_is_an_error_naming_the_feature(write, run_cli):
    path = write("dyfi.geojson", dyfi_doc(dyfi_box(-123.46, 38.67, 2.0), dyfi_box(-123.34, 38.49, 3.1, corners=2)))
    with pytest.raises(InputError, match=r"dyfi\.geojson, feature 2, field 'geometry': has a polygon ring of fewer than 4 positions"):
        load_layer(path)
    r = run_cli("check", path)
    assert r.code == 2 and "Traceback" not in r.err and "GEOSException" not in r.err
    assert [ln for ln in r.err.splitlines() if ln.startswith("sitrep: error:")] == [ln for ln in r.err.splitlines() if "error" in ln]


def test_the_cli_reads_a_dyfi_file_in_one_warning_line(write, run_cli):
    path = write("dyfi.geojson", dyfi_doc(dyfi_box(-123.46, 38.67, 2.0), dyfi_box(-123.34, 38.49, 3.1)))
    r = run_cli("check", path)
    # issue 13 changed this: a check that warned no longer ends "all checks passed"
    assert r.code == 0 and "2 features (Polygon), read, with 1 warning (above)" in r.out
    assert r.err.count("sitrep: warning:") == 1 and "closed the open polygon rings of 2 feature(s)" in r.err
