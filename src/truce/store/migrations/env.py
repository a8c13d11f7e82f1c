"""Alembic environment: migrations run on the connection the store hands over."""

from __future__ import annotations

from alembic import context

from truce.store.schema import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # invoked from the alembic command line
        from truce.settings import resolve_db_url
        from truce.store.engine import make_engine

        engine = make_engine(resolve_db_url(config.get_main_option("sqlalchemy.url")))
        with engine.connect() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
