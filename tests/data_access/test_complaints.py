"""Complaints (민원): the report's figures, the rollup against the raw table, scope and empty data."""
from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest
from sqlalchemy import func, select

from data_access import complaints as q
from data_access.db import SEOUL, as_utc, seoul_day_start_utc
from loading.demo import DEMO_AS_OF, org
from loading.demo import complaints as demo
from data_access.models import (
    Complaint,
    ComplaintChannel,
    ComplaintDaily,
    Department,
    Division,
)
from loading.rollups import rebuild_complaint_daily
from data_access.scope import Scope, ScopeError
from tests.data_access.subset import demo_subset

OFFICE = Scope.office()
D = dt.date
YEAR_2015 = (D(2015, 1, 1), D(2015, 12, 31))
YEAR_2016 = (D(2016, 1, 1), DEMO_AS_OF)
EUNGDAPSO_WINDOW = (D(2016, 1, 1), D(2016, 7, 31))
HISTORY = (D(2015, 1, 1), DEMO_AS_OF)


def half_up(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


engine = demo_subset(["complaints"], "complaints")


def _seoul_day(value):
    return None if value is None else as_utc(value).astimezone(SEOUL).date()


@pytest.fixture(scope="module")
def raw(engine):
    """Every complaint read back from the raw table, with Seoul days computed in Python."""
    with engine.connect() as conn:
        codes = dict(conn.execute(select(Division.id, Division.code)).all())
        rows = conn.execute(select(Complaint.received_at, Complaint.due_at, Complaint.closed_at,
                                   Complaint.department_id, Complaint.channel_id, Complaint.division_id)).all()
    out = []
    for received, due, closed, dep, chan, div in rows:
        out.append({
            "received": as_utc(received), "due": as_utc(due), "closed": None if closed is None else as_utc(closed),
            "received_day": _seoul_day(received), "due_day": _seoul_day(due), "closed_day": _seoul_day(closed),
            "department_id": dep, "channel_id": chan, "division": codes[div],
        })
    return out


def _is_delayed(row, as_of: dt.date) -> bool:
    as_of_end = seoul_day_start_utc(as_of + dt.timedelta(days=1))
    return row["due"] < as_of_end and (row["closed"] is None or row["closed"] > row["due"])


def _raw_due_delayed(raw, start, end, division=None):
    due = [r for r in raw if start <= r["due_day"] <= end and (division is None or r["division"] == division)]
    return len(due), sum(_is_delayed(r, DEMO_AS_OF) for r in due)


def _raw_open_status(raw, as_of, imminent_days=2, division=None):
    as_of_end = seoul_day_start_utc(as_of + dt.timedelta(days=1))
    imminent_end = seoul_day_start_utc(as_of + dt.timedelta(days=imminent_days + 1))
    counts = Counter()
    for r in raw:
        if division is not None and r["division"] != division:
            continue
        if r["received"] < as_of_end and (r["closed"] is None or r["closed"] >= as_of_end):
            counts["delayed" if r["due"] < as_of_end else "imminent" if r["due"] < imminent_end else "normal"] += 1
    return counts


def _rollup_cells(engine, start, end):
    with engine.connect() as conn:
        rows = conn.execute(
            select(ComplaintDaily.day, ComplaintDaily.department_id, ComplaintDaily.channel_id,
                   ComplaintDaily.received, ComplaintDaily.due, ComplaintDaily.delayed, ComplaintDaily.closed)
            .where(ComplaintDaily.day >= start, ComplaintDaily.day <= end)
        ).all()
    return {(day, dep, chan): (rec, due, dly, clo) for day, dep, chan, rec, due, dly, clo in rows}


def _raw_cells(raw, start, end, as_of):
    cells: dict[tuple, list[int]] = {}
    for r in raw:
        key = (r["department_id"], r["channel_id"])
        if start <= r["received_day"] <= end:
            cells.setdefault((r["received_day"], *key), [0, 0, 0, 0])[0] += 1
        if start <= r["due_day"] <= end:
            cell = cells.setdefault((r["due_day"], *key), [0, 0, 0, 0])
            cell[1] += 1
            cell[2] += _is_delayed(r, as_of)
        if r["closed_day"] is not None and start <= r["closed_day"] <= end:
            cells.setdefault((r["closed_day"], *key), [0, 0, 0, 0])[3] += 1
    return {k: tuple(v) for k, v in cells.items()}


def _rollup_snapshot(engine):
    with engine.connect() as conn:
        return sorted(conn.execute(
            select(ComplaintDaily.day, ComplaintDaily.division_id, ComplaintDaily.department_id,
                   ComplaintDaily.channel_id, ComplaintDaily.received, ComplaintDaily.due,
                   ComplaintDaily.delayed, ComplaintDaily.closed)
        ).all())


# --- the report's figures -------------------------------------------------------------------


def test_delay_rate_2015_is_report_figure(engine):
    """민원처리지연율 for complaints due in 2015 is the report's 6.07%."""
    result = q.delay_rate(engine=engine, scope=OFFICE, start=YEAR_2015[0], end=YEAR_2015[1])
    assert result.delay_rate == 6.07
    assert half_up(Decimal(result.delayed) * 100 / Decimal(result.due)) == Decimal("6.07")


def test_delay_rate_2016_is_report_figure(engine):
    """민원처리지연율 for complaints due 2016-01-01..as-of is the report's 5.85%."""
    result = q.delay_rate(engine=engine, scope=OFFICE, start=YEAR_2016[0], end=YEAR_2016[1])
    assert result.delay_rate == 5.85
    assert half_up(Decimal(result.delayed) * 100 / Decimal(result.due)) == Decimal("5.85")


@pytest.mark.parametrize("period", [YEAR_2015, YEAR_2016], ids=["2015", "2016"])
def test_delay_counts_match_raw_complaints(engine, raw, period):
    """The due and delayed counts behind each report rate equal a count over the raw complaints."""
    result = q.delay_rate(engine=engine, scope=OFFICE, start=period[0], end=period[1])
    assert (result.due, result.delayed) == _raw_due_delayed(raw, *period)
    assert result.due > 50_000


def test_eungdapso_volume_is_report_figure(engine):
    """응답소 received 2016-01-01..07-31 is 72,168 cases over 142 working days, 508 a day."""
    result = q.channel_volume(engine=engine, scope=OFFICE, channel="eungdapso", start=EUNGDAPSO_WINDOW[0],
                              end=EUNGDAPSO_WINDOW[1])
    assert (result.cases, result.working_days) == (72_168, 142)
    assert half_up(Decimal(result.cases) / result.working_days, "1") == 508
    assert result.per_day == 508.2


def test_working_days_follow_org_calendar(engine):
    """channel_volume's working days are the weekdays that org.is_working_day accepts."""
    start, end = EUNGDAPSO_WINDOW
    expected = sum(org.is_working_day(start + dt.timedelta(days=i)) for i in range((end - start).days + 1))
    result = q.channel_volume(engine=engine, scope=OFFICE, channel="eungdapso", start=start, end=end)
    assert result.working_days == expected


def test_eungdapso_volume_matches_raw_complaints(engine, raw):
    """The 응답소 case count equals the raw complaints received through 응답소 in the window."""
    with engine.connect() as conn:
        eungdapso = conn.execute(select(ComplaintChannel.id).where(ComplaintChannel.code == "eungdapso")).scalar_one()
    start, end = EUNGDAPSO_WINDOW
    expected = sum(1 for r in raw if r["channel_id"] == eungdapso and start <= r["received_day"] <= end)
    assert q.channel_volume(engine=engine, scope=OFFICE, channel="eungdapso", start=start, end=end).cases == expected



def test_channel_received_by_month_matches_raw_complaints(engine, raw):
    """Each month's 응답소 count equals the raw complaints received through 응답소 that month (Seoul
    days); the months of January to July 2016 add up to the report's 72,168건."""
    with engine.connect() as conn:
        eungdapso = conn.execute(select(ComplaintChannel.id).where(ComplaintChannel.code == "eungdapso")).scalar_one()
    start, end = D(2015, 8, 1), EUNGDAPSO_WINDOW[1]
    expected = Counter((r["received_day"].year, r["received_day"].month) for r in raw
                       if r["channel_id"] == eungdapso and start <= r["received_day"] <= end)
    frame = q.channel_received_by_month(engine=engine, scope=OFFICE, channel="eungdapso", start=start, end=end)
    assert list(frame.columns) == ["year", "month", "received"]
    assert {(int(y), int(m)): int(n) for y, m, n in frame.itertuples(index=False)} == dict(expected)
    assert len(frame) == 12
    assert int(frame.loc[frame["year"] == 2016, "received"].sum()) == 72_168

# --- rollup ---------------------------------------------------------------------------------


def test_rollup_equals_raw_for_random_periods(engine, raw):
    """complaint_daily equals a Python computation over the raw table, cell by cell, for random periods."""
    rng = random.Random(11)
    span = (HISTORY[1] - HISTORY[0]).days
    for _ in range(4):
        start = HISTORY[0] + dt.timedelta(days=rng.randrange(span))
        end = start + dt.timedelta(days=rng.randrange(1, 45))
        assert _rollup_cells(engine, start, end) == _raw_cells(raw, start, end, DEMO_AS_OF), (start, end)


def test_rebuild_complaint_daily_is_idempotent(engine):
    """Rebuilding the rollup again, wholly or for a range, leaves it unchanged."""
    before = _rollup_snapshot(engine)
    with engine.begin() as conn:
        total = rebuild_complaint_daily(conn, as_of=DEMO_AS_OF)
    with engine.begin() as conn:
        rebuild_complaint_daily(conn, as_of=DEMO_AS_OF, start=D(2016, 3, 1), end=D(2016, 3, 31))
    assert total == len(before)
    assert _rollup_snapshot(engine) == before


def test_rebuild_range_uses_its_as_of_and_leaves_other_days(engine, raw):
    """A ranged rebuild with an earlier as-of changes only that range, and counts delays as of that date."""
    before = _rollup_snapshot(engine)
    start, end, as_of = D(2016, 3, 1), D(2016, 3, 31), D(2016, 3, 15)
    try:
        with engine.begin() as conn:
            rebuild_complaint_daily(conn, as_of=as_of, start=start, end=end)
        after = _rollup_snapshot(engine)
        assert [r for r in after if not start <= r[0] <= end] == [r for r in before if not start <= r[0] <= end]
        assert _rollup_cells(engine, start, end) == _raw_cells(raw, start, end, as_of)
    finally:
        with engine.begin() as conn:
            rebuild_complaint_daily(conn, as_of=DEMO_AS_OF)
    assert _rollup_snapshot(engine) == before


# --- breakdowns -----------------------------------------------------------------------------


def test_monthly_rates_add_up_to_the_period(engine):
    """delay_rate_by_month's due and delayed sum to the period's totals, one row per month."""
    monthly = q.delay_rate_by_month(engine=engine, scope=OFFICE, start=YEAR_2016[0], end=YEAR_2016[1])
    total = q.delay_rate(engine=engine, scope=OFFICE, start=YEAR_2016[0], end=YEAR_2016[1])
    assert list(zip(monthly["year"], monthly["month"], strict=True)) == [(2016, m) for m in range(1, 9)]
    assert (int(monthly["due"].sum()), int(monthly["delayed"].sum())) == (total.due, total.delayed)


def test_breakdowns_add_up_to_office_totals(engine):
    """Division, department and channel breakdowns each sum to the office's received, due and delayed."""
    start, end = YEAR_2015
    total = q.delay_rate(engine=engine, scope=OFFICE, start=start, end=end)
    received = int(q.daily_volume(engine=engine, scope=OFFICE, start=start, end=end)["received"].sum())
    frames = [
        q.delay_by_division(engine=engine, scope=OFFICE, start=start, end=end),
        q.delay_by_department(engine=engine, scope=OFFICE, start=start, end=end),
        q.delay_by_channel(engine=engine, scope=OFFICE, start=start, end=end),
    ]
    for frame in frames:
        assert (int(frame["received"].sum()), int(frame["due"].sum()), int(frame["delayed"].sum())) == (
            received, total.due, total.delayed)
    assert [len(f) for f in frames] == [5, 22, 4]


def test_channel_filter_matches_channel_breakdown(engine):
    """delay_rate for one channel equals that channel's row of delay_by_channel."""
    by_channel = q.delay_by_channel(engine=engine, scope=OFFICE, start=YEAR_2016[0], end=YEAR_2016[1])
    row = by_channel.set_index("channel_code").loc["mail"]
    result = q.delay_rate(engine=engine, scope=OFFICE, start=YEAR_2016[0], end=YEAR_2016[1], channel="mail")
    assert (result.due, result.delayed, result.delay_rate) == (row["due"], row["delayed"], row["delay_rate"])


def test_service_division_carries_most_complaints(engine):
    """시민봉사담당관 receives more complaints than the other four divisions together."""
    frame = q.delay_by_division(engine=engine, scope=OFFICE, start=HISTORY[0], end=HISTORY[1]).set_index(
        "division_code")
    assert frame.loc["service", "received"] > frame["received"].sum() / 2


def test_history_is_plausible(engine):
    """History covers 2015-01-01..as-of, 250-300k complaints, weekdays far busier than days off."""
    daily = q.daily_volume(engine=engine, scope=OFFICE, start=HISTORY[0], end=HISTORY[1])
    assert (daily["day"].min(), daily["day"].max()) == HISTORY
    assert 250_000 <= daily["received"].sum() <= 300_000
    working = daily["day"].map(org.is_working_day)
    assert daily.loc[working, "received"].mean() > 2.5 * daily.loc[~working, "received"].mean()
    assert daily.loc[working, "closed"].mean() > 5 * daily.loc[~working, "closed"].mean()


# --- open complaints (신호등) ----------------------------------------------------------------


def test_traffic_light_matches_raw_open_complaints(engine, raw):
    """The 신호등 counts equal the raw complaints open at the end of the as-of day, by status."""
    light = q.open_traffic_light(engine=engine, scope=OFFICE, as_of=DEMO_AS_OF)
    assert list(light["status"]) == ["normal", "imminent", "delayed"]
    assert dict(zip(light["status"], light["complaints"], strict=True)) == _raw_open_status(raw, DEMO_AS_OF)
    assert (light["complaints"] > 0).all()


@pytest.mark.parametrize("as_of, division, days", [
    (D(2015, 1, 1), None, 2),      # the first day of the history: all received that day
    (D(2015, 6, 30), None, 2),     # mid-history: many open then were closed later
    (D(2016, 3, 10), "rapid", 5),  # one division, a wider imminent window
    (D(2016, 8, 9), "service", 2),  # the day before the as-of date
])
def test_traffic_light_matches_raw_on_other_days(engine, raw, as_of, division, days):
    """Open at the end of any day = still open, or closed after it (both halves of the query): the
    counts equal the raw table's, office-wide and per division, whatever the imminent window."""
    light = q.open_traffic_light(engine=engine, scope=OFFICE, as_of=as_of, division=division, imminent_days=days)
    expected = _raw_open_status(raw, as_of, days, division)
    assert dict(zip(light["status"], light["complaints"], strict=True)) == {s: expected[s] for s in
                                                                           ("normal", "imminent", "delayed")}
    assert sum(expected.values()) > 0
    per_dept = q.open_by_department(engine=engine, scope=OFFICE, as_of=as_of, division=division, imminent_days=days)
    assert per_dept["total"].sum() == sum(expected.values())


def test_open_by_department_adds_up_to_traffic_light(engine):
    """Per-department open counts sum to the office's 신호등, status by status."""
    light = q.open_traffic_light(engine=engine, scope=OFFICE, as_of=DEMO_AS_OF).set_index("status")
    per_dept = q.open_by_department(engine=engine, scope=OFFICE, as_of=DEMO_AS_OF)
    for status in ("normal", "imminent", "delayed"):
        assert per_dept[status].sum() == light.loc[status, "complaints"]
    assert (per_dept[["normal", "imminent", "delayed"]].sum(axis=1) == per_dept["total"]).all()


def test_traffic_light_of_departments_equals_the_traffic_light_query(engine):
    """The 신호등 derived from the per-department counts is the 신호등 query's frame, office-wide, for one
    division, for a division-scoped reader and with another imminent window."""
    cases = [(OFFICE, None, 2), (OFFICE, "rapid", 2), (Scope("service"), None, 2), (OFFICE, None, 5)]
    for scope, division, days in cases:
        kw = {"engine": engine, "scope": scope, "as_of": DEMO_AS_OF, "division": division, "imminent_days": days}
        expected = q.open_traffic_light(**kw)
        derived = q.traffic_light_of(q.open_by_department(**kw))
        pd.testing.assert_frame_equal(derived, expected, check_dtype=False)
        assert expected["complaints"].sum() > 0


def test_traffic_light_of_no_open_complaints_is_empty(empty_engine):
    """No open complaint: the same empty frame as the query's, with its columns."""
    kw = {"engine": empty_engine, "scope": OFFICE, "as_of": YEAR_2016[1]}
    derived = q.traffic_light_of(q.open_by_department(**kw))
    assert derived.empty and list(derived.columns) == list(q.open_traffic_light(**kw).columns)


def test_open_past_due_are_counted_as_delayed(engine, raw):
    """Complaints still open past their deadline at the as-of date are among the delayed of 2016."""
    light = q.open_traffic_light(engine=engine, scope=OFFICE, as_of=DEMO_AS_OF).set_index("status")
    open_late_2016 = sum(1 for r in raw if r["closed"] is None and YEAR_2016[0] <= r["due_day"] <= YEAR_2016[1])
    assert open_late_2016 == light.loc["delayed", "complaints"] > 0
    assert q.delay_rate(engine=engine, scope=OFFICE, start=YEAR_2016[0], end=YEAR_2016[1]).delayed > open_late_2016


# --- scope ----------------------------------------------------------------------------------


def test_service_scope_sees_only_service(engine):
    """Scope('service') gets only 시민봉사담당관's rows."""
    scope = Scope("service")
    assert list(q.delay_by_division(engine=engine, scope=scope, start=YEAR_2016[0], end=YEAR_2016[1])
                ["division_code"]) == ["service"]
    for frame in (q.delay_by_department(engine=engine, scope=scope, start=YEAR_2016[0], end=YEAR_2016[1]),
                  q.open_by_department(engine=engine, scope=scope, as_of=DEMO_AS_OF)):
        assert set(frame["division_code"]) == {"service"}


def test_division_scope_refuses_another_division(engine):
    """Scope('service') asking for rapid's complaints raises ScopeError in every query."""
    scope = Scope("service")
    start, end = YEAR_2016
    calls = [
        lambda: q.delay_rate(engine=engine, scope=scope, start=start, end=end, division="rapid"),
        lambda: q.delay_rate_by_month(engine=engine, scope=scope, start=start, end=end, division="rapid"),
        lambda: q.delay_by_department(engine=engine, scope=scope, start=start, end=end, division="rapid"),
        lambda: q.delay_by_channel(engine=engine, scope=scope, start=start, end=end, division="rapid"),
        lambda: q.daily_volume(engine=engine, scope=scope, start=start, end=end, division="rapid"),
        lambda: q.channel_volume(engine=engine, scope=scope, channel="eungdapso", start=start, end=end,
                                 division="rapid"),
        lambda: q.open_traffic_light(engine=engine, scope=scope, as_of=DEMO_AS_OF, division="rapid"),
        lambda: q.open_by_department(engine=engine, scope=scope, as_of=DEMO_AS_OF, division="rapid"),
    ]
    for call in calls:
        with pytest.raises(ScopeError):
            call()


def test_rapid_scope_sees_only_rapid(engine, raw):
    """Scope('rapid') figures equal raw counts over 신속행정담당관's complaints only."""
    scope = Scope("rapid")
    result = q.delay_rate(engine=engine, scope=scope, start=YEAR_2016[0], end=YEAR_2016[1])
    assert (result.due, result.delayed) == _raw_due_delayed(raw, *YEAR_2016, division="rapid")
    light = q.open_traffic_light(engine=engine, scope=scope, as_of=DEMO_AS_OF)
    assert dict(zip(light["status"], light["complaints"], strict=True)) == _raw_open_status(
        raw, DEMO_AS_OF, division="rapid")
    office = q.delay_rate(engine=engine, scope=OFFICE, start=YEAR_2016[0], end=YEAR_2016[1])
    assert 0 < result.due < office.due


# --- empty database and generator -----------------------------------------------------------


def test_empty_database_gives_empty_results(empty_engine):
    """With no data every frame is empty with its columns, and single figures are zero."""
    start, end = YEAR_2016
    frames = [
        (q.delay_rate_by_month(engine=empty_engine, scope=OFFICE, start=start, end=end), "delay_rate"),
        (q.delay_by_division(engine=empty_engine, scope=OFFICE, start=start, end=end), "division_code"),
        (q.delay_by_department(engine=empty_engine, scope=OFFICE, start=start, end=end), "department_code"),
        (q.delay_by_channel(engine=empty_engine, scope=OFFICE, start=start, end=end), "channel_code"),
        (q.daily_volume(engine=empty_engine, scope=OFFICE, start=start, end=end), "received"),
        (q.open_traffic_light(engine=empty_engine, scope=OFFICE, as_of=end), "complaints"),
        (q.open_by_department(engine=empty_engine, scope=OFFICE, as_of=end), "delayed"),
    ]
    for frame, column in frames:
        assert frame.empty and column in frame.columns
    assert q.delay_rate(engine=empty_engine, scope=OFFICE, start=start, end=end) == q.DelayRate(0, 0, None)
    assert q.channel_volume(engine=empty_engine, scope=OFFICE, channel="eungdapso", start=start, end=end).cases == 0


def test_rebuild_on_empty_database_writes_nothing(empty_engine):
    """Rebuilding the rollup of an empty complaint table leaves it empty."""
    with empty_engine.begin() as conn:
        assert rebuild_complaint_daily(conn, as_of=DEMO_AS_OF) == 0
    with empty_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ComplaintDaily)).scalar_one() == 0


def test_generator_is_deterministic():
    """Two runs of the complaint generator produce identical rows."""
    departments = [(i, code, 1, "service") for i, code in enumerate(demo.DEPARTMENT_WEIGHT, start=1)]
    channels = {code: i for i, (code, _, _) in enumerate(org.COMPLAINT_CHANNELS, start=1)}
    first = demo.generate(as_of=DEMO_AS_OF, departments=departments, channels=channels)
    assert first == demo.generate(as_of=DEMO_AS_OF, departments=departments, channels=channels)


def test_every_department_and_channel_receives_complaints(engine):
    """All 22 departments and all four channels have complaints."""
    with engine.connect() as conn:
        departments = conn.execute(select(func.count(func.distinct(Complaint.department_id)))).scalar_one()
        channels = conn.execute(select(func.count(func.distinct(Complaint.channel_id)))).scalar_one()
        total_departments = conn.execute(select(func.count()).select_from(Department)).scalar_one()
    assert (departments, channels) == (total_departments, 4) and total_departments == 22
