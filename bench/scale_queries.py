"""Time every page's data queries against a database (e.g. 10 M complaints from `manage.py gen-scale`).

`time_page_queries(database_url)` calls the `data_access` functions exactly as the pages do (same
arguments, at the database's current as-of date), for every value of the pages' filters: the
complaints page for both years and every division, the budget page for the latest and an older
snapshot and every division, the division page for every division, the hall page for every year,
the brand page for both years, the SNS page for every growth window, plus the overview and the
data-status page. It bypasses the Streamlit cache (the functions are called directly) and runs
each call once on a fresh engine, so every figure is a first ("cold") call; PostgreSQL's own
buffers are not cleared. A call may run several SQL statements (the budget table runs four): the
time is what the page waits for, in milliseconds, including building the DataFrame.

Returns [(query, ms), ...] in page order. `python -m bench.scale_queries [DATABASE_URL]` prints them
with the slowest first. The call list mirrors pages/*.py and ui/division_figures.py; keep it in step.
"""
from __future__ import annotations

import datetime as dt
import gc
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, text

from config.targets import execution_target_on
from data_access import brand, budget, citizen_hall, complaints, org, services, sns, targets
from data_access.db import make_engine
from data_access.scope import Scope
from data_access.status import dataset_status, latest_as_of

OFFICE = Scope.office()
HALL_OPENING = dt.date(2013, 1, 12)
COMPLAINT_IMMINENT_DAYS = 2
SNS_MAIN_KINDS = ("sns", "blog")
SNS_WINDOWS = (7, 30, 90, 365)

Call = tuple[str, Callable[[Engine], Any]]


def _fmt(**params: Any) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items() if v is not None)


def _complaint_calls(as_of: dt.date, division_codes: list[str]) -> list[Call]:
    calls: list[Call] = []
    for year in (as_of.year, as_of.year - 1):
        start = dt.date(year, 1, 1)
        end = min(dt.date(year, 12, 31), as_of)
        eung_end = dt.date(as_of.year, as_of.month, 1) - dt.timedelta(days=1)
        for division in [None, *division_codes]:
            tag = _fmt(year=year, division=division)
            d = division

            def add(name: str, fn: Callable[[Engine], Any]) -> None:
                calls.append((f"complaints.{name}({tag})", fn))

            add("delay_rate", lambda e, s=start, t=end, d=d: complaints.delay_rate(
                engine=e, scope=OFFICE, start=s, end=t, division=d))
            add("delay_rate[previous year]", lambda e, y=year, d=d: complaints.delay_rate(
                engine=e, scope=OFFICE, start=dt.date(y - 1, 1, 1), end=dt.date(y - 1, 12, 31), division=d))
            add("target_for", lambda e, y=year, d=d: targets.target_for(
                engine=e, scope=OFFICE, metric="complaint_delay_rate", year=y, division=d))
            add("delay_rate_by_month", lambda e, y=year, t=end, d=d: complaints.delay_rate_by_month(
                engine=e, scope=OFFICE, start=dt.date(y - 1, 1, 1), end=t, division=d))
            if d is None:
                add("delay_by_division", lambda e, s=start, t=end: complaints.delay_by_division(
                    engine=e, scope=OFFICE, start=s, end=t))
            add("delay_by_department", lambda e, s=start, t=end, d=d: complaints.delay_by_department(
                engine=e, scope=OFFICE, start=s, end=t, division=d))
            add("delay_by_channel", lambda e, s=start, t=end, d=d: complaints.delay_by_channel(
                engine=e, scope=OFFICE, start=s, end=t, division=d))
            add("daily_volume", lambda e, s=start, t=end, d=d: complaints.daily_volume(
                engine=e, scope=OFFICE, start=s, end=t, division=d))
            if year == as_of.year:  # these do not depend on the year filter
                add("channel_volume[eungdapso]", lambda e, t=eung_end, d=d: complaints.channel_volume(
                    engine=e, scope=OFFICE, channel="eungdapso", start=dt.date(t.year, 1, 1), end=t, division=d))
                add("open_traffic_light", lambda e, d=d: complaints.open_traffic_light(
                    engine=e, scope=OFFICE, as_of=as_of, division=d, imminent_days=COMPLAINT_IMMINENT_DAYS))
                add("open_by_department", lambda e, d=d: complaints.open_by_department(
                    engine=e, scope=OFFICE, as_of=as_of, division=d, imminent_days=COMPLAINT_IMMINENT_DAYS))
    return calls


