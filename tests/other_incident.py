"""A second incident for tests: ``lamjung-test`` (tests/data/incidents), made up, in Asia/Kathmandu (UTC+5:45).

It proves that nothing of Dingri 2025 (its title, scope, UTC+8 clock, dates or figures)
leaks into the app or the reports of another incident. Its folder is a complete sitrep
root (``layers/`` and ``data/``): ``SITREP_ROOT=tests/data/incidents`` serves it to a
subprocess; in-process, :func:`load` reads it and :func:`serve_in_app` adds it to the app.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from sitrep.io.catalog import ScenarioSpec, read_scenario_spec
from sitrep.io.scenario import load_scenario_layer
from sitrep.store import Store

ROOT = Path(__file__).parent / "data" / "incidents"
NAME = "lamjung-test"
#: Text of the Dingri incident that must never appear for this one.
DINGRI_TEXT = ("Dingri", "定日", "UTC+8", "2025-01-07", "58173", "58,173")


def load() -> tuple[ScenarioSpec, dict[str, gpd.GeoDataFrame]]:
    """(spec, layers) of the test incident."""
    spec = read_scenario_spec(NAME, layers_dir=ROOT / "layers", root=ROOT)
    return spec, {s.name: load_scenario_layer(s, spec) for s in spec.layers}


def seed(store: Store) -> int:
    """Store the test incident's timeline and station events (as ``open_store`` seeds a bundled one)."""
    n = store.ingest_csv(ROOT / "data" / NAME / "timeline.csv", batch=f"seed-{NAME}")
    return n + store.ingest_csv(ROOT / "data" / NAME / "station_events.csv", station_events=True, batch=f"seed-{NAME}")


def serve_in_app(monkeypatch) -> None:
    """Make the app list and load the test incident beside the bundled ones."""
    from sitrep.app import state

    real_list, real_load = state.list_scenarios, state.load_scenario
    monkeypatch.setattr(state, "list_scenarios", lambda: sorted({*real_list(), NAME}))
    monkeypatch.setattr(state, "load_scenario", lambda name: load() if name == NAME else real_load(name))
