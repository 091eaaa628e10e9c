"""시민청 figures of the 2016 report, through the query functions, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pytest

from data_access import citizen_hall as hall
from loading.demo.org import HALL_CLOSURE_NAMES, holidays
from data_access.scope import Scope
from tests.data_access.subset import demo_subset

AS_OF = dt.date(2016, 8, 10)
OPENING = dt.date(2013, 1, 12)
OFFICE = Scope.office()

engine = demo_subset(["hall_visits"], "hall")


@pytest.fixture(scope="module")
def summary(engine):
    return hall.hall_summary(engine=engine, scope=OFFICE, as_of=AS_OF)


@pytest.fixture(scope="module")
def daily(engine):
    return hall.hall_daily(engine=engine, scope=OFFICE, start=OPENING, end=AS_OF)


def test_cumulative_visitors(summary):
    """누적 방문객('13.1.12~) is 6,276,585 at 2016-08-10."""
    assert summary.cumulative_visitors == 6_276_585
    assert summary.first_day == OPENING


def test_daily_average_is_this_years(summary):
    """일평균 5,315 = 2016 visitors / 2016 open days (223 days − 2 closures = 221)."""
    assert summary.ytd_open_days == 221
    assert round(summary.daily_average) == 5_315
    assert summary.daily_average == summary.ytd_visitors / 221


def test_since_opening_average_is_not_the_report_figure(summary):
    """The since-opening average (≈ 4,840) differs, which is why 일평균 is the year's."""
    assert round(summary.daily_average_since_opening) == 4_839
    assert summary.open_days_since_opening == 1_297


def test_programmes_rentals_weddings(summary):
    """프로그램 4,717회, 대관 2,700건, 결혼식 132쌍 since the opening."""
    assert (summary.programmes, summary.rentals, summary.weddings) == (4_717, 2_700, 132)


def test_latest_satisfaction(summary):
    """시민만족도 95.9% from the May 2016 survey."""
    assert summary.satisfaction_pct == 95.9
    assert (summary.survey_date.year, summary.survey_date.month) == (2016, 5)


def test_default_as_of_is_latest_day(engine, summary):
    """Without as_of the summary is at the latest day on record."""
    assert hall.hall_summary(engine=engine, scope=OFFICE) == summary


def test_one_row_per_day_since_opening(daily):
    """hall_daily has one row per calendar day from the opening to the as-of date."""
    assert len(daily) == (AS_OF - OPENING).days + 1
    assert daily["day"].tolist() == sorted(set(daily["day"]))
    assert daily["day"].iloc[0] == OPENING and daily["day"].iloc[-1] == AS_OF


def test_closed_exactly_on_new_year_seollal_chuseok(daily):
    """Closed with 0 visitors on 1 January, 설날 and 추석 only, the holiday named as reason."""
    expected = {d: ko for d, (ko, _) in holidays().items() if ko in HALL_CLOSURE_NAMES and OPENING <= d <= AS_OF}
    closed = daily[daily["closed"]]
    assert dict(zip(closed["day"], closed["closure_reason"])) == expected
    assert (closed["visitors"] == 0).all()
    assert (daily.loc[~daily["closed"], "visitors"] > 0).all()


def test_weddings_only_on_weekends(daily):
    """Weddings happen on Saturdays and Sundays only."""
    wedding_days = daily[daily["weddings"] > 0]["day"]
    assert len(wedding_days) > 0
    assert all(d.weekday() >= 5 for d in wedding_days)


def test_visitors_grow_year_on_year(engine):
    """Visitors per open day grow from 2013 to 2016."""
    monthly = hall.hall_monthly(engine=engine, scope=OFFICE, start=OPENING, end=AS_OF)
    yearly = monthly.groupby("year")[["visitors", "open_days"]].sum()
    per_day = (yearly["visitors"] / yearly["open_days"]).tolist()
    assert per_day == sorted(per_day) and len(per_day) == 4


def test_monthly_matches_year_to_date(engine, summary):
    """hall_monthly over 2016 adds up to the year's visitors and 221 open days."""
    monthly = hall.hall_monthly(engine=engine, scope=OFFICE, start=dt.date(2016, 1, 1), end=AS_OF)
    assert monthly[["year", "month"]].values.tolist() == [[2016, m] for m in range(1, 9)]
    assert monthly["visitors"].sum() == summary.ytd_visitors
    assert monthly["open_days"].sum() == 221 and monthly["closed_days"].sum() == 2
    jan = monthly.iloc[0]
    assert jan["avg_per_open_day"] == pytest.approx(jan["visitors"] / jan["open_days"])


def test_weekends_busier_than_weekdays(engine):
    """The weekday × month heatmap shows weekends busier than weekdays in every month."""
    grid = hall.hall_weekday_month(engine=engine, scope=OFFICE, start=OPENING, end=AS_OF)
    assert set(grid["weekday"]) == set(range(7)) and set(grid["month"]) == set(range(1, 13))
    pivot = grid.pivot(index="month", columns="weekday", values="avg_visitors")
    assert (pivot[[5, 6]].min(axis=1) > pivot[[0, 1, 2, 3, 4]].max(axis=1)).all()


def test_cumulative_counts_from_opening(engine, summary):
    """hall_cumulative counts from the opening, not from the range start, and ends at the total."""
    cum = hall.hall_cumulative(engine=engine, scope=OFFICE, start=dt.date(2016, 8, 1), end=AS_OF)
    assert len(cum) == 10
    assert cum["cumulative"].iloc[-1] == summary.cumulative_visitors
    assert cum["cumulative"].iloc[0] > cum["visitors"].iloc[0]
    assert (cum["cumulative"].diff().iloc[1:] == cum["visitors"].iloc[1:]).all()


def test_summary_at_an_earlier_date(engine):
    """At 2015-12-31 the year-to-date covers 2015 only and the latest survey is November 2015."""
    earlier = hall.hall_summary(engine=engine, scope=OFFICE, as_of=dt.date(2015, 12, 31))
    assert earlier.ytd_open_days == 365 - 3
    assert earlier.cumulative_visitors == 6_276_585 - hall.hall_summary(
        engine=engine, scope=OFFICE, as_of=AS_OF).ytd_visitors
    assert earlier.survey_date == dt.date(2015, 11, 20)


def test_surveys_twice_a_year(engine):
    """Surveys run in May and November; the last is 95.9%."""
    surveys = hall.hall_surveys(engine=engine, scope=OFFICE)
    assert {d.month for d in surveys["survey_date"]} == {5, 11}
    assert surveys["satisfaction_pct"].iloc[-1] == 95.9


def test_civic_scope_sees_the_hall(engine, summary):
    """A civic division head sees the same figures as the office."""
    assert hall.hall_summary(engine=engine, scope=Scope("civic"), as_of=AS_OF) == summary


def test_other_division_gets_nothing(engine):
    """Another division's scope gets empty frames and a zero summary, not an error."""
    brand = Scope("brand")
    assert hall.hall_summary(engine=engine, scope=brand, as_of=AS_OF).cumulative_visitors == 0
    for frame in (hall.hall_daily(engine=engine, scope=brand, start=OPENING, end=AS_OF),
                  hall.hall_monthly(engine=engine, scope=brand, start=OPENING, end=AS_OF),
                  hall.hall_cumulative(engine=engine, scope=brand, start=OPENING, end=AS_OF),
                  hall.hall_weekday_month(engine=engine, scope=brand, start=OPENING, end=AS_OF),
                  hall.hall_surveys(engine=engine, scope=brand)):
        assert frame.empty


def test_empty_database(empty_engine):
    """An empty database gives empty frames with their columns and an all-zero summary."""
    summary = hall.hall_summary(engine=empty_engine, scope=OFFICE)
    assert summary.cumulative_visitors == 0 and summary.daily_average is None and summary.as_of is None
    assert hall.hall_summary(engine=empty_engine, scope=OFFICE, as_of=AS_OF).satisfaction_pct is None
    cases = [
        (hall.hall_daily(engine=empty_engine, scope=OFFICE, start=OPENING, end=AS_OF), hall.DAILY_COLUMNS),
        (hall.hall_monthly(engine=empty_engine, scope=OFFICE, start=OPENING, end=AS_OF), hall.MONTHLY_COLUMNS),
        (hall.hall_cumulative(engine=empty_engine, scope=OFFICE, start=OPENING, end=AS_OF), hall.CUMULATIVE_COLUMNS),
        (hall.hall_weekday_month(engine=empty_engine, scope=OFFICE, start=OPENING, end=AS_OF),
         hall.WEEKDAY_MONTH_COLUMNS),
        (hall.hall_surveys(engine=empty_engine, scope=OFFICE), hall.SURVEY_COLUMNS),
    ]
    for frame, columns in cases:
        assert frame.empty and list(frame.columns) == columns


def test_generator_deterministic_and_history_stable():
    """The generator is deterministic, and a later as-of date only appends days."""
    from loading.demo import citizen_hall as demo

    days, surveys = demo.generate(AS_OF)
    assert demo.generate(AS_OF) == (days, surveys)
    later_days, _ = demo.generate(dt.date(2016, 12, 31))
    assert later_days[: len(days)] == days and later_days[-1]["day"] == dt.date(2016, 12, 31)
    early_days, early_surveys = demo.generate(dt.date(2016, 3, 31))
    assert early_days[-1]["day"] == dt.date(2016, 3, 31) and len(early_surveys) == 6
