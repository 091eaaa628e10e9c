"""Dataset status: the as-of dates (기준일) that every panel shows come from the load log."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, func, select

from data_access.models import LoadLog


def latest_as_of(*, engine: Engine) -> dt.date | None:
    """The current period's date: the latest as-of date in the load log (None if nothing loaded)."""
    with engine.connect() as conn:
        return conn.execute(select(func.max(LoadLog.as_of))).scalar_one_or_none()


def dataset_as_of(*, engine: Engine, dataset: str) -> dt.date | None:
    """The latest as-of date of one dataset."""
    with engine.connect() as conn:
        return conn.execute(select(func.max(LoadLog.as_of)).where(LoadLog.dataset == dataset)).scalar_one_or_none()


def dataset_status(*, engine: Engine) -> pd.DataFrame:
    """One row per dataset: its latest as-of date, the rows of its last load, source and load time.

    Columns: dataset, as_of, rows, source, loaded_at, loaded_by, loads.
    """
    latest = (
        select(LoadLog.dataset, func.max(LoadLog.id).label("last_id"), func.count().label("loads"))
        .group_by(LoadLog.dataset)
        .subquery()
    )
    stmt = (
        select(LoadLog.dataset, LoadLog.as_of, LoadLog.rows, LoadLog.source, LoadLog.loaded_at,
               LoadLog.loaded_by, latest.c.loads)
        .join(latest, LoadLog.id == latest.c.last_id)
        .order_by(LoadLog.dataset)
    )
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(stmt).mappings().all(),
                            columns=["dataset", "as_of", "rows", "source", "loaded_at", "loaded_by", "loads"])
