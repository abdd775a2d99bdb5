"""``sitrep report``: a snapshot of what was known at a time, as HTML, PDF, Markdown or a bundle.

Contract::

    sitrep report --as-of ISO|now [--solution cenc|usgs|ncs | --epicentre LAT,LON | --event FILE]
                  [--bands 0,10,20,50] [--layer PATH ...] [--format html|pdf|md|bundle]
                  --out PATH
"""

from __future__ import annotations

import argparse
import sys
import time

from ..errors import InputError
from ..output import terminal_safe
from ..present import reserved_layer_names, user_layer_name
from .options import add_incident_option, add_solution_options, solution_from_args, time_option

EPILOG = """\
examples:
  sitrep report --as-of 2025-01-07T16:00+08:00 --out dingri-1600.html
  sitrep report --as-of 2025-01-07T19:00+08:00 --since 2025-01-07T15:00+08:00 --out brief.pdf
  sitrep report --as-of 2025-01-07T19:00+08:00 --solution usgs --out snapshot.zip
  sitrep report --as-of 2025-01-08T09:00+08:00 --event us6000pi9w.geojson --layer shelters.gpkg --out s.md

the format follows --out's extension (.html, .pdf, .md, .zip) unless --format says otherwise.
Nothing observed after --as-of appears anywhere in the report. Files are written atomically:
a failed export never leaves a half-written file.
"""


def register(sub) -> None:
    p = sub.add_parser(
        "report",
        help="export a snapshot (HTML, PDF, Markdown, zip bundle) of what was known at a time",
        description="Export what was known at --as-of as a situation report: headline, every figure with its source "
        "(grouped), estimated shaking, affected places, infrastructure, the timeline's notes (response, needs, gaps, next "
        "update, contacts), changes since --since, sources, a data notice, then annexes: map, affected-place lists, "
        "history, and a manifest of inputs with SHA-256.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--as-of", default="now", metavar="ISO",
                   help="the snapshot's time, e.g. 2025-01-07T16:00+08:00 (default: now, what is known at this minute)")
    add_solution_options(p)
    p.add_argument("--bands", metavar="EDGES", help="band edges in km or a preset: seed, gdacs (default: 0,10,20,50)")
    p.add_argument("--layer", action="append", metavar="PATH", help="another layer file to count and map (repeatable); named by its stem, or 'STEM (FILE NAME)' "
                   "where the stem is a scenario layer's name or title")
    p.add_argument("--since", metavar="ISO", help="also show what changed since this time")
    p.add_argument("--shakemap", metavar="GRID.xml", help="a USGS ShakeMap grid.xml for the 'Estimated shaking and impact' section "
                   "(default: the incident's ShakeMap if processed by --as-of, else the model)")  # fmt: skip
    p.add_argument("--intensity-model", choices=("auto", "allen2012", "yu2013"), help="the intensity prediction equation when "
                   "there is no ShakeMap (default: the incident's, else auto)")  # fmt: skip
    p.add_argument("--population-grid", metavar="FILE.tif", help="a population grid (people per cell, GeoTIFF) for the shaking "
                   "section's exposure: people per MMI level, and the fatality model's people")  # fmt: skip
    p.add_argument("--no-intensity", action="store_true", help="leave out the 'Estimated shaking and impact' section")
    p.add_argument("--format", choices=("html", "pdf", "md", "bundle"), help="default: from --out's extension, else html")
    p.add_argument("--out", required=True, metavar="PATH", help="the file to write")
    add_incident_option(p)
    p.add_argument("--db", metavar="URL_OR_PATH", help="the timeline store, only read (default: SITREP_DB, else ~/.local/share/sitrep/sitrep.sqlite)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..bands import parse_bands
    from ..io import load_layer, load_scenario
    from ..report import format_for, write_report
    from ..snapshot import build_snapshot
    from ..store import open_store

    t0 = time.perf_counter()
    as_of = time_option(args.as_of, "--as-of")
    since = time_option(args.since, "--since")
    if since is not None and since > as_of:
        raise InputError(None, "--since must be before --as-of", field="--since")
    fmt = format_for(args.out, args.format)
    spec, layers = load_scenario(args.scenario)
    first = layers["epicentres"]["origin_time"].min()
    if as_of < first:
        raise InputError(None, f"{args.as_of} is before the earthquake ({first:%Y-%m-%d %H:%M} UTC); nothing was known yet", field="--as-of")
    edges = parse_bands(args.bands) if args.bands else spec.bands_km
    solution = solution_from_args(args, spec, layers)
    inputs: list[str] = [args.event] if args.event else []
    if args.shakemap:
        inputs.append(args.shakemap)
    if getattr(args, "population_grid", None):
        inputs.append(args.population_grid)
    extra: dict = {}
    for path in args.layer or []:
        # "shelters.csv" -> "shelters"; "villages.csv" -> "villages (villages.csv)": never a scenario layer's name or title
        extra[user_layer_name(path, [*reserved_layer_names(spec), *extra])] = load_layer(path, expect_within=spec.region)
        inputs.append(path)
    field, impact = _shaking(args, spec, layers, solution, as_of, extra)
    if field is not None and field.source == "shakemap" and not args.shakemap:
        from ..intensity.source import shakemap_known_by

        used = shakemap_known_by(spec, as_of)  # the incident's ShakeMap drove the section: the manifest names it
        if used is not None:
            inputs.append(str(used))
    store = open_store(args.db, incident=args.scenario, read_only=True)  # writes nothing to an existing store
    snap = build_snapshot(spec, layers, store.records(), store.station_events(), as_of_time=as_of, solution=solution,
                          edges_km=edges, extra_layers=extra, since=since, inputs=inputs, store_url=store.url,
                          notes=store.notes())  # fmt: skip
    written = write_report(snap, spec, layers, args.out, fmt, field=field, impact=impact)
    print(terminal_safe(f"sitrep: wrote {', '.join(map(str, written))} ({fmt}, as of {snap.as_of_local}) in {time.perf_counter() - t0:.1f} s"), file=sys.stderr)
    return 0


def _shaking(args, spec, layers, solution, as_of, extra):
    """The intensity field and assess() dict for the report's shaking section (None, None to leave it out)."""
    if args.no_intensity:
        if args.shakemap or args.intensity_model or args.population_grid:
            raise InputError(None, "--no-intensity leaves the section out; --shakemap, --intensity-model and --population-grid "
                             "would fill it", field="--no-intensity")  # fmt: skip
        return None, None
    from ..intensity.source import incident_assessment

    field, impact, why = incident_assessment(spec, layers, epicentre=solution, as_of=as_of, extra_layers=extra,
                                             shakemap=args.shakemap, model=args.intensity_model,
                                             population_grid=args.population_grid)  # fmt: skip
    if why:
        print(terminal_safe(f"sitrep: no shaking section: {why}"), file=sys.stderr)
    return field, impact
