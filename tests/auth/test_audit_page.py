"""The audit trail pages and filters over every event (SQLite and PostgreSQL): a flood of failed
sign-ins cannot push older events out of sight."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import insert

from auth import accounts
from data_access.models import AuditEvent
from data_access.db import UTC

T = dt.datetime(2016, 8, 1, 9, 0, tzinfo=UTC)
FLOOD = 600


def _trail(engine) -> None:
    """Two admin actions on 1 Aug, then FLOOD failed sign-ins one second apart from 2 Aug."""
    accounts.record_event(engine, username="kim.exec", event="user_disabled", detail="by cli", now=T)
    accounts.record_event(engine, username="lee.civic", event="password_reset", detail="by cli",
                          now=T + dt.timedelta(hours=1))
    flood_start = T + dt.timedelta(days=1)
    with engine.begin() as conn:  # in one statement: the flood is setup, not the subject
        conn.execute(insert(AuditEvent), [
            {"occurred_at": flood_start + dt.timedelta(seconds=i), "username": "=HYPERLINK(1)" if i % 2 else "guess",
             "event": "login_failed", "detail": "unknown username"} for i in range(FLOOD)])


def test_every_event_is_reachable_by_paging_and_filters(empty_engine):
    _trail(empty_engine)
    first = accounts.audit_page(empty_engine, limit=100)
    assert first.total == FLOOD + 2
    assert len(first.rows) == 100 and first.rows["event"].iloc[0] == "login_failed"
    last = accounts.audit_page(empty_engine, limit=100, offset=600)
    assert last.rows["event"].tolist() == ["password_reset", "user_disabled"]  # oldest last
    assert last.total == FLOOD + 2
    by_user = accounts.audit_page(empty_engine, username="KIM.exec")
    assert (by_user.total, by_user.rows["event"].tolist()) == (1, ["user_disabled"])
    by_kind = accounts.audit_page(empty_engine, events=["password_reset", "user_disabled"])
    assert by_kind.total == 2 and by_kind.rows["username"].tolist() == ["lee.civic", "kim.exec"]
    day1 = accounts.audit_page(empty_engine, since=T - dt.timedelta(hours=1), before=T + dt.timedelta(days=1))
    assert day1.total == 2
    flood = accounts.audit_page(empty_engine, events=["login_failed"], since=T + dt.timedelta(days=1),
                                before=T + dt.timedelta(days=1, seconds=10), limit=3)
    assert flood.total == 10 and len(flood.rows) == 3
    assert flood.rows["occurred_at"].iloc[0] == T + dt.timedelta(days=1, seconds=9)


def test_filters_are_bound_parameters(empty_engine):
    """A username with SQL in it is a value, not SQL: it matches nothing and breaks nothing."""
    _trail(empty_engine)
    page = accounts.audit_page(empty_engine, username="x' or '1'='1")
    assert page.total == 0 and page.rows.empty
