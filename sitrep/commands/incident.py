"""``sitrep incident new|add|list|show``: make your own incident from a USGS event and your layers.

Contract (other tools rely on it)::

    sitrep incident new NAME --event USGS_EVENT.geojson [--title T] [--tz Asia/Kathmandu | --utc-offset H]
                             [--bands 0,10,20,50]
    sitrep incident new NAME --epicentre LAT,LON --time ISO --magnitude M [...]
    sitrep incident add NAME FILE --kind KIND [--name LAYER] [--crs CRS]
    sitrep incident add NAME grid.xml --kind shakemap [--force]
    sitrep incident list [--format table|json]
    sitrep incident show NAME [--format table|json]
"""

from __future__ import annotations

import argparse
import math
import sys
from datetime import datetime

import numpy as np
import pandas as pd

from ..errors import InputError
from ..output import render_table, terminal_safe, to_json_text
from ..schema import KINDS
from ..settings import PROVENANCE_VALUES, TIME_OPTION_RANGE
from .options import parse_epicentre

__all__ = ["register", "run"]

EPILOG = """\
examples:
  sitrep incident new nepal --event us20002926.geojson --tz Asia/Kathmandu
                                  an incident from a USGS event-detail file (the event page's
                                  "Download" GeoJSON); title, region and bands default from it
  sitrep incident new nepal --event day.geojson#us20002926
                                  one event of a USGS feed holding several
  sitrep incident new tonga --epicentre=-18.11,-178.15 --time 2025-03-30T12:18Z --magnitude 7.1
                                  without a file (write --epicentre=... when the latitude is negative)
  sitrep incident add nepal villages.csv --kind villages --source "2021 census" --provenance reported
  sitrep incident add nepal 429.csv --kind base_stations          an OpenCellID export
  sitrep incident add nepal grid.xml --kind shakemap             the USGS ShakeMap grid (grid.xml or grid.xml.zip);
                                  a newer version replaces it with --force
  sitrep incident list
  sitrep incident show nepal
  sitrep bands --incident nepal   then every command takes --incident (or set SITREP_INCIDENT=nepal)

incidents live in $SITREP_HOME/incidents (default ~/.local/share/sitrep/incidents): NAME.toml and
a folder NAME/ with one spec (.toml) and one GeoParquet file per layer (and NAME/shakemap/ with
the ShakeMap grid as added and shakemap.toml). The bundled example,
dingri-2025, cannot be changed or shadowed.
"""


def register(sub) -> None:
    p = sub.add_parser(
        "incident",
        help="make your own incident from a USGS event and add your layers; list and show incidents",
        description="Make and inspect incidents: an earthquake (epicentre solutions, origin time, magnitude), "
        "its title, time zone, region and default bands, and its layers, kept in $SITREP_HOME/incidents.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    _register_new(actions)
    _register_add(actions)
    lst = actions.add_parser("list", help="every incident: name, event, origin time, layers, where it lives")
    lst.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: %(default)s)")
    show = actions.add_parser("show", help="one incident: metadata and each layer with count, provenance, source, SHA-256")
    show.add_argument("name", metavar="NAME", help="the incident")
    show.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: %(default)s)")
    p.set_defaults(func=run)


