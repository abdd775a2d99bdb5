"""Cached calls from the app into sitrep (the only place with ``st.cache_*``).

Core functions stay free of Streamlit; this module wraps the ones pages call on every
rerun, keyed so that moving the time slider or a band edge recomputes only what depends
on it.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
import warnings
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import streamlit as st

from ..accounts import LoginThrottle
from ..errors import InputError, SuspectedSwapWarning
from ..io import ScenarioSpec, load_layer, load_scenario
from ..io.catalog import list_scenarios
from ..io.reader import JSON_SUFFIXES, load_json, warn_outside_region
from ..io.usgs import looks_like_usgs
from ..query import CONTEXT_KINDS, BandLayer, Epicentre, band_rows, scenario_band_layers
from ..settings import DEFAULT_SCENARIO, MAX_UPLOAD_UNPACKED_MB
from ..store import Store, default_db_url, open_store
from ..records import Incident
from ..cards import FigureCard, figure_card
from ..timeline import StationLog, as_of, history, known_times, published_view

__all__ = [
    "incident_names", "scenario", "store", "store_version", "change_times", "last_change", "casualty_chart", "station_chart", "timeline_records", "known_records", "timeline_notes", "station_events",
    "figures_as_of", "headline_figures", "solutions", "station_log", "stations_as_of", "station_counts_as_of", "incident", "map_layer_docs", "login_throttle", "exposure_layers", "bands_table",
    "layer_digest", "uploaded_file", "uploaded_layer", "shaking", "prefetch_shaking", "EXPOSURE", "UPLOAD_SUFFIXES",
]  # fmt: skip

#: Scenario layers counted in the distance-band table.
EXPOSURE = ("townships", "villages", "base_stations", "reservoirs", "hydropower")
#: Suffixes an upload may have (the page's file_uploader offers the same).
UPLOAD_SUFFIXES = (".geojson", ".json", ".gpkg", ".csv", ".parquet", ".zip", ".tsv", ".txt", ".kml", ".kmz", ".xlsx")  # issue 10 (formats): GeoNames .txt, KML/KMZ, workbooks


def incident_names() -> list[str]:
    """The incidents the app can show (:func:`sitrep.io.catalog.list_scenarios`), read on every run."""
    return list_scenarios()


@st.cache_resource(show_spinner="Loading the incident…")
def scenario(name: str = DEFAULT_SCENARIO) -> tuple[ScenarioSpec, dict[str, gpd.GeoDataFrame]]:
    """The incident's spec and layers (read once per server process and incident)."""
    return load_scenario(name)


def store(name: str = DEFAULT_SCENARIO) -> Store:
    """The timeline store named by SITREP_DB (created and seeded on first use), one per URL and incident."""
    return _store_at(default_db_url(), name)


@st.cache_resource(show_spinner=False)
def _store_at(url: str, name: str) -> Store:
    return open_store(url, incident=name)


def store_version(s: Store) -> tuple[int, ...]:
    """The store's version (grows whenever anyone appends); keys the timeline caches."""
    return s.version()


@st.cache_resource(show_spinner=False)
def login_throttle() -> LoginThrottle:
    """Failed sign-ins per session, network address and account name, shared by every session of this server process."""
    return LoginThrottle()


# The timeline caches below are keyed by (store version, store URL, incident): two incidents
# in one store never share an entry, whatever the version says.


@st.cache_data(show_spinner=False, max_entries=8)
def timeline_records(version: tuple[int, ...], _store: Store, url: str = "", *, incident: str) -> pd.DataFrame:
    """All records of ``incident``; ``version`` makes a new entry when the store grows."""
    return _store.records()


@st.cache_data(show_spinner=False, max_entries=8)
def timeline_notes(version: tuple[int, ...], _store: Store, url: str = "", *, incident: str) -> pd.DataFrame:
    """All notes of ``incident`` (:meth:`sitrep.store.Store.notes`); ``version`` makes a new entry when the store grows."""
    return _store.notes()


@st.cache_data(show_spinner=False, max_entries=8)
def station_events(version: tuple[int, ...], _store: Store, url: str = "", *, incident: str) -> pd.DataFrame:
    return _store.station_events()


