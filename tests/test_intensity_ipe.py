"""sitrep.intensity.ipe: the published intensity equations, checked by hand, and the model field (issue 11).

Every test here guards a piece of the issue's "an intensity field when no ShakeMap exists": the
equations of Allen, Wald & Worden (2012) and Yu et al. (2013) against arithmetic written out from
the papers' formulas, the geometry of the ellipse and of the rupture, the magnitude checks, and
the areas of the gridded field.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from shapely.geometry import LineString

from sitrep.distance import distance_to_trace_km
from sitrep.errors import InputError, SpecError
from sitrep.geodesy import destination
from sitrep.intensity.field import mmi_level
from sitrep.intensity.ipe import (
    MODELS,
    YU2013_ISOSEISMAL_SHIFT,
    YU2013_REGIONS,
    allen2012_rhypo,
    allen2012_rrup,
    choose_model,
    mmi_at,
    model_field,
    rjb_km,
    yu2013,
    yu2013_radius_km,
    yu_region,
)
from sitrep.io.catalog import read_scenario_spec
from sitrep.query import Epicentre

LON0, LAT0 = 87.45, 28.50
MS68 = Epicentre(LON0, LAT0, id="cenc", depth_km=10.0, magnitude=6.8, magnitude_type="Ms")
MW71 = Epicentre(LON0, LAT0, id="usgs", depth_km=10.0, magnitude=7.1, magnitude_type="Mww")
#: A 26 km N-S trace through the epicentre (as the bundled Dingri rupture).
TRACE = LineString([(LON0, 28.383), (LON0, 28.617)])


# --- the equations, by hand -------------------------------------------------------------------------


def test_allen2012_rupture_distance_form_by_hand():
    """Allen et al. (2012) Rrup form: MMI = 3.950 + 0.913 M - 1.107 ln sqrt(R² + (1 + 0.813 e^(M-5))²)."""
    # M 6.0 at Rrup 20 km: e^1 = 2.718282; 1 + 0.813 * 2.718282 = 3.209963; 3.209963² = 10.303862
    # sqrt(400 + 10.303862) = 20.255959; ln = 3.008449; 3.950 + 5.478 - 1.107 * 3.008449 = 6.097647
    # sigma = 0.72 + 0.23 / (1 + (20 / 44.7)²) = 0.72 + 0.23 / 1.200191 = 0.911636
    mmi, sigma = allen2012_rrup(6.0, 20.0)
    assert float(mmi) == pytest.approx(6.097647, abs=2e-6)
    assert float(sigma) == pytest.approx(0.911636, abs=2e-6)
    # M 7.0 at 0 km: 1 + 0.813 e^2 = 7.007302; ln = 1.946953; 3.950 + 6.391 - 1.107 * 1.946953 = 8.185723; sigma 0.95
    mmi, sigma = allen2012_rrup(7.0, 0.0)
    assert (float(mmi), float(sigma)) == pytest.approx((8.185723, 0.95), abs=2e-6)


def test_allen2012_hypocentral_form_by_hand_on_both_sides_of_50_km():
    """Allen et al. (2012) Rhypo form: Rm = -0.209 + 2.042 e^(M-5); the anelastic 0.078 ln(R/50) beyond 50 km only."""
    rm = -0.209 + 2.042 * math.exp(2.0)  # M 7: 14.879513
    near = 2.085 + 1.428 * 7 - 1.402 * math.log(math.sqrt(30.0**2 + rm**2))
    far = 2.085 + 1.428 * 7 - 1.402 * math.log(math.sqrt(80.0**2 + rm**2)) + 0.078 * math.log(80.0 / 50.0)
    assert far == pytest.approx(5.950219, abs=2e-6)  # sqrt(6400 + 221.3999) = 81.37199; 12.081 - 1.402 * 4.399031 + 0.078 * 0.470004
    mmi, sigma = allen2012_rhypo(7.0, [30.0, 80.0])
    assert mmi == pytest.approx([near, far], abs=1e-12)
    assert sigma == pytest.approx([0.82 + 0.37 / (1 + (30 / 22.9) ** 2), 0.82 + 0.37 / (1 + (80 / 22.9) ** 2)], abs=1e-12)
    below, above = allen2012_rhypo(7.0, [50.0 - 1e-9, 50.0 + 1e-9])[0]
    assert below == pytest.approx(above, abs=1e-8)  # the anelastic term starts at zero


@pytest.mark.parametrize("region", list(YU2013_REGIONS))
def test_yu2013_on_each_axis_is_that_axis_equation(region):
    """Yu et al. (2013): I = A + B Ms + C lg(R + R0), long axis along the strike, short across it."""
    c = YU2013_REGIONS[region]
    for r in (0.0, 5.0, 40.0, 150.0):
        long_hand = c.a_long + c.b * 6.5 + c.c_long * math.log10(r + c.r0_long)
        short_hand = c.a_short + c.b * 6.5 + c.c_short * math.log10(r + c.r0_short)
        assert float(yu2013(6.5, r, 0.0, region=region)[0]) == pytest.approx(long_hand, abs=2e-3 if r == 0 else 1e-9)
        assert float(yu2013(6.5, 0.0, r, region=region)[0]) == pytest.approx(short_hand, abs=2e-3 if r == 0 else 1e-9)
    assert float(yu2013(6.5, 10.0, 3.0, region=region)[1]) == c.sigma


def test_yu2013_qinghai_tibet_by_hand():
    """Ms 6.8, 50 km along the long axis: 6.4580 + 1.2746 * 6.8 - 4.4709 * lg 75 = 6.458 + 8.66728 - 8.383212 = 6.742068."""
    assert float(yu2013(6.8, 50.0, 0.0, region="tibet")[0]) == pytest.approx(6.742068, abs=2e-6)
    # across: 3.3682 + 8.66728 - 3.3119 * lg 59 = 12.03548 - 3.3119 * 1.770852 = 12.03548 - 5.864885 = 6.170595
    assert float(yu2013(6.8, 0.0, 50.0, region="tibet")[0]) == pytest.approx(6.170595, abs=2e-6)


@pytest.mark.parametrize("region", list(YU2013_REGIONS))
def test_yu2013_axes_agree_at_the_epicentre(region):
    """A + C lg R0 is the same on both axes (to ~1e-3): the check that fixes the short-axis R0 of 7 and 9."""
    c = YU2013_REGIONS[region]
    assert c.a_long + c.c_long * math.log10(c.r0_long) == pytest.approx(c.a_short + c.c_short * math.log10(c.r0_short), abs=1e-3)
    assert yu2013_radius_km(6.8, 5.0, region=region)[0] > yu2013_radius_km(6.8, 5.0, region=region)[1]  # long > short


def test_intensity_decreases_with_distance_in_every_form():
    """Monotonic attenuation: along, across, on a circle, and both of Allen's forms."""
    r = np.linspace(0.0, 400.0, 801)
    for values in (
        allen2012_rrup(7.0, r)[0],
        allen2012_rhypo(7.0, np.hypot(r, 10.0))[0],
        yu2013(6.8, r, 0.0)[0],
        yu2013(6.8, 0.0, r)[0],
        yu2013(6.8, r * 0.6, r * 0.8)[0],
        yu2013(6.8, r, None)[0],
    ):
        assert np.all(np.diff(values) < 0)


