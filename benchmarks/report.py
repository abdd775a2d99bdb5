"""Benchmark: snapshot reports for the bundled scenario, and a USGS event file to a bundle.

Run: ``make bench`` or ``.venv/bin/python benchmarks/report.py``. Prints a Markdown table
(median of 3 runs) for README. Never part of ``make test``.

Each row runs ``sitrep report`` as a person would, in a new process: "report s" is the time
the command reports for reading the scenario, opening the timeline store, building and
rendering the snapshot and writing the file; "whole process" adds interpreter start-up and
imports (about one second). The last row starts from the USGS event-detail file of the
Dingri earthquake (tests/data), as if freshly downloaded: for scale, USGS PAGER's first
estimate comes 20-30 minutes after an event and GDACS's alert about 17 minutes after.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVENT = ROOT / "tests" / "data" / "usgs-us6000pi9w-detail.geojson"


def run(args: list[str], env: dict) -> tuple[float, float]:
    """(whole process s, the command's own s as it reports it after start-up and imports)."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "sitrep.cli", *args], env=env, check=True, capture_output=True, text=True)
    whole = time.perf_counter() - t0
    own = re.search(r" in ([0-9.]+) s$", proc.stderr.strip())
    return whole, float(own.group(1)) if own else float("nan")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, SITREP_DB=str(Path(tmp) / "bench.sqlite"))
        run(["timeline"], env)  # create and seed the store once, as a running deployment has it
        cases = [
            ("HTML (interactive map inlined)", ["--out", f"{tmp}/r.html"]),
            ("PDF (A4, static map)", ["--out", f"{tmp}/r.pdf"]),
            ("Markdown + PNGs", ["--out", f"{tmp}/r.md"]),
            ("bundle (HTML, PDF, GeoPackage, CSV, manifest)", ["--out", f"{tmp}/r.zip"]),
            ("USGS event file -> bundle", ["--event", str(EVENT), "--out", f"{tmp}/e.zip"]),
        ]
        print("| snapshot at 2025-01-07 19:00 UTC+8 | report s | whole process s |\n|---|---:|---:|")
        for label, extra in cases:
            runs = [run(["report", "--as-of", "2025-01-07T19:00+08:00", *extra], env) for _ in range(3)]
            whole = statistics.median(r[0] for r in runs)
            own = statistics.median(r[1] for r in runs)
            print(f"| {label} | {own:.2f} | {whole:.2f} |")


if __name__ == "__main__":
    main()
