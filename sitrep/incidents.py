"""Make and describe a user's incidents in ``$SITREP_HOME/incidents/``.

An incident is an earthquake (one or more epicentre solutions: origin time, magnitude,
position), a title, a time zone, a region its data should fall in, default distance
bands, the reference solution bands are measured from, and layers. It is stored in the
layout of the bundled catalog (see :mod:`sitrep.io.catalog`)::

    $SITREP_HOME/incidents/nepal.toml              the incident's metadata
    $SITREP_HOME/incidents/nepal/epicentres.toml   one spec per layer ...
    $SITREP_HOME/incidents/nepal/epicentres.parquet  ... and its data (GeoParquet, EPSG:4326)

Everything is written to a temporary folder beside the target, checked by reading it
back, and renamed into place: a failure leaves nothing half-written. The incident's
``NAME.toml`` is written last, so a folder without it (an interrupted creation) is not an
incident and is replaced by the next ``sitrep incident new``.

File reading goes through :mod:`sitrep.io` (the same loaders and checks as ``sitrep check``).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import math
import os
import shutil
import tempfile
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .present import latlon_text
from .text import invisible_character, visible_line
from .errors import InputError
from . import settings
from .io.catalog import USER, IncidentSpec, check_name, incidents_dir, list_incidents, list_scenarios, read_scenario_spec
from .io.reader import CSV_SUFFIXES, warn_outside_region
from .schema import KINDS, conform, feature_label
from .timeutil import incident_zone, utc_label

__all__ = [
    "Event",
    "NewIncident",
    "REGION_MARGIN_DEG",
    "event_from_file",
    "event_from_values",
    "default_region",
    "nautical_offset_hours",
    "create_incident",
    "add_layer",
    "default_layer_name",
    "describe_incident",
    "file_sha256",
    "toml_text",
    "SHAKEMAP_DIR",
    "add_shakemap",
    "incident_shakemap",
    "shakemap_record",
]

log = logging.getLogger("sitrep")

#: Half the side of the default region around the epicentre, degrees of latitude and longitude.
REGION_MARGIN_DEG: float = 3.0

#: Drawing order, title and map style of a layer added with ``sitrep incident add``, per kind
#: (the bundled Dingri 2025 incident's choices).
_KIND_DEFAULTS: dict[str, dict] = {
    "context": {"title": "Context", "order": 5, "style": {"border": "#6a3d9a", "river": "#4a90c2", "lake": "#9ecae1"}},
    "county": {"title": "Boundary", "order": 10, "style": {"weight": 2, "fill_opacity": 0.03}},
    "villages": {"title": "Villages", "order": 40, "style": {"radius": 4}, "sum_fields": ["population"]},
    "base_stations": {"title": "Base stations", "order": 50, "style": {"radius": 2}},
    "features": {"title": "Features", "order": 55, "style": {"radius": 4}},
    "reservoirs": {"title": "Reservoirs", "order": 60, "style": {"radius": 7}},
    "hydropower": {"title": "Hydropower stations", "order": 61, "style": {"radius": 7}},
    "townships": {"title": "Township seats", "order": 70, "style": {"radius": 6}},
    "rupture": {"title": "Surface rupture", "order": 80, "style": {"weight": 4}},
    "epicentres": {"title": "Epicentre solutions", "order": 90, "style": {"marker": "star"}},
}

_MISSING_SOURCE = "\x00no source"
_MISSING_PROVENANCE = "\x00no provenance"
_MAX_TEXT = 500


@dataclass(frozen=True)
class Event:
    """An earthquake as ``sitrep incident new`` reads it.

    ``solutions`` is an epicentres layer (EPSG:4326, one row per solution, ``origin_time``
    UTC); ``reference`` the id of the solution bands are measured from. ``place``,
    ``title`` and ``tz_minutes`` (the USGS ``properties.tz``, minutes east of UTC) are
    what the event file says, empty/None when it says nothing.
    """

    solutions: gpd.GeoDataFrame
    reference: str
    title: str = ""
    place: str = ""
    tz_minutes: int | None = None
    original: str = ""
    sha256: str = ""

    @property
    def row(self) -> pd.Series:
        return self.solutions.loc[self.solutions["id"] == self.reference].iloc[0]

    @property
    def lon(self) -> float:
        return float(self.row.geometry.x)

    @property
    def lat(self) -> float:
        return float(self.row.geometry.y)


@dataclass
class NewIncident:
    """What ``sitrep incident new`` was asked for; empty values take defaults from the event."""

    name: str
    event: Event
    title: str = ""
    title_local: str = ""
    timezone: str = ""
    utc_offset_hours: float | None = None
    bands_km: tuple[float, ...] = (0.0, 10.0, 20.0, 50.0)
    region: tuple[float, float, float, float] | None = None
    scope: str = ""
    population: int | None = None
    notice: str = ""
    notes: list[str] = field(default_factory=list)
    #: ISO 3166 alpha-2 country for the fatality model and the intensity model's region; fault strike (degrees).
    country: str = ""
    strike_deg: float | None = None


# --- the event --------------------------------------------------------------------------------


def event_from_file(text: str) -> Event:
    """Read a USGS event GeoJSON (``FILE``, or ``FILE#ID`` for one event of a feed) as an :class:`Event`.

    The solution comes from :func:`sitrep.io.load_event`; the title, place and
    ``properties.tz`` from the same document. A file with several events and no ``#ID``
    is refused with the candidates listed.
    """
    from .io import load_event
    from .io.reader import load_json

    solutions = load_event(text)  # a feed of several events without #ID: refused, its events listed
    path = _existing_file(text)
    if len(solutions) != 1:
        ids = ", ".join(str(i) for i in solutions["id"][:20])
        raise InputError(text, f"holds {len(solutions)} events ({ids}); name one as FILE#ID, e.g. {path or text}#{solutions['id'].iloc[0]}")
    reference = str(solutions["id"].iloc[0])
    props: dict = {}
    if path is not None:
        try:
            doc = load_json(path, what="USGS event GeoJSON")
        except InputError:
            doc = None
        feats = doc.get("features", []) if isinstance(doc, dict) and doc.get("type") == "FeatureCollection" else [doc]
        for feat in feats:
            if isinstance(feat, dict) and isinstance(feat.get("properties"), dict):
                if len(feats) == 1 or str(feat.get("id")) == reference:
                    props = feat["properties"]
                    break
    tz = props.get("tz")
    tz_minutes = int(tz) if isinstance(tz, (int, float)) and not isinstance(tz, bool) and math.isfinite(tz) and abs(tz) <= 14 * 60 else None
    return Event(
        solutions=solutions,
        reference=reference,
        title=_plain(props.get("title")),
        place=_plain(props.get("place")),
        tz_minutes=tz_minutes,
        original=path.name if path else "",
        sha256=file_sha256(path) if path else "",
    )


def event_from_values(
    lat: float, lon: float, time: pd.Timestamp, magnitude: float, *, depth_km: float = 10.0, event_id: str = "epicentre",
    agency: str = "", source: str = "", magnitude_type: str = "",
) -> Event:
    """An :class:`Event` from values given on the command line (degrees, UTC time, km)."""
    if not (math.isfinite(lat) and -90 <= lat <= 90):
        raise InputError(None, f"latitude {lat:g} is outside -90..90; write LAT,LON (latitude first)", field="--epicentre")
    if not (math.isfinite(lon) and -180 <= lon <= 180):
        raise InputError(None, f"longitude {lon:g} is outside -180..180", field="--epicentre")
    if not (math.isfinite(magnitude) and -2 <= magnitude <= 10):
        raise InputError(None, f"magnitude {magnitude:g} is outside -2..10", field="--magnitude")
    if not (math.isfinite(depth_km) and -10 <= depth_km <= 800):
        raise InputError(None, f"depth {depth_km:g} km is outside -10..800 km", field="--depth")
    event_id = check_name(event_id, what="event id", field="--event-id")
    frame = gpd.GeoDataFrame(
        {
            "id": [event_id], "name": [agency or event_id], "agency": [agency or "reported"], "origin_time": [time],
            "depth_km": [depth_km], "magnitude": [magnitude], "magnitude_type": [magnitude_type], "event_id": [event_id],
            "provenance": ["reported"], "source": [source or "given to sitrep incident new (--epicentre --time --magnitude)"],
        },
        geometry=gpd.points_from_xy([lon], [lat]),
        crs="EPSG:4326",
    )  # fmt: skip
    # depth_km may be negative (above sea level, as USGS reports); the schema's minimum is for files
    frame = conform(frame.assign(depth_km=[max(depth_km, 0.0)]), "epicentres", path="--epicentre", default_source="--epicentre")
    return Event(solutions=frame.assign(depth_km=[depth_km]), reference=event_id)


# --- defaults -----------------------------------------------------------------------------------


def nautical_offset_hours(lon: float) -> int:
    """The nautical time zone of longitude ``lon`` (degrees east): ``round(lon / 15)`` hours.

    >>> nautical_offset_hours(84.73), nautical_offset_hours(-178.15), nautical_offset_hours(7.4)
    (6, -12, 0)
    """
    return int(max(-12, min(12, math.floor(lon / 15 + 0.5))))


def default_region(lon: float, lat: float, margin_deg: float = REGION_MARGIN_DEG) -> tuple[float, float, float, float]:
    """``[min_lon, min_lat, max_lon, max_lat]``: ``margin_deg`` around the point, clipped to -180..180 / -90..90.

    Near the antimeridian the box stops at +-180 (a region is one box, and it only serves to
    spot swapped longitude/latitude): give ``--region`` for data on the far side.

    >>> default_region(84.73, 28.23)
    (81.73, 25.23, 87.73, 31.23)
    >>> default_region(178.5, -89.0)
    (175.5, -90.0, 180.0, -86.0)
    """
    return (
        round(max(-180.0, lon - margin_deg), 6),
        round(max(-90.0, lat - margin_deg), 6),
        round(min(180.0, lon + margin_deg), 6),
        round(min(90.0, lat + margin_deg), 6),
    )


def _zone(new: NewIncident) -> tuple[str, float]:
    """(IANA name or "", UTC offset hours) from the options, else the event, else the nautical zone (noted)."""
    if new.timezone:
        try:
            incident_zone(new.timezone)
        except ValueError as exc:
            raise InputError(None, str(exc), field="--tz") from None
        return new.timezone, 0.0
    if new.utc_offset_hours is not None:
        hours = new.utc_offset_hours
        if not (math.isfinite(hours) and -12 <= hours <= 14 and float(hours * 4).is_integer()):
            raise InputError(None, f"UTC offset {hours:g} h must be a multiple of 0.25 in -12..14, e.g. 5.75 for UTC+5:45", field="--utc-offset")
        return "", hours
    if new.event.tz_minutes is not None:
        hours = new.event.tz_minutes / 60
        new.notes.append(f"time zone {utc_label(pd.Timedelta(minutes=new.event.tz_minutes))} from the event file's properties.tz")
        return "", hours
    hours = float(nautical_offset_hours(new.event.lon))
    new.notes.append(
        f"time zone {utc_label(pd.Timedelta(hours=hours))} is a guess from the longitude (nautical zone, round(lon/15)); "
        "set the local zone with --tz Area/City (e.g. Asia/Kathmandu) or --utc-offset H"
    )
    return "", hours


# --- writing ------------------------------------------------------------------------------------


def create_incident(new: NewIncident, *, force: bool = False) -> IncidentSpec:
    """Write incident ``new.name`` in ``$SITREP_HOME/incidents/`` and return it as read back.

    Refuses a name that is not a safe slug, the name of a bundled incident, and (without
    ``force``) an existing incident. Nothing is left behind when anything fails.
    """
    name = check_name(new.name)
    existing = {loc.name: loc for loc in list_incidents()}
    if name in list_scenarios(settings.LAYERS_DIR):
        raise InputError(None, f"'{name}' is the name of a bundled incident; choose another name", field="NAME")
    home = incidents_dir()
    if name in existing and not force:
        raise InputError(None, f"incident '{name}' already exists in {home}; add --force to replace it", field="NAME")
    event = new.event
    timezone, offset = _zone(new)
    where = latlon_text(float(event.row.geometry.y), float(event.row.geometry.x), decimals=2)
    fallback = f"M{event.row['magnitude']:.1f} earthquake " + (where if event.reference == "epicentre" else event.reference)
    title = _user_text(new.title or event.title or fallback, "--title")
    region = new.region or default_region(event.lon, event.lat)
    meta = {
        "name": name,
        "title": title,
        "title_zh": _user_text(new.title_local, "--title-local"),
        "utc_offset_hours": offset,
        "timezone": timezone,
        "reference_solution": event.reference,
        "bands_km": list(new.bands_km),
        # shown as "Illustrative data: ..." on the map and in reports: only when the team says so
        "notice": _user_text(new.notice or "", "--notice"),
        "region": list(region),
        "scope": _user_text(new.scope or event.place or title, "--scope"),
    }
    if not timezone:
        del meta["timezone"]
    if new.population is not None:
        meta["population"] = int(new.population)
    if new.country:
        meta["country"] = new.country
    if new.strike_deg is not None:
        meta["strike_deg"] = float(new.strike_deg)
    agency = str(event.row.get("agency", "")) or "the event"
    layer = _layer_meta(
        "epicentres", "epicentres", title="Epicentre solutions", legend=f"Epicentre ({agency} {event.reference})",
        note=f"Reported: {event.row['source']}", original=event.original, sha256=event.sha256,
    )  # fmt: skip
    home.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".tmp", dir=home))
    try:
        folder = stage / name
        folder.mkdir()
        _write_frame(event.solutions, folder / "epicentres.parquet")
        _write_text(folder / "epicentres.toml", toml_text(layer))
        _write_text(stage / f"{name}.toml", toml_text(meta))
        _check_staged(name, stage)
        with _home_lock(home):  # two `incident new NAME` at once: the second finds the first's
            if not force and (home / f"{name}.toml").exists():  # (a folder alone is an interrupted creation)
                raise InputError(None, f"incident '{name}' was created meanwhile (by another command) in {home}; "
                                       "add --force to replace it", field="NAME")  # fmt: skip
            _publish(name, stage, home)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return read_scenario_spec(name)


def add_layer(
    incident: str, file: str, kind: str, *, name: str = "", crs: str | None = None, provenance: str = "", source: str = "",
    title: str = "", title_local: str = "", legend: str = "", note: str = "", coverage: str = "bounds", force: bool = False,
) -> tuple[IncidentSpec, gpd.GeoDataFrame]:
    """Check ``file`` as a layer of ``kind`` and copy it into the user's incident as GeoParquet.

    The checks are those of ``sitrep check FILE --kind KIND`` (:func:`sitrep.io.load_layer`,
    which also reads OpenCellID CSVs and USGS event files by content). Features without a
    ``provenance`` or ``source`` take ``provenance`` / ``source``; when those are not given
    either, the file is refused saying what to add. Returns the incident as read back and the
    layer as stored.
    """
    from .io import load_layer

    spec = read_scenario_spec(incident)
    if spec.origin != USER:
        raise InputError(None, f"'{spec.name}' is a bundled incident and is not changed; make your own with "
                               f"'sitrep incident new NAME --event FILE' and add layers to it", field="NAME")  # fmt: skip
    if kind not in KINDS:
        raise InputError(None, f"unknown layer kind '{kind}'; expected one of {', '.join(KINDS)}", field="--kind")
    layer_name = check_name(name or default_layer_name(kind, file), what="layer name", field="--name")
    if layer_name in spec.layer_names and not force:
        raise InputError(None, f"incident '{spec.name}' already has a layer '{layer_name}'; add --force to replace it, "
                               "or --name OTHER to add another", field="--name")  # fmt: skip
    if provenance and provenance not in settings.PROVENANCE_VALUES:
        raise InputError(None, f"expected one of {' / '.join(settings.PROVENANCE_VALUES)}, got {provenance[:40]!r}", field="--provenance")
    if not (coverage == "bounds" or coverage.startswith("disc:") or coverage in spec.layer_names):
        raise InputError(None, f"coverage {coverage[:40]!r}: expected 'bounds', 'disc:KM' or a layer of the incident "
                               f"({', '.join(spec.layer_names)})", field="--coverage")  # fmt: skip
    gdf = load_layer(
        file, kind, crs=crs, expect_within=spec.region,
        default_source=_user_text(source, "--source") or _MISSING_SOURCE, default_provenance=provenance or _MISSING_PROVENANCE,
    )  # fmt: skip
    _require_filled(gdf, file)
    warn_outside_region(gdf, spec.region, file)
    if kind == "epicentres" and layer_name == "epicentres" and spec.reference_solution not in set(gdf["id"]):
        raise InputError(file, f"has no solution '{spec.reference_solution}', the incident's reference solution; the 'epicentres' "
                               f"layer must keep it (it has {', '.join(map(str, gdf['id'][:10]))}); add it under another --name",
                         field="id")  # fmt: skip
    path = _existing_file(file)
    original = path.name if path else str(file)
    defaults = _KIND_DEFAULTS.get(kind, _KIND_DEFAULTS["features"])
    counts = gdf["provenance"].value_counts()
    layer = _layer_meta(
        layer_name, kind,
        title=_user_text(title, "--title") or defaults["title"],
        title_zh=_user_text(title_local, "--title-local"),
        legend=_user_text(legend, "--legend"),
        note=_user_text(note, "--note") or f"Copied from {original} ({', '.join(f'{v} {k}' for k, v in counts.items())}).",
        coverage=coverage,
        original=original,
        sha256=file_sha256(path) if path else "",
    )  # fmt: skip
    folder = spec.folder
    stage = Path(tempfile.mkdtemp(prefix=f".{layer_name}.", suffix=".tmp", dir=folder))
    try:
        _write_frame(gdf, stage / f"{layer_name}.parquet")
        _write_text(stage / f"{layer_name}.toml", toml_text(layer))
        load_layer(stage / f"{layer_name}.parquet", kind)  # what is stored reads back
        os.replace(stage / f"{layer_name}.parquet", folder / f"{layer_name}.parquet")
        os.replace(stage / f"{layer_name}.toml", folder / f"{layer_name}.toml")  # the layer exists from here on
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return read_scenario_spec(spec.name), gdf


def describe_incident(spec: IncidentSpec, *, load: bool = True) -> dict:
    """A JSON-ready summary of an incident: metadata, event (reference solution) and layers.

    With ``load`` each layer is read to count its features, provenance and sources; a layer
    that cannot be read is reported with its error instead.
    """
    from .io.scenario import load_scenario_layer
    from .timeutil import format_local

    tz = spec.tzinfo
    out: dict = {
        "name": spec.name, "title": spec.title, "title_local": spec.title_zh, "origin": spec.origin,
        "where": str(spec.spec_path.parent), "time_zone": _zone_label(spec), "region": list(spec.region),
        "bands_km": list(spec.bands_km), "reference_solution": spec.reference_solution, "scope": spec.scope,
        "population": spec.population, "notice": spec.notice, "event": None, "layers": [],
    }  # fmt: skip
    for ls in spec.layers:
        row: dict = {"layer": ls.name, "kind": ls.kind, "file": str(ls.file), "original": ls.original, "sha256": ls.sha256, "title": ls.title}
        if load:
            try:
                gdf = load_scenario_layer(ls, spec)
            except Exception as exc:  # noqa: BLE001 - a broken layer is shown, not fatal to the listing
                row["error"] = " ".join(str(exc).split())[:300]
            else:
                row["features"] = len(gdf)
                row["provenance"] = {str(k): int(v) for k, v in gdf["provenance"].value_counts().items()}
                row["sources"] = [str(s) for s in gdf["source"].drop_duplicates().head(5)]
                if ls.kind == "epicentres" and spec.reference_solution in set(gdf["id"]):
                    ref = gdf.loc[gdf["id"] == spec.reference_solution].iloc[0]
                    ts = pd.Timestamp(ref["origin_time"])
                    out["event"] = {
                        "id": spec.reference_solution, "origin_time_utc": ts.isoformat(),
                        "origin_time_local": format_local(ts, tz=tz), "magnitude": float(ref["magnitude"]),
                        "magnitude_type": str(ref.get("magnitude_type", "") or ""), "lat": float(ref.geometry.y),
                        "lon": float(ref.geometry.x), "source": str(ref["source"]),
                    }  # fmt: skip
        out["layers"].append(row)
    out["shakemap"] = shakemap_record(spec)
    return out


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes, hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def toml_text(data: dict) -> str:
    """TOML for a flat dict of text, numbers, booleans and lists, with one table ``style`` last.

    Text is written as TOML basic strings (JSON escapes, plus DEL); the result is read back
    and compared, so user text can never add or change a key.
    """
    lines = []
    for key, value in data.items():
        if key != "style":
            lines.append(f"{key} = {_toml_value(value)}")
    if "style" in data:
        lines.append("[style]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in data["style"].items()]
    text = "\n".join(lines) + "\n"
    if tomllib.loads(text) != json.loads(json.dumps(data)):
        raise ValueError("TOML text does not read back as written")  # a bug: the values above are all plain
    return text


# --- the incident's ShakeMap (issue 11) -------------------------------------------------------------

#: The folder (inside the incident's folder) holding its ShakeMap grid and ``shakemap.toml``. A subfolder:
#: the incident's own folder holds one ``.toml`` per GeoParquet layer, and a ShakeMap grid is not a layer.
SHAKEMAP_DIR = "shakemap"

_SHAKEMAP_KEYS = ("file", "original", "sha256", "event_id", "version", "process_timestamp", "origin_time", "magnitude",
                  "event_type", "map_status", "description", "added_utc")  # fmt: skip


def shakemap_record(spec: IncidentSpec) -> dict | None:
    """What ``shakemap/shakemap.toml`` records about the incident's ShakeMap (file, original name, SHA-256,
    event id, version, process time ...), or None when the incident has none (the bundled Dingri incident)."""
    path = spec.folder / SHAKEMAP_DIR / "shakemap.toml"
    if not path.is_file():
        return None
    from .errors import SpecError

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SpecError(f"{path}: cannot be read ({' '.join(str(exc).split())[:200]})") from None
    file = data.get("file")
    if not isinstance(file, str) or Path(file).name != file or file in ("", ".", ".."):
        raise SpecError(f"{path}: 'file' must name a file in {path.parent}, got {str(file)[:80]!r}")
    return {k: data[k] for k in _SHAKEMAP_KEYS if k in data}


def incident_shakemap(spec: IncidentSpec) -> Path | None:
    """The incident's ShakeMap grid (``grid.xml`` or ``grid.xml.zip`` as added), or None when it has none.

    Read it with :func:`sitrep.io.shakemap.read_shakemap_grid`. Added with
    ``sitrep incident add NAME grid.xml --kind shakemap`` (:func:`add_shakemap`).
    """
    record = shakemap_record(spec)
    if record is None:
        return None
    path = spec.folder / SHAKEMAP_DIR / record["file"]
    if not path.is_file():
        from .errors import SpecError

        raise SpecError(f"{spec.folder / SHAKEMAP_DIR / 'shakemap.toml'}: its grid {record['file']!r} is missing; "
                        f"add the ShakeMap again with sitrep incident add {spec.name} grid.xml --kind shakemap --force")  # fmt: skip
    return path


def add_shakemap(incident: str, file: str | Path, *, force: bool = False) -> tuple[IncidentSpec, object, dict | None]:
    """Check ``file`` as a ShakeMap ``grid.xml`` (or ``grid.xml.zip``) and keep a copy with the incident.

    The grid is read with :func:`sitrep.io.shakemap.read_shakemap_grid` (every check of
    ``sitrep intensity --shakemap``), copied byte for byte to
    ``$SITREP_HOME/incidents/NAME/shakemap/`` with ``shakemap.toml`` recording its original name,
    SHA-256, event id, version and times, staged and renamed into place. A second ShakeMap
    replaces the first only with ``force`` (a newer version is the usual case). A grid whose
    event lies outside the incident's region is warned about. Returns the incident as read back,
    the grid's :class:`~sitrep.intensity.field.MMIField` and the record it replaced (or None).
    """
    import warnings

    from .io.shakemap import read_shakemap_grid

    spec = read_scenario_spec(incident)
    if spec.origin != USER:
        raise InputError(None, f"'{spec.name}' is a bundled incident and is not changed; make your own with "
                               f"'sitrep incident new NAME --event FILE' and add the ShakeMap to it", field="NAME")  # fmt: skip
    path = _existing_file(file)
    if path is None:
        raise InputError(file, "does not exist or is not a file; expected a ShakeMap grid.xml (or grid.xml.zip)")
    field_ = read_shakemap_grid(path)
    meta = field_.meta
    old = shakemap_record(spec)
    new_label = f"{meta['event_id']} version {meta['version']}"
    if old is not None and not force:
        raise InputError(None, f"incident '{spec.name}' already has ShakeMap {old.get('event_id', '?')} version {old.get('version', '?')} "
                               f"(processed {old.get('process_timestamp', '?')}); add --force to replace it with {new_label}",
                         field="--force")  # fmt: skip
    mismatch = _shakemap_mismatch(spec, meta)
    if mismatch and not force:  # another earthquake's ShakeMap would silently replace this one's shaking everywhere
        raise InputError(file, f"the ShakeMap's event {meta['event_id']} {mismatch}: is it for this incident? "
                               "add --force to keep it anyway", field="event")  # fmt: skip
    if mismatch:
        warnings.warn(f"{file}: the ShakeMap's event {meta['event_id']} {mismatch}; kept because of --force", UserWarning, stacklevel=2)
    stored = "grid.xml.zip" if path.read_bytes()[:4] == b"PK\x03\x04" else "grid.xml"
    record = {
        "file": stored, "original": path.name, "sha256": file_sha256(path), "event_id": meta["event_id"], "version": meta["version"],
        "process_timestamp": meta["process_timestamp"], "origin_time": meta["origin_time"], "magnitude": meta["magnitude"],
        "event_type": meta["event_type"], "map_status": meta["map_status"], "description": meta["description"],
        "added_utc": pd.Timestamp.now(tz="UTC").floor("s").isoformat(),
    }  # fmt: skip
    record = {k: v for k, v in record.items() if v is not None and v != ""}
    folder = spec.folder
    stage = Path(tempfile.mkdtemp(prefix=".shakemap.", suffix=".tmp", dir=folder))
    try:
        staged = stage / SHAKEMAP_DIR
        staged.mkdir()
        shutil.copyfile(path, staged / stored)
        _write_text(staged / "shakemap.toml", toml_text(record))
        if file_sha256(staged / stored) != record["sha256"]:  # the file changed while it was copied
            raise InputError(file, "changed while it was being copied; try again")
        read_shakemap_grid(staged / stored)  # what is stored reads back
        target = folder / SHAKEMAP_DIR
        replaced = stage / ".replaced"
        with _home_lock(folder):  # two `add --kind shakemap` at once: the second sees the first's
            if not force and shakemap_record(spec) is not None:
                raise InputError(None, f"incident '{spec.name}' was given a ShakeMap meanwhile (by another command); "
                                       f"add --force to replace it with {new_label}", field="--force")  # fmt: skip
            if target.exists():
                os.replace(target, replaced)
            try:
                os.replace(staged, target)
            except BaseException:
                if replaced.exists():
                    os.replace(replaced, target)
                raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return read_scenario_spec(spec.name), field_, old


# --- private steps ------------------------------------------------------------------------------


def _layer_meta(name: str, kind: str, *, title: str, title_zh: str = "", legend: str = "", note: str = "", coverage: str = "bounds",
                original: str = "", sha256: str = "") -> dict:  # fmt: skip
    defaults = _KIND_DEFAULTS.get(kind, _KIND_DEFAULTS["features"])
    meta = {"name": name, "kind": kind, "file": f"{name}.parquet", "title": title, "title_zh": title_zh, "legend": legend or title,
            "provenance_note": note, "coverage": coverage}  # fmt: skip
    if defaults.get("sum_fields"):
        meta["sum_fields"] = list(defaults["sum_fields"])
    meta["order"] = defaults["order"]
    if original:
        meta["original"] = original
    if sha256:
        meta["sha256"] = sha256
    meta["style"] = dict(defaults["style"])
    return meta


def default_layer_name(kind: str, file: str) -> str:
    """The layer name ``sitrep incident add`` uses without ``--name``: the kind, or the file's stem for features."""
    if kind not in ("features", "context"):
        return kind
    stem = Path(str(file).split("#")[0]).stem.lower()
    slug = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in stem).strip("_-")[:64]
    return slug or kind


