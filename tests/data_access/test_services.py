"""행정서비스 밀착지원 figures of the 2016 report (to 2016-08-10), on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from data_access import services
from data_access.models import ServiceActivity
from loading.demo.org import is_working_day
from data_access.scope import Scope
from tests.data_access.subset import demo_subset

AS_OF = dt.date(2016, 8, 10)
OFFICE = Scope.office()

engine = demo_subset(["services"], "services")


@pytest.fixture(scope="module")
def totals(engine):
    frame = services.service_totals(engine=engine, scope=OFFICE, as_of=AS_OF)
    return {(r.service, r.category): r.cases for r in frame.itertuples()}


@pytest.fixture(scope="module")
def summary(engine):
    return services.service_summary(engine=engine, scope=OFFICE, as_of=AS_OF).set_index("service")


def test_rapid_admin_291(totals, summary):
    """신속행정 지원 291건 = 절차 컨설팅 197 + 건축허가 상담 75 + 임의규제 개선 19."""
    assert totals[("rapid_admin", "procedure")] == 197
    assert totals[("rapid_admin", "building_permit")] == 75
    assert totals[("rapid_admin", "regulation")] == 19
    assert summary.loc["rapid_admin", "cases"] == 291


def test_helper_2617_at_17_9_a_day(summary):
    """민원도우미 2,617건 since 2016-01-01, 일 평균 17.9건 over the days the desk was staffed."""
    helper = summary.loc["helper"]
    assert helper["cases"] == 2_617
    assert round(helper["per_active_day"], 1) == 17.9
    assert helper["started_on"] == dt.date(2016, 1, 1) and helper["first_day"] >= dt.date(2016, 1, 1)


def test_truck_2044(totals, summary):
    """찾아가는 응답소 2,044건 = 안내 1,690 + 상담·접수 354, since 2015-07-01."""
    assert totals[("truck", "guidance")] == 1_690 and totals[("truck", "intake")] == 354
    assert summary.loc["truck", "cases"] == 2_044
    assert summary.loc["truck", "first_day"] == dt.date(2015, 7, 1)


def test_legal_122(summary):
    """민원법률자문 122건 since 2016-01-01."""
    assert summary.loc["legal", "cases"] == 122
    assert summary.loc["legal", "first_day"] >= dt.date(2016, 1, 1)


def test_names_in_both_languages(engine):
    """Rows carry Korean and English names for services and categories."""
    frame = services.service_totals(engine=engine, scope=OFFICE, as_of=AS_OF)
    assert frame[["service_name_ko", "service_name_en", "category_name_ko", "category_name_en"]].notna().all().all()
    assert list(frame["service"].drop_duplicates()) == ["rapid_admin", "helper", "truck", "legal"]


def test_only_on_working_days(engine):
    """Every service ran on working days only."""
    with engine.connect() as conn:
        days = conn.execute(select(ServiceActivity.day).distinct()).scalars().all()
    assert days and all(is_working_day(d) for d in days)


def test_truck_two_to_four_days_a_week(engine):
    """The truck went out on 2 to 4 days in each full week."""
    with engine.connect() as conn:
        days = conn.execute(select(ServiceActivity.day).where(ServiceActivity.service == "truck")
                            .distinct()).scalars().all()
    weeks: dict[tuple[int, int], int] = {}
    for day in days:
        weeks[day.isocalendar()[:2]] = weeks.get(day.isocalendar()[:2], 0) + 1
    first, last = min(weeks), max(weeks)
    full = [n for week, n in weeks.items() if week not in (first, last)]
    assert full and min(full) >= 2 and max(full) <= 4


def test_since_limits_the_period(engine, summary):
    """A `since` date counts only the days from it."""
    year = services.service_summary(engine=engine, scope=OFFICE, as_of=AS_OF, since=dt.date(2016, 1, 1))
    truck_2016 = year.set_index("service").loc["truck", "cases"]
    assert 0 < truck_2016 < summary.loc["truck", "cases"]


def test_monthly_adds_up(engine, totals):
    """service_monthly adds up to the totals per service and category."""
    monthly = services.service_monthly(engine=engine, scope=OFFICE, start=dt.date(2015, 1, 1), end=AS_OF)
    sums = monthly.groupby(["service", "category"])["cases"].sum().to_dict()
    assert sums == totals
    truck = services.service_monthly(engine=engine, scope=OFFICE, start=dt.date(2015, 1, 1), end=AS_OF,
                                     service="truck")
    assert set(truck["service"]) == {"truck"} and (truck["year"].iloc[0], truck["month"].iloc[0]) == (2015, 7)


def test_rapid_scope_sees_services(engine, summary):
    """A 신속행정담당관 scope sees the same totals as the office."""
    own = services.service_summary(engine=engine, scope=Scope("rapid"), as_of=AS_OF).set_index("service")
    assert own["cases"].equals(summary["cases"])


def test_other_division_gets_empty_frames(engine):
    """Another division's scope gets empty frames, not an error."""
    other = Scope("service")
    assert services.service_totals(engine=engine, scope=other, as_of=AS_OF).empty
    assert services.service_summary(engine=engine, scope=other, as_of=AS_OF).empty
    assert services.service_monthly(engine=engine, scope=other, start=dt.date(2015, 1, 1), end=AS_OF).empty


def test_empty_database(empty_engine):
    """An empty database gives empty frames with their columns."""
    cases = [
        (services.service_totals(engine=empty_engine, scope=OFFICE, as_of=AS_OF), services.TOTAL_COLUMNS),
        (services.service_summary(engine=empty_engine, scope=OFFICE, as_of=AS_OF), services.SUMMARY_COLUMNS),
        (services.service_monthly(engine=empty_engine, scope=OFFICE, start=AS_OF, end=AS_OF),
         services.MONTHLY_COLUMNS),
    ]
    for frame, columns in cases:
        assert frame.empty and list(frame.columns) == columns


def test_generator_deterministic_and_history_stable():
    """The generator is deterministic, and a later as-of date keeps every earlier row."""
    from loading.demo import services as demo

    rows = demo.generate(AS_OF)
    assert demo.generate(AS_OF) == rows
    later = demo.generate(dt.date(2016, 12, 31))
    assert {tuple(r.values()) for r in rows} <= {tuple(r.values()) for r in later}
    assert max(r["day"] for r in later) > AS_OF
