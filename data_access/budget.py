"""Budget queries: the 예산편성 세부내역 table, execution by division, trend, laggards and composition.

Definitions used throughout (all money in integer won, rates as float percent):

- 예산액 (budget_won): the budget as adopted; 예산현액 (current_budget_won): the budget available
  this year, 예산액 plus carried-over amounts (사고이월액 etc.); 집행액 (executed_won): spent so far.
- 집행률 (execution_rate) = 집행액 / 예산현액 × 100 (NaN when 예산현액 is 0).
- Only leaf items (unit programmes and 기본경비 rows) carry snapshots; every total is a SUM over
  leaves in SQL. A leaf's figures "as of" a date are those of its latest snapshot on or before it.
- The fiscal year is the as-of date's year unless given.

Scope: every function applies `scope.restrict(division)`. A division head sees only their division's
rows; office-level rows (합계, 사업예산, 기본경비) and shares of the office total are office figures and
are returned for the office scope only.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import (
    BigInteger,
    Engine,
    Float,
    Integer,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import aliased

from data_access.models import BudgetAnnualTotal, BudgetItem, BudgetSnapshot, Division
from data_access.scope import Scope

AMOUNTS = ["budget_won", "current_budget_won", "executed_won"]
TABLE_COLUMNS = ["row_key", "parent_key", "level", "division_code", "name_ko", "name_en", *AMOUNTS,
                 "execution_rate"]
DIVISION_COLUMNS = ["division_code", "name_ko", "name_en", *AMOUNTS, "execution_rate", "budget_share"]
TREND_COLUMNS = ["as_of", *AMOUNTS, "execution_rate"]
LAGGING_COLUMNS = ["code", "name_ko", "name_en", "division_code", "division_name_ko", "division_name_en",
                   *AMOUNTS, "execution_rate"]
PROGRAMME_SHARE_COLUMNS = ["code", "name_ko", "name_en", "division_code", "budget_won", "budget_share"]
COMPOSITION_COLUMNS = ["fiscal_year", "category", "budget_won", "share", "change_won", "change_rate"]

OFFICE_NAMES = {
    "office": ("시민소통기획관 예산 합계", "Office of Citizen Communication: total"),
    "programme": ("사업예산", "Programme budget"),
    "basic": ("기본경비(행정운영경비)", "Basic expenses (administrative operations)"),
}
OFFICE_KEY = "office"


@dataclass(frozen=True)
class BudgetSummary:
    """The scope's budget execution as of a date (amounts in won; rate in percent, None without budget)."""

    snapshot_date: dt.date | None  # the latest snapshot date used
    budget_won: int
    current_budget_won: int
    executed_won: int
    execution_rate: float | None


# --- SQL building blocks ------------------------------------------------------------------------


def _sum(column):
    """SUM of a won column as an integer on both dialects (PostgreSQL's SUM(bigint) is numeric)."""
    return cast(func.coalesce(func.sum(column), 0), BigInteger)


def _percent(numerator, denominator):
    """100 × numerator / denominator as a float, NULL when the denominator is 0.

    Both operands are integers; casting to FLOAT before dividing avoids integer division and gives
    the same IEEE double on SQLite and PostgreSQL.
    """
    return case((denominator != 0, cast(numerator * 100, Float) / cast(denominator, Float)), else_=None)


