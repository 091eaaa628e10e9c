"""Fixtures for the sign-in tests: a clock, users, and cookies seen by `st.context.cookies`."""
from __future__ import annotations

import datetime as dt
import functools

import bcrypt
import pytest

from config.settings import Settings
from auth import accounts
from data_access.db import UTC
from tests.auth import harness

_gensalt = bcrypt.gensalt
T0 = dt.datetime(2016, 8, 10, 0, 0, tzinfo=UTC)
PASSWORD = "correct-horse-battery"
STRONG_KEY = "k3y-for-tests-only-0123456789abcdefghijklmnop"


def demo_settings(**extra) -> Settings:
    return Settings(**({"DASHBOARD_DEMO": True} | extra))


def prod_settings(**extra) -> Settings:
    return Settings(**({"DATABASE_URL": "postgresql://unused/none", "DASHBOARD_DEMO": False,
                        "DASHBOARD_COOKIE_KEY": STRONG_KEY} | extra))


@pytest.fixture
def clock() -> harness.Clock:
    return harness.Clock(T0)


@pytest.fixture
def users(empty_engine, monkeypatch):
    """One user per role (password PASSWORD), created at T0 - 1 day; returns the engine.

    Their hashes use bcrypt cost 4 to keep the suite fast (the library's Hasher calls
    bcrypt.gensalt(), patched only while these users are made); the dummy hash for unknown users
    keeps cost 12, and the equal-work test makes its own user at the real cost.
    """
    made = T0 - dt.timedelta(days=1)
    with monkeypatch.context() as patch:
        patch.setattr(bcrypt, "gensalt", functools.partial(_gensalt, rounds=4))
        for username, role, division in [("kim.exec", "executive", None), ("lee.civic", "division_head", "civic"),
                                         ("park.wall", "display", None), ("choi.admin", "admin", None)]:
            accounts.add_user(empty_engine, username=username, name=username, password=PASSWORD, role=role,
                              division_code=division, demo_mode=False, now=made)
    return empty_engine


class _ClientContext:
    def __init__(self, cookies: dict[str, str]):
        self.cookies = cookies
        self.headers: list[tuple[str, str]] = []
        self.remote_ip = None


@pytest.fixture
def browser_cookies(monkeypatch) -> dict[str, str]:
    """The cookies the browser sends with the websocket handshake, as `st.context.cookies` reads them.

    AppTest cannot seed cookies (AppTest.context has no `cookies`), so the session's client
    context is replaced; the AppTest script runs in this process, so the dict is live.
    """
    import streamlit.runtime.context as context

    cookies: dict[str, str] = {}
    monkeypatch.setattr(context, "_get_client_context", lambda: _ClientContext(cookies))
    return cookies


@pytest.fixture(autouse=True)
def _fresh_client_throttle():
    """Each test starts with the process's per-client throttle empty (its failures count across tests)."""
    from auth.throttle import THROTTLE

    THROTTLE.clear()
    yield
    THROTTLE.clear()
