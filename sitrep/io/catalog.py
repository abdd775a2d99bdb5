"""Read the declarative layer catalog in ``layers/``.

A scenario ``NAME`` is described by ``layers/NAME.toml`` (title, time zone
(``utc_offset_hours``, or an IANA ``timezone`` such as ``Asia/Kathmandu``),
reference epicentre solution, default bands, the notice shown with
illustrative data, the region its data should fall in, the incident's area
``scope`` - the default scope of a figure and of the cards - and that area's
``population``, the ceiling of people counts) and one small TOML
file per layer in ``layers/NAME/`` (its file, kind, style, legend label,
provenance note, coverage). Adding a layer means adding a file.

Layer spec keys (``file`` is relative to the project root)::

    name = "villages"            # used on the command line and in outputs
    kind = "villages"            # a key of sitrep.schema.KINDS
    file = "data/dingri-2025/villages.geojson"
    title = "Villages"
    title_zh = "村庄"
    legend = "Village (area ~ population)"
    provenance_note = "..."      # shown next to the layer
    coverage = "county"          # "county" (a polygon layer), "disc:50" (km
                                 # around the reference solution) or "bounds"
    sum_fields = ["population"]  # numeric fields summed per distance band
    order = 30                   # drawing order, low first
    [style]                      # passed to the map: color, radius ...
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path

from ..errors import SpecError
from ..schema import KINDS
from ..settings import LAYERS_DIR, PROJECT_ROOT
from ..timeutil import incident_zone

__all__ = ["LayerSpec", "ScenarioSpec", "read_scenario_spec", "list_scenarios"]


@dataclass(frozen=True)
class LayerSpec:
    """One layer of a scenario, as declared in ``layers/<scenario>/<name>.toml``."""

    name: str
    kind: str
    file: Path
    title: str
    title_zh: str = ""
    legend: str = ""
    provenance_note: str = ""
    coverage: str = "bounds"
    sum_fields: tuple[str, ...] = ()
    order: int = 50
    style: Mapping[str, object] = field(default_factory=dict)
    spec_path: Path | None = None


@dataclass(frozen=True)
class ScenarioSpec:
    """A bundled scenario: metadata from ``layers/<name>.toml`` plus its layers."""

    name: str
    title: str
    title_zh: str
    utc_offset_hours: float
    reference_solution: str
    bands_km: tuple[float, ...]
    notice: str
    region: tuple[float, float, float, float]
    layers: tuple[LayerSpec, ...]
    spec_path: Path
    #: The incident's area: the scope of a figure given without one, and of the cards.
    scope: str = ""
    #: People living in ``scope`` (a sourced figure): no count of people may exceed it.
    population: int | None = None
    #: IANA time zone name (``Asia/Kathmandu``); empty: the fixed ``utc_offset_hours``.
    timezone: str = ""

    @property
    def tzinfo(self) -> tzinfo:
        """The zone the incident's times are shown in (and naive times read in)."""
        return incident_zone(self.timezone, self.utc_offset_hours)

    def layer(self, name: str) -> LayerSpec:
        """The layer called ``name``; :class:`SpecError` listing the known ones otherwise."""
        for spec in self.layers:
            if spec.name == name:
                return spec
        raise SpecError(f"scenario '{self.name}' has no layer '{name}'; it has {', '.join(self.layer_names)}")

    @property
    def layer_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.layers)


_LAYER_KEYS = {"name", "kind", "file", "title", "title_zh", "legend", "provenance_note", "coverage", "sum_fields", "order", "style"}
_SCENARIO_KEYS = {"name", "title", "title_zh", "utc_offset_hours", "reference_solution", "bands_km", "notice", "region", "scope",
                  "population", "timezone"}  # fmt: skip


def list_scenarios(layers_dir: Path = LAYERS_DIR) -> list[str]:
    """Names of the scenarios declared in ``layers_dir``."""
    return sorted(p.stem for p in layers_dir.glob("*.toml") if (layers_dir / p.stem).is_dir())


