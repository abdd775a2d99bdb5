"""``sitrep bands``: how many villages, people, stations ... lie in each distance band.

Contract (other tools rely on it)::

    sitrep bands [--scenario dingri-2025] [--solution cenc|usgs|ncs] [--epicentre LAT,LON]
                 [--event USGS_EVENT.geojson] [--rupture PATH] [--bands 0,10,20,50]
                 [--layer NAME_OR_PATH ...] [--sum FIELD ...] [--by FIELD]
                 [--features] [--format table|csv|json|geojson] [--out PATH] [--compare]
                 [--engine local|dask] [--scheduler tcp://HOST:8786]

``--engine dask`` takes each ``--layer`` as a partitioned GeoParquet dataset (``'DIR/*.parquet'``
or a directory) and counts it partition by partition on Dask (:mod:`sitrep.scale`).
"""

from __future__ import annotations

import argparse
import glob
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..bands import PRESETS, band_labels, parse_bands
from ..errors import InputError
from ..output import render_table, stdout_text, terminal_safe, to_json_text, to_safe_csv, write_atomic
from ..present import band_cell, latlon_text, reserved_layer_names, user_layer_name
from .engine import add_engine_options, check_engine_options, dask_datasets, named_dataset
from .options import add_incident_option, add_solution_options, solution_from_args

if TYPE_CHECKING:  # GeoPandas and the engines are imported by run(): `sitrep --help` does not pay for them
    import geopandas as gpd

    from ..io.catalog import ScenarioSpec
    from ..query import BandLayer, Epicentre

__all__ = ["register", "run", "selected_layers"]

PROGRESS_MIN_POINTS = 1_000_000  # about a second of work; smaller inputs stay silent

EPILOG = """\
examples:
  sitrep bands                                 the seed's question: CENC epicentre, 0-10-20-50 km
  sitrep bands --solution usgs --format json   the same from the USGS solution, as JSON
  sitrep bands --compare                       every agency's solution side by side
  sitrep bands --rupture rupture               from the approximate rupture trace (Joyner-Boore)
  sitrep bands --bands gdacs --layer villages --sum population
  sitrep bands --layer base_stations --by operator
  sitrep bands --event us6000pi9w.geojson --layer shelters.parquet --bands 0,5,25
  sitrep bands --features --layer villages --format csv --out villages_by_band.csv
  sitrep bands --engine dask --layer 'buildings/*.parquet' --sum population
                                               a partitioned GeoParquet dataset, partition by partition on a local
                                               Dask cluster (one worker per core); add --scheduler tcp://HOST:8786
                                               to run on a cluster started with `dask scheduler` / `dask worker`

bands are half-open [lower, upper) km on the WGS84 ellipsoid; the last is open ("50+").
A band reaching past a layer's coverage is "no data" (none) or marked partial, never a bare 0.
presets: """ + ", ".join(f"{k} = {','.join(f'{e:g}' for e in v)}" for k, v in PRESETS.items())


