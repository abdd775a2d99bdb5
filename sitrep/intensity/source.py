"""Which intensity field an incident has at a time: its USGS ShakeMap, or a prediction equation.

One rule for the CLI, the app and the reports:

* a ShakeMap named by the user (``--shakemap``) is used as given, unless it
  was processed after the as-of time (an error: it was not known then);
* otherwise the incident's own ShakeMap (``sitrep incident add NAME grid.xml
  --kind shakemap``) when it was processed by the as-of time;
* otherwise the model: the incident's ``intensity_model`` (default ``auto``),
  from the chosen epicentre solution, or from a rupture, with the incident's
  ``country`` and ``strike_deg``.

Reads files (the ShakeMap) and so sits at the edge; the computation is in
:mod:`sitrep.intensity.ipe` and :mod:`sitrep.io.shakemap`.
"""

from __future__ import annotations

import functools
import math
from dataclasses import replace
from pathlib import Path

import pandas as pd
from shapely.geometry.base import BaseGeometry

from ..errors import InputError
from .field import MMIField

#: The deepest earthquakes are about 700 km down.
MAX_DEPTH_KM = 800.0

__all__ = ["shaking_field", "shakemap_known_by", "incident_assessment", "incident_country"]


def _processed(field: MMIField) -> pd.Timestamp | None:
    text = field.meta.get("process_timestamp")
    if not text:
        return None
    try:
        ts = pd.Timestamp(str(text))
    except (ValueError, TypeError):
        return None
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


def shakemap_known_by(spec, as_of: pd.Timestamp | None) -> Path | None:
    """The incident's ShakeMap grid if it has one that was processed by ``as_of`` (UTC; None = any time)."""
    from ..incidents import incident_shakemap, shakemap_record

    path = incident_shakemap(spec)
    if path is None or as_of is None:
        return path
    record = shakemap_record(spec) or {}
    text = record.get("process_timestamp")
    if not text:  # when it was made is not known: it cannot be shown as known at any given time
        return None
    ts = pd.Timestamp(str(text))
    ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    return None if ts > as_of else path


def shaking_field(
    spec,
    *,
    epicentre=None,
    rupture: BaseGeometry | None = None,
    model: str | None = None,
    shakemap: str | Path | None = None,
    use_incident_shakemap: bool = True,
    as_of: pd.Timestamp | None = None,
    magnitude: float | None = None,
    depth_km: float | None = None,
    country: str | None = None,
) -> MMIField:
    """The MMI field to use (see the module's rule); ``epicentre`` is a :class:`sitrep.query.Epicentre`.

    ``magnitude`` / ``depth_km`` override the solution's for a model. A model
    needs an epicentre with a magnitude; a ShakeMap ignores the solution
    (its own event is in its ``meta``).
    """
    from ..io.shakemap import read_shakemap_grid

    if shakemap is not None:
        if model is not None or magnitude is not None:
            raise InputError(None, "a ShakeMap gives MMI itself; --model and --magnitude apply to a model only", field="--shakemap")
        field = read_shakemap_grid(shakemap)
        processed = _processed(field)
        if as_of is not None and processed is not None and processed > as_of:
            raise InputError(shakemap, f"this ShakeMap was processed at {processed:%Y-%m-%d %H:%M} UTC, after the as-of time "
                             f"{as_of:%Y-%m-%d %H:%M} UTC: it was not known then", field="process_timestamp")  # fmt: skip
        return field
    if use_incident_shakemap and model is None and magnitude is None:
        known = shakemap_known_by(spec, as_of)
        if known is not None:
            return read_shakemap_grid(known)
    if epicentre is None:
        raise InputError(None, "a model needs an epicentre solution", field="--solution")
    if depth_km is not None and not (math.isfinite(depth_km) and 0 <= depth_km <= MAX_DEPTH_KM):
        raise InputError(None, f"depth must be 0 to {MAX_DEPTH_KM:g} km (the deepest earthquakes), got {depth_km!r}", field="--depth")
    changes: dict = {k: v for k, v in (("magnitude", magnitude), ("depth_km", depth_km)) if v is not None}
    if magnitude is not None:  # the user's magnitude, not the agency's: its type is not known
        changes.update(magnitude_type="", source=f"{epicentre.source}; magnitude {magnitude:g} given with --magnitude")
    if changes:
        epicentre = replace(epicentre, **changes)
    if epicentre.magnitude is None:
        raise InputError(None, f"solution '{epicentre.id}' has no magnitude; the model needs one: give --magnitude M", field="--magnitude")
    # the incident's country and strike describe its own earthquake: not a point given elsewhere
    own = in_incident_region(spec, epicentre)
    return _model_field(
        model or getattr(spec, "intensity_model", None) or "auto",
        epicentre,
        None if rupture is None else rupture.wkb,
        getattr(spec, "strike_deg", None) if own else None,
        country or (getattr(spec, "country", None) if own else None),
    )


