"""How intensity looks: USGS colours, MMI bands as polygons, the map's overlay and legend, the exposure table.

Fed a small synthetic :class:`MMIField` and an ``assess()`` dict written by hand in the
documented shape (``sitrep intensity --format json``), so these tests need neither a
ShakeMap nor a model.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

from sitrep.intensity.contours import MMI_COLORS, filled_contours, mmi_color, mmi_text
from sitrep.intensity.field import MMIField, mmi_level
from sitrep.intensity.tables import exposure_table, fatality_line, limits_text, source_text

HOSTILE = "yu2013 <img src=x onerror=alert(1)> {{7*7}}"


def cone_field(*, source: str = "model", model: str = "yu2013 (Qinghai-Tibet)", n: int = 81, meta=None) -> MMIField:
    """MMI falling off linearly from 9.8 at (87.45E, 28.5N) by 8 per degree; NaN in the south-west corner."""
    lon = np.linspace(87.0, 88.0, n)
    lat = np.linspace(28.0, 29.0, n)
    x, y = np.meshgrid(lon, lat)
    mmi = 9.8 - 8.0 * np.hypot(x - 87.45, y - 28.5)
    mmi[: n // 8, : n // 8] = np.nan
    return MMIField(lon, lat, mmi, source, model, meta=meta or {})


def dingri_like(**extra) -> dict:
    """An assess() dict in the documented shape, with PAGER's Dingri exposure and estimate."""
    levels = [
        {"mmi": 7, "area_km2": 5350.0, "rows": [{"layer": "villages", "count": 60, "population": 27679.0},
                                                {"layer": "base_stations", "count": 90, "population": None}]},
        {"mmi": 9, "area_km2": 411.0, "rows": [{"layer": "villages", "count": 7, "population": 2998.0},
                                               {"layer": "base_stations", "count": 12, "population": None}]},
        {"mmi": 8, "area_km2": 869.0, "rows": [{"layer": "villages", "count": 20, "population": 6964.0}]},
    ]  # fmt: skip
    return {"source": "model", "model": "yu2013 (Qinghai-Tibet)", "levels": levels,
            "fatalities": {"model": "PAGER empirical (Jaiswal & Wald 2010)", "country": "CN", "estimate": 291.4, "low": 100,
                           "high": 1000, "alert": "orange"}, **extra}  # fmt: skip


# --- colours -------------------------------------------------------------------------------------


def test_the_usgs_shakemap_colours_of_each_level():
    """The ShakeMap MMI palette (impactutils cpalette MMI) at each integer level; XI and XII keep X's colour."""
    assert [mmi_color(k) for k in range(1, 11)] == ["#ffffff", "#bfccff", "#a0e6ff", "#80ffff", "#7aff93", "#ffff00", "#ffc800",
                                                    "#ff9100", "#ff0000", "#c80000"]  # fmt: skip
    assert len(MMI_COLORS) == 13 and mmi_color(12) == mmi_color(10) and mmi_color(-3) == MMI_COLORS[0]


def test_mmi_text_names_the_level_then_the_value():
    assert mmi_text(8.49) == "VIII (8.5)" and mmi_text(8.5, 0.64) == "IX (8.5 ± 0.6)" and mmi_text(None) == ""


# --- filled contours ------------------------------------------------------------------------------


def test_each_level_is_one_row_of_valid_polygons_in_its_colour():
    bands = filled_contours(cone_field())
    assert bands.crs.to_epsg() == 4326
    assert bands["mmi"].tolist() == [10, 9, 8, 7, 6, 5, 4]
    assert bands["label"].tolist()[:3] == ["X", "IX", "VIII"] and bands["color"].tolist()[1] == "#ff0000"
    assert bands.is_valid.all() and (bands.geom_type == "MultiPolygon").all()


def test_bands_are_rings_around_the_peak_with_holes_oriented_as_geojson_asks():
    """Guards the hole handling: VIII is a ring (IX inside is a hole), exterior counter-clockwise, hole clockwise."""
    bands = filled_contours(cone_field()).set_index("mmi")
    viii = bands.loc[8, "geometry"]
    ring = max(viii.geoms, key=lambda p: p.area)
    assert len(ring.interiors) == 1
    assert ring.exterior.is_ccw and not ring.interiors[0].is_ccw
    assert not viii.intersection(bands.loc[9, "geometry"]).area > 1e-9  # bands do not overlap
    assert viii.contains(shapely.Point(87.45, 28.5 + (9.8 - 8.0) / 8.0))  # MMI 8.0 lies in VIII
    assert not viii.contains(shapely.Point(87.45, 28.5))  # the peak (9.8) does not


