"""Render a :class:`~sitrep.snapshot.Snapshot` as HTML, PDF, Markdown or a zip bundle.

* ``html`` - one self-contained file: Leaflet, the map's data and the charts inlined; no
  request to any other host. User text is escaped by Jinja's autoescaping in the page
  and by :mod:`sitrep.maps.mapview` in the map (never compiled as a template).
* ``pdf`` - A4 from the same template with a static map (WeasyPrint; CJK through the
  system's Noto CJK fonts); tables repeat their header and break between rows.
  WeasyPrint fetches nothing but ``data:`` URLs, so no text can make it reach a network.
* ``md`` - Markdown with the map and timeline as PNG files beside it; user text is
  escaped by :func:`md_escape` (no link, image, HTML, emphasis, math or table cell break).
* ``bundle`` - a zip: report.html, report.pdf, layers.gpkg (every layer with
  ``distance_km`` and ``band``), CSV tables with HXL hashtags on the second row, PNGs
  and manifest.json.

Every file is written atomically (temporary file, then rename).
"""

from __future__ import annotations

import base64
import html as html_lib
import io
import json
import re
import shlex
import tempfile
import unicodedata
import zipfile
from collections.abc import Collection, Mapping
from pathlib import Path

import jinja2
import pandas as pd

from ..errors import InputError, SitrepError
from ..intensity.field import MMIField
from ..intensity.tables import (
    ALERT_COLORS, alert_text, exposure_table, input_rows, fatality_estimate_text, field_source_text, level_color, limits_text, source_text,
)  # fmt: skip
from ..output import to_safe_csv, write_atomic
from ..records import NOTE_SECTIONS
from ..present import band_grid, latest_figure, latlon_text, number, qualified
from ..snapshot import METRIC_GROUPS, NOTE_COLUMNS, Snapshot
from ..text import defeat_autolinks
from ..cards import age_text
from ..clock import zone_label
from .figures import map_png, timeline_png

__all__ = ["FORMATS", "NOTE_TITLES", "format_for", "render_html", "render_pdf", "render_markdown", "render_bundle", "write_report",
           "md_escape", "hxl_csv", "measured_from_text", "intensity_section", "metric_label"]

FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md", ".zip": "bundle"}
_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("sitrep.report", "templates"), autoescape=jinja2.select_autoescape(["html", "j2"])
)
_LABELS = {"deaths": "Deaths 死亡", "injured": "Injured 受伤", "missing": "Missing 失踪", "relocated": "Relocated 转移安置"}
_SECTIONS = {
    "villages": ("Villages in the inner bands 受影响村庄", {"name": "village", "name_zh": "名称", "township": "township",
                                                          "population": "population", "distance_km": "km", "band": "band",
                                                          "provenance": "provenance"}),
    "townships": ("Township seats in the inner bands 乡镇驻地", {"name": "seat", "name_zh": "名称", "distance_km": "km", "band": "band",
                                                              "provenance": "provenance"}),
    "reservoirs": ("Reservoirs 水库", {"name": "reservoir", "name_zh": "名称", "scale": "scale", "distance_km": "km", "band": "band",
                                       "provenance": "provenance"}),
    "hydropower": ("Hydropower stations 水电站", {"name": "station", "name_zh": "名称", "scale": "scale", "distance_km": "km",
                                               "band": "band", "provenance": "provenance"}),
}  # fmt: skip


def format_for(out: str | Path, fmt: str | None) -> str:
    """The format asked for, else the one ``out``'s extension implies, else html."""
    if fmt:
        return fmt
    return FORMATS.get(Path(out).suffix.lower(), "html")


# --- the pieces every format shares ---------------------------------------------------------------

#: Headings of the timeline notes' sections, in the order a report shows them.
NOTE_TITLES: dict[str, str] = NOTE_SECTIONS
_METRIC_LABELS = {**_LABELS, "houses_collapsed": "Houses collapsed 倒塌房屋", "stations_out": "Base stations out 退服基站",
                  "stations_restored": "Base stations restored 恢复基站"}  # fmt: skip
#: Layer kinds the infrastructure section counts by band (dams, reservoirs, hydropower).
WATER_KINDS = ("reservoirs", "hydropower")


def metric_label(metric: str) -> str:
    """How a report names a metric: its label (with Chinese) when known, else its words.

    >>> metric_label("deaths"), metric_label("houses_damaged")
    ('Deaths 死亡', 'Houses damaged')
    """
    if metric in _METRIC_LABELS:
        return _METRIC_LABELS[metric]
    words = str(metric).replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _text(v: object) -> str:
    return "" if v is None or (pd.api.types.is_scalar(v) and pd.isna(v)) else str(v)


def _age(snap: Snapshot, ts: pd.Timestamp) -> str:
    """A figure's age at the snapshot's time, as the app's cards say it: "10 h 55 min old"."""
    return f"{age_text(snap.as_of - ts)} old"


def _figure_row(snap: Snapshot, r) -> dict:
    superseded = ""
    if _text(getattr(r, "superseded_by", "")) == "station events":
        key = "out" if r.metric == "stations_out" else "restored"
        changed = snap.local(snap.stations_changed_at)[11:16] if snap.stations_changed_at is not None else ""
        superseded = f"since superseded by station events: {snap.stations[key]} {key} at {changed}"
    return {"metric": r.metric, "label": metric_label(r.metric), "scope": _text(r.scope),
            "value": qualified(r.value, _text(getattr(r, "qualifier", "")), _text(r.unit)), "observed": snap.local(r.observed_at),
            "observed_short": snap.local(r.observed_at)[:16],
            "age": _age(snap, r.observed_at), "source": _text(r.source), "url": _text(getattr(r, "source_url", "")),
            "conflict": bool(r.conflict), "superseded": superseded}  # fmt: skip


