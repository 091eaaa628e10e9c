"""The default KPI targets: what "on track" means for each metric, per year (and division).

This is the one place the default target values live; the demo loader inserts these rows into
kpi_target, and an administrator may edit the table afterwards.

Status bands (see data_access.targets.status): for a metric where higher is better a value at or
above `target` is on track, within `tolerance` below it is "watch", lower is off track; for a
metric where lower is better the bands mirror. division_code "" is the whole office (시민소통기획관);
a division without its own row falls back to the office row.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

Direction = Literal["higher", "lower"]

OFFICE = ""
DIVISION_CODES = ("civic", "brand", "service", "newmedia", "rapid")


@dataclass(frozen=True)
class MetricInfo:
    code: str
    name_ko: str
    name_en: str
    unit: str  # '%', '명', '건'
    direction: Direction
    definition: str


@dataclass(frozen=True)
class TargetRow:
    metric: str
    year: int
    target: float
    direction: Direction
    tolerance: float
    division_code: str = OFFICE


METRICS: dict[str, MetricInfo] = {m.code: m for m in (
    MetricInfo("budget_execution_rate", "예산 집행률", "Budget execution rate", "%", "higher",
               "집행액 / 예산현액 × 100 at the as-of date; the target is the rate expected at the "
               "report's checkpoint (early August, ≈ 60% of the year gone), as in 신속집행 targets"),
    MetricInfo("complaint_delay_rate", "민원처리지연율", "Complaint delay rate", "%", "lower",
               "complaints delayed past their deadline / complaints due, × 100, for the year to date"),
    MetricInfo("hall_daily_visitors", "시민청 일평균 방문객", "Citizen Hall visitors per day", "명", "higher",
               "this year's 시민청 visitors to the as-of date / this year's open days"),
    MetricInfo("hall_satisfaction", "시민청 시민만족도", "Citizen Hall satisfaction", "%", "higher",
               "percent satisfied in the latest 시민청 survey"),
    MetricInfo("sns_total_followers", "SNS 친구 수", "SNS followers", "명", "higher",
               "followers of the city's SNS and blog channels (the report's SNS table) at the as-of date"),
    MetricInfo("foreign_site_daily_visits", "외국어 홈페이지 일평균 방문수", "Foreign-language site visits per day",
               "명", "higher", "visits to the 6 foreign-language sites this year / calendar days to the as-of date"),
    MetricInfo("foreign_sns_daily_views", "외국어 SNS 일평균 조회수", "Foreign-language SNS views per day",
               "건", "higher",
               "views of the 11 foreign-language SNS channels this year / calendar days to the as-of date"),
)}


def _rows(metric: str, year: int, target: float, tolerance: float,
          divisions: tuple[str, ...] = ()) -> list[TargetRow]:
    """An office row plus the same target for each listed division."""
    direction = METRICS[metric].direction
    return [TargetRow(metric, year, target, direction, tolerance, code) for code in (OFFICE, *divisions)]


DEFAULT_TARGETS: tuple[TargetRow, ...] = tuple(
    _rows("budget_execution_rate", 2015, 55.0, 5.0, DIVISION_CODES)
    + _rows("budget_execution_rate", 2016, 55.0, 5.0, DIVISION_CODES)
    + _rows("complaint_delay_rate", 2015, 6.5, 0.5, DIVISION_CODES)
    + _rows("complaint_delay_rate", 2016, 6.0, 0.5, DIVISION_CODES)
    + _rows("hall_daily_visitors", 2015, 5_000, 300)
    + _rows("hall_daily_visitors", 2016, 5_200, 300)
    + _rows("hall_satisfaction", 2015, 93.0, 2.0)
    + _rows("hall_satisfaction", 2016, 95.0, 2.0)
    + _rows("sns_total_followers", 2015, 1_150_000, 50_000)
    + _rows("sns_total_followers", 2016, 1_300_000, 50_000)
    + _rows("foreign_site_daily_visits", 2015, 7_000, 700)
    + _rows("foreign_site_daily_visits", 2016, 8_000, 800)
    + _rows("foreign_sns_daily_views", 2015, 90_000, 9_000)
    + _rows("foreign_sns_daily_views", 2016, 110_000, 11_000)
)


# Monthly budget-execution target curve: the cumulative 집행률 (% of 예산현액) expected at each month's
# end, as 신속집행 plans set it (front-loaded in the first half). Between month ends the target is
# interpolated by day. The budget page draws it and lists programmes below it as lagging.
EXECUTION_TARGET_CURVE: tuple[float, ...] = (5.0, 11.0, 19.0, 27.0, 35.0, 45.0, 51.0, 57.0, 65.0, 74.0, 84.0, 100.0)


def execution_target_curve(year: int) -> list[tuple[dt.date, float]]:
    """(month end, cumulative target %) for each month of `year`, starting at 0% on 1 January."""
    points = [(dt.date(year, 1, 1), 0.0)]
    for month, target in enumerate(EXECUTION_TARGET_CURVE, start=1):
        points.append((dt.date(year, month, calendar.monthrange(year, month)[1]), target))
    return points


def execution_target_on(day: dt.date) -> float:
    """The cumulative execution target on a day, interpolated linearly between month ends."""
    points = execution_target_curve(day.year)
    for (d0, v0), (d1, v1) in zip(points, points[1:]):
        if d0 <= day <= d1:
            return v0 + (v1 - v0) * (day - d0).days / (d1 - d0).days
    return points[-1][1]
