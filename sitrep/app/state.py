"""Cached calls from the app into sitrep (the only place with ``st.cache_data``).

Core functions stay free of Streamlit; this module wraps the ones the pages
call repeatedly.
"""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

from ..io import ScenarioSpec, load_scenario
from ..settings import DEFAULT_SCENARIO

__all__ = ["scenario"]


@st.cache_resource(show_spinner="Loading the scenario…")
def scenario(name: str = DEFAULT_SCENARIO) -> tuple[ScenarioSpec, dict[str, gpd.GeoDataFrame]]:
    """The bundled scenario's spec and layers (read once per server process)."""
    return load_scenario(name)
