"""Rollups rebuilt from raw tables entirely in SQL (same statements on SQLite and PostgreSQL).

complaint_daily is derived from complaint and depends on an as-of date: its `delayed` count is
"closed after the deadline, or still open past it at the as-of date". It must therefore be
rebuilt at every load of complaints with that load's as-of date (the demo loader, the importer
and the large-volume generator all call `rebuild_complaint_daily` at the end of their load).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Integer, and_, case, cast, delete, func, insert, literal, or_, select, union_all
from sqlalchemy.orm import Session

from data_access.db import kst_date, seoul_day_start_utc
from data_access.models import Complaint, ComplaintDaily

_KEYS = ("division_id", "department_id", "channel_id")


def rebuild_complaint_daily(connection_or_session: Connection | Session, *, as_of: dt.date,
                            start: dt.date | None = None, end: dt.date | None = None) -> int:
    """Recompute complaint_daily for the Seoul days start..end (inclusive; None = unbounded).

    Deletes the rollup rows of the range, then inserts, per (Seoul day, department, channel):
    received = complaints received that day; due = complaints due that day; delayed = of those
    due that day, the ones with due_at before the end of the as-of day that were closed after
    due_at or are not closed (closed_at IS NULL); closed = complaints closed that day. Each count
    is grouped on its own day (a UNION ALL of three grouped selects, summed per key). Idempotent.
    Runs inside the caller's transaction; returns the number of rollup rows now in the range.
    """
    raw = Complaint.__table__
    daily = ComplaintDaily.__table__
    as_of_end = seoul_day_start_utc(as_of + dt.timedelta(days=1))

    def in_range(column):
        conditions = []
        if start is not None:
            conditions.append(column >= seoul_day_start_utc(start))
        if end is not None:
            conditions.append(column < seoul_day_start_utc(end + dt.timedelta(days=1)))
        return conditions

    zero = literal(0, Integer)
    keys = [raw.c[k] for k in _KEYS]

    def grouped(column, received, due, delayed, closed, *where):
        day = kst_date(column)
        return (
            select(day.label("day"), *keys, received.label("received"), due.label("due"),
                   delayed.label("delayed"), closed.label("closed"))
            .where(*in_range(column), *where)
            .group_by(day, *keys)
        )

    is_delayed = and_(raw.c.due_at < as_of_end, or_(raw.c.closed_at.is_(None), raw.c.closed_at > raw.c.due_at))
    parts = union_all(
        grouped(raw.c.received_at, func.count(), zero, zero, zero),
        grouped(raw.c.due_at, zero, func.count(), func.sum(case((is_delayed, 1), else_=0)), zero),
        grouped(raw.c.closed_at, zero, zero, zero, func.count(), raw.c.closed_at.is_not(None)),
    ).subquery("parts")
    part_keys = [parts.c[k] for k in _KEYS]
    summed = select(
        parts.c.day, *part_keys,
        *(cast(func.sum(parts.c[name]), Integer).label(name) for name in ("received", "due", "delayed", "closed")),
    ).group_by(parts.c.day, *part_keys)

    day_range = []
    if start is not None:
        day_range.append(daily.c.day >= start)
    if end is not None:
        day_range.append(daily.c.day <= end)
    connection_or_session.execute(delete(daily).where(*day_range))
    connection_or_session.execute(
        insert(daily).from_select(["day", *_KEYS, "received", "due", "delayed", "closed"], summed)
    )
    return connection_or_session.execute(select(func.count()).select_from(daily).where(*day_range)).scalar_one()
