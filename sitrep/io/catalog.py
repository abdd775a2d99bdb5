"""Read the declarative incident catalog: the user's incidents and the bundled ones.

Incidents are found in two places, searched in this order:

* the user's incidents, ``$SITREP_HOME/incidents/`` (:func:`incidents_dir`),
  made by ``sitrep incident new`` / ``add``; a layer's ``file`` is relative
  to the incident's own folder (``incidents/NAME/``), which holds its data;
* the bundled catalog, ``layers/`` (:data:`sitrep.settings.LAYERS_DIR`); a
  layer's ``file`` is relative to the project root
  (:data:`sitrep.settings.PROJECT_ROOT`).

Both use the same layout. An incident (a "scenario" in older names)
``NAME`` is described by ``NAME.toml`` (title, time zone
(``utc_offset_hours``, or an IANA ``timezone`` such as ``Asia/Kathmandu``),
reference epicentre solution, default bands, the notice shown with
illustrative data, the region its data should fall in, the incident's area
``scope`` - the default scope of a figure and of the cards - and that area's
``population``, the ceiling of people counts) and one small TOML
file per layer in ``layers/NAME/`` (its file, kind, style, legend label,
provenance note, coverage). Adding a layer means adding a file.

Layer spec keys (``file`` is relative to the project root for a bundled
incident, to the incident's folder for a user's)::

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
    original = "villages.csv"    # the file ``sitrep incident add`` copied (its name)
    sha256 = "..."               # and that file's SHA-256, hex
    [style]                      # passed to the map: radius, weight ... (colours
                                 # come from sitrep.palette: map, report and legend agree)
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path

from .. import settings
from ..errors import InputError, SpecError
from ..schema import KINDS
from ..timeutil import incident_zone

__all__ = [
    "LayerSpec",
    "ScenarioSpec",
    "IncidentSpec",
    "IncidentLocation",
    "BUNDLED",
    "USER",
    "read_scenario_spec",
    "list_scenarios",
    "list_incidents",
    "incidents_dir",
    "check_name",
]

#: ``ScenarioSpec.origin`` of an incident shipped with sitrep (``layers/``).
BUNDLED = "bundled"
#: ``ScenarioSpec.origin`` of a user's incident (``$SITREP_HOME/incidents/``).
USER = "SITREP_HOME"

#: Incident and layer names become file and folder names: lower-case letters, digits, ``-`` and ``_``.
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


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
    #: Name of the file ``sitrep incident add`` copied into the incident ("" for bundled layers).
    original: str = ""
    #: SHA-256 (hex) of that original file ("" when not recorded).
    sha256: str = ""


@dataclass(frozen=True)
class ScenarioSpec:
    """An incident (historically "scenario"): metadata from ``<name>.toml`` plus its layers.

    ``IncidentSpec`` is the same class under the newer name.
    """

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
    #: Where the incident lives: :data:`BUNDLED` (shipped with sitrep) or :data:`USER` (``$SITREP_HOME``).
    origin: str = BUNDLED
    # --- intensity (issue 11): what sitrep.intensity.ipe needs to pick and orient a model ---
    #: ISO 3166 alpha-2 code of the country struck (``"CN"``); empty: decided from the epicentre.
    country: str = ""
    #: ``"allen2012"``, ``"yu2013"`` or ``"auto"`` (empty = auto): the intensity prediction equation.
    intensity_model: str = ""
    #: Strike of the causative fault (degrees from north), orienting an elliptical model with no rupture.
    strike_deg: float | None = None

    @property
    def folder(self) -> Path:
        """The folder holding the incident's layer specs (``<name>/`` beside ``spec_path``)."""
        return self.spec_path.with_suffix("")

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


#: The newer name of :class:`ScenarioSpec`.
IncidentSpec = ScenarioSpec


@dataclass(frozen=True)
class IncidentLocation:
    """Where an incident's spec was found: its name, origin, ``<name>.toml`` and data root."""

    name: str
    origin: str
    spec_path: Path
    root: Path


_LAYER_KEYS = {"name", "kind", "file", "title", "title_zh", "legend", "provenance_note", "coverage", "sum_fields", "order", "style",
               "original", "sha256"}  # fmt: skip
_SCENARIO_KEYS = {"name", "title", "title_zh", "utc_offset_hours", "reference_solution", "bands_km", "notice", "region", "scope",
                  "population", "timezone", "country", "intensity_model", "strike_deg"}  # fmt: skip
_INTENSITY_MODELS = ("", "auto", "allen2012", "yu2013")  # the keys of sitrep.intensity.ipe.MODELS, and auto


def incidents_dir() -> Path:
    """The folder of the user's incidents, ``$SITREP_HOME/incidents`` (read at each call; not created)."""
    return settings.sitrep_home() / "incidents"


def check_name(name: str, *, what: str = "incident name", field: str = "NAME") -> str:
    """``name`` when it is safe as a file or folder name; :class:`InputError` saying what is allowed otherwise.

    Allowed: 1-64 lower-case letters, digits, ``-`` and ``_``, starting with a letter or digit
    (no path separators, dots, spaces or markup).

    >>> check_name("nepal-2015")
    'nepal-2015'
    """
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        shown = repr(name[:80]) if isinstance(name, str) else repr(name)
        raise InputError(None, f"{what} {shown} is not allowed; use 1-64 lower-case letters, digits, '-' or '_' "
                               "starting with a letter or digit, e.g. nepal-2015", field=field)  # fmt: skip
    return name