def _figures(snap: Snapshot) -> list[dict]:
    """Every figure known at T, in group order (people, housing, infrastructure, other)."""
    return [dict(_figure_row(snap, r), group=r.group) for r in snap.key_figures.itertuples()]


def _groups(figures: list[dict], *, exclude: tuple[str, ...] = ()) -> list[dict]:
    """The figures as titled groups (:data:`sitrep.snapshot.METRIC_GROUPS`), empty groups left out."""
    return [{"key": key, "title": title, "rows": [f for f in figures if f["group"] == key]}
            for key, title in METRIC_GROUPS.items() if key not in exclude and any(f["group"] == key for f in figures)]  # fmt: skip


def _no_bands(incident: str) -> str:
    """The sentence a report shows instead of the band table when the incident has no exposure layer yet."""
    return (f"Nothing to count yet: this incident has no exposure layer (villages, base stations, ...). "
            f"Add one with: sitrep incident add {shlex.quote(incident)} FILE --kind villages")  # fmt: skip


def _band_rows(snap: Snapshot, titles: dict[str, str], layers: Collection[str] | None = None, *, exclude: Collection[str] = ()) -> list[dict]:
    """The band grid's rows (of ``layers`` when given, without ``exclude``)."""
    bands = snap.bands
    if "layer" in bands:
        keep = ~bands["layer"].isin(list(exclude))
        if layers is not None:
            keep &= bands["layer"].isin(list(layers))
        bands = bands[keep]
    grid = band_grid(bands, snap.edges_km, titles)
    return [{"title": title, "cells": list(cells)} for title, cells in zip(grid.index, grid.itertuples(index=False))]


def _changes(snap: Snapshot) -> list[dict] | None:
    if snap.changes is None:
        return None
    out = []
    for r in snap.changes.itertuples():
        before = qualified(r.value_t0, _text(r.qualifier_t0), _text(r.unit_t0)) if r.kind != "new" else "—"
        after = qualified(r.value_t1, _text(r.qualifier_t1), _text(r.unit_t1))
        change = {"new": "new", "unit changed": f"unit changed: {before} -> {after}"}.get(
            r.kind, "qualified: no exact difference" if pd.isna(r.change) else f"{r.change:+,.0f}")
        out.append({"metric": r.metric, "label": metric_label(r.metric), "scope": _text(r.scope), "before": before, "after": after,
                    "change": change, "source": _text(r.source_t1)})  # fmt: skip
    return out


def _station_change(snap: Snapshot) -> str:
    """The station counts at --since and at T, in words ("" without --since)."""
    if snap.stations_since is None:
        return ""
    a, b = snap.stations_since, snap.stations
    return (f"Base stations (from station events): out {a['out']} -> {b['out']} ({b['out'] - a['out']:+d}), "
            f"restored {a['restored']} -> {b['restored']} ({b['restored'] - a['restored']:+d}).")  # fmt: skip


def _notes(snap: Snapshot) -> dict[str, list[dict]]:
    """The notes known at T by section (every section of :data:`NOTE_TITLES`, oldest first): text, source, URL, local time."""
    out: dict[str, list[dict]] = {key: [] for key in NOTE_TITLES}
    for r in snap.notes.itertuples():
        out.setdefault(_text(r.section), []).append({
            "text": _text(r.text), "source": _text(getattr(r, "source", "")), "url": _text(getattr(r, "source_url", "")),
            "observed": snap.local(r.observed_at),
            "reported": snap.local(r.reported_at) if "reported_at" in snap.notes and pd.notna(getattr(r, "reported_at", None)) else "",
        })  # fmt: skip
    return out


def _history(snap: Snapshot) -> list[dict]:
    """Every figure observed by T, oldest first (the annex), corrected ones marked."""
    h = snap.history
    return [{"observed": snap.local(r.observed_at), "label": metric_label(r.metric), "scope": _text(r.scope),
             "value": qualified(r.value, _text(getattr(r, "qualifier", "")), _text(r.unit)), "source": _text(r.source),
             "corrected": bool(getattr(r, "corrected", False))} for r in h.itertuples()]  # fmt: skip


def _solutions(snap: Snapshot) -> list[dict]:
    """The header's earthquake table: each solution's agency, magnitude, origin (UTC and local), depth, position."""
    out = []
    for s in snap.solutions:
        origin = s["origin_time"]
        out.append({
            "agency": s["agency"], "id": s["id"],
            "magnitude": f"{s['magnitude_type']} {s['magnitude']:.1f}".strip() if s["magnitude"] is not None else "not given",
            "origin_utc": f"{origin.tz_convert('UTC'):%Y-%m-%d %H:%M:%S} UTC" if origin is not None else "not given",
            "origin_local": snap.local(origin) if origin is not None else "",
            "depth": f"{number(round(s['depth_km'], 1))} km" if s["depth_km"] is not None else "not given",
            "position": latlon_text(s["lat"], s["lon"]), "source": s["source"], "measured_from": s["measured_from"],
        })  # fmt: skip
    return out


def _headline(snap: Snapshot, figures: list[dict], solutions: list[dict]) -> dict:
    """The lead: the earthquake in one line, then the current figures for the incident's area (people and housing)."""
    quake = " · ".join(f"{s['magnitude']} ({s['agency']})" for s in solutions if s["magnitude"] != "not given")
    first = min((s["origin_time"] for s in snap.solutions if s["origin_time"] is not None), default=None)
    when = f"origin {snap.local(first)} ({first.tz_convert('UTC'):%H:%M} UTC)" if first is not None else ""
    lead = [f for f in figures if f["group"] in ("people", "housing") and f["scope"] == snap.scope and not f["superseded"]]
    parts = []
    for metric in dict.fromkeys(f["metric"] for f in lead):
        rows = [f for f in lead if f["metric"] == metric]
        if len(rows) == 1:
            parts.append(f"{rows[0]['label']}: {rows[0]['value']}")
        else:  # sources disagree: both values, both sources
            parts.append(f"{rows[0]['label']}: " + " / ".join(f"{r['value']} ({r['source']})" for r in rows) + " - sources disagree")
    return {"quake": quake, "when": when, "reported": parts, "scope": snap.scope}


