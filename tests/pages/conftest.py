"""AppTest fixtures: one demo database for every page test, and signed-in users of each role."""
from __future__ import annotations

import os

import pytest

from auth.gate import CurrentUser
from config import settings as settings_module
from data_access import db
from data_access.scope import Scope


@pytest.fixture(scope="session")
def demo_app_env(tmp_path_factory):
    """Point the app's settings at a freshly loaded demo SQLite database for this test session."""
    from loading.bootstrap import prepare_demo

    path = tmp_path_factory.mktemp("apptest") / "demo.sqlite3"
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "DASHBOARD_DEMO")}
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DASHBOARD_DEMO"] = "1"
    settings_module.get_settings.cache_clear()
    db.get_engine.cache_clear()
    prepare_demo(db.get_engine())
    yield path
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    db.get_engine().dispose()
    settings_module.get_settings.cache_clear()
    db.get_engine.cache_clear()


def make_user(role: str, division: str | None = None) -> CurrentUser:
    return CurrentUser(username=division or role, name=division or role, role=role, division_code=division,
                       scope=Scope(division) if division else Scope.office())
