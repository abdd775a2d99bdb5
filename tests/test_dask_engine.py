"""The Dask engine (sitrep.scale, ``--engine dask``): partitioned GeoParquet counted partition by partition.

What it must give: the single-machine engine's counts exactly (point source, rupture, --by, polygons,
coverage), sums equal (integral values exactly, fractional ones to the last bits), every bad partition
named by file, row and field, a scheduler that cannot be reached said in one line (exit 2), and user
names (directories, files) shown as data. The cluster is one per module: two in-process workers on TCP
(so the CLI can be pointed at it with --scheduler); one test runs the default local cluster of processes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, box

from sitrep import scale
from sitrep.errors import InputError, SitrepError
from sitrep.query import BandLayer, Epicentre, band_rows, lonlat_box

EDGES = (0.0, 10.0, 20.0, 50.0)
CENC = Epicentre(87.45, 28.50, id="cenc")
TRACE = LineString([(87.36, 28.62), (87.45, 28.50), (87.52, 28.36)])  # about the scenario's rupture, N-S through the epicentre


@pytest.fixture(scope="module")
def client():
    """Two single-threaded in-process workers on TCP, no fixed port (xdist runs one per worker); closed after the module."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                                       dashboard_address=":0", silence_logs=50)  # fmt: skip
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def _points(n: int, seed: int, *, lon0: float = 87.45, lat0: float = 28.5) -> gpd.GeoDataFrame:
    """``n`` points around Dingri (a few beyond 50 km) with integral and fractional values and an operator."""
    rng = np.random.default_rng(seed)
    return gpd.GeoDataFrame(
        {
            "population": rng.integers(0, 900, n).astype(float),
            "share": rng.random(n) * 7.3,
            "operator": rng.choice(["China Mobile", "NTC", "Ncell"], n),
            "name": [f"v{seed}-{i}" for i in range(n)],
        },
        geometry=gpd.points_from_xy(lon0 + rng.normal(0, 0.35, n), lat0 + rng.normal(0, 0.3, n)),
        crs="EPSG:4326",
    )


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> tuple[Path, gpd.GeoDataFrame]:
    """Four partitions of unequal size (one empty) in a directory; and all of it as one frame."""
    root = tmp_path_factory.mktemp("ds") / "shelters"
    root.mkdir()
    parts = [_points(n, seed) for seed, n in enumerate((700, 1, 1300, 0))]
    for i, part in enumerate(parts):
        part.to_parquet(root / f"part-{i:02d}.parquet")
    whole = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs="EPSG:4326")
    return root, whole


def _single(whole: gpd.GeoDataFrame, **kwargs) -> pd.DataFrame:
    layer = BandLayer.from_points("shelters", whole.geometry.x, whole.geometry.y, {c: whole[c].to_numpy() for c in whole.columns if c != "geometry"})
    return band_rows([layer], EDGES, **kwargs)


def _assert_same(dask_rows: pd.DataFrame, single_rows: pd.DataFrame, *, fractional: tuple[str, ...] = ()) -> None:
    exact = single_rows.drop(columns=list(fractional))
    pd.testing.assert_frame_equal(dask_rows.drop(columns=list(fractional)), exact)
    for c in fractional:  # the order of addition differs: equal to the last bits
        np.testing.assert_allclose(dask_rows[c].to_numpy(dtype=float), single_rows[c].to_numpy(dtype=float), rtol=1e-13)


@pytest.mark.parametrize("rupture", [None, TRACE], ids=["epicentre", "rupture"])
def test_counts_and_sums_equal_the_single_machine_engine(client, dataset, rupture):
    """Per band and per --by group, partition by partition: the same counts, coverage and sums as band_rows on all points."""
    root, whole = dataset
    kwargs = dict(epicentre=CENC, rupture=rupture, sums=["population", "share"], by="operator")
    rows = scale.dask_band_rows([root / "*.parquet"], EDGES, scheduler=client, **kwargs)
    _assert_same(rows, _single(whole, **kwargs), fractional=("share",))
    assert rows["count"].sum() == len(whole)
    assert set(rows["coverage"]) == {"full", "partial"}


