"""``sitrep intensity``: estimated shaking (MMI), exposure per MMI level and a PAGER-style fatality estimate.

Contract (other tools rely on it)::

    sitrep intensity [--incident NAME] [--shakemap GRID.xml] [--model allen2012|yu2013|auto]
                     [--solution ID | --epicentre LAT,LON | --rupture PATH]
                     [--layer NAME_OR_PATH ...] [--features]
                     [--format table|json|geojson|csv] [--out PATH]
                     [--engine local|dask] [--scheduler tcp://HOST:8786]
    sitrep intensity --exposure "IX=2998,VIII=6964,VII=27679,VI=61485,V=147452" --country CN

``--format json`` prints ``{"source": "shakemap" | "model", "model": ..., "levels": [{"mmi": 9,
"area_km2": ..., "rows": [{"layer": ..., "count": ..., "population": ...}]}], "fatalities":
{"model": ..., "country": ..., "estimate": ..., "low": ..., "high": ..., "alert": ...}}``
(extended with inputs, warnings, limits and the alert probabilities).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..output import render_table, stdout_text, terminal_safe, to_json_text, to_safe_csv, write_atomic
from .engine import add_engine_options, check_engine_options, dask_datasets
from .options import add_incident_option, solution_from_args, time_option

__all__ = ["register", "run"]

MODEL_CHOICES = ("auto", "allen2012", "yu2013")

EPILOG = """\
examples:
  sitrep intensity                             model MMI from the incident's reference epicentre; exposure, fatality estimate
  sitrep intensity --rupture rupture           the same measured from the incident's rupture trace
  sitrep intensity --shakemap grid.xml         MMI from a USGS ShakeMap grid instead of a model
  sitrep intensity --model allen2012 --solution usgs --format json
  sitrep intensity --features --layer villages --format csv --out villages_mmi.csv
  sitrep intensity --engine dask --layer 'buildings/*.parquet'
                                               exposure per MMI level of a partitioned GeoParquet dataset, on Dask
  sitrep intensity --population-grid chn_ppp_2020_1km.tif
                                               people per MMI level from a population grid; the fatality model uses them
  sitrep intensity --exposure "IX=2998,VIII=6964,VII=27679,VI=61485,V=147452" --country CN
                                               PAGER's fatality model for a given exposure (people per MMI level)

