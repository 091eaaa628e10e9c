"""The deterministic demo dataset that reproduces the office's 2016 report (as of 2016-08-10).

Each dataset module has `load(session, *, as_of) -> rows`. Loading replaces every reporting row
(sign-in tables are left alone) in one transaction, then records one load-log row per dataset.
"""
from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable

from sqlalchemy import Engine, delete

from data_access import models as m
from data_access.db import session_scope
from data_access.status import record_db_rows

DEMO_AS_OF = dt.date(2016, 8, 10)
DEMO_SOURCE = "demo: 2016 주요업무 보고 (2016-09-06)"

# (load-log dataset name, module under loading.demo)
DATASETS: list[tuple[str, str]] = [
    ("org", "org"),
    ("budget", "budget"),
    ("complaints", "complaints"),
    ("hall_visits", "citizen_hall"),
    ("brand_reach", "brand"),
    ("sns_followers", "sns"),
    ("services", "services"),
    ("targets", "targets"),
]

# Children before parents, so deletes never trip a foreign key.
REPORTING_TABLES = [
    m.AlertHistory, m.ComplaintDaily, m.Complaint, m.ComplaintChannel, m.BudgetSnapshot, m.BudgetAnnualTotal,
    m.CitizenHallDay, m.CitizenHallSurvey, m.BrandCampaignReach, m.BrandCampaign,
    m.ForeignChannelDaily, m.ForeignChannel, m.SnsSnapshot, m.SnsChannel, m.ServiceActivity,
    m.KpiTarget, m.LoadLog, m.StaffCount, m.Department, m.Holiday,
]

Progress = Callable[[str, int, int], None]  # (dataset, index, total)


def clear_reporting_data(session) -> None:
    for table in REPORTING_TABLES:
        session.execute(delete(table))
    # budget_item references itself: children first.
    session.execute(delete(m.BudgetItem).where(m.BudgetItem.parent_id.is_not(None)))
    session.execute(delete(m.BudgetItem))
    session.execute(delete(m.Division))


def load_demo(engine: Engine, *, as_of: dt.date = DEMO_AS_OF, progress: Progress | None = None,
              only: list[str] | None = None) -> dict[str, int]:
    """Replace the reporting data with the demo dataset; returns rows written per dataset.

    `only` limits the load to some datasets ('org' is always loaded), for focused tests.
    """
    written: dict[str, int] = {}
    loaded_at = dt.datetime.now(dt.timezone.utc)
    with session_scope(engine) as session:
        clear_reporting_data(session)
        chosen = [(d, mod) for d, mod in DATASETS if only is None or d == "org" or d in only]
        for index, (dataset, module_name) in enumerate(chosen):
            if progress:
                progress(dataset, index, len(chosen))
            module = importlib.import_module(f"loading.demo.{module_name}")
            rows = module.load(session, as_of=as_of)
            session.flush()
            written[dataset] = rows
            session.add(m.LoadLog(dataset=dataset, source=DEMO_SOURCE, rows=rows, rows_inserted=rows,
                                  rows_updated=0, as_of=as_of, loaded_at=loaded_at, loaded_by="load-demo"))
        session.flush()
        for dataset, _module in chosen:  # /data-status's rows in the database, counted once here
            record_db_rows(session.connection(), dataset)
        if progress:
            progress("done", len(chosen), len(chosen))
    from loading.alerts import record_history  # the early-warning history of the new data (its own transaction)

    record_history(engine)
    return written