def test_band_areas_agree_with_the_fields_own_level_areas():
    """The polygons (interpolated) and MMIField.level_areas_km2 (cells) measure the same bands."""
    field = cone_field(n=161)
    bands = filled_contours(field).to_crs("+proj=laea +lat_0=28.5 +lon_0=87.45")
    areas = dict(zip(bands["mmi"], bands.area / 1e6))
    for level, km2 in field.level_areas_km2().items():
        if 6 <= level <= 9:  # bands inside the grid (lower ones are cut by its edge, where nodes and cells differ by half a cell)
            assert areas[level] == pytest.approx(km2, rel=0.03)


def test_nan_nodes_are_left_out_and_levels_can_be_chosen():
    field = cone_field()
    bands = filled_contours(field, levels=[9, 4, 12])
    assert bands["mmi"].tolist() == [9, 4]  # XII has no area: no row
    corner = shapely.Point(87.02, 28.02)  # a NaN node
    assert not bands.geometry.iloc[1].contains(corner)


def test_an_all_nan_field_gives_an_empty_frame_with_the_columns():
    lon = lat = np.linspace(0.0, 1.0, 5)
    empty = filled_contours(MMIField(lon, lat, np.full((5, 5), np.nan), "model", "x"))
    assert list(empty.columns) == ["mmi", "label", "color", "geometry"] and empty.empty


def test_a_500_by_500_field_is_contoured_in_one_go():
    """The size of a regional ShakeMap grid: every level present comes out valid (speed: see the report)."""
    lon = np.linspace(85.0, 90.0, 500)
    lat = np.linspace(26.0, 31.0, 500)
    x, y = np.meshgrid(lon, lat)
    mmi = 10 - 2.2 * np.log1p(np.hypot((x - 87.45) * 97.6, (y - 28.5) * 111) / 8) + 0.3 * np.sin(x * 7) * np.cos(y * 5)
    bands = filled_contours(MMIField(lon, lat, mmi, "shakemap", "USGS ShakeMap test"))
    assert set(bands["mmi"]) == set(np.unique(mmi_level(mmi)).tolist()) and bands.is_valid.all()


# --- tables ---------------------------------------------------------------------------------------


def test_the_exposure_table_has_a_row_per_level_highest_first():
    table = exposure_table(dingri_like(), {"villages": "Villages 村"})
    assert table["MMI"].tolist() == ["IX", "VIII", "VII"]
    assert list(table.columns) == ["MMI", "shaking", "area km²", "Villages 村 count", "Villages 村 population", "base_stations count"]
    assert table["Villages 村 population"].tolist() == [2998, 6964, 27679]
    assert table["base_stations count"].tolist() == [12, 0, 90]  # no row at VIII: none counted there
    assert table["area km²"].tolist() == [411.0, 869.0, 5350.0]


def test_the_exposure_table_tolerates_a_bare_dict():
    assert exposure_table({}).empty
    assert exposure_table({"levels": [{"mmi": 6, "area_km2": None, "rows": []}]})["MMI"].tolist() == ["VI"]


def test_the_fatality_line_says_model_estimate_beside_the_reported_figure():
    assert fatality_line(dingri_like(), 126) == ("Model estimate: 291 deaths (range 100-1,000), PAGER orange alert - not a report; "
                                                 "reported: 126")  # fmt: skip
    assert fatality_line(dingri_like(), "126 (Xinhua)").endswith("; reported: 126 (Xinhua)")
    assert fatality_line(dingri_like(fatalities=None)) is None
    low = dingri_like()
    low["fatalities"] = {"estimate": 0.2, "low": 0, "high": 1, "alert": "green"}
    assert fatality_line(low) == "Model estimate: fewer than 1 death (range fewer than 1-1), PAGER green alert - not a report"


def test_the_source_is_named_by_version_or_as_a_model_estimate():
    assert source_text("shakemap", "USGS ShakeMap us6000pi9w version 5", {"version": "5", "event_id": "us6000pi9w"}) == \
        "USGS ShakeMap v5 (us6000pi9w)"  # fmt: skip
    assert source_text("shakemap", "USGS ShakeMap us1 version 2") == "USGS ShakeMap us1 version 2"
    assert source_text("model", "allen2012") == "Model estimate: allen2012"


def test_limits_name_site_effects_for_a_model_and_landscan_for_pager():
    text = " ".join(limits_text(dingri_like(limits="Only villages of one county.")))
    assert "site effects" in text and "LandScan" in text and "Only villages of one county." in text
    assert "site effects" not in " ".join(limits_text({"source": "shakemap"}))


# --- the map --------------------------------------------------------------------------------------


