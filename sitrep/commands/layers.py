"""``sitrep layers``: a scenario's layers with counts and provenance."""

from __future__ import annotations

import argparse

from ..output import terminal_safe, to_json_text
from .options import add_incident_option


def register(sub) -> None:
    p = sub.add_parser("layers", help="list a scenario's layers with counts and provenance",
                       epilog="""examples:
  sitrep layers                                the bundled incident's layers, counts, provenance, sources
  sitrep layers --incident nepal --format json
""", formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    add_incident_option(p)
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: %(default)s)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..io import load_scenario

    spec, layers = load_scenario(args.scenario)
    rows = []
    for ls in spec.layers:
        gdf = layers[ls.name]
        rows.append({"layer": ls.name, "kind": ls.kind, "features": len(gdf),
                     "provenance": gdf["provenance"].value_counts().to_dict(), "title": ls.title,
                     "title_zh": ls.title_zh, "file": str(ls.file.relative_to(spec.spec_path.parents[1]))})  # fmt: skip
    if args.format == "json":
        print(to_json_text({"scenario": spec.name, "title": spec.title, "notice": spec.notice, "layers": rows}), end="")
        return 0
    print(terminal_safe(f"{spec.title} ({spec.name})"))
    for r in rows:
        prov = ", ".join(f"{v} {k}" for k, v in sorted(r["provenance"].items()))
        print(terminal_safe(f"  {r['layer']:<14} {r['features']:>5}  {r['title']} / {r['title_zh']}  [{prov}]"))
    print(terminal_safe(f"note: {spec.notice}"))
    return 0
