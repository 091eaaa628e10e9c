"""Subscription schedules (Asia/Seoul periods) and the once-per-period claim, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from briefing import subscriptions as subs
from data_access.models import MailDelivery

SEOUL = ZoneInfo("Asia/Seoul")


def seoul(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SEOUL)


@pytest.mark.parametrize(("schedule", "now", "start"), [
    # 2016-08-08 was a Monday
    ("weekly:MON:08", seoul(2016, 8, 8, 8, 0), seoul(2016, 8, 8, 8, 0)),  # at the hour: the new period
    ("weekly:MON:08", seoul(2016, 8, 8, 7, 59), seoul(2016, 8, 1, 8, 0)),  # a minute before: last week's
    ("weekly:MON:08", seoul(2016, 8, 14, 23, 0), seoul(2016, 8, 8, 8, 0)),  # Sunday night
    ("weekly:fri:17", seoul(2016, 8, 10, 12, 0), seoul(2016, 8, 5, 17, 0)),
    ("monthly:1:08", seoul(2016, 8, 10, 12, 0), seoul(2016, 8, 1, 8, 0)),
    ("monthly:1:08", seoul(2016, 8, 1, 7, 0), seoul(2016, 7, 1, 8, 0)),
    ("monthly:15:00", seoul(2016, 1, 3, 0, 0), seoul(2015, 12, 15, 0, 0)),  # across the year
])
def test_period_start_in_seoul_time(schedule, now, start):
    """The current period began at the latest scheduled Seoul instant at or before now."""
    assert subs.Schedule.parse(schedule).period_start(now.astimezone(dt.timezone.utc), SEOUL) == start


def test_period_start_uses_seoul_not_utc():
    """Monday 08:00 in Seoul is Sunday 23:00 UTC: at Sunday 23:30 UTC the new week has begun."""
    now = dt.datetime(2016, 8, 7, 23, 30, tzinfo=dt.timezone.utc)
    assert subs.Schedule.parse("weekly:MON:08").period_start(now, SEOUL) == dt.datetime(2016, 8, 7, 23, 0,
                                                                                       tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(("text", "message"), [("weekly:XYZ:08", "weekday 'XYZ'"), ("weekly:MON:24", "hour 24"),
                                               ("monthly:0:08", "day 0"), ("every monday", "expected weekly")])
def test_bad_schedules_are_refused(text, message):
    with pytest.raises(subs.SubscriptionError, match=message):
        subs.Schedule.parse(text)


def test_schedule_is_stored_canonically():
    assert str(subs.Schedule.parse("weekly:mon:8")) == "weekly:MON:08"
    assert str(subs.Schedule.parse("monthly:01:8")) == "monthly:1:08"


@pytest.fixture
def engine(empty_engine):
    from loading.demo import load_demo

    load_demo(empty_engine, only=["budget"])  # the divisions, for scopes
    return empty_engine


def _rows(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(MailDelivery)).scalar_one()


def test_claim_once_per_period_release_and_stale_takeover(engine):
    """One claim per (subscription, period); a released claim can be claimed again; a stale one taken over."""
    now = dt.datetime(2016, 8, 10, 3, 0, tzinfo=dt.timezone.utc)
    sub_id = subs.subscribe(engine, address="a@seoul.example.kr", scope="civic", schedule="weekly:MON:08", now=now)
    [(sub, period)] = subs.due(engine, now=now)
    assert sub.id == sub_id and period == seoul(2016, 8, 8, 8, 0)
    assert subs.claim(engine, subscription_id=sub_id, period_start=period, now=now)
    assert not subs.claim(engine, subscription_id=sub_id, period_start=period, now=now)
    assert subs.due(engine, now=now) == []  # being sent by someone: not due
    subs.release(engine, subscription_id=sub_id, period_start=period)
    assert _rows(engine) == 0 and len(subs.due(engine, now=now)) == 1
    assert subs.claim(engine, subscription_id=sub_id, period_start=period, now=now)
    later = now + subs.STALE_CLAIM + dt.timedelta(minutes=1)
    assert len(subs.due(engine, now=later)) == 1  # the claimer died: due again
    assert subs.claim(engine, subscription_id=sub_id, period_start=period, now=later)
    subs.finish(engine, subscription_id=sub_id, period_start=period, status="sent", as_of=dt.date(2016, 8, 10), now=later)
    assert subs.due(engine, now=later + dt.timedelta(days=1)) == []
    assert len(subs.due(engine, now=dt.datetime(2016, 8, 14, 23, 0, tzinfo=dt.timezone.utc))) == 1  # next Monday 08:00


def test_unsubscribe_keeps_history_and_stops_mail(engine):
    now = dt.datetime(2016, 8, 10, 3, 0, tzinfo=dt.timezone.utc)
    subs.subscribe(engine, address="A@seoul.example.kr", scope="office", schedule="monthly:1:08", now=now)
    assert subs.unsubscribe(engine, address="a@seoul.example.kr", scope="civic", now=now) == 0
    assert subs.unsubscribe(engine, address="a@seoul.example.kr", now=now) == 1
    assert subs.due(engine, now=now) == []
    assert subs.list_subscriptions(engine, now=now).empty