def test_default_sum_is_population_and_a_directory_is_a_dataset(client, dataset):
    """``--layer DIR`` works like ``'DIR/*.parquet'``; without --sum, population is summed (integers: exactly)."""
    root, whole = dataset
    rows = scale.dask_band_rows([root], EDGES, epicentre=CENC, scheduler=client)
    pd.testing.assert_frame_equal(rows, _single(whole, epicentre=CENC))


def test_polygons_are_measured_from_their_nearest_point(client, tmp_path):
    """Footprints (polygons) go through the same geometry engine as on one machine; their extent makes the coverage."""
    rng = np.random.default_rng(5)
    parts = []
    for i in range(2):
        x, y = 87.45 + rng.normal(0, 0.3, 40), 28.5 + rng.normal(0, 0.3, 40)
        part = gpd.GeoDataFrame({"population": rng.integers(1, 50, 40).astype(float)},
                                geometry=[box(a, b, a + 0.01, b + 0.008) for a, b in zip(x, y)], crs="EPSG:4326")  # fmt: skip
        part.to_parquet(tmp_path / f"p{i}.parquet")
        parts.append(part)
    whole = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs="EPSG:4326")
    rows = scale.dask_band_rows([tmp_path / "*.parquet"], EDGES, epicentre=CENC, scheduler=client, names=["buildings"])
    pd.testing.assert_frame_equal(rows, band_rows([BandLayer.from_frame("buildings", whole)], EDGES, epicentre=CENC))


@pytest.mark.parametrize(
    "lons",
    [[179.9, 179.95, -179.9, -179.8], [-10.0, -170.0, 10.0, 170.0], [86.0, 87.0, 88.5, 89.0], [-1.0, 0.5, 2.0, -3.0]],
    ids=["antimeridian", "both-sides", "one-hemisphere", "prime-meridian"],
)
def test_coverage_combined_from_partitions_is_the_whole_layers_box(lons):
    """Each partition's extent, combined, gives lonlat_box of all the points (the box that decides 'no data')."""
    lon = np.array(lons)
    lat = np.array([-17.0, -16.5, -16.0, -15.0])
    extents = [scale.PartitionExtent.of(lon[i : i + 1], lat[i : i + 1]) for i in range(lon.size)] + [None]
    assert scale._coverage(extents).bounds == lonlat_box(lon, lat).bounds


# --- bad input: file, row and field named -----------------------------------------------------------


def _one_bad(tmp_path: Path, frame: gpd.GeoDataFrame, name: str = "part-01.parquet") -> Path:
    _points(5, 1).to_parquet(tmp_path / "part-00.parquet")
    frame.to_parquet(tmp_path / name)
    return tmp_path / name


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ([Point(87.4, 28.5), Point(87.5, 28.6), Point(87.4, 95.0)], r"part-01\.parquet, feature 3, field 'geometry': latitude 95 is outside"),
        ([Point(87.4, 28.5), None, Point(87.4, 28.6)], r"part-01\.parquet, feature 2, field 'geometry': has no geometry"),
        ([box(87, 28, 87.1, 28.1), box(200, 28, 201, 28.1)], r"part-01\.parquet, feature 2, field 'geometry': a coordinate is outside"),
        ([Point(87.4, 28.5), Point(), Point(87.4, 28.6)], r"part-01\.parquet, feature 2, field 'geometry': geometry is empty \(a point"),
    ],
    ids=["latitude", "missing", "polygon", "empty-point"],
)
def test_a_bad_geometry_names_the_partition_file_and_row(client, tmp_path, geometry, message):
    """A worker's input error arrives at the client whole: the partition's file, the row within it (1-based), the field."""
    bad = gpd.GeoDataFrame({"population": [1.0] * len(geometry)}, geometry=geometry, crs="EPSG:4326")
    _one_bad(tmp_path, bad)
    with pytest.raises(InputError, match=message):
        scale.dask_band_rows([tmp_path], EDGES, epicentre=CENC, scheduler=client)


def test_a_non_numeric_sum_names_file_row_and_field(client, tmp_path):
    """'many' in a population column: the file, its row and the field, as the single-machine engine says it."""
    bad = gpd.GeoDataFrame({"population": ["3", "many", "4"]}, geometry=[Point(87.4, 28.5)] * 3, crs="EPSG:4326")
    _one_bad(tmp_path, bad)
    with pytest.raises(InputError, match=r"part-01\.parquet, feature 2, field 'population': cannot sum a non-number: 'many'"):
        scale.dask_band_rows([tmp_path], EDGES, epicentre=CENC, scheduler=client)