def _budget_calls(engine: Engine, as_of: dt.date, division_codes: list[str]) -> list[Call]:
    dates = budget.budget_snapshot_dates(engine=engine, scope=OFFICE, as_of=as_of)
    snapshots = [dates[-1], dates[0]] if len(dates) > 1 else dates or [as_of]
    calls: list[Call] = [("budget.budget_snapshot_dates()", lambda e: budget.budget_snapshot_dates(
        engine=e, scope=OFFICE, as_of=as_of))]
    for snapshot in snapshots:
        earlier = [d for d in dates if d < snapshot]
        for division in [None, *division_codes]:
            tag, d, s = _fmt(snapshot=snapshot, division=division), division, snapshot

            def add(name: str, fn: Callable[[Engine], Any]) -> None:
                calls.append((f"budget.{name}({tag})", fn))

            add("office_execution", lambda e, s=s, d=d: budget.office_execution(engine=e, scope=OFFICE, as_of=s,
                                                                                division=d))
            if earlier:
                add("office_execution[previous snapshot]", lambda e, p=earlier[-1], d=d: budget.office_execution(
                    engine=e, scope=OFFICE, as_of=p, division=d))
            add("target_for", lambda e, s=s, d=d: targets.target_for(
                engine=e, scope=OFFICE, metric="budget_execution_rate", year=s.year, division=d))
            add("budget_table", lambda e, s=s, d=d: budget.budget_table(engine=e, scope=OFFICE, as_of=s, division=d))
            add("execution_by_division", lambda e, s=s, d=d: budget.execution_by_division(
                engine=e, scope=OFFICE, as_of=s, division=d))
            add("execution_trend", lambda e, s=s, d=d: budget.execution_trend(engine=e, scope=OFFICE, as_of=s,
                                                                              division=d))
            add("lagging_programmes", lambda e, s=s, d=d: budget.lagging_programmes(
                engine=e, scope=OFFICE, as_of=s, below_rate=execution_target_on(s), limit=10, division=d))
            add("composition", lambda e, s=s, d=d: budget.composition(engine=e, scope=OFFICE, as_of=s, division=d))
    return calls


def _division_calls(as_of: dt.date, division_codes: list[str]) -> list[Call]:
    calls: list[Call] = [("divisions.org.divisions()", lambda e: org.divisions(engine=e, scope=OFFICE))]
    month_end = dt.date(as_of.year, as_of.month, 1) - dt.timedelta(days=1)
    figure_calls: dict[str, list[Call]] = {
        "civic": [("hall_summary", lambda e: citizen_hall.hall_summary(engine=e, scope=OFFICE, as_of=as_of))],
        "brand": [("foreign_totals", lambda e: brand.foreign_totals(engine=e, scope=OFFICE,
                                                                   start=dt.date(as_of.year, 1, 1), end=as_of)),
                  ("campaign_reach_by_kind", lambda e: brand.campaign_reach_by_kind(
                      engine=e, scope=OFFICE, start=dt.date(as_of.year, 1, 1), end=as_of))],
        "service": [("delay_rate", lambda e: complaints.delay_rate(engine=e, scope=OFFICE,
                                                                   start=dt.date(as_of.year, 1, 1), end=as_of)),
                    ("channel_volume", lambda e: complaints.channel_volume(
                        engine=e, scope=OFFICE, channel="eungdapso", start=dt.date(month_end.year, 1, 1),
                        end=month_end))],
        "newmedia": [("sns_latest", lambda e: sns.sns_latest(engine=e, scope=OFFICE, as_of=as_of,
                                                             kinds=("sns", "blog", "messenger")))],
        "rapid": [("service_totals", lambda e: services.service_totals(engine=e, scope=OFFICE, as_of=as_of))],
    }
    for division in division_codes:
        d = division
        calls += [
            (f"divisions.office_execution(division={d})", lambda e, d=d: budget.office_execution(
                engine=e, scope=OFFICE, as_of=as_of, division=d)),
            (f"divisions.budget_table(division={d})", lambda e, d=d: budget.budget_table(
                engine=e, scope=OFFICE, as_of=as_of, division=d)),
            (f"divisions.org.staff(division={d})", lambda e, d=d: org.staff(engine=e, scope=OFFICE, division=d)),
        ]
        calls += [(f"divisions.figures.{name}(division={d})", fn) for name, fn in figure_calls.get(d, [])]
    return calls