def _require_filled(gdf: gpd.GeoDataFrame, file: str) -> None:
    for column, marker, option, example in (
        ("provenance", _MISSING_PROVENANCE, "--provenance", " / ".join(settings.PROVENANCE_VALUES)),
        ("source", _MISSING_SOURCE, "--source", "'who published it'"),
    ):
        missing = gdf[column] == marker
        if missing.any():
            i = int(missing.to_numpy().argmax())
            where = feature_label(i, gdf["id"].iloc[i], csv=str(file).lower().endswith(CSV_SUFFIXES))
            raise InputError(file, f"has no {column}; add a '{column}' column or {option} {example}", row=where, field=column)


def _write_frame(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """GeoParquet in EPSG:4326; text-like columns of mixed types are written as text."""
    out = gdf.copy()
    for col in out.columns:
        if col != out.geometry.name and out[col].dtype == object:
            out[col] = out[col].map(lambda v: None if v is None or (isinstance(v, float) and math.isnan(v)) else str(v))
    out.to_parquet(path, index=False)


def _write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def _check_staged(name: str, stage: Path) -> None:
    """Read the staged incident back as sitrep will (spec and every layer)."""
    from .io.scenario import load_scenario_layer

    spec = read_scenario_spec(name, layers_dir=stage, root=stage / name)
    for ls in spec.layers:
        load_scenario_layer(ls, spec)


@contextlib.contextmanager
def _home_lock(home: Path):
    """An exclusive lock on the folder ``home`` itself (POSIX advisory; released when the process dies)."""
    fd = os.open(home, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # (closing releases the lock)


def _publish(name: str, stage: Path, home: Path) -> None:
    """Move the staged folder, then the metadata file, into ``home``; an older incident is replaced whole."""
    target, meta = home / name, home / f"{name}.toml"
    old = None
    if target.exists():
        old = stage / ".replaced"
        os.replace(target, old)
    placed = False
    try:
        os.replace(stage / name, target)
        placed = True
        os.replace(stage / f"{name}.toml", meta)
    except BaseException:
        if placed:
            os.replace(target, stage / name)  # take the new folder back out: the old metadata must not see it
        if old is not None:
            os.replace(old, target)
        raise


def _existing_file(text: str | Path) -> Path | None:
    """The file ``text`` names: itself, or without a ``#ID`` / ``:LAYER`` suffix."""
    path = Path(text)
    if path.is_file():
        return path
    for sep in ("#", ":"):
        head = str(text).rsplit(sep, 1)[0]
        if sep in str(text) and Path(head).is_file():
            return Path(head)
    return None


def _user_text(value: str, option: str) -> str:
    """Text given by a person: one line of at most 500 characters that can be written as UTF-8."""
    value = (value or "").strip()
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(None, "is not valid text (undecodable bytes); write it in UTF-8", field=option) from None
    if len(value) > _MAX_TEXT:
        raise InputError(None, f"is {len(value)} characters long; at most {_MAX_TEXT}", field=option)
    if (ch := invisible_character(value)) is not None:  # a scope with ESC or U+202E would pass as another scope
        what = unicodedata.name(ch, "a control character")
        raise InputError(None, f"contains an invisible or control character U+{ord(ch):04X} ({what}); retype it without",
                         field=option)  # fmt: skip
    return value


def _plain(value: object) -> str:
    """Text read from a file (a USGS title or place): one visible line."""
    return visible_line(value)[:_MAX_TEXT] if isinstance(value, str) else ""


def _zone_label(spec: IncidentSpec) -> str:
    from .timeutil import zone_name

    return zone_name(spec.tzinfo)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a finite number: {value!r}")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


#: A ShakeMap's origin time may differ from the incident's solution by this much (agencies differ by seconds).
SHAKEMAP_TIME_TOLERANCE = pd.Timedelta(minutes=10)


def _shakemap_mismatch(spec: IncidentSpec, meta) -> str:
    """Why a ShakeMap does not look like the incident's earthquake ("" when it does): epicentre
    outside the incident's region, or (an ACTUAL map) an origin time far from the incident's."""
    from .io import load_scenario

    x0, y0, x1, y1 = spec.region
    lon, lat = meta.get("lon"), meta.get("lat")
    if lon is not None and lat is not None and not (x0 <= lon <= x1 and y0 <= lat <= y1):
        return (f"({latlon_text(lat, lon, decimals=2)}) is outside the incident's region "
                f"(longitude {x0:g} to {x1:g}, latitude {y0:g} to {y1:g})")  # fmt: skip
    if str(meta.get("event_type", "")).upper() == "SCENARIO" or not meta.get("origin_time"):
        return ""
    _, layers = load_scenario(spec.name)
    times = pd.to_datetime(layers["epicentres"].get("origin_time"), utc=True).dropna() if "epicentres" in layers else []
    if len(times) == 0:
        return ""
    t = pd.Timestamp(str(meta["origin_time"]))
    t = t.tz_localize("UTC") if t.tzinfo is None else t.tz_convert("UTC")
    gap = (times - t).abs().min()
    if gap > SHAKEMAP_TIME_TOLERANCE:
        return f"happened at {t:%Y-%m-%d %H:%M} UTC, {gap} from the incident's earthquake"
    return ""
