"""Alembic environment: migrates the connection handed in by manage.py/tests, or DATABASE_URL."""
from __future__ import annotations

from alembic import context

from data_access.db import make_engine
from data_access.models import Base
from config.settings import get_settings

target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(url=get_settings().effective_database_url, target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(get_settings().effective_database_url)
    with engine.begin() as conn:
        _run(conn)


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
