"""One module per ``sitrep`` subcommand, each with ``register(subparsers)``."""

from . import app, bands, check, incident, ingest, intensity, layers, report, timeline, users

__all__ = ["ALL"]

#: Subcommand modules in the order ``sitrep --help`` lists them.
ALL = (incident, layers, check, bands, intensity, timeline, ingest, report, users, app)
