"""The load history: every load (who, when, file, sha256, counts, as-of before -> after, reverted by whom)."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from data_access.models import LoadLog

HISTORY_COLUMNS = ["id", "dataset", "source", "file_hash", "rows", "rows_inserted", "rows_updated",
                   "previous_as_of", "as_of", "loaded_at", "loaded_by", "revertible", "reverted_at", "reverted_by"]


def load_history(*, engine: Engine, limit: int = 500) -> pd.DataFrame:
    """The latest `limit` loads, newest first, with HISTORY_COLUMNS."""
    stmt = select(*(LoadLog.__table__.c[c] for c in HISTORY_COLUMNS)).order_by(LoadLog.id.desc()).limit(limit)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all(), columns=HISTORY_COLUMNS)
