"""Situation: the coordinator's layered map, distance bands, figures as of a time, live updates."""

import dataclasses
import logging
from datetime import timedelta

import pandas as pd
import streamlit as st

from sitrep.app import editing, state
from sitrep.maps.assets import require_assets
from sitrep.app.charts import with_marker
from sitrep.app.furniture import header, open_incident, plain, plain_frame, provenance_notice
from sitrep.app.intensity import impact_panel
from sitrep.app.notes import notes_panel
from sitrep.intensity.source import shakemap_known_by
from sitrep.bands import PRESETS, parse_bands
from sitrep.errors import InputError, SitrepError
from sitrep.present import band_grid, latlon_text, qualified, reserved_layer_names, user_layer_name
from sitrep.query import BandLayer, Epicentre
from sitrep.cards import RULE, reported_beside_events
from sitrep.records import INCIDENT_HORIZON
from sitrep.timeline import KNOWN_BY
from sitrep.clock import from_local_naive, time_axis, zone_label
from sitrep.text import without_folders
from sitrep.timeutil import format_local

CARDS = (("deaths", "Deaths 死亡"), ("injured", "Injured 受伤"), ("missing", "Missing 失踪"), ("relocated", "Relocated 转移安置"))

require_assets()
INCIDENT, spec, layers = open_incident(state.incident_names(), state.scenario)
SCOPE = spec.scope  # the incident's area: the cards and the casualty chart describe it
TZ = spec.tzinfo  # every time on the page is shown in the incident's zone
if st.session_state.get("shown_incident") != INCIDENT:  # another incident: its own clock, solutions, snapshot
    for key in ("as_of", "as_of_seen", "solution", "snapshot", "edges_incident", "edges_custom"):
        st.session_state.pop(key, None)
    st.session_state["shown_incident"] = INCIDENT


# The shaking estimate this view most likely shows (1-2 s the first time) starts now, in the
# background, while the page opens the store and draws the cards; state.shaking waits for it.
_likely = st.session_state.get("solution", spec.reference_solution)
try:
    _seen = st.session_state.get("as_of")
    _likely_map = shakemap_known_by(spec, None if _seen is None else from_local_naive(_seen, TZ))
except SitrepError:  # said where the estimate is shown, below
    _likely = None
if _likely in set(layers["epicentres"]["id"]):
    state.prefetch_shaking(INCIDENT, state.solutions(INCIDENT)[_likely],
                           st.session_state.get("shake_from") == "rupture" and "rupture" in layers,
                           str(_likely_map) if _likely_map else None)  # fmt: skip


def local(ts: pd.Timestamp) -> str:
    return format_local(ts, tz=TZ)


store = state.store(INCIDENT)
version = state.store_version(store)
keyed = {"incident": INCIDENT}  # every timeline cache is keyed by the incident

