"""KPI targets demo rows: exactly config.targets.DEFAULT_TARGETS (the one place their values live)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import insert
from sqlalchemy.orm import Session

from config.targets import DEFAULT_TARGETS
from data_access.models import KpiTarget


def load(session: Session, *, as_of: dt.date) -> int:
    """Insert the default targets (all years; they do not depend on the as-of date)."""
    rows = [
        {"metric": t.metric, "division_code": t.division_code, "year": t.year,
         "target": Decimal(str(t.target)), "direction": t.direction, "tolerance": Decimal(str(t.tolerance))}
        for t in DEFAULT_TARGETS
    ]
    session.execute(insert(KpiTarget), rows)
    return len(rows)
