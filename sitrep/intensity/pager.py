"""The PAGER empirical fatality model: deaths from population exposed per MMI level, an alert and its odds.

Jaiswal & Wald (2010), "An empirical model for global earthquake fatality
estimation", Earthquake Spectra 26(4), 1017-1037 (and Jaiswal, Wald & Hearne
2009, USGS Open-File Report 2009-1136): in each country the fatality rate at
shaking level ``MMI`` is ``Phi(ln(MMI / theta) / beta)``, with ``theta`` and
``beta`` fitted to that country's (or its group's) past earthquakes. The
parameters are USGS PAGER's own (``data/pager_fatality.csv``, public domain;
its header says where from). The computation follows PAGER's published
implementation (``losspager.models.emploss`` and ``losspager.utils.probs`` of
usgs/pager), so that PAGER's exposure gives PAGER's number:

- rates at the integer levels MMI 5..9; people at MMI 10 and above count at 9;
- deaths per country ``int(sum(exposure * rate))`` (truncated, as PAGER does);
- the uncertainty ``G``: the model's L2G norm, combined over countries with
  deaths as ``sqrt(sum(G**2))``, capped at 2.5;
- probabilities of PAGER's loss ranges 0-1, 1-10, ... 100,000+ from a
  lognormal of median ``estimate`` and log-standard deviation ``G``;
- the alert: green below 1 death, yellow below 100, orange below 1,000, red.

Everything this module returns is a **model estimate**, never a report of
deaths: it is calibrated on LandScan population exposure and past events, and
its odds (the probabilities) carry more meaning than its single figure.

>>> est = estimate_fatalities({9: 2998, 8: 6964, 7: 27679, 6: 61485, 5: 147452}, "CN")
>>> est.estimate, est.alert
(291, 'orange')
>>> parse_exposure("IX=2998, VIII=6,964; 7=27679")
{9: 2998.0, 8: 6964.0, 7: 27679.0}
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError
from .field import ROMAN

__all__ = [
    "CountryModel",
    "FatalityEstimate",
    "country_model",
    "fatality_rates",
    "estimate_fatalities",
    "estimate_fatalities_by_country",
    "alert_level",
    "loss_probabilities",
    "loss_range",
    "parse_exposure",
    "LOSS_BINS",
    "ALERT_THRESHOLDS",
    "DEFAULT_MODEL",
    "MODEL_NAME",
    "CITATION",
]

MODEL_NAME = "PAGER empirical fatality model (Jaiswal & Wald 2010)"
CITATION = (
    "Jaiswal, K. S., and Wald, D. J. (2010). An empirical model for global earthquake fatality estimation. "
    "Earthquake Spectra 26(4), 1017-1037; parameters and method of USGS PAGER (losspager, fatality.xml)"
)

#: PAGER's loss ranges (deaths): [low, high); the last is open above.
LOSS_BINS: tuple[tuple[float, float], ...] = (
    (0, 1), (1, 10), (10, 100), (100, 1_000), (1_000, 10_000), (10_000, 100_000), (100_000, math.inf),
)  # fmt: skip
#: Alert by estimated deaths: below 1 green, below 100 yellow, below 1,000 orange, else red (PAGER's getAlertLevel).
ALERT_THRESHOLDS: tuple[tuple[float, str], ...] = ((1, "green"), (100, "yellow"), (1_000, "orange"), (math.inf, "red"))

_G_CAP = 2.5  # PAGER caps the combined G (getCombinedG)
_EPS = 0.00001  # PAGER adds this to expected and range edges before taking logs (probs.py)
_LEVELS = np.arange(1, 11)  # PAGER's exposure levels MMI 1..10 (10 meaning 10 and above)
_MODEL_LEVELS = np.arange(5, 10)  # the levels deaths are summed over
_NORMAL = NormalDist()


@dataclass(frozen=True)
class CountryModel:
    """One country's lognormal fatality model: ``rate(MMI) = Phi(ln(MMI / theta) / beta)``.

    ``g_norm`` is the model's L2G norm (PAGER's ``gnormvalue``): the
    log-standard deviation of its misfit, which sets the loss-range odds.
    ``status`` is ``"InCountry"`` (fitted to the country's own earthquakes),
    ``"InGroup"`` (borrowed from a group of similar countries) or ``"default"``
    (no country-specific calibration: PAGER's fallback model).
    """

    code: str
    theta: float
    beta: float
    g_norm: float
    status: str

    @property
    def calibration(self) -> str:
        """In words, what the parameters were fitted to."""
        return {
            "InCountry": "calibrated on this country's past earthquakes",
            "InGroup": "parameters of a group of countries with similar building vulnerability",
        }.get(self.status, "default model, no country-specific calibration")


#: PAGER's fallback for a country it has no model for (emploss.DEFAULT_THETA, DEFAULT_BETA, DEFAULT_L2G).
DEFAULT_MODEL = CountryModel("default", 16.0, 0.15, 1.0, "default")


@lru_cache(maxsize=1)
def _table() -> dict[str, CountryModel]:
    text = resources.files("sitrep.intensity").joinpath("data/pager_fatality.csv").read_text(encoding="ascii")
    rows = csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))
    return {
        r["ccode"]: CountryModel(r["ccode"], float(r["theta"]), float(r["beta"]), float(r["gnorm"]), r["status"])
        for r in rows
    }


def _country_code(country: str | None) -> str | None:
    """Upper-case ISO 3166 alpha-2 code, or None for no country (None or blank)."""
    code = "" if country is None else str(country).strip().upper()
    if not code:
        return None
    if code == "UK":
        raise InputError(None, "'UK' is PAGER's code for an unknown country; expected an ISO 3166 alpha-2 code (the United Kingdom is GB)",
                         field="--country")  # fmt: skip
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise InputError(
            None,
            f"country {country!r} is not a country code; expected ISO 3166 alpha-2 such as CN or NP",
            field="--country",
        )
    return code


def country_model(country: str | None) -> CountryModel:
    """PAGER's model for an ISO 3166 alpha-2 code (any case); :data:`DEFAULT_MODEL` when PAGER has none.

    ``None`` (country not known) also gives the default model, as PAGER does for
    a code missing from its table.

    >>> country_model("cn").theta, country_model("cn").status
    (10.328811, 'InCountry')
    >>> country_model("ZZ").calibration
    'default model, no country-specific calibration'
    """
    code = _country_code(country)
    return _table().get(code, DEFAULT_MODEL) if code else DEFAULT_MODEL


def fatality_rates(country: str | CountryModel | None, mmi=_LEVELS) -> NDArray[np.float64]:
    """Deaths per person exposed at each MMI (default the levels 1..10): ``Phi(ln(MMI / theta) / beta)``."""
    model = country if isinstance(country, CountryModel) else country_model(country)
    x = np.log(np.asarray(mmi, dtype=np.float64) / model.theta) / model.beta
    return 0.5 * np.vectorize(math.erfc)(-x / math.sqrt(2.0))


def alert_level(deaths: float) -> str:
    """PAGER's alert colour for an estimated number of deaths (green < 1 <= yellow < 100 <= orange < 1,000 <= red).

    >>> [alert_level(n) for n in (0, 0.99, 1, 99, 100, 999, 1000)]
    ['green', 'green', 'yellow', 'yellow', 'orange', 'orange', 'red']
    """
    n = float(deaths)
    if not math.isfinite(n) or n < 0:
        raise ValueError(f"an alert needs a number of deaths >= 0, got {deaths!r}")
    return next(colour for upper, colour in ALERT_THRESHOLDS if n < upper)


def _lognormal_parameters(expected: float, g: float) -> tuple[float, float]:
    """Median and log-sd of PAGER's loss distribution, with its adjustments for small losses (probs.py)."""
    e = expected + _EPS
    if e < 1 and g > 1.7:  # PAGER narrows a very uncertain model's spread below one death
        g = 1.7613
    if e < 0.001:  # an estimate of 0: PAGER centres the distribution on half a death
        e = 0.5
    return e, g


def loss_probabilities(expected: float, g: float) -> dict[str, float]:
    """Probability of each PAGER loss range (keys ``"0-1"`` .. ``"100000+"``), as PAGER computes them.

    A lognormal of median ``expected`` (an estimate of 0 is taken as 0.5) and
    log-standard deviation ``g``; range edges are shifted by 0.00001 as in
    PAGER's ``calcEmpiricalProbFromRange``. PAGER's first range starts at
    0.00001 and its last stops at 10**12; here they are open (below 1, 100,000
    and above), so the seven values sum to 1 (the difference is below 1e-6 of
    PAGER's figures for any estimate of 1 or more).
    """
    e, g = _lognormal_parameters(float(expected), float(g))

    def below(x: float) -> float:
        if x <= 0:
            return 0.0
        return 1.0 if math.isinf(x) else _NORMAL.cdf((math.log(x + _EPS) - math.log(e)) / g)

    return {
        f"{low:g}+" if math.isinf(high) else f"{low:g}-{high:g}": below(high) - below(low) for low, high in LOSS_BINS
    }


def loss_range(expected: float, g: float, *, central: float = 0.9) -> tuple[int, int]:
    """The central ``central`` share (default 90 %: 5th to 95th percentile) of the loss distribution, in deaths.

    The same lognormal as :func:`loss_probabilities` (so an estimate of 0 gives
    0 to about 10); the low end is rounded down, the high end up.
    """
    e, g = _lognormal_parameters(float(expected), float(g))
    z = _NORMAL.inv_cdf(0.5 + central / 2)
    return int(math.floor(e * math.exp(-z * g))), int(math.ceil(e * math.exp(z * g)))


@dataclass(frozen=True)
class FatalityEstimate:
    """A PAGER-style fatality estimate: a **model estimate**, never a count of the dead.

    ``estimate`` is PAGER's figure (per-country truncated sums); ``expected``
    the untruncated sum; ``low``/``high`` the central 90 % of the lognormal of
    median ``estimate`` and log-sd ``g`` (5th and 95th percentiles);
    ``probabilities`` PAGER's odds per loss range; ``alert`` its colour.
    """

    estimate: int
    expected: float
    low: int
    high: int
    alert: str
    probabilities: dict[str, float]
    g: float
    countries: dict[str, CountryModel]
    deaths_by_country: dict[str, int]
    exposure: dict[int, float]
    notes: list[str] = field(default_factory=list)
    label: str = "model estimate"

    @property
    def country(self) -> str | None:
        """The one country's code (upper case) when there is one and it is known, else None."""
        code = next(iter(self.countries)) if len(self.countries) == 1 else None
        return None if code == "unknown" else code

    def as_dict(self) -> dict:
        """JSON-ready: ``model, country, estimate, low, high, alert`` plus the odds, G, calibration and notes."""
        return {
            "model": MODEL_NAME,
            "country": self.country,
            "estimate": self.estimate,
            "low": self.low,
            "high": self.high,
            "alert": self.alert,
            "label": self.label,
            "range": "central 90% (5th-95th percentile) of the model's lognormal uncertainty",
            "probabilities": dict(self.probabilities),
            "g": self.g,
            "expected": self.expected,
            "exposure": {str(k): v for k, v in sorted(self.exposure.items(), reverse=True)},
            "calibration": {
                c: {"theta": m.theta, "beta": m.beta, "g_norm": m.g_norm, "status": m.status, "note": m.calibration}
                for c, m in self.countries.items()
            },  # fmt: skip
            "citation": CITATION,
            "notes": list(self.notes),
        }


def _exposure_vector(exposure: Mapping[int, float], where: str) -> NDArray[np.float64]:
    """People at MMI 1..10 (index 0..9); levels above 10 join 10, levels below 1 are dropped."""
    vec = np.zeros(10)
    for level, people in exposure.items():
        k, n = int(level), float(people)
        if not math.isfinite(n) or n < 0:
            raise InputError(
                None, f"{where}: exposure at MMI {k} must be a number of people >= 0, got {people!r}", field="exposure"
            )
        if k >= 1:
            vec[min(k, 10) - 1] += n
    return vec


def estimate_fatalities_by_country(exposures: Mapping[str | None, Mapping[int, float]]) -> FatalityEstimate:
    """PAGER's estimate over several countries: ``{country: {mmi_level: people}}`` (levels 1..10, 10 = 10+).

    Deaths are truncated per country and summed; G combines the norms of the
    countries with deaths (all countries when none has any); a country PAGER
    has no model for uses its default model, and the notes say so.
    """
    if not exposures:
        raise InputError(
            None, "no exposure given; expected people per MMI level for at least one country", field="exposure"
        )
    models: dict[str, CountryModel] = {}
    deaths: dict[str, int] = {}
    expected = 0.0
    total_exposure = np.zeros(10)
    notes: list[str] = []
    for country, exposure in exposures.items():
        model = country_model(country)
        key = _country_code(country) or "unknown"
        vec = _exposure_vector(exposure, f"country {key}")
        total_exposure += vec
        expo = vec[4:9].copy()
        expo[-1] += vec[9]  # PAGER counts MMI 10+ with MMI 9
        raw = float(np.nansum(expo * fatality_rates(model, _MODEL_LEVELS)))
        models[key] = model
        deaths[key] = int(raw)
        expected += raw
        if model is DEFAULT_MODEL:
            notes.append(
                f"{key}: default model, no country-specific calibration (PAGER's theta 16.0, beta 0.15, G 1.0)"
            )
        elif model.status == "InGroup":
            notes.append(f"{key}: {model.calibration}")
    if total_exposure[9] > 0:
        notes.append("people at MMI X and above are counted at MMI IX, as PAGER does (its rates stop at IX)")
    estimate = sum(deaths.values())
    with_deaths = [models[c].g_norm for c, d in deaths.items() if d > 0] or [m.g_norm for m in models.values()]
    g = min(math.sqrt(sum(x * x for x in with_deaths)), _G_CAP)
    low, high = loss_range(estimate, g)
    exposed = float(total_exposure[4:].sum())  # nobody dies who is not exposed: the range stops at the people at MMI V+
    low, high = min(low, int(exposed)), min(high, max(int(math.ceil(exposed)), estimate))
    return FatalityEstimate(
        estimate=estimate, expected=expected, low=low, high=high, alert=alert_level(estimate),
        probabilities=loss_probabilities(estimate, g), g=g, countries=models, deaths_by_country=deaths,
        exposure={k: float(total_exposure[k - 1]) for k in range(1, 11) if total_exposure[k - 1] > 0}, notes=notes,
    )  # fmt: skip


def estimate_fatalities(exposure: Mapping[int, float], country: str | None) -> FatalityEstimate:
    """PAGER's fatality estimate for people per MMI level (``{9: 2998, 8: 6964, ...}``) in one country.

    ``country`` is an ISO 3166 alpha-2 code (``None`` or a code PAGER lacks:
    its default model, stated in the notes). Levels above 10 count as 10.
    """
    return estimate_fatalities_by_country({country: exposure})


#: More people than live on Earth at one level is a typo.
MAX_PEOPLE = 1e10
_ROMAN_LEVEL = {r: k for k, r in enumerate(ROMAN) if k >= 1}
_NUMBER = re.compile(r"[+]?(\d{1,3}(?:[,\u00a0\u202f _']\d{3})+|\d+)(\.\d+)?")
_EXPOSURE_HELP = "expected LEVEL=PEOPLE items such as IX=2998,VIII=6964 (levels I..XII or 1..12)"


def _level(text: str, item: str) -> int:
    key = re.sub(r"^mmi\s*", "", text.strip(), flags=re.IGNORECASE).upper()
    if key.isdigit() and 1 <= int(key) <= 12:
        return int(key)
    if key in _ROMAN_LEVEL:
        return _ROMAN_LEVEL[key]
    raise InputError(None, f"item {item!r}: unknown MMI level {text.strip()!r}; {_EXPOSURE_HELP}", field="--exposure")


def _people(text: str, item: str) -> float:
    value = text.strip(" \t\r\n,;")
    m = _NUMBER.fullmatch(value)
    if m is None:
        raise InputError(
            None, f"item {item!r}: {value!r} is not a number of people >= 0; {_EXPOSURE_HELP}", field="--exposure"
        )
    return float(re.sub(r"[,\u00a0\u202f _']", "", m.group(1)) + (m.group(2) or ""))


def parse_exposure(text: str) -> dict[int, float]:
    """``"IX=2998,VIII=6964,..."`` as ``{9: 2998.0, 8: 6964.0, ...}`` (people per MMI level).

    Levels are Roman (any case, ``MMI`` prefix allowed) or Arabic 1..12;
    items are separated by commas, semicolons or spaces; numbers may have
    thousands separators (``6,964``, ``6 964``). Anything else (a negative or
    non-number, an unknown or repeated level) is an :class:`InputError` naming
    the item.

    >>> parse_exposure("mmi9 = 1 000 000  8=5")
    {9: 1000000.0, 8: 5.0}
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError(None, f"no exposure given; {_EXPOSURE_HELP}", field="--exposure")
    parts = re.sub(r"mmi\s*", "", text, flags=re.IGNORECASE).split("=")
    if len(parts) < 2:
        raise InputError(None, f"item {text.strip()!r} has no '='; {_EXPOSURE_HELP}", field="--exposure")
    keys = [parts[0]]
    values = []
    for middle in parts[1:-1]:  # "2,998,VIII": the value, then the next item's level after the last separator
        m = re.fullmatch(r"(.*)[\s,;]\s*([^\s,;]+)\s*", middle, flags=re.DOTALL)
        if m is None:
            raise InputError(
                None, f"item {('=' + middle + '=')!r} has two '=' in a row; {_EXPOSURE_HELP}", field="--exposure"
            )
        values.append(m.group(1))
        keys.append(m.group(2))
    values.append(parts[-1].rstrip(" ,;\t\n"))
    out: dict[int, float] = {}
    for key, value in zip(keys, values, strict=True):
        item = f"{key.strip(' ,;')}={value.strip(' ,;')}"
        if not key.strip(" ,;"):
            raise InputError(None, f"item {item!r} has no MMI level; {_EXPOSURE_HELP}", field="--exposure")
        level = _level(key.strip(" ,;"), item)
        if level in out:
            raise InputError(
                None, f"item {item!r}: MMI {ROMAN[level]} given twice; {_EXPOSURE_HELP}", field="--exposure"
            )
        people = _people(value, item)
        if people > MAX_PEOPLE:
            raise InputError(None, f"item {item!r}: {people:,.0f} people is more than live on Earth; {_EXPOSURE_HELP}", field="--exposure")
        out[level] = people
    return out