def test_a_partition_that_is_not_geoparquet_is_named(client, tmp_path):
    """Plain Parquet (no 'geo' metadata) and a file that is not Parquet at all: each named, with what was expected."""
    _points(5, 1).to_parquet(tmp_path / "part-00.parquet")
    pd.DataFrame({"x": [1.0]}).to_parquet(tmp_path / "part-01.parquet")
    with pytest.raises(InputError, match=r"part-01\.parquet: has no GeoParquet 'geo' metadata; expected a GeoParquet partition"):
        scale.dask_band_rows([tmp_path], EDGES, epicentre=CENC, scheduler=client)
    (tmp_path / "part-01.parquet").write_text("id,lon,lat\n1,87,28\n")
    with pytest.raises(InputError, match=r"part-01\.parquet: cannot be read as Parquet .*expected a GeoParquet partition"):
        scale.dask_band_rows([tmp_path], EDGES, epicentre=CENC, scheduler=client)


def test_a_missing_sum_field_and_an_empty_glob_are_named(client, tmp_path):
    """--sum households on a dataset without it: the partition and its fields; a glob matching nothing: the glob."""
    _points(5, 1).to_parquet(tmp_path / "part-00.parquet")
    with pytest.raises(InputError, match=r"part-00\.parquet, field 'households': has no field 'households'; its fields: population"):
        scale.dask_band_rows([tmp_path], EDGES, epicentre=CENC, sums=["households"], scheduler=client)
    with pytest.raises(InputError, match=r"nothing/\*\.parquet, field '--layer': no \.parquet file matches"):
        scale.dask_band_rows([tmp_path / "nothing" / "*.parquet"], EDGES, epicentre=CENC, scheduler=client)


# --- the CLI -------------------------------------------------------------------------------------------


def test_cli_dask_engine_prints_what_the_local_engine_prints(client, dataset, run_cli, tmp_path):
    """`sitrep bands --engine dask --scheduler ... --layer 'DIR/*.parquet'` = `sitrep bands --layer ALL.parquet` (JSON, by operator)."""
    root, whole = dataset
    whole.to_parquet(tmp_path / "shelters.parquet")
    common = ["bands", "--format", "json", "--by", "operator", "--rupture", "rupture"]
    distributed = run_cli(*common, "--engine", "dask", "--scheduler", client.scheduler.address, "--layer", str(root / "*.parquet"))
    single = run_cli(*common, "--layer", str(tmp_path / "shelters.parquet"))
    assert distributed.code == 0 and single.code == 0, distributed.err + single.err
    assert json.loads(distributed.out) == json.loads(single.out)
    assert distributed.out.startswith("{")  # nothing but the document on stdout


@pytest.mark.parametrize("form", ["directory", "glob"])
def test_the_local_engine_reads_the_same_partitioned_dataset(client, dataset, run_cli, form):
    """`sitrep bands --layer DIR` (or 'DIR/*.parquet') without --engine reads every partition into this process:
    the same table as --engine dask, so an analyst can check one against the other on data that fits."""
    root, _ = dataset
    layer = str(root) if form == "directory" else str(root / "*.parquet")
    common = ["bands", "--format", "json", "--by", "operator", "--sum", "population", "--layer", layer]
    local = run_cli(*common)
    distributed = run_cli(*common, "--engine", "dask", "--scheduler", client.scheduler.address)
    assert local.code == 0 and distributed.code == 0, local.err + distributed.err
    assert json.loads(local.out) == json.loads(distributed.out)
    assert {r["layer"] for r in json.loads(local.out)["rows"]} == {"shelters"}


def test_the_local_engine_names_a_bad_partition_row_too(tmp_path, run_cli):
    """Read whole, a dataset gets the same checks as on Dask: file, row within it, field."""
    good, bad = _points(5, 1), _points(5, 2)
    bad.loc[3, "geometry"] = None
    good.to_parquet(tmp_path / "a.parquet")
    bad.to_parquet(tmp_path / "b.parquet")
    res = run_cli("bands", "--layer", str(tmp_path))
    assert res.code == 2 and "b.parquet, feature 4, field 'geometry'" in res.err and "Traceback" not in res.err