def test_site_intensity_lies_on_the_ellipse_whose_axes_the_equations_give():
    """The ellipse of I through a site: semi-axes from inverting each axis equation."""
    ra, rb = yu2013_radius_km(6.8, 6.0, region="tibet")  # Ra = 10^((6 - 6.458 - 8.66728) / -4.4709) - 25
    assert float(ra) == pytest.approx(10 ** ((6 - 6.458 - 1.2746 * 6.8) / -4.4709) - 25, rel=1e-12)
    angle = np.radians(np.arange(0, 360, 15))
    mmi, _ = yu2013(6.8, float(ra) * np.cos(angle), float(rb) * np.sin(angle), region="tibet")
    assert mmi == pytest.approx(np.full(angle.size, 6.0), abs=1e-9)
    circle, _ = yu2013(6.8, math.sqrt(float(ra) * float(rb)), None, region="tibet")
    assert float(circle) == pytest.approx(6.0, abs=1e-9)


# --- geometry: ellipse orientation, rupture, distances ----------------------------------------------


def test_model_mmi_puts_yus_isoseismal_k_at_the_pager_bin_edge():
    """Yu's I is the isoseismal line (zone k = [k, k+1)); PAGER's bins round: MMI = I - 0.5 keeps each site in its zone.

    Guards the Dingri check: without the shift every zone read half a level high (VIII at 2x the CEA area).
    """
    ra, _ = yu2013_radius_km(6.8, 8.0, region="tibet")
    lon, lat = destination(LON0, LAT0, [0.0], [float(ra) - 0.01])
    mmi, _, _ = mmi_at("yu2013", lon, lat, epicentre=MS68, strike_deg=0.0)
    assert mmi_level(mmi)[0] == 8  # just inside Yu's isoseismal VIII: zone VIII, PAGER level VIII
    lon, lat = destination(LON0, LAT0, [0.0], [float(ra) + 0.01])
    mmi, _, _ = mmi_at("yu2013", lon, lat, epicentre=MS68, strike_deg=0.0)
    assert mmi_level(mmi)[0] == 7


