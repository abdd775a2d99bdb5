"""The timeline store's schema as sitrep 9f1f2a0 made it (revision ``0001_baseline``), frozen.

Migrations must not import :mod:`sitrep.store` (its tables change with each revision): the
baseline keeps its own copy of the tables, their indexes and the append-only triggers.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = ["APPEND_ONLY_TABLES", "IDENTITY_COLUMNS", "append_only_ddl", "metadata"]

metadata = sa.MetaData()

sa.Table(
    "records",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("metric", sa.String(80), nullable=False, index=True),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("unit", sa.String(40), nullable=False),
    sa.Column("scope", sa.Text, nullable=False, server_default=""),
    sa.Column("observed_at", sa.DateTime, nullable=False, index=True),
    sa.Column("reported_at", sa.DateTime, nullable=True),
    sa.Column("entered_at", sa.DateTime, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("source_url", sa.Text, nullable=False, server_default=""),
    sa.Column("author", sa.Text, nullable=False, server_default=""),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("corrects", sa.Integer, sa.ForeignKey("records.id"), nullable=True),
    sa.Column("batch", sa.String(32), nullable=False),
)
sa.Table(
    "station_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("station_id", sa.String(80), nullable=False, index=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
    sa.Column("entered_at", sa.DateTime, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("batch", sa.String(32), nullable=False),
    sa.CheckConstraint("status IN ('out', 'restored')", name="status_out_or_restored"),
)
sa.Table(
    "station_event_authors",
    metadata,
    sa.Column("station_event_id", sa.Integer, sa.ForeignKey("station_events.id"), primary_key=True),
    sa.Column("author", sa.Text, nullable=False),
)
sa.Table(
    "retractions",
    metadata,
    sa.Column("record_id", sa.Integer, sa.ForeignKey("records.id"), primary_key=True),
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("entered_at", sa.DateTime, nullable=False),
)
sa.Table(
    "users",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.String(128), nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="role_known"),
)

#: The tables nothing may update or delete in.
APPEND_ONLY_TABLES = ("records", "station_events", "station_event_authors", "retractions")

#: The columns every sitrep store has had in ``records`` and ``station_events`` (name: kind,
#: see :func:`sitrep.store._kind`): what makes a database sitrep's, whatever its revision.
IDENTITY_COLUMNS = {
    name: {c.name: c.type for c in metadata.tables[name].columns} for name in ("records", "station_events")
}

_MESSAGE = "the timeline is append-only: add a correcting record instead"


def append_only_ddl(dialect: str, tables: tuple[str, ...] = APPEND_ONLY_TABLES) -> list[str]:
    """The statements that make ``tables`` refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL).

    Idempotent (``IF NOT EXISTS`` / ``OR REPLACE``); other databases get none.
    """
    if dialect == "sqlite":
        return [f"CREATE TRIGGER IF NOT EXISTS {t}_no_{op.lower()} BEFORE {op} ON {t} "
                f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
                for t in tables for op in ("UPDATE", "DELETE")]  # fmt: skip
    if dialect == "postgresql":
        return [
            "CREATE OR REPLACE FUNCTION sitrep_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{_MESSAGE}'; END $$",
            *(f"CREATE OR REPLACE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} "
              "FOR EACH ROW EXECUTE FUNCTION sitrep_append_only()" for t in tables),
            *(f"CREATE OR REPLACE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t} "
              "FOR EACH STATEMENT EXECUTE FUNCTION sitrep_append_only()" for t in tables),
        ]  # fmt: skip
    return []
