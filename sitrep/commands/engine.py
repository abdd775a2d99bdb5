"""``--engine local|dask`` and ``--scheduler``: options ``sitrep bands`` and ``sitrep intensity`` share.

Nothing heavy is imported here: Dask and :mod:`sitrep.scale` load only when ``--engine dask`` runs.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError

__all__ = ["add_engine_options", "check_engine_options", "dask_datasets"]


def add_engine_options(p) -> None:
    """``--engine`` and ``--scheduler`` (``sitrep bands`` and ``sitrep intensity``)."""
    p.add_argument("--engine", choices=("local", "dask"), default="local", help="local: in this process (default); dask: each --layer "
                   "is a partitioned GeoParquet dataset ('DIR/*.parquet', quoted, or DIR) counted partition by partition on Dask")  # fmt: skip
    p.add_argument("--scheduler", metavar="tcp://HOST:8786", help="with --engine dask: a running Dask scheduler "
                   "(default: a local cluster, one worker process per core); one that does not accept and answer within "
                   "15 s (SITREP_DASK_TIMEOUT=SECONDS) is an error")  # fmt: skip


def check_engine_options(args) -> None:
    """Options the Dask engine does not take, refused before any work; ``--scheduler`` needs ``--engine dask``."""
    if args.engine != "dask":
        if args.scheduler:
            raise InputError(None, "--scheduler names a Dask scheduler; add --engine dask", field="--scheduler")
        return
    from ..scale import engine_error

    if getattr(args, "features", False):
        raise engine_error("--features", "it counts per band or level; list features of one partition with --layer FILE.parquet")
    if getattr(args, "compare", False):
        raise engine_error("--compare", "run it once per --solution")
    if args.crs:
        raise engine_error("--crs", "the partitions must be GeoParquet in WGS84 (EPSG:4326)")
    if not args.layer:
        raise InputError(None, "--engine dask counts partitioned GeoParquet datasets; name one with --layer 'DIR/*.parquet'", field="--layer")


def dask_datasets(args, spec) -> list:
    """Each ``--layer`` as a :class:`sitrep.scale.Dataset`, named by its directory (never like a scenario layer)."""
    from ..present import reserved_layer_names
    from ..text import fold

    taken = {fold(t) for t in reserved_layer_names(spec)}
    return [named_dataset(pattern, taken) for pattern in args.layer]


def named_dataset(pattern: str, taken: set[str]):
    """The :class:`sitrep.scale.Dataset` ``pattern`` names, named by its directory, unlike any name in
    ``taken`` (folded names; the new name is added): as a file's stem is (present.user_layer_name),
    a clash gets its directory and glob beside it."""
    from ..scale import Dataset, dataset
    from ..text import fold

    ds = dataset(pattern)
    name, n = ds.name, 2
    if fold(name) in taken:
        path = Path(pattern)
        name = base = f"{ds.name} ({path.name if path.is_dir() else f'{path.parent.name}/{path.name}'})"
        while fold(name) in taken:
            name, n = f"{base} #{n}", n + 1
    taken.add(fold(name))
    return Dataset(name, ds.files, ds.pattern)