def test_the_long_axis_follows_the_strike():
    """A site 40 km along the strike has a higher intensity than one 40 km across it."""
    (n_lon, e_lon), (n_lat, e_lat) = destination(LON0, LAT0, [0.0, 90.0], [40.0, 40.0])
    mmi, _, _ = mmi_at("yu2013", [n_lon, e_lon], [n_lat, e_lat], epicentre=MS68, strike_deg=0.0)
    shift = YU2013_ISOSEISMAL_SHIFT
    assert mmi[0] == pytest.approx(float(yu2013(6.8, 40.0, 0.0)[0]) - shift, abs=1e-6)
    assert mmi[1] == pytest.approx(float(yu2013(6.8, 0.0, 40.0)[0]) - shift, abs=1e-6)
    turned, _, _ = mmi_at("yu2013", [n_lon, e_lon], [n_lat, e_lat], epicentre=MS68, strike_deg=90.0)
    assert turned == pytest.approx(mmi[::-1], abs=1e-6)


def test_without_strike_or_rupture_yu2013_is_a_circle_and_says_so():
    mmi, _, warnings = mmi_at("yu2013", *destination(LON0, LAT0, [0.0, 90.0], [40.0, 40.0]), epicentre=MS68)
    assert mmi[0] == pytest.approx(mmi[1], abs=1e-6)
    assert any("circle" in w for w in warnings)


def test_sites_along_the_rupture_get_the_epicentral_intensity():
    """Line source: beside the rupture the distance is to the trace, so its whole length shakes as the epicentre."""
    lats = np.array([28.39, 28.45, 28.55, 28.61])
    lons = np.full(lats.size, LON0)
    epi = float(yu2013(6.8, 0.0, 0.0)[0]) - YU2013_ISOSEISMAL_SHIFT
    on_trace, _, _ = mmi_at("yu2013", lons, lats, epicentre=MS68, rupture=TRACE)
    assert on_trace == pytest.approx(np.full(lats.size, epi), abs=2e-4)  # the two axes agree to 1e-4 at R = 0
    point, _, _ = mmi_at("yu2013", lons, lats, epicentre=MS68, strike_deg=0.0)
    assert np.all(point < epi - 0.3)
    allen_on, _, _ = mmi_at("allen2012", lons, lats, epicentre=MW71, rupture=TRACE)
    assert allen_on == pytest.approx(np.full(lats.size, float(allen2012_rrup(7.1, 0.0)[0])), abs=1e-6)
    # beyond the northern end: measured from that end, along the strike
    (lon_n,), (lat_n,) = destination(LON0, 28.617, [0.0], [30.0])
    beyond, _, _ = mmi_at("yu2013", [lon_n], [lat_n], epicentre=MS68, rupture=TRACE)
    assert beyond[0] == pytest.approx(float(yu2013(6.8, 30.0, 0.0)[0]) - YU2013_ISOSEISMAL_SHIFT, abs=0.01)


