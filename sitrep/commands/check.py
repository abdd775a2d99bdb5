"""``sitrep check FILE``: read a layer file, check it, summarise it."""

from __future__ import annotations

import argparse
import warnings

from ..output import terminal_safe, to_json_text
from ..schema import KINDS
from .options import add_incident_option


def register(sub) -> None:
    p = sub.add_parser(
        "check",
        help="read a layer file, check it against its kind's schema, print a summary",
        description="Read FILE as a layer of KIND and report what was found, or the first problem "
        "(file, row/feature, field). Formats: GeoJSON, GeoPackage, Shapefile, GeoParquet, CSV with "
        "lon/lat columns, USGS event GeoJSON, OpenCellID CSV.",
        epilog="""examples:
  sitrep check shelters.gpkg                   any layer: what was read, or the first problem
  sitrep check villages.csv --kind villages    against the villages schema (name, population ...)
  sitrep check 460.csv --kind base_stations    an OpenCellID export
  sitrep check points.csv --crs EPSG:32645     coordinates in UTM 45N
""",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", help="the file to check")
    p.add_argument("--kind", choices=list(KINDS), default="features", help="layer kind (default: %(default)s)")
    p.add_argument("--crs", help="CRS of coordinates when the file declares none (CSV default: EPSG:4326)")
    add_incident_option(p, "incident whose region the data should fall in, used to spot swapped longitude/latitude")
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: %(default)s)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..io import load_layer, read_scenario_spec
    from ..io.reader import warn_outside_region

    region = read_scenario_spec(args.scenario).region
    with warnings.catch_warnings(record=True) as caught:  # counted, then shown as every warning is
        warnings.simplefilter("always", UserWarning)
        gdf = load_layer(args.file, args.kind, crs=args.crs, expect_within=region)
        if args.incident_given:
            warn_outside_region(gdf, region, args.file)
    for w in caught:
        warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    verdict = "all checks passed" if not caught else f"read, with {len(caught)} warning{'s' if len(caught) > 1 else ''} (above)"
    x0, y0, x1, y1 = (float(v) for v in gdf.total_bounds)
    summary = {
        "file": args.file,
        "kind": args.kind,
        "features": len(gdf),
        "geometry_types": sorted(set(gdf.geom_type)),
        "bounds": [x0, y0, x1, y1],
        "provenance": gdf["provenance"].value_counts().to_dict(),
        "columns": [c for c in gdf.columns if c != gdf.geometry.name],
        "warnings": [str(w.message) for w in caught],
    }
    if args.format == "json":
        print(to_json_text(summary), end="")
        return 0
    print(terminal_safe(f"{args.file}: {len(gdf)} {args.kind} ({', '.join(summary['geometry_types'])}), {verdict}"))
    print(f"  bounds: lon {x0:.5f}..{x1:.5f}, lat {y0:.5f}..{y1:.5f} (EPSG:4326)")
    print(terminal_safe(f"  provenance: {', '.join(f'{v} {k}' for k, v in summary['provenance'].items())}"))
    print(terminal_safe(f"  fields: {', '.join(summary['columns'])}"))
    return 0
