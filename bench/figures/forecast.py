"""Figure 9: the year-end execution forecast's backtest against a naive straight line.

A scratch SQLite database with the demo (2016 to 10 August, synthetic 2014-2015) plus gen-scale's
budget history for 2007-2013 (`loading.scale.load_budget`, the same generator `manage.py gen-scale`
runs, here without the complaints, so it runs in seconds on SQLite). Every complete past year
that has at least two complete earlier years is projected at the end of April, June, August and
October from those earlier years only (`metrics.forecast.backtest`), for the office, each
division and each unit programme; the figure is the mean absolute error of the projected
year-end 집행률 against the actual one, in percentage points, beside the naive straight line
(the rate so far × days in the year / days elapsed, capped at 100%).
"""
from __future__ import annotations

import datetime as dt

from bench.common import Bench, Row, Section, prepare_demo_sqlite

GRAIN_FIGURES = {"office": "9a", "division": "9b", "programme": "9c"}


def backtest_tables(url: str) -> tuple[object, object]:
    """(per-case results, summary by grain and month) on the database at `url` (demo already loaded)."""
    from data_access import budget
    from data_access.db import make_engine
    from data_access.scope import Scope
    from data_access.status import latest_as_of
    from loading import scale
    from metrics import forecast

    engine = make_engine(url)
    try:
        as_of = latest_as_of(engine=engine)
        with engine.begin() as conn:
            first = dt.date(as_of.year - scale.DEFAULT_YEARS + 1, 1, 1)
            years = tuple(range(first.year, 2014))
            plan = scale.ScalePlan(as_of=as_of, history_start=first, complaints_end=dt.date(2013, 12, 31),
                                   budget_years=years, complaints=0, years=scale.DEFAULT_YEARS, seed=scale.SEED)
            scale.load_budget(conn, plan)
        history = budget.execution_history(engine=engine, scope=Scope.office(), as_of=as_of,
                                           years=scale.DEFAULT_YEARS)
    finally:
        engine.dispose()
    results = forecast.backtest(history)
    return results, forecast.backtest_summary(results)


def forecast(bench: Bench) -> Section:
    section = Section("forecast")
    url = prepare_demo_sqlite(bench.workdir / "forecast.sqlite3")
    results, summary = backtest_tables(url)
    for grain, number in GRAIN_FIGURES.items():
        mine = results[results["grain"] == grain]
        if mine.empty:
            section.rows.append(Row(f"{number}. forecast backtest, {grain}: MAE of year-end 집행률", "no cases"))
            continue
        mae = (mine["projected"] - mine["actual"]).abs().mean()
        naive = (mine["naive"] - mine["actual"]).abs().mean()
        section.rows.append(Row(
            f"{number}. forecast backtest, {grain}: MAE of year-end 집행률", f"{mae:.2f} pp",
            f"< naive {naive:.2f} pp", bool(mae < naive),
            f"{len(mine)} projections ({mine[['key', 'year']].drop_duplicates().shape[0]} {grain}-years "
            f"{int(mine['year'].min())}-{int(mine['year'].max())}) at the ends of months 4, 6, 8, 10"))
    section.details.append("grain | month | cases | MAE (pp) | naive MAE (pp)")
    for row in summary.itertuples():
        section.details.append(f"{row.grain} | {row.month} | {row.cases} | {row.mae:.2f} | {row.naive_mae:.2f}")
    return section
