"""The dependency arrows run one way: the app imports sitrep, never the reverse.

Guards issue 10: ``sitrep/report/render.py`` imported the map from ``sitrep.app.mapview``,
so rendering a report (a CLI command) depended on the Streamlit app's package. The map
now lives in :mod:`sitrep.maps`, which the app and the reports both import.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sitrep"
CORE = sorted(p for p in PACKAGE.rglob("*.py") if "app" not in p.relative_to(PACKAGE).parts[:1])


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    """Absolute names of the modules ``path`` imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module(path).split(".") if path.name == "__init__.py" else _module(path).split(".")[:-1]
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, node.module] if node.module else base)
            out.add(name)
            out |= {f"{name}.{a.name}" for a in node.names}
    return out


def test_core_modules_exist():
    assert len(CORE) > 20 and any(p.parent.name == "report" for p in CORE) and any(p.parent.name == "maps" for p in CORE)


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_outside_the_app_imports_the_app(path):
    """sitrep/report (and every core module) never imports sitrep.app, not even inside a function."""
    bad = sorted(n for n in _imports(path) if n == "sitrep.app" or n.startswith("sitrep.app."))
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_outside_the_app_imports_streamlit_at_load(path):
    bad = sorted(n for n in _imports(path, top_level_only=True) if n.split(".")[0] in ("streamlit", "streamlit_folium"))
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_loading_the_cli_reports_and_maps_loads_neither_streamlit_nor_the_app():
    modules = [_module(p) for p in CORE if p.name != "__main__.py"]
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'streamlit_folium') or m.startswith('sitrep.app'))\n"
            "print(loaded)\n")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


INCIDENT_FACTS = ("Dingri", "Tingri", "定日", "UTC+8", "CST", "2025", "58173", "58,173")
SHOWN = sorted(p for folder in ("app", "report", "maps") for p in (PACKAGE / folder).rglob("*") if p.suffix in (".py", ".j2"))


@pytest.mark.parametrize("path", SHOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_app_and_reports_hold_no_facts_of_one_incident(path):
    """Issue 10: the app hard-coded Dingri's clock (UTC+8, 7 Jan 2025 19:00) and reports said UTC+8 for any incident.

    Titles, scopes, zones and times come from the incident (``ScenarioSpec``), never from the code.
    """
    text = path.read_text(encoding="utf-8")
    assert [f for f in INCIDENT_FACTS if f in text] == []
