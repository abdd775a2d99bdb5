"""Load an incident's (a scenario's) layers as checked GeoDataFrames."""

from __future__ import annotations

import logging

import geopandas as gpd

from ..settings import default_incident
from .catalog import LayerSpec, ScenarioSpec, read_scenario_spec
from .loaders import load_layer

__all__ = ["load_scenario", "load_scenario_layer"]

log = logging.getLogger("sitrep")


def load_scenario_layer(spec: LayerSpec, scenario: ScenarioSpec) -> gpd.GeoDataFrame:
    """Read one layer of ``scenario`` as its spec declares."""
    return load_layer(spec.file, spec.kind, expect_within=scenario.region, default_provenance="synthetic")


def load_scenario(name: str | None = None) -> tuple[ScenarioSpec, dict[str, gpd.GeoDataFrame]]:
    """The incident's spec and every layer, keyed by layer name, in drawing order.

    ``name`` defaults to :func:`sitrep.settings.default_incident` (``SITREP_INCIDENT``), read now.
    """
    name = name or default_incident()
    spec = read_scenario_spec(name)
    layers = {s.name: load_scenario_layer(s, spec) for s in spec.layers}
    log.info("scenario %s: %s", name, ", ".join(f"{len(g)} {n}" for n, g in layers.items()))
    return spec, layers