@st.cache_data(show_spinner=False, max_entries=8)
def change_times(version: tuple[int, ...], _store: Store, url: str = "", *, incident: str, of: str,
                 by: str = "observed") -> pd.DatetimeIndex:  # fmt: skip
    """Every time at which a figure (``of="records"``, known ``by`` observation or publication) or a
    station's status (``of="stations"``) changed, sorted (UTC)."""
    if of == "records":
        times = known_times(known_records(version, _store, url, incident=incident, by=by))
    elif of == "stations":
        times = station_events(version, _store, url, incident=incident)["at"]
    else:
        raise ValueError(f"change_times: of must be 'records' or 'stations', not {of!r}")
    return pd.DatetimeIndex(times.dropna().sort_values().unique())


def last_change(version: tuple[int, ...], t: pd.Timestamp, _store: Store, url: str = "", *, incident: str,
                of: str, by: str = "observed") -> pd.Timestamp:  # fmt: skip
    """The latest change of figures (``of="records"``) or of stations (``"stations"``) at or before ``t``.

    What is known at ``t`` is what was known then: keying the as-of caches by it means moving
    the slider between two changes costs nothing (the figures change at a few dozen times,
    the stations at hundreds: each cache is keyed by its own). With nothing known yet (or
    nothing at all) it is a second before the first change (or ``t``).
    """
    times = change_times(version, _store, url, incident=incident, of=of, by=by)
    i = times.searchsorted(t, side="right")
    if i > 0:
        return times[i - 1]
    return (times[0] if len(times) else t) - pd.Timedelta(seconds=1)


@st.cache_data(show_spinner=False, max_entries=8)
def known_records(version: tuple[int, ...], _store: Store, url: str = "", *, incident: str, by: str = "observed") -> pd.DataFrame:
    """The records as known ``by`` their observation time (``"observed"``: as stored) or their
    publication time (``"published"``: :func:`sitrep.timeline.published_view`)."""
    records = timeline_records(version, _store, url, incident=incident)
    if by == "published":
        return published_view(records)
    if by != "observed":
        raise ValueError(f"by must be 'observed' or 'published', not {by!r}")
    return records


@st.cache_data(show_spinner=False, max_entries=64)
def figures_as_of(version: tuple[int, ...], t: pd.Timestamp, _store: Store, url: str = "", *, incident: str,
                  by: str = "observed") -> pd.DataFrame:  # fmt: skip
    return as_of(known_records(version, _store, url, incident=incident, by=by), t)


@st.cache_resource(show_spinner=False, max_entries=8)
def station_log(version: tuple[int, ...], _store: Store, url: str = "", *, incident: str) -> StationLog:
    """The incident's station events indexed once per store version (shared by sessions: read it, never change it)."""
    _, layers = scenario(incident)
    return StationLog(station_events(version, _store, url, incident=incident), _station_ids(layers))


def stations_as_of(version: tuple[int, ...], t: pd.Timestamp, _store: Store, url: str = "", *, incident: str) -> pd.Series:
    """Each base station's status at ``t`` (:func:`sitrep.timeline.station_status`)."""
    return station_log(version, _store, url, incident=incident).status(t)


@st.cache_data(show_spinner=False, max_entries=64)
def headline_figures(version: tuple[int, ...], t: pd.Timestamp, metrics: tuple[str, ...], scope: str | None, _store: Store,
                     url: str = "", *, incident: str, by: str = "observed") -> dict[str, FigureCard | None]:  # fmt: skip
    """Per metric: its card in ``scope`` at ``t`` (:func:`sitrep.cards.figure_card`; None where nothing is known).

    Pass ``t`` = :func:`last_change` of the records; the card's ``as_of`` is that time
    (replace it with the page's time before stating ages).
    """
    figures = figures_as_of(version, t, _store, url, incident=incident, by=by)
    known = history(known_records(version, _store, url, incident=incident, by=by), t)
    return {metric: figure_card(figures, known, metric, scope, t) for metric in metrics}


def _station_ids(layers: dict[str, gpd.GeoDataFrame]) -> pd.Series:
    """The incident's base station ids (none when it has no base-station layer)."""
    return layers["base_stations"]["id"] if "base_stations" in layers else pd.Series([], dtype=object)


