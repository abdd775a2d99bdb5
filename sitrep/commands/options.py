"""Options several subcommands share: the incident, the epicentre source and ISO times."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import InputError
from ..settings import TIME_OPTION_RANGE, default_incident
from ..timeutil import parse_time

if TYPE_CHECKING:  # annotations only: building the parser (sitrep --help, sitrep timeline) imports no GeoPandas
    import geopandas as gpd

    from ..io.catalog import ScenarioSpec
    from ..query import Epicentre

__all__ = ["add_incident_option", "add_solution_options", "solution_from_args", "parse_epicentre", "time_option"]


def add_incident_option(parser: argparse.ArgumentParser, purpose: str = "the incident to work on") -> None:
    """``--incident NAME`` (``--scenario`` is the older name, same ``args.scenario``).

    The default is :func:`~sitrep.settings.default_incident` (``SITREP_INCIDENT``), read when
    the parser is built, i.e. each time the CLI runs. An unknown name is refused when the
    incident is read, with the list of known ones (``sitrep incident list``).
    """
    parser.add_argument("--incident", "--scenario", dest="scenario", metavar="NAME", default=default_incident(),
                        action=_NamedIncident,
                        help=f"{purpose}: a bundled incident or one made with 'sitrep incident new' "
                        "(default: %(default)s, or $SITREP_INCIDENT; --scenario is the older name)")  # fmt: skip
    parser.set_defaults(incident_given=bool(os.environ.get("SITREP_INCIDENT", "").strip()))


class _NamedIncident(argparse.Action):
    """Stores the name and notes that the user named an incident (``args.incident_given``)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        setattr(namespace, self.dest, values)
        namespace.incident_given = True


def add_solution_options(parser: argparse.ArgumentParser) -> None:
    """``--solution`` | ``--epicentre LAT,LON`` | ``--event FILE`` (mutually exclusive)."""
    src = parser.add_mutually_exclusive_group()
    src.add_argument("--solution", help="epicentre solution of the scenario: cenc, usgs, ncs (default: the scenario's reference)")
    src.add_argument("--epicentre", metavar="LAT,LON", help="a custom epicentre, degrees, e.g. 28.50,87.45")
    src.add_argument("--event", metavar="FILE[#ID]", help="a USGS event GeoJSON (summary or detail) as the epicentre; "
                     "FILE#ID picks one event of a feed by its USGS id, e.g. all_day.geojson#us7000abcd")  # fmt: skip


def solution_from_args(args: argparse.Namespace, spec: ScenarioSpec, layers: dict[str, gpd.GeoDataFrame]) -> Epicentre:
    """The epicentre the options name: an event file, a custom point, or a scenario solution."""
    from ..query import Epicentre

    if args.event:
        from ..io import load_event

        solutions = load_event(args.event)
        if len(solutions) > 1:  # one event's solutions (a plain file): the command measures from one
            raise InputError(args.event, f"holds {len(solutions)} epicentre solutions ({', '.join(solutions['id'].head(10))}); "
                             "name one as FILE#ID", field="--event")  # fmt: skip
        return Epicentre.from_frame(solutions)
    if args.epicentre:
        return parse_epicentre(args.epicentre)
    return Epicentre.from_frame(layers["epicentres"], args.solution or spec.reference_solution)


def parse_epicentre(text: str) -> Epicentre:
    """``"28.50,87.45"`` or ``"-18.11,-178.15"`` -> an :class:`Epicentre` (latitude first, as people write it).

    Longitudes run -180..180; a 0-360 longitude (181) is refused with its western value
    in the message rather than normalised, since a typo or a swapped pair looks the same.
    (The CLI joins a negative value to its option: see :func:`sitrep.cli.join_coordinate_values`.)
    """
    from ..query import Epicentre

    parts = [p.strip() for p in text.split(",")]
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise InputError(None, f"expected LAT,LON in degrees such as 28.50,87.45 or -18.11,-178.15; got {text!r}", field="--epicentre") from None
    if 180 < lon <= 360:
        # 0-360 longitudes exist (Pacific catalogues), but so do typos and swapped pairs: say, never guess
        raise InputError(None, f"epicentre longitude must be within -180..180, got {lon:g}; "
                         f"if it is a 0-360 longitude, write {lon - 360:g} (west)", field="--epicentre")  # fmt: skip
    return Epicentre(lon=lon, lat=lat, id="custom", source="--epicentre")


def time_option(text: str | None, option: str) -> pd.Timestamp | None:
    """An ISO 8601 option value as UTC (no offset: the incident's zone, with a warning); None when
    absent; ``now`` is the current time (to the minute).

    Years outside :data:`~sitrep.settings.TIME_OPTION_RANGE` are refused: a date
    such as 9999-12-31 is a typo, and no chart or table can span it.
    """
    if not text:
        return None
    if text.strip().lower() == "now":
        return pd.Timestamp.now(tz="UTC").floor("min")
    try:
        ts = parse_time(text)
    except (ValueError, TypeError, OverflowError, pd.errors.OutOfBoundsDatetime):
        raise InputError(None, f"expected an ISO 8601 time such as 2025-01-07T15:00+08:00, got {text[:60]!r}", field=option) from None
    first, last = TIME_OPTION_RANGE
    if not first <= ts.year <= last:
        raise InputError(None, f"{text[:60]!r} is outside the years {first}-{last} sitrep accepts; check the year", field=option)
    return ts