def _register_new(actions) -> None:
    new = actions.add_parser(
        "new",
        help="create an incident from a USGS event file, or from an epicentre, time and magnitude",
        description="Create incident NAME in $SITREP_HOME/incidents with an 'epicentres' layer. Title, scope, "
        "region (3 degrees around the epicentre) and time zone default from the event; a time zone guessed "
        "from the longitude is said so on stderr.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new.add_argument("name", metavar="NAME", help="1-64 lower-case letters, digits, - or _ (it names a folder), e.g. nepal-2015")
    src = new.add_mutually_exclusive_group()
    src.add_argument("--event", metavar="FILE", help="a USGS event GeoJSON (event-detail or summary; FILE#ID for one event of a feed)")
    src.add_argument("--epicentre", metavar="LAT,LON", help="the epicentre in degrees, latitude first (with --time and --magnitude)")
    new.add_argument("--time", metavar="ISO", help="origin time with --epicentre, ISO 8601 with its offset, e.g. 2015-04-25T06:11:26Z")
    new.add_argument("--magnitude", metavar="M", help="magnitude with --epicentre, e.g. 7.8")
    new.add_argument("--depth", metavar="KM", default="10", help="hypocentre depth with --epicentre, km (default: %(default)s)")
    new.add_argument("--event-id", metavar="ID", default="epicentre", help="the solution's id with --epicentre (default: %(default)s)")
    new.add_argument("--agency", default="", help="who published the solution given with --epicentre, e.g. NSC")
    new.add_argument("--title", default="", help="title (default: the event's title, e.g. 'M 7.8 - 36 km E of Khudi, Nepal')")
    new.add_argument("--title-local", default="", help="the title in the local language or Chinese")
    zone = new.add_mutually_exclusive_group()
    zone.add_argument("--tz", metavar="AREA/CITY", default="", help="IANA time zone the incident's times are shown in, e.g. Asia/Kathmandu")
    zone.add_argument("--utc-offset", metavar="H", help="fixed UTC offset in hours instead, e.g. 5.75 (default: the event's "
                      "properties.tz, else the nautical zone round(lon/15), with a note)")  # fmt: skip
    new.add_argument("--bands", metavar="EDGES", default="0,10,20,50", help="default distance bands, km or a preset (default: %(default)s)")
    new.add_argument("--region", metavar="W,S,E,N", help="area the incident's data should fall in, degrees (default: 3 degrees "
                     "around the epicentre, clipped at +-180/+-90)")  # fmt: skip
    new.add_argument("--scope", default="", help="the incident's area, the default scope of figures (default: the event's place or the title)")
    new.add_argument("--population", metavar="N", help="people living in the scope (a sourced figure); caps people counts")
    new.add_argument("--country", metavar="CC", default="", help="ISO 3166 alpha-2 country of the epicentre, e.g. NP: picks the intensity "
                     "model's region and PAGER's fatality model (default: none; sitrep intensity then uses PAGER's default model)")  # fmt: skip
    new.add_argument("--strike", metavar="DEG", type=float, help="fault strike in degrees from north (e.g. the USGS moment tensor's "
                     "nodal plane): orients the elliptical intensity model when no rupture is known")  # fmt: skip
    new.add_argument("--notice", default="", help="shown as \"Illustrative data: NOTICE\" on the map and in reports, e.g. \"village positions are approximate\" (default: none)")
    new.add_argument("--force", action="store_true", help="replace an existing incident of that name (its layers too)")


def _register_add(actions) -> None:
    add = actions.add_parser(
        "add",
        help="check a layer file and copy it into an incident (GeoParquet), recording its SHA-256",
        description="Check FILE as a layer of KIND with the same loaders as 'sitrep check FILE --kind KIND' "
        "(OpenCellID CSVs and USGS event files are recognised by content) and copy it into the incident as "
        "GeoParquet with a layer spec recording the original's name and SHA-256. Every feature needs a "
        "provenance and a source: from the file, else from --provenance / --source.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument("name", metavar="NAME", help="the incident (one made with 'sitrep incident new')")
    add.add_argument("file", metavar="FILE", help="GeoJSON, GeoPackage, Shapefile (.zip), GeoParquet, CSV with lon/lat, OpenCellID CSV ...; "
                     "a USGS ShakeMap grid.xml (or grid.xml.zip) with --kind shakemap")
    add.add_argument("--kind", required=True, choices=[*KINDS, "shakemap"], help="layer kind (see 'sitrep check --help'), or shakemap: "
                     "the USGS ShakeMap grid.xml, kept with the incident (not a layer) for its shaking intensity")
    add.add_argument("--name", dest="layer", default="", metavar="LAYER", help="layer name (default: the kind, or the file's stem for features)")
    add.add_argument("--crs", help="CRS of coordinates when the file declares none (CSV default: EPSG:4326)")
    add.add_argument("--provenance", choices=PROVENANCE_VALUES, default="", help="for features without one: reported, approximate or synthetic")
    add.add_argument("--source", default="", help="for features without one: who published them, e.g. 'OpenStreetMap contributors'")
    add.add_argument("--title", default="", help="the layer's title (default: from the kind, e.g. Villages)")
    add.add_argument("--title-local", default="", help="the title in the local language or Chinese")
    add.add_argument("--legend", default="", help="legend label (default: the title)")
    add.add_argument("--note", default="", help="provenance note shown next to the layer")
    add.add_argument("--coverage", default="bounds", help="where the layer is complete: bounds (its bounding box), "
                     "disc:KM around the reference epicentre, or a polygon layer's name (default: %(default)s)")  # fmt: skip
    add.add_argument("--force", action="store_true", help="replace a layer of that name (with --kind shakemap: the incident's ShakeMap)")


def run(args: argparse.Namespace) -> int:
    return {"new": _new, "add": _add, "list": _list, "show": _show}[args.action](args)


# --- new ----------------------------------------------------------------------------------------


def _new(args: argparse.Namespace) -> int:
    from ..bands import parse_bands
    from ..incidents import NewIncident, create_incident, describe_incident, event_from_file
    from ..io.catalog import check_name

    check_name(args.name)
    offset = _float(args.utc_offset, "--utc-offset") if args.utc_offset is not None else None
    if args.event:
        extra = [o for o, v in (("--time", args.time), ("--magnitude", args.magnitude)) if v]
        if extra:
            raise InputError(None, f"the event file gives the time and magnitude; drop {' and '.join(extra)}", field=extra[0])
        event = event_from_file(args.event)
    elif args.epicentre:
        event = _event_from_options(args, offset)
    else:
        raise InputError(None, "say where the earthquake was: --event USGS_EVENT.geojson, or --epicentre LAT,LON "
                               "--time ISO --magnitude M", field="--event")  # fmt: skip
    new = NewIncident(
        name=args.name, event=event, title=args.title, title_local=args.title_local, timezone=args.tz.strip(), utc_offset_hours=offset,
        bands_km=parse_bands(args.bands), region=_region(args.region) if args.region else None, scope=args.scope,
        population=_population(args.population) if args.population is not None else None, notice=args.notice,
        country=_country(args.country), strike_deg=_strike(args.strike),
    )  # fmt: skip
    spec = create_incident(new, force=args.force)
    for note in new.notes:
        print(terminal_safe(f"sitrep: note: {note}"), file=sys.stderr)
    info = describe_incident(spec)
    ev = info["event"] or {}
    print(terminal_safe(f"created incident '{spec.name}' in {info['where']}: {spec.title}"))
    if ev:
        print(terminal_safe(f"  event {ev['id']}: M{ev['magnitude']:.1f} {_where(ev['lat'], ev['lon'])}, "
                            f"{_utc(ev['origin_time_utc'])} UTC = {ev['origin_time_local']} ({info['time_zone']})"))  # fmt: skip
    print(f"  region {', '.join(f'{v:g}' for v in spec.region)}; bands {','.join(f'{b:g}' for b in spec.bands_km)} km")
    print(terminal_safe(f"next: sitrep incident add {spec.name} FILE --kind villages; then sitrep bands --incident {spec.name}"))
    return 0


def _event_from_options(args: argparse.Namespace, offset: float | None):
    from ..incidents import event_from_values
    from ..timeutil import incident_zone

    missing = [o for o, v in (("--time", args.time), ("--magnitude", args.magnitude)) if not v]
    if missing:
        raise InputError(None, f"--epicentre needs {' and '.join(missing)} too, e.g. --time 2015-04-25T06:11:26Z --magnitude 7.8",
                         field=missing[0])  # fmt: skip
    point = parse_epicentre(args.epicentre)
    text = args.time.strip()
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(None, f"expected an ISO 8601 time such as 2015-04-25T06:11:26Z, got {text[:60]!r}", field="--time") from None
    if when.tzinfo is None:
        if not args.tz and offset is None:
            raise InputError(None, f"{text[:60]!r} has no UTC offset; write it as 2015-04-25T06:11:26Z (UTC) or "
                                   "with its offset (+05:45), or give --tz / --utc-offset", field="--time")  # fmt: skip
        try:
            zone = incident_zone(args.tz.strip(), offset or 0.0)
        except ValueError as exc:
            raise InputError(None, str(exc), field="--tz" if args.tz else "--utc-offset") from None
        when = when.replace(tzinfo=zone)
    ts = pd.Timestamp(when).tz_convert("UTC")
    first, last = TIME_OPTION_RANGE
    if not first <= ts.year <= last:
        raise InputError(None, f"{text[:60]!r} is outside the years {first}-{last} sitrep accepts; check the year", field="--time")
    return event_from_values(
        point.lat, point.lon, ts, _float(args.magnitude, "--magnitude"), depth_km=_float(args.depth, "--depth"),
        event_id=args.event_id, agency=args.agency.strip(),
    )  # fmt: skip


# --- add ----------------------------------------------------------------------------------------


def _add(args: argparse.Namespace) -> int:
    from ..incidents import add_layer, default_layer_name

    if args.kind == "shakemap":
        return _add_shakemap(args)

    spec, gdf = add_layer(
        args.name, args.file, args.kind, name=args.layer, crs=args.crs, provenance=args.provenance, source=args.source,
        title=args.title, title_local=args.title_local, legend=args.legend, note=args.note, coverage=args.coverage.strip(),
        force=args.force,
    )  # fmt: skip
    layer = spec.layer(args.layer or default_layer_name(args.kind, args.file))
    prov = ", ".join(f"{v} {k}" for k, v in gdf["provenance"].value_counts().items())
    print(terminal_safe(f"added layer '{layer.name}' to incident '{spec.name}': {len(gdf)} {args.kind} ({prov})"))
    print(terminal_safe(f"  {layer.file} from {layer.original} (sha256 {layer.sha256[:16]}…)"))
    return 0


def _add_shakemap(args: argparse.Namespace) -> int:
    from ..incidents import add_shakemap, incident_shakemap, shakemap_record
    from ..intensity.field import mmi_level, roman

    unused = [o for o, v in (("--name", args.layer), ("--crs", args.crs), ("--provenance", args.provenance), ("--source", args.source),
                             ("--title", args.title), ("--title-local", args.title_local), ("--legend", args.legend),
                             ("--note", args.note)) if v]  # fmt: skip
    if unused or args.coverage.strip() != "bounds":
        option = unused[0] if unused else "--coverage"
        raise InputError(None, f"{option} is for layers; a ShakeMap keeps what its grid.xml says (leave {option} out)", field=option)
    spec, field, old = add_shakemap(args.name, args.file, force=args.force)
    m = field.meta
    levels = mmi_level(field.mmi)
    top = int(levels.max()) if (levels >= 0).any() else -1
    kind = "a SCENARIO (a hypothetical earthquake, not an observation)" if m["event_type"] == "SCENARIO" else (m["event_type"] or "?")
    print(terminal_safe(f"added ShakeMap {m['event_id']} version {m['version']} to incident '{spec.name}': M{m['magnitude'] or 0:.1f}, "
                        f"{kind}, {m['map_status'] or '?'}, processed {_utc(m['process_timestamp']) or '?'} UTC"))  # fmt: skip
    print(f"  {field.lon.size} x {field.lat.size} nodes every {field.dlon:.4g} x {field.dlat:.4g} degrees; "
          f"highest MMI {np.nanmax(field.mmi):.1f} ({roman(top) if top >= 0 else '-'})" + ("; with MMI sigma" if field.sigma is not None else ""))
    record = shakemap_record(spec) or {}
    print(terminal_safe(f"  {incident_shakemap(spec)} from {record.get('original', '')} (sha256 {record.get('sha256', '')[:16]}…)"))
    if old is not None:
        print(terminal_safe(f"  replaced ShakeMap {old.get('event_id', '?')} version {old.get('version', '?')} "
                            f"(processed {_utc(old.get('process_timestamp')) or '?'} UTC)"))  # fmt: skip
        if old.get("event_id") == m["event_id"] and _number(old.get("version")) > _number(m["version"]):
            print(terminal_safe(f"sitrep: note: version {m['version']} is older than the version {old.get('version')} it replaced"),
                  file=sys.stderr)  # fmt: skip
        elif old.get("event_id") != m["event_id"]:
            print(terminal_safe(f"sitrep: note: the replaced ShakeMap was of another event ({old.get('event_id')})"), file=sys.stderr)
    if m["event_type"] == "SCENARIO":
        print("sitrep: note: this ShakeMap is a SCENARIO: a hypothetical earthquake, not an observation", file=sys.stderr)
    return 0


def _number(text: object) -> float:
    try:
        return float(str(text))
    except ValueError:
        return float("nan")


# --- list / show --------------------------------------------------------------------------------


def _list(args: argparse.Namespace) -> int:
    from ..incidents import describe_incident
    from ..io.catalog import list_incidents, read_scenario_spec

    rows = []
    for loc in list_incidents():
        try:
            info = describe_incident(read_scenario_spec(loc.name))
        except Exception as exc:  # noqa: BLE001 - one broken incident must not hide the others
            rows.append({"name": loc.name, "origin": loc.origin, "where": str(loc.spec_path.parent), "error": " ".join(str(exc).split())[:300]})
            continue
        ev = info["event"] or {}
        rows.append({
            "name": info["name"], "title": info["title"], "magnitude": ev.get("magnitude"), "origin_time_utc": ev.get("origin_time_utc"),
            "origin_time_local": ev.get("origin_time_local"), "time_zone": info["time_zone"], "layers": len(info["layers"]),
            "origin": info["origin"], "where": info["where"],
        })  # fmt: skip
    if args.format == "json":
        print(to_json_text({"incidents": rows}), end="")
        return 0
    table = pd.DataFrame(
        [
            {
                "incident": r["name"], "M": "" if r.get("magnitude") is None else f"{r['magnitude']:.1f}",
                "origin time (UTC)": _utc(r.get("origin_time_utc")), "local": r.get("origin_time_local") or "",
                "layers": str(r.get("layers", "")), "kind": r["origin"], "title": r.get("title") or f"unreadable: {r.get('error', '')}",
                "where": r["where"],
            }
            for r in rows
        ]
    )  # fmt: skip
    sys.stdout.write(render_table(table, align_right=("M", "layers")))
    return 0


def _show(args: argparse.Namespace) -> int:
    from ..incidents import describe_incident
    from ..io.catalog import read_scenario_spec

    info = describe_incident(read_scenario_spec(args.name))
    if args.format == "json":
        print(to_json_text(info), end="")
        return 0
    ev = info["event"] or {}
    lines = [f"{info['title']} ({info['name']}, {info['origin']}: {info['where']})"]
    if info["title_local"]:
        lines.append(f"  local title: {info['title_local']}")
    if ev:
        lines.append(f"  event: {ev['id']} M{ev['magnitude']:.1f} {ev['magnitude_type']} at {_where(ev['lat'], ev['lon'])}")
        lines.append(f"  origin time: {_utc(ev['origin_time_utc'])} UTC = {ev['origin_time_local']} ({info['time_zone']})")
        lines.append(f"  source: {ev['source']}")
    lines.append(f"  time zone: {info['time_zone']}; bands: {','.join(f'{b:g}' for b in info['bands_km'])} km; "
                 f"reference solution: {info['reference_solution']}")  # fmt: skip
    lines.append(f"  region: {', '.join(f'{v:g}' for v in info['region'])} (W, S, E, N)")
    lines.append(f"  scope: {info['scope']}" + (f" (population {info['population']:,})" if info["population"] else ""))
    if info["notice"]:
        lines.append(f"  notice: {info['notice']}")
    lines.append(f"  layers ({len(info['layers'])}):")
    for r in info["layers"]:
        if "error" in r:
            lines.append(f"    {r['layer']:<14} {r['kind']:<13} unreadable: {r['error']}")
            continue
        prov = ", ".join(f"{v} {k}" for k, v in sorted(r["provenance"].items()))
        lines.append(f"    {r['layer']:<14} {r['kind']:<13} {r['features']:>6}  [{prov}]  source: {'; '.join(r['sources'])}")
        lines.append(f"      file: {r['file']}")
        if r["original"] or r["sha256"]:
            lines.append(f"      original: {r['original']}  sha256: {r['sha256']}")
    sm = info.get("shakemap")
    if sm:
        lines.append(f"  shakemap: {sm.get('event_id', '?')} version {sm.get('version', '?')} ({sm.get('event_type', '?')}, "
                     f"processed {_utc(sm.get('process_timestamp')) or '?'} UTC), file shakemap/{sm.get('file', '')} "
                     f"from {sm.get('original', '')}  sha256: {sm.get('sha256', '')}")  # fmt: skip
    for line in lines:
        print(terminal_safe(line))
    return 0


# --- option values ------------------------------------------------------------------------------


def _float(text: str, option: str) -> float:
    try:
        value = float(str(text).strip())
    except ValueError:
        raise InputError(None, f"expected a number, got {str(text)[:40]!r}", field=option) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise InputError(None, f"expected a finite number, got {str(text)[:40]!r}", field=option)
    return value


def _region(text: str) -> tuple[float, float, float, float]:
    parts = [p for p in text.replace(";", ",").split(",") if p.strip()]
    if len(parts) != 4:
        raise InputError(None, f"expected W,S,E,N in degrees such as 81.7,25.2,87.7,31.2; got {text[:60]!r}", field="--region")
    w, s, e, n = (_float(p, "--region") for p in parts)
    if not (-180 <= w < e <= 180 and -90 <= s < n <= 90):
        raise InputError(None, f"expected -180 <= W < E <= 180 and -90 <= S < N <= 90, got {text[:60]!r}", field="--region")
    return (w, s, e, n)


def _population(text: str) -> int:
    try:
        value = int(str(text).replace(",", "").replace("_", "").strip())
    except ValueError:
        value = 0
    if value <= 0:
        raise InputError(None, f"expected a positive whole number of people, got {str(text)[:40]!r}", field="--population")
    return value


def _utc(iso: str | None) -> str:
    return "" if not iso else pd.Timestamp(iso).tz_convert("UTC").strftime("%Y-%m-%d %H:%M:%S")


def _where(lat: float, lon: float) -> str:
    return f"{abs(lat):.2f}{'N' if lat >= 0 else 'S'} {abs(lon):.2f}{'E' if lon >= 0 else 'W'}"


def _country(text: str) -> str:
    """An ISO 3166 alpha-2 code, upper-cased ("" for none)."""
    code = (text or "").strip().upper()
    if code and not (len(code) == 2 and code.isascii() and code.isalpha()):
        raise InputError(None, f"expected an ISO 3166 alpha-2 country code such as NP or CN, got {text[:40]!r}", field="--country")
    if code:
        from ..intensity.pager import country_model

        country_model(code)  # the fatality model's own check (UK is PAGER's "unknown"; the United Kingdom is GB)
    return code


def _strike(value: float | None) -> float | None:
    """A strike in degrees 0-360 (None for none)."""
    if value is not None and not (math.isfinite(value) and 0 <= value <= 360):
        raise InputError(None, f"expected a strike in degrees from 0 to 360, got {value!r}", field="--strike")
    return value
