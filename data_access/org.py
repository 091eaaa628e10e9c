"""Organisation queries: the divisions a scope may see, and their staff (정원/현원)."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, func, select

from data_access.models import Division, StaffCount
from data_access.scope import Scope

DIVISION_COLUMNS = ["division_code", "name_ko", "name_en"]
STAFF_COLUMNS = ["division_code", "as_of", "job_group", "grade", "quota", "current"]


def divisions(*, engine: Engine, scope: Scope) -> pd.DataFrame:
    """The divisions the scope may see, in the report's order. Columns: division_code, name_ko, name_en."""
    stmt = select(Division.code.label("division_code"), Division.name_ko, Division.name_en).order_by(Division.sort_order)
    own = scope.restrict(None)
    if own is not None:
        stmt = stmt.where(Division.code == own)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=DIVISION_COLUMNS)


def staff(*, engine: Engine, scope: Scope, division: str | None = None) -> pd.DataFrame:
    """정원 (quota) and 현원 (current staff) by job group and grade at the latest date.

    Columns: division_code, as_of, job_group, grade, quota, current (one row per division × grade).
    """
    division = scope.restrict(division)
    latest = select(func.max(StaffCount.as_of)).scalar_subquery()
    stmt = (select(Division.code.label("division_code"), StaffCount.as_of, StaffCount.job_group, StaffCount.grade,
                   StaffCount.quota, StaffCount.current)
            .join(Division, Division.id == StaffCount.division_id)
            .where(StaffCount.as_of == latest)
            .order_by(Division.sort_order, StaffCount.id))
    if division is not None:
        stmt = stmt.where(Division.code == division)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=STAFF_COLUMNS)