def _sources(snap: Snapshot, figures: list[dict], notes: dict[str, list[dict]], solutions_src: list[dict], intensity: dict | None) -> list[dict]:
    """Every distinct source the report cites (figures, changes, notes, solutions, shaking), first citation first, with its URL."""
    seen: dict[str, dict] = {}

    def add(source: str, url: str, what: str) -> None:
        source = source.strip()
        if not source:
            return
        entry = seen.setdefault(source, {"source": source, "url": "", "cited_for": []})
        if url and not entry["url"]:
            entry["url"] = url
        if what and what not in entry["cited_for"]:
            entry["cited_for"].append(what)

    for s in snap.solutions:
        add(s["source"], s["url"], "epicentre solution")
    for f in figures:
        add(f["source"], f["url"], "figures")
    if snap.changes is not None:
        for r in snap.changes.itertuples():
            add(_text(r.source_t0), "", "figures")
            add(_text(r.source_t1), "", "figures")
    for section, rows in notes.items():
        for n in rows:
            add(n["source"], n["url"], NOTE_TITLES.get(section, section).lower())
    if "source" in snap.events.columns:
        for source in snap.events["source"].dropna().astype(str).unique():
            add(source, "", "station events")
    if intensity is not None:
        add(intensity["source"], "", "shaking estimate")
    return [dict(e, cited_for=", ".join(e["cited_for"])) for e in seen.values()]


def _data_notice(snap: Snapshot, spec) -> list[dict]:
    """Per layer: how many features, of which provenance (``synthetic`` / ``approximate`` / ``reported``...), and the layer's note."""
    out = []
    for ls in spec.layers:
        frame = snap.features.get(ls.name)
        if frame is None:
            continue
        counts = frame["provenance"].fillna("not stated").value_counts() if "provenance" in frame else pd.Series(dtype=int)
        out.append({"title": f"{ls.title} {ls.title_zh}".strip(), "count": number(len(frame)),
                    "provenance": ", ".join(f"{number(n)} {k}" for k, n in counts.items()) or "not stated",
                    "illustrative": bool(set(counts.index) & {"synthetic", "illustrative"}), "note": ls.provenance_note})  # fmt: skip
    for name, frame in snap.features.items():
        if name not in {ls.name for ls in spec.layers}:
            out.append({"title": name, "count": number(len(frame)), "provenance": "uploaded by the user", "illustrative": False, "note": ""})
    return out


def _infrastructure(snap: Snapshot, spec, figures: list[dict], titles: dict[str, str]) -> dict:
    """Telecoms (station events and published counts) and water (dams, reservoirs, hydropower) by band."""
    water = [ls.name for ls in spec.layers if ls.kind in WATER_KINDS and ls.name in snap.features]
    n_stations = sum(len(snap.features[ls.name]) for ls in spec.layers if ls.kind == "base_stations" and ls.name in snap.features)
    return {"stations_total": number(n_stations) if n_stations else "",
            "changed": snap.local(snap.stations_changed_at) if snap.stations_changed_at is not None else "",
            "rows": [f for f in figures if f["group"] == "infrastructure"], "water": _band_rows(snap, titles, water)}


def _affected_summary(snap: Snapshot) -> list[str]:
    """One sentence per named place layer (villages, township seats): how many in the inner bands, and the nearest names."""
    out = []
    words = {"villages": "villages", "townships": "township seats"}
    limit = snap.edges_km[min(2, len(snap.edges_km) - 1)]
    for name, frame in snap.affected.items():
        if name not in words:
            continue
        people = pd.to_numeric(frame["population"], errors="coerce") if "population" in frame else pd.Series(dtype=float)
        pop = f" ({number(people.sum())} people)" if people.notna().all() and len(people) else ""  # a text cell: no sum claimed
        names = ", ".join(_text(n) for n in frame["name"].head(8)) if "name" in frame else ""
        more = ", ..." if len(frame) > 8 else ""
        out.append(f"{number(len(frame))} {words[name]}{pop} within {limit:g} km" + (f"; nearest: {names}{more}" if names else ""))
    return out


def _affected(snap: Snapshot) -> list[dict]:
    out = []
    for name, (title, columns) in _SECTIONS.items():
        if name not in snap.affected:
            continue
        frame = snap.affected[name]
        cols = [c for c in columns if c in frame.columns]
        rows = [[number(v) if c in ("population",) else (f"{v:.2f}" if c == "distance_km" else ("" if pd.isna(v) else str(v)))
                 for c, v in zip(cols, rec)] for rec in frame[cols].itertuples(index=False)]  # fmt: skip
        out.append({"title": title, "columns": [columns[c] for c in cols], "rows": rows,
                    "numeric": {i for i, c in enumerate(cols) if c in ("population", "distance_km")}})  # fmt: skip
    return out


def _map_html(snap: Snapshot, spec, layers, field: MMIField | None = None) -> str:
    from ..maps.mapview import LayerControl, base_map, intensity_layer, points_layer, rings_layer, status_layer

    m = base_map(spec, layers, inline=True)
    if field is not None:  # first: beneath everything (it also sends itself to the back)
        intensity_layer(field).add_to(m)
    if "base_stations" in layers:
        status = snap.station_status.reindex(layers["base_stations"]["id"]).fillna("ok")
        status_layer(layers["base_stations"], status, snap.as_of, tz=snap.tz).add_to(m)
    rings_layer(snap.solution, snap.edges_km).add_to(m)
    for name, frame in snap.features.items():
        if name not in layers:
            points_layer(name, frame.drop(columns=["distance_km", "band"])).add_to(m)
    LayerControl(collapsed=True).add_to(m)
    return m.get_root().render()