@st.cache_resource(show_spinner=False)
def map_layer_docs(name: str = DEFAULT_SCENARIO) -> dict[str, str]:
    """The static marker layers of the map, packed once per server process."""
    from ..maps.mapview import layer_docs

    spec, layers = scenario(name)
    return layer_docs(spec, layers)


@st.cache_resource(show_spinner=False)
def exposure_layers(name: str = DEFAULT_SCENARIO) -> list[BandLayer]:
    """The incident's exposure layers (those of :data:`EXPOSURE` it has, then its others) with their declared coverage."""
    spec, layers = scenario(name)
    # the usual ones first, in their usual order; then any other exposure layer the incident has
    names = [n for n in EXPOSURE if n in spec.layer_names]
    names += [ls.name for ls in spec.layers if ls.kind not in CONTEXT_KINDS and ls.name not in names]
    return scenario_band_layers(spec, layers, names)


def bands_table(solution: Epicentre, edges: tuple[float, ...], extra: Sequence[BandLayer] = (),
                name: str = DEFAULT_SCENARIO, *, digests: Sequence[str] | None = None) -> pd.DataFrame:  # fmt: skip
    """Band rows for the exposure layers (and any uploaded layer) from ``solution``.

    Cached under a digest of the uploaded layers' *data* (:func:`layer_digest`; pass
    ``digests`` when the page has them already): two sessions uploading different files
    of the same name and size never share an entry.
    """
    digests = tuple(layer_digest(layer) for layer in extra) if digests is None else tuple(digests)
    return _bands_table(solution, edges, digests, extra, name)


@st.cache_data(show_spinner=False, max_entries=64)
def _bands_table(solution: Epicentre, edges: tuple[float, ...], digests: tuple[str, ...], _extra: Sequence[BandLayer],
                 name: str) -> pd.DataFrame:  # fmt: skip
    return band_rows([*exposure_layers(name), *_extra], edges, epicentre=solution)


def layer_digest(layer: BandLayer) -> str:
    """SHA-256 of everything a band count reads from ``layer``: name, coordinates, columns, coverage."""
    h = hashlib.sha256()

    def add(chunk: bytes) -> None:
        h.update(len(chunk).to_bytes(8, "little"))  # length-prefixed: no two splits collide
        h.update(chunk)

    add(layer.name.encode("utf-8", "surrogatepass"))
    add(np.ascontiguousarray(layer.lon, dtype=np.float64).tobytes())
    add(np.ascontiguousarray(layer.lat, dtype=np.float64).tobytes())
    for key in sorted(layer.columns):
        add(str(key).encode("utf-8", "surrogatepass"))
        add(pd.util.hash_array(np.asarray(layer.columns[key], dtype=object).astype(str)).tobytes())
    if layer.others is not None:
        add(b"".join(b"-" if g is None else shapely.to_wkb(g) for g in layer.others))
    add(b"" if layer.coverage is None else shapely.to_wkb(layer.coverage))
    return h.hexdigest()


#: One upload is parsed at a time per server process: a few concurrent large uploads
#: must not multiply the memory one of them needs.
_UPLOAD_LOCK = threading.Lock()


