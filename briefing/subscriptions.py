"""Briefing subscriptions and their deliveries (manage.py subscribe / unsubscribe / list-subscriptions / send-due).

Schedules, in Seoul time (DASHBOARD_TIMEZONE, default Asia/Seoul):
- `weekly:MON:08`: every week, Monday at 08:00 (weekdays MON TUE WED THU FRI SAT SUN, hour 00-23);
- `monthly:1:08`: every month, on day 1 at 08:00 (day 1-28, so every month has it).

A subscription's *current period* began at the latest such instant at or before now. It is *due*
when that period has no delivery yet, so a new subscription gets the current period's briefing on
the next `send-due` run, and a missed run (server down on Monday) is caught up by the next one.

Once per period, however many runs race (two timers, two replicas): a delivery row is unique per
(subscription, period_start). `claim` inserts it as 'sending' before the mail goes out (a second
run's insert fails on the unique key, so it skips); `finish` marks it 'sent' (or 'refused' when the
server refused the address for good); `release` deletes the claim when sending failed (SMTP down, a
temporary refusal), so nothing is recorded as sent and the next run tries again. A claim left by a
process killed while sending is taken over after STALE_CLAIM (the mail may then go out twice; it is
never lost).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from briefing.mail import valid_address
from config.settings import get_settings
from data_access.db import UTC, as_utc
from data_access.models import Division, MailDelivery, MailSubscription

WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
STALE_CLAIM = dt.timedelta(minutes=30)
_SCHEDULE_RE = re.compile(r"^(weekly):([A-Za-z]{3}):(\d{1,2})$|^(monthly):(\d{1,2}):(\d{1,2})$")
LIST_COLUMNS = ["id", "address", "scope", "schedule", "lang", "created_at", "current_period", "last_status",
                "last_sent_at", "due"]


class SubscriptionError(ValueError):
    """A refused subscription change; the text says what and where."""


def timezone() -> ZoneInfo:
    return ZoneInfo(get_settings().dashboard_timezone)


@dataclass(frozen=True)
class Schedule:
    kind: str  # weekly | monthly
    hour: int
    weekday: int | None = None  # 0 = Monday (weekly)
    day: int | None = None  # 1-28 (monthly)

    @classmethod
    def parse(cls, text: str) -> Schedule:
        m = _SCHEDULE_RE.match((text or "").strip())
        if not m:
            raise SubscriptionError(f"schedule {text!r}: expected weekly:DAY:HH (e.g. weekly:MON:08) "
                                    "or monthly:D:HH (e.g. monthly:1:08)")
        if m.group(1):
            weekday, hour = m.group(2).upper(), int(m.group(3))
            if weekday not in WEEKDAYS:
                raise SubscriptionError(f"schedule {text!r}: weekday {m.group(2)!r} is not one of {' '.join(WEEKDAYS)}")
            schedule = cls("weekly", hour, weekday=WEEKDAYS.index(weekday))
        else:
            day, hour = int(m.group(5)), int(m.group(6))
            if not 1 <= day <= 28:
                raise SubscriptionError(f"schedule {text!r}: day {day} must be 1-28 (every month has it)")
            schedule = cls("monthly", hour, day=day)
        if not 0 <= hour <= 23:
            raise SubscriptionError(f"schedule {text!r}: hour {hour} must be 00-23")
        return schedule

    def __str__(self) -> str:
        if self.kind == "weekly":
            return f"weekly:{WEEKDAYS[self.weekday]}:{self.hour:02d}"
        return f"monthly:{self.day}:{self.hour:02d}"

    def period_start(self, now: dt.datetime, tz: ZoneInfo | None = None) -> dt.datetime:
        """The start (UTC) of the period `now` falls in: the latest scheduled instant at or before now."""
        tz = tz or timezone()
        local = now.astimezone(tz)
        at = dt.time(self.hour)
        if self.kind == "weekly":
            day = local.date() - dt.timedelta(days=(local.weekday() - self.weekday) % 7)
            start = dt.datetime.combine(day, at, tzinfo=tz)
            if start > local:
                start = dt.datetime.combine(day - dt.timedelta(days=7), at, tzinfo=tz)
        else:
            start = dt.datetime.combine(local.date().replace(day=self.day), at, tzinfo=tz)
            if start > local:
                year, month = (local.year, local.month - 1) if local.month > 1 else (local.year - 1, 12)
                start = dt.datetime.combine(dt.date(year, month, self.day), at, tzinfo=tz)
        return start.astimezone(UTC)


@dataclass(frozen=True)
class Subscription:
    id: int
    address: str
    division_code: str | None
    schedule: Schedule
    lang: str
    created_at: dt.datetime

    @property
    def scope_label(self) -> str:
        return self.division_code or "office"


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now(UTC)).astimezone(UTC)


def _division(engine: Engine, scope: str) -> str | None:
    if scope == "office":
        return None
    with engine.connect() as conn:
        codes = list(conn.execute(select(Division.code).order_by(Division.sort_order)).scalars())
    if scope not in codes:
        raise SubscriptionError(f"scope {scope!r}: expected office or a division code ({', '.join(codes) or 'none loaded'})")
    return scope


def subscribe(engine: Engine, *, address: str, scope: str, schedule: str, lang: str = "ko", created_by: str = "cli",
              now: dt.datetime | None = None) -> int:
    """Add a subscription; returns its id. One active subscription per (address, scope)."""
    address = (address or "").strip()
    if not valid_address(address):
        raise SubscriptionError(f"address {address!r}: not a mail address (name@example.go.kr)")
    if lang not in ("ko", "en"):
        raise SubscriptionError(f"lang {lang!r}: expected ko or en")
    parsed = Schedule.parse(schedule)
    division = _division(engine, scope)
    with engine.begin() as conn:
        existing = conn.execute(select(MailSubscription.id).where(
            func.lower(MailSubscription.address) == address.lower(), MailSubscription.cancelled_at.is_(None),
            MailSubscription.division_code.is_(None) if division is None
            else MailSubscription.division_code == division)).scalar_one_or_none()
        if existing is not None:
            raise SubscriptionError(f"{address} is already subscribed to {scope} (subscription {existing}); "
                                    "unsubscribe first to change it")
        return conn.execute(insert(MailSubscription).values(
            address=address, division_code=division, schedule=str(parsed), lang=lang, created_at=_now(now),
            created_by=created_by[:60], cancelled_at=None).returning(MailSubscription.id)).scalar_one()


def unsubscribe(engine: Engine, *, address: str, scope: str | None = None, now: dt.datetime | None = None) -> int:
    """Cancel the address's active subscriptions (of one scope, or all); returns how many. History stays."""
    stmt = (update(MailSubscription)
            .where(func.lower(MailSubscription.address) == (address or "").strip().lower(),
                   MailSubscription.cancelled_at.is_(None))
            .values(cancelled_at=_now(now)))
    if scope is not None:
        division = None if scope == "office" else scope
        stmt = stmt.where(MailSubscription.division_code.is_(None) if division is None
                          else MailSubscription.division_code == division)
    with engine.begin() as conn:
        return conn.execute(stmt).rowcount