MMI levels are PAGER's bins: level VIII holds 7.5 <= MMI < 8.5. Models: allen2012 = Allen, Wald &
Worden (2012), active shallow crust, Mw; yu2013 = Yu et al. (2013), China's elliptical relations, Ms;
auto = yu2013 in China, allen2012 elsewhere. A ShakeMap (--shakemap, or one added to the incident with
`sitrep incident add NAME grid.xml --kind shakemap`) is used before any model.
The fatality figure is a model estimate (USGS PAGER empirical model, Jaiswal & Wald 2010), never a report.
"""


def register(sub) -> None:
    p = sub.add_parser(
        "intensity",
        help="estimated shaking (MMI) at every feature, exposure per MMI level, PAGER fatality estimate",
        description="Shaking intensity (MMI) from a USGS ShakeMap grid or an intensity prediction equation; "
        "counts and population per MMI level, area per level, and the PAGER empirical fatality model "
        "with its alert level - a model estimate, stated as such.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_incident_option(p)
    p.add_argument("--shakemap", metavar="GRID.xml", help="a USGS ShakeMap grid.xml (or grid.xml.zip) to read MMI from "
                   "(default: the incident's ShakeMap if one was added, else the model)")  # fmt: skip
    p.add_argument("--model", choices=MODEL_CHOICES, default=None,
                   help="intensity prediction equation when there is no ShakeMap (default: the incident's, else auto)")  # fmt: skip
    src = p.add_mutually_exclusive_group()
    src.add_argument("--solution", help="epicentre solution of the incident, e.g. cenc, usgs (default: the incident's reference)")
    src.add_argument("--epicentre", metavar="LAT,LON", help="a custom epicentre, degrees, e.g. 28.50,87.45 (magnitude from --magnitude)")
    src.add_argument("--event", metavar="FILE[#ID]", help="a USGS event GeoJSON as the epicentre (its magnitude and depth too)")
    p.add_argument("--rupture", metavar="PATH", help="measure from a rupture trace or surface (a file, or 'rupture' for the "
                   "incident's); magnitude and depth from the solution (default: the reference one)")  # fmt: skip
    p.add_argument("--as-of", default="now", metavar="ISO", help="use a ShakeMap only if processed by this time, e.g. "
                   "2025-01-07T12:00+08:00 (default: now)")  # fmt: skip
    p.add_argument("--magnitude", type=float, metavar="M", help="magnitude to use instead of the solution's")
    p.add_argument("--depth", type=float, metavar="KM", help="hypocentral depth in km instead of the solution's (default 10 where unknown)")
    p.add_argument("--layer", action="append", metavar="NAME_OR_PATH", help="an incident layer, any file the loaders read, or a "
                   "directory or quoted glob of GeoParquet partitions ('DIR/*.parquet'; see --engine); "
                   "repeatable (default: every exposure layer of the incident)")  # fmt: skip
    p.add_argument("--population-grid", metavar="FILE.tif", help="a population grid (people per cell: WorldPop, GHSL, "
                   "LandScan GeoTIFF): adds its people per MMI level, exact cell fractions, and the fatality model uses them")  # fmt: skip
    p.add_argument("--crs", metavar="CRS", help="CRS of --layer and --rupture files that declare none, e.g. EPSG:32645")
    p.add_argument("--features", action="store_true", help="list every feature with its mmi (and mmi_sigma for a model) instead of the levels")
    p.add_argument("--exposure", metavar="LEVEL=PEOPLE,...", help="only the fatality model, for this exposure, e.g. 'IX=2998,VIII=6964'")
    p.add_argument("--country", metavar="CC", help="ISO 3166 alpha-2 country for the fatality model, e.g. NP (default: the incident's "
                   "country when the epicentre lies in its region; none: no fatality estimate)")
    p.add_argument("--format", choices=("table", "csv", "json", "geojson"), default="table", help="output format (default: %(default)s)")
    p.add_argument("--out", metavar="PATH", help="write to this file (atomically) instead of stdout")
    add_engine_options(p)
    p.set_defaults(func=run, sum=None, by=None)


def run(args: argparse.Namespace) -> int:
    if args.format == "geojson" and not args.features and args.exposure is None:
        raise InputError(None, "--format geojson lists features; add --features (or use table, csv, json)", field="--format")
    if args.features and getattr(args, "population_grid", None):
        raise InputError(None, "--population-grid adds people per MMI level; --features lists features instead",
                         field="--population-grid")  # fmt: skip
    if args.exposure is not None:
        text = _exposure_only(args)
    else:
        text = _assessment(args)
    if args.out:
        write_atomic(args.out, text)
        print(terminal_safe(f"sitrep: wrote {args.out}"), file=sys.stderr)
    else:
        sys.stdout.write(stdout_text(text, args.format))
    return 0


# --- the fatality model alone ----------------------------------------------------------------------


def _exposure_only(args) -> str:
    from ..intensity.field import roman
    from ..intensity.pager import estimate_fatalities, parse_exposure

    others = [o for o, v in (("--shakemap", args.shakemap), ("--rupture", args.rupture), ("--features", args.features),
                             ("--layer", args.layer), ("--epicentre", args.epicentre), ("--event", args.event),
                             ("--population-grid", args.population_grid), ("--engine dask", args.engine == "dask"),
                             ("--scheduler", args.scheduler)) if v]  # fmt: skip
    if others:
        raise InputError(None, f"--exposure gives the exposure itself; it cannot be combined with {', '.join(others)}", field="--exposure")
    if args.format in ("geojson",):
        raise InputError(None, "--exposure prints one estimate; use --format table, json or csv", field="--format")
    country = args.country or _incident_country(args)
    if not country:
        raise InputError(None, "the fatality model is calibrated per country; name one with --country, e.g. --country CN", field="--country")
    exposure = parse_exposure(args.exposure)
    est = estimate_fatalities(exposure, country)
    doc = {"exposure": {str(k): v for k, v in sorted(exposure.items(), reverse=True)}, "fatalities": est.as_dict()}
    if args.format == "json":
        return to_json_text(doc)
    if args.format == "csv":
        fat = doc["fatalities"]
        row = {k: fat.get(k) for k in ("country", "estimate", "low", "high", "alert", "model", "label")}
        row.update({f"p_{k}": v for k, v in (fat.get("probabilities") or {}).items()})
        row.update({f"people_mmi_{k}": v for k, v in doc["exposure"].items()})
        return to_safe_csv(pd.DataFrame([row]))
    lines = ["Exposure: " + ", ".join(f"{roman(int(k))} {v:,.0f}" for k, v in doc["exposure"].items()), *_fatality_lines(doc["fatalities"])]
    return "\n".join(terminal_safe(line) for line in lines) + "\n"


def _incident_country(args) -> str | None:
    """The incident's country, when the user named an incident (never a bundled default silently)."""
    if not getattr(args, "incident_given", False):
        return None
    from ..io.catalog import read_scenario_spec

    return getattr(read_scenario_spec(args.scenario), "country", None)


