"""Notes and qualifiers: ``records`` gets ``qualifier``; a new append-only ``notes`` table.

Revision ID: 0003_notes
Revises: 0002_incident
Create Date: 2026-11-30

``records.qualifier`` (text, not null, default ``""``) says how a figure was published:
``more-than``, ``at-least``, ``about`` or ``""`` for a figure as stated. Existing rows get
``""``; content hashes are unchanged (a record without a qualifier hashes as before), so a
file ingested before the upgrade still adds nothing when ingested again.

``notes`` holds free-text timeline notes (highlights, response, needs, gaps, next update,
contacts) with their source and times, keyed by incident like the records (``UNIQUE
(incident, content_hash)``), append-only (its UPDATE/DELETE/TRUNCATE triggers are made here).

Adding a column with a constant default rewrites nothing on either database (no UPDATE
runs, so the append-only triggers are not involved). It is all one transaction: a failure
leaves the store at ``0002_incident``.
"""

import sqlalchemy as sa
from alembic import op

from sitrep import migrations
from sitrep.migrations.baseline import append_only_ddl

revision = "0003_notes"
down_revision = "0002_incident"
branch_labels = None
depends_on = None

# frozen here: migrations never import sitrep.store, whose tables change with each revision
_new = sa.MetaData()
_NOTES = sa.Table(
    "notes",
    _new,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("section", sa.String(32), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("observed_at", sa.DateTime, nullable=False, index=True),
    sa.Column("reported_at", sa.DateTime, nullable=True),
    sa.Column("entered_at", sa.DateTime, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("source_url", sa.Text, nullable=False, server_default=""),
    sa.Column("author", sa.Text, nullable=False, server_default=""),
    sa.Column("batch", sa.String(32), nullable=False),
    sa.Column("incident", sa.Text, nullable=False),
    sa.UniqueConstraint("incident", "content_hash", name="notes_incident_content_hash_key"),
)


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column("records", sa.Column("qualifier", sa.Text, nullable=False, server_default=""))
    migrations.fault_point("records.qualifier added")  # (looked up each time: tests replace it)
    _NOTES.create(bind)
    for statement in append_only_ddl(bind.dialect.name, ("notes",)):
        op.execute(statement)
    migrations.fault_point("notes created")


def downgrade() -> None:
    raise NotImplementedError("the timeline store is never emptied by a downgrade; restore a backup instead")
