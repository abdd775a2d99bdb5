"""Alembic migrations of the timeline store, configured in code (no ``alembic.ini``).

The scripts live in this package (``versions/``) and travel in the wheel. Revisions:

``0001_baseline``
    The schema of sitrep 9f1f2a0 (before incidents): ``records``, ``station_events``,
    ``station_event_authors``, ``retractions``, ``users``, their indexes and the
    append-only triggers (:mod:`sitrep.migrations.baseline`).
``0002_incident``
    ``records`` and ``station_events`` get ``incident`` (existing rows: the default incident,
    :func:`sitrep.settings.default_incident` when the migration runs); a content hash is
    unique per incident (``UNIQUE (incident, content_hash)``).
``0003_notes``
    ``records`` gets ``qualifier`` (``""`` for existing rows: content hashes unchanged); a new
    append-only ``notes`` table holds free-text timeline notes (response, needs, gaps...) per incident.

:mod:`sitrep.store` runs them (:func:`upgrade`) on the first write to an older store, in
the one transaction that holds the store's write lock. ``python -m sitrep.migrations
[--db URL]`` lists the revisions and the store's.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import sqlalchemy as sa

__all__ = ["BASELINE", "HEAD", "REVISIONS", "alembic_config", "current_revision", "fault_point", "stamp", "upgrade"]

FOLDER = Path(__file__).resolve().parent

#: Every revision this sitrep knows, oldest first; :data:`HEAD` is the schema it writes.
REVISIONS = ("0001_baseline", "0002_incident", "0003_notes")
BASELINE, HEAD = REVISIONS[0], REVISIONS[-1]

#: Test hook: seconds to sleep inside a migration's transaction, after its first change.
FAULT_ENV = "SITREP_FAULT_SLEEP_IN_MIGRATION"


def alembic_config(connection: sa.Connection | None = None, url: str | None = None):
    """An :class:`alembic.config.Config` for this package's scripts, bound to ``connection`` (or ``url``)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(FOLDER))
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["connection"] = connection
    return cfg


def current_revision(connection: sa.Connection) -> str | None:
    """The store's revision (``alembic_version``), or None for a store without one."""
    # Read with plain SQL (importing Alembic costs ~0.2 s on every start); more than one row
    # (branches, which sitrep never makes) is left to Alembic, which says what is wrong.
    rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
    if len(rows) <= 1:
        return rows[0][0] if rows else None
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def stamp(connection: sa.Connection, revision: str) -> None:
    """Record ``revision`` as the store's without running anything (inside the caller's transaction)."""
    from alembic import command

    command.stamp(alembic_config(connection), revision)


def upgrade(connection: sa.Connection, revision: str = HEAD) -> None:
    """Run the migrations up to ``revision`` on ``connection``, inside the caller's transaction.

    SQLite: the caller turns ``PRAGMA foreign_keys`` off before the transaction (recreating
    a table drops it, which a referencing row would otherwise refuse).
    """
    from alembic import command

    command.upgrade(alembic_config(connection), revision)


def fault_point(step: str) -> None:
    """Where a test may kill a migration half-way (``SITREP_FAULT_SLEEP_IN_MIGRATION`` seconds)."""
    seconds = os.environ.get(FAULT_ENV)
    if seconds:
        print(f"sitrep: fault injection: migration at {step}, sleeping {seconds} s inside the transaction", file=sys.stderr, flush=True)
        time.sleep(float(seconds))
