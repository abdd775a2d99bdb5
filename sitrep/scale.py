"""Band and intensity queries over a partitioned GeoParquet dataset, one partition at a time on Dask.

A national layer (hundreds of millions of points) does not fit in one process.
Here each partition (one ``.parquet`` file of a directory or glob) is read on a
Dask worker - only the geometry and the fields asked for - and measured with
sitrep's exact engines (:func:`sitrep.query.layer_band_index`, so
:func:`sitrep.distance.point_source_bands` from an epicentre and
:func:`sitrep.distance.trace_bands` from a rupture; the MMI of
:func:`sitrep.intensity.exposure.layer_mmi` for intensity). A worker sends back
only a small table (count and sums per band, per ``--by`` group; per MMI level)
and its partition's coordinate extent; the client adds them up. The points never
reach the client and a worker holds one partition at a time, so memory per
worker is bounded by the partition size, whatever the dataset's.

Equality with the single-machine engine: the band of every feature is computed
by the same code, so counts are equal exactly. Sums are added in float64 per
partition (the same ``numpy.bincount`` as :func:`sitrep.bands.band_table`) and
the partitions' sums are added on the client with :func:`math.fsum`: integral
values (people, households) below 2**53 sum exactly, whatever the order;
fractional values may differ from the single-machine figure in the last bits
(about 1e-15 relative), because the order of addition differs.

A layer's coverage (the lon/lat box of its data, which decides "no data" and
partial bands) is combined from each partition's extent, the longitudes also on
0..360, so the box is the one :func:`sitrep.query.lonlat_box` gives for all the
points together, across the antimeridian too.

Dask is imported inside the functions that use it: importing this module costs
no Dask start-up.
"""

from __future__ import annotations

import glob
import logging
import math
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from .bands import band_labels
from .errors import InputError, SitrepError
from .query import BandLayer, Epicentre, _band_frame, _covered_table, _numeric, _sum_fields, layer_band_table, sum_overflow

if TYPE_CHECKING:
    from .intensity.field import MMIField

__all__ = [
    "ENGINES",
    "AFFECTED_LIMIT",
    "MAX_PARTITIONS",
    "Dataset",
    "PartitionExtent",
    "dataset",
    "read_partition",
    "read_dataset",
    "dask_client",
    "dask_band_rows",
    "dask_assess",
    "CONNECT_TIMEOUT_S",
    "connect_timeout_s",
    "engine_error",
]

#: Features at the "affected" level or more listed by :func:`dask_assess` (all are counted): a national
#: layer can hold millions of them, and the client holds only this many per partition.
AFFECTED_LIMIT: int = 10_000

#: Partitions one dataset may have: each is a task (and a small table on the client).
MAX_PARTITIONS: int = 20_000
#: ``--engine`` values: ``local`` (this process, the default) or ``dask`` (partitions on a Dask cluster).
ENGINES = ("local", "dask")
#: Seconds to wait for a named scheduler (connection and handshake) before saying it cannot be reached;
#: the environment variable ``SITREP_DASK_TIMEOUT`` overrides it (:func:`connect_timeout_s`).
CONNECT_TIMEOUT_S: float = 15
SCHEDULER_HINT = "start one with `dask scheduler` or omit --scheduler for a local cluster"


# --- the dataset -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """A partitioned GeoParquet dataset: its name (as shown) and its partition files, sorted."""

    name: str
    files: tuple[str, ...]
    pattern: str


def dataset(pattern: str | os.PathLike) -> Dataset:
    """The partition files a ``--layer`` names: a directory (its ``*.parquet``), a glob, or one file.

    The name is the directory's (for ``DIR/*.parquet`` and ``DIR``) or the file's stem.

    >>> dataset("/nonexistent/*.parquet")
    Traceback (most recent call last):
    ...
    sitrep.errors.InputError: /nonexistent/*.parquet, field '--layer': no .parquet file matches; expected a directory of GeoParquet partitions or a glob such as 'DIR/*.parquet'
    """
    text = os.fspath(pattern)
    path = Path(text)
    if path.is_dir():
        files = sorted(str(p) for p in path.iterdir() if p.suffix.lower() in (".parquet", ".geoparquet") and p.is_file())
        name = path.resolve().name
    elif path.is_file():
        files, name = [text], path.stem
    else:
        parent = path.parent
        # a directory's name is data, not a pattern: 'data/[2025]/*.parquet' globs only the last part
        literal = os.path.join(glob.escape(str(parent)), path.name) if parent.is_dir() else text
        files = sorted(p for p in glob.glob(literal) if Path(p).is_file())
        name = parent.resolve().name if glob.has_magic(path.name) else path.stem
    if len(files) > MAX_PARTITIONS:
        raise InputError(text, f"{len(files):,} partitions; at most {MAX_PARTITIONS:,} (each is a task with its own overhead): "
                               "write fewer, bigger partitions (1-10 M points each)", field="--layer")  # fmt: skip
    if not files:
        raise InputError(text, "no .parquet file matches; expected a directory of GeoParquet partitions or a glob such as 'DIR/*.parquet'",
                         field="--layer")  # fmt: skip
    return Dataset(name or text, tuple(files), text)


