"""Alembic migrations go up and down cleanly on SQLite and PostgreSQL and match the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from data_access import migrate
from data_access.models import Base


def test_upgrade_downgrade_upgrade_and_no_drift(bare_engine):
    """head -> base -> head leaves the schema exactly as the models describe it."""
    migrate.upgrade(bare_engine)
    migrate.downgrade(bare_engine, "base")
    assert set(inspect(bare_engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(bare_engine)
    with bare_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert set(Base.metadata.tables) <= set(inspect(bare_engine).get_table_names())


def test_every_revision_steps_down_and_up(bare_engine):
    """Each revision can be undone one step at a time and re-applied."""
    migrate.upgrade(bare_engine)
    head = migrate.current_revision(bare_engine)
    steps = 0
    while migrate.current_revision(bare_engine) is not None:
        migrate.downgrade(bare_engine, "-1")
        steps += 1
    assert steps >= 3
    migrate.upgrade(bare_engine)
    assert migrate.current_revision(bare_engine) == head
