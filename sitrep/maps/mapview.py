"""The coordinator's map, as folium objects: a static base map plus small dynamic layers.

The base map (context, county, villages, townships, water, all base stations, rupture,
epicentres, legend) does not change when the time or the bands change, so
streamlit-folium keeps it mounted - the user's centre and zoom survive - and only the
dynamic feature groups are re-sent: the stations' status at the chosen time and the band
rings of the chosen solution.

User text (names, columns, file names, sources, notes, event ids) is data, never code:

* it never reaches a template compiler. branca's ``MacroElement.render`` wraps each
  rendered macro in ``Element(...)``, which compiles that output *again* as a Jinja
  template, so ``{{ 7*7 }}`` in a feature name became 49 and ``{% x`` crashed the page.
  Every element here (ours, and the :class:`FeatureGroup` / :class:`LayerControl` that
  carry our labels) derives from :class:`DataMacro`, which puts its rendered output into
  the page as it is;
* it reaches Leaflet, which inserts labels, tooltips and popups as HTML, escaped exactly
  once (:func:`layer_label`, :func:`popup_html`, the ``esc`` of :class:`MarkerLayer`);
* JSON put into a ``<script>`` element is made by :func:`script_json`, which cannot
  close the element or open an HTML comment (``<``, ``>``, ``&``, U+2028/2029 escaped).
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterable, Sequence
from datetime import timezone, tzinfo

import branca.element
import folium
import geopandas as gpd
import jinja2
import numpy as np
import pandas as pd
import shapely.geometry
from branca.element import MacroElement, Template

from ..bands import ring_polygon
from ..geodesy import destination
from ..intensity.contours import MMI_SHAKING, filled_contours, mmi_text
from ..intensity.field import MMIField
from ..intensity.tables import field_source_text
from ..io import ScenarioSpec
from ..palette import LINE_STYLES, OKABE_ITO, POINT_COLOURS, STATUS_COLOURS, STATUS_OUTLINE, USER_LAYER_COLOUR, EpicentreStyle, epicentre_style
from ..query import Epicentre
from ..timeutil import format_local
from .assets import asset_url, inline_leaflet

__all__ = ["base_map", "layer_docs", "MarkerLayer", "status_layer", "solutions_layer", "rings_layer", "points_layer", "popup_html",
           "layer_label", "script_json", "DataMacro", "FeatureGroup", "LayerControl", "RawHtml", "STATUS_COLOURS", "COMPACT_ABOVE",
           "intensity_doc", "intensity_layer", "INTENSITY_TITLE", "shape_svg", "ring_label_points", "MapFurniture"]

# branca's Element(template=...) compiles its template string on every instance - ~65 compiles
# (~30 ms) per map render, all of the same few strings. Compiled jinja templates are immutable
# and safe to share, so compile each distinct string once per process.
branca.element.Template = functools.lru_cache(maxsize=512)(jinja2.Template)

# Every colour and shape comes from sitrep.palette (Okabe-Ito, shared with the report's static map);
# STATUS_COLOURS is re-exported from there under its old name.
#: Layers with more points than this are drawn compactly: one canvas, no per-point popups.
COMPACT_ABOVE = 5_000


_SCRIPT_UNSAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", ord("'"): "\\u0027", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def script_json(obj: object) -> str:
    """``obj`` as JSON that is safe inside an HTML ``<script>`` element.

    ``</script``, ``<!--`` and U+2028/2029 cannot appear: ``<``, ``>``, ``&``, ``'`` and
    the two separators are written as ``\\uXXXX`` escapes, which JSON.parse and JavaScript
    read back as the same characters (``'`` also keeps streamlit-folium's rewriting of
    ``{{'name'}}`` references off user text).

    >>> script_json({"name": "</script><!--"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_UNSAFE)


def layer_label(text: object) -> str:
    """A label Leaflet inserts as HTML (layer control): ``text`` HTML-escaped exactly once.

    Braces are written as character references too, so the label is inert for a Jinja
    compiler should any library ever compile it again.

    >>> layer_label("shelters<img src=x onerror=alert(1)> {{ 7*7 }}")
    'shelters&lt;img src=x onerror=alert(1)&gt; &#123;&#123; 7*7 &#125;&#125;'
    """
    return html.escape(str(text)).replace("{", "&#123;").replace("}", "&#125;")


def popup_html(title: str, rows: Iterable[tuple[str, object]], *, note: str = "") -> str:
    """A small popup table; the title, labels and every value are escaped."""
    cells = "".join(
        f"<tr><th style='text-align:left;padding-right:6px'>{html.escape(str(k))}</th><td>{html.escape(_fmt(v))}</td></tr>"
        for k, v in rows
        if _fmt(v) != ""
    )
    tail = f"<div style='color:#8a4b00;font-size:11px;margin-top:4px'>{html.escape(note)}</div>" if note else ""
    return f"<div style='font-size:12px;min-width:180px'><b>{html.escape(title)}</b><table>{cells}</table>{tail}</div>"


def _fmt(v: object) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return ""
    if isinstance(v, pd.Timestamp):  # callers format times in the incident's zone; a stray one is shown in UTC
        return format_local(v, tz=timezone.utc)
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return f"{int(v):,}"
    if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
        return f"{int(v):,}"
    return str(v)


def _provenance_rows(row) -> list[tuple[str, object]]:
    return [("provenance", row.get("provenance")), ("source", row.get("source")), ("note", row.get("note"))]


def _illustrative(row) -> str:
    return "position illustrative" if row.get("provenance") in ("synthetic", "approximate") else ""


def layer_docs(spec: ScenarioSpec, layers: dict[str, gpd.GeoDataFrame]) -> dict[str, str]:
    """Packed marker documents of the scenario's point layers (static: compute once, reuse)."""
    styles = {ls.name: dict(ls.style) for ls in spec.layers}
    tz = spec.tzinfo
    builders = {
        "villages": lambda g, st: _villages(g, st),
        "base_stations": lambda g, st: _stations(g, st),
        "reservoirs": lambda g, st: _water(g, "Reservoir", st, POINT_COLOURS["reservoirs"]),
        "hydropower": lambda g, st: _water(g, "Hydropower station", st, POINT_COLOURS["hydropower"]),
        "townships": lambda g, st: _townships(g, st),
        "epicentres": lambda g, st: _epicentres(g, st, tz),
        "basemap": lambda g, st: _context_doc(g, st),
        "county": lambda g, st: _county_doc(g, st),
        "rupture": lambda g, st: _rupture_doc(g, st),
    }
    return {name: build(layers[name], styles.get(name, {})) for name, build in builders.items() if name in layers}


_TITLES = {
    "villages": "Villages (size ~ population)", "base_stations": "Base stations (all)", "reservoirs": "Reservoirs",
    "hydropower": "Hydropower stations", "townships": "Township seats", "epicentres": "Epicentre solutions",
}  # fmt: skip


def base_map(spec: ScenarioSpec, layers: dict[str, gpd.GeoDataFrame], *, online_tiles: bool = False,
             docs: dict[str, str] | None = None, inline: bool = False) -> folium.Map:  # fmt: skip
    """The static part of the map for a scenario (EPSG:4326 layers); ``docs`` from :func:`layer_docs`.

    ``inline=True`` puts Leaflet itself into the page (a self-contained report) instead of
    loading it from the app's server.
    """
    docs = layer_docs(spec, layers) if docs is None else docs
    epi = layers["epicentres"]
    m = folium.Map(
        location=[float(epi.geometry.y.iloc[0]), float(epi.geometry.x.iloc[0]) - 0.25],
        zoom_start=9,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
    )
    # Offline first: Leaflet from our own server or inlined, nothing else (no jQuery, Bootstrap or icon fonts).
    if inline:
        css, js = inline_leaflet()
        m.default_js, m.default_css = [], []
        m.get_root().header.add_child(RawHtml(f"<style>{css}</style><script>{js}</script>"), name="leaflet")
    else:
        m.default_js = [("leaflet", asset_url("leaflet.js"))]
        m.default_css = [("leaflet_css", asset_url("leaflet.css"))]
    if online_tiles:
        folium.TileLayer("OpenStreetMap", name="Online tiles (needs Internet)", control=True).add_to(m)
    styles = {ls.name: dict(ls.style) for ls in spec.layers}
    if "basemap" in docs:
        fg = FeatureGroup(name="Base map: border, rivers, lakes", control=True)
        GeoJsonLayer(docs["basemap"], {}, interactive=False).add_to(fg)
        fg.add_to(m)
    if "county" in docs:
        fg = FeatureGroup(name="County outline (approximate)", control=True)
        county = LINE_STYLES["county"]
        GeoJsonLayer(docs["county"], {"color": county.colour, "weight": county.width, "dashArray": county.dash or None,
                                      "fillOpacity": styles.get("county", {}).get("fill_opacity", 0.03)}).add_to(fg)  # fmt: skip
        fg.add_to(m)
    for name in ("villages", "base_stations", "reservoirs", "hydropower", "townships"):
        if name in docs:
            fg = FeatureGroup(name=_TITLES[name], control=True)
            MarkerLayer.prepared(docs[name]).add_to(fg)
            fg.add_to(m)
    if "rupture" in docs:
        fg = FeatureGroup(name="Surface rupture (approximate)", control=True)
        rup = LINE_STYLES["rupture"]
        GeoJsonLayer(docs["rupture"], {"color": rup.colour, "weight": rup.width, "dashArray": rup.dash}).add_to(fg)
        fg.add_to(m)
    fg = FeatureGroup(name=_TITLES["epicentres"], control=True)
    MarkerLayer.prepared(docs["epicentres"]).add_to(fg)
    fg.add_to(m)
    Legend(spec, epi, present=docs).add_to(m)
    MapFurniture().add_to(m)
    if not inline:
        LeafletImages().add_to(m)
    return m


def _context_doc(gdf: gpd.GeoDataFrame, style: dict) -> str:
    # the palette's, not the layer file's colours: the legend and the report's static map show these
    lines = {"border": LINE_STYLES["border"], "river": LINE_STYLES["river"], "lake": LINE_STYLES["river"]}

    def feature_style(r):
        line = lines.get(r["class"], LINE_STYLES["county"])
        return {"color": line.colour, "weight": line.width, "fillColor": line.colour,
                "fillOpacity": 0.45 if r["class"] == "lake" else 0, "dashArray": line.dash or None}  # fmt: skip

    return geojson_doc(gdf, style=feature_style)


def _county_doc(gdf: gpd.GeoDataFrame, style: dict) -> str:
    return geojson_doc(
        gdf, popup=lambda r: popup_html(f"{r['name']} {r['name_zh']}", _provenance_rows(r)), tooltip=lambda r: f"{r['name']} {r['name_zh']}"
    )  # fmt: skip


def _rupture_doc(gdf: gpd.GeoDataFrame, style: dict) -> str:
    return geojson_doc(
        gdf, popup=lambda r: popup_html(f"{r['name']} {r['name_zh']}", [("length km", r.get("length_km"))] + _provenance_rows(r)),
        tooltip=lambda r: f"{r['name']} {r['name_zh']}",
    )  # fmt: skip


PROVENANCE_COLUMNS = ["MMI", "provenance", "source", "note"]  # MMI: shown only where the layer has an ``mmi`` column


def _mmi_cell(r) -> str | None:
    """A feature's MMI as shown in its popup (``"VIII (7.8 ± 0.6)"``) when its layer has an ``mmi`` column, else None."""
    if "mmi" not in r.index:
        return None
    return mmi_text(_number_or_none(r.get("mmi")), _number_or_none(r.get("mmi_sigma"))) or None


def _number_or_none(v) -> float | None:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return x if np.isfinite(x) else None


def _row(r, *, radius, colour, title, tooltip, values, label=None, shape=None) -> dict:
    return {"lat": r.geometry.y, "lon": r.geometry.x, "radius": radius, "colour": colour, "tooltip": tooltip, "title": title,
            "values": [*values, _mmi_cell(r), r.get("provenance"), r.get("source"), r.get("note")], "note": _illustrative(r),
            "label": label, "shape": shape}  # fmt: skip


def _villages(gdf: gpd.GeoDataFrame, style: dict) -> str:
    colour = POINT_COLOURS["villages"]
    rows = [
        _row(r, radius=2.5 + 0.35 * np.sqrt(max(float(r["population"] or 0), 0)), colour=colour, title=r["name"],
             tooltip=f"{r['name']} {r.get('name_zh') or ''}".strip(), values=[r.get("name_zh"), r.get("township"), r["population"]])
        for _, r in gdf.iterrows()
    ]  # fmt: skip
    return MarkerLayer.pack(rows, columns=["名称", "township", "population", *PROVENANCE_COLUMNS], weight=1, fill_opacity=0.7)


def _stations(gdf: gpd.GeoDataFrame, style: dict) -> str:
    colour = POINT_COLOURS["base_stations"]
    rows = [
        _row(r, radius=2, colour=colour, title=f"{r['id']} · {r['name']}", tooltip=str(r["id"]),
             values=[f"{r['operator']} {r.get('operator_zh') or ''}".strip(), r.get("technology"), r.get("township")])
        for _, r in gdf.iterrows()
    ]  # fmt: skip
    return MarkerLayer.pack(rows, columns=["operator", "technology", "township", *PROVENANCE_COLUMNS], weight=0.5, fill_opacity=0.6)


def _water(gdf: gpd.GeoDataFrame, label: str, style: dict, colour: str) -> str:
    rows = [
        _row(r, radius=style.get("radius", 7), colour=colour, title=r["name"], tooltip=f"{label}: {r['name']}",
             values=[r["name_zh"], r.get("scale")])
        for _, r in gdf.iterrows()
    ]  # fmt: skip
    return MarkerLayer.pack(rows, columns=["名称", "scale", *PROVENANCE_COLUMNS], weight=2, fill_opacity=0.7)


def _townships(gdf: gpd.GeoDataFrame, style: dict) -> str:
    rows = [
        _row(r, radius=6, colour=POINT_COLOURS["townships"], title=r["name"], tooltip=f"{r['name']} {r['name_zh']}",
             values=[r["name_zh"], r.get("level")], label=f"{r['name'].split(' (')[0]} {r['name_zh']}")
        for _, r in gdf.iterrows()
    ]  # fmt: skip
    return MarkerLayer.pack(rows, columns=["名称", "level", *PROVENANCE_COLUMNS], weight=2, fill_opacity=0.9)


def _epicentres(gdf: gpd.GeoDataFrame, style: dict, tz: tzinfo) -> str:
    # the i-th solution of the layer takes the palette's i-th shape and fill: no agency is named in code
    rows = [
        _row(r, radius=9, colour=epicentre_style(i).fill, title=f"{r['agency']} epicentre", shape=epicentre_style(i),
             tooltip=f"{r['agency']} epicentre", values=[r.get("name_zh"), format_local(r["origin_time"], tz=tz), f"{r.get('magnitude_type') or ''} {r['magnitude']:.1f}".strip(),
                                                           r["depth_km"], r.get("event_id")])
        for i, (_, r) in enumerate(gdf.iterrows())
    ]  # fmt: skip
    return MarkerLayer.pack(rows, columns=["名称", "origin", "magnitude", "depth km", "event id", *PROVENANCE_COLUMNS],
                            weight=3, fill_opacity=0.35)


def status_layer(stations: gpd.GeoDataFrame, status: pd.Series, when: pd.Timestamp | None, *, tz: tzinfo = timezone.utc) -> FeatureGroup:
    """Stations out or restored at ``when`` (shown in ``tz``, the incident's zone), coloured by status (only those, to stay small)."""
    fg = FeatureGroup(name="Station status at the chosen time", control=True)
    keep = status.to_numpy() != "ok"
    shown = stations[keep]
    states = status.to_numpy()[keep]
    label = "now" if when is None else format_local(when, tz=tz)
    rows = [{"lat": y, "lon": x, "radius": 4.5, "colour": STATUS_COLOURS[st], "tooltip": f"{i}: {st} at {label}"}
            for x, y, i, st in zip(shown.geometry.x, shown.geometry.y, shown["id"], states)]  # fmt: skip
    MarkerLayer(rows, weight=1.5, fill_opacity=0.95, outline=STATUS_OUTLINE).add_to(fg)  # ringed: never read as a village
    return fg


def solutions_layer(solutions: Sequence[Epicentre], *, first: int = 0) -> FeatureGroup:
    """Epicentre solutions loaded by the user (e.g. a USGS event file), beside the scenario's.

    Each is drawn as :func:`sitrep.palette.epicentre_style` of its place in the epicentre
    order: ``first`` is the place of the first of them (the number of the incident's own
    solutions, which come first), so a loaded solution never takes a shape already shown.
    """
    fg = FeatureGroup(name="Loaded epicentre solutions", control=True)
    rows = [{"lat": e.lat, "lon": e.lon, "radius": 9, "colour": epicentre_style(first + i).fill, "shape": epicentre_style(first + i),
             "tooltip": f"{e.id} (loaded)", "title": f"{e.id} (loaded)",
             "values": [e.magnitude_type + (f" {e.magnitude:.1f}" if e.magnitude is not None else ""), e.depth_km, e.source]}
            for i, e in enumerate(solutions)]  # fmt: skip
    MarkerLayer(rows, columns=["magnitude", "depth km", "source"], weight=3, fill_opacity=0.35).add_to(fg)
    return fg


#: Where on each ring its distance is written: the bearing from the solution, degrees clockwise from north.
RING_LABEL_AZIMUTH = 45.0


def ring_label_points(epicentre: Epicentre, edges_km: Sequence[float], *, azimuth_deg: float = RING_LABEL_AZIMUTH) -> list[tuple[float, float, str]]:
    """``(lat, lon, "10 km")`` of each ring's label: on the ring (geodesic), at ``azimuth_deg`` from the solution (EPSG:4326).

    >>> [t for _, _, t in ring_label_points(Epicentre(87.45, 28.5), [0, 10, 20.5])]
    ['10 km', '20.5 km']
    """
    rings = [float(e) for e in edges_km if e > 0]
    if not rings:
        return []
    lon, lat = destination(epicentre.lon, epicentre.lat, np.full(len(rings), azimuth_deg), np.asarray(rings))
    return [(float(y), float(x), f"{e:g} km") for x, y, e in zip(np.atleast_1d(lon), np.atleast_1d(lat), rings)]


def rings_layer(epicentre: Epicentre, edges_km: Sequence[float]) -> FeatureGroup:
    """Geodesic distance rings around the chosen solution, each with its distance written on it ("10 km", north-east)."""
    fg = FeatureGroup(name=f"Distance bands from {epicentre.id.upper()}", control=True)
    rings = [e for e in edges_km if e > 0]
    lines = [shapely.geometry.LineString(ring_polygon(epicentre.lon, epicentre.lat, 0.0, e, n=180).exterior.coords) for e in rings]
    gdf = gpd.GeoDataFrame({"edge": rings}, geometry=lines, crs="EPSG:4326")  # a LinearRing is not GeoJSON
    doc = geojson_doc(gdf, tooltip=lambda r: f"{r['edge']:g} km from {epicentre.id.upper()}")
    edge = LINE_STYLES["band_edge"]
    GeoJsonLayer(doc, {"color": edge.colour, "weight": edge.width, "dashArray": edge.dash, "fill": False}).add_to(fg)
    centre = [{"lat": epicentre.lat, "lon": epicentre.lon, "radius": 3, "colour": OKABE_ITO["black"],
               "tooltip": f"Bands measured from {epicentre.id.upper()}"}]  # fmt: skip
    MarkerLayer(centre, weight=1, fill_opacity=1).add_to(fg)
    TextLabels(ring_label_points(epicentre, rings), css_class="sitrep-ring-label").add_to(fg)
    return fg


def points_layer(name: str, gdf: gpd.GeoDataFrame, *, colour: str = USER_LAYER_COLOUR) -> FeatureGroup:
    """A user's layer: popups per feature up to :data:`COMPACT_ABOVE` points, one canvas beyond."""
    fg = FeatureGroup(name=f"{name} ({len(gdf):,})", control=True)
    pts = gdf[gdf.geom_type == "Point"]
    if len(pts) > COMPACT_ABOVE:
        CanvasPoints(np.column_stack([pts.geometry.y.round(5), pts.geometry.x.round(5)]), colour).add_to(fg)
    else:
        keys = [k for k in pts.columns if k != pts.geometry.name and k != "mmi_sigma"][:12]
        if "mmi" in pts.columns and "mmi" not in keys:
            keys[-1:] = ["mmi"]  # a layer's intensity is worth a popup line even past twelve columns
        columns = ["MMI" if k == "mmi" else str(k) for k in keys]
        rows = [{"lat": r.geometry.y, "lon": r.geometry.x, "radius": 4, "colour": colour, "tooltip": str(r.get("name") or r.get("id") or name),
                 "title": str(r.get("name") or r.get("id") or name), "values": [_mmi_cell(r) if k == "mmi" else r[k] for k in keys]}
                for _, r in pts.iterrows()]  # fmt: skip
        MarkerLayer(rows, columns=columns, weight=1, fill_opacity=0.7).add_to(fg)
    others = gdf[gdf.geom_type != "Point"]
    if len(others):
        GeoJsonLayer(geojson_doc(others), {"color": colour, "weight": 2, "fillOpacity": 0.1}).add_to(fg)
    return fg


class DataMacro(MacroElement):
    """A macro element whose rendered output goes into the page as it is.

    ``MacroElement.render`` wraps each rendered ``header`` / ``html`` / ``script`` macro
    in ``branca.element.Element(text)``, which compiles ``text`` as a Jinja template: any
    ``{{ }}``, ``{% %}`` or ``{# #}`` that user data put into the output would run (or
    crash the render). This render is the same but for that wrapping: the output is put
    into the figure through :class:`RawHtml`, which never compiles anything.
    """

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        if not isinstance(figure, branca.element.Figure):
            raise TypeError(f"{type(self).__name__} can only be rendered inside a Figure (add it to a map first)")
        module = self._template.module
        for part in ("header", "html", "script"):
            macro = module.__dict__.get(part)
            if macro is not None:
                getattr(figure, part).add_child(RawHtml(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class FeatureGroup(folium.FeatureGroup, DataMacro):
    """folium's feature group, rendered without recompiling; ``name`` is data (see :func:`layer_label`)."""

    def __init__(self, name: str, **kwargs) -> None:
        super().__init__(name=layer_label(name), **kwargs)


class LayerControl(folium.LayerControl, DataMacro):
    """folium's layer control, rendered without recompiling the labels it lists."""


class MarkerLayer(DataMacro):
    """Circle markers of one layer from one compact JSON document, drawn by a few lines of JS.

    Each row is ``[lat, lon, radius, colour, tooltip, title, [values...], note, label]``; texts
    are indices into one string table (long sources repeat on every station), and the popup
    table is built in the browser from ``columns`` and the row's values, escaping every
    text there. One element per layer keeps the page small and re-rendering fast.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var doc = {{ this.doc }};
            var S = doc.strings, fg = {{ this._parent.get_name() }};
            var esc = function(v) { return String(v).replace(/[&<>"']/g, function(c) {
                return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]; }); };
            doc.rows.forEach(function(d, i) {
                var shape = doc.shapes ? doc.shapes[i] : null, mk;
                if (shape !== null && shape !== undefined) {  // a solution: a shape of our own (SVG), not a circle
                    var px = Math.round(2.6 * d[2]);
                    mk = L.marker([d[0], d[1]], {icon: L.divIcon({className: "sitrep-shape", html: S[shape], iconSize: [px, px],
                                                                  iconAnchor: [px / 2, px / 2], tooltipAnchor: [px / 2, 0],
                                                                  popupAnchor: [0, -px / 2]}), riseOnHover: true, zIndexOffset: 1000});
                } else {
                    mk = L.circleMarker([d[0], d[1]], {radius: d[2], color: doc.outline || S[d[3]], fillColor: S[d[3]], weight: doc.weight,
                                                       fillOpacity: doc.fill_opacity, fill: true});
                }
                if (d[4] !== null) { mk.bindTooltip(esc(S[d[4]])); }
                if (d[5] !== null) {
                    var html = "<div class='sitrep-popup'><b>" + esc(S[d[5]]) + "</b><table>";
                    d[6].forEach(function(v, i) { if (v !== null) { html += "<tr><th>" + esc(doc.columns[i]) + "</th><td>" + esc(S[v]) + "</td></tr>"; } });
                    if (d[7] !== null && d[7] !== undefined) { html += "</table><div class='sitrep-warn'>" + esc(S[d[7]]) + "</div>"; }
                    mk.bindPopup(html + "</table></div>", {maxWidth: 340});
                }
                mk.addTo(fg);
                if (d.length > 8) {
                    L.marker([d[0], d[1]], {interactive: false, icon: L.divIcon({className: "sitrep-label", html: esc(S[d[8]]),
                                                                                iconSize: [160, 16], iconAnchor: [-8, 8]})}).addTo(fg);
                }
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[dict], *, columns: Sequence[str] = (), weight: float = 1, fill_opacity: float = 0.7,
                 outline: str | None = None) -> None:  # fmt: skip
        super().__init__()
        self._name = "MarkerLayer"
        self.doc = self.pack(rows, columns=columns, weight=weight, fill_opacity=fill_opacity, outline=outline)

    @classmethod
    def prepared(cls, doc: str) -> MarkerLayer:
        """A layer from a document made earlier by :meth:`pack` (static layers are packed once)."""
        layer = cls([])
        layer.doc = doc
        return layer

    @staticmethod
    def pack(rows: list[dict], *, columns: Sequence[str] = (), weight: float = 1, fill_opacity: float = 0.7,
             outline: str | None = None) -> str:  # fmt: skip
        """The JSON document the layer's script reads (string table, packed rows).

        ``outline``: one stroke colour for every circle (default: each circle's own colour).

        A row with a ``shape`` (an :class:`~sitrep.palette.EpicentreStyle`) is drawn as that
        shape (:func:`shape_svg`, sized from its ``radius``) instead of a circle.
        """
        strings: dict[str, int] = {}

        def ref(v):
            text = _fmt(v)
            return None if text == "" else strings.setdefault(text, len(strings))

        packed = []
        for r in rows:
            row = [round(float(r["lat"]), 6), round(float(r["lon"]), 6), round(float(r["radius"]), 2), ref(r["colour"]),
                   ref(r.get("tooltip")), ref(r.get("title")), [ref(v) for v in r.get("values", ())], ref(r.get("note"))]  # fmt: skip
            if r.get("label"):
                row.append(ref(r["label"]))
            packed.append(row)
        shapes = ([ref(shape_svg(r["shape"], size_px=round(2.6 * float(r["radius"])))) if r.get("shape") else None for r in rows]
                  if any(r.get("shape") for r in rows) else None)  # fmt: skip
        doc = {"strings": list(strings), "rows": packed, "columns": [str(c) for c in columns], "weight": float(weight),
               "fill_opacity": float(fill_opacity)}  # fmt: skip
        if shapes is not None:
            doc["shapes"] = shapes
        if outline:
            doc["outline"] = str(outline)
        return script_json(doc)


class GeoJsonLayer(DataMacro):
    """Lines and polygons from one GeoJSON document with one style; optional escaped popup/tooltip.

    Popups and tooltips are taken from each feature's ``_popup`` / ``_tooltip`` property,
    which :func:`geojson_doc` fills with escaped HTML.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.geoJSON({{ this.doc }}, {
            style: function(f) { return Object.assign({}, {{ this.style }}, f.properties._style || {}); },
            interactive: {{ this.interactive }},
            pointToLayer: function(f, latlng) { return L.circleMarker(latlng, {radius: 3}); },
            onEachFeature: function(f, layer) {
                if (f.properties._popup) { layer.bindPopup(f.properties._popup, {maxWidth: 340}); }
                if (f.properties._tooltip) { layer.bindTooltip(f.properties._tooltip); }
            }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, doc: str, style: dict, *, interactive: bool = True) -> None:
        super().__init__()
        self._name = "GeoJsonLayer"
        self.doc = doc
        self.style = script_json(style)
        self.interactive = "true" if interactive else "false"


def geojson_doc(gdf: gpd.GeoDataFrame, *, popup=None, tooltip=None, style=None) -> str:
    """A compact GeoJSON string of ``gdf``'s geometries with escaped popup/tooltip per feature."""
    feats = []
    for i, geom in enumerate(gdf.geometry):
        props = {}
        if popup is not None:
            props["_popup"] = popup(gdf.iloc[i])
        if tooltip is not None:
            props["_tooltip"] = html.escape(tooltip(gdf.iloc[i]))
        if style is not None:
            props["_style"] = style(gdf.iloc[i])
        feats.append({"type": "Feature", "geometry": shapely.geometry.mapping(geom), "properties": props})
    return script_json({"type": "FeatureCollection", "features": feats})


class CanvasPoints(DataMacro):
    """Many points on one shared canvas renderer: one JSON array, no per-point objects in the page."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var renderer = L.canvas({padding: 0.5});
            var pts = {{ this.points }};
            var style = {renderer: renderer, radius: 2, weight: 0, fillColor: "{{ this.colour }}", fillOpacity: 0.7, interactive: false};
            for (var i = 0; i < pts.length; i++) {
                L.circleMarker(pts[i], style).addTo({{ this._parent.get_name() }});
            }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, latlon: np.ndarray, colour: str) -> None:
        super().__init__()
        self._name = "CanvasPoints"
        self.points = json.dumps(latlon.tolist(), separators=(",", ":"))
        self.colour = colour if re.fullmatch(r"#[0-9A-Fa-f]{3,8}", colour) else USER_LAYER_COLOUR


class RawHtml(branca.element.Element):
    """Markup put into the page as it is (not compiled as a Jinja template, unlike Element)."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self._markup = markup

    def render(self, **kwargs) -> str:
        return self._markup


class LeafletImages(DataMacro):
    """Point Leaflet's default icons at our own copy (its guess from the CSS URL is wrong here)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.Icon.Default.imagePath = {{ this.path }};
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "LeafletImages"
        self.path = script_json(asset_url("images/"))


# --- shapes, labels, legend and the map's furniture --------------------------------------------------

def _polygon(n: int, radius: float, *, inner: float | None = None, rotate_deg: float = -90.0) -> list[tuple[float, float]]:
    """Vertices of a regular polygon (or, with ``inner``, a star) centred on 0, first vertex at the top."""
    k = 2 * n if inner is not None else n
    angles = np.radians(rotate_deg + np.arange(k) * 360.0 / k)
    radii = np.where(np.arange(k) % 2 == 1, inner, radius) if inner is not None else np.full(k, radius)
    return list(zip(np.round(radii * np.cos(angles), 2), np.round(radii * np.sin(angles), 2)))


#: Each shape of :data:`sitrep.palette.SHAPES` as vertices in a 24 x 24 box centred on 0 (SVG user units).
_SHAPE_VERTICES: dict[str, list[tuple[float, float]]] = {
    "star": _polygon(5, 11.5, inner=4.8),
    "diamond": [(0.0, -11.0), (8.0, 0.0), (0.0, 11.0), (-8.0, 0.0)],
    "triangle": _polygon(3, 11.0, rotate_deg=-90.0),
    "square": [(-8.0, -8.0), (8.0, -8.0), (8.0, 8.0), (-8.0, 8.0)],
    "pentagon": _polygon(5, 10.0),
}


def shape_svg(style: EpicentreStyle, *, size_px: int = 22) -> str:
    """An inline SVG of ``style``'s shape, filled and outlined, ``size_px`` square (the map's markers, the legend's swatches).

    >>> svg = shape_svg(epicentre_style(1), size_px=14)
    >>> 'width="14"' in svg, 'data-shape="diamond"' in svg, 'fill="#F0E442"' in svg
    (True, True, True)
    """
    if style.shape not in _SHAPE_VERTICES:
        raise ValueError(f"unknown marker shape {style.shape!r}; expected one of {', '.join(_SHAPE_VERTICES)}")
    points = " ".join(f"{x:g},{y:g}" for x, y in _SHAPE_VERTICES[style.shape])
    attr = html.escape  # the style's strings are sitrep's own constants; escaped all the same
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{int(size_px)}" height="{int(size_px)}" viewBox="-12.5 -12.5 25 25" '
            f'data-shape="{attr(style.shape)}" style="display:block;overflow:visible">'
            f'<polygon points="{points}" fill="{attr(style.fill)}" stroke="{attr(style.outline)}" stroke-width="1.8" '
            f'stroke-linejoin="round"/></svg>')  # fmt: skip


class TextLabels(DataMacro):
    """Texts written on the map at points (a ring's distance): not interactive, escaped, above the canvas and the place names."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var rows = {{ this.rows }}, fg = {{ this._parent.get_name() }};
            var esc = function(v) { return String(v).replace(/[&<>"']/g, function(c) {
                return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]; }); };
            rows.forEach(function(r) {
                L.marker([r[0], r[1]], {interactive: false, keyboard: false, zIndexOffset: 500, icon: L.divIcon({className: {{ this.css_class }},
                    html: "<span>" + esc(r[2]) + "</span>", iconSize: null})}).addTo(fg);
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, rows: Sequence[tuple[float, float, str]], *, css_class: str = "sitrep-label") -> None:
        super().__init__()
        self._name = "TextLabels"
        self.rows = script_json([[round(float(lat), 6), round(float(lon), 6), str(text)] for lat, lon, text in rows])
        self.css_class = script_json(css_class)


def _line_swatch(colour: str, width: float, dash: str) -> str:
    dash_attr = f' stroke-dasharray="{html.escape(dash)}"' if dash else ""
    return (f'<svg class="swatch line" width="22" height="10" viewBox="0 0 22 10"><line x1="0" y1="5" x2="22" y2="5" '
            f'stroke="{html.escape(colour)}" stroke-width="{min(width, 4):g}"{dash_attr}/></svg>')  # fmt: skip


def _point_swatch(colour: str, outline: str | None = None) -> str:
    ring = f";box-shadow:0 0 0 1.5px {html.escape(outline)}" if outline else ""
    return f"<i class='swatch point' data-kind='point' style='background:{html.escape(colour)}{ring}'></i>"


def _agency(r) -> str:
    """A solution's agency as the legend names it (its id when the layer gives none)."""
    agency = r.get("agency") if "agency" in r.index else None
    return str(agency) if agency is not None and not pd.isna(agency) and str(agency).strip() else str(r.get("id", ""))


def _legend_rows(present: set[str], epicentres: gpd.GeoDataFrame | None) -> list[tuple[str, str]]:
    """(swatch markup, label text) of each thing the map draws, in the order a reader looks for them."""
    rows: list[tuple[str, str]] = []
    if epicentres is not None:
        names = [_agency(r) for _, r in epicentres.iterrows()]
        for i, ((_, r), name) in enumerate(zip(epicentres.iterrows(), names)):
            if names.count(name) > 1:  # two solutions of one agency: told apart by their ids
                name = f"{name} ({r.get('id', i + 1)})"
            rows.append((f"<span class='swatch shape' data-kind='point'>{shape_svg(epicentre_style(i), size_px=15)}</span>",
                         f"Epicentre: {name}"))  # fmt: skip
    if "rupture" in present:
        rows.append((_line_swatch(*LINE_STYLES["rupture"]), "Surface rupture (approximate)"))
    rows.append((_line_swatch(*LINE_STYLES["band_edge"]), "Distance band edge (km)"))
    for name, text in (("townships", "Township seat 乡镇"), ("villages", "Village 村 (size ~ population)"), ("reservoirs", "Reservoir 水库"),
                       ("hydropower", "Hydropower 水电站"), ("base_stations", "Base station 基站")):  # fmt: skip
        if name in present:
            rows.append((_point_swatch(POINT_COLOURS[name]), text))
    if "base_stations" in present:
        rows.append((_point_swatch(STATUS_COLOURS["out"], STATUS_OUTLINE), "Station out of service"))
        rows.append((_point_swatch(STATUS_COLOURS["restored"], STATUS_OUTLINE), "Station restored"))
    if "county" in present:
        rows.append((_line_swatch(*LINE_STYLES["county"]), "County outline"))
    if "basemap" in present:
        rows.append((_line_swatch(*LINE_STYLES["border"]), "National border"))
        rows.append((_line_swatch(*LINE_STYLES["river"]), "River / lake"))
    return rows


class Legend(DataMacro):
    """The map's own legend: a swatch per layer (each solution its shape, named by its agency), and the illustrative-data notice.

    Collapsed by default (bottom right) so it does not hide the map; the illustrative-data
    warning stays visible in its summary line. Every label is escaped.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .sitrep-legend {background: rgba(255,255,255,0.94); padding: 5px 8px; font: 12px/1.35 sans-serif; box-sizing: border-box;
                        border-radius: 4px; box-shadow: 0 0 4px rgba(0,0,0,0.3); max-width: min(250px, calc(var(--sitrep-map-w, 100vw) * 0.56));
                        max-height: calc(var(--sitrep-map-h, 560px) * 0.55 - 56px); overflow-y: auto; overflow-x: hidden;}
        .sitrep-legend .swatch {display: inline-block; vertical-align: middle; margin-right: 5px;}
        .sitrep-legend i.swatch {width: 11px; height: 11px; border-radius: 50%; border: 1px solid rgba(0,0,0,0.35); box-sizing: border-box;}
        .sitrep-legend .row {display: flex; align-items: center; gap: 0; min-height: 17px;}
        .sitrep-legend .row > :first-child {flex: 0 0 22px; display: flex; justify-content: center; margin-right: 5px;}
        .sitrep-legend .warn {color: #8a4b00; margin-top: 4px;}
        .sitrep-legend summary {cursor: pointer; font-weight: bold;}
        .sitrep-legend summary .warn {font-weight: normal; font-size: 11px;}
        .sitrep-legend .small {font-size: 11px; color: #333;}
        .sitrep-mmi-legend {max-width: min(230px, calc(var(--sitrep-map-w, 100vw) * 0.33)); max-height: calc(var(--sitrep-map-h, 560px) * 0.55 - 56px);}
        .sitrep-popup {font-size: 12px; min-width: 180px;}
        .sitrep-popup th {text-align: left; padding-right: 6px; vertical-align: top;}
        .sitrep-warn {color: #8a4b00; font-size: 11px; margin-top: 4px;}
        .sitrep-label {font: 11px sans-serif; color: #1a1a1a; white-space: nowrap; text-shadow: 0 0 3px #fff, 0 0 3px #fff;}
        .sitrep-ring-label span {display: inline-block; transform: translate(-50%, -50%); white-space: nowrap; font: bold 11px/1.2 sans-serif;
                                 color: #1a1a1a; background: rgba(255,255,255,0.85); border: 1px solid #333; border-radius: 3px; padding: 0 3px;}
        .sitrep-shape {background: none; border: none;}
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function() {
                var div = L.DomUtil.create("div", "sitrep-legend");
                div.setAttribute("data-testid", "map-legend");
                div.innerHTML = {{ this.html }};
                // like Leaflet's own controls: clicks and scrolls here are not map drags or zooms
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, spec: ScenarioSpec, epicentres: gpd.GeoDataFrame | None = None, *, present: Iterable[str] | None = None) -> None:
        super().__init__()
        self._name = "Legend"
        present = set(present) if present is not None else {"rupture", "townships", "villages", "reservoirs", "hydropower",
                                                               "base_stations", "county", "basemap"}  # fmt: skip
        rows = "".join(f"<div class='row'><span>{swatch}</span><span>{html.escape(text)}</span></div>"
                       for swatch, text in _legend_rows(present, epicentres))  # fmt: skip
        short = "<div class='warn'>⚠ positions illustrative</div>" if spec.notice else ""
        notice = f"<div class='warn'>⚠ {html.escape(spec.notice)}</div>" if spec.notice else ""
        # collapsed by default so it does not hide the map; the illustrative-data warning stays visible
        self.html = script_json(f"<details><summary>Legend 图例{short}</summary>{rows}{notice}</details>")


class MapFurniture(DataMacro):
    """Where the map's controls sit, so none hides another, and where popups open.

    Zoom top left; the layer control top right, in 12 px type, its list at most 45 % of
    the map's height (it scrolls beyond); the legend bottom right and the shaking legend
    bottom left, each below that (55 % of the height less the attribution's line, scrolling
    beyond) and together narrower than the map (56 % and 33 % of its width): on a laptop
    and on a phone the open legend never covers a layer toggle. The map's size is kept in
    the CSS variables ``--sitrep-map-h`` / ``--sitrep-map-w`` for those limits. A popup
    opens clear of the zoom buttons (``autoPanPaddingTopLeft``) and no wider than the map.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .leaflet-control-layers {font: 12px/1.25 sans-serif; max-width: calc(var(--sitrep-map-w, 400px) - 76px);}
        .leaflet-control-layers-expanded {padding: 4px 8px 4px 6px;}
        .leaflet-control-layers label {margin: 0;}
        .leaflet-control-layers input {margin: 2px 4px 2px 0; vertical-align: -2px;}
        .leaflet-control-layers-list {max-height: calc(var(--sitrep-map-h, 560px) * 0.45 - 12px); overflow-y: auto; overflow-x: hidden;}
        .leaflet-popup-content {max-width: calc(var(--sitrep-map-w, 400px) - 120px); overflow-x: auto;}
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var measure = function() {
                var size = map.getSize(), box = map.getContainer();
                box.style.setProperty("--sitrep-map-h", size.y + "px");
                box.style.setProperty("--sitrep-map-w", size.x + "px");
            };
            measure();
            map.on("resize", measure);
            // every popup, of this map's layers and of those added later: clear of the zoom buttons (top left)
            L.Popup.mergeOptions({autoPanPaddingTopLeft: L.point({{ this.pad_left }}, {{ this.pad_top }}), autoPanPaddingBottomRight: L.point({{ this.pad_right }}, 10)});
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapFurniture"
        # right of the zoom control (10 px margin + 34 px wide, and a gap) and below the layer control's
        # button (10 px margin + 44 px tall, and a gap): on a phone a popup cannot be beside both at once
        self.pad_left, self.pad_top = 56, 64
        self.pad_right = 10


# --- estimated shaking (MMI): filled contours in the USGS colours, with their own legend ---------------

#: The intensity overlay's name in the layer control.
INTENSITY_TITLE = "Estimated shaking (MMI)"


def intensity_doc(field: MMIField, *, levels: Sequence[int] | None = None) -> str:
    """The GeoJSON document (safe in a ``<script>``) of ``field``'s filled MMI contours, one feature per level.

    Each feature carries its level (``mmi``, ``label``), its USGS colour as a style and an
    escaped tooltip. Coordinates are rounded to 1e-5° (about a metre). Static for a given
    field: the app computes it once and caches it (as :func:`layer_docs`).
    """
    bands = filled_contours(field, levels)
    kind = "model estimate" if field.source == "model" else "ShakeMap"
    feats = []
    for row in bands.itertuples():
        # a screen map: bands simplified to a quarter of the field's step (a few hundred metres for a model),
        # shared edges kept by simplifying each band alike; about half the bytes re-sent on every page run
        geom = shapely.set_precision(shapely.simplify(row.geometry, min(field.dlon, field.dlat) / 4, preserve_topology=True), 1e-5)
        if geom.is_empty:
            continue
        tip = f"MMI {row.label} · {MMI_SHAKING[row.mmi]} shaking ({row.mmi - 0.5:g} to {row.mmi + 0.5:g}) · {kind}"
        feats.append({"type": "Feature", "geometry": shapely.geometry.mapping(geom),
                      "properties": {"mmi": int(row.mmi), "label": row.label, "_tooltip": html.escape(tip),
                                     "_style": {"fillColor": row.color, "color": row.color}}})  # fmt: skip
    legend = [{"mmi": int(r.mmi), "label": r.label, "color": r.color} for r in bands.itertuples()]
    return script_json({"type": "FeatureCollection", "features": feats, "legend": legend})


def intensity_layer(field: MMIField, *, doc: str | None = None, label: str | None = None, opacity: float = 0.45) -> FeatureGroup:
    """The "Estimated shaking (MMI)" overlay of ``field``: filled contours and their legend, in the layer control.

    Semi-transparent polygons in the USGS colours, drawn beneath every point layer
    (their tooltips name the level); a legend (bottom left) lists the levels present and
    the source - "USGS ShakeMap vN" or "Model estimate: <model>" with a visible
    "model estimate" warning - and is shown exactly while the overlay is. ``doc`` is
    :func:`intensity_doc` of the same field (computed here when not given); ``label``
    replaces the overlay's name (text, escaped).
    """
    doc = intensity_doc(field) if doc is None else doc
    name = label or (INTENSITY_TITLE + (" · model estimate" if field.source == "model" else ""))
    fg = FeatureGroup(name=name, control=True)
    levels = json.loads(doc).get("legend", [])
    IntensityPolygons(doc, _intensity_legend_html(field, levels), opacity=opacity).add_to(fg)
    return fg


def _intensity_legend_html(field: MMIField, levels: list[dict]) -> str:
    rows = "".join(
        f"<div><i class='swatch' style='background:{html.escape(lv['color'])};border-radius:0;border:1px solid #999'></i>"
        f"{html.escape(lv['label'])} {html.escape(MMI_SHAKING[int(lv['mmi'])])}</div>"
        for lv in levels
    )
    if not rows:
        rows = "<div>no level in the field</div>"
    source = html.escape(field_source_text(field))
    if field.source == "model":
        tail = (f"<div class='warn' data-testid='intensity-model-estimate'>⚠ model estimate, not observed shaking</div>"
                f"<div class='small'>{source}</div>")  # fmt: skip
    else:
        tail = f"<div class='small'>{source}</div>"
    short = " <span class='warn'>⚠ model</span>" if field.source == "model" else ""
    # collapsible (the script closes it on a small map, as on a phone): the summary keeps the title and the warning
    return (f"<details open data-testid='intensity-legend'><summary><b>{html.escape(INTENSITY_TITLE)}</b>{short}</summary>"
            f"{rows}{tail}</details>")


class IntensityPolygons(DataMacro):
    """Filled MMI contours beneath the points, and a legend that follows the overlay on and off.

    Every layer shares one canvas (``prefer_canvas``), drawn in the order layers are added;
    the polygons are sent to the back of it whenever the overlay is added (the app adds
    it after the static layers; the layer control re-adds it), so points stay on top and
    keep their tooltips and popups. Area outlines with an all but clear fill (the county)
    go beneath the shaking, so hovering inside them names the MMI level.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var doc = {{ this.doc }};
            var fg = {{ this._parent.get_name() }};
            var gj = L.geoJSON(doc, {
                style: function(f) { return Object.assign({weight: 0.6, opacity: 0.9, fillOpacity: {{ this.opacity }}}, f.properties._style || {}); },
                onEachFeature: function(f, layer) { if (f.properties._tooltip) { layer.bindTooltip(f.properties._tooltip, {sticky: true}); } }
            });
            gj.addTo(fg);
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function() {
                var div = L.DomUtil.create("div", "sitrep-legend sitrep-mmi-legend");
                div.setAttribute("data-testid", "map-intensity-legend");
                div.innerHTML = {{ this.legend }};
                var box = fg._map ? fg._map.getSize() : null, det = div.querySelector("details");
                if (det && box && box.x < 600) { det.open = false; }  // a phone: the map first, the levels a tap away
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            var shown = function() {
                gj.eachLayer(function(l) { if (l.bringToBack) { l.bringToBack(); } });
                // an area outline with an all but clear fill (the county) would catch every hover over the shaking
                if (fg._map) { fg._map.eachLayer(function(l) {
                    if (l instanceof L.Polygon && !gj.hasLayer(l) && l.options.fill && l.options.fillOpacity < 0.1) { l.bringToBack(); }
                }); }
                if (fg._map && !legend._map) { legend.addTo(fg._map); }
            };
            fg.on("add", shown);
            fg.on("remove", function() { legend.remove(); });
            if (fg._map) { shown(); }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, doc: str, legend_html: str, *, opacity: float = 0.45) -> None:
        super().__init__()
        self._name = "IntensityPolygons"
        self.doc = doc
        self.legend = script_json(legend_html)
        self.opacity = f"{min(max(float(opacity), 0.0), 1.0):.3f}"
