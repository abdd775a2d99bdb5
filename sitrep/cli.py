"""The ``sitrep`` command line.

Every subcommand follows the same rules: results on stdout, warnings and
errors on stderr, exit status 0 on success and 2 on bad input (one clear
line naming file, row and field, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import warnings
from collections.abc import Sequence

from . import __version__
from .errors import SitrepError
from .settings import DEFAULT_SCENARIO

__all__ = ["main", "build_parser"]

EPILOG = """\
examples:
  sitrep layers                              list the bundled Dingri 2025 layers
  sitrep check my_villages.csv --kind villages
                                             validate a file before sharing it
  sitrep check event.geojson --kind epicentres
                                             read a USGS event file as a solution

exit status: 0 ok, 2 bad input (message on stderr), 1 internal error.
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (subcommands register themselves here)."""
    parser = argparse.ArgumentParser(
        prog="sitrep",
        description="Earthquake situational awareness: layers, distance bands, timeline and reports.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"sitrep {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what is read and computed (stderr)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("layers", help="list a scenario's layers with counts and provenance")
    p.add_argument("--scenario", default=DEFAULT_SCENARIO, help="bundled scenario (default: %(default)s)")
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: %(default)s)")
    p.set_defaults(func=_cmd_layers)

    from .schema import KINDS

    p = sub.add_parser(
        "check",
        help="read a layer file, check it against its kind's schema, print a summary",
        description="Read FILE as a layer of KIND and report what was found, or the first problem "
        "(file, row/feature, field). Formats: GeoJSON, GeoPackage, Shapefile, GeoParquet, CSV with "
        "lon/lat columns, USGS event GeoJSON, OpenCellID CSV.",
    )
    p.add_argument("file", help="the file to check")
    p.add_argument("--kind", choices=list(KINDS), default="features", help="layer kind (default: %(default)s)")
    p.add_argument("--crs", help="CRS of coordinates when the file declares none (CSV default: EPSG:4326)")
    p.add_argument("--scenario", default=DEFAULT_SCENARIO, help="scenario whose region the data should fall in; "
                   "used to spot swapped longitude/latitude (default: %(default)s)")
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: %(default)s)")
    p.set_defaults(func=_cmd_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 2 bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="sitrep: %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", UserWarning)  # a person should see every warning once
            warnings.showwarning = _show_warning
            return int(args.func(args) or 0)
    except SitrepError as exc:
        print(f"sitrep: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("sitrep: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"sitrep: warning: {message}", file=sys.stderr)


def _cmd_layers(args) -> int:
    from .io import load_scenario

    spec, layers = load_scenario(args.scenario)
    rows = []
    for ls in spec.layers:
        gdf = layers[ls.name]
        prov = gdf["provenance"].value_counts().to_dict()
        rows.append({"layer": ls.name, "kind": ls.kind, "features": len(gdf), "provenance": prov,
                     "title": ls.title, "title_zh": ls.title_zh, "file": str(ls.file.relative_to(spec.spec_path.parents[1]))})
    if args.format == "json":
        print(json.dumps({"scenario": spec.name, "title": spec.title, "notice": spec.notice, "layers": rows}, ensure_ascii=False, indent=2))
        return 0
    print(f"{spec.title} ({spec.name})")
    for r in rows:
        prov = ", ".join(f"{v} {k}" for k, v in sorted(r["provenance"].items()))
        print(f"  {r['layer']:<14} {r['features']:>5}  {r['title']} / {r['title_zh']}  [{prov}]")
    print(f"note: {spec.notice}")
    return 0


def _cmd_check(args) -> int:
    from .io import load_layer, read_scenario_spec

    region = read_scenario_spec(args.scenario).region
    gdf = load_layer(args.file, args.kind, crs=args.crs, expect_within=region)
    x0, y0, x1, y1 = (float(v) for v in gdf.total_bounds)
    summary = {
        "file": args.file,
        "kind": args.kind,
        "features": len(gdf),
        "geometry_types": sorted(set(gdf.geom_type)),
        "bounds": [x0, y0, x1, y1],
        "provenance": gdf["provenance"].value_counts().to_dict(),
        "columns": [c for c in gdf.columns if c != gdf.geometry.name],
    }
    if args.format == "json":
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    print(f"{args.file}: {len(gdf)} {args.kind} ({', '.join(summary['geometry_types'])}), all checks passed")
    print(f"  bounds: lon {x0:.5f}..{x1:.5f}, lat {y0:.5f}..{y1:.5f} (EPSG:4326)")
    print(f"  provenance: {', '.join(f'{v} {k}' for k, v in summary['provenance'].items())}")
    print(f"  fields: {', '.join(summary['columns'])}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