def list_incidents() -> list[IncidentLocation]:
    """Every incident found: the user's (``$SITREP_HOME/incidents``) first, then the bundled ones, each by name.

    A user's incident that has the name of a bundled one hides it (``sitrep incident new``
    refuses such a name). Folders without a ``<name>.toml`` (a creation that did not finish)
    and names that are not safe are skipped.
    """
    found: dict[str, IncidentLocation] = {}
    for origin, folder, root in ((USER, incidents_dir(), None), (BUNDLED, settings.LAYERS_DIR, settings.PROJECT_ROOT)):
        folder = folder.resolve()  # layer files are resolved; their folder must be too (a symlinked SITREP_HOME)
        for name in _declared(folder):
            if name not in found:
                found[name] = IncidentLocation(name, origin, folder / f"{name}.toml", root or folder / name)
    return [found[n] for n in sorted(found)]


def list_scenarios(layers_dir: Path | None = None) -> list[str]:
    """Names of the incidents found (see :func:`list_incidents`), or of those declared in ``layers_dir``."""
    if layers_dir is not None:
        return _declared(layers_dir)
    return [loc.name for loc in list_incidents()]


def read_scenario_spec(name: str, *, layers_dir: Path | None = None, root: Path | None = None) -> ScenarioSpec:
    """Read incident ``name``: its ``<name>.toml`` and every layer spec in ``<name>/``.

    Searched in the user's incidents, then the bundled ones; with ``layers_dir``, only
    there (layer files relative to ``root``, default the project root). An unknown name
    raises :class:`SpecError` listing the known incidents.
    """
    if layers_dir is not None:
        return _read(name, layers_dir / f"{name}.toml", root if root is not None else settings.PROJECT_ROOT, BUNDLED)
    for loc in list_incidents() if isinstance(name, str) and _NAME.fullmatch(name) else ():
        if loc.name == name:
            return _read(name, loc.spec_path, root if root is not None else loc.root, loc.origin)
    known = ", ".join(f"{loc.name} ({loc.origin})" for loc in list_incidents()) or "none"
    raise SpecError(
        f"no incident {str(name)[:80]!r} (looked in {incidents_dir()} and {settings.LAYERS_DIR}); known incidents: {known}; "
        "create one with: sitrep incident new NAME --event FILE"
    )


def _declared(folder: Path) -> list[str]:
    try:
        return sorted(p.stem for p in folder.glob("*.toml") if _NAME.fullmatch(p.stem) and (folder / p.stem).is_dir())
    except OSError:
        return []


def _read(name: str, path: Path, root: Path, origin: str) -> ScenarioSpec:
    layers_dir = path.parent
    if not path.is_file():
        known = ", ".join(_declared(layers_dir)) or "none"
        raise SpecError(f"no incident '{name}' (looked for {path}); known incidents: {known}")
    meta = _read_toml(path, _SCENARIO_KEYS, required=("name", "title", "reference_solution", "bands_km", "region"))
    if meta["name"] != path.stem:  # one name for an incident: its file's (the store and the app key by it)
        raise SpecError(f"{path}: name {str(meta['name'])[:80]!r} must match the file name '{path.stem}'")
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
    country, intensity_model, strike_deg = _intensity_keys(path, meta)
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
        origin=origin,
        country=country,
        intensity_model=intensity_model,
        strike_deg=strike_deg,
    )


def _intensity_keys(path: Path, meta: dict) -> tuple[str, str, float | None]:
    """``country`` (2 letters, upper-cased), ``intensity_model`` and ``strike_deg`` (0-360), checked."""
    country = str(meta.get("country", "")).strip().upper()
    if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
        raise SpecError(f"{path}: 'country' must be an ISO 3166 alpha-2 code such as \"CN\", got {str(meta['country'])[:40]!r}")
    model = str(meta.get("intensity_model", "")).strip().lower()
    if model not in _INTENSITY_MODELS:
        raise SpecError(f"{path}: 'intensity_model' must be one of allen2012, yu2013, auto, got {str(meta['intensity_model'])[:40]!r}")
    strike = meta.get("strike_deg")
    if strike is not None:
        if isinstance(strike, bool) or not isinstance(strike, (int, float)) or not (0 <= strike <= 360):
            raise SpecError(f"{path}: 'strike_deg' must be a number of degrees from 0 to 360, got {strike!r}")
        strike = float(strike)
    return country, model, strike


def _layer_spec(path: Path, root: Path) -> LayerSpec:
    raw = _read_toml(path, _LAYER_KEYS, required=("name", "kind", "file", "title"))
    if raw["kind"] not in KINDS:
        raise SpecError(f"{path}: kind '{raw['kind']}' is not one of {', '.join(KINDS)}")
    if raw["name"] != path.stem:
        raise SpecError(f"{path}: name '{raw['name']}' must match the file name '{path.stem}'")
    coverage = str(raw.get("coverage", "bounds"))
    if not (coverage == "bounds" or coverage.startswith("disc:") or coverage.isidentifier()):
        raise SpecError(f"{path}: coverage '{coverage}' must be 'bounds', 'disc:<km>' or a polygon layer's name")
    file = (root / str(raw["file"])).resolve()
    if not file.is_relative_to(root.resolve()):  # a spec copied from elsewhere never reads the rest of the disk
        raise SpecError(f"{path}: file '{raw['file']}' lies outside the incident's folder; a layer's file must be inside it")
    return LayerSpec(
        name=raw["name"],
        kind=raw["kind"],
        file=file,
        title=raw["title"],
        title_zh=raw.get("title_zh", ""),
        legend=raw.get("legend", raw["title"]),
        provenance_note=raw.get("provenance_note", ""),
        coverage=coverage,
        sum_fields=tuple(raw.get("sum_fields", ())),
        order=int(raw.get("order", 50)),
        style=dict(raw.get("style", {})),
        spec_path=path,
        original=str(raw.get("original", "")),
        sha256=str(raw.get("sha256", "")),
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
