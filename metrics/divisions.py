"""Every division figure that has a target, with its status: the per-division readings the
overview's and the PDF's "목표 미달 부서 지표" list shows.

The status is the one rule `metrics.value()` uses (data_access.targets: the division's target row,
falling back to the office's), so a division's figure reads the same here as on its own card.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from data_access import targets as kpi_targets
from data_access.scope import Scope
from metrics.reading import Reader, direct
from metrics.values import MetricValue

# Figures owned by one division: their office-wide value is that division's figure.
OWNED = ("hall_daily_visitors", "hall_satisfaction", "sns_total_followers",
         "foreign_site_daily_visits", "foreign_sns_daily_views")


@dataclass(frozen=True)
class DivisionReading:
    """One division's figure of one metric against its target."""

    division_code: str
    metric_id: str
    value: float
    target: float
    status: str  # 'on_track' | 'watch' | 'off_track'


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def readings(scope: Scope, values: dict[str, MetricValue], by_division: pd.DataFrame,
             delay_by_division: pd.DataFrame) -> list[tuple[str, str, float]]:
    """(division_code, metric_id, value) of every division figure that has a target: execution and
    delay rate per division (from their by-division frames), and the owned figures' values."""
    out = [(r.division_code, "budget_execution_rate", float(r.execution_rate))
           for r in by_division.itertuples() if not _missing(r.execution_rate)]
    out += [(r.division_code, "complaint_delay_rate", float(r.delay_rate))
            for r in delay_by_division.itertuples() if r.due > 0 and not _missing(r.delay_rate)]
    for metric_id in OWNED:
        v = values[metric_id]
        if scope.allows(v.metric.owner) and v.value is not None:
            out.append((v.metric.owner, metric_id, v.value))
    return out


def division_statuses(*, engine: Engine, scope: Scope, as_of: dt.date,
                      readings: list[tuple[str, str, float]], read: Reader | None = None) -> list[DivisionReading]:
    """The status of each reading against its division's target for `as_of`'s year (none without one).
    `read`: as metrics.value's (the shared cache: the target rows the metric values read too)."""
    read = read or direct(engine)
    out = []
    for code, metric_id, value in readings:
        target = read(kpi_targets.target_for, scope=scope, metric=metric_id, year=as_of.year, division=code)
        if target is None:
            continue
        out.append(DivisionReading(division_code=code, metric_id=metric_id, value=value,
                                   target=float(target.target), status=kpi_targets.status(value, target)))
    return out
