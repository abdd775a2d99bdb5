"""The exposure-by-intensity table and the fatality line, as the app and the reports show them.

Pure functions over the ``assess()`` dict of :mod:`sitrep.intensity.exposure` (the shape
``sitrep intensity --format json`` prints)::

    {"source": "shakemap" | "model", "model": str,
     "levels": [{"mmi": 9, "area_km2": float, "rows": [{"layer": str, "count": int, "population": float | None}]}],
     "fatalities": {"model", "country", "estimate", "low", "high", "alert"} | None,
     # optional: "label", "inputs", "warnings", "limits", "probabilities", "meta", "citation"}

Optional keys may be missing; a model's estimate is always labelled as one and is shown
beside reported figures, never in their place.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..present import latlon_text, number
from .contours import MMI_SHAKING, mmi_color
from .field import MMIField, roman

__all__ = ["ALERT_COLORS", "input_rows", "exposure_table", "fatality_line", "fatality_estimate_text", "source_text", "field_source_text", "alert_text",
           "limits_text", "level_rows", "level_color"]

#: The four PAGER alert levels and the colours PAGER draws them in. Always shown with the word: never colour alone.
ALERT_COLORS = {"green": "#00b04f", "yellow": "#ffff00", "orange": "#ff9900", "red": "#ff0000"}


def source_text(source: str | None, model: str | None, meta: Mapping[str, object] | None = None) -> str:
    """Where the intensity comes from, in a few words: ``"USGS ShakeMap v5 (us6000pi9w)"`` or ``"Model estimate: <model>"``.

    >>> source_text("shakemap", "USGS ShakeMap us6000pi9w version 5", {"version": 5, "event_id": "us6000pi9w"})
    'USGS ShakeMap v5 (us6000pi9w)'
    >>> source_text("model", "yu2013 (Qinghai-Tibet)")
    'Model estimate: yu2013 (Qinghai-Tibet)'
    """
    meta = meta or {}
    if source == "shakemap":
        version = meta.get("version")
        scenario = " - SCENARIO, a hypothetical earthquake, not an observation" if str(meta.get("event_type", "")).upper() == "SCENARIO" else ""
        if version in (None, ""):
            return str(model or "USGS ShakeMap") + scenario
        event = meta.get("event_id")
        return f"USGS ShakeMap v{version}" + (f" ({event})" if event else "") + scenario
    return f"Model estimate: {model or 'unnamed model'}"


def input_rows(meta: Mapping[str, object] | None) -> list[tuple[str, str]]:
    """What a reader needs to know about where the MMI came from, as (name, value) rows of plain text.

    A model's field meta (``inputs``: magnitude, solution, rupture, distance, notes; title,
    citation) or a ShakeMap's (event, version, times, status). Internal keys (grid steps,
    floors, sizes) are left out.
    """
    meta = meta or {}
    rows: list[tuple[str, str]] = []
    given = meta.get("inputs")
    if not isinstance(given, Mapping) and meta.get("event_id") is None and meta.get("magnitude") is not None:
        given = meta  # the inputs themselves, flat
    if isinstance(given, Mapping):  # a model
        rows.append(("model", str(meta.get("title") or meta.get("model") or "")))
        if given.get("magnitude") is not None:
            kind = str(given.get("magnitude_type") or "M")
            rows.append(("magnitude", f"{kind} {float(given['magnitude']):g}"))  # type: ignore[arg-type]
        epi = given.get("epicentre")
        if isinstance(epi, Mapping) and epi.get("lat") is not None:
            rows.append(("solution", f"{epi.get('id')} at {latlon_text(float(epi['lat']), float(epi['lon']))} ({epi.get('source')})"))  # type: ignore[arg-type]
        rupture = given.get("rupture")
        rows.append(("source", f"rupture ({rupture.get('geometry')}, strike {rupture.get('strike_deg')}°)"  # type: ignore[union-attr]
                     if isinstance(rupture, Mapping) else "point source (the epicentre)"))  # fmt: skip
        if given.get("region"):
            rows.append(("region", str(given["region"])))
        if given.get("depth_km") is not None:
            rows.append(("depth", f"{float(given['depth_km']):g} km"))  # type: ignore[arg-type]
        if given.get("distance"):
            rows.append(("distance", str(given["distance"])))
        for note in given.get("notes") or []:  # type: ignore[union-attr]
            rows.append(("note", str(note)))
        if meta.get("citation"):
            rows.append(("citation", str(meta["citation"])))
        return rows
    if meta.get("event_id") is not None:  # a ShakeMap
        rows.append(("ShakeMap", f"USGS ShakeMap version {meta.get('version')}, {meta.get('event_type') or 'ACTUAL'}, "
                                 f"{meta.get('map_status') or 'status not given'}"))  # fmt: skip
        parts = [f"M{meta['magnitude']}" if meta.get("magnitude") is not None else "",
                 f"depth {meta['depth_km']} km" if meta.get("depth_km") is not None else "",
                 latlon_text(float(meta["lat"]), float(meta["lon"])) if meta.get("lat") is not None and meta.get("lon") is not None else "",  # type: ignore[arg-type]
                 f"origin {meta['origin_time']}" if meta.get("origin_time") else ""]  # fmt: skip
        rows.append(("event", f"{meta['event_id']}: " + ", ".join(p for p in parts if p)))
        if meta.get("description"):
            rows.append(("description", str(meta["description"])))
        rows.append(("processed", str(meta.get("process_timestamp") or "time not given")))
        if meta.get("originator"):
            rows.append(("originator", str(meta["originator"])))
    return rows


def field_source_text(field: MMIField) -> str:
    """:func:`source_text` of an :class:`MMIField`."""
    return source_text(field.source, field.model, field.meta)


def alert_text(alert: object) -> str:
    """``"orange"`` -> ``"ORANGE"``; unknown or missing -> ``""``."""
    return str(alert).strip().upper() if alert not in (None, "") else ""


def _deaths(x: object) -> str:
    """A fatality count as people read it: whole numbers, ``fewer than 1`` below a half."""
    if x is None or (isinstance(x, float) and not np.isfinite(x)):
        return "?"
    v = float(x)  # type: ignore[arg-type]
    return "fewer than 1" if v < 0.5 else number(float(round(v)))


def fatality_estimate_text(fatalities: Mapping[str, object]) -> str:
    """``"291 deaths (range 100-1,000)"`` from the ``fatalities`` part of the dict."""
    est = fatalities.get("estimate")
    noun = "death" if est is not None and float(est) < 1.5 else "deaths"  # type: ignore[arg-type]  # "fewer than 1 death"
    text = f"{_deaths(est)} {noun}"
    low, high = fatalities.get("low"), fatalities.get("high")
    if low is not None or high is not None:
        text += f" (range {_deaths(low)}-{_deaths(high)})"
    return text


def fatality_line(assessment: Mapping[str, object], reported: object = None) -> str | None:
    """The fatality line shown beside the reported deaths, or None when the dict has no estimate.

    ``reported`` is what the caller knows (a number, or a text such as ``"126 (Xinhua, 19:00)"``);
    it follows the estimate and is never replaced by it.

    >>> a = {"fatalities": {"model": "PAGER empirical", "country": "CN", "estimate": 291.2, "low": 100, "high": 1000, "alert": "orange"}}
    >>> fatality_line(a, 126)
    'Model estimate: 291 deaths (range 100-1,000), PAGER orange alert - not a report; reported: 126'
    """
    fat = assessment.get("fatalities")
    if not isinstance(fat, Mapping):
        return None
    label = str(assessment.get("label") or "model estimate")
    text = f"{label[:1].upper()}{label[1:]}: {fatality_estimate_text(fat)}"
    alert = alert_text(fat.get("alert")).lower()
    if alert:
        text += f", PAGER {alert} alert"
    text += " - not a report"
    if reported is not None and reported != "":
        text += f"; reported: {number(reported) if not isinstance(reported, str) else reported}"
    return text


def level_rows(assessment: Mapping[str, object]) -> list[Mapping[str, object]]:
    """The dict's levels, highest MMI first (levels without an ``mmi`` are skipped)."""
    levels = [lv for lv in assessment.get("levels") or [] if isinstance(lv, Mapping) and lv.get("mmi") is not None]  # type: ignore[union-attr]
    return sorted(levels, key=lambda lv: -int(lv["mmi"]))  # type: ignore[arg-type]


