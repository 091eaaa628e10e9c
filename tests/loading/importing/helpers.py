"""Helpers of the importing tests: CSV bytes, valid complaint rows, exports as bytes and rows."""
from __future__ import annotations

import csv
import datetime as dt
import io

from sqlalchemy import delete, func, select

from data_access import models as m
from loading.importing import export_dataset
from loading.importing.specs import SPECS

D = dt.date


SAMPLE_DAY = D(2016, 8, 1)


def complaint_lines(prefix: str, n: int, day: dt.date = SAMPLE_DAY) -> list[list[str]]:
    """n valid complaint rows received on `day` (Seoul), every third still open."""
    rows = []
    for i in range(n):
        received = dt.datetime.combine(day, dt.time(9, i % 60))
        closed = "" if i % 3 == 0 else (received + dt.timedelta(days=i % 9, hours=2)).isoformat() + "+09:00"
        rows.append([f"{prefix}{i:05d}", received.isoformat() + "+09:00",
                     (received + dt.timedelta(days=7)).isoformat() + "+09:00", closed,
                     ["eungdapso", "call120", "visit"][i % 3], ["service_eungdap", "civic_hall", "rapid_admin"][i % 3]])
    return rows


def export_to(engine, dataset: str, path):
    export_dataset(engine, dataset, path)
    return path


def export_bytes(engine, dataset: str, tmp_path) -> bytes:
    path = tmp_path / f"snapshot_{dataset}.csv"
    export_dataset(engine, dataset, path)
    return path.read_bytes()


def csv_bytes(dataset: str | None, rows: list[list[str]], header: list[str] | None = None,
              encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header if header is not None else SPECS[dataset].names)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def exported_rows(engine, dataset: str, tmp_path) -> list[list[str]]:
    text_ = export_bytes(engine, dataset, tmp_path).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text_)))[1:]


def load_log_count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(m.LoadLog)).scalar_one()


def daily_rows(conn) -> list[tuple]:
    d = m.ComplaintDaily.__table__
    return sorted(tuple(r) for r in conn.execute(select(d.c.day, d.c.department_id, d.c.channel_id, d.c.received,
                                                          d.c.due, d.c.delayed, d.c.closed)))


DATASET_TABLES = {
    "budget": [m.BudgetSnapshot], "complaints": [m.ComplaintDaily, m.Complaint], "hall_visits": [m.CitizenHallDay],
    "brand_reach": [m.BrandCampaignReach, m.ForeignChannelDaily], "sns_followers": [m.SnsSnapshot],
    "targets": [m.KpiTarget],
}


def clear(engine, dataset: str) -> None:
    """Delete a dataset's rows (and its load-log entries) so an import starts from nothing."""
    with engine.begin() as conn:
        for model in DATASET_TABLES[dataset]:
            conn.execute(delete(model))
        if dataset == "budget":
            conn.execute(delete(m.BudgetItem).where(m.BudgetItem.parent_id.is_not(None)))
            conn.execute(delete(m.BudgetItem))
        conn.execute(delete(m.LoadLog).where(m.LoadLog.dataset == dataset))
