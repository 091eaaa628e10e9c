"""metrics.value() on the demo data (SQLite and PostgreSQL), pinned to the 2016 report's figures.

Expected values come from the report (/work/shared/seed, line numbers below) or from the query
layer directly, never from metrics.value itself.
"""
from __future__ import annotations

import datetime as dt
import math
import pickle

import pandas as pd
import pytest

import metrics
from config.targets import execution_target_on
from data_access import complaints
from data_access.scope import Scope, ScopeError

AS_OF = dt.date(2016, 8, 10)
OFFICE = Scope.office()

# (metric, Korean text on the cards) as the report prints them
REPORT = [
    ("budget_execution_rate", "53.07%"),        # l.77 예산 합계 … 53.07
    ("budget_current", "423.6억원"),            # l.77 예산현액 42,360백만원
    ("budget_executed", "224.8억원"),           # l.77 집행액 22,481백만원
    ("budget_original", "410.2억원"),           # l.77 예산액 41,018백만원
    ("complaint_delay_rate", "5.85%"),          # l.758 '16년 5.85%
    ("eungdapso_cases", "72,168건"),            # l.788 72,168건(508건/일)
    ("hall_cumulative_visitors", "6,276,585명"),  # l.295
    ("hall_daily_visitors", "5,315명"),         # l.295 일평균 5,315명
    ("hall_satisfaction", "95.9%"),             # l.297 시민만족도 95.9%
    ("hall_programmes", "4,717회"),             # l.298
    ("hall_rentals", "2,700건"),                # l.298
    ("hall_weddings", "132쌍"),                 # l.298
    ("foreign_site_visits", "1,788,628명"),     # l.655
    ("foreign_sns_views", "25,724,111건"),      # l.663
    ("rapid_admin_cases", "291건"),             # l.1070 총 291건
    ("sns_total_followers", "1,290,516명"),     # the report's SNS table, summed
]


def v(engine, metric_id, scope=OFFICE, as_of=AS_OF, **filters) -> metrics.MetricValue:
    return metrics.value(engine=engine, scope=scope, metric_id=metric_id, as_of=as_of, **filters)


@pytest.mark.parametrize(("metric_id", "text"), REPORT)
def test_report_figures(demo_engine, metric_id, text):
    assert v(demo_engine, metric_id).value_text("ko") == text


def test_delay_rate_compares_with_last_year_as_the_report(demo_engine):
    """l.758: '15년 6.07% → '16년 5.85%: the year to date against the whole of 2015, on target (6.00%)."""
    d = v(demo_engine, "complaint_delay_rate")
    assert d.previous_text("ko") == "6.07%"
    assert d.delta_text("ko") == "-0.22%p (전년 6.07%)"
    assert d.delta_text("en") == "-0.22 pp (last year: 6.07%)"
    assert (d.comparison_period.start, d.comparison_period.end) == (dt.date(2015, 1, 1), dt.date(2015, 12, 31))
    assert d.status == "on_track" and d.status_text("ko") == "정상 · 목표 6.00%"


def test_a_chosen_span_compares_with_the_same_span_last_year(demo_engine):
    """7–8월 compares with 7–8월 of the year before (not the whole year); the card says so."""
    d = v(demo_engine, "complaint_delay_rate", start=dt.date(2016, 7, 1), as_of=dt.date(2016, 8, 31))
    expected = complaints.delay_rate(engine=demo_engine, scope=OFFICE, start=dt.date(2015, 7, 1),
                                     end=dt.date(2015, 8, 31)).delay_rate
    assert d.previous == pytest.approx(expected)
    assert d.comparison_period.label("ko") == "2015. 7. 1. ~ 2015. 8. 31."
    assert "2015. 7. 1. ~ 2015. 8. 31." in d.delta_text("ko")


def test_budget_compares_with_the_previous_snapshot(demo_engine):
    """An earlier 집계일 moves the period and the comparison with it."""
    now = v(demo_engine, "budget_execution_rate")
    assert now.period.end == AS_OF and now.period.label("ko") == "2016. 8. 10. 집계"
    assert now.comparison_period.end < AS_OF
    earlier = v(demo_engine, "budget_execution_rate", as_of=now.comparison_period.end)
    assert earlier.value == pytest.approx(now.previous)
    assert earlier.period.end == now.comparison_period.end
    assert now.status == "watch" and now.status_text("ko") == "주의 · 목표 55.00%"  # 53.07 vs 55 (tolerance 5)