@dataclass(frozen=True)
class PartitionExtent:
    """A partition's coordinate extent (degrees): longitudes also on 0..360, to combine across the antimeridian."""

    west: float
    east: float
    west360: float
    east360: float
    south: float
    north: float

    @classmethod
    def of(cls, lon: np.ndarray, lat: np.ndarray) -> PartitionExtent | None:
        ok = np.isfinite(lon) & np.isfinite(lat)
        lon, lat = lon[ok], lat[ok]
        if lon.size == 0:
            return None
        shifted = np.where(lon < 0, lon + 360.0, lon)
        return cls(float(lon.min()), float(lon.max()), float(shifted.min()), float(shifted.max()), float(lat.min()), float(lat.max()))


def _coverage(extents: Sequence[PartitionExtent | None]) -> BaseGeometry:
    """The box :func:`sitrep.query.lonlat_box` gives for all the partitions' points together."""
    ext = [e for e in extents if e is not None]
    if not ext:
        return box(0.0, 0.0, 0.0, 0.0)
    west, east = min(e.west for e in ext), max(e.east for e in ext)
    if west < 0 <= east:  # as lonlat_box: maybe across the antimeridian instead
        w360, e360 = min(e.west360 for e in ext), max(e.east360 for e in ext)
        if e360 - w360 < east - west:
            west, east = w360, e360
    return box(west, min(e.south for e in ext), east, max(e.north for e in ext))


# --- one partition, on a worker --------------------------------------------------------------------