def register(sub) -> None:
    p = sub.add_parser(
        "bands",
        help="count features, people, stations per distance band from an epicentre or rupture",
        description="Count (and sum) each layer's features per distance band from an epicentre "
        "solution or a rupture trace, exactly on the WGS84 ellipsoid.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_incident_option(p)
    add_solution_options(p)
    p.add_argument("--rupture", metavar="PATH", help="measure from a rupture trace or surface projection instead "
                   "(a file, or 'rupture' for the scenario's approximate trace)")  # fmt: skip
    p.add_argument("--bands", default=None, metavar="EDGES", help="band edges in km or a preset: seed, gdacs (default: the scenario's, 0,10,20,50)")
    p.add_argument("--layer", action="append", metavar="NAME_OR_PATH", help="a scenario layer name or any file the loaders read "
                   "(named by its stem, or 'STEM (FILE NAME)' where the stem is a scenario layer's: 'villages (villages.csv)'), or a "
                   "directory or quoted glob of GeoParquet partitions ('DIR/*.parquet', named by DIR; see --engine); repeatable (default: every exposure layer of the scenario)")  # fmt: skip
    p.add_argument("--crs", metavar="CRS", help="CRS of --layer and --rupture files that declare none, e.g. EPSG:32645 "
                   "for UTM zone 45N (reprojected to WGS84 before measuring; default: EPSG:4326 for CSV)")  # fmt: skip
    p.add_argument("--sum", action="append", metavar="FIELD", help="numeric field to sum per band; repeatable (default: population where present)")
    p.add_argument("--by", metavar="FIELD", help="also group by this field, e.g. operator, knocked_out")
    p.add_argument("--features", action="store_true", help="list every feature with layer, distance_km and band instead of counts")
    p.add_argument("--compare", action="store_true", help="counts under every epicentre solution side by side")
    p.add_argument("--format", choices=("table", "csv", "json", "geojson"), default="table", help="output format (default: %(default)s)")
    p.add_argument("--out", metavar="PATH", help="write to this file (atomically) instead of stdout")
    add_engine_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import shapely

    from ..io import load_rupture, load_scenario
    from ..query import Epicentre, band_rows, compare_rows, feature_rows

    if args.format == "geojson" and not args.features:
        raise InputError(None, "--format geojson lists features; add --features (or use table, csv, json)", field="--format")
    if args.compare and (args.features or args.rupture):
        raise InputError(None, "--compare compares epicentre solutions; it cannot be combined with --features or --rupture", field="--compare")
    check_engine_options(args)
    spec, scenario = load_scenario(args.scenario)
    edges = parse_bands(args.bands) if args.bands else spec.bands_km
    epicentre = solution_from_args(args, spec, scenario)
    rupture = None
    if args.rupture:
        trace = scenario["rupture"] if args.rupture in spec.layer_names and not Path(args.rupture).exists() else load_rupture(args.rupture, crs=args.crs)
        rupture = shapely.union_all(trace.geometry.to_numpy())
    if args.engine == "dask":
        rows = _dask_rows(args, spec, edges, epicentre, rupture)
        return _emit(_aggregate_output(rows, edges, epicentre, rupture, args, spec), args)
    field_names: dict[str, tuple[str, ...]] = {}
    layers = selected_layers(args, spec, scenario, field_names)
    if not layers:  # a new incident: only its epicentre so far
        raise InputError(None, f"incident '{spec.name}' has no layers to count yet; add one with "
                         f"`sitrep incident add {shlex.quote(spec.name)} FILE --kind villages`, or name a file with --layer FILE")  # fmt: skip
    if not args.features:
        _check_fields(layers, args, field_names)
    bar = _progress_bar(sum(len(layer) for layer in layers))
    progress = bar.update if bar is not None else None
    try:
        if args.compare:
            solutions = [Epicentre.from_frame(scenario["epicentres"], i) for i in scenario["epicentres"]["id"]]
            if args.event or args.epicentre:
                solutions.append(epicentre)
            text = _compare_output(compare_rows(layers, edges, solutions, sums=args.sum), edges, solutions, args.format)
        elif args.features:
            text = _features_output(feature_rows(layers, edges, epicentre=epicentre, rupture=rupture), args.format)
        else:
            rows = band_rows(layers, edges, epicentre=epicentre, rupture=rupture, sums=args.sum, by=args.by, progress=progress)
            text = _aggregate_output(rows, edges, epicentre, rupture, args, spec)
    finally:
        if bar is not None:
            bar.close()
    return _emit(text, args)


def _emit(text: str, args) -> int:
    if args.out:
        write_atomic(args.out, text)
        print(terminal_safe(f"sitrep: wrote {args.out}"), file=sys.stderr)
    else:
        sys.stdout.write(stdout_text(text, args.format))  # exact to a pipe; no raw ESC to a terminal
    return 0


# --- the Dask engine (sitrep.scale; Dask itself is imported only when it runs) ---------------------


def _dask_rows(args, spec: ScenarioSpec, edges, epicentre: Epicentre, rupture) -> pd.DataFrame:
    from ..scale import dask_band_rows

    return dask_band_rows(dask_datasets(args, spec), edges, epicentre=epicentre, rupture=rupture, sums=args.sum, by=args.by,
                          scheduler=args.scheduler)  # fmt: skip


# --- inputs --------------------------------------------------------------------------------------


def selected_layers(args, spec: ScenarioSpec, scenario: dict[str, gpd.GeoDataFrame], field_names: dict[str, tuple[str, ...]]) -> list[BandLayer]:
    """The layers to measure; ``field_names`` gets every field of a file read by the columnar path (which reads only those asked for)."""
    from ..io import load_layer, read_point_columns
    from ..io.reader import split_layer_path
    from ..query import BandLayer, scenario_band_layers

    if not args.layer:
        return scenario_band_layers(spec, scenario)
    wanted_fields = list(args.sum or ["population"]) + ([args.by] if args.by else [])
    out: list[BandLayer] = []
    taken = set(reserved_layer_names(spec))  # a file's layer is never named like a scenario layer or another file's
    for name in args.layer:
        path = Path(name)
        if name in spec.layer_names and not path.exists():
            if name not in {layer.name for layer in out}:  # the same scenario layer twice is one table
                out += scenario_band_layers(spec, scenario, [name])
            continue
        if path.is_dir() or (glob.has_magic(name) and not path.exists()):  # a partitioned dataset, read whole here
            out.append(_dataset_layer(name, args, taken, field_names))
            continue
        if not split_layer_path(path)[0].exists():  # FILE.gpkg:LAYER names a layer of FILE (issue 10, formats)
            raise InputError(path, f"no such file, and not a layer of scenario '{spec.name}' ({', '.join(spec.layer_names)})", field="--layer")
        shown = user_layer_name(name, taken)
        taken.add(shown)
        # the columnar fast path reads WGS84 only: a stated CRS goes through the full loader
        cols = None if args.features or args.crs else read_point_columns(path, wanted_fields)
        if cols is not None:
            layer = BandLayer.from_points(shown, cols.lon, cols.lat, cols.columns, source_file=str(path))
            field_names[shown] = cols.field_names
        else:
            layer = BandLayer.from_frame(shown, load_layer(path, crs=args.crs, expect_within=spec.region), source_file=str(path))
        out.append(layer)
    return out


def _dataset_layer(pattern: str, args, taken: set[str], field_names: dict[str, tuple[str, ...]]) -> BandLayer:
    """A directory or glob of GeoParquet partitions, read whole into this process (``--engine dask`` streams them)."""
    from ..scale import read_dataset
    from ..text import fold

    if args.features:
        raise InputError(pattern, "--features lists the features of one file; name one partition (DIR/part.parquet)", field="--layer")
    if args.crs:
        raise InputError(pattern, "partitions are read as GeoParquet in WGS84 (EPSG:4326); --crs does not apply", field="--crs")
    folded = {fold(t) for t in taken}
    data = named_dataset(pattern, folded)
    taken.add(data.name)
    wanted = list(args.sum or ["population"]) + ([args.by] if args.by else [])
    layer = read_dataset(data, wanted, required=[*(args.sum or []), *([args.by] if args.by else [])])
    field_names[data.name] = tuple(layer.columns)
    return layer


def _check_fields(layers: list[BandLayer], args, field_names: dict[str, tuple[str, ...]]) -> None:
    """``--sum`` / ``--by`` fields must exist: an error naming the layer and the fields it has, never a silent "-".

    Layers named with ``--layer`` must each have every field asked for. Without
    ``--layer`` (every exposure layer of the scenario), a layer lacking the field
    is shown with "-", but a field no layer has is an error.
    """
    asked = [("--sum", f) for f in args.sum or []] + ([("--by", args.by)] if args.by else [])
    for option, name in asked:
        lacking = [layer for layer in layers if name.lower() not in {str(c).lower() for c in layer.columns}]
        if not lacking or (not args.layer and len(lacking) < len(layers)):
            continue
        layer = lacking[0]
        names = field_names.get(layer.name) or [c for c in layer.columns if c != "geometry"]
        shown = ", ".join(map(str, names[:30])) + (f" and {len(names) - 30} more" if len(names) > 30 else "")
        where = "" if args.layer else " (nor does any other layer of the scenario)"
        raise InputError(layer.source_file or None, f"layer '{layer.name}' has no field '{name}'{where}; its fields: {shown or 'none'}", field=option)


def _progress_bar(total: int):
    """A tqdm bar on stderr for inputs big enough to take about a second; none when not a terminal."""
    if total < PROGRESS_MIN_POINTS or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="pt", unit_scale=True, file=sys.stderr, desc="bands")