def _hall_calls(as_of: dt.date) -> list[Call]:
    calls: list[Call] = [
        ("hall.hall_summary()", lambda e: citizen_hall.hall_summary(engine=e, scope=OFFICE, as_of=as_of)),
        ("hall.hall_summary[a year earlier]", lambda e: citizen_hall.hall_summary(
            engine=e, scope=OFFICE, as_of=dt.date(as_of.year - 1, as_of.month, min(as_of.day, 28)))),
        ("hall.hall_cumulative()", lambda e: citizen_hall.hall_cumulative(engine=e, scope=OFFICE,
                                                                          start=HALL_OPENING, end=as_of)),
        ("hall.hall_weekday_month()", lambda e: citizen_hall.hall_weekday_month(engine=e, scope=OFFICE,
                                                                                start=HALL_OPENING, end=as_of)),
    ]
    for year in range(as_of.year, HALL_OPENING.year - 1, -1):
        start, end = max(dt.date(year, 1, 1), HALL_OPENING), min(dt.date(year, 12, 31), as_of)
        calls += [
            (f"hall.hall_monthly(year={year})", lambda e, s=start, t=end: citizen_hall.hall_monthly(
                engine=e, scope=OFFICE, start=s, end=t)),
            (f"hall.hall_daily(year={year})", lambda e, s=start, t=end: citizen_hall.hall_daily(
                engine=e, scope=OFFICE, start=s, end=t)),
        ]
    return calls


def _brand_calls(as_of: dt.date) -> list[Call]:
    calls: list[Call] = []
    for year in (as_of.year, as_of.year - 1):
        s, t = dt.date(year, 1, 1), min(dt.date(year, 12, 31), as_of)
        for name in ("campaign_reach", "campaign_reach_by_kind", "foreign_reach", "foreign_totals",
                     "campaign_reach_over_time", "foreign_reach_over_time"):
            fn = getattr(brand, name)
            calls.append((f"brand.{name}(year={year})", lambda e, fn=fn, s=s, t=t: fn(engine=e, scope=OFFICE,
                                                                                     start=s, end=t)))
    return calls


def _sns_calls(engine: Engine, as_of: dt.date) -> list[Call]:
    # the page asks for the history of the channels of its table (sns_latest with the main kinds)
    codes = tuple(sns.sns_latest(engine=engine, scope=OFFICE, as_of=as_of, kinds=SNS_MAIN_KINDS)["code"])
    calls: list[Call] = [
        ("sns.sns_latest(kinds=sns,blog)", lambda e: sns.sns_latest(engine=e, scope=OFFICE, as_of=as_of,
                                                                    kinds=SNS_MAIN_KINDS)),
        ("sns.sns_latest(kinds=messenger)", lambda e: sns.sns_latest(engine=e, scope=OFFICE, as_of=as_of,
                                                                     kinds=("messenger",))),
        ("sns.sns_followers_over_time(channels of kinds=sns,blog)", lambda e: sns.sns_followers_over_time(
            engine=e, scope=OFFICE, start=dt.date(as_of.year - 1, 1, 1), end=as_of, channels=codes)),
        ("sns.target_for()", lambda e: targets.target_for(engine=e, scope=OFFICE, metric="sns_total_followers",
                                                          year=as_of.year)),
    ]
    calls += [(f"sns.sns_growth(days={days})", lambda e, n=days: sns.sns_growth(
        engine=e, scope=OFFICE, as_of=as_of, days=n, kinds=SNS_MAIN_KINDS)) for days in SNS_WINDOWS]
    return calls


