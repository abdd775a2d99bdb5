"""File input: the only part of sitrep that opens files (see the package docstring)."""

from .columnar import PointColumns, read_point_columns
from .catalog import IncidentSpec, LayerSpec, ScenarioSpec, list_incidents, list_scenarios, read_scenario_spec
from .loaders import (
    load_base_stations,
    load_county,
    load_epicentres,
    load_event,
    load_hydropower,
    load_layer,
    load_reservoirs,
    load_rupture,
    load_townships,
    load_villages,
)
from .opencellid import read_opencellid
from .reader import read_features
from .scenario import load_scenario, load_scenario_layer
from .usgs import read_usgs_event

__all__ = [
    "PointColumns",
    "read_point_columns",
    "LayerSpec",
    "ScenarioSpec",
    "IncidentSpec",
    "list_incidents",
    "list_scenarios",
    "read_scenario_spec",
    "load_layer",
    "load_epicentres",
    "load_event",
    "load_townships",
    "load_villages",
    "load_reservoirs",
    "load_hydropower",
    "load_base_stations",
    "load_rupture",
    "load_county",
    "read_features",
    "read_opencellid",
    "read_usgs_event",
    "load_scenario",
    "load_scenario_layer",
]
