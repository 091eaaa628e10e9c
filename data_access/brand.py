"""City-brand queries: I·SEOUL·U campaign participants and foreign-language channel reach.

Both belong to 도시브랜드담당관 (brand). A scope of another division gets empty frames (with
their columns), never an error.

Definitions:
- participants = SUM of a campaign's daily participants on the days from start to end.
- reach = SUM of a foreign channel's daily reach: 방문수 (visits) for websites (kind 'site'),
  조회건수 (views) for SNS channels (kind 'sns'); items = SUM of 정보제공 건수 (items posted).
  The report's 1,788,628 visits / 2,933 items and 25,724,111 views / 2,617 items are these sums
  over 2016-01-01 .. 2016-08-10.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import BigInteger, Engine, Integer, cast, extract, func, select

from data_access.models import BrandCampaign, BrandCampaignReach, ForeignChannel, ForeignChannelDaily
from data_access.ownership import BRAND_OWNER, sees
from data_access.scope import Scope

CAMPAIGN_COLUMNS = ["campaign_id", "code", "kind", "name_ko", "name_en", "start_date", "end_date",
                    "active_days", "participants"]
CAMPAIGN_TIME_COLUMNS = ["year", "month", "kind", "participants"]
CAMPAIGN_KIND_COLUMNS = ["kind", "campaigns", "participants"]
FOREIGN_COLUMNS = ["channel_id", "code", "kind", "language", "platform", "name_ko", "name_en", "reach", "items"]
FOREIGN_TOTAL_COLUMNS = ["kind", "channels", "reach", "items"]
FOREIGN_TIME_COLUMNS = ["year", "month", "kind", "reach", "items"]

_C, _R = BrandCampaign, BrandCampaignReach
_F, _FD = ForeignChannel, ForeignChannelDaily


def _frame(engine: Engine, stmt, columns: list[str]) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=columns)


def campaign_reach(*, engine: Engine, scope: Scope, start: dt.date, end: dt.date,
                   kind: str | None = None) -> pd.DataFrame:
    """Participants per campaign on the days from start to end (campaigns with no reach then are left out).

    kind: 'festival' | 'overseas' | 'marketing' or None for all. Ordered by start date.
    Columns: campaign_id, code, kind, name_ko, name_en, start_date, end_date, active_days
    (days with a participants row in the range), participants.
    """
    if not sees(scope, BRAND_OWNER):
        return pd.DataFrame(columns=CAMPAIGN_COLUMNS)
    stmt = (
        select(_C.id.label("campaign_id"), _C.code, _C.kind, _C.name_ko, _C.name_en, _C.start_date, _C.end_date,
               cast(func.count(_R.id), Integer).label("active_days"),
               cast(func.sum(_R.participants), BigInteger).label("participants"))
        .join(_R, _R.campaign_id == _C.id)
        .where(_R.day >= start, _R.day <= end)
        .group_by(_C.id, _C.code, _C.kind, _C.name_ko, _C.name_en, _C.start_date, _C.end_date)
        .order_by(_C.start_date, _C.id)
    )
    if kind is not None:
        stmt = stmt.where(_C.kind == kind)
    return _frame(engine, stmt, CAMPAIGN_COLUMNS)


def campaign_reach_by_kind(*, engine: Engine, scope: Scope, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Participants per campaign kind on the days from start to end (e.g. 8 festivals, 약 48천명).

    campaigns = number of campaigns of that kind with reach in the range.
    Columns: kind, campaigns, participants.
    """
    if not sees(scope, BRAND_OWNER):
        return pd.DataFrame(columns=CAMPAIGN_KIND_COLUMNS)
    stmt = (
        select(_C.kind, cast(func.count(func.distinct(_C.id)), Integer).label("campaigns"),
               cast(func.sum(_R.participants), BigInteger).label("participants"))
        .join(_R, _R.campaign_id == _C.id)
        .where(_R.day >= start, _R.day <= end)
        .group_by(_C.kind)
        .order_by(_C.kind)
    )
    return _frame(engine, stmt, CAMPAIGN_KIND_COLUMNS)