def uploaded_layer(name: str, data: bytes, region: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """The layer of :func:`uploaded_file` (its warnings left out)."""
    return uploaded_file(name, data, region)[0]


@st.cache_data(show_spinner="Reading your file…", max_entries=8)
def uploaded_file(name: str, data: bytes, region: tuple[float, float, float, float]) -> tuple[gpd.GeoDataFrame, tuple[str, ...]]:
    """Read an uploaded file with the same loaders and checks as the CLI (cached per content); with
    the loaders' warnings about it (swapped coordinates, outside the incident's region, rings
    closed), which the page shows beside the upload, every time it is shown.

    The app's own limit applies (:data:`~sitrep.settings.MAX_UPLOAD_UNPACKED_MB`, far below
    the CLI's), and uploads are read one at a time (a second one waits, with a spinner).
    The bytes go to a private temporary folder (mode 0700) that is removed as
    soon as the file is read, under a fixed name: only the suffix of the
    user's file name is used, and only if it is one the loaders accept.
    """
    suffix = Path(name.replace("\\", "/")).suffix.lower() if "\0" not in name else ""
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError(None, f"has an extension sitrep does not read; expected one of {' '.join(UPLOAD_SUFFIXES)}", field="file name")
    limit = MAX_UPLOAD_UNPACKED_MB
    if len(data) > limit * 1e6:
        raise InputError(None, f"is {len(data) / 1e6:,.0f} MB, more than the app reads from one upload ({limit:,.0f} MB); split it into smaller files")
    if not _UPLOAD_LOCK.acquire(blocking=False):
        with st.spinner("Waiting for another upload to be read…"):
            _UPLOAD_LOCK.acquire()
    try:
        return _read_upload(suffix, name, data, region, limit)
    finally:
        _UPLOAD_LOCK.release()


def _read_upload(suffix: str, name: str, data: bytes, region: tuple[float, float, float, float],
                 limit: float) -> tuple[gpd.GeoDataFrame, tuple[str, ...]]:  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="sitrep-upload-") as folder:  # created 0700
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        source = name[:120]
        if suffix in JSON_SUFFIXES:
            try:
                doc = load_json(path, max_mb=limit)
            except InputError as exc:
                raise InputError(None, exc.message, row=exc.row, field=exc.field) from None
            if looks_like_usgs(doc):
                return _named(lambda: load_layer(path, "epicentres", max_mb=limit), path)
            del doc  # not kept while the loader parses the file again
        return _named(lambda: load_layer(path, expect_within=region, default_source=source, max_mb=limit), path, region)


def _named(read, path: Path, region: tuple[float, float, float, float] | None = None) -> tuple[gpd.GeoDataFrame, tuple[str, ...]]:
    # Errors and warnings name the temporary file; the page says which upload it was, so drop the path.
    # Only warnings naming this file are kept: another session's run may warn meanwhile.
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UserWarning)
            gdf = read()
            if region is not None and not any(issubclass(w.category, SuspectedSwapWarning) for w in caught):
                warn_outside_region(gdf, region, path)  # a file of another place (the swap warning says more)
    except InputError as exc:
        message = exc.message.replace(str(path), "the file")
        raise InputError(None, message, row=exc.row, field=exc.field) from None
    said = tuple(dict.fromkeys(str(w.message).replace(f"{path}: ", "").replace(str(path), "the file")
                               for w in caught if str(path) in str(w.message)))  # fmt: skip
    return gdf, said


@st.cache_data(show_spinner=False, max_entries=64)
def casualty_chart(version: tuple[int, ...], t: pd.Timestamp, _store: Store, url: str = "", *, incident: str,
                   by: str = "observed") -> dict:  # fmt: skip
    """Vega-Lite spec of the casualty chart (the incident's scope, its zone) from the figures known at ``t``.

    Nothing observed after ``t`` is in it. Pass ``t`` = :func:`last_change` of the records,
    so that one entry serves every slider position between two reports.
    """
    from .charts import casualties_spec

    spec, _ = scenario(incident)
    return casualties_spec(history(known_records(version, _store, url, incident=incident, by=by), t), spec.scope, spec.tzinfo)


@st.cache_data(show_spinner=False, max_entries=64)
def station_chart(version: tuple[int, ...], t: pd.Timestamp, _store: Store, url: str = "", *, incident: str) -> dict:
    """Vega-Lite spec of the stations-out/restored chart up to ``t`` (pass :func:`last_change` of the stations)."""
    from .charts import stations_spec

    spec, _ = scenario(incident)
    return stations_spec(station_log(version, _store, url, incident=incident).series_until(t), spec.tzinfo)


def station_counts_as_of(version: tuple[int, ...], t: pd.Timestamp, _store: Store, url: str = "", *, incident: str) -> dict[str, int]:
    """Stations of the layer out / restored at ``t`` (:func:`sitrep.timeline.station_counts`, as the report and chart)."""
    return station_log(version, _store, url, incident=incident).counts(t)


