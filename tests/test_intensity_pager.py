"""The PAGER empirical fatality model against PAGER's own published numbers.

Every expected figure here was published by USGS PAGER (copied by hand from
its products: losses.json of us6000pi9w, Dingri 2025; losses/exposures/alerts
of us2000h8ty, Hokkaido 2018; the pager.xml test file of usgs/pager; the unit
tests of losspager), so the model is checked against an independent answer.
"""

import math

import pytest

from sitrep.errors import InputError
from sitrep.intensity.pager import (
    DEFAULT_MODEL,
    LOSS_BINS,
    alert_level,
    country_model,
    estimate_fatalities,
    estimate_fatalities_by_country,
    fatality_rates,
    loss_probabilities,
    loss_range,
    parse_exposure,
)

DINGRI_EXPOSURE = {9: 2998, 8: 6964, 7: 27679, 6: 61485, 5: 147452}  # PAGER us6000pi9w, as the issue quotes it

# PAGER's published fatality rates at MMI 1..10 (us6000pi9w losses.json, country_fatalities)
PAGER_RATES_CN = [
    9.596477475622452e-121, 8.329152866517839e-61, 2.2581817283092272e-35, 1.2601434490508817e-21,
    2.071781778440116e-13, 2.8394383420456973e-08, 5.05336475176709e-05, 0.005332691902854883,
    0.08436009957294005, 0.37322142428161875,
]  # fmt: skip
PAGER_RATES_NP = [
    3.493173654191076e-39, 2.057622137673193e-22, 7.118606275524195e-15, 1.5505809355203784e-10,
    9.582179483741436e-08, 7.814296081912207e-06, 0.00017906520360978114, 0.0017554244021755594,
    0.009497241877653679, 0.03342405591470883,
]  # fmt: skip
PAGER_RATES_IN = [
    8.096535986146489e-78, 2.354474947652863e-40, 2.939280148789706e-24, 1.968962711376559e-15,
    4.6283317178982006e-10, 1.2755891411947771e-06, 0.00022802741635248916, 0.006812829559884508,
    0.06043838223410936, 0.2321386857809023,
]  # fmt: skip
# us2000h8ty (Hokkaido 2018) losses.json
PAGER_RATES_JP = [
    2.5900055908581753e-133, 3.9165761728900106e-70, 1.1348458312027426e-42, 1.9852698762389087e-27,
    5.0547719025843904e-18, 6.7317339337654535e-12, 8.295094047785298e-08, 4.6342570066756344e-05,
    0.003069549399138052, 0.045056977579059736,
]  # fmt: skip
PAGER_RATES_RU = [
    2.361771120589087e-25, 2.603184204629077e-16, 5.192919249961193e-12, 2.1172462637364805e-09,
    1.259537083474427e-07, 2.447568993103106e-06, 2.3216404722173563e-05, 0.0001347688484287513,
    0.0005498338847045515, 0.001725280023939942,
]  # fmt: skip


def test_dingri_exposure_gives_pagers_291_and_orange():
    """Guards the issue's acceptance figure: PAGER's own Dingri exposure must give PAGER's 291 deaths, orange."""
    est = estimate_fatalities(DINGRI_EXPOSURE, "CN")
    assert est.estimate == 291
    assert est.alert == "orange"
    assert est.label == "model estimate"
    assert est.g == pytest.approx(2.013134)  # China's L2G norm in PAGER's table
    assert est.low < 291 < est.high


@pytest.mark.parametrize(
    ("country", "published"),
    [
        ("CN", PAGER_RATES_CN),
        ("NP", PAGER_RATES_NP),
        ("IN", PAGER_RATES_IN),
        ("JP", PAGER_RATES_JP),
        ("RU", PAGER_RATES_RU),
    ],
)
def test_rates_at_mmi_1_to_10_are_pagers_published_rates(country, published):
    """Phi(ln(MMI/theta)/beta) with the shipped theta/beta reproduces PAGER's rates (country and group models)."""
    assert fatality_rates(country).tolist() == pytest.approx(published, rel=1e-6)


def test_china_parameters_are_the_published_ones():
    m = country_model("cn")
    assert (m.theta, m.beta, m.status) == (10.328811, 0.100058, "InCountry")


def test_hokkaido_2018_exposure_gives_pagers_13_deaths_and_its_odds():
    """us2000h8ty: PAGER's per-country exposure gives its 13 deaths (JP 13, RU 0) and yellow alert.

    PAGER's alerts.json used G = 1.770561828312132 (a later calibration than the
    shipped table's 1.461126 for Japan); with that G the seven range
    probabilities are PAGER's published ones.
    """
    jp = {3: 2227773, 4: 2747917, 5: 1330217, 6: 1431811, 7: 1281064, 8: 41261, 9: 3881, 10: 0}
    ru = {3: 20713, 4: 4931}
    est = estimate_fatalities_by_country({"JP": jp, "RU": ru})
    assert est.estimate == 13 and est.deaths_by_country == {"JP": 13, "RU": 0}
    assert est.alert == "yellow"
    published = [0.07371643369555747, 0.3673834376548597, 0.43430142485112705, 0.11751092602253776,
                 0.00700050518753903, 8.705597811442534e-05, 2.166102636147471e-07]  # fmt: skip
    probs = loss_probabilities(13, 1.770561828312132)
    assert list(probs.values()) == pytest.approx(published, rel=1e-6, abs=1e-12)


