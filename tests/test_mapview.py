"""The app's map as folium objects (sitrep.maps.mapview): colours and shapes from sitrep.palette, the
legend built from the layers' data, ring labels, hostile names kept as text (issue 13).

What a person sees of these in a browser is checked in tests/test_browser_map.py.
"""

from __future__ import annotations

import json
import re

import pytest
from pyproj import Geod

from sitrep import palette
from sitrep.maps import mapview
from sitrep.query import Epicentre

HOSTILE = "<img src=x onerror=alert(1)>{{7*7}}"


def legend_html(spec, layers) -> str:
    m = mapview.base_map(spec, layers)
    return json.loads(next(c for c in m._children.values() if isinstance(c, mapview.Legend)).html)


def test_no_colour_is_hard_coded_by_agency_and_the_legend_names_each_solution_from_the_data(scenario):
    """The epicentres were coloured by id ({"cenc": red, "usgs": orange, "ncs": purple}) and the legend
    said "(CENC red, USGS orange, NCS purple)": code that knew one earthquake's agencies."""
    spec, layers = scenario
    text = legend_html(spec, layers)
    assert "CENC red" not in text and "orange" not in text
    for agency in layers["epicentres"]["agency"]:
        assert f"Epicentre: {agency}" in text
    source = mapview.__loader__.get_source(mapview.__name__)
    assert '"cenc"' not in source and "'cenc'" not in source


def test_each_solution_takes_its_shape_and_fill_in_the_layers_order(scenario):
    """The i-th solution is drawn as palette.epicentre_style(i): a shape, not a circle, in map and legend alike."""
    spec, layers = scenario
    doc = json.loads(mapview.layer_docs(spec, layers)["epicentres"])
    shapes = [doc["strings"][i] for i in doc["shapes"]]
    for i, svg in enumerate(shapes):
        style = palette.epicentre_style(i)
        assert f'data-shape="{style.shape}"' in svg and f'fill="{style.fill}"' in svg
    legend = legend_html(spec, layers)
    assert [m for m in re.findall(r'data-shape="(\w+)"', legend)] == [palette.epicentre_style(i).shape for i in range(len(shapes))]


def test_a_loaded_solution_continues_the_order_so_it_never_repeats_a_shown_shape(scenario):
    _, layers = scenario
    n = len(layers["epicentres"])
    fg = mapview.solutions_layer([Epicentre(87.4, 28.6, id="us-loaded")], first=n)
    doc = json.loads(next(iter(fg._children.values())).doc)
    assert f'data-shape="{palette.epicentre_style(n).shape}"' in doc["strings"][doc["shapes"][0]]


def test_point_colours_never_collide_across_layers(scenario):
    """A station out was the CENC epicentre's red; hydropower green ~ restored; reservoir blue ~ township blue."""
    spec, layers = scenario
    legend = legend_html(spec, layers)
    swatches = re.findall(r"data-kind='point' style='background:(#[0-9A-Fa-f]{6})[;']", legend)
    fills = re.findall(r'polygon points="[^"]*" fill="(#[0-9A-Fa-f]{6})"', legend)
    colours = [c.upper() for c in swatches + fills]
    assert len(swatches) >= 7 and len(fills) == len(layers["epicentres"])
    assert len(set(colours)) == len(colours), colours
    assert palette.STATUS_COLOURS["out"] not in {palette.epicentre_style(i).fill for i in range(len(palette.SHAPES))}


def test_layer_colours_come_from_the_palette_not_the_layer_files(scenario):
    """The bundled layer files still name the old colours (#008837 hydropower, #0571b0 reservoirs): the map uses the palette's."""
    spec, layers = scenario
    docs = mapview.layer_docs(spec, layers)
    for name in ("villages", "reservoirs", "hydropower", "townships", "base_stations"):
        doc = json.loads(docs[name])
        assert {doc["strings"][r[3]] for r in doc["rows"]} == {palette.POINT_COLOURS[name]}, name


def test_ring_labels_sit_on_their_rings():
    """Each label is on its ring: its geodesic distance from the solution is the ring's (pyproj, independently)."""
    epi = Epicentre(87.45, 28.5, id="x")
    points = mapview.ring_label_points(epi, [0, 10, 20, 50])
    assert [t for *_, t in points] == ["10 km", "20 km", "50 km"]
    geod = Geod(ellps="WGS84")
    for (lat, lon, _), km in zip(points, [10, 20, 50]):
        az, _, dist = geod.inv(epi.lon, epi.lat, lon, lat)
        assert dist / 1000 == pytest.approx(km, abs=1e-6) and az == pytest.approx(mapview.RING_LABEL_AZIMUTH, abs=1e-6)