@functools.lru_cache(maxsize=8)
def _model_field(model: str, epicentre, rupture_wkb: bytes | None, strike_deg: float | None, country: str | None) -> MMIField:
    """A model's field, kept for the process: the same inputs give the same field (its arrays made read-only).

    Reports, the CLI run in-process and every session of the app ask for the same few fields.
    """
    import shapely

    from .ipe import model_field

    field = model_field(model, epicentre=epicentre, rupture=None if rupture_wkb is None else shapely.from_wkb(rupture_wkb),
                        strike_deg=strike_deg, country=country)  # fmt: skip
    for array in (field.lon, field.lat, field.mmi, field.sigma):
        if array is not None:
            array.flags.writeable = False
    return field


def in_incident_region(spec, epicentre) -> bool:
    """Whether the epicentre lies in the incident's region (W, S, E, N degrees), or the incident has none."""
    region = getattr(spec, "region", None)
    if not region:
        return True
    west, south, east, north = region
    return west <= epicentre.lon <= east and south <= epicentre.lat <= north


def incident_assessment(
    spec,
    scenario: dict,
    *,
    epicentre,
    as_of: pd.Timestamp | None = None,
    extra_layers: dict | None = None,
    shakemap: str | Path | None = None,
    model: str | None = None,
    rupture: BaseGeometry | None = None,
    use_incident_shakemap: bool = True,
    population_grid: str | Path | None = None,
) -> tuple[MMIField | None, dict | None, str | None]:
    """(field, assess() dict, None) for a report or the app, or (None, None, why) when there is no estimate.

    The field follows :func:`shaking_field`'s rule at ``as_of``; exposure is
    counted over the incident's exposure layers and ``extra_layers`` (name ->
    GeoDataFrame); the fatality model uses the incident's ``country``. A
    solution without a magnitude, or an incident without exposure layers, gives
    a reason instead of an error: the rest of a report does not depend on it.
    ``population_grid``: a population GeoTIFF read over the field's extent
    (:func:`sitrep.io.rasters.read_population_grid`; its errors are raised: the
    user named it) whose people per level feed the fatality model.
    """
    from ..query import BandLayer, scenario_band_layers
    from .exposure import assess

    use_incident_shakemap = use_incident_shakemap and shakemap is None and model is None
    incident_map = shakemap_known_by(spec, as_of) if use_incident_shakemap else None
    if epicentre is not None and epicentre.magnitude is None and shakemap is None and incident_map is None:
        return None, None, f"solution '{epicentre.id}' has no magnitude, so no shaking can be estimated"
    # the incident's ShakeMap, once found, is read as a named one: its record is not looked up twice
    field = shaking_field(spec, epicentre=epicentre, rupture=rupture, model=model, shakemap=shakemap or incident_map,
                          use_incident_shakemap=False, as_of=as_of)  # fmt: skip
    layers = scenario_band_layers(spec, scenario) + [BandLayer.from_frame(name, gdf) for name, gdf in (extra_layers or {}).items()]
    grids = []
    if population_grid is not None:
        from ..io.rasters import read_population_grid

        grids.append(read_population_grid(population_grid, bounds=field.bounds))
    if not layers and not grids:
        return field, None, "the incident has no exposure layer to count"
    return field, assess(field, layers, country=incident_country(spec, epicentre), grids=grids), None


def incident_country(spec, epicentre) -> str | None:
    """The incident's country for the fatality model, unless the epicentre lies outside the incident's region."""
    country = getattr(spec, "country", None) or None
    return country if epicentre is None or in_incident_region(spec, epicentre) else None
