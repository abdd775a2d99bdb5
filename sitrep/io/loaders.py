"""One loader per layer kind, all on :func:`~sitrep.io.reader.read_features`.

Each ``load_<kind>(path)`` returns a GeoDataFrame in EPSG:4326 that follows
the kind's schema (:mod:`sitrep.schema`). Two domain formats are recognised
by content, whatever the file is called:

* a USGS event GeoJSON (summary or detail) read by :func:`load_epicentres`
  (``FILE#ID`` names one event of a feed; :func:`load_event` needs one);
* an OpenCellID CSV export (with or without its header), read as base
  stations (operator from MCC/MNC, provenance ``approximate``) whether it is
  loaded as ``base_stations`` or as a generic layer (``bands --layer FILE``,
  app uploads); as any other kind it is refused;
* a GeoNames dump (:mod:`sitrep.io.geonames`), read as places; as
  ``villages`` it is refused when a place's population is not recorded;
* a ShakeMap ``rupture.json`` read by :func:`load_rupture` (each ring its own
  quadrilateral, see :mod:`sitrep.io.shakemap`).

``FILE:LAYER`` names a layer of a GeoPackage, a sheet of a workbook or a
folder of a KML (see :func:`~sitrep.io.reader.read_features`).
"""

from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import numpy as np

from ..errors import InputError
from ..schema import KINDS, conform, feature_label
from .geonames import UNKNOWN_POPULATION_NOTE
from .opencellid import looks_like_opencellid, read_opencellid
from .reader import CSV_SUFFIXES, JSON_SUFFIXES, Bounds, load_json, read_features, split_layer_path
from .shakemap import looks_like_shakemap_rupture, shakemap_rupture_frame
from .usgs import looks_like_usgs, split_event_ref, usgs_frame

__all__ = [
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
]

log = logging.getLogger("sitrep")


def load_layer(
    path: str | Path,
    kind: str = "features",
    *,
    crs: str | int | None = None,
    expect_within: Bounds | None = None,
    default_source: str | None = None,
    default_provenance: str = "reported",
    max_mb: float | None = None,
) -> gpd.GeoDataFrame:
    """Read ``path`` as a layer of ``kind`` (see :data:`sitrep.schema.KINDS`).

    ``default_source`` (default: the file name) and ``default_provenance``
    fill features that carry no ``source`` / ``provenance`` of their own.
    ``max_mb``: the most the file may unpack to, in MB (see :func:`read_features`;
    default ``MAX_UNCOMPRESSED_MB``).
    For ``epicentres``, ``path`` may be ``FILE#ID``: the one event (USGS) or
    solution (any other file) with that id.
    Raises :class:`~sitrep.errors.InputError` for anything unreadable.
    """
    return _load(path, kind, crs=crs, expect_within=expect_within, default_source=default_source,
                 default_provenance=default_provenance, max_mb=max_mb)  # fmt: skip


def load_event(ref: str | Path, *, max_mb: float | None = None) -> gpd.GeoDataFrame:
    """The epicentre solution(s) of ONE event: ``FILE`` or ``FILE#ID`` (see :func:`load_layer`).

    A USGS feed of several events without ``#ID`` is refused, its events
    listed (id, magnitude, place, time), so that a command never silently
    takes the first. A plain epicentres file is one event's solutions.
    """
    return _load(ref, "epicentres", max_mb=max_mb, one_event=True)