# --- a field, its exposure and the fatality estimate ---------------------------------------------


def _assessment(args) -> str:
    from ..intensity.exposure import assess, feature_mmi
    from ..intensity.source import incident_country
    from ..io import load_scenario
    from .bands import selected_layers

    check_engine_options(args)
    spec, scenario = load_scenario(args.scenario)
    epicentre, rupture = _source(args, spec, scenario)  # once: an --event or --rupture file is read here only
    field = _field(args, spec, epicentre, rupture)
    if args.engine == "dask":
        return _dask_assessment(args, spec, field, epicentre)
    layers = selected_layers(args, spec, scenario, {})
    grids = _population_grids(args, field)
    if not layers and not grids:
        raise InputError(None, f"incident '{spec.name}' has no layers to measure yet; add one with "
                         f"`sitrep incident add {spec.name} FILE --kind villages`, or name a file with --layer FILE")  # fmt: skip
    country = args.country or incident_country(spec, epicentre)
    if args.features:
        return _features_output(feature_mmi(layers, field), args.format)
    doc = assess(field, layers, country=country, grids=grids)
    return _assessment_output({"incident": spec.name, **doc}, args)


def _dask_assessment(args, spec, field, epicentre) -> str:
    """The same assessment over partitioned GeoParquet datasets, partition by partition on Dask (sitrep.scale)."""
    from ..intensity.source import incident_country
    from ..scale import dask_assess

    doc = dask_assess(field, dask_datasets(args, spec), country=args.country or incident_country(spec, epicentre),
                      grids=_population_grids(args, field), scheduler=args.scheduler)  # fmt: skip
    return _assessment_output({"incident": spec.name, **doc}, args)


def _assessment_output(doc: dict, args) -> str:
    if args.format == "json":
        return to_json_text(doc)
    if args.format == "csv":
        return to_safe_csv(_level_rows(doc))
    return _table(doc)


def _population_grids(args, field) -> list:
    """The --population-grid, read over the field's extent only (sitrep.io.rasters), as a list (empty without one)."""
    if not args.population_grid:
        return []
    from ..io.rasters import read_population_grid

    return [read_population_grid(args.population_grid, bounds=field.bounds)]


def _field(args, spec, epicentre, rupture):
    """The MMI field: a ShakeMap (named, or the incident's) before a model (sitrep.intensity.source)."""
    from ..intensity.source import shaking_field

    # a source named on the command line asks for the model: the incident's ShakeMap is not used then
    named = bool(args.rupture or args.epicentre or args.event or args.solution)
    return shaking_field(spec, epicentre=epicentre, rupture=rupture, model=args.model, shakemap=args.shakemap,
                         use_incident_shakemap=not named, magnitude=args.magnitude, depth_km=args.depth,
                         country=args.country, as_of=time_option(args.as_of, "--as-of"))  # fmt: skip


def _source(args, spec, scenario):
    """(epicentre, rupture or None) the options name; with --rupture, the reference solution gives magnitude and depth."""
    import shapely

    from ..io import load_rupture

    epicentre = solution_from_args(args, spec, scenario)
    if not args.rupture:
        return epicentre, None
    trace = scenario["rupture"] if args.rupture in spec.layer_names and not Path(args.rupture).exists() else load_rupture(args.rupture, crs=args.crs)
    return epicentre, shapely.union_all(trace.geometry.to_numpy())


# --- outputs ---------------------------------------------------------------------------------------


def _level_rows(doc: dict) -> pd.DataFrame:
    from ..intensity.field import roman

    rows = []
    for level in doc["levels"]:
        base = {"mmi": level["mmi"], "label": roman(level["mmi"]), "area_km2": level["area_km2"]}
        for row in level["rows"] or [{}]:
            rows.append({**base, "layer": row.get("layer"), "count": row.get("count"), "population": row.get("population")})
    frame = pd.DataFrame(rows, columns=["mmi", "label", "area_km2", "layer", "count", "population"])
    frame["area_km2"] = frame["area_km2"].astype(float).round(1)
    frame["population"] = frame["population"].astype(float).round().astype("Int64")
    frame["count"] = frame["count"].astype("Int64")
    return frame