def exposure_table(assessment: Mapping[str, object], titles: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Exposure by MMI level as a table: a row per level (highest first), numbers as numbers.

    Columns: ``MMI`` (roman numeral), ``shaking`` (the USGS words), ``area km²``, then per
    layer (in the order the layers first appear) ``<title> count`` and, when the layer has a
    population, ``<title> population``. ``titles`` maps layer names to what people read
    (e.g. ``{"villages": "Villages 村"}``); other names are shown as they are. A level where a
    layer has no row gets 0 (the dict lists what was counted); a population the dict gives
    as None is missing (shown empty), never 0. For ``st.dataframe``; the reports format the cells.
    """
    titles = titles or {}
    levels = level_rows(assessment)
    layers: list[str] = []
    has_pop: set[str] = set()
    has_count: set[str] = set()  # a population grid's rows have no count (cells, not features): no count column
    for lv in levels:
        for r in lv.get("rows") or []:  # type: ignore[union-attr]
            name = str(r.get("layer"))
            if name not in layers:
                layers.append(name)
            if r.get("population") is not None:
                has_pop.add(name)
            if r.get("count") is not None:
                has_count.add(name)
    records = []
    for lv in levels:
        k = int(lv["mmi"])  # type: ignore[arg-type]
        area = lv.get("area_km2")
        rec: dict[str, object] = {"MMI": roman(k), "shaking": MMI_SHAKING[min(max(k, 0), 12)],
                                  "area km²": round(float(area)) if area is not None else pd.NA}  # type: ignore[arg-type]  # fmt: skip
        by_layer = {str(r.get("layer")): r for r in lv.get("rows") or []}  # type: ignore[union-attr]
        for name in layers:
            title = titles.get(name, name)
            r = by_layer.get(name, {})
            if name in has_count:
                rec[f"{title} count"] = int(r.get("count") or 0)
            if name in has_pop:
                pop = r.get("population") if r else 0
                rec[f"{title} population"] = round(float(pop)) if pop is not None else pd.NA
        records.append(rec)
    columns = ["MMI", "shaking", "area km²"]
    for name in layers:
        if name in has_count:
            columns.append(f"{titles.get(name, name)} count")
        if name in has_pop:
            columns.append(f"{titles.get(name, name)} population")
    frame = pd.DataFrame(records, columns=columns)
    for c in columns[2:]:
        frame[c] = frame[c].astype("Int64")
    return frame


def level_color(level: object) -> str:
    """The USGS colour of a row's level given as a roman numeral or an int."""
    from .field import ROMAN

    k = ROMAN.index(level) if isinstance(level, str) and level in ROMAN else int(level)  # type: ignore[arg-type]
    return mmi_color(k)


#: What every estimate of this kind leaves out, stated wherever it is shown.
_LIMITS_MODEL = ("The intensity is predicted by an equation from the magnitude and the distance to the rupture or the epicentre: "
                 "it ignores site effects (soft soil, ridges, valley fill) and the direction the rupture ran; observed intensity "
                 "can differ by a level or more (the model's sigma).")  # fmt: skip
_LIMITS_SHAKEMAP = ("A ShakeMap interpolates recorded ground motion and reports between stations with a model; where stations are few "
                    "its uncertainty is that of a model.")  # fmt: skip
_LIMITS_PAGER = ("The PAGER empirical fatality model (Jaiswal & Wald 2010) is calibrated on past earthquakes with population from "
                 "LandScan; applied to the population of a village layer it inherits that layer's coverage (a layer covering one county "
                 "under-counts an event that reaches beyond it) and the model's range spans an order of magnitude. It estimates, "
                 "it does not report.")  # fmt: skip


def limits_text(assessment: Mapping[str, object] | None, source: str | None = None) -> list[str]:
    """The limits to state with the section: the source's, PAGER's when there is an estimate, then the dict's own ``limits``."""
    assessment = assessment or {}
    source = source or assessment.get("source")  # type: ignore[assignment]
    out = [_LIMITS_MODEL if source == "model" else _LIMITS_SHAKEMAP]
    if isinstance(assessment.get("fatalities"), Mapping):
        out.append(_LIMITS_PAGER)
    own = assessment.get("limits")
    own_list = [own.strip()] if isinstance(own, str) and own.strip() else [str(x) for x in own or [] if str(x).strip()] if isinstance(own, (list, tuple)) else []
    if len(out) > 1 and any("LandScan" in x for x in own_list):  # the dict states the fatality model's limits itself: not twice
        out.pop()
    return out + [x for x in own_list if x not in out]