def active_subscriptions(engine: Engine) -> list[Subscription]:
    m = MailSubscription
    with engine.connect() as conn:
        rows = conn.execute(select(m.id, m.address, m.division_code, m.schedule, m.lang, m.created_at)
                            .where(m.cancelled_at.is_(None)).order_by(m.id)).all()
    return [Subscription(r.id, r.address, r.division_code, Schedule.parse(r.schedule), r.lang, as_utc(r.created_at))
            for r in rows]


def _delivered(conn, subscription_id: int, period_start: dt.datetime, now: dt.datetime) -> bool:
    """A delivery exists for the period: sent, refused, or a claim still being worked on."""
    row = conn.execute(select(MailDelivery.status, MailDelivery.claimed_at).where(
        MailDelivery.subscription_id == subscription_id, MailDelivery.period_start == period_start)).first()
    if row is None:
        return False
    return row.status != "sending" or as_utc(row.claimed_at) > now - STALE_CLAIM


def due(engine: Engine, *, now: dt.datetime | None = None) -> list[tuple[Subscription, dt.datetime]]:
    """(subscription, period_start) of every active subscription whose current period has no delivery yet."""
    now = _now(now)
    out = []
    subs = active_subscriptions(engine)
    with engine.connect() as conn:
        for sub in subs:
            start = sub.schedule.period_start(now)
            if not _delivered(conn, sub.id, start, now):
                out.append((sub, start))
    return out