def _load(path, kind: str, *, crs=None, expect_within=None, default_source=None, default_provenance="reported",
          max_mb=None, one_event: bool = False) -> gpd.GeoDataFrame:  # fmt: skip
    event_id = None
    if kind == "epicentres":
        path, event_id = split_event_ref(path)
    path, layer = split_layer_path(path)
    if kind not in KINDS:
        raise InputError(path, f"unknown layer kind '{kind}'; expected one of {', '.join(KINDS)}")
    if kind in ("epicentres", "rupture") and path.suffix.lower() in JSON_SUFFIXES and path.is_file():
        doc = _json_or_none(path, max_mb)
        if kind == "epicentres" and looks_like_usgs(doc):
            gdf = usgs_frame(doc, path, event_id=event_id, one_event=one_event)
            log.info("loaded %d USGS solution(s) from %s", len(gdf), path)
            return gdf
        if kind == "rupture" and looks_like_shakemap_rupture(doc):
            gdf = shakemap_rupture_frame(doc, path)
            log.info("loaded %d ShakeMap rupture quadrilateral(s) from %s", len(gdf), path)
            return gdf
    if path.suffix.lower() in CSV_SUFFIXES and path.is_file() and looks_like_opencellid(path):
        return _load_opencellid(path, kind, max_mb)
    raw = read_features(path, crs=crs, layer=layer, expect_within=expect_within, max_mb=max_mb)
    if str(raw.attrs.get("sitrep_format", "")).startswith("geonames"):
        _check_geonames_population(raw, kind, path)
        if default_source and not default_source.startswith("\x00"):  # an upload's own name, not the temporary file's
            raw["source"] = f"GeoNames ({default_source})"  # (a \x00 marker means "none given": sitrep.incidents)
    header_lines = raw.attrs.get("sitrep_header_lines")
    gdf = conform(
        raw,
        kind,
        path=str(path),
        default_source=default_source or path.name,
        default_provenance=default_provenance,
        csv=header_lines is not None,
        header_lines=1 if header_lines is None else header_lines,
    )
    if event_id is not None:
        gdf = _one_solution(gdf, event_id, path)
    log.info("loaded %d %s from %s", len(gdf), kind, path)
    return gdf


def _one_solution(gdf: gpd.GeoDataFrame, ident: str, path: Path) -> gpd.GeoDataFrame:
    """The row of an epicentres layer whose id is ``ident`` (any case), or an error listing the ids."""
    rows = gdf[gdf["id"].str.lower() == ident.lower()]
    if rows.empty:
        raise InputError(path, f"holds no solution '{ident}'; it holds {', '.join(gdf['id'].head(10))}" + (
            f" and {len(gdf) - 10:,} more" if len(gdf) > 10 else ""))  # fmt: skip
    return rows


def _loader(kind: str):
    def load(path: str | Path, **kwargs) -> gpd.GeoDataFrame:
        return load_layer(path, kind, **kwargs)

    load.__name__ = f"load_{kind}"
    load.__doc__ = f"Read ``path`` as a ``{kind}`` layer: {KINDS[kind].doc} Keywords as :func:`load_layer`."
    return load


load_epicentres = _loader("epicentres")
load_townships = _loader("townships")
load_villages = _loader("villages")
load_reservoirs = _loader("reservoirs")
load_hydropower = _loader("hydropower")
load_base_stations = _loader("base_stations")
load_rupture = _loader("rupture")
load_county = _loader("county")


def _load_opencellid(path: Path, kind: str, max_mb: float | None) -> gpd.GeoDataFrame:
    """An OpenCellID export: base stations, also where any layer is loaded (``features``)."""
    if kind not in ("base_stations", "features"):
        raise InputError(path, f"is an OpenCellID cell export (radio,mcc,net,area,cell,...); it holds base stations, "
                         f"not {kind}: load it as base_stations")  # fmt: skip
    gdf = read_opencellid(path, max_mb=max_mb)
    log.info("loaded %d OpenCellID cells from %s (operator from MCC/MNC, provenance approximate)", len(gdf), path)
    return gdf


def _check_geonames_population(raw: gpd.GeoDataFrame, kind: str, path: Path) -> None:
    """A villages layer counts people: GeoNames' unrecorded populations (0) cannot stand in for figures."""
    if not any(f.name == "population" and f.required for f in KINDS[kind].fields):
        return
    if "population" not in raw.columns:
        raise InputError(path, f"is a GeoNames postal-code dump, which has no population; a {kind} layer needs one: "
                         "load it as features or townships to count places", field="population")  # fmt: skip
    unknown = raw["population"].isna().to_numpy()
    if unknown.any():
        i = int(np.flatnonzero(unknown)[0])
        raise InputError(
            path,
            f"{UNKNOWN_POPULATION_NOTE}, and so for {int(unknown.sum()):,} of {len(raw):,} places; a {kind} layer needs every "
            "population: load it as features or townships to count places, or keep only the places with a population",
            row=feature_label(i, csv=True, header_lines=0),
            field="population",
        )


def _json_or_none(path: Path, max_mb: float | None = None):
    try:
        return load_json(path, max_mb=max_mb)
    except InputError:
        return None  # the generic reader reports the problem precisely
