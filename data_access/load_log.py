"""One load-log lookup for the upload page: did a given file's import commit after a moment?"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, select

from data_access.models import LoadLog


@dataclass(frozen=True)
class LoggedLoad:
    """A committed load: rows read, rows inserted and updated, and the dataset's as-of date after it."""

    rows: int
    inserted: int
    updated: int
    as_of: dt.date


def load_committed_since(*, engine: Engine, dataset: str, file_hash: str, loaded_by: str,
                         since: dt.datetime) -> LoggedLoad | None:
    """The latest load of `dataset` from the file with SHA-256 `file_hash` by `loaded_by` at or after
    `since` (UTC), or None when no such load committed (an import that rolled back leaves no row)."""
    stmt = (select(LoadLog.rows, LoadLog.rows_inserted, LoadLog.rows_updated, LoadLog.as_of)
            .where(LoadLog.dataset == dataset, LoadLog.file_hash == file_hash, LoadLog.loaded_by == loaded_by,
                   LoadLog.loaded_at >= since)
            .order_by(LoadLog.id.desc()).limit(1))
    with engine.connect() as conn:
        row = conn.execute(stmt).first()
    if row is None:
        return None
    return LoggedLoad(rows=row.rows, inserted=row.rows_inserted, updated=row.rows_updated, as_of=row.as_of)
