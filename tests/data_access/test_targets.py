"""KPI targets: the config defaults, their demo rows, target_for and the status bands."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from config.targets import DEFAULT_TARGETS, METRICS, TargetRow
from data_access import citizen_hall, targets
from data_access.scope import Scope, ScopeError
from data_access.targets import status
from tests.data_access.subset import demo_subset

OFFICE = Scope.office()

engine = demo_subset(["targets", "hall_visits"], "targets")


def _row(target: float, direction: str, tolerance: float) -> TargetRow:
    return TargetRow("m", 2016, target, direction, tolerance)  # type: ignore[arg-type]


def test_status_higher_is_better_bands():
    """Higher-is-better: at/above target on track, within tolerance watch, below that off track."""
    row = _row(55.0, "higher", 5.0)
    assert [status(v, row) for v in (60.0, 55.0, 53.07, 50.0, 49.99)] == [
        "on_track", "on_track", "watch", "watch", "off_track"]


def test_status_lower_is_better_bands():
    """Lower-is-better (지연율): at/below target on track, within tolerance watch, above off track."""
    row = _row(6.0, "lower", 0.5)
    assert [status(v, row) for v in (5.85, 6.0, 6.07, 6.5, 6.51)] == [
        "on_track", "on_track", "watch", "watch", "off_track"]


def test_status_zero_tolerance_has_no_watch_band():
    """With no tolerance a miss is off track at once."""
    assert status(99.9, _row(100.0, "higher", 0.0)) == "off_track"


def test_status_rejects_missing_value_and_bad_direction():
    """A missing value or an unknown direction is an error, not a status."""
    with pytest.raises(ValueError):
        status(float("nan"), _row(1.0, "higher", 0.0))
    with pytest.raises(ValueError):
        status(1.0, _row(1.0, "sideways", 0.0))


def test_default_targets_are_consistent():
    """Every default row names a known metric, carries its direction, and is unique per metric/division/year."""
    keys = Counter((t.metric, t.division_code, t.year) for t in DEFAULT_TARGETS)
    assert max(keys.values()) == 1
    assert all(t.metric in METRICS and t.direction == METRICS[t.metric].direction for t in DEFAULT_TARGETS)
    assert {t.year for t in DEFAULT_TARGETS} == {2015, 2016}
    assert {t.metric for t in DEFAULT_TARGETS} == set(METRICS)


def test_demo_rows_are_the_config_rows(engine):
    """The demo loader inserts exactly config.targets.DEFAULT_TARGETS."""
    table = targets.target_table(engine=engine, scope=OFFICE)
    loaded = {(r.metric, r.division_code, r.year): (r.target, r.direction, r.tolerance) for r in table.itertuples()}
    assert loaded == {(t.metric, t.division_code, t.year): (t.target, t.direction, t.tolerance)
                      for t in DEFAULT_TARGETS}


def test_delay_rate_target_2016(engine):
    """The office's 2016 지연율 target is 6.0%, lower is better."""
    row = targets.target_for(engine=engine, scope=OFFICE, metric="complaint_delay_rate", year=2016)
    assert (row.target, row.direction, row.division_code) == (6.0, "lower", "")
    assert status(5.85, row) == "on_track"  # the report's '16년 5.85%


def test_division_row_preferred(engine):
    """A division with its own row gets it (budget execution per division)."""
    row = targets.target_for(engine=engine, scope=OFFICE, metric="budget_execution_rate", year=2016,
                             division="brand")
    assert row.division_code == "brand" and row.direction == "higher"


def test_division_falls_back_to_office(engine):
    """A division head's metric without a division row falls back to the office row."""
    row = targets.target_for(engine=engine, scope=Scope("civic"), metric="hall_daily_visitors", year=2016)
    assert row is not None and row.division_code == "" and row.year == 2016


def test_unknown_metric_or_year_is_none(engine):
    """No row for the metric and year gives None."""
    assert targets.target_for(engine=engine, scope=OFFICE, metric="hall_daily_visitors", year=2030) is None
    assert targets.target_for(engine=engine, scope=OFFICE, metric="nope", year=2016) is None


def test_division_head_cannot_ask_for_another_division(engine):
    """Asking for another division's target outside the scope raises ScopeError."""
    with pytest.raises(ScopeError):
        targets.target_for(engine=engine, scope=Scope("civic"), metric="budget_execution_rate", year=2016,
                           division="brand")


def test_target_table_scope(engine):
    """A division head's table holds the office rows and their own, nothing else."""
    table = targets.target_table(engine=engine, scope=Scope("brand"), year=2016)
    assert set(table["division_code"]) == {"", "brand"}
    assert set(table["year"]) == {2016}
    assert table["metric_name_ko"].notna().all()


def test_report_hall_average_is_on_track(engine):
    """The report's 일평균 5,315 is on track against the 2016 시민청 target."""
    summary = citizen_hall.hall_summary(engine=engine, scope=OFFICE, as_of=dt.date(2016, 8, 10))
    row = targets.target_for(engine=engine, scope=OFFICE, metric="hall_daily_visitors", year=2016)
    assert status(summary.daily_average, row) == "on_track"


def test_empty_database(empty_engine):
    """An empty database has no targets: None and an empty table with its columns."""
    assert targets.target_for(engine=empty_engine, scope=OFFICE, metric="complaint_delay_rate", year=2016) is None
    table = targets.target_table(engine=empty_engine, scope=OFFICE)
    assert table.empty and list(table.columns) == targets.TABLE_COLUMNS