def read_partition(path: str, fields: Sequence[str] = (), *, required: Sequence[str] = ()) -> tuple[BandLayer, PartitionExtent | None]:
    """One GeoParquet partition as a :class:`~sitrep.query.BandLayer` (geometry + ``fields`` only) and its extent.

    ``fields`` are matched in any case and keyed as asked; a field of ``required``
    the file lacks is an error. Points are decoded from WKB straight from Arrow
    buffers; other geometries (footprints) through shapely. Raises
    :class:`InputError` naming the file, the row (1-based, within the file) and
    the field for anything unusable: not Parquet, no GeoParquet metadata, a CRS
    other than WGS84, a missing or invalid geometry, a coordinate out of range.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .io.columnar import _decode_points, _geo_metadata, _is_wgs84
    from .io.reader import find_column

    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(path, f"cannot be read as Parquet ({_short(exc)}); expected a GeoParquet partition") from None
    geo = _geo_metadata(pf)
    if geo is None:
        raise InputError(path, "has no GeoParquet 'geo' metadata; expected a GeoParquet partition (GeoDataFrame.to_parquet writes one)")
    col = geo.get("primary_column", "geometry")
    meta = geo.get("columns", {}).get(col, {})
    names = pf.schema_arrow.names
    if col not in names:
        raise InputError(path, f"declares geometry column '{col}' but has no such column", field=col)
    if not _is_wgs84(meta.get("crs", "OGC:CRS84")):
        raise InputError(path, "is not in WGS84 longitude/latitude; expected EPSG:4326 / OGC:CRS84 (reproject the dataset first)", field=col)
    wanted = {f: find_column(names, (f, f.lower())) for f in dict.fromkeys(fields)}
    for f in required:
        if not wanted.get(f):
            shown = ", ".join(n for n in names if n != col)
            raise InputError(path, f"has no field '{f}'; its fields: {shown or 'none'}", field=f)
    try:
        table = pf.read(columns=[col, *(c for c in wanted.values() if c)])
    except (pa.ArrowException, OSError) as exc:
        raise InputError(path, f"cannot be read ({_short(exc)}); expected a GeoParquet partition") from None
    columns = {f: table.column(c).to_numpy(zero_copy_only=False) for f, c in wanted.items() if c}
    encoding = str(meta.get("encoding", "WKB"))
    xy = _decode_points(table.column(col), encoding)
    if xy is not None:
        lon, lat = xy
        _check_points(lon, lat, np.ones(lon.size, dtype=bool), path, col)
        layer = BandLayer(Path(path).name, lon, lat, columns, None, None, None, path)
        return layer, PartitionExtent.of(lon, lat)
    return _shapes_partition(path, table.column(col), encoding, columns, col)


def read_dataset(data: Dataset, fields: Sequence[str] = (), *, required: Sequence[str] = (), name: str | None = None) -> BandLayer:
    """A whole partitioned dataset in this process (``--engine local``): every partition read with
    :func:`read_partition` (the same checks) and joined, in file order, with the points' extent as coverage.

    Memory grows with the dataset (about 70 bytes per point): for more than fits, ``--engine dask``.
    """
    parts = [read_partition(path, fields, required=required) for path in data.files]
    layers = [layer for layer, _ in parts]
    n = sum(len(layer) for layer in layers)
    keys = list(dict.fromkeys(k for layer in layers for k in layer.columns))
    columns = {}
    for k in keys:
        pieces = [layer.columns[k] if k in layer.columns else np.full(len(layer), np.nan) for layer in layers]
        columns[k] = np.concatenate(pieces) if pieces else np.array([])
    has_others = any(layer.others is not None for layer in layers)
    others = np.concatenate([layer.others if layer.others is not None else np.full(len(layer), None, dtype=object)
                             for layer in layers]) if has_others else None  # fmt: skip
    lon = np.concatenate([layer.lon for layer in layers]) if n else np.array([])
    lat = np.concatenate([layer.lat for layer in layers]) if n else np.array([])
    return BandLayer(name or data.name, lon, lat, columns, _coverage([extent for _, extent in parts]), others, None, data.pattern)


def _shapes_partition(path: str, column, encoding: str, columns: dict, col: str) -> tuple[BandLayer, PartitionExtent | None]:
    """A partition whose geometries are not all plain WKB points: shapely decodes them, row by row errors named."""
    import shapely

    if encoding.upper() != "WKB":
        raise InputError(path, f"geometry encoding '{encoding}' with missing values or of another kind; expected WKB or 'point'", field=col)
    raw = column.to_numpy(zero_copy_only=False)
    missing = np.flatnonzero(pd.isna(raw))
    if missing.size:
        raise InputError(path, "has no geometry; expected a point, line or polygon", row=f"feature {missing[0] + 1}", field=col)
    geoms = shapely.from_wkb(raw, on_invalid="ignore")
    bad = np.flatnonzero(pd.isna(geoms))
    if bad.size:
        raise InputError(path, "geometry is not valid WKB; expected a point, line or polygon", row=f"feature {bad[0] + 1}", field=col)
    empty = np.flatnonzero(shapely.is_empty(geoms))
    if empty.size:
        raise InputError(path, "geometry is empty; expected a point, line or polygon", row=f"feature {empty[0] + 1}", field=col)
    is_point = shapely.get_type_id(geoms) == 0
    lon = np.full(geoms.size, np.nan)
    lat = np.full(geoms.size, np.nan)
    lon[is_point] = shapely.get_x(geoms[is_point])
    lat[is_point] = shapely.get_y(geoms[is_point])
    _check_points(lon, lat, is_point, path, col)
    others = None if is_point.all() else np.where(is_point, None, geoms)
    if others is not None:
        bounds = shapely.bounds(geoms[~is_point])
        wrong = ~np.isfinite(bounds).all(axis=1) | (np.abs(bounds[:, [0, 2]]) > 180).any(axis=1) | (np.abs(bounds[:, [1, 3]]) > 90).any(axis=1)
        if wrong.any():
            i = int(np.flatnonzero(~is_point)[np.flatnonzero(wrong)[0]])
            raise InputError(path, "a coordinate is outside ±180° longitude / ±90° latitude or not a number", row=f"feature {i + 1}", field=col)
    xy = shapely.get_coordinates(geoms)
    layer = BandLayer(Path(path).name, lon, lat, columns, None, others, None, path)
    return layer, PartitionExtent.of(xy[:, 0], xy[:, 1])


def _check_points(lon: np.ndarray, lat: np.ndarray, is_point: np.ndarray, path: str, col: str) -> None:
    """The first point out of range or not a number, named as ``sitrep.io.columnar`` names it."""
    from .io.columnar import check_lonlat

    check_lonlat(lon, lat, path, field=col, where=is_point)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text if len(text) <= 160 else text[:157] + "..."


def _error_of(exc: InputError) -> dict:
    """An input error as plain data: it reaches the client whole, whatever the serialiser."""
    return {"error": (exc.path, exc.message, exc.row, exc.field)}


def _band_partition(path: str, edges_km: Sequence[float], epicentre: Epicentre, rupture: BaseGeometry | None,
                    sums: Sequence[str] | None, by: str | None) -> dict:  # fmt: skip
    """Count and sums per band (per ``by`` group) of one partition, and its extent."""
    try:
        asked = list(sums or [])
        by_field = [by] if by else []
        layer, extent = read_partition(path, [*(asked or ["population"]), *by_field], required=[*asked, *by_field])
        # one thread per task: the cluster runs a task per worker thread already
        table = layer_band_table(layer, edges_km, epicentre=epicentre, rupture=rupture, sums=sums, by=by, workers=1)
        return {"table": table, "extent": extent, "rows": len(layer)}
    except InputError as exc:
        return _error_of(exc)


# --- the cluster -----------------------------------------------------------------------------------


@contextmanager
def dask_client(scheduler: Any = None, *, n_workers: int | None = None, quiet: bool = True) -> Iterator[Any]:
    """A ``distributed.Client``: to ``scheduler`` (``tcp://HOST:8786``), or to a new LocalCluster when None.

    A ``Client`` given as ``scheduler`` is used as it is (and left open). The local
    cluster runs one single-threaded worker process per core (``n_workers``), each
    with its share of the machine's memory, the dashboard (when bokeh is installed)
    on loopback only; it is closed on exit, and on SIGTERM (exit status 143). ``quiet``
    keeps distributed's log lines (start-up, shutdown) off the terminal. A scheduler
    that cannot be reached, or a service that accepts the connection but does not
    answer as one, is an :class:`InputError` (field ``--scheduler``) after
    :func:`connect_timeout_s` saying how to start one.
    """
    from distributed import Client

    if isinstance(scheduler, Client):
        yield scheduler
        return
    with _quiet_logs(quiet):
        if scheduler is None:
            with _stopped_cleanly_on_sigterm():
                yield from _local_client(n_workers, quiet)
            return
        address = str(scheduler)
        client = _connect(address)
        try:
            yield client
        finally:
            client.close()


def _local_client(n_workers: int | None, quiet: bool) -> Iterator[Any]:
    """A client of a new LocalCluster of worker processes, closed (workers, their semaphores) when done."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1, processes=True, memory_limit="auto",
                           dashboard_address="127.0.0.1:0",
                           # quiet: not even a worker's errors while the cluster is stopped under it (SIGTERM mid-run); a
                           # task's own failure reaches the client, a worker's death is KilledWorker there
                           silence_logs=logging.CRITICAL if quiet else logging.WARNING)  # fmt: skip
    try:
        client = Client(cluster)
        try:
            client.run(_warm_up)  # part of starting the cluster, not of the first partitions' time
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


