"""Alembic's entry: runs on the connection :mod:`sitrep.migrations` hands over (or ``sqlalchemy.url``).

Imported outside an Alembic command (e.g. by pytest's doctest collection) it does nothing.
"""

import sqlalchemy as sa
from alembic import context


def _run(conn) -> None:
    # render_as_batch: SQLite cannot ALTER constraints; batch mode recreates the table
    context.configure(connection=conn, target_metadata=None, render_as_batch=True, version_table="alembic_version")
    with context.begin_transaction():
        context.run_migrations()


def main(config) -> None:
    """Run the migrations Alembic was asked for, on the handed-over connection, a URL, or offline."""
    connection = config.attributes.get("connection")
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    elif connection is not None:
        _run(connection)
    else:
        engine = sa.create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as conn:
            _run(conn)
        engine.dispose()


_config = getattr(context, "config", None)  # (set only while Alembic runs this file)
if _config is not None:
    main(_config)