def measured_from_text(snap: Snapshot) -> str:
    """One sentence naming the event or point the distances are measured from, when it is not one of
    the incident's own epicentre solutions (``""`` when it is). Plain text: escape it where it goes."""
    mf = snap.measured_from or {}
    if mf.get("kind") in (None, "incident solution"):
        return ""
    where = latlon_text(mf["lat"], mf["lon"])
    if mf["kind"] == "point":
        return f"Distances are measured from the point {where}, given instead of the incident's epicentre solutions."
    facts = [f"{mf['magnitude_type']} {mf['magnitude']:.1f}".strip() if mf.get("magnitude") is not None else "", mf.get("place") or ""]
    if mf.get("origin_time"):
        origin = pd.Timestamp(mf["origin_time"])
        facts.append(f"origin {snap.local(origin)} ({origin.tz_convert('UTC'):%Y-%m-%d %H:%M:%S} UTC)")
    facts.append(where)
    return (f"Distances are measured from event {mf['id']} ({'; '.join(f for f in facts if f)}), given instead of the "
            f"incident's epicentre solutions; source: {mf.get('source') or 'not given'}.")  # fmt: skip


# --- estimated shaking and impact (issue 11) -------------------------------------------------------------

def _inputs(field: MMIField | None, impact: Mapping) -> list[tuple[str, str]]:
    """(name, value) rows: where the MMI came from (:func:`sitrep.intensity.tables.input_rows`), then the fatality model."""
    meta = impact.get("inputs")
    if not (isinstance(meta, Mapping) and meta) and field is not None:
        meta = field.meta
    rows = input_rows(meta if isinstance(meta, Mapping) else None)
    if not rows:
        rows = [("model", str(impact.get("model") or (field.model if field is not None else "")))]
    fat = impact.get("fatalities")
    if isinstance(fat, Mapping):
        rows.append(("country", str(fat.get("country") or "not given")))
        if fat.get("model"):
            rows.append(("fatality model", str(fat["model"])))
    return rows


def _probabilities(impact: Mapping) -> list[dict]:
    out = []
    for p in impact.get("probabilities") or []:
        if not isinstance(p, Mapping) or p.get("probability") is None:
            continue
        lo, hi = p.get("min"), p.get("max")
        span = f"{number(lo)}+" if hi is None else f"{number(lo)}-{number(hi)}"
        out.append({"range": span, "probability": f"{100 * float(p['probability']):.0f}%", "color": _css_color(p.get("color"))})
    return out


def _css_color(value: object) -> str:
    """A colour safe in a style attribute: ``#rgb`` / ``#rrggbb`` or a PAGER alert word, else grey."""
    text = str(value or "").strip().lower()
    if re.fullmatch(r"#[0-9a-f]{3}|#[0-9a-f]{6}", text):
        return text
    return ALERT_COLORS.get(text, "#cccccc")


def _reported_deaths(snap: Snapshot) -> str:
    row = latest_figure(snap.key_figures, "deaths", snap.scope)
    if row is None:
        return ""
    return f"{qualified(row['value'], _text(row.get('qualifier')), _text(row['unit']))} · {row['scope']} · {snap.local(row['observed_at'])} · {row['source']}"


def intensity_section(snap: Snapshot, field: MMIField | None, impact: Mapping | None, titles: Mapping[str, str] | None = None) -> dict | None:
    """What the report's "Estimated shaking and impact" section shows (plain text; escape it where it goes), or None.

    ``field`` is the intensity (a ShakeMap's or a model's), ``impact`` the ``assess()`` dict
    (see :mod:`sitrep.intensity.tables`); either may be missing, both missing gives None (no
    section). The fatality estimate is labelled a model estimate and put beside the
    deaths the snapshot has as reported, never in their place.
    """
    if field is None and impact is None:
        return None
    if impact is None:  # the shaking alone: its levels and areas
        impact = {"source": field.source, "model": field.model,  # type: ignore[union-attr]
                  "levels": [{"mmi": k, "area_km2": a, "rows": []} for k, a in field.level_areas_km2().items()]}  # type: ignore[union-attr]  # fmt: skip
    source = str(impact.get("source") or (field.source if field is not None else ""))
    table = exposure_table(impact, titles)
    rows = [{"level": r["MMI"], "color": level_color(r["MMI"]), "cells": [number(v) if not pd.isna(v) else "" for v in list(r)[1:]]}
            for _, r in table.iterrows()]  # fmt: skip
    fat = impact.get("fatalities") if isinstance(impact.get("fatalities"), Mapping) else None
    alert = alert_text(fat.get("alert")) if fat else ""
    warnings = [str(w) for w in (impact.get("warnings") or []) if str(w).strip()]
    if field is not None:
        warnings += [str(w) for w in (field.meta.get("warnings") or []) if str(w).strip() and str(w) not in warnings]  # type: ignore[union-attr]
    label = str(impact.get("label") or "model estimate")
    return {
        "source": field_source_text(field) if field is not None else source_text(source, str(impact.get("model") or ""), impact.get("meta")),  # type: ignore[arg-type]
        "is_model": source == "model", "label": label,
        "alert": {"word": alert, "color": ALERT_COLORS.get(alert.lower(), "#cccccc"),
                  "ink": "#ffffff" if alert.lower() in ("green", "red") else "#000000"} if alert else None,  # fmt: skip
        "estimate": fatality_estimate_text(fat) if fat else "",
        "reported": _reported_deaths(snap),
        "probabilities": _probabilities(impact) if fat else [],
        "columns": list(table.columns[1:]), "rows": rows,
        "inputs": _inputs(field, impact), "limits": limits_text(impact, source), "warnings": warnings,
    }  # fmt: skip


