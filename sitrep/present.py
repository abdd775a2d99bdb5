"""Presentation helpers shared by the app and the reports: the same cells, the same tables.

Pure functions over the frames :mod:`sitrep.query` and :mod:`sitrep.timeline` return.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Collection, Mapping, Sequence
from pathlib import PurePath

import pandas as pd

from .bands import band_labels
from .records import QUALIFIERS
from .text import fold

__all__ = ["latlon_text", "number", "qualified", "band_cell", "band_grid", "latest_figure", "user_layer_name", "reserved_layer_names"]


def latlon_text(lat: float, lon: float, *, decimals: int = 4) -> str:
    """A position as people read it, hemispheres by letter: ``"18.1100S 178.1500W"``, never ``-18.11N``.

    Degrees (EPSG:4326) in; the equator counts as N and the prime meridian as E.

    >>> latlon_text(-18.11, -178.15, decimals=2), latlon_text(28.5, 87.45)
    ('18.11S 178.15W', '28.5000N 87.4500E')
    """
    def part(value: float, pos: str, neg: str) -> str:
        text = f"{abs(value):.{decimals}f}"
        # -0.00001 rounds to 0: no southern zero
        return text + (neg if value < 0 and float(text) != 0 else pos)

    return f"{part(lat, 'N', 'S')} {part(lon, 'E', 'W')}"


def number(v) -> str:
    """``1234.0`` -> ``"1,234"``; non-whole values keep two decimals; missing -> ``""``.

    Anything that is not a number (a text cell of a user's layer) is shown as its text,
    never formatted as one.

    >>> number(6900.0), number(2.5), number(None), number("about 300"), number(float("inf"))
    ('6,900', '2.50', '', 'about 300', 'inf')
    """
    if v is None or (pd.api.types.is_scalar(v) and pd.isna(v)):
        return ""
    if not isinstance(v, numbers.Real) or isinstance(v, bool):
        return str(v)
    x = float(v)
    if not math.isfinite(x):
        return str(x)
    return f"{x:,.0f}" if x.is_integer() else f"{x:,.2f}"


def qualified(value, qualifier: str | None = "", unit: str | None = "") -> str:
    """A figure as a briefer quotes it: its qualifier's words, the number, its unit.

    ``qualifier`` is a key of :data:`sitrep.records.QUALIFIERS` (``""``, missing or NaN: as stated).

    >>> qualified(1000, "more-than", "houses"), qualified(30400, "at-least", "people"), qualified(6900.0)
    ('more than 1,000 houses', 'at least 30,400 people', '6,900')
    """
    words = QUALIFIERS.get(qualifier if isinstance(qualifier, str) else "", "")
    parts = [words, number(value), unit if isinstance(unit, str) else ""]
    return " ".join(p for p in parts if p)


def user_layer_name(file_name: str, taken: Collection[str]) -> str:
    """The name a user's layer file is shown and counted under: its stem, unless that could pass for another layer.

    ``taken`` holds the scenario's layer names and titles (:func:`reserved_layer_names`) and
    the names already given to other user layers (the caller adds the result). A stem equal
    to any of them - ignoring case and spacing - gets the file's name beside it, so a file
    called ``villages.csv`` can never pass for, or replace, the scenario's villages; a second
    file with the same name gets ``#2``, ``#3``... Otherwise the layer is named after the
    file's stem, as the ``--layer`` contract says.

    >>> user_layer_name("data/shelters.csv", {"villages", "townships"})
    'shelters'
    >>> user_layer_name("data/Villages.csv", {"villages", "townships"})
    'Villages (Villages.csv)'
    >>> user_layer_name("other/villages.csv", {"villages", "villages (villages.csv)"})
    'villages (villages.csv) #2'
    """
    path = PurePath(str(file_name).replace("\\", "/"))
    used = {fold(t) for t in taken}
    if path.stem and fold(path.stem) not in used:
        return path.stem
    base = f"{path.stem} ({path.name})"
    name, n = base, 2
    while fold(name) in used:
        name, n = f"{base} #{n}", n + 1
    return name


def reserved_layer_names(spec) -> list[str]:
    """What a user's layer may not be called: the scenario's layer names and titles (English, Chinese, both)."""
    out = []
    for ls in spec.layers:
        out += [ls.name, ls.title, ls.title_zh, f"{ls.title} {ls.title_zh}"]
    return out


def band_cell(value, coverage: str) -> str:
    """A band count as shown: ``"no data"`` outside coverage (never 0), ``*`` when partial.

    >>> band_cell(27, "full"), band_cell(64, "partial"), band_cell(None, "none")
    ('27', '64*', 'no data')
    """
    if coverage == "none" or value is None or pd.isna(value):
        return "no data"
    return number(value) + ("*" if coverage == "partial" else "")


def band_grid(bands: pd.DataFrame, edges_km: Sequence[float], titles: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Band rows (from :func:`sitrep.query.band_rows`) as a grid: a row per layer, a column per band.

    Villages get a second row with their population. Row labels are ``titles[layer]``
    where given; columns are the band labels with units. No band rows (an incident with
    no exposure layer yet) give a grid with the columns and no row.
    """
    titles = titles or {}
    labels = dict(zip(band_labels(edges_km), band_labels(edges_km, unit=True)))
    rows, index = [], []
    if bands.empty or "layer" not in bands:
        return pd.DataFrame(rows, index=index, columns=list(labels.values()))
    for layer, part in bands.groupby("layer", sort=False):
        cells = dict(zip(part["band"].map(labels), (band_cell(v, c) for v, c in zip(part["count"], part["coverage"]))))
        rows.append(cells)
        index.append(titles.get(layer, layer))
        if layer == "villages" and "population" in part:
            rows.append(dict(zip(part["band"].map(labels), (band_cell(v, c) for v, c in zip(part["population"], part["coverage"])))))
            index.append("people in villages 人口")
    return pd.DataFrame(rows, index=index, columns=list(labels.values()))


def latest_figure(figures: pd.DataFrame, metric: str, scope: str | None = None):
    """The latest row of ``metric`` (in ``scope`` when given) in an as-of table, or None."""
    rows = figures[(figures["metric"] == metric) & ((figures["scope"] == scope) if scope is not None else True)]
    return None if rows.empty else rows.sort_values(["observed_at", "id"]).iloc[-1]
