"""A module-scoped fixture factory: SQLite and PostgreSQL engines loaded with chosen demo datasets.

`load_demo(engine, only=[...])` keeps a test module independent of the datasets it does not read.
"""
from __future__ import annotations

import os

import pytest

from data_access import migrate
from data_access.db import make_engine
from data_access.demo import load_demo
from tests import pg


def demo_subset(datasets: list[str], name: str):
    """A fixture yielding an engine per dialect, migrated and loaded with 'org' plus `datasets`."""

    @pytest.fixture(scope="module", params=["sqlite", "postgresql"])
    def _engine(request, tmp_path_factory):
        if request.param == "sqlite":
            path = tmp_path_factory.mktemp("db") / f"{name}.sqlite3"
            engine = make_engine(f"sqlite:///{path}")
        else:
            url = pg.fresh_database(f"dash_test_{name}")
            if url is None:
                if os.environ.get("CI"):
                    pytest.fail("PostgreSQL is not reachable on 127.0.0.1:5432")
                pytest.skip("PostgreSQL not available")
            engine = make_engine(url)
        migrate.upgrade(engine)
        load_demo(engine, only=datasets)
        yield engine
        engine.dispose()
        if request.param == "postgresql":
            pg.drop_database(engine.url.database)

    return _engine