def test_a_rupture_polygon_shakes_as_the_epicentre_inside_and_is_measured_from_its_edge():
    """A surface projection (polygon): Rjb = 0 inside it; its long side sets the strike."""
    from shapely.geometry import Polygon

    plane = Polygon([(87.44, 28.39), (87.48, 28.39), (87.48, 28.61), (87.44, 28.61)])
    mmi, _, _ = mmi_at("allen2012", [87.46, 87.46], [28.50, 28.80], epicentre=MW71, rupture=plane)
    assert mmi[0] == pytest.approx(float(allen2012_rrup(7.1, 0.0)[0]), abs=1e-9)
    assert mmi[1] == pytest.approx(float(allen2012_rrup(7.1, distance_to_trace_km([87.46], [28.80], plane)[0])[0]), abs=1e-6)
    field = model_field("yu2013", epicentre=MS68, rupture=plane, box=(87.0, 28.0, 88.0, 29.0), step_deg=0.1)
    assert min(field.meta["inputs"]["strike_deg"], 180 - field.meta["inputs"]["strike_deg"]) < 0.5  # N-S, not the diagonal


def test_fast_joyner_boore_distance_matches_the_exact_one():
    """rjb_km (projected foot point + one geodesic) agrees with sitrep.distance.distance_to_trace_km."""
    rng = np.random.default_rng(11)
    lon, lat = rng.uniform(83.0, 92.0, 400), rng.uniform(25.0, 32.0, 400)
    bent = LineString([(87.47, 28.38), (87.46, 28.45), (87.45, 28.51), (87.44, 28.56), (87.44, 28.62)])
    assert rjb_km(lon, lat, bent) == pytest.approx(distance_to_trace_km(lon, lat, bent), abs=1e-3)


# --- magnitudes -------------------------------------------------------------------------------------


def test_a_magnitude_outside_the_published_range_is_an_extrapolation_warning():
    big = Epicentre(LON0, LAT0, magnitude=9.5, magnitude_type="Mw")
    _, _, warnings = mmi_at("allen2012", [LON0], [LAT0 + 0.5], epicentre=big)
    assert "extrapolated: M9.5 is outside allen2012's M5.0-7.9 range" in warnings
    small = Epicentre(LON0, LAT0, magnitude=4.2, magnitude_type="Ms")
    _, _, warnings = mmi_at("yu2013", [LON0], [LAT0 + 0.5], epicentre=small, strike_deg=0)
    assert warnings == ["extrapolated: M4.2 is outside yu2013's M5.0-8.0 range"]
    assert MODELS["allen2012"]["magnitude_range"] == (5.0, 7.9)


@pytest.mark.parametrize("mag", [0.0, -1.0, 10.5, float("nan"), None])
def test_an_absurd_magnitude_is_an_input_error(mag):
    with pytest.raises(InputError, match=r"field 'magnitude': magnitude .* expected a number in \(0, 10\]"):
        mmi_at("allen2012", [LON0], [LAT0], epicentre=Epicentre(LON0, LAT0, magnitude=mag))


def test_magnitude_types_are_never_converted_only_named():
    """yu2013 expects Ms, allen2012 Mw: another type is used as given, with a warning."""
    _, _, warnings = mmi_at("allen2012", [LON0], [LAT0 + 0.3], epicentre=MS68)
    assert warnings == ["allen2012 expects Mw; the solution gives Ms 6.8, used as Mw without conversion"]
    field = model_field("yu2013", epicentre=MW71, strike_deg=0, box=(87.0, 28.0, 88.0, 29.0), step_deg=0.05)
    assert "yu2013 expects Ms; the solution gives Mww 7.1, used as Ms without conversion" in field.meta["warnings"]


def test_unknown_model_is_an_input_error():
    with pytest.raises(InputError, match="unknown intensity model 'gmice'; expected one of allen2012, yu2013 or auto"):
        mmi_at("gmice", [LON0], [LAT0], epicentre=MS68)


# --- choosing a model -------------------------------------------------------------------------------


def test_choose_model_china_by_country_or_outline():
    assert choose_model(LON0, LAT0) == "yu2013"  # Dingri
    assert choose_model(85.32, 27.70) == "allen2012"  # Kathmandu
    assert choose_model(85.32, 27.70, country="CN") == "yu2013"
    assert choose_model(LON0, LAT0, country="NP") == "allen2012"
    assert choose_model(116.4, 39.9) == "yu2013"  # Beijing


