"""A module-scoped fixture factory: SQLite and PostgreSQL engines loaded with chosen demo datasets.

`load_demo(engine, only=[...])` keeps a test module independent of the datasets it does not read.
"""
from __future__ import annotations


import pytest

from data_access import migrate
from data_access.db import make_engine
from loading.demo import load_demo
from tests import pg


def demo_subset(datasets: list[str], name: str):
    """A fixture yielding an engine per dialect, migrated and loaded with 'org' plus `datasets`."""

    @pytest.fixture(scope="module", params=["sqlite", "postgresql"])
    def _engine(request, tmp_path_factory):
        if request.param == "sqlite":
            path = tmp_path_factory.mktemp("db") / f"{name}.sqlite3"
            engine = make_engine(f"sqlite:///{path}")
        else:
            engine = make_engine(pg.database_or_skip(f"dash_test_{name}"))
        migrate.upgrade(engine)
        load_demo(engine, only=datasets)
        yield engine
        engine.dispose()
        if request.param == "postgresql":
            pg.drop_database(engine.url.database)

    return _engine