def _context(snap: Snapshot, spec, layers, *, interactive: bool, field: MMIField | None = None, impact: Mapping | None = None,
             pictures: Mapping[str, bytes] | None = None) -> dict:  # fmt: skip
    pictures = pictures or {}
    titles = {ls.name: f"{ls.title} {ls.title_zh}".strip() for ls in spec.layers}
    figures = _figures(snap)
    notes = _notes(snap)
    solutions = _solutions(snap)
    intensity = intensity_section(snap, field, impact, titles)
    return {
        "s": snap, "m": snap.manifest, "generated_local": snap.local(snap.generated_at),
        "position": latlon_text(snap.solution.lat, snap.solution.lon),
        "since_local": snap.local(snap.since) if snap.since is not None else "",
        "zone": zone_label(snap.tz, snap.as_of), "measured_from": measured_from_text(snap),
        "solutions": solutions, "headline": _headline(snap, figures, solutions), "notes": notes, "note_titles": NOTE_TITLES,
        "figures": figures, "groups": _groups(figures, exclude=("infrastructure",)),
        "infrastructure": _infrastructure(snap, spec, figures, titles),
        "changes": _changes(snap), "station_change": _station_change(snap),
        "bands": _band_rows(snap, titles, exclude=[ls.name for ls in spec.layers if ls.kind in WATER_KINDS]), "no_bands": _no_bands(spec.name), "affected": _affected(snap),
        "affected_summary": _affected_summary(snap), "history": _history(snap),
        "intensity": intensity, "sources": _sources(snap, figures, notes, solutions, intensity), "data_notice": _data_notice(snap, spec),
        "map_srcdoc": _map_html(snap, spec, layers, field) if interactive else None,
        "map_png": None if interactive else base64.b64encode(pictures.get("map.png") or map_png(snap, field=field)).decode(),
        "timeline_png": base64.b64encode(pictures.get("timeline.png") or timeline_png(snap)).decode(),
    }  # fmt: skip


# --- formats ---------------------------------------------------------------------------------------


def render_html(snap: Snapshot, spec, layers, *, interactive: bool = True, field: MMIField | None = None,
                impact: Mapping | None = None, pictures: Mapping[str, bytes] | None = None) -> str:  # fmt: skip
    """One self-contained HTML document (interactive Leaflet map, or a static one for print).

    ``field`` (an :class:`MMIField`) and ``impact`` (the ``assess()`` dict) add the section
    "Estimated shaking and impact" and the MMI contours on the map; without them there is
    no such section. ``pictures`` ({"map.png": ..., "timeline.png": ...}, PNG bytes of
    :func:`map_png` and :func:`timeline_png` for this snapshot and field) are drawn here if absent.
    """
    context = _context(snap, spec, layers, interactive=interactive, field=field, impact=impact, pictures=pictures)
    return _ENV.get_template("report.html.j2").render(**context)


def render_pdf(snap: Snapshot, spec, layers, *, field: MMIField | None = None, impact: Mapping | None = None,
               pictures: Mapping[str, bytes] | None = None) -> bytes:  # fmt: skip
    """An A4 PDF of the report with a static map (``field`` / ``impact`` / ``pictures`` as :func:`render_html`)."""
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except OSError as exc:  # Pango missing
        raise SitrepError(f"PDF export needs the Pango library (Debian: libpango-1.0-0); `make setup` installs it: {exc}") from None
    # The page's pictures are data: URLs; anything else (http, file, ftp) is refused, whatever the text holds.
    fetcher = URLFetcher(allowed_protocols={"data"})
    page = render_html(snap, spec, layers, interactive=False, field=field, impact=impact, pictures=pictures)
    return HTML(string=page, url_fetcher=fetcher).write_pdf()


