"""Incidents: ``records`` and ``station_events`` get ``incident``; content is unique per incident.

Revision ID: 0002_incident
Revises: 0001_baseline
Create Date: 2026-11-29

Existing rows get the default incident (``sitrep.settings.default_incident()`` when this runs:
the only incident an older store held). Content hashes are unchanged, so a file ingested
before the upgrade still adds nothing when ingested again into that incident.

SQLite cannot change a constraint: the table is recreated (Alembic batch mode) from its new
definition, with its indexes, and its append-only triggers are created again (dropping the
old table dropped them). PostgreSQL: plain ALTERs; its triggers stay. Either way it is all
one transaction: a failure leaves the store at ``0001_baseline``.
"""

import sqlalchemy as sa
from alembic import op

from sitrep import migrations
from sitrep.migrations.baseline import append_only_ddl

revision = "0002_incident"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None

_new = sa.MetaData()
_TABLES = {
    "records": sa.Table(
        "records",
        _new,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("metric", sa.String(80), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("scope", sa.Text, nullable=False, server_default=""),
        sa.Column("observed_at", sa.DateTime, nullable=False),
        sa.Column("reported_at", sa.DateTime, nullable=True),
        sa.Column("entered_at", sa.DateTime, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("source_url", sa.Text, nullable=False, server_default=""),
        sa.Column("author", sa.Text, nullable=False, server_default=""),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("corrects", sa.Integer, sa.ForeignKey("records.id"), nullable=True),
        sa.Column("batch", sa.String(32), nullable=False),
        sa.Column("incident", sa.Text, nullable=False),
        sa.UniqueConstraint("incident", "content_hash", name="records_incident_content_hash_key"),
        # (explicit: batch mode does not carry over indexes declared with Column(index=True))
        sa.Index("ix_records_metric", "metric"),
        sa.Index("ix_records_observed_at", "observed_at"),
    ),
    "station_events": sa.Table(
        "station_events",
        _new,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("station_id", sa.String(80), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("entered_at", sa.DateTime, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("batch", sa.String(32), nullable=False),
        sa.Column("incident", sa.Text, nullable=False),
        sa.CheckConstraint("status IN ('out', 'restored')", name="status_out_or_restored"),
        sa.UniqueConstraint("incident", "content_hash", name="station_events_incident_content_hash_key"),
        sa.Index("ix_station_events_station_id", "station_id"),
        sa.Index("ix_station_events_at", "at"),
    ),
}


def upgrade() -> None:
    from sitrep.settings import default_incident

    default = default_incident()  # SITREP_INCIDENT when the migration runs (old stores held one incident)
    bind = op.get_bind()
    for name, table in _TABLES.items():
        op.add_column(name, sa.Column("incident", sa.Text, nullable=False, server_default=default))
        migrations.fault_point(f"{name}.incident added")  # (looked up each time: tests replace it)
        if bind.dialect.name == "sqlite":
            # recreate from the new definition: no default, UNIQUE (incident, content_hash), same indexes
            with op.batch_alter_table(name, copy_from=table, recreate="always"):
                pass
            for statement in append_only_ddl("sqlite", (name,)):
                op.execute(statement)
        else:
            op.alter_column(name, "incident", server_default=None)
            for unique in sa.inspect(bind).get_unique_constraints(name):
                if unique["column_names"] == ["content_hash"]:
                    op.drop_constraint(unique["name"], name, type_="unique")
            op.create_unique_constraint(f"{name}_incident_content_hash_key", name, ["incident", "content_hash"])


def downgrade() -> None:
    raise NotImplementedError("incidents cannot be merged back into one timeline; restore a backup instead")
