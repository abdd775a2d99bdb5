"""Alembic's entry: runs on the connection :mod:`sitrep.migrations` hands over (or ``sqlalchemy.url``)."""

import sqlalchemy as sa
from alembic import context

connection = context.config.attributes.get("connection")


def _run(conn) -> None:
    # render_as_batch: SQLite cannot ALTER constraints; batch mode recreates the table
    context.configure(connection=conn, target_metadata=None, render_as_batch=True, version_table="alembic_version")
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=context.config.get_main_option("sqlalchemy.url"), literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
elif connection is not None:
    _run(connection)
else:
    engine = sa.create_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()