@pytest.mark.parametrize(
    ("lon", "lat", "region"),
    [(87.45, 28.5, "tibet"), (103.4, 31.0, "tibet"), (87.6, 43.8, "xinjiang"), (116.4, 39.9, "east"), (113.3, 23.1, "moderate")],
)
def test_yu_regions_from_coarse_polygons(lon, lat, region):
    """Dingri, Wenchuan and Urumqi, Beijing, Guangzhou."""
    assert yu_region(lon, lat) == region


def test_auto_picks_yu2013_in_tibet_and_names_the_region():
    field = model_field("auto", epicentre=MS68, strike_deg=0, box=(87.0, 28.0, 88.0, 29.0), step_deg=0.05)
    assert (field.source, field.model, field.meta["model"]) == ("model", "yu2013 (Qinghai-Tibet)", "yu2013")
    assert "Yu Yanxiang" in field.meta["citation"]
    assert field.meta["inputs"]["chosen"] == "auto" and field.meta["inputs"]["region"] == "tibet"
    assert field.sigma is not None and np.all(field.sigma == YU2013_REGIONS["tibet"].sigma)


# --- the field ----------------------------------------------------------------------------------------


def test_field_area_of_an_ellipse_is_pi_ra_rb():
    """Levels VI and up (MMI >= 5.5) are inside Yu's isoseismal VI: area pi Ra(6) Rb(6), within the grid's resolution."""
    field = model_field("yu2013", epicentre=MS68, strike_deg=0.0, step_deg=0.01)
    areas = field.level_areas_km2()
    ra, rb = yu2013_radius_km(6.8, 6.0, region="tibet")
    assert sum(v for k, v in areas.items() if k >= 6) == pytest.approx(math.pi * float(ra) * float(rb), rel=0.01)
    assert field.mmi.shape[0] > field.mmi.shape[1] * 0.8  # the box reaches the long (N-S) axis's isoseismal IV


def test_field_area_of_a_circle_from_the_inverted_allen_equation():
    """allen2012, point source: MMI >= 6.5 inside Rhypo = r, so the area is pi (r² - depth²)."""
    rhypo = np.linspace(10.0, 200.0, 190001)
    r = float(np.interp(6.5, allen2012_rhypo(7.1, rhypo)[0][::-1], rhypo[::-1]))
    field = model_field("allen2012", epicentre=MW71, step_deg=0.01)
    areas = field.level_areas_km2()
    assert sum(v for k, v in areas.items() if k >= 7) == pytest.approx(math.pi * (r**2 - 10.0**2), rel=0.01)
    assert field.meta["inputs"]["depth_km"] == 10.0


def test_field_values_are_the_equation_at_the_nodes():
    field = model_field("allen2012", epicentre=MW71, rupture=TRACE, box=(87.0, 28.0, 88.0, 29.0), step_deg=0.1)
    lon, lat = np.meshgrid(field.lon, field.lat)
    rrup = distance_to_trace_km(lon.ravel(), lat.ravel(), TRACE)
    assert field.mmi.ravel() == pytest.approx(allen2012_rrup(7.1, rrup)[0], abs=1e-6)
    assert field.meta["inputs"]["ztor_km"] == 0.0


# --- the incident's fields --------------------------------------------------------------------------


def test_dingri_names_its_country_model_and_strike():
    """The bundled incident: China (so yu2013 and PAGER's CN), auto model, strike of the USGS nodal plane."""
    spec = read_scenario_spec("dingri-2025")
    assert (spec.country, spec.intensity_model, spec.strike_deg) == ("CN", "auto", 187.0)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('country = "China"', r"'country' must be an ISO 3166 alpha-2 code such as \"CN\", got 'China'"),
        ('intensity_model = "gmice"', r"'intensity_model' must be one of allen2012, yu2013, auto, got 'gmice'"),
        ("strike_deg = 400", r"'strike_deg' must be a number of degrees from 0 to 360, got 400"),
    ],
)
def test_bad_intensity_keys_are_refused(tmp_path, line, message):
    (tmp_path / "s").mkdir()
    (tmp_path / "s.toml").write_text(f'name="s"\ntitle="S"\nreference_solution="a"\nbands_km=[0,10]\nregion=[0,0,1,1]\n{line}\n')
    with pytest.raises(SpecError, match=message):
        read_scenario_spec("s", layers_dir=tmp_path)