# --- sidebar: solution, bands, layers, upload -------------------------------------------------------
with st.sidebar:
    st.header("Controls")
    uploads = st.file_uploader(
        "Add a layer or a USGS event", type=[s.lstrip(".") for s in state.UPLOAD_SUFFIXES], accept_multiple_files=True,
        help="GeoJSON, GeoPackage, zipped Shapefile, GeoParquet, CSV with lon/lat columns, KML/KMZ, Excel .xlsx, "
        "a GeoNames dump (.txt) or an OpenCellID export; a USGS event file adds an epicentre.",
    )  # fmt: skip
    extra_layers: list[tuple[str, object]] = []
    used_uploads: list[tuple[str, bytes]] = []  # (file name, content) of each file in use: the snapshot's manifest lists their SHA-256
    solutions = list(state.solutions(INCIDENT).values())
    for up in uploads or []:
        try:
            gdf, said = state.uploaded_file(up.name, up.getvalue(), spec.region)
        except SitrepError as exc:
            st.error(f"Could not use {plain(up.name)}: {plain(exc)}")
            continue
        used_uploads.append((up.name, up.getvalue()))
        for warning in said:  # swapped coordinates, outside the incident's region: on the page, not the server's console
            st.warning(f"{plain(up.name)}: {plain(without_folders(warning))}")
        if "agency" in gdf.columns and "magnitude" in gdf.columns:
            solutions += [Epicentre.from_frame(gdf, i) for i in gdf["id"]]
            st.success(f"{plain(up.name)}: {len(gdf)} epicentre solution(s) added")
        else:
            # "shelters.csv" -> "shelters"; "villages.csv" -> "villages (villages.csv)": never a scenario layer's name or title
            name = user_layer_name(up.name, [*reserved_layer_names(spec), *(n for n, _ in extra_layers)])
            extra_layers.append((name, gdf))
            st.success(f"{plain(up.name)}: {len(gdf):,} features added as layer {plain(name)}")
    by_id = {s.id: s for s in solutions}
    chosen = st.radio(
        "Epicentre solution", list(by_id), index=list(by_id).index(spec.reference_solution),
        format_func=lambda i: f"{plain(i.upper())} · {plain(by_id[i].magnitude_type)} {by_id[i].magnitude or 0:.1f}", key="solution",
    )  # fmt: skip
    solution = by_id[chosen]
    # the incident's own bands first (its spec's bands_km), then the GDACS rings, or any
    presets = {"incident": tuple(spec.bands_km), "gdacs": PRESETS["gdacs"]}
    preset = st.selectbox("Band preset", [*presets, "custom"], key="preset",
                          format_func=lambda p: {"incident": "the incident's bands"}.get(p, p))  # fmt: skip
    default_edges = ",".join(f"{e:g}" for e in presets.get(preset, presets["incident"]))
    edges_text = st.text_input("Band edges (km)", value=default_edges, disabled=preset != "custom", key=f"edges_{preset}")
    try:
        edges = parse_bands(edges_text)
    except InputError as exc:  # the page's words, not the CLI's (field '--bands')
        st.error(f"Band edges (km): {plain(exc.message)}; showing the incident's bands")
        edges = spec.bands_km
    shake_from = st.radio("Shaking estimated from", ["epicentre", "rupture"] if "rupture" in layers else ["epicentre"],
                          horizontal=True, key="shake_from", format_func=lambda k: {"epicentre": "the epicentre solution",
                                                                                   "rupture": "the rupture"}[k],
                          help="A model MMI field (no ShakeMap known at the chosen time): from the chosen solution's "
                          "position and magnitude, or from the incident's rupture with that magnitude.")  # fmt: skip
    known_by = st.radio("A figure counts from", list(KNOWN_BY), key="known_by", horizontal=True,
                        format_func=lambda k: {"observed": "its observation", "published": "its publication"}[k],
                        help="Observation: what sources described as the situation by the chosen time. Publication: what had "
                        "been published by then (a figure's reported time; its observation time where that is unknown).")  # fmt: skip
    online = st.toggle("Online tiles (needs Internet)", value=False, help="Off by default: the map works offline.")
    st.divider()
    user = editing.sign_in_box(store)  # viewers (no account) see everything and no write control

header(spec, "situation map · 态势图")
provenance_notice(spec)

# --- the time the whole page describes ------------------------------------------------------------
records = state.timeline_records(version, store, store.url, **keyed)
events = state.station_events(version, store, store.url, **keyed)
# from the earthquake (the incident's origin time) to the latest record, else now; opened at the latest record
standing = records[~records["retracted"]] if "retracted" in records else records  # a retracted typo does not stretch the axis
latest = pd.concat([standing["observed_at"], events["at"]]).max()
axis = time_axis(state.incident(INCIDENT).started_at, latest, pd.Timestamp.now(tz="UTC"), TZ, horizon=INCIDENT_HORIZON)
start = axis.start
# A record that stretches the axis makes the slider new (its bounds are its identity): a session
# looking back at an earlier time stays there; one at the latest record follows the new latest.
seen = st.session_state.get("as_of_seen")  # (the time shown, the latest record's then)
opened_at = seen[0] if seen is not None and seen[0] < seen[1] and start <= seen[0] <= axis.end else axis.default
local_t = st.slider(f"As of ({zone_label(TZ, from_local_naive(axis.default, TZ))})", min_value=start, max_value=axis.end,
                    value=opened_at, step=axis.step, format="YYYY-MM-DD HH:mm", key="as_of")  # fmt: skip