def _overview_calls(engine: Engine, as_of: dt.date) -> list[Call]:
    dates = budget.budget_snapshot_dates(engine=engine, scope=OFFICE, as_of=as_of)
    year_start = dt.date(as_of.year, 1, 1)
    calls: list[Call] = [
        ("overview.budget_snapshot_dates()", lambda e: budget.budget_snapshot_dates(engine=e, scope=OFFICE,
                                                                                     as_of=as_of)),
        ("overview.office_execution()", lambda e: budget.office_execution(engine=e, scope=OFFICE, as_of=as_of)),
        ("overview.delay_rate()", lambda e: complaints.delay_rate(engine=e, scope=OFFICE, start=year_start,
                                                                  end=as_of)),
        ("overview.delay_rate[last year]", lambda e: complaints.delay_rate(
            engine=e, scope=OFFICE, start=dt.date(as_of.year - 1, 1, 1), end=dt.date(as_of.year - 1, 12, 31))),
        ("overview.hall_summary()", lambda e: citizen_hall.hall_summary(engine=e, scope=OFFICE, as_of=as_of)),
        ("overview.campaign_reach_by_kind()", lambda e: brand.campaign_reach_by_kind(
            engine=e, scope=OFFICE, start=year_start, end=as_of)),
        ("overview.foreign_totals()", lambda e: brand.foreign_totals(engine=e, scope=OFFICE, start=year_start,
                                                                     end=as_of)),
        ("overview.sns_latest(kinds=sns,blog)", lambda e: sns.sns_latest(engine=e, scope=OFFICE, as_of=as_of,
                                                                         kinds=("sns", "blog"))),
        ("overview.execution_by_division()", lambda e: budget.execution_by_division(engine=e, scope=OFFICE,
                                                                                    as_of=as_of)),
        ("overview.org.staff()", lambda e: org.staff(engine=e, scope=OFFICE)),
    ]
    if len(dates) > 1:
        calls.append(("overview.office_execution[previous snapshot]", lambda e: budget.office_execution(
            engine=e, scope=OFFICE, as_of=dates[-2])))
    for metric in ("budget_execution_rate", "complaint_delay_rate"):
        calls.append((f"overview.target_for({metric})", lambda e, m=metric: targets.target_for(
            engine=e, scope=OFFICE, metric=m, year=as_of.year)))
    return calls


def page_calls(engine: Engine, as_of: dt.date) -> list[Call]:
    """Every (name, call) the pages make at `as_of`, over all values of their filters."""
    division_codes = list(org.divisions(engine=engine, scope=OFFICE)["division_code"])
    return [
        ("status.latest_as_of()", lambda e: latest_as_of(engine=e)),
        *_overview_calls(engine, as_of),
        *_complaint_calls(as_of, division_codes),
        *_budget_calls(engine, as_of, division_codes),
        *_division_calls(as_of, division_codes),
        *_hall_calls(as_of),
        *_brand_calls(as_of),
        *_sns_calls(engine, as_of),
        ("data_status.dataset_status()", lambda e: dataset_status(engine=e)),
    ]


def time_page_queries(database_url: str, *, as_of: dt.date | None = None) -> list[tuple[str, float]]:
    """(query, ms) for every page query, each called once on a fresh engine (no Streamlit cache)."""
    setup = make_engine(database_url)
    try:
        as_of = as_of or latest_as_of(engine=setup)
        if as_of is None:
            raise ValueError("the database has no load log: load data first")
        calls = page_calls(setup, as_of)
    finally:
        setup.dispose()
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:  # open the pooled connection outside the timings
            conn.execute(text("SELECT 1"))
        # As the server does after its warm-up (server.lifespan.warm_up): the start-up heap is frozen, so
        # a full collection does not walk it and land its pause on whichever query crosses the threshold.
        gc.collect()
        gc.freeze()
        rows: list[tuple[str, float]] = []
        for name, call in calls:
            started = time.perf_counter()
            call(engine)
            rows.append((name, (time.perf_counter() - started) * 1000.0))
        return rows
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    url = argv[0] if argv else os.environ.get("DATABASE_URL")
    if not url:
        print("usage: python -m bench.scale_queries DATABASE_URL", file=sys.stderr)
        return 2
    rows = time_page_queries(url)
    for name, ms in sorted(rows, key=lambda r: -r[1]):
        print(f"{ms:9.1f} ms  {name}")
    print(f"{len(rows)} queries, total {sum(ms for _, ms in rows):,.0f} ms, "
          f"slowest {max(rows, key=lambda r: r[1])[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