def md_escape(text: object) -> str:
    """Text safe inside Markdown (tables included): HTML escaped, Markdown specials backslashed.

    No link, image, raw HTML, emphasis, code, heading, math or table-cell break can come
    out of user text; line breaks become spaces. Bare URLs, ``www.`` names and e-mail
    addresses, which GFM renderers autolink after escapes are resolved, get an invisible
    word joiner (:func:`sitrep.text.defeat_autolinks`, the rule the app's ``plain`` uses).

    >>> md_escape("![p](http://198.51.100.7/p.png) <img src=x> $x$ a|b").replace("\\u2060", "^")
    '\\\\!\\\\[p\\\\](http:^//198.51.100.7/p.png) &lt;img src=x&gt; \\\\$x\\\\$ a\\\\|b'
    """
    s = html_lib.escape(defeat_autolinks("" if text is None else str(text)), quote=False)
    for ch in "\\`*_[]|#!~$":
        s = s.replace(ch, "\\" + ch)
    return s.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def render_markdown(snap: Snapshot, spec, layers, *, map_file: str, timeline_file: str, field: MMIField | None = None,
                    impact: Mapping | None = None) -> str:  # fmt: skip
    """Markdown with the same content and order as the HTML; the map and timeline are PNG files named here."""
    c = _context(snap, spec, layers, interactive=False, field=field, impact=impact,
                 pictures={"map.png": b"-", "timeline.png": b"-"})  # the pictures are files beside it: not drawn twice  # fmt: skip
    e = md_escape
    lines = [f"# {e(snap.title)}", "", e(snap.title_zh), "",
             f"**Situation report · Snapshot as of {snap.as_of_local}** ({snap.as_of_utc}). \"As of\" means observed by this time: "
             f"each figure and note is the situation its source described at or before {snap.as_of_local}; nothing observed later "
             f"is included. Generated {c['generated_local']} by sitrep {snap.manifest['sitrep_version']}.", ""]  # fmt: skip
    if c["solutions"]:
        lines += [f"| agency | magnitude | origin (UTC) | origin ({c['zone']}) | depth | epicentre |", "|---|---|---|---|---|---|"]
        lines += [f"| {e(q['agency'])}{' · **bands measured from here**' if q['measured_from'] else ''} | {e(q['magnitude'])} | {q['origin_utc']} | "
                  f"{q['origin_local']} | {q['depth']} | {q['position']} |" for q in c["solutions"]]  # fmt: skip
        lines += [""]
    lines += [f"Distances from **{e(snap.solution.id.upper())}** {latlon_text(snap.solution.lat, snap.solution.lon)} "
              f"({e(snap.solution.source)}) · bands {', '.join(snap.band_labels)}, geodesic on WGS84.", ""]  # fmt: skip
    if c["measured_from"]:
        lines += [f"**{e(c['measured_from'])}**", ""]
    if snap.notice:
        lines += [f"> ⚠ **Illustrative data.** {e(snap.notice)}", ""]
    h, ix = c["headline"], c["intensity"]
    lines += ["## Headline", ""]
    if h["quake"]:
        lines += [f"**Earthquake {e(h['quake'])}**" + (f" · {h['when']}" if h["when"] else ""), ""]
    if ix and ix["alert"]:
        lines += [f"**PAGER alert: {ix['alert']['word']}** estimated fatalities ({e(ix['label'])}, not a report)"
                  + (f": {e(ix['estimate'])}" if ix["estimate"] else ""), ""]  # fmt: skip
    area = e(h["scope"] or "the incident's area")
    lines += [f"Reported for {area}: {e(' · '.join(h['reported']))}." if h["reported"] else
              f"No casualty or housing figure had been reported for {area} by this time.", "",
              f"Base stations (from station events): {snap.stations['out']} out, {snap.stations['restored']} restored.", "",
              "### Highlights", "", *_md_notes(c["notes"]["highlight"])]  # fmt: skip
    lines += [f"## Key figures as of {snap.as_of_local}", ""]
    lines += _md_figures(c["groups"], c["zone"]) if c["groups"] else ["No figure had been reported by this time.", ""]
    if any(r["conflict"] for g in c["groups"] for r in g["rows"]):
        lines += [_CONFLICT_NOTE, ""]
    lines += _intensity_markdown(ix)
    lines += ["", f"## Affected places · distance bands from {e(snap.solution.id.upper())}", ""]
    if c["bands"]:
        lines += ["| layer | " + " | ".join(snap.band_labels) + " |", "|---|" + "---:|" * len(snap.band_labels)]
        lines += [f"| {e(r['title'])} | " + " | ".join(e(x) for x in r["cells"]) + " |" for r in c["bands"]]
        lines += ["", "\\* beyond the layer's coverage, a lower bound · no data: outside coverage, not zero", ""]
    else:  # a sentence, not an empty table
        lines += [e(c["no_bands"]), ""]
    lines += [f"- {e(x)}" for x in c["affected_summary"]] + [""]
    infra = c["infrastructure"]
    lines += ["## Infrastructure", "", "### Telecoms", "",
              f"Base stations, from station events: **{snap.stations['out']} out of service**, **{snap.stations['restored']} restored**"
              + (f" of {infra['stations_total']} in the layer" if infra["stations_total"] else "")
              + (f" (last change {infra['changed']})" if infra["changed"] else "") + ".", ""]  # fmt: skip
    if infra["rows"]:
        lines += _md_figures([{"title": "", "rows": infra["rows"]}], c["zone"])
        lines += [_CONFLICT_NOTE, ""] if any(r["conflict"] for r in infra["rows"]) else []
    if infra["water"]:
        lines += ["### Dams, reservoirs and hydropower", "", "| layer | " + " | ".join(snap.band_labels) + " |",
                  "|---|" + "---:|" * len(snap.band_labels)]  # fmt: skip
        lines += [f"| {e(r['title'])} | " + " | ".join(e(x) for x in r["cells"]) + " |" for r in infra["water"]] + [""]
    for key in ("response", "needs", "gaps"):
        lines += [f"## {c['note_titles'][key]}", "", *_md_notes(c["notes"][key])]
    if c["changes"] is not None:
        lines += [f"## What changed since {c['since_local']}", "", "| figure | scope | before | after | change | source |", "|---|---|---:|---:|---|---|"]
        lines += [f"| {e(r['label'])} | {e(r['scope'])} | {e(r['before'])} | {e(r['after'])} | {e(r['change'])} | {e(r['source'])} |" for r in c["changes"]]
        lines += (["", e(c["station_change"])] if c["station_change"] else []) + [""]
    for key in ("next_update", "contacts"):
        lines += [f"## {c['note_titles'][key]}", "", *_md_notes(c["notes"][key])]
    lines += ["## Data notice", ""]
    if snap.notice:
        lines += [f"**Illustrative data.** {e(snap.notice)}", ""]
    lines += [f"- {e(d['title'])}: {d['count']} features, {e(d['provenance'])}" for d in c["data_notice"]]
    lines += ["", "## Sources", ""]
    lines += [f"{i}. {e(s['source'])}" + (f" · {e(s['url'])}" if s["url"] else "") + f" ({e(s['cited_for'])})" for i, s in enumerate(c["sources"], 1)]
    lines += ["", "## Map", "", f"![map]({map_file})", "", "## Timeline", "", f"![timeline]({timeline_file})", ""]  # fmt: skip
    for sec in c["affected"]:
        lines += [f"## {e(sec['title'])}", "", "| " + " | ".join(e(x) for x in sec["columns"]) + " |", "|" + "---|" * len(sec["columns"])]
        lines += ["| " + " | ".join(e(v) for v in row) + " |" for row in sec["rows"]] or ["| (none) |"]
        lines += [""]
    lines += [f"## History: every figure observed by {snap.as_of_local}", "", f"| observed ({c['zone']}) | figure | scope | value | source | |",
              "|---|---|---|---:|---|---|"]  # fmt: skip
    lines += [f"| {r['observed']} | {e(r['label'])} | {e(r['scope'])} | {e(r['value'])} | {e(r['source'])} | {'corrected later' if r['corrected'] else ''} |"
              for r in c["history"]] + [""]  # fmt: skip
    lines += ["## Manifest", "", "```json", json.dumps(snap.manifest, ensure_ascii=False, indent=2).replace("```", "` ` `"), "```", ""]
    return "\n".join(lines)