@pytest.mark.parametrize("hostile", ["{{7*7}}", "<img src=x onerror=alert(1)>", "[2025]"])
def test_cli_hostile_directory_names_are_shown_as_data(client, tmp_path, run_cli, hostile):
    """A dataset's directory named like a template, markup or a glob class is its layer name, character for character, and globbed as such."""
    root = tmp_path / hostile
    root.mkdir()
    _points(30, 3).to_parquet(root / f"{hostile}.parquet")
    res = run_cli("bands", "--engine", "dask", "--scheduler", client.scheduler.address, "--layer", str(root / "*.parquet"), "--format", "json")
    assert res.code == 0, res.err
    assert {r["layer"] for r in json.loads(res.out)["rows"]} == {hostile}
    table = run_cli("bands", "--engine", "dask", "--scheduler", client.scheduler.address, "--layer", str(root))
    assert table.code == 0 and all(line.startswith(f"{hostile} ") for line in table.out.split("\n")[3:7])  # the layer column, as written


def test_cli_unreachable_scheduler_is_one_clear_line(run_cli, dataset, monkeypatch):
    """No scheduler at the address: exit 2, one line saying how to start one, no traceback, nothing on stdout."""
    monkeypatch.setattr(scale, "CONNECT_TIMEOUT_S", 1)
    root, _ = dataset
    res = run_cli("bands", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", "--layer", str(root / "*.parquet"))
    assert res.code == 2 and res.out == ""
    assert res.err.startswith("sitrep: error: field '--scheduler': scheduler tcp://127.0.0.1:9: cannot connect (")
    assert "start one with `dask scheduler` or omit --scheduler for a local cluster" in res.err
    assert "Traceback" not in res.err and res.err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "dask", "--features"], "--features cannot be combined with --engine dask"),
        (["--engine", "dask", "--compare"], "--compare cannot be combined with --engine dask"),
        (["--engine", "dask"], "--engine dask counts partitioned GeoParquet datasets; name one with --layer"),
        (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler names a Dask scheduler; add --engine dask"),
    ],
)
def test_cli_refuses_what_the_dask_engine_does_not_do(run_cli, args, message):
    """Per-feature output and solution comparison are single-machine; --scheduler alone would be silently ignored."""
    res = run_cli("bands", *args)
    assert res.code == 2 and message in res.err and "Traceback" not in res.err


def test_cli_intensity_exposure_alone_refuses_the_dask_engine(run_cli):
    """--exposure gives the exposure itself: an engine named beside it would be silently ignored."""
    res = run_cli("intensity", "--exposure", "VIII=100", "--country", "CN", "--engine", "dask", "--layer", "x/*.parquet")
    assert res.code == 2 and "--engine dask" in res.err and "Traceback" not in res.err


def test_cli_intensity_dask_engine_equals_the_local_engine(client, dataset, run_cli, tmp_path):
    """`sitrep intensity --engine dask`: the same levels, counts, people, outside, affected and fatality estimate.

    Without a name column: the local engine's fast Parquet reader reads only the summed fields, so it names
    affected features by their row (the Dask engine reads ``name`` too; see the next test).
    """
    _, whole = dataset
    whole = whole.drop(columns="name")
    root = tmp_path / "shelters"
    root.mkdir()
    for i, start in enumerate(range(0, len(whole), 600)):
        whole.iloc[start : start + 600].to_parquet(root / f"part-{i}.parquet")
    whole.to_parquet(tmp_path / "shelters.parquet")
    distributed = run_cli("intensity", "--format", "json", "--engine", "dask", "--scheduler", client.scheduler.address, "--layer", str(root))
    single = run_cli("intensity", "--format", "json", "--layer", str(tmp_path / "shelters.parquet"))
    assert distributed.code == 0 and single.code == 0, distributed.err + single.err
    a, b = json.loads(distributed.out), json.loads(single.out)
    assert a == b
    assert any(r["count"] for level in a["levels"] for r in level["rows"])