st.session_state["as_of_seen"] = (local_t, axis.default)
t = from_local_naive(local_t, TZ)
st.caption(f"As of **{local(t)}** ({t:%Y-%m-%d %H:%M} UTC): {KNOWN_BY[known_by]}, and station events "
           "by this time. Nothing observed later is used.")

# the same answers as t, from shared cache entries: figures change at a few times, stations at many
reports_at = state.last_change(version, t, store, store.url, of="records", by=known_by, **keyed)
stations_at = state.last_change(version, t, store, store.url, of="stations", **keyed)
figures = state.figures_as_of(version, reports_at, store, store.url, by=known_by, **keyed)
headline = state.headline_figures(version, reports_at, tuple(m for m, _ in CARDS), SCOPE, store, store.url, by=known_by, **keyed)
status = state.stations_as_of(version, t, store, store.url, **keyed)
station_counts = state.station_counts_as_of(version, t, store, store.url, **keyed)  # the chart's and the report's count


def card(col, label: str, metric: str) -> None:
    found = headline[metric]
    label = f"{label} · {plain(SCOPE)}" if SCOPE else label  # the incident's area, named on its cards
    with col:
        if found is None:
            st.metric(label, "—", help="no figure reported yet at this time")
            st.caption("no report yet")
            return
        found = dataclasses.replace(found, as_of=t)  # cached at the last report; ages are told at the page's time
        st.metric(label, found.value_text, delta=found.delta_text(local), delta_color="inverse",
                  help=f"{found.current.unit}. {RULE}")  # fmt: skip
        for line in found.lines(local):
            st.caption(plain(line))


top = st.columns(3)
for col, (metric, label) in zip(top, CARDS[:3]):
    card(col, label, metric)
bottom = st.columns(3)
card(bottom[0], CARDS[3][1], CARDS[3][0])
# captions state only what is known at T: no figure from a hard-coded string
n_events = int((events["at"] <= t).sum())
HAS_STATIONS = "base_stations" in layers  # an incident without a station layer counts none: "—", not "0 of 0"
with bottom[1]:
    st.metric("Stations out 退服", f"{station_counts['out']}" if HAS_STATIONS else "—")
    st.caption(f"of {len(layers['base_stations']):,} base stations" if HAS_STATIONS else "no base-station layer in this incident")
    events_at = None if n_events == 0 else stations_at  # the station events' last change by T
    for line in reported_beside_events(figures, "stations_out", station_counts["out"], events_at, local, t):
        st.caption(plain(line))
with bottom[2]:
    st.metric("Stations restored 抢通", f"{station_counts['restored']}" if HAS_STATIONS else "—")
    if HAS_STATIONS:
        st.caption(f"from {n_events:,} station events up to {local(t)[11:16]}")
    for line in reported_beside_events(figures, "stations_restored", station_counts["restored"], events_at, local, t):
        st.caption(plain(line))

# --- estimated shaking: the incident's ShakeMap known at T, else a model (sitrep.intensity.source) ----
known_map = None
try:
    known_map = shakemap_known_by(spec, t)
    field, impact, mmi_doc, no_shaking = state.shaking(INCIDENT, solution, shake_from == "rupture", str(known_map) if known_map else None)
except SitrepError as exc:  # e.g. the incident's ShakeMap file is gone: said without the server's folders
    field, impact, mmi_doc, no_shaking = None, None, None, without_folders(str(exc))
if known_map is not None and field is not None and field.source == "shakemap":
    st.sidebar.caption(f"A USGS ShakeMap is known at this time: shaking comes from it ({plain(field.model)}), not from the model.")

# --- the map -------------------------------------------------------------------------------------
# folium and streamlit-folium are imported here, not at the top: while the shaking estimate runs
from streamlit_folium import st_folium  # noqa: E402

from sitrep.maps.mapview import LayerControl, base_map, intensity_layer, points_layer, rings_layer, solutions_layer, status_layer  # noqa: E402