_CONFLICT_NOTE = ("Conflicting reports: where sources disagree on the same figure within 90 minutes, each value is listed with its "
                  "source; none is averaged or preferred.")


def _md_figures(groups: list[dict], zone: str) -> list[str]:
    """Figures as a Markdown table, a bold row per group title."""
    e = md_escape
    lines = [f"| figure | scope | value | observed ({zone}) | source |", "|---|---|---:|---|---|"]
    for g in groups:
        if g["title"]:
            lines.append(f"| **{e(g['title'])}** | | | | |")
        for r in g["rows"]:
            flags = (" · ⚠ conflicting reports" if r["conflict"] else "") + (f" · not current ({r['age']}): {e(r['superseded'])}" if r["superseded"] else "")
            lines.append(f"| {e(r['label'])} | {e(r['scope'])} | {e(r['value'])} | {r['observed_short']} | {e(r['source'])}{flags} |")
    return lines + [""]


def _md_notes(rows: list[dict]) -> list[str]:
    """Notes as a Markdown list (text, source, URL, local time), or the sentence saying there is none."""
    e = md_escape
    if not rows:
        return ["No note entered by this time.", ""]
    return [f"- {e(n['text'])} · {e(n['source'] or 'source not given')}" + (f" ({e(n['url'])})" if n["url"] else "") + f" · {n['observed']}"
            for n in rows] + [""]  # fmt: skip


def _intensity_markdown(sec: dict | None) -> list[str]:
    """The "Estimated shaking and impact" section in Markdown (none without intensity)."""
    if sec is None:
        return []
    e = md_escape
    lines = ["", "## Estimated shaking and impact", "", f"Intensity: **{e(sec['source'])}**" + (" (predicted shaking, not observed)" if sec["is_model"] else ""), ""]
    if sec["alert"]:
        lines += [f"**PAGER alert: {sec['alert']['word']}** (fatalities)", ""]
    if sec["estimate"]:
        lines += [f"Fatalities, {e(sec['label'])}, not a report: **{e(sec['estimate'])}**  ",
                  f"Reported deaths: {e(sec['reported']) if sec['reported'] else 'none reported yet'}", ""]  # fmt: skip
    if sec["probabilities"]:
        lines += ["| fatalities | probability |", "|---|---:|", *[f"| {p['range']} | {p['probability']} |" for p in sec["probabilities"]], ""]
    lines += ["| MMI | " + " | ".join(e(c) for c in sec["columns"]) + " |", "|---|" + "---:|" * len(sec["columns"])]
    lines += [f"| {r['level']} | " + " | ".join(e(x) for x in r["cells"]) + " |" for r in sec["rows"]]
    lines += ["", "| input | value |", "|---|---|", *[f"| {e(k)} | {e(v)} |" for k, v in sec["inputs"]], ""]
    lines += ["**Limits.** " + " ".join(e(x) for x in sec["limits"])]
    if sec["warnings"]:
        lines += ["", *[f"- ⚠ {e(w)}" for w in sec["warnings"]]]
    return lines


#: HXL hashtags for the bundle's CSV tables (second row), per column.
HXL = {
    "metric": "#indicator+name", "scope": "#adm2+name", "value": "#indicator+value+num", "unit": "#indicator+unit",
    "observed_at": "#date+observed", "reported_at": "#date+reported", "source": "#meta+source", "source_url": "#meta+url",
    "conflict": "#meta+conflict", "layer": "#meta+layer", "band": "#indicator+band", "lower_km": "#indicator+lower_km+num",
    "upper_km": "#indicator+upper_km+num", "count": "#indicator+count+num", "population": "#population+total+num",
    "coverage": "#meta+coverage", "id": "#meta+id", "name": "#loc+name", "name_zh": "#loc+name+i_zh",
    "township": "#adm3+name", "distance_km": "#indicator+distance_km+num", "provenance": "#meta+provenance",
    "lat": "#geo+lat", "lon": "#geo+lon", "scale": "#indicator+scale", "value_t0": "#indicator+value+before+num",
    "value_t1": "#indicator+value+after+num", "change": "#indicator+change+num",
    "MMI": "#indicator+mmi", "shaking": "#indicator+shaking", "area km²": "#indicator+area_km2+num",
    "qualifier": "#indicator+qualifier", "group": "#indicator+group", "superseded_by": "#meta+superseded",
    "unit_t0": "#indicator+unit+before", "unit_t1": "#indicator+unit+after", "qualifier_t0": "#indicator+qualifier+before",
    "qualifier_t1": "#indicator+qualifier+after", "kind": "#meta+change", "observed_at_t0": "#date+observed+before",
    "observed_at_t1": "#date+observed+after", "source_t0": "#meta+source+before", "source_t1": "#meta+source+after",
    "section": "#meta+section", "text": "#description", "author": "#contact+name", "entered_at": "#date+entered",
}  # fmt: skip


def _hxl_tag(column: str) -> str:
    """A column's HXL tag; the exposure table's per-layer columns ("Villages 村庄 count") by their ending."""
    if column in HXL:
        return HXL[column]
    if column.endswith(" count"):
        return HXL["count"]
    if column.endswith(" population"):
        return HXL["population"]
    return ""


