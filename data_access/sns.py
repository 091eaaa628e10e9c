"""The city's SNS channels: followers, their share, posting against plan, growth.

The channels belong to 뉴미디어담당관 (newmedia). A scope of another division gets empty frames
(with their columns), never an error.

Definitions:
- followers (친구수) of a channel at a date = its latest snapshot on or before that date.
- share_pct = followers / SUM(followers of the channels returned) × 100.
- posts_last_7_days = SUM(posts) over the 7 days ending on the as-of date (as_of − 6 .. as_of),
  compared with posts_per_week_plan (콘텐츠 게재 계획, 개/주).
- growth over N days = followers at as_of − followers at as_of − N days; growth_pct = growth /
  base × 100 (NaN when the channel had no snapshot at the base date).
Kinds: 'sns' (the five SNS of the report's table), 'blog' (서울나들이), 'messenger' (카카오톡 플러스친구).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
from sqlalchemy import BigInteger, Engine, Float, Integer, and_, cast, func, select

from data_access.models import SnsChannel, SnsSnapshot
from data_access.ownership import SNS_OWNER, sees
from data_access.scope import Scope

LATEST_COLUMNS = ["channel_id", "code", "name_ko", "name_en", "platform", "kind", "opened_on", "snapshot_day",
                  "followers", "share_pct", "posts_last_7_days", "posts_per_week_plan"]
OVER_TIME_COLUMNS = ["day", "channel_id", "code", "name_ko", "name_en", "kind", "followers", "posts"]
GROWTH_COLUMNS = ["channel_id", "code", "name_ko", "name_en", "kind", "base_day", "base_followers", "day",
                  "followers", "growth", "growth_pct"]

_C, _S = SnsChannel, SnsSnapshot


def _followers_at(day: dt.date, name: str):
    """Subquery: each channel's latest snapshot on or before `day` (channel_id, day, followers)."""
    last = (select(_S.channel_id, func.max(_S.day).label("day")).where(_S.day <= day)
            .group_by(_S.channel_id).subquery(f"{name}_last"))
    return (select(_S.channel_id, _S.day, _S.followers)
            .join(last, and_(last.c.channel_id == _S.channel_id, last.c.day == _S.day))
            .subquery(name))


def _frame(engine: Engine, stmt, columns: list[str]) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=columns)


def sns_latest(*, engine: Engine, scope: Scope, as_of: dt.date,
               kinds: Sequence[str] | None = None) -> pd.DataFrame:
    """The report's SNS table at `as_of`: one row per channel with a snapshot on or before it.

    kinds: restrict to some kinds ('sns', 'blog', 'messenger'); share_pct is of the returned total.
    Ordered by channel id. Columns: channel_id, code, name_ko, name_en, platform, kind, opened_on,
    snapshot_day, followers, share_pct, posts_last_7_days, posts_per_week_plan (Int64, <NA>: no plan).
    """
    if not sees(scope, SNS_OWNER):
        return pd.DataFrame(columns=LATEST_COLUMNS)
    current = _followers_at(as_of, "current")
    week = (select(_S.channel_id, cast(func.sum(_S.posts), Integer).label("posts"))
            .where(_S.day > as_of - dt.timedelta(days=7), _S.day <= as_of)
            .group_by(_S.channel_id).subquery("week"))
    stmt = (
        select(_C.id.label("channel_id"), _C.code, _C.name_ko, _C.name_en, _C.platform, _C.kind, _C.opened_on,
               current.c.day.label("snapshot_day"), current.c.followers,
               (cast(current.c.followers, Float) * 100.0
                / func.nullif(cast(func.sum(current.c.followers).over(), Float), 0)).label("share_pct"),
               func.coalesce(week.c.posts, 0).label("posts_last_7_days"), _C.posts_per_week_plan)
        .join(current, current.c.channel_id == _C.id)
        .outerjoin(week, week.c.channel_id == _C.id)
        .order_by(_C.id)
    )
    if kinds is not None:
        stmt = stmt.where(_C.kind.in_(list(kinds)))
    frame = _frame(engine, stmt, LATEST_COLUMNS)
    frame["posts_per_week_plan"] = frame["posts_per_week_plan"].astype("Int64")  # <NA>: no plan
    return frame


def sns_followers_over_time(*, engine: Engine, scope: Scope, start: dt.date, end: dt.date,
                            channels: Sequence[str] | None = None) -> pd.DataFrame:
    """Daily followers and posts per channel from start to end (channels: codes, None = all).

    Ordered by day, then channel id. Columns: day, channel_id, code, name_ko, name_en, kind,
    followers, posts.
    """
    if not sees(scope, SNS_OWNER):
        return pd.DataFrame(columns=OVER_TIME_COLUMNS)
    stmt = (
        select(_S.day, _C.id.label("channel_id"), _C.code, _C.name_ko, _C.name_en, _C.kind, _S.followers, _S.posts)
        .join(_C, _S.channel_id == _C.id)
        .where(_S.day >= start, _S.day <= end)
        .order_by(_S.day, _C.id)
    )
    if channels is not None:
        stmt = stmt.where(_C.code.in_(list(channels)))
    return _frame(engine, stmt, OVER_TIME_COLUMNS)


def sns_growth(*, engine: Engine, scope: Scope, as_of: dt.date, days: int,
               kinds: Sequence[str] | None = None) -> pd.DataFrame:
    """Follower growth per channel over the `days` days ending on `as_of`.

    growth = followers at as_of − followers at (as_of − days); growth_pct = growth / base × 100
    (NaN when there is no base snapshot, e.g. a channel opened later). Ordered by channel id.
    Columns: channel_id, code, name_ko, name_en, kind, base_day, base_followers, day, followers,
    growth, growth_pct.
    """
    if days <= 0:
        raise ValueError("days must be positive")
    if not sees(scope, SNS_OWNER):
        return pd.DataFrame(columns=GROWTH_COLUMNS)
    current = _followers_at(as_of, "current")
    base = _followers_at(as_of - dt.timedelta(days=days), "base")
    growth = cast(current.c.followers, BigInteger) - base.c.followers
    stmt = (
        select(_C.id.label("channel_id"), _C.code, _C.name_ko, _C.name_en, _C.kind,
               base.c.day.label("base_day"), base.c.followers.label("base_followers"),
               current.c.day.label("day"), current.c.followers,
               growth.label("growth"),
               (cast(growth, Float) * 100.0 / func.nullif(cast(base.c.followers, Float), 0)).label("growth_pct"))
        .join(current, current.c.channel_id == _C.id)
        .outerjoin(base, base.c.channel_id == _C.id)
        .order_by(_C.id)
    )
    if kinds is not None:
        stmt = stmt.where(_C.kind.in_(list(kinds)))
    frame = _frame(engine, stmt, GROWTH_COLUMNS)
    for column in ("base_followers", "growth"):
        frame[column] = frame[column].astype("Int64")  # <NA>: no base snapshot
    frame["growth_pct"] = frame["growth_pct"].astype(float)
    return frame
