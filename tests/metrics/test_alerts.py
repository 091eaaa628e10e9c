"""Early warnings: the evaluator on hand-made series, and each rule triggered and cleared through the
import path (loading.importing.import_file) on a copy of the demo, with its text and its history."""
from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field

import pandas as pd
import pytest
from sqlalchemy import select

from data_access import complaints, migrate, sns
from data_access.alerts import alert_history
from data_access.db import make_engine
from data_access.models import BudgetItem, BudgetSnapshot, Division
from data_access.scope import Scope
from loading.importing import import_file
from metrics import alerts as A

D = dt.date
AS_OF = D(2016, 8, 10)
OFFICE = Scope.office()


# --- the evaluator on hand-made series ---------------------------------------------------------------


@dataclass
class FakeValue:
    value: float | None
    series: pd.DataFrame
    as_of: dt.date = AS_OF
    details: tuple = ()
    target: float | None = None
    extra: dict = field(default_factory=dict)


def monthly(values, target):
    ends = [D(2016, m, 28) for m in range(8 - len(values) + 1, 9)]
    return pd.DataFrame({"period_end": ends, "value": values, "target": [target] * len(values)})


def only(rule_id, provide, scope=OFFICE, datasets=None):
    rules = tuple(r for r in A.RULES if r.id == rule_id)
    return A.evaluate(scope=scope, as_of=AS_OF, provider=provide, rules=rules, datasets=datasets)


def test_delay_three_months_running_says_why():
    """6.4 → 6.9 → 7.1 against 6.0 after a month at 5.9: held three months, since the first of them."""
    series = monthly([5.9, 6.4, 6.9, 7.1], 6.0)
    alerts = only("delay_above_target", lambda m, d, a: FakeValue(7.1, series) if d == "service" else None)
    (alert,) = alerts
    assert alert.text_ko == "3개월 연속 목표 초과: 6.40% → 6.90% → 7.10% (목표 6.00%)"
    assert alert.text_en == "Above target 3 months running: 6.40% → 6.90% → 7.10% (target 6.00%)"
    assert (alert.division_code, alert.severity, alert.since) == ("service", "high", D(2016, 6, 1))
    # two months above is not enough
    assert only("delay_above_target", lambda m, d, a: FakeValue(6.9, monthly([5.9, 6.4, 6.9], 6.0))) == []


def test_division_head_gets_only_their_division():
    """A division head's evaluation asks the provider for their division only, never the office."""
    asked = []

    def provide(metric, division, as_of):
        asked.append(division)
        return FakeValue(7.1, monthly([6.4, 6.9, 7.1], 6.0))

    alerts = only("delay_above_target", provide, scope=Scope("rapid"))
    assert asked == ["rapid"] and [a.division_code for a in alerts] == ["rapid"]
    # owner rules of another division are not evaluated for them
    assert only("sns_followers_falling", provide, scope=Scope("rapid")) == []


def test_stale_dataset_wording_and_owner():
    """SNS 41 days ahead of the hall data (rule: 35 days): the hall is stale, owned by 시민소통담당관."""
    datasets = pd.DataFrame({"dataset": ["sns_followers", "hall_visits", "org"],
                             "as_of": [D(2016, 9, 20), AS_OF, D(2010, 1, 1)]})
    (alert,) = only("dataset_stale", lambda *a: None, datasets=datasets)
    assert alert.division_code == "civic" and alert.since == D(2016, 8, 11)
    assert alert.text_ko == "'시민청 방문' 기준일 2016. 8. 10.: 최신 자료(2016. 9. 20.)보다 41일 늦음"
    assert only("dataset_stale", lambda *a: None, scope=Scope("brand"), datasets=datasets) == []


# --- each rule through the import path -------------------------------------------------------------------


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """A demo SQLite file, loaded once (load-demo also writes the first history)."""
    from loading.demo import load_demo

    path = tmp_path_factory.mktemp("alerts") / "demo.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    load_demo(engine)
    engine.dispose()
    return path


