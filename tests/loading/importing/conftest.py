"""Engines of the importing tests (SQLite and PostgreSQL).

`demo_engine` (shared, read only here) is the source of the round trips; `fresh` is a database of
the same dialect with only reference data (organisation, campaigns, channels) that the demo's
exports are imported into; `work` holds a demo subset plus a few complaints for the refusal,
update, load-log, preview and revert tests (each uses its own days / ids, so order does not matter).
"""
from __future__ import annotations

import pytest
from sqlalchemy import delete

from data_access import migrate
from data_access import models as m
from data_access.db import make_engine
from loading.demo import load_demo
from loading.importing import DATASET_NAMES, import_file
from tests import pg
from tests.loading.importing.helpers import complaint_lines, csv_bytes, export_to


def _engine_like(dialect: str, name: str, tmp_path_factory):
    if dialect == "sqlite":
        return make_engine(f"sqlite:///{tmp_path_factory.mktemp('db') / f'{name}.sqlite3'}")
    return make_engine(pg.database_or_skip(f"dash_test_{name}"))


def _dispose(engine) -> None:
    engine.dispose()
    if engine.dialect.name == "postgresql":
        pg.drop_database(engine.url.database)


@pytest.fixture(scope="module")
def fresh(demo_engine, tmp_path_factory):
    """Same dialect as demo_engine; reference data only (no budget, complaints, hall days, reach, followers)."""
    engine = _engine_like(demo_engine.dialect.name, "import_fresh", tmp_path_factory)
    migrate.upgrade(engine)
    load_demo(engine, only=["brand_reach", "sns_followers"])
    with engine.begin() as conn:
        for model in (m.BrandCampaignReach, m.ForeignChannelDaily, m.SnsSnapshot, m.LoadLog):
            conn.execute(delete(model))
    yield engine
    _dispose(engine)


@pytest.fixture(scope="module")
def demo_exports(demo_engine, tmp_path_factory):
    """The demo's exports, one CSV per dataset."""
    folder = tmp_path_factory.mktemp("demo_exports")
    return {d: export_to(demo_engine, d, folder / f"{d}.csv") for d in DATASET_NAMES}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def work(request, tmp_path_factory):
    """A demo subset (no demo complaints) plus 30 complaints imported through the importer."""
    engine = _engine_like(request.param, "import_work", tmp_path_factory)
    migrate.upgrade(engine)
    load_demo(engine, only=["budget", "hall_visits", "brand_reach", "sns_followers", "targets"])
    import_file(engine, "complaints", csv_bytes("complaints", complaint_lines("W", 30)), "seed.csv", user="test")
    yield engine
    _dispose(engine)
