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
