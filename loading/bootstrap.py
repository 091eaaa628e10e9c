"""Bring a database to the current schema and, for the demo, load the demo data when it is empty."""
from __future__ import annotations

from sqlalchemy import Engine, func, select

from data_access import migrate
from data_access.models import LoadLog


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(LoadLog)).scalar_one() == 0


def prepare_demo(engine: Engine, progress=None) -> bool:
    """Migrate to head; load the demo data and demo accounts if nothing is loaded. True if it loaded."""
    from config.settings import DEMO_DB_PATH

    DEMO_DB_PATH.parent.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(engine)
    loaded = False
    if is_empty(engine):
        from loading.demo import load_demo

        load_demo(engine, progress=progress)
        loaded = True
    from auth.accounts import ensure_demo_accounts

    ensure_demo_accounts(engine)
    return loaded