@contextmanager
def _stopped_cleanly_on_sigterm() -> Iterator[None]:
    """SIGTERM (``kill``, a batch system's stop) unwinds like Ctrl-C while a local cluster runs, so it is closed.

    Killed outright, the worker processes die with this one but leave their semaphores to Python's resource
    tracker ("There appear to be 12 leaked semaphore objects"). Here SIGTERM raises ``SystemExit(143)`` (the
    status a SIGTERM'd process has) in the main thread; a second SIGTERM kills at once. Only when SIGTERM has
    its default action and this is the main thread: an application's own handler is left alone.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def stop(signum, frame) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _connect(address: str):
    """A client of the Dask scheduler at ``address``, or an :class:`InputError` (field ``--scheduler``) within
    about :func:`connect_timeout_s` saying how to start one.

    distributed's connect timeout covers opening the TCP connection only: its handshake is awaited without
    one (dask/distributed#7698), so a service that accepts the connection and never answers (not a Dask
    scheduler) would hold ``Client(...)`` until Ctrl-C. So the handshake is first tried on a throwaway event
    loop under a deadline (:func:`_handshake`); only a server that completes it gets a ``Client``. An
    address distributed cannot parse is refused there too, before a half-made ``Client`` exists (one would
    stay the process's default client).
    """
    from distributed import Client

    timeout = connect_timeout_s()
    shown = _address_shown(address)
    try:
        _handshake(address, timeout)
        return Client(address, timeout=timeout)
    except _NoAnswer:
        raise InputError(None, f"scheduler {shown}: no Dask scheduler answered within {timeout:g} s (is it a Dask scheduler's "
                               f"address? SITREP_DASK_TIMEOUT sets the wait); {SCHEDULER_HINT}", field="--scheduler") from None  # fmt: skip
    except _NotDask:
        raise InputError(None, f"scheduler {shown}: something answered, but not as a Dask scheduler (is it a Dask scheduler's "
                               f"address?); {SCHEDULER_HINT}", field="--scheduler") from None  # fmt: skip
    except (OSError, ValueError, TypeError) as exc:
        raise InputError(None, f"scheduler {shown}: cannot connect ({_masked(_short(exc))}); {SCHEDULER_HINT}",
                         field="--scheduler") from None  # fmt: skip


def connect_timeout_s() -> float:
    """Seconds to wait for a named scheduler to accept and answer: ``SITREP_DASK_TIMEOUT`` (read at each
    call), else :data:`CONNECT_TIMEOUT_S`."""
    from .settings import dask_timeout_s

    return dask_timeout_s(CONNECT_TIMEOUT_S)


class _NoAnswer(Exception):
    """A server accepted the connection and did not complete distributed's handshake in time."""


class _NotDask(Exception):
    """A server answered something distributed cannot read as its handshake (an SSH or HTTP greeting)."""


def _handshake(address: str, timeout_s: float) -> None:
    """Open a comm to ``address`` and complete distributed's handshake, or raise, within about ``timeout_s``.

    Raises :class:`_NoAnswer` when a server accepted the connection but did not answer, :class:`_NotDask`
    when it answered something else, and distributed's :class:`OSError` (after its own retries, at
    ``timeout_s``) when nothing accepts it. Runs ``asyncio.run``
    on a short-lived thread, so a caller inside an event loop (a notebook) is not disturbed.
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from distributed.comm import connect
    from distributed.security import Security

    async def shake() -> None:
        opening = connect(address, timeout=timeout_s, **Security().get_connection_args("client"))
        try:  # a second more than distributed's own deadline, so its message for a refused connection comes first
            comm = await asyncio.wait_for(opening, timeout_s + 1.0)
        except asyncio.TimeoutError:
            raise _NoAnswer(address) from None
        except (OSError, ValueError, TypeError):  # refused, closed, an address distributed cannot parse
            raise
        except Exception as exc:  # e.g. MemoryError: an SSH greeting's first 8 bytes read as a frame length of exabytes
            raise _NotDask(address) from exc
        await comm.close()

    with ThreadPoolExecutor(1, thread_name_prefix="sitrep-dask-handshake") as pool:
        pool.submit(asyncio.run, shake()).result()


def _address_shown(address: str) -> str:
    """A scheduler address as said back: credentials masked (``tcp://user:***@host``), at most 120 characters.

    >>> _address_shown("tcp://ana:s3cret@10.0.0.5:8786")
    'tcp://ana:***@10.0.0.5:8786'
    """
    text = _masked(address)
    return text if len(text) <= 120 else text[:117] + "..."


def _masked(text: str) -> str:
    """``user:secret@`` anywhere in ``text`` (an address, an error quoting it) as ``user:***@``."""
    import re

    return re.sub(r"([^\s/@:'\"]*:)[^\s/@'\"]*@", r"\1***@", text)


def _warm_up() -> None:
    """Import on a worker what every partition needs (Arrow, the engines, the CRS database)."""
    import pyarrow.parquet  # noqa: F401

    from .distance import point_source_bands  # noqa: F401
    from .io.columnar import _is_wgs84

    _is_wgs84("OGC:CRS84")


@contextmanager
def _quiet_logs(quiet: bool) -> Iterator[None]:
    loggers = [logging.getLogger(n) for n in ("distributed", "bokeh", "tornado", "asyncio")]
    saved = [lg.level for lg in loggers]
    if quiet:
        for lg in loggers:
            lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, saved):
            lg.setLevel(level)


def _run(client, func, files: Sequence[str], *args, progress: bool | None = None, label: str = "partitions") -> list[dict]:
    """``func(file, *args)`` for every partition on the cluster; results in file order; the first input error raised."""
    shown = sys.stderr.isatty() and len(files) > 1 if progress is None else progress
    if shown and _has_dashboard(client):
        print(f"sitrep: Dask dashboard at {client.dashboard_link}", file=sys.stderr)
    try:
        return _gather(client, func, files, args, shown, label)
    except SitrepError:
        raise
    except Exception as exc:  # the cluster could not run the task at all: a scheduler or worker without this sitrep
        if not (isinstance(exc, ImportError) or "deserializ" in str(exc).lower()):
            raise
        raise SitrepError(
            f"the Dask cluster could not run sitrep's task ({_short(exc)}); the scheduler and every worker need "
            f"sitrep {_version()} installed (the same version as here), and the dataset at the same path"
        ) from None


def _version() -> str:
    from . import __version__

    return __version__


def _gather(client, func, files: Sequence[str], args: tuple, shown: bool, label: str) -> list[dict]:
    from distributed import KilledWorker, as_completed

    futures = client.map(func, list(files), *[[a] * len(files) for a in args], pure=False)
    index = {f.key: i for i, f in enumerate(futures)}
    results: list[dict | None] = [None] * len(files)
    bar = None
    if shown:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="partition", file=sys.stderr, desc=label)
    try:
        # as_completed tracks the futures on the event loop of the process's *default* client unless told
        # otherwise: another Client made later (a notebook's, or one left half-made by a failed connect)
        # would then never see these futures finish, and the run would wait forever
        for future in as_completed(futures, loop=client.loop):
            try:
                result = future.result()
            except KilledWorker:
                client.cancel(futures)
                raise SitrepError(f"{files[index[future.key]]}: a Dask worker died measuring this partition (out of memory?); "
                                  "write smaller partitions or give each worker more memory (dask worker --memory-limit)") from None
            if "error" in result:
                client.cancel(futures)
                path, message, row, field = result["error"]
                raise InputError(path, message, row=row, field=field)
            results[index[future.key]] = result
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return [r for r in results if r is not None]


def _has_dashboard(client) -> bool:
    """A dashboard page to watch: the scheduler serves one, and bokeh (which draws it) is installed."""
    import importlib.util

    return "dashboard" in (client.scheduler_info().get("services") or {}) and importlib.util.find_spec("bokeh") is not None


def _scatter(client, value):
    """A large argument sent once to every worker, not once per partition."""
    return client.scatter(value, broadcast=True) if value is not None else None


# --- bands -----------------------------------------------------------------------------------------


def dask_band_rows(
    layers: Sequence[str | os.PathLike | Dataset],
    edges_km: Sequence[float],
    *,
    epicentre: Epicentre,
    rupture: BaseGeometry | None = None,
    sums: Sequence[str] | None = None,
    by: str | None = None,
    scheduler: Any = None,
    progress: bool | None = None,
    names: Sequence[str] | None = None,
) -> pd.DataFrame:
    """:func:`sitrep.query.band_rows` over partitioned GeoParquet datasets, computed on Dask.

    ``layers``: each a directory of ``.parquet`` partitions, a glob
    (``"DIR/*.parquet"``) or a :class:`Dataset`; ``names`` shows them otherwise
    than by the directory's name. ``scheduler``: None for a LocalCluster on
    this machine, ``"tcp://HOST:8786"`` for a running scheduler, or a
    ``distributed.Client``. ``progress``: a bar on stderr (None: when stderr is a
    terminal). Returns the same columns as ``band_rows`` (``layer, band,
    lower_km, upper_km, [by], count, <sums>, coverage``); counts equal the
    single-machine engine's exactly, sums up to the order of addition (see the
    module's docstring). Epicentre and rupture in degrees (EPSG:4326), edges in km.

    Example (in a notebook)::

        from sitrep.query import Epicentre
        from sitrep.scale import dask_band_rows
        rows = dask_band_rows(["buildings/*.parquet"], (0, 10, 20, 50),
                              epicentre=Epicentre(87.45, 28.5), sums=["population"],
                              scheduler="tcp://10.0.0.5:8786")
    """
    sets = [d if isinstance(d, Dataset) else dataset(d) for d in layers]
    shown = list(names) if names is not None else [d.name for d in sets]
    source = rupture if rupture is not None else epicentre.point
    frames = []
    with dask_client(scheduler) as client:
        for ds, name in zip(sets, shown, strict=True):
            results = _run(client, _band_partition, ds.files, tuple(edges_km), epicentre, _scatter(client, rupture), sums, by,
                           progress=progress, label=f"bands {name}")  # fmt: skip
            if sum(r["rows"] for r in results) == 0:
                raise InputError(ds.pattern, "contains no features; expected at least one", field="--layer")
            table = _sum_tables([r["table"] for r in results], edges_km, by)
            frames.append(_covered_table(table, name, source, edges_km, _coverage([r["extent"] for r in results])))
    return _band_frame(frames, by)


def _sum_tables(tables: Sequence[pd.DataFrame], edges_km: Sequence[float], by: str | None) -> pd.DataFrame:
    """Partitions' band tables added up: counts as integers, sums with :func:`math.fsum`; band then group order."""
    keys = ["band", "lower_km", "upper_km", *([by] if by else [])]
    all_rows = pd.concat(tables, ignore_index=True)
    values = [c for c in all_rows.columns if c not in keys]
    sums = [c for c in values if c != "count"]
    all_rows[sums] = all_rows[sums].fillna(0.0)  # a partition without the field adds nothing
    grouped = all_rows.groupby(keys, sort=False, dropna=False)
    out = grouped["count"].sum().astype(np.int64).to_frame()
    for c in sums:
        try:
            out[c] = grouped[c].agg(math.fsum).astype(np.float64)
        except OverflowError:
            raise sum_overflow(c) from None
    out = out.reset_index()
    position = {label: i for i, label in enumerate(band_labels(edges_km))}
    out["_position"] = out["band"].map(position)
    out = out.sort_values(["_position", *([by] if by else [])], kind="stable").drop(columns="_position")
    return out[[*keys, *values]].reset_index(drop=True)


# --- intensity -------------------------------------------------------------------------------------


def _mmi_partition(path: str, field: MMIField, sums: Sequence[str] | None, at_least: int) -> dict:
    """Per MMI level: count and sums; the features outside the field; those at ``at_least`` or more."""
    from .intensity.exposure import layer_mmi, people_and
    from .intensity.field import mmi_level

    try:
        asked = list(sums or [])
        layer, extent = read_partition(path, ["population", *asked, "name", "name_zh"], required=asked)
        mmi, _ = layer_mmi(layer, field)
        level = mmi_level(mmi)
        fields = _sum_fields(layer, people_and(sums))
        values = {f: np.nan_to_num(_numeric(layer, f), nan=0.0) for f in fields}
        ok = level >= 0
        per_level = {}
        for k in np.unique(level[ok]).tolist():
            at = ok & (level == k)
            per_level[int(k)] = {"count": int(at.sum()), **{f: float(values[f][at].sum()) for f in fields}}
        out = np.isnan(mmi)
        pop = _sum_fields(layer, ["population"])
        outside = {"count": int(out.sum()), "population": float(values[pop[0]][out].sum()) if pop else None}
        found = _affected_rows(layer, mmi, level, at_least)
        n_found = len(found)
        if n_found > AFFECTED_LIMIT:  # the client never holds more than a page of them per partition
            found = found.sort_values(["mmi", "row"], ascending=[False, True], kind="stable").head(AFFECTED_LIMIT)
        return {"levels": per_level, "fields": fields, "outside": outside, "affected": found, "affected_count": n_found,
                "extent": extent, "rows": len(layer), "population": bool(pop)}  # fmt: skip
    except InputError as exc:
        return _error_of(exc)


def _affected_rows(layer: BandLayer, mmi: np.ndarray, level: np.ndarray, at_least: int) -> pd.DataFrame:
    """:func:`sitrep.intensity.exposure.affected`'s rows of one partition, unsorted; ``row``: 0-based in the partition.

    ``name`` is None for a feature with no name: the client names it by its row in the whole layer.
    """
    from .intensity.exposure import _text_column
    from .intensity.field import roman

    keep = np.flatnonzero(level >= int(at_least))
    names = _text_column(layer, "name")
    names_zh = _text_column(layer, "name_zh")
    pop = _sum_fields(layer, ["population"])
    return pd.DataFrame({
        "row": keep,
        "name": [names[i] if names is not None and names[i] else None for i in keep],
        "name_zh": names_zh[keep] if names_zh is not None else "",
        "mmi": mmi[keep],
        "level": level[keep].astype("int64"),
        "roman": [roman(k) for k in level[keep]],
        "population": _numeric(layer, pop[0])[keep] if pop else np.nan,
    })  # fmt: skip


def _affected_frame(per_layer: Sequence[tuple[str, list[dict]]]) -> pd.DataFrame:
    """The partitions' affected rows as :func:`~sitrep.intensity.exposure.affected` orders them, unnamed ones named by their row in the layer."""
    columns = ["layer", "name", "name_zh", "mmi", "level", "roman", "population"]
    parts = []
    for name, results in per_layer:
        offset = 0
        for r in results:
            found = r["affected"]
            if not found.empty:
                named = [n if n is not None else f"feature {offset + i + 1}" for n, i in zip(found["name"], found["row"])]
                parts.append(found.assign(layer=name, name=named)[columns])
            offset += r["rows"]
    if not parts:
        return pd.DataFrame({c: [] for c in columns})
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["mmi", "layer", "name"], ascending=[False, True, True], kind="stable").reset_index(drop=True)
    return out.head(AFFECTED_LIMIT)


def dask_assess(
    field: MMIField,
    layers: Sequence[str | os.PathLike | Dataset],
    *,
    country: str | None,
    sums: Sequence[str] | None = None,
    population_layers: Sequence[str] | None = None,
    at_least: int = 8,
    grids: Sequence = (),
    scheduler: Any = None,
    progress: bool | None = None,
    names: Sequence[str] | None = None,
) -> dict:
    """:func:`sitrep.intensity.exposure.assess` over partitioned GeoParquet datasets, computed on Dask.

    The same dict (``sitrep intensity --format json``): per MMI level the area,
    each layer's count and sums, the features outside the field, those at
    ``at_least`` or more (an unnamed one is "feature N", N its row in the whole
    dataset, partitions in file order) and the fatality estimate from the summed people.
    ``scheduler``, ``progress`` and ``names`` as in :func:`dask_band_rows`.
    """
    from .intensity.exposure import OUTSIDE, _levels_listed, assess_parts
    from .intensity.field import roman

    sets = [d if isinstance(d, Dataset) else dataset(d) for d in layers]
    shown = list(names) if names is not None else [d.name for d in sets]
    per_layer = []
    with dask_client(scheduler) as client:
        remote_field = _scatter(client, field)
        for ds, name in zip(sets, shown, strict=True):
            results = _run(client, _mmi_partition, ds.files, remote_field, sums, int(at_least), progress=progress, label=f"MMI {name}")
            if sum(r["rows"] for r in results) == 0:
                raise InputError(ds.pattern, "contains no features; expected at least one", field="--layer")
            per_layer.append((name, results))
    areas = field.level_areas_km2()
    found_levels = {k for _, results in per_layer for r in results for k in r["levels"]}
    fields_all: list[str] = []
    for _, results in per_layer:
        for r in results:
            fields_all += [f for f in r["fields"] if f not in fields_all]
    rows = []
    for k in _levels_listed(field, found_levels):
        for name, results in per_layer:
            have = {f for r in results for f in r["fields"]}
            row = {"mmi": k, "roman": roman(k), "area_km2": areas.get(k), "layer": name,
                   "count": sum(r["levels"].get(k, {}).get("count", 0) for r in results)}  # fmt: skip
            for f in fields_all:
                row[f] = math.fsum(r["levels"].get(k, {}).get(f, 0.0) for r in results) if f in have else np.nan
            rows.append(row)
    table = pd.DataFrame(rows, columns=["mmi", "roman", "area_km2", "layer", "count", *fields_all])
    outside, with_population = [], []
    for name, results in per_layer:
        has_people = any(r["population"] for r in results)
        if has_people:
            with_population.append(name)
        count = sum(r["outside"]["count"] for r in results)
        if count:
            people = math.fsum(r["outside"]["population"] or 0.0 for r in results) if has_people else None
            outside.append({"layer": name, "count": count, "population": people, "note": OUTSIDE})
    doc = assess_parts(field, table, outside, _affected_frame(per_layer), with_population, country=country,
                       population_layers=population_layers, at_least=at_least, grids=grids)  # fmt: skip
    total = sum(r["affected_count"] for _, results in per_layer for r in results)
    doc["affected"]["total"] = total
    if total > AFFECTED_LIMIT:
        doc["notes"].append(f"{total:,} features are at {roman(int(at_least))} or more; the {AFFECTED_LIMIT:,} with the "
                            "highest MMI are listed (their counts and sums are all in the levels)")  # fmt: skip
    return doc


def engine_error(option: str, why: str) -> SitrepError:
    """An option the Dask engine does not take, said the house way."""
    return InputError(None, f"{option} cannot be combined with --engine dask; {why}", field=option)