def _leaves(fiscal_year: int, as_of: dt.date, division_code: str | None):
    """One row per leaf item of the year with its latest snapshot on or before `as_of`."""
    later = aliased(BudgetSnapshot)
    latest = (select(func.max(later.as_of))
              .where(later.item_id == BudgetSnapshot.item_id, later.as_of <= as_of)
              .correlate(BudgetSnapshot)
              .scalar_subquery())
    stmt = (
        select(BudgetItem.id.label("item_id"), BudgetItem.code, BudgetItem.parent_id, BudgetItem.level,
               BudgetItem.category, BudgetItem.sort_order, BudgetItem.name_ko, BudgetItem.name_en,
               Division.id.label("division_id"), Division.code.label("division_code"),
               Division.sort_order.label("division_order"), BudgetSnapshot.as_of.label("snapshot_date"),
               BudgetSnapshot.budget_won, BudgetSnapshot.current_budget_won, BudgetSnapshot.executed_won)
        .join(BudgetSnapshot, BudgetSnapshot.item_id == BudgetItem.id)
        .join(Division, Division.id == BudgetItem.division_id)
        .where(BudgetItem.fiscal_year == fiscal_year, BudgetSnapshot.as_of == latest)
    )
    if division_code is not None:
        stmt = stmt.where(Division.code == division_code)
    return stmt.subquery("leaf")


def _amounts(leaf):
    """SUMs of the three amounts and the 집행률 over a leaf subquery (for a GROUP BY select)."""
    b, c, e = _sum(leaf.c.budget_won), _sum(leaf.c.current_budget_won), _sum(leaf.c.executed_won)
    return [b.label("budget_won"), c.label("current_budget_won"), e.label("executed_won"),
            _percent(func.sum(leaf.c.executed_won), func.sum(leaf.c.current_budget_won)).label("execution_rate")]


def _rate(value) -> float:
    return float("nan") if value is None else float(value)


