"""Complaint (민원) figures: delay rates, volumes and the 민원처리 신호등.

Aggregates read the daily rollup complaint_daily (Seoul-local days; rebuilt at every load with the
load's as-of date, see loading.rollups), so they stay fast at millions of complaints. Only the
open-complaint views read the raw complaint table.

Definitions used throughout:
- due (처리기한 도래): complaints whose deadline (due_at) falls on a Seoul day in the period.
- delayed (지연): of those, the ones closed after the deadline, or still open past it at the as-of
  date of the last load. Pass an `end` no later than that as-of date: a complaint due later is
  not late yet, so periods reaching past the as-of date understate the rate.
- 민원처리지연율 (delay_rate) = delayed / due x 100, percent rounded half-up to two decimals
  (NaN / None when nothing is due).
- received (접수): complaints received on a Seoul day in the period; closed (처리): closed that day.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from sqlalchemy import Engine, Integer, case, cast, extract, func, select, union_all

from data_access.db import seoul_day_start_utc
from data_access.models import Complaint, ComplaintChannel, ComplaintDaily, Department, Division, Holiday
from data_access.scope import Scope

CD = ComplaintDaily
STATUSES = [  # (status, name_ko, name_en) of the 민원처리 신호등, in display order
    ("normal", "정상", "Normal"),
    ("imminent", "임박", "Imminent"),
    ("delayed", "지연", "Delayed"),
]


@dataclass(frozen=True)
class DelayRate:
    """민원처리지연율 of a period: due, delayed and delay_rate (percent, None when due is 0)."""

    due: int
    delayed: int
    delay_rate: float | None


@dataclass(frozen=True)
class ChannelVolume:
    """Complaints received through a channel: cases, working days and cases per working day."""

    cases: int
    working_days: int
    per_day: float | None


def pct(numerator: int, denominator: int) -> float | None:
    """numerator / denominator x 100, rounded half-up to two decimals; None when the denominator is 0."""
    if not denominator:
        return None
    value = Decimal(int(numerator)) * 100 / Decimal(int(denominator))
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _division_id(code: str):
    return select(Division.id).where(Division.code == code).scalar_subquery()


def _rollup_filters(scope: Scope, division: str | None, start: dt.date, end: dt.date) -> list:
    conditions = [CD.day >= start, CD.day <= end]
    code = scope.restrict(division)
    if code is not None:
        conditions.append(CD.division_id == _division_id(code))
    return conditions


def _frame(rows, columns: list[str], rates: bool = True) -> pd.DataFrame:
    frame = pd.DataFrame([dict(r) for r in rows], columns=columns)
    if rates and not frame.empty:
        frame["delay_rate"] = [
            float("nan") if (r := pct(d, n)) is None else r for d, n in zip(frame["delayed"], frame["due"], strict=True)
        ]
        frame["delay_rate"] = frame["delay_rate"].astype(float)
    return frame


def _sums():
    return (
        func.coalesce(func.sum(CD.received), 0).label("received"),
        func.coalesce(func.sum(CD.due), 0).label("due"),
        func.coalesce(func.sum(CD.delayed), 0).label("delayed"),
    )


def delay_rate(*, engine: Engine, scope: Scope, start: dt.date, end: dt.date, division: str | None = None,
               channel: str | None = None) -> DelayRate:
    """민원처리지연율 = delayed / due x 100 for complaints due on Seoul days start..end.

    Optionally for one division (within the scope) and one channel code. Returns DelayRate(due,
    delayed, delay_rate); an empty period gives DelayRate(0, 0, None).
    """
    conditions = _rollup_filters(scope, division, start, end)
    if channel is not None:
        conditions.append(CD.channel_id == select(ComplaintChannel.id)
                          .where(ComplaintChannel.code == channel).scalar_subquery())
    stmt = select(func.coalesce(func.sum(CD.due), 0), func.coalesce(func.sum(CD.delayed), 0)).where(*conditions)
    with engine.connect() as conn:
        due, delayed = conn.execute(stmt).one()
    return DelayRate(due=int(due), delayed=int(delayed), delay_rate=pct(delayed, due))


def delay_rate_by_month(*, engine: Engine, scope: Scope, start: dt.date, end: dt.date,
                        division: str | None = None) -> pd.DataFrame:
    """민원처리지연율 per calendar month (Seoul) of the due date, for due days start..end.

    Columns: year, month, due, delayed, delay_rate (percent, NaN when nothing is due). Months with
    no complaint due are absent.
    """
    # Summed per day in SQL (the day index gives the days in order: no date arithmetic per row, no sort)
    # and per month here: about 4x faster on SQLite than grouping on the extracted year and month.
    stmt = (
        select(CD.day, func.sum(CD.due).label("due"), func.sum(CD.delayed).label("delayed"))
        .where(*_rollup_filters(scope, division, start, end))
        .group_by(CD.day)
    )
    with engine.connect() as conn:
        days = conn.execute(stmt).all()
    months: dict[tuple[int, int], list[int]] = {}
    for day, due, delayed in days:
        sums = months.setdefault((day.year, day.month), [0, 0])
        sums[0] += int(due or 0)
        sums[1] += int(delayed or 0)
    rows = [{"year": y, "month": m, "due": due, "delayed": delayed}
            for (y, m), (due, delayed) in sorted(months.items()) if due > 0]
    return _frame(rows, ["year", "month", "due", "delayed", "delay_rate"])


def delay_by_division(*, engine: Engine, scope: Scope, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Received, due, delayed and 민원처리지연율 per division for Seoul days start..end.

    Columns: division_id, division_code, name_ko, name_en, received, due, delayed, delay_rate.
    A division-scoped caller gets only their own division.
    """
    stmt = (
        select(Division.id.label("division_id"), Division.code.label("division_code"), Division.name_ko,
               Division.name_en, *_sums())
        .join(CD, CD.division_id == Division.id)
        .where(*_rollup_filters(scope, None, start, end))
        .group_by(Division.id, Division.code, Division.name_ko, Division.name_en, Division.sort_order)
        .order_by(Division.sort_order, Division.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    return _frame(rows, ["division_id", "division_code", "name_ko", "name_en", "received", "due", "delayed",
                         "delay_rate"])


def delay_by_department(*, engine: Engine, scope: Scope, start: dt.date, end: dt.date,
                        division: str | None = None) -> pd.DataFrame:
    """Received, due, delayed and 민원처리지연율 per department (team) for Seoul days start..end.

    Columns: department_id, department_code, division_id, division_code, name_ko, name_en (the
    department's names), received, due, delayed, delay_rate.
    """
    stmt = (
        select(Department.id.label("department_id"), Department.code.label("department_code"),
               Division.id.label("division_id"), Division.code.label("division_code"),
               Department.name_ko, Department.name_en, *_sums())
        .join(CD, CD.department_id == Department.id)
        .join(Division, Division.id == Department.division_id)
        .where(*_rollup_filters(scope, division, start, end))
        .group_by(Department.id, Department.code, Division.id, Division.code, Department.name_ko,
                  Department.name_en, Division.sort_order)
        .order_by(Division.sort_order, Department.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    return _frame(rows, ["department_id", "department_code", "division_id", "division_code", "name_ko",
                         "name_en", "received", "due", "delayed", "delay_rate"])


def delay_by_channel(*, engine: Engine, scope: Scope, start: dt.date, end: dt.date,
                     division: str | None = None) -> pd.DataFrame:
    """Received, due, delayed and 민원처리지연율 per channel (응답소, 120, 방문, 우편) for days start..end.

    Columns: channel_id, channel_code, name_ko, name_en, received, due, delayed, delay_rate.
    """
    stmt = (
        select(ComplaintChannel.id.label("channel_id"), ComplaintChannel.code.label("channel_code"),
               ComplaintChannel.name_ko, ComplaintChannel.name_en, *_sums())
        .join(CD, CD.channel_id == ComplaintChannel.id)
        .where(*_rollup_filters(scope, division, start, end))
        .group_by(ComplaintChannel.id, ComplaintChannel.code, ComplaintChannel.name_ko, ComplaintChannel.name_en)
        .order_by(ComplaintChannel.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    return _frame(rows, ["channel_id", "channel_code", "name_ko", "name_en", "received", "due", "delayed",
                         "delay_rate"])


def daily_volume(*, engine: Engine, scope: Scope, start: dt.date, end: dt.date,
                 division: str | None = None) -> pd.DataFrame:
    """Complaints received and closed per Seoul day, start..end.

    Columns: day, received, closed. Days without any rollup row are absent.
    """
    stmt = (
        select(CD.day, func.sum(CD.received).label("received"), func.sum(CD.closed).label("closed"))
        .where(*_rollup_filters(scope, division, start, end))
        .group_by(CD.day)
        .order_by(CD.day)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    return _frame(rows, ["day", "received", "closed"], rates=False)


def channel_volume(*, engine: Engine, scope: Scope, channel: str, start: dt.date, end: dt.date,
                   division: str | None = None) -> ChannelVolume:
    """Complaints received through `channel` on Seoul days start..end, and per working day.

    cases = complaints received; working_days = weekdays in start..end that are not in the holiday
    table; per_day = cases / working_days rounded half-up to one decimal (None without working
    days). The report's "응답소 민원 처리현황 72,168건(508건/일)" is channel 'eungdapso' from
    1 January to the end of the last complete month before the as-of date.
    """
    conditions = _rollup_filters(scope, division, start, end)
    conditions.append(CD.channel_id == select(ComplaintChannel.id)
                      .where(ComplaintChannel.code == channel).scalar_subquery())
    cases_stmt = select(func.coalesce(func.sum(CD.received), 0)).where(*conditions)
    holidays_stmt = select(Holiday.day).where(Holiday.day >= start, Holiday.day <= end)
    with engine.connect() as conn:
        cases = int(conn.execute(cases_stmt).scalar_one())
        holidays = set(conn.execute(holidays_stmt).scalars())
    working_days = sum(
        1 for i in range((end - start).days + 1)
        if (day := start + dt.timedelta(days=i)).weekday() < 5 and day not in holidays
    )
    per_day = (float((Decimal(cases) / working_days).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
               if working_days else None)
    return ChannelVolume(cases=cases, working_days=working_days, per_day=per_day)


def channel_received_by_month(*, engine: Engine, scope: Scope, channel: str, start: dt.date, end: dt.date,
                              division: str | None = None) -> pd.DataFrame:
    """Complaints received through `channel` per calendar month (Seoul) of Seoul days start..end.

    Columns: year, month, received. Months without any rollup row of the channel are absent. One
    statement for a series of months (the same sums `channel_volume` gives month by month).
    """
    year = cast(extract("year", CD.day), Integer).label("year")
    month = cast(extract("month", CD.day), Integer).label("month")
    conditions = _rollup_filters(scope, division, start, end)
    conditions.append(CD.channel_id == select(ComplaintChannel.id)
                      .where(ComplaintChannel.code == channel).scalar_subquery())
    stmt = (
        select(year, month, func.coalesce(func.sum(CD.received), 0).label("received"))
        .where(*conditions)
        .group_by(year, month)
        .order_by(year, month)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    return _frame(rows, ["year", "month", "received"], rates=False)


def _open_status(scope: Scope, division: str | None, as_of: dt.date, imminent_days: int):
    """Subquery of complaints open at the end of the as-of day, with their 신호등 status.

    Open = received before the end of the day and either not closed (`closed_at IS NULL`) or closed
    after it: two selects, each of which an index answers (the partial `ix_complaint_open`, the
    range of `ix_complaint_closed_at`), joined by UNION ALL (the two sets cannot overlap). Written
    as one `IS NULL OR >=` condition, SQLite walked `received_at` (or a division's index) through
    the history instead: ~110 ms on the demo's 255 k rows, twice on a cold /complaints.
    """
    as_of_end = seoul_day_start_utc(as_of + dt.timedelta(days=1))
    imminent_end = seoul_day_start_utc(as_of + dt.timedelta(days=imminent_days + 1))
    conditions = [Complaint.received_at < as_of_end]
    code = scope.restrict(division)
    if code is not None:
        # `+ 0`: a division's complaints are found through the closed_at index too (the open ones
        # are a few thousand; a division has up to half of the history). With the bare column
        # SQLite took the division index for both halves, reading the division's every row twice.
        conditions.append(Complaint.division_id + 0 == _division_id(code))
    columns = (Complaint.department_id, Complaint.due_at)
    still_open = select(*columns).where(Complaint.closed_at.is_(None), *conditions)
    closed_later = select(*columns).where(Complaint.closed_at >= as_of_end, *conditions)
    both = union_all(still_open, closed_later).subquery("open_rows")
    status = case(
        (both.c.due_at < as_of_end, "delayed"),
        (both.c.due_at < imminent_end, "imminent"),
        else_="normal",
    ).label("status")
    return select(both.c.department_id, status).subquery("open_complaints")


def open_traffic_light(*, engine: Engine, scope: Scope, as_of: dt.date, division: str | None = None,
                       imminent_days: int = 2) -> pd.DataFrame:
    """민원처리 신호등: complaints open at the end of the as-of day (Seoul), by status.

    Open = received before the end of the as-of day and not closed by then. Status: 'delayed' (지연)
    when the deadline has passed by the end of the as-of day; 'imminent' (임박) when it falls on
    one of the next `imminent_days` days; otherwise 'normal' (정상).
    Columns: status, name_ko, name_en, complaints. All three statuses in display order (zero
    counts included); no open complaint at all gives an empty frame.
    """
    sub = _open_status(scope, division, as_of, imminent_days)
    stmt = select(sub.c.status, func.count().label("complaints")).group_by(sub.c.status)
    with engine.connect() as conn:
        counts = dict(conn.execute(stmt).all())
    columns = ["status", "name_ko", "name_en", "complaints"]
    if not counts:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame([(s, ko, en, int(counts.get(s, 0))) for s, ko, en in STATUSES], columns=columns)


def traffic_light_of(by_department: pd.DataFrame) -> pd.DataFrame:
    """`open_traffic_light`'s frame from `open_by_department`'s (same scope, as-of day, division and
    imminent_days): every open complaint has a department, so the departments' counts are the
    신호등 status by status. A page showing both reads the open complaints once instead of twice.
    """
    columns = ["status", "name_ko", "name_en", "complaints"]
    if by_department.empty:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame([(s, ko, en, int(by_department[s].sum())) for s, ko, en in STATUSES], columns=columns)


def open_by_department(*, engine: Engine, scope: Scope, as_of: dt.date, division: str | None = None,
                       imminent_days: int = 2) -> pd.DataFrame:
    """민원처리 신호등 per department: open complaints at the end of the as-of day by status.

    Same definitions as `open_traffic_light`. Columns: department_id, department_code,
    division_id, division_code, name_ko, name_en, normal, imminent, delayed, total. Departments
    without open complaints are absent.
    """
    sub = _open_status(scope, division, as_of, imminent_days)
    counts = [func.sum(case((sub.c.status == s, 1), else_=0)).label(s) for s, _, _ in STATUSES]
    stmt = (
        select(Department.id.label("department_id"), Department.code.label("department_code"),
               Division.id.label("division_id"), Division.code.label("division_code"),
               Department.name_ko, Department.name_en, *counts, func.count().label("total"))
        .select_from(sub)
        .join(Department, Department.id == sub.c.department_id)
        .join(Division, Division.id == Department.division_id)
        .group_by(Department.id, Department.code, Division.id, Division.code, Department.name_ko,
                  Department.name_en, Division.sort_order)
        .order_by(Division.sort_order, Department.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    return _frame(rows, ["department_id", "department_code", "division_id", "division_code", "name_ko",
                         "name_en", "normal", "imminent", "delayed", "total"], rates=False)
