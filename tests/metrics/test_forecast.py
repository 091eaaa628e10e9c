"""Year-end execution forecast: hand-computed projections, the no-forecast reasons, the backtest, the demo."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data_access import budget
from data_access.scope import Scope
from metrics import forecast as F

D = dt.date


def leaf_rows(year: int, code: str, division: str, current: int, cumulative: list[int],
              level: str = "programme") -> list[dict]:
    return [{"fiscal_year": year, "month": m, "code": code, "level": level, "division_code": division,
             "current_budget_won": current, "executed_won": v} for m, v in enumerate(cumulative, start=1)]


# 2014: 100 a month (shares m/12); 2015: 50 a month to June, then 150 a month (June share 0.25).
Y2014 = [100 * m for m in range(1, 13)]
Y2015 = [50 * m for m in range(1, 7)] + [300 + 150 * m for m in range(1, 7)]


def history(current_2016: list[int], *, extra: list[dict] | None = None) -> pd.DataFrame:
    rows = (leaf_rows(2014, "a.goal.01", "a", 1500, Y2014) + leaf_rows(2015, "a.goal.01", "a", 1500, Y2015)
            + leaf_rows(2016, "a.goal.01", "a", 1000, current_2016) + (extra or []))
    return pd.DataFrame(rows, columns=budget.HISTORY_COLUMNS)


def one(items, grain, key):
    (item,) = [f for f in items if f.grain == grain and f.key == key]
    return item


def test_projection_at_june_end_by_hand():
    """June 30, 집행액 300 of 1,000: shares 0.5 (2014) and 0.25 (2015), mean 0.375 → 800 (80%);
    range 300/0.5 = 600 (60%) to 300/0.25 = 1,200 capped at 1,000 (100%); 7 months' needs."""
    items = F.forecasts(history([50 * m for m in range(1, 7)]), D(2016, 6, 30))
    item = one(items, "programme", "a.goal.01")
    assert item.ok and item.years == (2014, 2015)
    assert item.rate_now == pytest.approx(30.0)
    assert item.projected_rate == pytest.approx(80.0)
    assert (item.rate_low, item.rate_high) == (pytest.approx(60.0), pytest.approx(100.0))
    assert (item.unspent_won, item.unspent_low_won, item.unspent_high_won) == (200, 0, 400)
    assert item.months_left == 6
    assert item.needed_monthly_year_end_won == round(700 / 6)  # (100% × 1,000 - 300) / 6 months
    assert item.needed_monthly_half_won is None  # the half year is over on 30 June
    # the path ends in December at the projected rate and its range
    assert item.path[-1][0] == D(2016, 12, 31)
    assert item.path[-1][1:] == (pytest.approx(80.0), pytest.approx(60.0), pytest.approx(100.0))
    # office and division roll up the same single leaf
    assert one(items, "office", "office").projected_rate == pytest.approx(80.0)
    assert one(items, "division", "a").unspent_won == 200


def test_projection_mid_month_interpolates_and_needs_half_year():
    """15 March 2016 (31-day month): 2014's share 200/1200 + 100/1200 × 15/31, 2015's 100/1200 + 50/1200 × 15/31."""
    current = [40, 80, 110]
    item = one(F.forecasts(history(current), D(2016, 3, 15)), "programme", "a.goal.01")
    s14 = 200 / 1200 + (100 / 1200) * 15 / 31
    s15 = 100 / 1200 + (50 / 1200) * 15 / 31
    assert item.projected_rate == pytest.approx(110 / ((s14 + s15) / 2) / 1000 * 100)
    assert item.rate_low == pytest.approx(110 / s14 / 10)
    assert item.months_left == 10  # March (not over) to December
    # half-year target 45% of 1,000 = 450; 4 months (March-June)
    assert item.needed_monthly_half_won == round((450 - 110) / 4)
    assert item.needed_monthly_year_end_won == round((1000 - 110) / 10)


def test_no_forecast_reasons():
    """A new programme, one past year only, no budget, and too early in the year: a reason, never a number."""
    new = leaf_rows(2016, "a.goal.02", "a", 500, [10, 20])
    one_year = leaf_rows(2015, "b.goal.01", "b", 900, Y2015) + leaf_rows(2016, "b.goal.01", "b", 900, [5, 9])
    no_budget = (leaf_rows(2014, "c.goal.01", "c", 0, [0] * 12) + leaf_rows(2015, "c.goal.01", "c", 0, [0] * 12)
                 + leaf_rows(2016, "c.goal.01", "c", 0, [0, 0]))
    items = F.forecasts(history([50, 100], extra=new + one_year + no_budget), D(2016, 2, 29))
    assert one(items, "programme", "a.goal.02").reason == "new_programme"
    assert one(items, "programme", "b.goal.01").reason == "too_few_years"
    assert one(items, "division", "b").reason == "too_few_years"
    assert one(items, "programme", "c.goal.01").reason == "no_budget"
    for item in items:
        if not item.ok:
            assert item.projected_rate is None and item.unspent_won is None and item.path == ()
    # early January: the past years had reached under 5% of their year (2015: 50/1200 × 5/31)
    early = one(F.forecasts(history([5]), D(2016, 1, 5)), "programme", "a.goal.01")
    assert early.reason == "too_early" and early.projected_rate is None