def _frame(rows, columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame([dict(r) for r in rows], columns=columns)
    for col in columns:
        if col in AMOUNTS or col in ("change_won",):
            frame[col] = frame[col].astype("Int64") if frame[col].isna().any() else frame[col].astype("int64")
        elif col in ("execution_rate", "budget_share", "share", "change_rate"):
            frame[col] = frame[col].astype("float64")
    return frame


# --- queries -----------------------------------------------------------------------------------


def budget_table(*, engine: Engine, scope: Scope, as_of: dt.date, division: str | None = None,
                 fiscal_year: int | None = None) -> pd.DataFrame:
    """The 예산편성 세부내역 table in report order, one row per printed row.

    Office scope without a division: 합계 (level 'office'), 사업예산 and 기본경비 (level
    'office_category'), then per division: the division ('division'), its policy goal ('policy'),
    the goal's unit programmes ('programme') and its 기본경비 row ('basic'). A division (scope or
    filter) gives only that division's rows, division row first, and no office rows.
    Every amount is a SUM over leaf snapshots; 집행률 = 집행액 / 예산현액 × 100.

    Columns: row_key, parent_key, level, division_code, name_ko, name_en, budget_won,
    current_budget_won, executed_won, execution_rate. row_key is 'office', 'office.programme',
    'office.basic', the division code, or the budget item's code; parent_key is the row_key of the
    enclosing row (None at the top of the frame).
    """
    division = scope.restrict(division)
    year = fiscal_year or as_of.year
    leaf = _leaves(year, as_of, division)
    policy = aliased(BudgetItem)
    with engine.connect() as conn:
        leaves = conn.execute(
            select(leaf.c.code, leaf.c.parent_id, leaf.c.level, leaf.c.division_code, leaf.c.name_ko,
                   leaf.c.name_en, leaf.c.budget_won, leaf.c.current_budget_won, leaf.c.executed_won,
                   _percent(leaf.c.executed_won, leaf.c.current_budget_won).label("execution_rate"))
            .order_by(leaf.c.division_order, leaf.c.sort_order, leaf.c.code)
        ).mappings().all()
        policies = conn.execute(
            select(policy.id, policy.code, policy.name_ko, policy.name_en, policy.sort_order, *_amounts(leaf))
            .join(policy, policy.id == leaf.c.parent_id)
            .group_by(policy.id, policy.code, policy.name_ko, policy.name_en, policy.sort_order)
        ).mappings().all()
        divisions = conn.execute(
            select(Division.code, Division.name_ko, Division.name_en, *_amounts(leaf))
            .join(Division, Division.id == leaf.c.division_id)
            .group_by(Division.code, Division.name_ko, Division.name_en, Division.sort_order)
            .order_by(Division.sort_order)
        ).mappings().all()
        office = categories = []
        if division is None and leaves:
            office = conn.execute(select(*_amounts(leaf))).mappings().all()
            categories = conn.execute(
                select(leaf.c.category, *_amounts(leaf)).group_by(leaf.c.category)
            ).mappings().all()

    rows: list[dict] = []

    def add(row_key, parent_key, level, division_code, name_ko, name_en, figures) -> None:
        rows.append({"row_key": row_key, "parent_key": parent_key, "level": level, "division_code": division_code,
                     "name_ko": name_ko, "name_en": name_en,
                     **{k: figures[k] for k in AMOUNTS}, "execution_rate": _rate(figures["execution_rate"])})

    for figures in office:
        add(OFFICE_KEY, None, "office", None, *OFFICE_NAMES["office"], figures)
        by_category = {r["category"]: r for r in categories}
        for category in ("programme", "basic"):
            if category in by_category:
                add(f"{OFFICE_KEY}.{category}", OFFICE_KEY, "office_category", None, *OFFICE_NAMES[category],
                    by_category[category])
    policy_by_id = {p["id"]: p for p in policies}
    for div in divisions:
        add(div["code"], OFFICE_KEY if office else None, "division", div["code"], div["name_ko"], div["name_en"], div)
        mine = [r for r in leaves if r["division_code"] == div["code"]]
        parents = list(dict.fromkeys(r["parent_id"] for r in mine if r["parent_id"] is not None))
        for parent_id in sorted(parents, key=lambda pid: (policy_by_id[pid]["sort_order"], policy_by_id[pid]["code"])):
            p = policy_by_id[parent_id]
            add(p["code"], div["code"], "policy", div["code"], p["name_ko"], p["name_en"], p)
            for r in mine:
                if r["parent_id"] == parent_id:
                    add(r["code"], p["code"], r["level"], div["code"], r["name_ko"], r["name_en"], r)
        for r in mine:
            if r["parent_id"] is None:
                add(r["code"], div["code"], r["level"], div["code"], r["name_ko"], r["name_en"], r)
    return _frame(rows, TABLE_COLUMNS)


def execution_by_division(*, engine: Engine, scope: Scope, as_of: dt.date, division: str | None = None,
                          fiscal_year: int | None = None) -> pd.DataFrame:
    """Budget and execution per division (the 부서별 table and the 세부내역's division rows).

    budget_share = the division's 예산액 / the office's 예산액 × 100 - an office figure, so it is
    computed for the office scope only (against the whole office even when filtered to a division)
    and NaN for a division head's scope. 집행률 = 집행액 / 예산현액 × 100.

    Columns: division_code, name_ko, name_en, budget_won, current_budget_won, executed_won,
    execution_rate, budget_share. Ordered as the divisions are.
    """
    division = scope.restrict(division)
    year = fiscal_year or as_of.year
    leaf = _leaves(year, as_of, division)
    if scope.is_office:
        everything = _leaves(year, as_of, None)
        office_total = select(func.sum(everything.c.budget_won)).scalar_subquery()
        share = _percent(func.sum(leaf.c.budget_won), office_total)
    else:
        share = cast(literal(None), Float)
    stmt = (
        select(Division.code.label("division_code"), Division.name_ko, Division.name_en, *_amounts(leaf),
               share.label("budget_share"))
        .join(Division, Division.id == leaf.c.division_id)
        .group_by(Division.code, Division.name_ko, Division.name_en, Division.sort_order)
        .order_by(Division.sort_order)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    return _frame(rows, DIVISION_COLUMNS)


def office_execution(*, engine: Engine, scope: Scope, as_of: dt.date, division: str | None = None,
                     fiscal_year: int | None = None) -> BudgetSummary:
    """The scope's totals: 예산액, 예산현액, 집행액 (won) and 집행률 = 집행액 / 예산현액 × 100.

    For the office scope the whole office (the 합계 row), for a division its division row.
    Without any budget: zeros, rate None, snapshot_date None.
    """
    division = scope.restrict(division)
    leaf = _leaves(fiscal_year or as_of.year, as_of, division)
    with engine.connect() as conn:
        row = conn.execute(select(*_amounts(leaf), func.max(leaf.c.snapshot_date).label("snapshot_date"))
                           ).mappings().one()
    return BudgetSummary(snapshot_date=row["snapshot_date"], budget_won=int(row["budget_won"]),
                         current_budget_won=int(row["current_budget_won"]), executed_won=int(row["executed_won"]),
                         execution_rate=None if row["execution_rate"] is None else float(row["execution_rate"]))


def execution_trend(*, engine: Engine, scope: Scope, as_of: dt.date, fiscal_year: int | None = None,
                    division: str | None = None) -> pd.DataFrame:
    """Execution over the fiscal year: one row per snapshot date on or before `as_of`.

    Sums over the leaf snapshots of that date (the office's, or one division's);
    집행률 = 집행액 / 예산현액 × 100 (cumulative 집행액).

    Columns: as_of, budget_won, current_budget_won, executed_won, execution_rate.
    """
    division = scope.restrict(division)
    year = fiscal_year or as_of.year
    s = BudgetSnapshot
    stmt = (
        select(s.as_of, _sum(s.budget_won).label("budget_won"),
               _sum(s.current_budget_won).label("current_budget_won"), _sum(s.executed_won).label("executed_won"),
               _percent(func.sum(s.executed_won), func.sum(s.current_budget_won)).label("execution_rate"))
        .join(BudgetItem, BudgetItem.id == s.item_id)
        .join(Division, Division.id == BudgetItem.division_id)
        .where(BudgetItem.fiscal_year == year, s.as_of <= as_of)
        .group_by(s.as_of)
        .order_by(s.as_of)
    )
    if division is not None:
        stmt = stmt.where(Division.code == division)
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    return _frame(rows, TREND_COLUMNS)


def lagging_programmes(*, engine: Engine, scope: Scope, as_of: dt.date, below_rate: float, limit: int = 10,
                       division: str | None = None, fiscal_year: int | None = None) -> pd.DataFrame:
    """Unit programmes whose 집행률 (집행액 / 예산현액 × 100) is below `below_rate`, lowest first.

    Only level 'programme' leaves (not 기본경비); programmes without 예산현액 are left out.
    Ties are broken by report order. At most `limit` rows.

    Columns: code, name_ko, name_en, division_code, division_name_ko, division_name_en,
    budget_won, current_budget_won, executed_won, execution_rate.
    """
    division = scope.restrict(division)
    leaf = _leaves(fiscal_year or as_of.year, as_of, division)
    rate = _percent(leaf.c.executed_won, leaf.c.current_budget_won)
    stmt = (
        select(leaf.c.code, leaf.c.name_ko, leaf.c.name_en, leaf.c.division_code,
               Division.name_ko.label("division_name_ko"), Division.name_en.label("division_name_en"),
               leaf.c.budget_won, leaf.c.current_budget_won, leaf.c.executed_won, rate.label("execution_rate"))
        .join(Division, Division.id == leaf.c.division_id)
        .where(leaf.c.level == "programme", leaf.c.current_budget_won > 0,
               rate < cast(literal(float(below_rate)), Float))
        .order_by(rate, leaf.c.division_order, leaf.c.sort_order)
        .limit(int(limit))
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    return _frame(rows, LAGGING_COLUMNS)


def programme_shares(*, engine: Engine, scope: Scope, as_of: dt.date, limit: int = 5, division: str | None = None,
                     fiscal_year: int | None = None) -> pd.DataFrame:
    """The largest unit programmes by 예산액 and their share of the office's 예산액 (주요 사업별 비중).

    budget_share = the programme's 예산액 / the office's 예산액 × 100 - an office figure: computed for
    the office scope only, NaN for a division head's scope. Largest first (report order on ties),
    at most `limit` rows.

    Columns: code, name_ko, name_en, division_code, budget_won, budget_share.
    """
    division = scope.restrict(division)
    year = fiscal_year or as_of.year
    leaf = _leaves(year, as_of, division)
    if scope.is_office:
        everything = _leaves(year, as_of, None)
        share = _percent(leaf.c.budget_won, select(func.sum(everything.c.budget_won)).scalar_subquery())
    else:
        share = cast(literal(None), Float)
    stmt = (
        select(leaf.c.code, leaf.c.name_ko, leaf.c.name_en, leaf.c.division_code, leaf.c.budget_won,
               share.label("budget_share"))
        .where(leaf.c.level == "programme")
        .order_by(leaf.c.budget_won.desc(), leaf.c.division_order, leaf.c.sort_order)
        .limit(int(limit))
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    return _frame(rows, PROGRAMME_SHARE_COLUMNS)


def composition(*, engine: Engine, scope: Scope, as_of: dt.date, division: str | None = None,
                fiscal_year: int | None = None) -> pd.DataFrame:
    """The 구성별 table: 예산액 by category (사업비 'programme', 기본경비 'basic', 계 'total').

    The fiscal year's rows are SUMs of its leaf items' 예산액; the previous year's come from
    BudgetAnnualTotal (office scope without a division filter only: prior years are kept for the
    office as a whole). share = category / that year's total × 100. For the latest year's rows
    change_won = this year - previous year and change_rate = change_won / previous year × 100
    (NULL/NaN when there is no previous year).

    Columns: fiscal_year, category, budget_won, share, change_won, change_rate. Ordered by year,
    then programme, basic, total.
    """
    division = scope.restrict(division)
    year = fiscal_year or as_of.year
    leaf = _leaves(year, as_of, division)
    parts = [select(literal(year, Integer).label("fiscal_year"), cast(leaf.c.category, String(12)).label("category"),
                    _sum(leaf.c.budget_won).label("budget_won"))
             .group_by(leaf.c.category)]
    if division is None:
        parts.append(select(BudgetAnnualTotal.fiscal_year, cast(BudgetAnnualTotal.category, String(12)),
                            cast(BudgetAnnualTotal.budget_won, BigInteger))
                     .where(BudgetAnnualTotal.fiscal_year == year - 1))
    by_category = union_all(*parts).cte("by_category")
    total = (select(by_category.c.fiscal_year, cast(literal("total", String(12)), String(12)).label("category"),
                    _sum(by_category.c.budget_won).label("budget_won"))
             .group_by(by_category.c.fiscal_year)
             .cte("year_total"))
    rows_q = union_all(select(by_category.c.fiscal_year, by_category.c.category, by_category.c.budget_won),
                       select(total.c.fiscal_year, total.c.category, total.c.budget_won)).cte("year_rows")
    previous = rows_q.alias("previous")
    change = rows_q.c.budget_won - previous.c.budget_won
    category_order = case({"programme": 0, "basic": 1}, value=rows_q.c.category, else_=2)
    stmt = (
        select(rows_q.c.fiscal_year, rows_q.c.category, rows_q.c.budget_won,
               _percent(rows_q.c.budget_won, total.c.budget_won).label("share"),
               case((previous.c.budget_won.is_not(None), change), else_=None).label("change_won"),
               _percent(change, previous.c.budget_won).label("change_rate"))
        .join(total, total.c.fiscal_year == rows_q.c.fiscal_year)
        .outerjoin(previous, and_(previous.c.fiscal_year == rows_q.c.fiscal_year - 1,
                                  previous.c.category == rows_q.c.category))
        .order_by(rows_q.c.fiscal_year, category_order)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    frame = _frame(rows, COMPOSITION_COLUMNS)
    frame["change_won"] = frame["change_won"].astype("Int64")
    return frame


def budget_snapshot_dates(*, engine: Engine, scope: Scope, as_of: dt.date, fiscal_year: int | None = None,
                          division: str | None = None) -> list[dt.date]:
    """The dates with budget snapshots on or before `as_of` (of one fiscal year if given), ascending."""
    division = scope.restrict(division)
    stmt = (select(BudgetSnapshot.as_of).distinct()
            .join(BudgetItem, BudgetItem.id == BudgetSnapshot.item_id)
            .join(Division, Division.id == BudgetItem.division_id)
            .where(BudgetSnapshot.as_of <= as_of)
            .order_by(BudgetSnapshot.as_of))
    if fiscal_year is not None:
        stmt = stmt.where(BudgetItem.fiscal_year == fiscal_year)
    if division is not None:
        stmt = stmt.where(Division.code == division)
    with engine.connect() as conn:
        return list(conn.execute(stmt).scalars().all())


HISTORY_COLUMNS = ["fiscal_year", "month", "code", "level", "division_code", "current_budget_won", "executed_won"]


def execution_history(*, engine: Engine, scope: Scope, as_of: dt.date, years: int = 10,
                      division: str | None = None) -> pd.DataFrame:
    """Cumulative execution of every leaf at each month of the fiscal years `as_of.year - years` .. `as_of.year`.

    One row per leaf (unit programme or 기본경비 row) and month 1-12 of its fiscal year up to `as_of`:
    예산현액 and cumulative 집행액 (won) of the leaf's latest snapshot in that month on or before
    `as_of`; a month without a snapshot carries the leaf's latest earlier one of the same year
    forward (months before its first snapshot are left out). For the current year the last month is
    the as-of date's, so its row holds the figures as of `as_of` (those of `office_execution`).
    The office, division and programme series of the year-end forecast are SUMs of these rows.

    Columns: fiscal_year, month, code, level ('programme' | 'basic'), division_code,
    current_budget_won, executed_won. Ordered by year, code, month.
    """
    division = scope.restrict(division)
    s = BudgetSnapshot
    month = cast(func.extract("month", s.as_of), Integer)
    latest = (select(s.item_id, month.label("month"), func.max(s.as_of).label("as_of"))
              .join(BudgetItem, BudgetItem.id == s.item_id)
              .where(s.as_of <= as_of, BudgetItem.fiscal_year >= as_of.year - years,
                     BudgetItem.fiscal_year <= as_of.year)
              .group_by(s.item_id, month)
              .subquery("latest"))
    stmt = (select(BudgetItem.fiscal_year, latest.c.month, BudgetItem.code, BudgetItem.level,
                   Division.code.label("division_code"), s.current_budget_won, s.executed_won)
            .join(s, (s.item_id == latest.c.item_id) & (s.as_of == latest.c.as_of))
            .join(BudgetItem, BudgetItem.id == s.item_id)
            .join(Division, Division.id == BudgetItem.division_id)
            .order_by(BudgetItem.fiscal_year, BudgetItem.code, latest.c.month))
    if division is not None:
        stmt = stmt.where(Division.code == division)
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    frame = pd.DataFrame([dict(r) for r in rows], columns=HISTORY_COLUMNS)
    if frame.empty:
        return frame.astype({"fiscal_year": "int64", "month": "int64", "current_budget_won": "int64",
                             "executed_won": "int64"})
    filled = []
    for (year, _code), leaf in frame.groupby(["fiscal_year", "code"], sort=False):
        last = 12 if year < as_of.year else as_of.month
        months = range(int(leaf["month"].min()), last + 1)
        filled.append(leaf.set_index("month").reindex(months).ffill().reset_index())
    out = pd.concat(filled, ignore_index=True)[HISTORY_COLUMNS]
    return out.astype({"fiscal_year": "int64", "month": "int64", "current_budget_won": "int64",
                       "executed_won": "int64"}).reset_index(drop=True)