def test_owner_and_grain(demo_engine):
    """The executive sees the office-wide delay rate labelled 기획관 전체; the 시민봉사담당관 head their own."""
    office = v(demo_engine, "complaint_delay_rate")
    own = v(demo_engine, "complaint_delay_rate", scope=Scope("service"))
    assert office.scope_code is None and office.scope_label("ko") == "기획관 전체"
    assert own.scope_code == "service" and own.scope_label("ko") == "시민봉사담당관"
    assert own.value_text("ko") == "4.90%"  # the figure for the division's own complaints
    assert office.metric.owner == own.metric.owner == "service"


def test_scope_is_enforced(demo_engine):
    with pytest.raises(ScopeError):
        v(demo_engine, "budget_execution_rate", scope=Scope("civic"), division="brand")
    other = v(demo_engine, "hall_daily_visitors", scope=Scope("brand"))
    assert other.value is None and other.value_text("ko") == "–"


def test_unknown_filter_is_a_clear_error(demo_engine):
    with pytest.raises(TypeError, match="hall_daily_visitors.*division"):
        v(demo_engine, "hall_daily_visitors", division="civic")


@pytest.mark.parametrize("metric_id", list(metrics.REGISTRY))
def test_value_object_pickles_and_has_a_series(demo_engine, metric_id):
    d = v(demo_engine, metric_id)
    back = pickle.loads(pickle.dumps(d))
    assert back == d and back.series.equals(d.series)
    assert list(d.series.columns) == ["period_end", "value", "target"]
    assert 1 <= len(d.series) <= 12
    assert all(isinstance(x, dt.date) for x in d.series["period_end"])
    assert d.series["period_end"].is_monotonic_increasing and d.series["period_end"].iloc[-1] <= AS_OF
    assert d.value is not None  # the demo has every dataset
    if d.metric.target:  # the demo has targets for 2015 and 2016 only
        years = d.series["period_end"].map(lambda x: x.year)
        assert d.series["target"][years >= 2015].notna().all()
        # budget execution: the series target is the monthly target curve; elsewhere the year's target
        expected = execution_target_on(AS_OF) if metric_id == "budget_execution_rate" else d.target
        assert d.series["target"].iloc[-1] == pytest.approx(expected)


def test_monthly_series_ends_with_the_as_of_month(demo_engine):
    """The delay rate's last point is this month so far: the query layer's rate for 1–10 August."""
    d = v(demo_engine, "complaint_delay_rate")
    assert len(d.series) == 12 and d.series["period_end"].iloc[-1] == AS_OF
    assert d.series["period_end"].iloc[0] == dt.date(2015, 9, 30)
    august = complaints.delay_rate(engine=demo_engine, scope=OFFICE, start=dt.date(2016, 8, 1), end=AS_OF)
    assert d.series["value"].iloc[-1] == pytest.approx(august.delay_rate)
    assert (d.series["target"].iloc[-1], d.series["target"].iloc[0]) == (6.0, 6.5)  # the 2016 and 2015 targets


def test_sns_series_is_weekly(demo_engine):
    d = v(demo_engine, "sns_total_followers")
    ends = list(d.series["period_end"])
    assert ends[-1] == AS_OF and all((b - a).days == 7 for a, b in zip(ends, ends[1:]))
    assert d.series["value"].iloc[-1] == d.value and d.series["value"].iloc[-2] == d.previous


def test_no_data_is_no_value_never_zero(empty_engine):
    for metric_id in metrics.REGISTRY:
        d = v(empty_engine, metric_id)
        assert d.value is None, metric_id
        assert d.value_text("ko") == "–" and d.change is None and d.status is None
        assert d.series["value"].isna().all()
        assert isinstance(d.series, pd.DataFrame) and not any(
            isinstance(x, float) and not math.isnan(x) and x == 0 for x in d.series["value"])