# The map spans the page: coordinators work at 1,024 px.
m = base_map(spec, layers, online_tiles=online, docs=state.map_layer_docs(INCIDENT))
dynamic = [status_layer(layers["base_stations"], status, t, tz=TZ)] if "base_stations" in layers else []
dynamic.append(rings_layer(solution, edges))
if field is not None:
    dynamic.insert(0, intensity_layer(field, doc=mmi_doc))
dynamic += [points_layer(name, gdf) for name, gdf in extra_layers]
loaded = [s for s in solutions if s.id not in set(layers["epicentres"]["id"])]
if loaded:
    dynamic.append(solutions_layer(loaded, first=len(layers["epicentres"])))  # shapes after the incident's own

st_folium(
    m, key="map", height=560, use_container_width=True, feature_group_to_add=dynamic,
    layer_control=LayerControl(collapsed=True, position="topright"),
    returned_objects=[],  # panning and zooming never rerun the page
)  # fmt: skip

# --- distance bands ------------------------------------------------------------------------------
st.subheader(f"Distance bands from {plain(solution.id.upper())}")
st.caption(f"{latlon_text(solution.lat, solution.lon)} · {plain(solution.source)}")
extra_bl = [BandLayer.from_frame(name, gdf) for name, gdf in extra_layers]
extra_digests = tuple(state.layer_digest(b) for b in extra_bl)  # the uploads' content: keys the band table and the snapshot
try:
    table = state.bands_table(solution, tuple(edges), extra_bl, INCIDENT, digests=extra_digests)
except SitrepError as exc:  # e.g. an upload whose population column holds text
    st.error(plain(exc))
    table = state.bands_table(solution, tuple(edges), [], INCIDENT)

TITLES = {ls.name: f"{ls.title} {ls.title_zh}".strip() for ls in spec.layers}
if table.empty:  # a new incident: its epicentre, no exposure layer yet
    st.info(f"Nothing to count yet: this incident has no exposure layer (villages, base stations, ...). Add one with "
            f"sitrep incident add {plain(INCIDENT)} FILE --kind villages, or upload a file in the sidebar.")  # fmt: skip
else:
    st.table(plain_frame(band_grid(table, edges, TITLES)))
    st.caption("\\* band reaches past the layer's coverage (count is a lower bound) · no data: outside coverage, not zero")

# --- estimated shaking and impact (a model estimate beside what is reported) ------------------------
if impact is not None:
    deaths = headline["deaths"]
    impact_panel(impact, titles=TITLES, reported=None if deaths is None else f"{deaths.value_text} ({plain(deaths.current.source)})")
elif no_shaking:  # shaking may be on the map with nothing to count under it (a new incident): then only the impact is missing
    st.caption(f"{'No impact estimate' if field is not None else 'No shaking estimate'}: {plain(no_shaking)}")

# --- charts --------------------------------------------------------------------------------------
st.subheader("Over time 随时间变化")
casualties = state.casualty_chart(version, reports_at, store, store.url, by=known_by, **keyed)  # only what was known at T
stations_chart = state.station_chart(version, stations_at, store, store.url, **keyed)
c1, c2 = st.columns(2)
c1.vega_lite_chart(with_marker(casualties, local_t, start), width="stretch")
c2.vega_lite_chart(with_marker(stations_chart, local_t, start), width="stretch")

# --- figures as of T, with sources ---------------------------------------------------------------
with st.expander("All figures as of this time, with sources", expanded=False):
    st.table(plain_frame(pd.DataFrame({
        "metric": figures["metric"], "scope": figures["scope"], "value": [qualified(v, q) for v, q in zip(figures["value"], figures.get("qualifier", [""] * len(figures)))],
        "unit": figures["unit"], f"observed ({zone_label(TZ, t)})": figures["observed_at"].map(local),
        "source": figures["source"], "entered by": figures["author"],
        "conflict": figures["conflict"].map({True: "⚠ yes", False: ""}),
    }), ["metric", "scope", "unit", "source", "entered by"]))  # fmt: skip

