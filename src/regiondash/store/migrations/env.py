"""Alembic environment: the target tables are derived from the shipped datapackage.json."""

from __future__ import annotations

from alembic import context

from regiondash.store.connection import database_url, make_engine
from regiondash.store.schema import shipped_metadata

config = context.config
target_metadata = shipped_metadata()


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying
    )
    with context.begin_transaction():
        context.run_migrations()


given = config.attributes.get("connection")
if given is not None:
    run(given)
else:
    url = config.get_main_option("sqlalchemy.url") or database_url()
    with make_engine(url).connect() as connection:
        run(connection)
        connection.commit()