def test_the_rings_layer_writes_each_distance_on_the_map():
    fg = mapview.rings_layer(Epicentre(87.45, 28.5, id="cenc"), [0, 10, 20, 50])
    labels = [c for c in fg._children.values() if isinstance(c, mapview.TextLabels)]
    assert [r[2] for r in json.loads(labels[0].rows)] == ["10 km", "20 km", "50 km"]


def test_hostile_agency_and_feature_names_stay_text_in_legend_and_tooltips(scenario):
    """An agency or a feature named like markup or a template is escaped once and never compiled (no 49)."""
    spec, layers = scenario
    epi = layers["epicentres"].copy()
    epi.loc[epi.index[0], "agency"] = HOSTILE
    hostile_layers = dict(layers, epicentres=epi)
    text = legend_html(spec, hostile_layers)
    assert "&lt;img src=x onerror=alert(1)&gt;{{7*7}}" in text and "<img" not in text
    html = mapview.base_map(spec, hostile_layers).get_root().render()
    assert "<img src=x" not in html and "{{7*7}}" in html  # never markup, never compiled (it would read 49)


def test_popups_open_clear_of_the_zoom_buttons(scenario):
    """On a phone a popup near the top left opened under the zoom buttons (Leaflet pads 5 px by default)."""
    spec, layers = scenario
    html = mapview.base_map(spec, layers).get_root().render()
    assert "autoPanPaddingTopLeft: L.point(56, 64)" in html


def test_two_solutions_of_one_agency_are_told_apart_by_their_ids(scenario):
    """A preliminary and a final USGS solution: "Epicentre: USGS (us-prelim)", "Epicentre: USGS (us-final)"."""
    spec, layers = scenario
    epi = layers["epicentres"].copy()
    epi["agency"] = ["USGS", "USGS", "NCS"]
    epi["id"] = ["us-prelim", "us-final", "ncs"]
    text = legend_html(spec, dict(layers, epicentres=epi))
    assert "Epicentre: USGS (us-prelim)" in text and "Epicentre: USGS (us-final)" in text and "Epicentre: NCS<" in text


def test_station_status_markers_are_ringed_so_they_never_read_as_villages():
    """Newcomer review: a vermillion "out" dot and an orange village looked alike (and the same under
    deuteranopia); status markers carry a black ring, in the map and in its legend."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import Point

    from sitrep.maps.mapview import _legend_rows, status_layer
    from sitrep.palette import STATUS_OUTLINE

    stations = gpd.GeoDataFrame({"id": ["a", "b"]}, geometry=[Point(87.4, 28.5), Point(87.5, 28.6)], crs="EPSG:4326")
    layer = status_layer(stations, pd.Series(["out", "restored"], index=["a", "b"]), None)
    doc = json.loads(next(iter(layer._children.values())).doc)
    assert doc["outline"] == STATUS_OUTLINE
    rows = dict((label, swatch) for swatch, label in _legend_rows({"base_stations", "villages"}, None))
    assert STATUS_OUTLINE in rows["Station out of service"] and STATUS_OUTLINE not in rows["Village 村 (size ~ population)"]


def _solutions(**columns):
    import geopandas as gpd
    from shapely.geometry import Point

    base = {"id": ["a"], "agency": ["NSC"], "origin_time": ["2015-04-25T06:11:26Z"], "depth_km": [10.0], "magnitude": [7.8],
            "provenance": ["reported"], "source": ["test"]}  # fmt: skip
    return gpd.GeoDataFrame({**base, **columns}, geometry=[Point(84.7, 28.2)], crs="EPSG:4326")


def test_a_solution_without_a_magnitude_type_is_drawn_and_listed():
    """Attacker review: an epicentre file without the optional magnitude_type crashed the page and the
    HTML report (KeyError); it reads as "" and the popup says "7.8"."""
    from sitrep.schema import conform

    gdf = conform(_solutions(), "epicentres", path="epi.geojson", default_source="test")
    assert gdf["magnitude_type"].tolist() == [""]
    doc = json.loads(mapview._epicentres(gdf, {}, palette_tz()))
    assert "7.8" in doc["strings"] and "None 7.8" not in doc["strings"]


@pytest.mark.parametrize(("agency", "match"), [("X\u202eRTL", "invisible or control character \\(U\\+202E\\)"),
                                               ("A" * 65, "65 characters long; at most 64")])  # fmt: skip
def test_a_solutions_agency_is_short_visible_text(agency, match):
    """Attacker review: a bidi override in an agency reversed the report's headline; 2,100 characters
    pushed the header table's figures off the page."""
    from sitrep.errors import InputError
    from sitrep.schema import conform

    with pytest.raises(InputError, match=f"field 'agency': .*{match}"):
        conform(_solutions(agency=[agency]), "epicentres", path="epi.geojson", default_source="test")


def palette_tz():
    from datetime import timezone

    return timezone.utc