@st.cache_resource(show_spinner=False)
def solutions(name: str = DEFAULT_SCENARIO) -> dict[str, Epicentre]:
    """The incident's epicentre solutions by id, in the layer's order (read once per process; frozen)."""
    _, layers = scenario(name)
    return {str(i): Epicentre.from_frame(layers["epicentres"], i) for i in layers["epicentres"]["id"]}


@st.cache_resource(show_spinner=False)
def incident(name: str = DEFAULT_SCENARIO) -> Incident:
    """What an update is checked against (area, population, station ids, earthquake time)."""
    return Incident.from_scenario(*scenario(name))


#: Shaking estimates kept per process (the same inputs, the same read-only field): at most this many.
SHAKING_ENTRIES = 16
_shaking_lock = threading.Lock()
_shaking_runs: dict[tuple, Future] = {}
# One worker: an estimate (1-2 s of numpy on a 2-core machine) runs beside the page's own work
# (imports, the store, the cards), never several at once.
_shaking_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sitrep-shaking")


def prefetch_shaking(name: str, solution: Epicentre, from_rupture: bool, shakemap: str | None) -> None:
    """Start :func:`shaking` for these inputs in the background (nothing if it is known or running).

    The Situation page calls it as soon as the incident is read, with the view it will most
    likely show, so the model field is computed while the page opens the store and draws the
    cards; :func:`shaking` then waits for that run instead of starting its own.
    """
    _shaking_run(name, solution, from_rupture, shakemap)


def shaking(name: str, solution: Epicentre, from_rupture: bool, shakemap: str | None) -> tuple:
    """(field, assess() dict, map overlay GeoJSON, reason) for the page; read-only, shared by sessions.

    ``shakemap`` is the incident's ShakeMap known at the page's time (None: the model, from
    ``solution`` or the incident's rupture). Keyed by those only: moving the clock costs nothing
    until a ShakeMap becomes known. Computed once per server process and inputs (a failure is
    raised to each caller and not kept); a run started by :func:`prefetch_shaking` is waited for.
    """
    run = _shaking_run(name, solution, from_rupture, shakemap)
    if run.done():
        return _result(run, _shaking_key(name, solution, from_rupture, shakemap))
    with st.spinner("Estimating shaking…"):
        return _result(run, _shaking_key(name, solution, from_rupture, shakemap))


def _shaking_key(name: str, solution: Epicentre, from_rupture: bool, shakemap: str | None) -> tuple:
    # the solution by its text: a field holding NaN (no depth) would make equal solutions unequal keys
    return name, repr(solution), bool(from_rupture), shakemap


def _shaking_run(name: str, solution: Epicentre, from_rupture: bool, shakemap: str | None) -> Future:
    key = _shaking_key(name, solution, from_rupture, shakemap)
    with _shaking_lock:
        run = _shaking_runs.get(key)
        if run is None:
            spec, layers = scenario(name)  # in the page's thread: Streamlit's cache needs its context
            run = _shaking_pool.submit(_estimate_shaking, spec, layers, solution, from_rupture, shakemap)
            _shaking_runs[key] = run
            for old in [k for k, r in _shaking_runs.items() if r.done()][: max(0, len(_shaking_runs) - SHAKING_ENTRIES)]:
                del _shaking_runs[old]  # the oldest finished ones
        return run


def _result(run: Future, key: tuple):
    try:
        return run.result()
    except BaseException:
        with _shaking_lock:
            if _shaking_runs.get(key) is run:
                del _shaking_runs[key]  # a failure is not kept: the next run tries again
        raise


def _estimate_shaking(spec: ScenarioSpec, layers: dict[str, gpd.GeoDataFrame], solution: Epicentre, from_rupture: bool,
                      shakemap: str | None) -> tuple:  # fmt: skip
    from ..intensity.source import incident_assessment
    from ..maps.mapview import intensity_doc

    rupture = shapely.union_all(layers["rupture"].geometry.to_numpy()) if from_rupture and "rupture" in layers else None
    field, impact, why = incident_assessment(spec, layers, epicentre=solution, shakemap=shakemap, rupture=rupture,
                                             use_incident_shakemap=False)  # fmt: skip
    return field, impact, (intensity_doc(field) if field is not None else None), why