# --- outputs -------------------------------------------------------------------------------------


def _aggregate_output(rows: pd.DataFrame, edges, epicentre: Epicentre, rupture, args, spec: ScenarioSpec) -> str:
    if args.format == "json":
        doc = {
            "scenario": spec.name,
            "epicentre": epicentre.as_dict(),
            "rupture": None if rupture is None else {"source": args.rupture, "geometry_type": rupture.geom_type},
            "bands_km": list(edges),
            "rows": _records(rows),
        }
        return to_json_text(doc)
    if args.format == "csv":
        return to_safe_csv(rows)
    return _aggregate_table(rows, edges, epicentre, rupture, args)


def _records(rows: pd.DataFrame) -> list[dict]:
    """JSON rows: a sum a layer does not have is left out; a band with no data keeps count = null."""
    fixed = {"layer", "band", "lower_km", "upper_km", "count", "coverage"}
    present = {layer: _present(rows, layer) for layer in rows["layer"].unique()}
    records = rows.astype(object).where(rows.notna(), None).to_dict(orient="records")
    return [{k: v for k, v in rec.items() if k in fixed or k in present[rec["layer"]]} for rec in records]


def _present(rows: pd.DataFrame, layer: str, coverage: str = "coverage") -> set[str]:
    """Columns that hold values for ``layer`` (a sum it does not have is all missing)."""
    own = rows[(rows["layer"] == layer) & (rows[coverage] != "none")]
    return {c for c in rows.columns if own[c].notna().any()}