def test_kumamoto_pager_xml_estimate_g_and_percentages():
    """usgs/pager's test pager.xml: JP exposure (MMI 10 counted at 9) gives 214, G 1.461126, odds 0/2/28/55/14/0/0 %."""
    exposure = {3: 139213, 4: 7572569, 5: 8041148, 6: 2670694, 7: 869317, 8: 947968, 9: 54893, 10: 654}
    est = estimate_fatalities(exposure, "JP")
    assert est.estimate == 214 and est.alert == "orange"
    assert est.g == pytest.approx(1.461126)
    assert [round(100 * p) for p in est.probabilities.values()] == [0, 2, 28, 55, 14, 0, 0]
    assert any("MMI X" in n for n in est.notes)


def test_northridge_with_pagers_california_model():
    """losspager's own test: Northridge 1994 exposure with the XF (California) model gives 22."""
    exposure = {3: 1506.0, 4: 1946880.0, 5: 6509154.0, 6: 6690236.0, 7: 3405381.0, 8: 1892446.0, 9: 5182.0}
    assert estimate_fatalities(exposure, "xf").estimate == 22


def test_range_probabilities_match_losspagers_test_values():
    """losspager's test: expected 70,511 with G 2.5."""
    expected = [3.99586017993e-06, 0.00019277654968408576, 0.0041568251597835061, 0.039995273501147441,
                0.17297196910604343, 0.3382545813262674, 0.44442457847445394]  # fmt: skip
    assert list(loss_probabilities(70511, 2.5).values()) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("expected", [0, 0.4, 3, 291, 5e5])
@pytest.mark.parametrize("g", [1.0, 1.8, 2.5])
def test_probabilities_cover_every_outcome_once(expected, g):
    probs = loss_probabilities(expected, g)
    assert len(probs) == len(LOSS_BINS) == 7
    assert sum(probs.values()) == pytest.approx(1.0, abs=1e-9)
    assert all(p >= 0 for p in probs.values())


def test_an_estimate_of_zero_is_centred_on_half_a_death_as_pager_does():
    """PAGER treats an estimate of 0 as 0.5 with G at most 1.7613 (probs.calcEmpiricalProbFromRange)."""

    def phi(x):
        return 0.5 * math.erfc(-x / math.sqrt(2))

    probs = loss_probabilities(0, 2.5)
    assert probs["0-1"] == pytest.approx(phi(math.log(1.00001 / 0.5) / 1.7613) - phi(math.log(0.00001 / 0.5) / 1.7613))
    low, high = loss_range(0, 2.5)
    assert low == 0 and 1 <= high <= 20


def test_range_is_the_central_90_percent():
    low, high = loss_range(291, 2.013134)
    assert low == math.floor(291.00001 * math.exp(-1.6448536269514722 * 2.013134))
    assert high == math.ceil(291.00001 * math.exp(1.6448536269514722 * 2.013134))


@pytest.mark.parametrize(
    ("deaths", "colour"),
    [
        (0, "green"),
        (0.99, "green"),
        (1, "yellow"),
        (99, "yellow"),
        (100, "orange"),
        (999, "orange"),
        (1000, "red"),
        (1e7, "red"),
    ],
)
def test_alert_thresholds_are_pagers(deaths, colour):
    assert alert_level(deaths) == colour


@pytest.mark.parametrize("bad", [-1, math.nan, math.inf])
def test_alert_refuses_a_non_count(bad):
    with pytest.raises(ValueError, match="deaths >= 0"):
        alert_level(bad)


def test_a_country_pager_lacks_uses_its_default_model_and_says_so():
    est = estimate_fatalities({8: 10000, 9: 1000}, "ZZ")
    assert est.countries["ZZ"] is DEFAULT_MODEL
    assert any("default model, no country-specific calibration" in n for n in est.notes)
    d = est.as_dict()
    assert d["calibration"]["ZZ"]["status"] == "default"
    assert estimate_fatalities({8: 10}, None).as_dict()["country"] is None
    assert estimate_fatalities({8: 10}, "  ").as_dict()["country"] is None  # an incident with no country


@pytest.mark.parametrize(
    ("country", "message"),
    [("UK", "United Kingdom is GB"), ("China", "not a country code"), ("C1", "not a country code")],
)
def test_country_codes_are_checked(country, message):
    with pytest.raises(InputError, match=message):
        estimate_fatalities({9: 1}, country)


def test_estimate_as_dict_has_the_contract_keys():
    d = estimate_fatalities(DINGRI_EXPOSURE, "cn").as_dict()
    assert {"model", "country", "estimate", "low", "high", "alert"} <= set(d)
    assert d["country"] == "CN" and d["estimate"] == 291 and d["label"] == "model estimate"
    assert isinstance(d["estimate"], int) and isinstance(d["low"], int) and isinstance(d["high"], int)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IX=2998,VIII=6964,VII=27679,VI=61485,V=147452", DINGRI_EXPOSURE),
        ("9=2998, 8=6964;7=27679 6=61485  5=147452", DINGRI_EXPOSURE),
        ("ix = 2,998, viii = 6,964", {9: 2998, 8: 6964}),
        ("MMI IX=1 000 000", {9: 1_000_000}),
        ("X=5.5", {10: 5.5}),
    ],
)
def test_parse_exposure_accepts_roman_arabic_and_thousands_separators(text, expected):
    assert parse_exposure(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("IX=-5", r"item 'IX=-5'.*not a number"),
        ("IX=nan", r"item 'IX=nan'.*not a number"),
        ("IX=2998,XIII=5", r"item 'XIII=5': unknown MMI level"),
        ("IX=1,9=2", r"item '9=2': MMI IX given twice"),
        ("IX", r"no '='"),
        ("", r"no exposure given"),
        ("IX=,VIII=5", r"item 'IX='"),
        ("=5", r"no MMI level"),
    ],
)
def test_parse_exposure_names_the_bad_item(text, message):
    with pytest.raises(InputError, match=message):
        parse_exposure(text)