def read_scenario_spec(name: str, *, layers_dir: Path = LAYERS_DIR, root: Path = PROJECT_ROOT) -> ScenarioSpec:
    """Read ``layers_dir/<name>.toml`` and every layer spec in ``layers_dir/<name>/``."""
    path = layers_dir / f"{name}.toml"
    if not path.is_file():
        known = ", ".join(list_scenarios(layers_dir)) or "none"
        raise SpecError(f"no scenario '{name}' (looked for {path}); known scenarios: {known}")
    meta = _read_toml(path, _SCENARIO_KEYS, required=("name", "title", "reference_solution", "bands_km", "region"))
    layers = tuple(
        sorted((_layer_spec(p, root) for p in sorted((layers_dir / name).glob("*.toml"))), key=lambda s: (s.order, s.name))
    )
    names = [s.name for s in layers]
    if len(set(names)) != len(names):
        raise SpecError(f"{layers_dir / name}: two layer specs share a name: {sorted(names)}")
    region = tuple(float(v) for v in meta["region"])
    if len(region) != 4:
        raise SpecError(f"{path}: 'region' must be [min_lon, min_lat, max_lon, max_lat]")
    population = meta.get("population")
    if population is not None and (not isinstance(population, int) or isinstance(population, bool) or population <= 0):
        raise SpecError(f"{path}: 'population' must be a positive whole number of people, got {population!r}")
    scope = str(meta.get("scope") or meta["title"]).strip()
    timezone = str(meta.get("timezone", "")).strip()
    try:
        incident_zone(timezone, float(meta.get("utc_offset_hours", 0)))
    except (TypeError, ValueError) as exc:
        raise SpecError(f"{path}: {exc}") from None
    return ScenarioSpec(
        name=str(meta["name"]),
        title=str(meta["title"]),
        title_zh=str(meta.get("title_zh", "")),
        utc_offset_hours=float(meta.get("utc_offset_hours", 0)),
        reference_solution=str(meta["reference_solution"]),
        bands_km=tuple(float(v) for v in meta["bands_km"]),
        notice=str(meta.get("notice", "")),
        region=region,  # type: ignore[arg-type]
        layers=layers,
        spec_path=path,
        scope=scope,
        population=population,
        timezone=timezone,
    )


def _layer_spec(path: Path, root: Path) -> LayerSpec:
    raw = _read_toml(path, _LAYER_KEYS, required=("name", "kind", "file", "title"))
    if raw["kind"] not in KINDS:
        raise SpecError(f"{path}: kind '{raw['kind']}' is not one of {', '.join(KINDS)}")
    if raw["name"] != path.stem:
        raise SpecError(f"{path}: name '{raw['name']}' must match the file name '{path.stem}'")
    coverage = str(raw.get("coverage", "bounds"))
    if not (coverage == "bounds" or coverage.startswith("disc:") or coverage.isidentifier()):
        raise SpecError(f"{path}: coverage '{coverage}' must be 'bounds', 'disc:<km>' or a polygon layer's name")
    return LayerSpec(
        name=raw["name"],
        kind=raw["kind"],
        file=(root / raw["file"]).resolve(),
        title=raw["title"],
        title_zh=raw.get("title_zh", ""),
        legend=raw.get("legend", raw["title"]),
        provenance_note=raw.get("provenance_note", ""),
        coverage=coverage,
        sum_fields=tuple(raw.get("sum_fields", ())),
        order=int(raw.get("order", 50)),
        style=dict(raw.get("style", {})),
        spec_path=path,
    )


def _read_toml(path: Path, allowed: set[str], *, required: tuple[str, ...]) -> dict:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SpecError(f"{path}: not readable TOML: {exc}") from None
    unknown = set(data) - allowed
    if unknown:
        raise SpecError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(allowed))}")
    missing = [k for k in required if k not in data]
    if missing:
        raise SpecError(f"{path}: missing key(s) {', '.join(missing)}")
    return data
