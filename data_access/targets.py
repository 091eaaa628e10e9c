"""KPI targets: the target row for a metric, and the on-track / watch / off-track status of a value.

Targets are per metric and year, for the office (division_code "") or a division; a division
without its own row falls back to the office row. Default values come from config/targets.py.
Targets are not confidential, but division scope still applies: a division head asking for
another division gets ScopeError (from Scope.restrict), and `target_table` shows them only the
office rows and their own.
"""
from __future__ import annotations

import math
from typing import Literal, Protocol

import pandas as pd
from sqlalchemy import Engine, Float, cast, or_, select

from config.targets import METRICS, OFFICE, TargetRow
from data_access.models import KpiTarget
from data_access.scope import Scope

Status = Literal["on_track", "watch", "off_track"]
TABLE_COLUMNS = ["metric", "metric_name_ko", "metric_name_en", "unit", "division_code", "year", "target",
                 "direction", "tolerance"]

_T = KpiTarget


class TargetLike(Protocol):
    target: float
    direction: str
    tolerance: float


def _row(record) -> TargetRow:
    return TargetRow(metric=record.metric, year=record.year, target=float(record.target),
                     direction=record.direction, tolerance=float(record.tolerance),
                     division_code=record.division_code)


def target_for(*, engine: Engine, scope: Scope, metric: str, year: int,
               division: str | None = None) -> TargetRow | None:
    """The target of `metric` in `year` for `division` (None: the scope's own, i.e. the office for
    an office scope), falling back to the office row; None when neither exists.
    """
    wanted = scope.restrict(division)
    codes = [OFFICE] if wanted is None else [wanted, OFFICE]
    stmt = select(_T.metric, _T.year, _T.target, _T.direction, _T.tolerance, _T.division_code) \
        .where(_T.metric == metric, _T.year == year, _T.division_code.in_(codes))
    with engine.connect() as conn:
        rows = {r.division_code: r for r in conn.execute(stmt)}
    for code in codes:
        if code in rows:
            return _row(rows[code])
    return None


def target_table(*, engine: Engine, scope: Scope, year: int | None = None) -> pd.DataFrame:
    """Every target row the scope may see (office rows plus its division's), by metric, year, division.

    Columns: metric, metric_name_ko, metric_name_en, unit, division_code ("" = office), year,
    target, direction, tolerance.
    """
    own = scope.restrict(None)
    stmt = select(_T.metric, _T.division_code, _T.year, cast(_T.target, Float).label("target"), _T.direction,
                  cast(_T.tolerance, Float).label("tolerance")) \
        .order_by(_T.metric, _T.year, _T.division_code)
    if own is not None:
        stmt = stmt.where(or_(_T.division_code == OFFICE, _T.division_code == own))
    if year is not None:
        stmt = stmt.where(_T.year == year)
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(stmt).mappings().all(),
                             columns=["metric", "division_code", "year", "target", "direction", "tolerance"])
    info = [METRICS.get(m) for m in frame["metric"]]
    frame["metric_name_ko"] = [i.name_ko if i else None for i in info]
    frame["metric_name_en"] = [i.name_en if i else None for i in info]
    frame["unit"] = [i.unit if i else None for i in info]
    return frame[TABLE_COLUMNS]


def status(value: float, target_row: TargetLike) -> Status:
    """'on_track' when the value meets the target, 'watch' within the tolerance short of it,
    otherwise 'off_track'. Direction 'higher': value ≥ target is on track; 'lower': value ≤ target.
    Raises ValueError for a missing (None/NaN) value or an unknown direction.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError("no value to compare with the target")
    target, tolerance = float(target_row.target), abs(float(target_row.tolerance))
    value = float(value)
    if target_row.direction == "higher":
        shortfall = target - value
    elif target_row.direction == "lower":
        shortfall = value - target
    else:
        raise ValueError(f"unknown direction {target_row.direction!r}")
    if shortfall <= 0:
        return "on_track"
    if shortfall <= tolerance:
        return "watch"
    return "off_track"