@pytest.fixture
def engine(pristine, tmp_path):
    path = tmp_path / "demo.sqlite3"
    shutil.copy(pristine, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def load(engine, dataset: str, frame: pd.DataFrame) -> None:
    import_file(engine, dataset, frame.to_csv(index=False).encode("utf-8"), f"{dataset}.csv", user="test")


def current(engine, scope=OFFICE):
    return {a.key: a for a in A.current_alerts(engine=engine, scope=scope, as_of=_as_of(engine))}


def _as_of(engine):
    from data_access.status import latest_as_of

    return latest_as_of(engine=engine)


def history(engine, rule_id, division=None):
    frame = alert_history(engine=engine, scope=OFFICE)
    return frame[(frame["rule_id"] == rule_id) & (frame["division_code"].map(lambda c: c or None) == division)]


def budget_rows(engine, division: str, share: float) -> pd.DataFrame:
    """The division's 2016 leaves on the report date with 집행액 set to `share` of 예산현액."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(BudgetItem.code, BudgetItem.level, BudgetItem.category, BudgetItem.name_ko,
                   BudgetSnapshot.budget_won, BudgetSnapshot.current_budget_won)
            .join(BudgetSnapshot, BudgetSnapshot.item_id == BudgetItem.id)
            .join(Division, Division.id == BudgetItem.division_id)
            .where(Division.code == division, BudgetItem.fiscal_year == 2016, BudgetSnapshot.as_of == AS_OF)).all()
    return pd.DataFrame([{"fiscal_year": 2016, "item_code": r.code, "as_of": AS_OF.isoformat(),
                          "division_code": division, "level": r.level, "category": r.category, "name_ko": r.name_ko,
                          "budget_won": r.budget_won, "current_budget_won": r.current_budget_won,
                          "executed_won": int(r.current_budget_won * share)} for r in rows])


def test_demo_history_has_its_warnings(engine):
    """load-demo wrote the demo's warnings as open: 신속행정담당관's execution far below the curve."""
    row = history(engine, "execution_below_curve", "rapid")
    assert len(row) == 1 and row.iloc[0]["first_seen"] == AS_OF and row.iloc[0]["cleared_on"] is None


def test_execution_below_curve_clears_and_triggers(engine):
    """rapid at 60% clears (cleared 2016-08-10); civic at 30% triggers: 52.94 - 30.00 = 22.94%p below."""
    load(engine, "budget", budget_rows(engine, "rapid", 0.60))
    load(engine, "budget", budget_rows(engine, "civic", 0.30))
    now = current(engine)
    assert ("execution_below_curve", "rapid") not in now
    civic = now[("execution_below_curve", "civic")]
    rate = sum(budget_rows(engine, "civic", 0.30)["executed_won"]) / sum(
        budget_rows(engine, "civic", 0.30)["current_budget_won"]) * 100
    target = 51 + (57 - 51) * 10 / 31  # the curve: 51% at 31 July, 57% at 31 August
    assert civic.text_ko == f"집행률 {rate:.2f}%: 목표 곡선 {target:.2f}%보다 {target - rate:.2f}%p 낮음"
    assert history(engine, "execution_below_curve", "rapid").iloc[0]["cleared_on"] == AS_OF
    opened = history(engine, "execution_below_curve", "civic")
    assert len(opened) == 1 and opened.iloc[0]["cleared_on"] is None


def test_delay_above_target_clears_and_triggers(engine):
    """A 15% target for 신속행정담당관 clears its run; a 3% target for 시민봉사담당관 starts one."""
    assert ("delay_above_target", "rapid") in current(engine)
    rows = [{"metric": "complaint_delay_rate", "division_code": d, "year": y, "target": v}
            for d, v in (("rapid", 15), ("service", 3)) for y in (2015, 2016)]
    load(engine, "targets", pd.DataFrame(rows))
    now = current(engine)
    assert ("delay_above_target", "rapid") not in now
    service = now[("delay_above_target", "service")]
    by_month = complaints.delay_rate_by_month(engine=engine, scope=OFFICE, start=D(2015, 9, 1), end=AS_OF,
                                              division="service")
    last3 = [f"{v:.2f}%" for v in by_month["delay_rate"].iloc[-3:]]
    assert service.text_ko.endswith(" → ".join(last3) + " (목표 3.00%)")
    assert service.text_ko.startswith("12개월 연속 목표 초과: … → ")
    assert history(engine, "delay_above_target", "rapid").iloc[0]["cleared_on"] == AS_OF
    assert history(engine, "delay_above_target", "service").iloc[0]["first_seen"] == AS_OF


def test_sns_followers_falling_triggers_and_clears(engine):
    """Facebook drops by 50,000 on the as-of date: the total fell week on week; back up, it clears."""
    kinds = ("sns", "blog")  # the report's SNS table (config.rules.SNS_MAIN_KINDS); the Plus Friend apart
    before = sns.sns_latest(engine=engine, scope=OFFICE, as_of=AS_OF - dt.timedelta(days=7), kinds=kinds)
    now = sns.sns_latest(engine=engine, scope=OFFICE, as_of=AS_OF, kinds=kinds)
    facebook = int(now.set_index("code").loc["facebook", "followers"])
    load(engine, "sns_followers", pd.DataFrame([{"channel_code": "facebook", "day": AS_OF.isoformat(),
                                                 "followers": facebook - 50_000}]))
    alert = current(engine)[("sns_followers_falling", "newmedia")]
    old, new = int(before["followers"].sum()), int(now["followers"].sum()) - 50_000
    assert alert.text_ko == f"1주 연속 전주 대비 감소: {old:,}명 → {new:,}명"
    assert history(engine, "sns_followers_falling", "newmedia").iloc[0]["cleared_on"] is None
    assert ("sns_followers_falling", "newmedia") not in current(engine, Scope("civic"))
    load(engine, "sns_followers", pd.DataFrame([{"channel_code": "facebook", "day": AS_OF.isoformat(),
                                                 "followers": facebook + 1_000}]))
    assert ("sns_followers_falling", "newmedia") not in current(engine)
    assert history(engine, "sns_followers_falling", "newmedia").iloc[0]["cleared_on"] == AS_OF


def test_hall_visitors_below_last_year_triggers_and_clears(engine):
    """1-10 August at 1,000 a day (all open) against 1-10 August 2015's daily average: far below; 9,000 clears."""
    from data_access import citizen_hall

    days = pd.date_range("2016-08-01", "2016-08-10").date
    load(engine, "hall_visits", pd.DataFrame({"day": [d.isoformat() for d in days], "visitors": 1000,
                                              "closed": False}))
    alert = current(engine)[("hall_visitors_below_last_year", "civic")]
    aug15 = citizen_hall.hall_monthly(engine=engine, scope=OFFICE, start=D(2015, 8, 1), end=D(2015, 8, 10))
    row = aug15.iloc[0]
    per_day = row["visitors"] / row["open_days"]
    drop = (per_day - 1000) / per_day * 100
    assert alert.text_ko == f"2016. 8. 일평균 1,000명: 전년 같은 기간 {per_day:,.0f}명보다 {drop:.1f}% 적음"
    assert alert.division_code == "civic" and alert.since == D(2016, 8, 1)
    load(engine, "hall_visits", pd.DataFrame({"day": [d.isoformat() for d in days], "visitors": 9000,
                                              "closed": False}))
    assert ("hall_visitors_below_last_year", "civic") not in current(engine)
    assert history(engine, "hall_visitors_below_last_year", "civic").iloc[0]["cleared_on"] == AS_OF


def test_dataset_stale_triggers_and_clears(engine):
    """SNS data to 2016-09-20 leaves the hall 41 days behind (stale); hall data to 2016-09-20 clears it."""
    load(engine, "sns_followers", pd.DataFrame([{"channel_code": "facebook", "day": "2016-09-20",
                                                 "followers": 300_000}]))
    alert = current(engine)[("dataset_stale", "civic")]
    assert alert.text_ko == "'시민청 방문' 기준일 2016. 8. 10.: 최신 자료(2016. 9. 20.)보다 41일 늦음"
    assert ("dataset_stale", "civic") not in current(engine, Scope("brand"))
    load(engine, "hall_visits", pd.DataFrame({"day": ["2016-09-20"], "visitors": [5000], "closed": [False]}))
    assert ("dataset_stale", "civic") not in current(engine)
    assert history(engine, "dataset_stale", "civic").iloc[0]["cleared_on"] == D(2016, 9, 20)
    # the division head's history shows only their division's rows
    mine = alert_history(engine=engine, scope=Scope("civic"))
    assert set(mine["division_code"]) == {"civic"}


def test_demo_warnings_and_history_on_both_dialects(demo_engine):
    """The demo's warnings on SQLite and PostgreSQL alike, and load-demo's history of them."""
    now = {a.key: a for a in A.current_alerts(engine=demo_engine, scope=OFFICE, as_of=AS_OF)}
    assert {("execution_below_curve", "rapid"), ("delay_above_target", "rapid"), ("delay_above_target", "brand")} \
        <= set(now)
    assert now[("execution_below_curve", "rapid")].text_ko == "집행률 25.85%: 목표 곡선 52.94%보다 27.08%p 낮음"
    recorded = alert_history(engine=demo_engine, scope=OFFICE)
    assert {(r.rule_id, r.division_code) for r in recorded.itertuples() if r.cleared_on is None} == set(now)
    mine = A.current_alerts(engine=demo_engine, scope=Scope("brand"), as_of=AS_OF)
    assert {a.key for a in mine} == {k for k in now if k[1] == "brand"}