def test_the_intensity_overlay_is_one_toggled_layer_with_polygons_levels_and_legend(scenario):
    from sitrep.maps.mapview import INTENSITY_TITLE, LayerControl, base_map, intensity_doc, intensity_layer

    spec, layers = scenario
    field = cone_field()
    doc = json.loads(intensity_doc(field))
    assert [f["properties"]["mmi"] for f in doc["features"]] == [10, 9, 8, 7, 6, 5, 4]
    assert doc["features"][1]["properties"]["_style"]["fillColor"] == "#ff0000"
    assert doc["features"][1]["properties"]["_tooltip"].startswith("MMI IX · violent shaking")
    m = base_map(spec, layers, inline=True)
    intensity_layer(field).add_to(m)
    LayerControl().add_to(m)
    page = m.get_root().render()
    assert f"{INTENSITY_TITLE} \\u00b7 model estimate" in page  # the overlay's name in the layer control (a JS string)
    assert "bringToBack" in page  # beneath the points
    assert "model estimate, not observed shaking" in page and "Model estimate: yu2013 (Qinghai-Tibet)" in page
    import re

    assert re.findall(r"""<(?:script|link|img)[^>]*(?:src|href)=["']?(?:https?:)?//""", page) == []  # offline: nothing loaded from another host


def test_a_shakemap_overlay_names_its_version_and_no_model_warning(scenario):
    from sitrep.maps.mapview import intensity_layer

    import folium

    m = folium.Map()
    intensity_layer(cone_field(source="shakemap", model="USGS ShakeMap us6000pi9w version 5",
                               meta={"version": 5, "event_id": "us6000pi9w"})).add_to(m)  # fmt: skip
    page = m.get_root().render()
    assert "USGS ShakeMap v5 (us6000pi9w)" in page and "not observed shaking" not in page
    assert "Estimated shaking (MMI) · model estimate" not in page


def test_a_hostile_model_name_is_text_in_the_legend(scenario, monkeypatch):
    """User text (a model name, a label) is escaped once and never compiled as a template."""
    import jinja2

    from sitrep.maps.mapview import intensity_layer

    import folium

    compiled: list[str] = []
    original = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda self, source, *a, **k: (compiled.append(str(source)), original(self, source, *a, **k))[1])
    m = folium.Map()
    intensity_layer(cone_field(model=HOSTILE), label="shaking {{ 6*7 }} <b>").add_to(m)
    page = m.get_root().render()
    assert "<img src=x" not in page and "\\u0026lt;img src=x onerror=alert(1)\\u0026gt; {{7*7}}" in page
    assert "42" not in page.split("shaking ", 1)[1][:20]
    assert [s for s in compiled if "onerror" in s or "6*7" in s] == []


def test_popups_show_a_features_mmi_when_its_layer_has_one(scenario):
    """Villages with an ``mmi`` column (and ``mmi_sigma``) get an MMI line in their popups; without one, none."""
    from sitrep.maps.mapview import layer_docs, points_layer

    import folium

    spec, layers = scenario
    villages = layers["villages"].copy()
    villages["mmi"] = 7.84
    villages["mmi_sigma"] = 0.64
    doc = json.loads(layer_docs(spec, {**layers, "villages": villages})["villages"])
    assert "MMI" in doc["columns"] and "VIII (7.8 ± 0.6)" in doc["strings"]
    plain = json.loads(layer_docs(spec, layers)["villages"])
    assert not any(s.startswith("VIII (") for s in plain["strings"])
    shelters = villages[["name", "mmi", "geometry"]].head(2)
    m = folium.Map()
    points_layer("shelters", shelters).add_to(m)
    assert "VIII (7.8)" in m.get_root().render()


# --- the app's panel ------------------------------------------------------------------------------


def _panel_script():
    """A page showing one hand-written assess() dict (AppTest runs this function's source)."""
    from sitrep.app.intensity import impact_panel

    impact = {
        "source": "model", "model": "yu2013 [x](http://198.51.100.7) {{7*7}}",
        "levels": [{"mmi": 8, "area_km2": 869.0, "rows": [{"layer": "villages", "count": 20, "population": 6964.0}]},
                   {"mmi": 9, "area_km2": 411.0, "rows": [{"layer": "villages", "count": 7, "population": 2998.0}]}],
        "fatalities": {"model": "PAGER", "country": "CN", "estimate": 291, "low": 100, "high": 1000, "alert": "orange"},
        "warnings": ["magnitude beyond the calibrated range :red[URGENT]"],
    }  # fmt: skip
    impact_panel(impact, titles={"villages": "Villages 村庄"}, reported=126)


def test_the_app_panel_shows_the_estimate_beside_the_reported_figure_and_the_table():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_panel_script, default_timeout=60).run()
    assert not at.exception
    assert at.warning[0].value.replace("\\", "").startswith("Model estimate: 291 deaths (range 100-1,000), PAGER orange alert - not a report; reported: 126")
    table = at.dataframe[0].value
    assert table["MMI"].tolist() == ["IX", "VIII"] and table["Villages 村庄 population"].tolist() == [2998, 6964]
    captions = " ".join(c.value for c in at.caption)
    assert "predicted shaking, not observed" in captions
    assert "\\:" in captions and "\\[x\\]" in captions  # Markdown in user text is escaped (plain), not rendered
