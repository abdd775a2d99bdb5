"""The Situation page's first load does its slow work once and early (issue 12, "a fast first page").

The model shaking estimate (1-2 s the first time) is started in the background as soon as
the incident is read, and computed once per server process and inputs: the page's own call
waits for that run instead of starting a second. A failure is not kept. The first page
imports neither the PDF renderer nor a plotting library. No test here measures time:
``benchmarks/app.py`` does.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sitrep.app import state
from sitrep.errors import InputError
from sitrep.query import Epicentre

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def counted(monkeypatch):
    """incident_assessment, counted, and held until ``release`` is set (to catch a run in flight)."""
    import sitrep.intensity.source as source

    real = source.incident_assessment
    calls: list[str] = []
    release = threading.Event()
    release.set()

    def assessment(*args, **kwargs):
        calls.append(threading.current_thread().name)
        release.wait(timeout=60)
        return real(*args, **kwargs)

    monkeypatch.setattr(source, "incident_assessment", assessment)
    return calls, release


def solution(lon: float) -> Epicentre:
    """A solution no other test asks for (the estimates are kept per process)."""
    return Epicentre(
        lon=lon, lat=28.5, id=f"test-{lon}", source="test", magnitude=6.8, magnitude_type="Mw", depth_km=10.0
    )


def test_a_prefetched_estimate_is_computed_once_and_waited_for(counted):
    """Guards: the page computed the estimate in its own run, after the store and the cards (first load 4 s)."""
    calls, release = counted
    release.clear()  # the background run is still going when the page asks
    sol = solution(87.3101)
    state.prefetch_shaking("dingri-2025", sol, False, None)
    state.prefetch_shaking("dingri-2025", sol, False, None)  # a second session's prefetch: the same run
    release.set()
    first = state.shaking("dingri-2025", sol, False, None)
    again = state.shaking("dingri-2025", Epicentre(**vars(sol)), False, None)  # an equal solution, another object
    assert len(calls) == 1 and calls[0].startswith("sitrep-shaking")  # once, in the background worker
    assert again is first
    field, impact, doc, why = first
    assert field is not None and field.source == "model" and doc and why is None


def test_a_failed_estimate_is_not_kept(monkeypatch):
    """A failure (e.g. the incident's ShakeMap file is gone) is raised to the page, and the next run tries again."""
    import sitrep.intensity.source as source

    real = source.incident_assessment
    outcomes = [InputError("grid.xml", "the ShakeMap grid is gone")]

    def assessment(*args, **kwargs):
        if outcomes:
            raise outcomes.pop()
        return real(*args, **kwargs)

    monkeypatch.setattr(source, "incident_assessment", assessment)
    sol = solution(87.3202)
    with pytest.raises(InputError, match="the ShakeMap grid is gone"):
        state.shaking("dingri-2025", sol, False, None)
    assert state.shaking("dingri-2025", sol, False, None)[0] is not None


def test_the_first_page_imports_no_pdf_renderer_or_plotting_library(tmp_path):
    """WeasyPrint is imported when a PDF is asked for, never by the first page; matplotlib not at all."""
    probe = (
        "import json, sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({str(ROOT / 'app.py')!r}, default_timeout=300).run()\n"
        "assert not at.exception, at.exception\n"
        "print(json.dumps([m for m in ('weasyprint', 'matplotlib') if m in sys.modules]))\n"
    )
    env = {**__import__("os").environ, "SITREP_DB": str(tmp_path / "store.sqlite")}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=600, check=True
    )
    assert json.loads(done.stdout.splitlines()[-1]) == []
