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

Query plans (issue 7, 50 channels with ten years of daily snapshots): a channel's followers at a date
are found per channel - max(day) on or before the date, then that snapshot - both on the
(channel_id, day) unique index, never by grouping the whole snapshot table. The daily history reads
only the snapshot columns and takes the channels' names from one small second query.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from operator import itemgetter

import pandas as pd
from sqlalchemy import BigInteger, Engine, Float, Integer, and_, cast, func, select
from sqlalchemy.orm import aliased

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
    """(snapshot alias, ON clause): join a channel (`SnsChannel`) to its latest snapshot on or before `day`.

    An inner join drops the channels without a snapshot by then; an outer join gives them NULLs.
    The correlated max(day) is one backward step on the (channel_id, day) unique index and the
    snapshot one lookup on it: PostgreSQL runs a nested loop over the channels and never scans
    the snapshot table.
    """
    snap, earlier = aliased(_S, name=name), aliased(_S, name=f"{name}_earlier")
    last_day = (select(func.max(earlier.day)).where(earlier.channel_id == _C.id, earlier.day <= day)
                .correlate(_C).scalar_subquery())
    return snap, and_(snap.channel_id == _C.id, snap.day == last_day)


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
    current, current_on = _followers_at(as_of, "current")
    week = (select(_S.channel_id, cast(func.sum(_S.posts), Integer).label("posts"))
            .where(_S.day > as_of - dt.timedelta(days=7), _S.day <= as_of)
            .group_by(_S.channel_id).subquery("week"))
    stmt = (
        select(_C.id.label("channel_id"), _C.code, _C.name_ko, _C.name_en, _C.platform, _C.kind, _C.opened_on,
               current.day.label("snapshot_day"), current.followers,
               (cast(current.followers, Float) * 100.0
                / func.nullif(cast(func.sum(current.followers).over(), Float), 0)).label("share_pct"),
               func.coalesce(week.c.posts, 0).label("posts_last_7_days"), _C.posts_per_week_plan)
        .join_from(_C, current, current_on)
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

    Two statements: the snapshots' own columns (day, channel_id, followers, posts), then every
    channel's code and names, laid onto the rows by channel id in pandas, so the four text columns
    are not sent and decoded once per row (50 channels over a year and a half: ~27 k rows). The
    channels are read second, so every channel id of the snapshots is there (foreign key).
    """
    if not sees(scope, SNS_OWNER):
        return pd.DataFrame(columns=OVER_TIME_COLUMNS)
    snapshots = (select(_S.day, _S.channel_id, _S.followers, _S.posts)
                 .where(_S.day >= start, _S.day <= end)
                 .order_by(_S.day, _S.channel_id))
    if channels is not None:
        snapshots = snapshots.where(_S.channel_id.in_(select(_C.id).where(_C.code.in_(list(channels)))))
    with engine.connect() as conn:
        rows = conn.execute(snapshots).all()
        names = conn.execute(select(_C.id, _C.code, _C.name_ko, _C.name_en, _C.kind)).all() if rows else []
    if not rows:
        return pd.DataFrame([], columns=OVER_TIME_COLUMNS)
    day, channel_id, followers, posts = (list(map(itemgetter(i), rows)) for i in range(4))
    info = pd.DataFrame([tuple(row) for row in names], columns=OVER_TIME_COLUMNS[1:6]).set_index("channel_id")
    channel_id = pd.Series(channel_id)
    at = info.index.get_indexer(channel_id)
    data = {"day": pd.Series(day), "channel_id": channel_id}
    # allow_fill: an id missing from `info` (only after a reload between the statements) gets NaN names
    data.update({column: info[column].array.take(at, allow_fill=True) for column in OVER_TIME_COLUMNS[2:6]})
    data.update({"followers": pd.Series(followers), "posts": pd.Series(posts)})
    return pd.DataFrame(data, columns=OVER_TIME_COLUMNS)


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
    current, current_on = _followers_at(as_of, "current")
    base, base_on = _followers_at(as_of - dt.timedelta(days=days), "base")
    growth = cast(current.followers, BigInteger) - base.followers
    stmt = (
        select(_C.id.label("channel_id"), _C.code, _C.name_ko, _C.name_en, _C.kind,
               base.day.label("base_day"), base.followers.label("base_followers"),
               current.day.label("day"), current.followers,
               growth.label("growth"),
               (cast(growth, Float) * 100.0 / func.nullif(cast(base.followers, Float), 0)).label("growth_pct"))
        .join_from(_C, current, current_on)
        .outerjoin_from(_C, base, base_on)
        .order_by(_C.id)
    )
    if kinds is not None:
        stmt = stmt.where(_C.kind.in_(list(kinds)))
    frame = _frame(engine, stmt, GROWTH_COLUMNS)
    for column in ("base_followers", "growth"):
        frame[column] = frame[column].astype("Int64")  # <NA>: no base snapshot
    frame["growth_pct"] = frame["growth_pct"].astype(float)
    return frame