def _two_partitions_at_the_epicentre(folder: Path) -> tuple[list[gpd.GeoDataFrame], object]:
    """Two partitions of two unnamed features each at the CENC epicentre (all at VIII+), and yu2013's field."""
    from sitrep.intensity.source import shaking_field
    from sitrep.io import load_scenario

    parts = [gpd.GeoDataFrame({"population": [10.0, 20.0]}, geometry=[Point(87.45, 28.5), Point(87.46, 28.51)], crs="EPSG:4326")
             for _ in range(2)]  # fmt: skip
    for i, p in enumerate(parts):
        p.to_parquet(folder / f"p{i}.parquet")
    spec, _ = load_scenario("dingri-2025")
    return parts, shaking_field(spec, epicentre=CENC, rupture=None, model="yu2013", magnitude=6.8, depth_km=10.0)


def test_intensity_names_unnamed_features_by_their_row_in_the_whole_dataset(client, tmp_path):
    """An affected feature with no name is 'feature N', N counted over the partitions in file order (as on one machine)."""
    from sitrep.intensity.exposure import assess

    parts, field = _two_partitions_at_the_epicentre(tmp_path)
    doc = scale.dask_assess(field, [tmp_path], country="CN", scheduler=client, names=["villages"])
    whole = BandLayer.from_frame("villages", gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs="EPSG:4326"))
    assert doc == assess(field, [whole], country="CN")
    assert sorted(f["name"] for f in doc["affected"]["features"]) == ["feature 1", "feature 2", "feature 3", "feature 4"]


def test_intensity_lists_at_most_a_page_of_affected_features_and_counts_them_all(client, tmp_path, monkeypatch):
    """A national layer can have millions of features at VIII+: the client holds at most AFFECTED_LIMIT, the total is kept."""
    monkeypatch.setattr(scale, "AFFECTED_LIMIT", 3)  # the test cluster's workers run in this process
    parts, field = _two_partitions_at_the_epicentre(tmp_path)
    doc = scale.dask_assess(field, [tmp_path], country="CN", scheduler=client, names=["villages"])
    assert len(doc["affected"]["features"]) == 3 and doc["affected"]["total"] == 4
    assert any("4 features are at VIII or more; the 3 with the highest MMI are listed" in n for n in doc["notes"])
    assert sum(r["count"] for level in doc["levels"] for r in level["rows"]) == 4  # every feature still counted


def test_a_cluster_without_this_sitrep_is_one_clear_error(client, dataset, monkeypatch, run_cli):
    """A scheduler or worker with another (or no) sitrep cannot load the task: say what to install, not a traceback."""
    def missing(*args, **kwargs):
        raise ModuleNotFoundError("No module named 'sitrep.scale'")

    monkeypatch.setattr(scale, "_band_partition", missing)  # the test cluster's workers run in this process
    root, _ = dataset
    with pytest.raises(SitrepError, match=r"the Dask cluster could not run sitrep's task \(No module named 'sitrep.scale'\); "
                                          r"the scheduler and every worker need sitrep .* installed"):
        scale.dask_band_rows([root], EDGES, epicentre=CENC, scheduler=client, progress=False)


def test_default_local_cluster_of_processes(dataset):
    """No scheduler named: a LocalCluster of worker processes is started, used and closed (tasks and results cross processes)."""
    root, whole = dataset
    rows = scale.dask_band_rows([root], EDGES, epicentre=CENC, by="operator", progress=False)
    pd.testing.assert_frame_equal(rows, _single(whole, epicentre=CENC, by="operator"))


def test_the_cli_does_not_import_dask_until_the_engine_runs():
    """Start-up stays light: parsing the bands and intensity commands imports no Dask."""
    code = ("import sys; from sitrep.cli import build_parser; build_parser().parse_args(['bands', '--engine', 'dask']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_service_that_is_not_a_dask_scheduler_is_a_clear_error_not_a_hang(run_cli, dataset, monkeypatch):
    """A port that accepts connections and never answers (attacker review: it held the client until Ctrl-C, as
    distributed's connect timeout does not cover its handshake): one line after SITREP_DASK_TIMEOUT, exit 2;
    and no half-made client is left behind as the process's default."""
    import socket
    import threading

    distributed = pytest.importorskip("distributed")
    monkeypatch.setenv("SITREP_DASK_TIMEOUT", "1")
    root, _ = dataset
    accepted: list[socket.socket] = []
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]

        def accept_and_say_nothing() -> None:
            try:
                accepted.append(silent.accept()[0])
            except OSError:  # closed at the end of the test
                pass

        threading.Thread(target=accept_and_say_nothing, daemon=True).start()
        done: dict = {}  # on a thread only so that a regression fails instead of hanging the suite
        run = threading.Thread(target=lambda: done.update(res=run_cli("bands", "--engine", "dask", "--scheduler",
                                                                      f"tcp://127.0.0.1:{port}", "--layer", str(root))), daemon=True)  # fmt: skip
        run.start()
        run.join(120)
    for conn in accepted:
        conn.close()
    assert "res" in done, "still waiting for the silent server"
    assert accepted, "the test server was never connected to"
    res = done["res"]
    assert res.code == 2 and res.out == "" and "Traceback" not in res.err and res.err.count("\n") == 1
    assert res.err.startswith(f"sitrep: error: field '--scheduler': scheduler tcp://127.0.0.1:{port}: no Dask scheduler answered "
                              "within 1 s (is it a Dask scheduler's address? SITREP_DASK_TIMEOUT sets the wait); start one with")  # fmt: skip
    try:
        default = distributed.default_client()
    except ValueError:  # no client at all
        default = None
    assert default is None or default.status == "running"


