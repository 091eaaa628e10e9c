"""시민청 (Citizen Hall) queries: visitors, closures, programmes, rentals, weddings, satisfaction.

The hall belongs to 시민소통담당관 (civic). A scope of another division sees nothing: every frame
comes back empty (with its columns) and the summary is all zeros — no ScopeError, so a page can
render the same way for everyone.

Definitions (all to an as-of date, Seoul-local calendar days):
- 누적 방문객 = SUM(visitors) from the opening (2013-01-12) to the as-of date.
- 일평균 = visitors of the as-of date's year to the as-of date / that year's open days to the
  as-of date (open day = not closed). The report's 5,315 is this figure; the since-opening
  average (≈ 4,840 at 2016-08-10) is returned as `daily_average_since_opening`.
- 프로그램 / 대관 / 결혼식 = SUM of the day counts from the opening to the as-of date.
- 시민만족도 = the latest survey on or before the as-of date.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, Float, Integer, and_, case, cast, extract, func, not_, select

from data_access.models import CitizenHallDay, CitizenHallSurvey
from data_access.ownership import HALL_OWNER, sees
from data_access.scope import Scope

DAILY_COLUMNS = ["day", "visitors", "closed", "closure_reason", "programmes", "rentals", "weddings"]
MONTHLY_COLUMNS = ["year", "month", "visitors", "open_days", "closed_days", "avg_per_open_day",
                   "programmes", "rentals", "weddings"]
CUMULATIVE_COLUMNS = ["day", "visitors", "cumulative"]
WEEKDAY_MONTH_COLUMNS = ["weekday", "month", "open_days", "avg_visitors"]
SURVEY_COLUMNS = ["survey_date", "satisfaction_pct", "respondents"]

_D = CitizenHallDay
_open = case((not_(_D.closed), 1), else_=0)


@dataclass(frozen=True)
class HallSummary:
    """The report's 시민청 figures at `as_of` (None when there is no data)."""

    as_of: dt.date | None
    first_day: dt.date | None
    cumulative_visitors: int
    open_days_since_opening: int
    daily_average_since_opening: float | None
    ytd_visitors: int
    ytd_open_days: int
    daily_average: float | None  # 일평균: this year's visitors / this year's open days
    programmes: int
    rentals: int
    weddings: int
    satisfaction_pct: float | None
    survey_date: dt.date | None


def _empty_summary() -> HallSummary:
    return HallSummary(None, None, 0, 0, None, 0, 0, None, 0, 0, 0, None, None)


def hall_summary(*, engine: Engine, scope: Scope, as_of: dt.date | None = None) -> HallSummary:
    """The headline 시민청 figures at `as_of` (default: the latest day on record).

    Fields: cumulative_visitors (since opening), open_days_since_opening,
    daily_average_since_opening, ytd_visitors and ytd_open_days (1 January of as_of's year to
    as_of), daily_average (= ytd_visitors / ytd_open_days, the report's 일평균), programmes,
    rentals, weddings (cumulative since opening), satisfaction_pct and survey_date (latest survey
    on or before as_of).
    """
    if not sees(scope, HALL_OWNER):
        return _empty_summary()
    with engine.connect() as conn:
        if as_of is None:
            as_of = conn.execute(select(func.max(_D.day))).scalar_one_or_none()
            if as_of is None:
                return _empty_summary()
        year_start = dt.date(as_of.year, 1, 1)
        in_year = _D.day >= year_start
        row = conn.execute(
            select(
                func.min(_D.day).label("first_day"),
                func.coalesce(func.sum(_D.visitors), 0).label("visitors"),
                func.coalesce(func.sum(_open), 0).label("open_days"),
                func.coalesce(func.sum(case((in_year, _D.visitors), else_=0)), 0).label("ytd_visitors"),
                func.coalesce(func.sum(case((and_(in_year, not_(_D.closed)), 1), else_=0)), 0).label("ytd_open"),
                func.coalesce(func.sum(_D.programmes), 0).label("programmes"),
                func.coalesce(func.sum(_D.rentals), 0).label("rentals"),
                func.coalesce(func.sum(_D.weddings), 0).label("weddings"),
            ).where(_D.day <= as_of)
        ).one()
        survey = conn.execute(
            select(CitizenHallSurvey.survey_date, CitizenHallSurvey.satisfaction_pct)
            .where(CitizenHallSurvey.survey_date <= as_of)
            .order_by(CitizenHallSurvey.survey_date.desc())
            .limit(1)
        ).first()
    visitors, open_days = int(row.visitors), int(row.open_days)
    ytd_visitors, ytd_open = int(row.ytd_visitors), int(row.ytd_open)
    return HallSummary(
        as_of=as_of,
        first_day=row.first_day,
        cumulative_visitors=visitors,
        open_days_since_opening=open_days,
        daily_average_since_opening=visitors / open_days if open_days else None,
        ytd_visitors=ytd_visitors,
        ytd_open_days=ytd_open,
        daily_average=ytd_visitors / ytd_open if ytd_open else None,
        programmes=int(row.programmes),
        rentals=int(row.rentals),
        weddings=int(row.weddings),
        satisfaction_pct=float(survey.satisfaction_pct) if survey else None,
        survey_date=survey.survey_date if survey else None,
    )


