"""Where sitrep finds its data, and the defaults every entry point shares.

Each setting can be overridden by an environment variable, read once at
import time:

``SITREP_ROOT``
    The project folder holding ``data/`` and ``layers/`` (default: the folder
    above this package, i.e. the checkout sitrep is installed from in
    editable mode).
``SITREP_SCENARIO``
    The scenario loaded when none is named (default ``dingri-2025``).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "PROJECT_ROOT",
    "DATA_DIR",
    "LAYERS_DIR",
    "DEFAULT_SCENARIO",
    "PROVENANCE_VALUES",
]

PROJECT_ROOT: Path = Path(os.environ.get("SITREP_ROOT") or Path(__file__).resolve().parents[1])
DATA_DIR: Path = PROJECT_ROOT / "data"
LAYERS_DIR: Path = PROJECT_ROOT / "layers"
DEFAULT_SCENARIO: str = os.environ.get("SITREP_SCENARIO", "dingri-2025")

#: Allowed values of every feature's ``provenance`` field:
#: ``reported`` - position and attributes as a named source published them;
#: ``approximate`` - a real, named thing placed from a description ("within
#: ~5 km of the epicentre"), position not published;
#: ``synthetic`` - a stand-in generated so that published counts come out
#: right; its position and attributes are illustrative.
PROVENANCE_VALUES: tuple[str, ...] = ("reported", "approximate", "synthetic")