def test_a_service_that_greets_in_another_protocol_is_a_clear_error(run_cli, dataset):
    """An SSH server's greeting read as distributed's handshake is a frame length of exabytes (it was a
    MemoryError, an internal error): one line saying it is not a Dask scheduler."""
    import socket
    import threading

    root, _ = dataset
    with socket.socket() as ssh:
        ssh.bind(("127.0.0.1", 0))
        ssh.listen(8)
        port = ssh.getsockname()[1]

        def greet() -> None:
            try:
                conn, _ = ssh.accept()
            except OSError:
                return
            with conn:
                conn.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n")

        threading.Thread(target=greet, daemon=True).start()
        res = run_cli("bands", "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{port}", "--layer", str(root))
    assert res.code == 2 and res.out == "" and "Traceback" not in res.err and res.err.count("\n") == 1
    assert f"scheduler tcp://127.0.0.1:{port}: something answered, but not as a Dask scheduler" in res.err


def test_the_connect_deadline_is_documented_and_a_bad_value_keeps_the_default(monkeypatch):
    """SITREP_DASK_TIMEOUT: seconds, said in --help; not a positive number: a warning, and the default stays."""
    from sitrep.cli import build_parser

    monkeypatch.setenv("SITREP_DASK_TIMEOUT", "2.5")
    assert scale.connect_timeout_s() == 2.5
    monkeypatch.setenv("SITREP_DASK_TIMEOUT", "soon")
    with pytest.warns(UserWarning, match="SITREP_DASK_TIMEOUT='soon' is not a positive number; using 15"):
        assert scale.connect_timeout_s() == scale.CONNECT_TIMEOUT_S == 15
    bands = build_parser()._subparsers._group_actions[0].choices["bands"]
    assert "SITREP_DASK_TIMEOUT" in " ".join(bands.format_help().split())


def test_scheduler_credentials_are_never_echoed(run_cli, dataset, monkeypatch):
    """tcp://user:secret@host: the error says the address with the secret masked, also where distributed quotes it."""
    monkeypatch.setattr(scale, "CONNECT_TIMEOUT_S", 1)
    root, _ = dataset
    res = run_cli("bands", "--engine", "dask", "--scheduler", "tcp://ana:s3cr3t@127.0.0.1:9", "--layer", str(root))
    assert res.code == 2 and "s3cr3t" not in res.err and "ana:***@127.0.0.1:9" in res.err


def test_too_many_partitions_are_refused_before_any_work(tmp_path, monkeypatch):
    """Each partition is a task and a table on the client: tens of thousands of tiny files are refused, with what to do."""
    monkeypatch.setattr(scale, "MAX_PARTITIONS", 3)
    for i in range(4):
        _points(2, i).to_parquet(tmp_path / f"p{i}.parquet")
    with pytest.raises(InputError, match=r"4 partitions; at most 3 .*write fewer, bigger partitions"):
        scale.dataset(tmp_path)