def _value_cells(rows: pd.DataFrame, column: str, coverage: str = "coverage") -> list[str]:
    """Display cells: "no data" outside coverage, "*" when partial, "-" where the layer lacks the field."""
    counts = column.startswith("count")
    has = {layer: counts or column in _present(rows, layer, coverage) for layer in rows["layer"].unique()}
    return [band_cell(v, cov) if has[layer] else "-" for v, cov, layer in zip(rows[column], rows[coverage], rows["layer"])]


def _aggregate_table(rows: pd.DataFrame, edges, epicentre: Epicentre, rupture, args) -> str:
    mag = f"{epicentre.magnitude_type or 'M'} {epicentre.magnitude:.1f}, " if epicentre.magnitude is not None else ""
    # agency codes (cenc, usgs) read best in capitals; event ids (us20002926) as they are written
    ident = epicentre.id.upper() if epicentre.id.isalpha() and len(epicentre.id) <= 5 else epicentre.id
    if epicentre.id.lower() in ("custom", "epicentre"):  # a point given as --epicentre, here or to `incident new`
        ident = "given"
    depth = f"depth {epicentre.depth_km:g} km; " if epicentre.depth_km is not None else ""
    head = (f"Distance bands from the rupture trace ({args.rupture}), epicentre {epicentre.id}" if rupture is not None
            else f"Distance bands from the {ident} epicentre {latlon_text(epicentre.lat, epicentre.lon)}")  # fmt: skip
    lines = [terminal_safe(f"{head} ({mag}{depth}{epicentre.source})")]
    shown = rows.copy()
    labels = dict(zip(band_labels(edges), band_labels(edges, unit=True)))
    shown["band"] = shown["band"].map(labels)
    value_cols = [c for c in shown.columns if c not in ("layer", "band", "lower_km", "upper_km", "coverage", args.by or "")]
    for c in value_cols:
        shown[c] = _value_cells(rows, c)
    shown = shown.drop(columns=["lower_km", "upper_km", "coverage"])
    lines.append(render_table(shown, align_right=value_cols).rstrip("\n"))
    return "\n".join(lines) + "\n" + _FOOTNOTES


_FOOTNOTES = (
    "*: the band reaches beyond the layer's coverage; the figure counts only what the data covers\n"
    "no data: the band lies wholly outside the layer's coverage\n"
    "-: the layer has no such field\n"
)


def _features_output(features: gpd.GeoDataFrame, fmt: str) -> str:
    from .featureout import features_text

    return features_text(features, fmt, table_columns=("layer", "id", "name", "name_zh", "distance_km", "band", "provenance"),
                         cell={"distance_km": "{:.3f}".format}, rounded={"distance_km": 6})  # fmt: skip


def _compare_output(rows: pd.DataFrame, edges, solutions: list[Epicentre], fmt: str) -> str:
    if fmt == "json":
        return to_json_text({"bands_km": list(edges), "solutions": [s.as_dict() for s in solutions],
                             "rows": rows.astype(object).where(rows.notna(), None).to_dict(orient="records")})  # fmt: skip
    if fmt == "csv":
        return to_safe_csv(rows)
    labels = dict(zip(band_labels(edges), band_labels(edges, unit=True)))
    shown = rows.drop(columns=["lower_km", "upper_km"]).copy()
    shown["band"] = shown["band"].map(labels)
    value_cols = [c for c in shown.columns if c not in ("layer", "band") and not c.startswith("coverage_")]
    for c in value_cols:
        shown[c] = _value_cells(rows, c, "coverage_" + c.rsplit("_", 1)[1])
    shown = shown.drop(columns=[c for c in shown.columns if c.startswith("coverage_")])
    head = "Distance-band counts under each epicentre solution: " + "; ".join(
        f"{s.id} {latlon_text(s.lat, s.lon)}" for s in solutions
    )  # fmt: skip
    return terminal_safe(head) + "\n" + render_table(shown, align_right=value_cols) + _FOOTNOTES
