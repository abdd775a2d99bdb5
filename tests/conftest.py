"""Shared fixtures: the bundled scenario, a CLI runner, tiny files written on demand."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest

from sitrep.cli import main as cli_main
from sitrep.geodesy import geodesic_distance_km
from sitrep.io import load_scenario

DATA = Path(__file__).parent / "data"
CENC = (87.45, 28.50)  # lon, lat of the CENC solution the seed measures from


@pytest.fixture(autouse=True)
def private_timeline_store(tmp_path, monkeypatch):
    """Every test gets its own timeline database; nothing touches ~/.local/share."""
    db = tmp_path / "timeline.sqlite"
    monkeypatch.setenv("SITREP_DB", str(db))
    return db


@pytest.fixture(autouse=True)
def private_sitrep_home(tmp_path, monkeypatch):
    """Every test gets its own SITREP_HOME (user incidents) and the default incident; nothing touches ~/.local/share.

    Set through XDG_DATA_HOME (SITREP_HOME unset), so tests of the default locations still see the XDG rule.
    """
    monkeypatch.delenv("SITREP_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    home = tmp_path / "xdg-data" / "sitrep"
    monkeypatch.delenv("SITREP_INCIDENT", raising=False)
    monkeypatch.delenv("SITREP_SCENARIO", raising=False)
    return home


@pytest.fixture(scope="session")
def scenario():
    """(spec, layers) of the bundled Dingri 2025 scenario."""
    return load_scenario("dingri-2025")


@pytest.fixture(scope="session")
def layers(scenario) -> dict[str, gpd.GeoDataFrame]:
    return scenario[1]


def cenc_distance_km(gdf: gpd.GeoDataFrame):
    """Geodesic distance of each point feature from the CENC epicentre, km."""
    return geodesic_distance_km(gdf.geometry.x, gdf.geometry.y, *CENC)


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def run_cli(capsys):
    """Run ``sitrep ARGS...`` in-process; returns exit code, stdout, stderr."""

    def run(*args: str) -> CliResult:
        code = cli_main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def write(tmp_path):
    """Write ``text`` (or bytes) to ``tmp_path/name`` and return the path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write



# --- running in parallel (pytest-xdist) -----------------------------------------------------------
# `make test` runs `pytest -n auto --dist loadfile --no-loadscope-reorder` (two workers on the 2-core
# reference machine); a plain `pytest` runs serially, exactly as before. The scheme:
# - the unit of work is a FILE: each test file (and each module's doctests) runs whole on one worker,
#   so its module-scoped fixtures (a Streamlit server, rendered reports, a regenerated scenario) are
#   built once, as in a serial run, and tests that must not overlap belong in one file;
# - nothing is shared between workers: every test has its own tmp_path, SITREP_HOME and SITREP_DB
#   (the autouse fixtures above), PostgreSQL databases get unique names (tests/test_store.py's
#   ``db_url``), servers take a free loopback port (tests/test_browser.py's ``_free_port``); a new
#   fixture must do the same (never a fixed port, file or database name: a Dask LocalCluster takes
#   ``dashboard_address=":0"`` or ``None``, a scheduler port 0; ``worker_id`` names the xdist worker);
#   module-level caches are per process;
# - the slowest files start first (SLOW_FILES, measured) so that the two workers finish together;
#   other files follow in collection order.
# (xdist's ``--dist loadgroup`` / ``xdist_group`` marks do not work with pytest 9.2: xdist 3.8 renames
# ``item._nodeid``, which pytest 9 no longer reads. Hence files as the unit.)

#: Seconds each slow file took in a serial run (pytest --durations=0 summed per file, the 2-core
#: reference machine while busy); only the order matters. A new slow file may be added here.
SLOW_FILES: dict[str, float] = {
    "tests/test_browser.py": 253, "tests/test_incidents.py": 159, "tests/test_report.py": 146,
    "tests/test_app.py": 144, "tests/test_cli_timeline.py": 132, "tests/test_injection.py": 123,
    "tests/test_browser_hostile.py": 108, "tests/test_hostile_inputs.py": 98, "tests/test_store_safety.py": 40,
    "tests/test_intensity_ipe.py": 37, "tests/test_cli_intensity.py": 35, "tests/test_intensity_rasters.py": 34,
    "tests/test_layering.py": 31, "tests/test_empty_incident.py": 20, "tests/test_report_intensity.py": 19,
    "tests/test_cli_bands.py": 18, "tests/test_browser_intensity.py": 15, "tests/test_notebooks.py": 13,
    "tests/test_report_sitrep.py": 60, "tests/test_report_browser.py": 50, "tests/test_browser_map.py": 60,
    "tests/test_browser_cards.py": 40,
}  # fmt: skip


def _file_of(item: pytest.Item) -> str:
    return item.nodeid.split("::", 1)[0]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In an xdist worker: the slowest files first (stable; whole files stay together); serial: no change."""
    if not hasattr(config, "workerinput"):
        return
    order = {f: i for i, f in enumerate(dict.fromkeys(_file_of(item) for item in items))}
    items.sort(key=lambda item: (-SLOW_FILES.get(_file_of(item), 0.0), order[_file_of(item)]))