def hxl_csv(frame: pd.DataFrame) -> str:
    """CSV with an HXL hashtag row under the header, cells safe against formula injection."""
    frame = frame.copy()
    for col in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[col]):
            frame[col] = frame[col].map(lambda t: t.isoformat() if pd.notna(t) else "")
    text = to_safe_csv(frame)
    header, _, body = text.partition("\n")
    tags = ",".join(_hxl_tag(str(c)) for c in frame.columns)
    return f"{header}\n{tags}\n{body}"


def render_bundle(snap: Snapshot, spec, layers, *, field: MMIField | None = None, impact: Mapping | None = None) -> bytes:
    """The zip bundle (see the module docstring), as bytes; with ``impact``, also ``exposure_mmi.csv``."""
    buf = io.BytesIO()
    # Each picture is drawn once: the PDF and the zip hold the same map.png and timeline.png.
    pictures = {"map.png": map_png(snap, field=field), "timeline.png": timeline_png(snap)}
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("report.html", render_html(snap, spec, layers, field=field, impact=impact, pictures=pictures))
        z.writestr("report.pdf", render_pdf(snap, spec, layers, field=field, impact=impact, pictures=pictures))
        z.writestr("map.png", pictures["map.png"])
        if impact is not None:
            z.writestr("exposure_mmi.csv", hxl_csv(exposure_table(impact)))
        z.writestr("timeline.png", pictures["timeline.png"])
        z.writestr("manifest.json", json.dumps(snap.manifest, ensure_ascii=False, indent=2))
        columns = ["metric", "group", "scope", "qualifier", "value", "unit", "observed_at", "reported_at", "source", "source_url", "conflict",
                   "superseded_by"]  # fmt: skip
        z.writestr("figures.csv", hxl_csv(snap.key_figures.reindex(columns=columns)))
        z.writestr("notes.csv", hxl_csv(snap.notes.reindex(columns=list(NOTE_COLUMNS))))
        z.writestr("bands.csv", hxl_csv(snap.bands))
        if snap.changes is not None:
            z.writestr("changes.csv", hxl_csv(snap.changes))
        for name, frame in snap.affected.items():
            z.writestr(f"affected_{name}.csv", hxl_csv(frame))
        z.writestr("layers.gpkg", _geopackage(snap))
    return buf.getvalue()


def _geopackage(snap: Snapshot) -> bytes:
    """Every layer of the snapshot as one GeoPackage table.

    A layer's name comes from a file name (any text); GeoPackage table names
    must be plain identifiers and may not start with ``gpkg``. Each table gets
    a safe name (:func:`_gpkg_table_name`) and keeps the original name as data:
    the ``identifier`` of ``gpkg_contents``, the standard place for a
    human-readable name.
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "layers.gpkg"
        used: set[str] = set()
        for name, frame in snap.features.items():
            out = frame.copy()
            for col in out.columns:
                if out[col].dtype == "boolean":
                    out[col] = out[col].astype(object)
            table = _gpkg_table_name(name, used)
            out.to_file(path, layer=table, driver="GPKG", engine="pyogrio", layer_options={"IDENTIFIER": str(name)})
        return path.read_bytes()


def _gpkg_table_name(name: str, used: set[str]) -> str:
    """A GeoPackage table name for layer ``name``: ASCII letters, digits and ``_``, starting
    with a letter, not with the reserved ``gpkg`` prefix, unique among ``used`` (updated).

    >>> _gpkg_table_name("villages", set()), _gpkg_table_name("gpkg_x", set()), _gpkg_table_name("-x", set())
    ('villages', 'layer_gpkg_x', 'x')
    """
    base = re.sub(r"[^A-Za-z0-9_]+", "_", unicodedata.normalize("NFKD", str(name))).strip("_")[:50]
    if not base or not base[0].isalpha() or base.lower().startswith("gpkg") or base.lower().startswith("rtree"):
        base = f"layer_{base}".rstrip("_")
    table, n = base, 2
    while table.lower() in used:
        table, n = f"{base}_{n}", n + 1
    used.add(table.lower())
    return table


def write_report(snap: Snapshot, spec, layers, out: str | Path, fmt: str, *, field: MMIField | None = None,
                 impact: Mapping | None = None) -> list[Path]:  # fmt: skip
    """Render ``fmt`` and write it at ``out`` atomically; returns the files written.

    ``field`` / ``impact``: the intensity and the ``assess()`` dict (see :func:`render_html`).
    """
    kw = {"field": field, "impact": impact}
    out = Path(out)
    if fmt not in ("html", "pdf", "md", "bundle"):
        raise InputError(None, f"unknown format '{fmt}'; expected html, pdf, md or bundle", field="--format")
    if not out.parent.exists():
        raise InputError(out, f"cannot be written: folder {out.parent} does not exist", field="--out")
    if fmt == "html":
        write_atomic(out, render_html(snap, spec, layers, **kw))
        return [out]
    if fmt == "pdf":
        write_atomic(out, render_pdf(snap, spec, layers, **kw))
        return [out]
    if fmt == "bundle":
        write_atomic(out, render_bundle(snap, spec, layers, **kw))
        return [out]
    if out.exists() and not out.is_file():  # its pictures go beside it: never /dev/null-map.png
        raise InputError(out, "is not a regular file; a Markdown report is three files (text and two PNG pictures), "
                              "expected a file name such as brief.md", field="--out")  # fmt: skip
    map_file, timeline_file = out.with_name(out.stem + "-map.png"), out.with_name(out.stem + "-timeline.png")
    text = render_markdown(snap, spec, layers, map_file=map_file.name, timeline_file=timeline_file.name, **kw)
    write_atomic(map_file, map_png(snap, field=field))
    write_atomic(timeline_file, timeline_png(snap))
    write_atomic(out, text)  # last: the report appears only once its pictures are there
    return [out, map_file, timeline_file]