def test_backtest_same_shape_every_year_is_exact_and_naive_is_not():
    """Four years with the same back-loaded shape: the method is exact for 2016-2017, the line is not."""
    shape = [0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0]
    rows = []
    for year, final in ((2014, 900), (2015, 700), (2016, 800), (2017, 600)):
        rows += leaf_rows(year, "a.goal.01", "a", 1000, [round(final * s) for s in shape])
    results = F.backtest(pd.DataFrame(rows, columns=budget.HISTORY_COLUMNS), grains=("programme",))
    assert sorted(set(results["year"])) == [2016, 2017]
    assert list(results["month"][:4]) == [4, 6, 8, 10]
    assert (results["projected"] - results["actual"]).abs().max() < 1e-9
    # naive at the end of April 2016: 15% of 800 = 120 of 1,000 (12%) × 366 / 121 days
    april = results[(results["year"] == 2016) & (results["month"] == 4)].iloc[0]
    assert april["naive"] == pytest.approx(12.0 * 366 / 121)
    assert april["actual"] == pytest.approx(80.0)
    summary = F.backtest_summary(results)
    assert (summary["mae"] < summary["naive_mae"]).all()


def test_history_on_the_demo_matches_office_execution(demo_engine):
    """The history's 2016 rows for August sum to office_execution as of 2016-08-10; 2014-2015 are complete."""
    as_of = D(2016, 8, 10)
    h = budget.execution_history(engine=demo_engine, scope=Scope.office(), as_of=as_of)
    now = h[(h["fiscal_year"] == 2016) & (h["month"] == 8)]
    summary = budget.office_execution(engine=demo_engine, scope=Scope.office(), as_of=as_of)
    assert (int(now["executed_won"].sum()), int(now["current_budget_won"].sum())) == \
        (summary.executed_won, summary.current_budget_won)
    assert h.groupby("fiscal_year")["month"].max().to_dict() == {2014: 12, 2015: 12, 2016: 8}
    rapid = budget.execution_history(engine=demo_engine, scope=Scope("rapid"), as_of=as_of)
    assert set(rapid["division_code"]) == {"rapid"}


def test_demo_forecasts_office_and_every_division(demo_engine):
    """The demo has a forecast for the office and the five divisions; 주민청 조성 (new in 2016) has none."""
    items = F.execution_forecast(engine=demo_engine, scope=Scope.office(), as_of=D(2016, 8, 10))
    ok = {(f.grain, f.key) for f in items if f.ok}
    assert {("office", "office")} | {("division", d) for d in ("civic", "brand", "service", "newmedia", "rapid")} <= ok
    assert one(items, "programme", "civic.goal.07").reason == "new_programme"
    office = one(items, "office", "office")
    assert office.rate_now < office.projected_rate <= 100
    assert office.rate_low <= office.projected_rate <= office.rate_high
    assert office.unspent_won == office.current_budget_won - office.projected_executed_won
    mine = F.execution_forecast(engine=demo_engine, scope=Scope("rapid"), as_of=D(2016, 8, 10))
    assert {f.division_code for f in mine} == {"rapid"} and not any(f.grain == "office" for f in mine)


def test_office_is_the_sum_of_its_divisions():
    """a: 800 projected (as above); b (its past years both 100 a month, June share 0.5): 100 / 0.5 = 200.
    The office: (800 + 200) / 2,000 = 50%, not its own mixed share (400 / 0.4375 = 914, 45.7%)."""
    b = (leaf_rows(2014, "b.goal.01", "b", 1500, Y2014) + leaf_rows(2015, "b.goal.01", "b", 1500, Y2014)
         + leaf_rows(2016, "b.goal.01", "b", 1000, [round(100 * m / 6) for m in range(1, 7)]))
    items = F.forecasts(history([50 * m for m in range(1, 7)], extra=b), D(2016, 6, 30))
    assert one(items, "division", "b").projected_executed_won == 200
    office = one(items, "office", "office")
    assert office.projected_rate == pytest.approx(50.0)
    assert office.unspent_won == 1000
    # range: a 600-1,000, b 100/0.5 = 200 both years → 800-1,200 of 2,000
    assert (office.rate_low, office.rate_high) == (pytest.approx(40.0), pytest.approx(60.0))
    assert office.path[-1][1] == pytest.approx(50.0)
