"""Dataset status: the as-of dates (기준일) that every panel shows come from the load log."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, func, select, update

from data_access.models import (
    BrandCampaignReach,
    BudgetSnapshot,
    CitizenHallDay,
    Complaint,
    ForeignChannelDaily,
    Department,
    Division,
    KpiTarget,
    LoadLog,
    ServiceActivity,
    SnsSnapshot,
    StaffCount,
)

ACTIVE = LoadLog.reverted_at.is_(None)  # a reverted load no longer counts

# The tables holding each dataset's rows (for the importable ones, one row of an import file = one
# row of these; org and services are loaded by the demo only).
DATASET_TABLES = {
    "org": (Division, Department, StaffCount), "services": (ServiceActivity,),
    "budget": (BudgetSnapshot,), "complaints": (Complaint,), "hall_visits": (CitizenHallDay,),
    "brand_reach": (BrandCampaignReach, ForeignChannelDaily), "sns_followers": (SnsSnapshot,),
    "targets": (KpiTarget,),
}


def latest_as_of(*, engine: Engine) -> dt.date | None:
    """The current period's date: the latest as-of date in the load log (None if nothing loaded)."""
    with engine.connect() as conn:
        return conn.execute(select(func.max(LoadLog.as_of)).where(ACTIVE)).scalar_one_or_none()


def dataset_as_of(*, engine: Engine, dataset: str) -> dt.date | None:
    """The latest as-of date of one dataset."""
    with engine.connect() as conn:
        return conn.execute(select(func.max(LoadLog.as_of)).where(LoadLog.dataset == dataset, ACTIVE)
                            ).scalar_one_or_none()


def count_rows(conn: Connection, dataset: str) -> int:
    """The rows of a dataset's tables in the database now (an exact count)."""
    return sum(conn.execute(select(func.count()).select_from(model)).scalar_one() for model in DATASET_TABLES[dataset])


def record_db_rows(conn: Connection, dataset: str) -> int | None:
    """Count the dataset's rows and store the count on its load in force (the latest not reverted),
    in the caller's transaction: every loader calls this after writing a dataset's tables (import,
    revert, load-demo, gen-scale), so /data-status reads the count instead of counting 10 M rows.
    Returns the count (None when no load of the dataset is in force: nothing to show it on)."""
    latest = conn.execute(select(func.max(LoadLog.id)).where(LoadLog.dataset == dataset, ACTIVE)).scalar_one_or_none()
    if latest is None:
        return None
    rows = count_rows(conn, dataset)
    conn.execute(update(LoadLog).where(LoadLog.id == latest).values(db_rows=rows))
    return rows


def dataset_status(*, engine: Engine) -> pd.DataFrame:
    """One row per dataset: its latest as-of date, the rows in the database now, the rows of its last
    load (loads still in force), source and load time.

    The rows in the database are the count its loader recorded when it committed (record_db_rows);
    a load without one (before the column existed) is counted here.

    Columns: dataset, as_of, db_rows, rows, source, loaded_at, loaded_by, loads.
    """
    latest = (
        select(LoadLog.dataset, func.max(LoadLog.id).label("last_id"), func.count().label("loads"),
               func.max(LoadLog.as_of).label("as_of"))
        .where(ACTIVE)
        .group_by(LoadLog.dataset)
        .subquery()
    )
    stmt = (
        select(LoadLog.dataset, latest.c.as_of, LoadLog.db_rows, LoadLog.rows, LoadLog.source, LoadLog.loaded_at,
               LoadLog.loaded_by, latest.c.loads)
        .join(latest, LoadLog.id == latest.c.last_id)
        .order_by(LoadLog.dataset)
    )
    columns = ["dataset", "as_of", "db_rows", "rows", "source", "loaded_at", "loaded_by", "loads"]
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(stmt).mappings().all(), columns=columns)
        uncounted = [d for d, n in zip(frame["dataset"], frame["db_rows"], strict=True)
                     if (n is None or pd.isna(n)) and d in DATASET_TABLES]
        counts = {d: count_rows(conn, d) for d in uncounted}
    frame["db_rows"] = [counts.get(d, n) for d, n in zip(frame["dataset"], frame["db_rows"], strict=True)]
    frame["db_rows"] = frame["db_rows"].astype("Int64")
    return frame