# --- timeline notes observed by T, read-only (sitrep/app/notes.py) --------------------------------
notes_panel(state.timeline_notes(version, store, store.url, **keyed), t, tz=TZ)

# --- write controls: editors only (sitrep/app/editing.py) ------------------------------------------
editing.edit_section(store, user, records=records, figures=figures, local_t=local_t, scope=SCOPE, incident=INCIDENT, tz=TZ,
                     station_ids=layers["base_stations"]["id"].astype(str).tolist() if "base_stations" in layers else [])


# --- snapshot: the same files as `sitrep report`, for this view ----------------------------------
SNAPSHOT_FORMATS = {  # format -> (prepare button, extension, MIME type)
    "html": ("HTML (interactive, offline)", "html", "text/html"),
    "pdf": ("PDF (A4, print)", "pdf", "application/pdf"),
    "bundle": ("Bundle (zip: report, GeoPackage, CSV)", "zip", "application/zip"),
}


def snapshot_bytes(fmt: str) -> bytes:
    """The snapshot of this view as ``fmt`` (html, pdf, bundle); raises what rendering raises."""
    from sitrep.report import render_bundle, render_html, render_pdf
    from sitrep.snapshot import build_snapshot

    snap = build_snapshot(spec, layers, records, events, as_of_time=t, solution=solution, edges_km=edges,
                          extra_layers=dict(extra_layers), store_url=store.url, uploads=used_uploads,
                          notes=state.timeline_notes(version, store, store.url, **keyed))  # build_snapshot keeps those observed by t  # fmt: skip
    if fmt == "html":
        return render_html(snap, spec, layers, field=field, impact=impact).encode("utf-8")
    if fmt == "pdf":
        return render_pdf(snap, spec, layers, field=field, impact=impact)
    return render_bundle(snap, spec, layers, field=field, impact=impact)


st.subheader("Snapshot report 快照报告")
st.caption(f"What was known at {local(t)}, from {plain(solution.id.upper())}, with these bands and layers; nothing observed later.")
stem = f"sitrep-{spec.name}-{local_t:%Y%m%d-%H%M}-{solution.id}"
# Rendered when asked, in the page run, so a failure is shown here as one line (a lazy
# download_button callable fails silently in the browser); the file is then offered.
view = (INCIDENT, version, str(t), solution.id, solution.lat, solution.lon, tuple(edges), extra_digests, shake_from)
for col, (fmt, (label, ext, _)) in zip(st.columns(3), SNAPSHOT_FORMATS.items()):
    if col.button(label, key=f"make_{fmt}"):
        try:
            with st.spinner(f"Rendering the {ext.upper()} snapshot..."):
                st.session_state["snapshot"] = (view, fmt, snapshot_bytes(fmt))
        except SitrepError as exc:
            st.session_state.pop("snapshot", None)
            st.error(f"Could not render the snapshot: {plain(exc)}")
        except Exception as exc:  # shown in one line; the details go to the server log, never to the page
            st.session_state.pop("snapshot", None)
            logging.getLogger("sitrep.app").exception("snapshot %s failed", fmt)
            st.error(f"Could not render the snapshot ({type(exc).__name__}); the server log has the details.")
ready = st.session_state.get("snapshot")
if ready is not None and ready[0] == view:
    label, ext, mime = SNAPSHOT_FORMATS[ready[1]]
    st.download_button(f"Download {stem}.{ext}", data=ready[2], file_name=f"{stem}.{ext}", mime=mime, on_click="ignore",
                       key="dl_snapshot", type="primary")  # fmt: skip


# --- live: show what others add, within seconds ---------------------------------------------------
@st.fragment(run_every=timedelta(seconds=3))
def watch_for_updates() -> None:
    now = state.store_version(store)
    if now != version:
        st.rerun()
    # counts known at T, not the store's totals: a later figure's existence is not shown either
    n_figures = int((standing["observed_at"] <= t).sum())
    st.caption(f"Live: {n_figures} figures, {n_events} station events known at {local(t)[11:16]} · checked every 3 s")


watch_for_updates()
