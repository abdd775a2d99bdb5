"""File input: the only part of sitrep that opens files (see the package docstring).

The names below are imported from their modules when first used (PEP 562), so that
``sitrep.io.catalog`` - read by every CLI command for the incident's time zone - does
not pay for GeoPandas, pyogrio and the readers (``sitrep --help``, ``sitrep timeline``).
"""

from __future__ import annotations

import importlib

#: Public name -> the module of this package that defines it.
_HOME = {
    "PointColumns": "columnar",
    "read_point_columns": "columnar",
    "LayerSpec": "catalog",
    "ScenarioSpec": "catalog",
    "IncidentSpec": "catalog",
    "list_incidents": "catalog",
    "list_scenarios": "catalog",
    "read_scenario_spec": "catalog",
    "load_layer": "loaders",
    "load_epicentres": "loaders",
    "load_event": "loaders",
    "load_townships": "loaders",
    "load_villages": "loaders",
    "load_reservoirs": "loaders",
    "load_hydropower": "loaders",
    "load_base_stations": "loaders",
    "load_rupture": "loaders",
    "load_county": "loaders",
    "read_features": "reader",
    "read_opencellid": "opencellid",
    "read_usgs_event": "usgs",
    "load_scenario": "scenario",
    "load_scenario_layer": "scenario",
}

__all__ = list(_HOME)


def __getattr__(name: str):
    """``sitrep.io.load_layer`` and ``from sitrep.io import load_layer``: the name from its module, on first use."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOME])
