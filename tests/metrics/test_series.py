"""The sparkline series of the four metrics that had none, and the partial-last-month rule (metrics/values.py).

Expected values come from the query layer asked for each period on its own (or the report), never
from metrics.value's series code.
"""
from __future__ import annotations

import calendar
import datetime as dt
import math

import pytest

import metrics
from config.rules import SNS_MAIN_KINDS
from data_access import complaints, services, sns
from data_access.scope import Scope
from metrics.values import month_ends

AS_OF = dt.date(2016, 8, 10)
OFFICE = Scope.office()


def v(engine, metric_id, as_of=AS_OF):
    return metrics.value(engine=engine, scope=OFFICE, metric_id=metric_id, as_of=as_of)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# the 12 months before August 2016: Aug 2015 … Jul 2016
COMPLETE = [(2015, 8), (2015, 9), (2015, 10), (2015, 11), (2015, 12), (2016, 1), (2016, 2), (2016, 3),
            (2016, 4), (2016, 5), (2016, 6), (2016, 7)]


def test_month_ends_of_a_flow_leave_the_month_so_far_out():
    assert month_ends(AS_OF, 2, complete=True) == [(dt.date(2016, 6, 1), dt.date(2016, 6, 30)),
                                                   (dt.date(2016, 7, 1), dt.date(2016, 7, 31))]
    assert month_ends(AS_OF, 2) == [(dt.date(2016, 7, 1), dt.date(2016, 7, 31)), (dt.date(2016, 8, 1), AS_OF)]
    # on a month's last day that month is complete
    assert month_ends(dt.date(2016, 2, 29), 1, complete=True) == [(dt.date(2016, 2, 1), dt.date(2016, 2, 29))]


def test_eungdapso_series_is_its_complete_months(demo_engine):
    """Each point is the month's Eungdapso cases; January to July 2016 add up to the report's 72,168건."""
    d = v(demo_engine, "eungdapso_cases")
    assert list(d.series["period_end"]) == [month_end(y, m) for y, m in COMPLETE]
    expected = [complaints.channel_volume(engine=demo_engine, scope=OFFICE, channel="eungdapso",
                                          start=dt.date(y, m, 1), end=month_end(y, m)).cases for y, m in COMPLETE]
    assert list(d.series["value"]) == expected
    assert sum(expected[-7:]) == 72_168  # l.788


def test_open_complaints_series_is_the_count_open_at_each_month_end(demo_engine):
    d = v(demo_engine, "complaints_open")
    ends = [month_end(y, m) for y, m in COMPLETE[1:]] + [AS_OF]
    assert list(d.series["period_end"]) == ends
    expected = [float(complaints.open_traffic_light(engine=demo_engine, scope=OFFICE, as_of=e)["complaints"].sum())
                for e in ends]
    assert list(d.series["value"]) == expected
    assert d.series["value"].iloc[-1] == d.value


def test_sns_growth_series_is_the_window_growth_each_week(demo_engine):
    d = v(demo_engine, "sns_follower_growth")
    ends = [AS_OF - dt.timedelta(days=7 * k) for k in range(11, -1, -1)]
    assert list(d.series["period_end"]) == ends
    for end, got in zip(ends, d.series["value"], strict=True):
        g = sns.sns_growth(engine=demo_engine, scope=OFFICE, as_of=end, days=30, kinds=SNS_MAIN_KINDS)
        g = g[g["base_followers"].notna()]
        assert got == pytest.approx(int(g["growth"].sum()) * 100 / int(g["base_followers"].sum()))
    assert d.series["value"].iloc[-1] == pytest.approx(d.value)


def test_rapid_admin_series_is_the_cumulative_count(demo_engine):
    """Cases since the start at each month end; none before the service started (January 2016)."""
    d = v(demo_engine, "rapid_admin_cases")
    ends = [month_end(y, m) for y, m in COMPLETE[1:]] + [AS_OF]
    assert list(d.series["period_end"]) == ends
    for end, got in zip(ends, d.series["value"], strict=True):
        totals = services.service_totals(engine=demo_engine, scope=OFFICE, as_of=end)
        rows = totals[totals["service"] == "rapid_admin"]
        if len(rows):
            assert got == float(rows["cases"].sum()), end
        else:
            assert math.isnan(got), end
    assert d.series["value"].iloc[-1] == 291  # l.1070 총 291건


def test_flows_end_on_the_last_complete_month(demo_engine):
    """Complaints due and foreign SNS views per month: July 2016 is last on 10 August (August so far left out)."""
    due = v(demo_engine, "complaints_due")
    assert due.series["period_end"].iloc[-1] == dt.date(2016, 7, 31) and len(due.series) == 12
    july = complaints.delay_rate(engine=demo_engine, scope=OFFICE, start=dt.date(2016, 7, 1), end=dt.date(2016, 7, 31))
    assert due.series["value"].iloc[-1] == july.due
    views = v(demo_engine, "foreign_sns_views")
    assert views.series["period_end"].iloc[-1] == dt.date(2016, 7, 31)
    # a rate keeps the month so far
    assert v(demo_engine, "foreign_site_daily_visits").series["period_end"].iloc[-1] == AS_OF


def test_on_a_month_end_the_flow_keeps_that_month(demo_engine):
    due = v(demo_engine, "complaints_due", as_of=dt.date(2016, 7, 31))
    assert due.series["period_end"].iloc[-1] == dt.date(2016, 7, 31)
