"""Baseline: the timeline store of sitrep 9f1f2a0 (one incident, no ``incident`` column).

Revision ID: 0001_baseline
Revises:
Create Date: 2026-11-29

A store made by that sitrep has no ``alembic_version``; :mod:`sitrep.store` stamps it with
this revision (after adding any side table an even older store lacks) and upgrades it.
"""

from alembic import op

from sitrep.migrations.baseline import append_only_ddl, metadata

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    metadata.create_all(bind)
    for statement in append_only_ddl(bind.dialect.name):
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the timeline store is never emptied by a downgrade")