def test_a_model_field_gives_features_the_equations_value_anywhere_and_no_partial_level():
    """Features take the exact model value (no interpolation, none 'outside' past the grid's edge);
    the levels the grid's edge cuts (below its floor) have no area rather than a partial one."""
    field = model_field("allen2012", epicentre=MW71)
    far_lon, far_lat = destination(LON0, LAT0, [90.0], [3000.0])
    mmi, sigma = field.at([LON0, far_lon[0]], [LAT0, far_lat[0]])
    exact, exact_sigma, _ = mmi_at("allen2012", [LON0, far_lon[0]], [LAT0, far_lat[0]], epicentre=MW71)
    assert mmi == pytest.approx(exact) and sigma == pytest.approx(exact_sigma)
    assert min(field.level_areas_km2()) == 4  # floor 3.5: level III would be cut by the grid's edge


def _bisection_reference(mag, along, across=None, region="tibet", iterations=52):
    """yu2013 as sitrep solved it before issue 12: 52 halvings of [min, max] of the axes' intensities."""
    c = YU2013_REGIONS[region]
    circle = across is None
    x = np.abs(np.asarray(along, dtype=float))
    y = np.zeros_like(x) if circle else np.abs(np.asarray(across, dtype=float))
    m, x, y = np.broadcast_arrays(np.asarray(mag, dtype=float), x, y)
    r = np.hypot(x, y)
    i_long = c.a_long + c.b * m + c.c_long * np.log10(r + c.r0_long)
    i_short = c.a_short + c.b * m + c.c_short * np.log10(r + c.r0_short)
    lo, hi = np.minimum(i_long, i_short), np.maximum(i_long, i_short)
    for _ in range(iterations):
        mid = (lo + hi) / 2.0
        ra, rb = yu2013_radius_km(m, mid, region=region)
        with np.errstate(divide="ignore", invalid="ignore"):
            outside = r**2 >= ra * rb if circle else (x / ra) ** 2 + (y / rb) ** 2 >= 1.0
        outside |= (r > 0) & ((ra == 0) | (rb == 0))
        hi, lo = np.where(outside, mid, hi), np.where(outside, lo, mid)
    return (lo + hi) / 2.0


@pytest.mark.parametrize("region", sorted(YU2013_REGIONS))
@pytest.mark.parametrize("circle", [False, True], ids=["ellipse", "circle"])
def test_yu2013_equals_the_bisection_it_replaced_and_bisects_only_special_sites(region, circle, monkeypatch):
    """Guards the fast yu2013 solver (issue 12: the model field took ~1.5 s of 52 bisection steps).

    Newton's method on the isoseismal equation gives the bisection's answer to 1e-9 MMI at
    every site - random sites of every magnitude, the epicentre, both axes, sites a micrometre
    from an axis - and hands to bisection only the sites where the equation is singular (the
    epicentre, an axis clipped at 0), never the bulk of the grid.
    """
    from sitrep.intensity import ipe

    rng = np.random.default_rng(12)
    n = 20_000
    x, y, m = rng.uniform(-400, 400, n), rng.uniform(-400, 400, n), rng.uniform(5.0, 8.0, n)
    x[:20], y[20:40], x[40:45], y[40:45] = 0.0, 0.0, 0.0, 0.0  # both axes and the epicentre
    x[45:60], y[60:75] = 1e-9, rng.uniform(0, 1e-3, 15)  # a hair from an axis, near the epicentre
    bisected = []
    real = ipe._bisect
    monkeypatch.setattr(ipe, "_bisect", lambda c, m, *rest: bisected.append(m.size) or real(c, m, *rest))
    got, _ = yu2013(m, x, None if circle else y, region=region)
    want = _bisection_reference(m, x, None if circle else y, region=region)
    assert np.max(np.abs(got - want)) < 1e-9
    assert sum(bisected) < n / 100