def hall_daily(*, engine: Engine, scope: Scope, start: dt.date, end: dt.date) -> pd.DataFrame:
    """One row per day from start to end (both included), oldest first.

    Columns: day, visitors, closed, closure_reason (the holiday's Korean name on a closed day),
    programmes, rentals, weddings.
    """
    if not sees(scope, HALL_OWNER):
        return pd.DataFrame(columns=DAILY_COLUMNS)
    stmt = (select(_D.day, _D.visitors, _D.closed, _D.closure_reason, _D.programmes, _D.rentals, _D.weddings)
            .where(_D.day >= start, _D.day <= end).order_by(_D.day))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=DAILY_COLUMNS)


def hall_monthly(*, engine: Engine, scope: Scope, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Visitors per calendar month of the days from start to end.

    avg_per_open_day = visitors / open days of the month (within the range).
    Columns: year, month, visitors, open_days, closed_days, avg_per_open_day, programmes,
    rentals, weddings.
    """
    if not sees(scope, HALL_OWNER):
        return pd.DataFrame(columns=MONTHLY_COLUMNS)
    year = cast(extract("year", _D.day), Integer)
    month = cast(extract("month", _D.day), Integer)
    open_days = func.sum(_open)
    stmt = (
        select(
            year.label("year"),
            month.label("month"),
            cast(func.sum(_D.visitors), Integer).label("visitors"),
            cast(open_days, Integer).label("open_days"),
            cast(func.sum(case((_D.closed, 1), else_=0)), Integer).label("closed_days"),
            (cast(func.sum(_D.visitors), Float) / func.nullif(cast(open_days, Float), 0)).label("avg_per_open_day"),
            cast(func.sum(_D.programmes), Integer).label("programmes"),
            cast(func.sum(_D.rentals), Integer).label("rentals"),
            cast(func.sum(_D.weddings), Integer).label("weddings"),
        )
        .where(_D.day >= start, _D.day <= end)
        .group_by(year, month)
        .order_by(year, month)
    )
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=MONTHLY_COLUMNS)


def hall_cumulative(*, engine: Engine, scope: Scope, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Cumulative visitors since the opening, for each day from start to end.

    cumulative = SUM(visitors) over all days up to and including `day` (not just from start).
    Columns: day, visitors, cumulative.
    """
    if not sees(scope, HALL_OWNER):
        return pd.DataFrame(columns=CUMULATIVE_COLUMNS)
    running = (
        select(_D.day, _D.visitors,
               cast(func.sum(_D.visitors).over(order_by=_D.day), Integer).label("cumulative"))
        .where(_D.day <= end)
        .subquery()
    )
    stmt = select(running.c.day, running.c.visitors, running.c.cumulative).where(running.c.day >= start) \
        .order_by(running.c.day)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=CUMULATIVE_COLUMNS)


def hall_weekday_month(*, engine: Engine, scope: Scope, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Average visitors per open day by weekday (0 = Monday … 6 = Sunday) and month, for a heatmap.

    avg_visitors = SUM(visitors) / COUNT(open days) over the open days from start to end that
    fall on that weekday in that calendar month (any year). Closed days are left out.
    Columns: weekday, month, open_days, avg_visitors.
    """
    if not sees(scope, HALL_OWNER):
        return pd.DataFrame(columns=WEEKDAY_MONTH_COLUMNS)
    weekday = (cast(extract("dow", _D.day), Integer) + 6) % 7  # SQL dow: 0 = Sunday
    month = cast(extract("month", _D.day), Integer)
    stmt = (
        select(
            weekday.label("weekday"),
            month.label("month"),
            cast(func.count(), Integer).label("open_days"),
            (cast(func.sum(_D.visitors), Float) / cast(func.count(), Float)).label("avg_visitors"),
        )
        .where(_D.day >= start, _D.day <= end, not_(_D.closed))
        .group_by(weekday, month)
        .order_by(weekday, month)
    )
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=WEEKDAY_MONTH_COLUMNS)


def hall_surveys(*, engine: Engine, scope: Scope) -> pd.DataFrame:
    """Every satisfaction survey, oldest first; satisfaction_pct is a float percent (95.9).

    Columns: survey_date, satisfaction_pct, respondents.
    """
    if not sees(scope, HALL_OWNER):
        return pd.DataFrame(columns=SURVEY_COLUMNS)
    stmt = select(CitizenHallSurvey.survey_date, cast(CitizenHallSurvey.satisfaction_pct, Float)
                  .label("satisfaction_pct"), CitizenHallSurvey.respondents).order_by(CitizenHallSurvey.survey_date)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=SURVEY_COLUMNS)