def claim(engine: Engine, *, subscription_id: int, period_start: dt.datetime, now: dt.datetime | None = None) -> bool:
    """Claim one period's delivery before sending: True when this run may send it, False when another has it."""
    now = _now(now)
    try:
        with engine.begin() as conn:
            conn.execute(insert(MailDelivery).values(subscription_id=subscription_id, period_start=period_start,
                                                     status="sending", claimed_at=now, detail=""))
        return True
    except IntegrityError:
        pass
    with engine.begin() as conn:  # take over a claim abandoned by a killed process
        return conn.execute(update(MailDelivery).where(
            MailDelivery.subscription_id == subscription_id, MailDelivery.period_start == period_start,
            MailDelivery.status == "sending", MailDelivery.claimed_at < now - STALE_CLAIM)
            .values(claimed_at=now)).rowcount == 1


def finish(engine: Engine, *, subscription_id: int, period_start: dt.datetime, status: str, as_of: dt.date | None,
           detail: str = "", now: dt.datetime | None = None) -> None:
    """Record the claimed delivery as 'sent' or 'refused'."""
    if status not in ("sent", "refused"):
        raise ValueError(f"status {status!r}: expected sent or refused")
    with engine.begin() as conn:
        conn.execute(update(MailDelivery).where(
            MailDelivery.subscription_id == subscription_id, MailDelivery.period_start == period_start,
            MailDelivery.status == "sending").values(status=status, finished_at=_now(now), as_of=as_of,
                                                     detail=detail[:500]))


def release(engine: Engine, *, subscription_id: int, period_start: dt.datetime) -> None:
    """Drop a claim whose mail did not go out, so nothing is recorded and the next run retries."""
    with engine.begin() as conn:
        conn.execute(delete(MailDelivery).where(
            MailDelivery.subscription_id == subscription_id, MailDelivery.period_start == period_start,
            MailDelivery.status == "sending"))


def list_subscriptions(engine: Engine, *, now: dt.datetime | None = None) -> pd.DataFrame:
    """Active subscriptions with their current period (Seoul time), last delivery and whether due now."""
    now = _now(now)
    tz = timezone()
    rows = []
    with engine.connect() as conn:
        for sub in active_subscriptions(engine):
            start = sub.schedule.period_start(now, tz)
            last = conn.execute(select(MailDelivery.status, MailDelivery.finished_at)
                                .where(MailDelivery.subscription_id == sub.id)
                                .order_by(MailDelivery.period_start.desc()).limit(1)).first()
            rows.append({"id": sub.id, "address": sub.address, "scope": sub.scope_label, "schedule": str(sub.schedule),
                         "lang": sub.lang, "created_at": sub.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                         "current_period": start.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                         "last_status": last.status if last else "",
                         "last_sent_at": as_utc(last.finished_at).astimezone(tz).strftime("%Y-%m-%d %H:%M")
                         if last and last.finished_at else "",
                         "due": not _delivered(conn, sub.id, start, now)})
    return pd.DataFrame(rows, columns=LIST_COLUMNS)
