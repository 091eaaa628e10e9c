"""The early-warning history (alert_history, written by loading.alerts at each data load).

Scope: a division head sees only their division's rows; the office scope sees every row
(division_code "" is the whole office).
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from data_access.models import AlertHistory
from data_access.scope import Scope

HISTORY_COLUMNS = ["rule_id", "division_code", "severity", "since", "first_seen", "last_seen", "cleared_on",
                   "text_ko", "text_en"]


def alert_history(*, engine: Engine, scope: Scope, limit: int = 200) -> pd.DataFrame:
    """The warnings recorded at data loads, open ones first, then the latest first.

    Columns: rule_id, division_code (None: the office), severity, since, first_seen, last_seen,
    cleared_on (None while open), text_ko, text_en.
    """
    h = AlertHistory
    stmt = (select(h.rule_id, h.division_code, h.severity, h.since, h.first_seen, h.last_seen, h.cleared_on,
                   h.text_ko, h.text_en)
            .order_by(h.cleared_on.is_not(None), h.last_seen.desc(), h.id.desc())
            .limit(int(limit)))
    own = scope.restrict(None)
    if own is not None:
        stmt = stmt.where(h.division_code == own)
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(stmt).mappings().all(), columns=HISTORY_COLUMNS)
    frame["division_code"] = frame["division_code"].map(lambda c: c or None)
    return frame
