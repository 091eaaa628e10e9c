"""Shared fixtures: SQLite and PostgreSQL engines alike, migrated and loaded with the demo data.

PostgreSQL: the local server on 127.0.0.1:5432 (started by testkit/pg.py when stopped). In CI
(CI=true) a missing PostgreSQL fails the run instead of skipping.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests import pg  # noqa: E402
from data_access import migrate  # noqa: E402
from data_access.db import make_engine  # noqa: E402


def _sqlite_engine(tmp_path_factory, name: str):
    path = tmp_path_factory.mktemp("db") / f"{name}.sqlite3"
    return make_engine(f"sqlite:///{path}")


def _dispose(engine) -> None:
    """Dispose an engine; a PostgreSQL test database is dropped too."""
    engine.dispose()
    if engine.url.get_backend_name() == "postgresql":
        pg.drop_database(engine.url.database)


def _pg_engine(name: str):
    return make_engine(pg.database_or_skip(name))


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def demo_engine(request, tmp_path_factory):
    """An engine on a database migrated to head and loaded with the full demo dataset."""
    from loading.demo import load_demo

    engine = (_sqlite_engine(tmp_path_factory, "demo") if request.param == "sqlite"
              else _pg_engine("dash_test_demo"))
    migrate.upgrade(engine)
    load_demo(engine)
    yield engine
    _dispose(engine)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request, tmp_path_factory):
    """An engine on a fresh database migrated to head, with no data."""
    engine = (_sqlite_engine(tmp_path_factory, "empty") if request.param == "sqlite"
              else _pg_engine("dash_test_empty"))
    migrate.upgrade(engine)
    yield engine
    _dispose(engine)


@pytest.fixture(params=["sqlite", "postgresql"])
def bare_engine(request, tmp_path_factory):
    """An engine on a fresh database with no tables at all (for migration tests)."""
    engine = (_sqlite_engine(tmp_path_factory, "bare") if request.param == "sqlite"
              else _pg_engine("dash_test_bare"))
    yield engine
    _dispose(engine)
