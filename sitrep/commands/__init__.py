"""One module per ``sitrep`` subcommand, each with ``register(subparsers)``.

:data:`COMMANDS` names them with their help lines so that ``sitrep --help`` lists every
command without importing one, and ``sitrep timeline`` imports only its own module (not
GeoPandas, which the band and intensity commands need). ``tests/test_cli_startup.py``
checks that these lines are the ones each module registers.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["COMMANDS", "command_module", "all_modules"]

#: Subcommand -> its help line, in the order ``sitrep --help`` lists them (the module is ``sitrep.commands.<name>``).
COMMANDS: dict[str, str] = {
    "incident": "make your own incident from a USGS event and add your layers; list and show incidents",
    "layers": "list a scenario's layers with counts and provenance",
    "check": "read a layer file, check it against its kind's schema, print a summary",
    "bands": "count features, people, stations per distance band from an epicentre or rupture",
    "intensity": "estimated shaking (MMI) at every feature, exposure per MMI level, PAGER fatality estimate",
    "timeline": "reported figures as of a time, with sources (deaths, injured, stations out ...)",
    "ingest": "add a reported figure, or a CSV of them, to the timeline (append-only)",
    "note": "add or list free-text timeline notes (response, needs, gaps, next update ...)",
    "report": "export a snapshot (HTML, PDF, Markdown, zip bundle) of what was known at a time",
    "users": "manage the accounts that may write in the app (add, list, set-role, passwd, remove)",
    "app": "serve the app in a browser (Streamlit), on this machine unless --address says otherwise",
}


def command_module(name: str) -> ModuleType:
    """The module of subcommand ``name`` (imported on first use); KeyError for an unknown name."""
    if name not in COMMANDS:
        raise KeyError(name)
    return importlib.import_module(f".{name}", __name__)


def all_modules() -> list[ModuleType]:
    """Every subcommand's module, in :data:`COMMANDS` order (imports them all: GeoPandas included)."""
    return [command_module(name) for name in COMMANDS]