def _table(doc: dict) -> str:
    from ..intensity.field import roman
    from ..intensity.tables import source_text

    meta = doc.get("inputs") or {}
    head = source_text(doc["source"], doc["model"], meta)
    lines = [f"Estimated shaking (MMI): {head}" + (" - predicted, not observed shaking" if doc["source"] == "model" else "")]
    lines += [f"  {line}" for line in _input_lines(meta)]
    layers = list(dict.fromkeys(r["layer"] for level in doc["levels"] for r in level["rows"]))
    has_people = {r["layer"] for level in doc["levels"] for r in level["rows"] if r.get("population") is not None}
    has_count = {r["layer"] for level in doc["levels"] for r in level["rows"] if r.get("count") is not None}  # a grid: none
    table = []
    for level in doc["levels"]:
        area = level["area_km2"]
        row = {"MMI": roman(level["mmi"]), "area km²": "-" if area is None else f"{area:,.0f}"}
        by_layer = {r["layer"]: r for r in level["rows"]}
        for name in layers:
            r = by_layer.get(name, {})
            if name in has_count:
                row[name] = f"{r.get('count') or 0:,}"
            if name in has_people:
                row[f"{name} people"] = f"{r.get('population') or 0:,.0f}"
        table.append(row)
    if table:
        frame = pd.DataFrame(table)
        lines += render_table(frame, align_right=[c for c in frame.columns if c != "MMI"]).rstrip("\n").split("\n")
    outside = doc.get("outside") or []
    if outside:
        lines.append("outside the intensity field: " + ", ".join(f"{o.get('layer')} {o.get('count', 0):,}" for o in outside if isinstance(o, dict)))
    fat = doc.get("fatalities")
    if fat:
        lines += _fatality_lines(fat)
    elif doc.get("fatalities_reason"):
        lines.append(f"Fatalities: no estimate ({doc['fatalities_reason']})")
    for warning in [*(meta.get("warnings") or []), *(doc.get("warnings") or [])]:
        lines.append(f"warning: {warning}")
    limits = doc.get("limits") or []
    if limits:
        lines.append("limits:")
        lines += [f"  - {text}" for text in ([limits] if isinstance(limits, str) else limits)]
    return "\n".join(terminal_safe(line) for line in lines) + "\n"


def _fatality_lines(fat: dict) -> list[str]:
    """The fatality estimate, its alert and odds, said to be a model estimate."""
    from ..intensity.tables import fatality_estimate_text

    lines = [f"Fatalities, {fat.get('label') or 'model estimate'} (not a report): {fatality_estimate_text(fat)}; "
             f"PAGER {fat['alert']} alert; {fat['model']}, country {fat['country'] or 'not given (PAGER default model)'}"]  # fmt: skip
    odds = fat.get("probabilities") or {}
    if isinstance(odds, dict) and odds:
        lines.append("  odds: " + ", ".join(f"{k} {v:.0%}" for k, v in odds.items()))
    if fat.get("population_from"):
        lines.append("  people from: " + ", ".join(map(str, fat["population_from"])))
    for note in fat.get("notes") or []:
        lines.append(f"  note: {note}")
    return lines


def _input_lines(meta: dict) -> list[str]:
    """Where the MMI came from, as short lines for the table's head."""
    from ..intensity.tables import input_rows

    return [f"{name}: {value}" for name, value in input_rows(meta)]


def _features_output(features, fmt: str) -> str:
    from ..intensity.field import roman
    from .featureout import features_text

    return features_text(
        features, fmt, table_columns=("layer", "id", "name", "name_zh", "mmi", "mmi_sigma", "level", "provenance"),
        cell={
            "mmi": lambda v: "outside" if pd.isna(v) else f"{v:.2f}",
            "mmi_sigma": lambda v: "-" if pd.isna(v) else f"{v:.2f}",  # a ShakeMap without STDMMI states no sigma
            "level": lambda k: roman(int(k)) if not pd.isna(k) and 0 <= int(k) <= 12 else "-",
        },
    )  # fmt: skip