def campaign_reach_over_time(*, engine: Engine, scope: Scope, start: dt.date, end: dt.date,
                             kind: str | None = None) -> pd.DataFrame:
    """Participants per calendar month and campaign kind on the days from start to end.

    Columns: year, month, kind, participants.
    """
    if not sees(scope, BRAND_OWNER):
        return pd.DataFrame(columns=CAMPAIGN_TIME_COLUMNS)
    year = cast(extract("year", _R.day), Integer)
    month = cast(extract("month", _R.day), Integer)
    stmt = (
        select(year.label("year"), month.label("month"), _C.kind,
               cast(func.sum(_R.participants), BigInteger).label("participants"))
        .join(_C, _R.campaign_id == _C.id)
        .where(_R.day >= start, _R.day <= end)
        .group_by(year, month, _C.kind)
        .order_by(year, month, _C.kind)
    )
    if kind is not None:
        stmt = stmt.where(_C.kind == kind)
    return _frame(engine, stmt, CAMPAIGN_TIME_COLUMNS)


def foreign_reach(*, engine: Engine, scope: Scope, start: dt.date, end: dt.date,
                  kind: str | None = None) -> pd.DataFrame:
    """Reach and items per foreign-language channel on the days from start to end.

    kind: 'site' (reach = 방문수) | 'sns' (reach = 조회건수) | None for both. Channels with no
    rows in the range are left out. Ordered by kind, then channel id.
    Columns: channel_id, code, kind, language, platform, name_ko, name_en, reach, items.
    """
    if not sees(scope, BRAND_OWNER):
        return pd.DataFrame(columns=FOREIGN_COLUMNS)
    stmt = (
        select(_F.id.label("channel_id"), _F.code, _F.kind, _F.language, _F.platform, _F.name_ko, _F.name_en,
               cast(func.sum(_FD.reach), BigInteger).label("reach"),
               cast(func.sum(_FD.items), BigInteger).label("items"))
        .join(_FD, _FD.channel_id == _F.id)
        .where(_FD.day >= start, _FD.day <= end)
        .group_by(_F.id, _F.code, _F.kind, _F.language, _F.platform, _F.name_ko, _F.name_en)
        .order_by(_F.kind, _F.id)
    )
    if kind is not None:
        stmt = stmt.where(_F.kind == kind)
    return _frame(engine, stmt, FOREIGN_COLUMNS)


def foreign_totals(*, engine: Engine, scope: Scope, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Totals per channel kind on the days from start to end (the report's two ※ lines).

    channels = channels of that kind with rows in the range.
    Columns: kind, channels, reach, items.
    """
    if not sees(scope, BRAND_OWNER):
        return pd.DataFrame(columns=FOREIGN_TOTAL_COLUMNS)
    stmt = (
        select(_F.kind, cast(func.count(func.distinct(_F.id)), Integer).label("channels"),
               cast(func.sum(_FD.reach), BigInteger).label("reach"),
               cast(func.sum(_FD.items), BigInteger).label("items"))
        .join(_FD, _FD.channel_id == _F.id)
        .where(_FD.day >= start, _FD.day <= end)
        .group_by(_F.kind)
        .order_by(_F.kind)
    )
    return _frame(engine, stmt, FOREIGN_TOTAL_COLUMNS)


def foreign_reach_over_time(*, engine: Engine, scope: Scope, start: dt.date, end: dt.date,
                            kind: str | None = None) -> pd.DataFrame:
    """Reach and items per calendar month and channel kind on the days from start to end.

    Columns: year, month, kind, reach, items.
    """
    if not sees(scope, BRAND_OWNER):
        return pd.DataFrame(columns=FOREIGN_TIME_COLUMNS)
    year = cast(extract("year", _FD.day), Integer)
    month = cast(extract("month", _FD.day), Integer)
    stmt = (
        select(year.label("year"), month.label("month"), _F.kind,
               cast(func.sum(_FD.reach), BigInteger).label("reach"),
               cast(func.sum(_FD.items), BigInteger).label("items"))
        .join(_F, _FD.channel_id == _F.id)
        .where(_FD.day >= start, _FD.day <= end)
        .group_by(year, month, _F.kind)
        .order_by(year, month, _F.kind)
    )
    if kind is not None:
        stmt = stmt.where(_F.kind == kind)
    return _frame(engine, stmt, FOREIGN_TIME_COLUMNS)