def test_a_sum_field_named_exactly_wins_over_one_that_differs_in_case(client, tmp_path):
    """'population' and 'Population' in one file: --sum population sums 'population' (a partition as read, one
    machine, and the shared cluster; this last once hung, see the next test)."""
    part = _points(50, 7)
    part["Population"] = part["population"] * 2
    part.to_parquet(tmp_path / "p.parquet")
    layer, _ = scale.read_partition(str(tmp_path / "p.parquet"), ["population"])
    assert layer.columns["population"].sum() == part["population"].sum()
    for engine in ("local", "dask"):
        rows = (scale.dask_band_rows([tmp_path], EDGES, epicentre=CENC, sums=["population"], scheduler=client, progress=False)
                if engine == "dask" else _single(part, epicentre=CENC, sums=["population"]))  # fmt: skip
        assert rows["population"].sum() == part["population"].sum(), engine


def test_the_engine_waits_on_the_client_it_was_given_not_the_processs_default(client, dataset):
    """The cause of a hang: distributed's ``as_completed`` tracks futures on the event loop of the process's
    *default* client. A ``Client`` that fails to start (here: an address distributed cannot parse, as
    ``tcp://user:secret@host`` was) stays registered as the default, half-made, on a loop of its own; the
    engine, given another client, then waited forever for a partition the scheduler held in memory. The
    engine must wait on its own client. (The thread only keeps a regression from hanging the suite.)"""
    import threading

    distributed = pytest.importorskip("distributed")
    with pytest.raises(ValueError, match="invalid address") as failed:  # held: the traceback keeps that client alive
        distributed.Client("tcp://ana:s3cr3t@127.0.0.1:9", timeout=1)
    stray = distributed.default_client()
    try:
        assert stray is not client and stray.status != "running"
        root, whole = dataset
        done: dict = {}
        run = threading.Thread(target=lambda: done.update(rows=scale.dask_band_rows([root], EDGES, epicentre=CENC, scheduler=client,
                                                                                    progress=False)), daemon=True)  # fmt: skip
        run.start()
        run.join(120)
        assert "rows" in done, "the engine is still waiting for partitions the cluster has finished"
        pd.testing.assert_frame_equal(done["rows"], _single(whole, epicentre=CENC))
    finally:
        stray.close()
        del failed


def test_sums_that_overflow_are_an_error_not_inf(client, tmp_path, run_cli):
    """Three values of 1e308 in one band: a clear error naming the field (both engines, and the partitions' reduce), never 'inf'."""
    part = _points(3, 8)
    part["population"] = 1e308
    part.to_parquet(tmp_path / "p.parquet")
    for extra in ([], ["--engine", "dask", "--scheduler", client.scheduler.address]):
        res = run_cli("bands", "--layer", str(tmp_path), "--sum", "population", "--bands", "0,20000", *extra)
        assert res.code == 2 and "field 'population': the sum of 'population' per band overflows" in res.err, res.err
    table = pd.DataFrame({"band": ["0-10"], "lower_km": [0.0], "upper_km": [10.0], "count": [1], "population": [1e308]})
    with pytest.raises(InputError, match="the sum of 'population' per band overflows"):
        scale._sum_tables([table, table], (0.0, 10.0), None)


def test_sigterm_during_a_local_cluster_run_closes_the_cluster(tmp_path):
    """`kill` (SIGTERM) of a run on the default local cluster: status 143 as for any SIGTERM'd process, and the
    cluster closed on the way out (killed outright, Python reported 'leaked semaphore objects' and the
    workers their heartbeat failures). The signal is sent from inside, once the cluster is up."""
    script = tmp_path / "stopped.py"
    script.write_text(
        "import os, signal, time\n"
        "from sitrep import scale\n"
        "if __name__ == '__main__':\n"
        "    with scale.dask_client(n_workers=1) as client:\n"
        "        os.kill(os.getpid(), signal.SIGTERM)\n"
        "        time.sleep(60)\n"
        "        print('not stopped')\n"
    )  # fmt: skip
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 143 and proc.stdout == ""
    assert "leaked semaphore" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_the_sigterm_handler_is_only_borrowed():
    """Outside a local cluster's run SIGTERM is as it was; an application's own handler is never replaced."""
    import signal

    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    with scale._stopped_cleanly_on_sigterm():
        assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL

    def own(signum, frame):
        pass

    previous = signal.signal(signal.SIGTERM, own)
    try:
        with scale._stopped_cleanly_on_sigterm():
            assert signal.getsignal(signal.SIGTERM) is own
        assert signal.getsignal(signal.SIGTERM) is own
    finally:
        signal.signal(signal.SIGTERM, previous)
