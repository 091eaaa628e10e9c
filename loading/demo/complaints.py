"""Demo complaints (민원): raw complaints from 1 January of the previous year to the as-of date.

Reproduces the report's figures by construction at the demo as-of date (2016-08-10):

* 민원처리지연율 '15년 6.07% → '16년 5.85%: of the complaints due in the previous calendar year
  (Seoul dates), and of those due from 1 January to the as-of date, exactly the number that makes
  the rate round (half-up) to the printed figure is late. Which complaints are late is chosen
  deterministically by weighted sampling without replacement (seeded keys, weights by department,
  channel, month and processing period), so rates vary plausibly across departments and months
  while the totals are exact.
* 응답소 민원 처리현황 72,168건(508건/일): the 응답소 daily volumes from 1 January to the end of the
  last complete month before the as-of date are scaled and rounded by largest remainder to sum
  exactly 72,168 (142 working days → 508.2 a day).

Everything else is plausible history: weekday peaks, quiet weekends and holidays (visits and
mail only arrive on working days), seasonality, slow growth, all four channels and all 22
departments (시민봉사담당관's teams carry most of the load). Each complaint has a processing
period of 7 or 14 calendar days (weekends ignored). At the as-of date some complaints are still
open: recent ones not yet due, some due within days, and some past due (delayed), including a
few long-stuck ones. Timestamps are stored in UTC with whole seconds.

The daily rollup (ComplaintDaily) is rebuilt at the end of the load with the load's as-of date.
"""
from __future__ import annotations

import datetime as dt
import heapq
import math
import random
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from data_access.db import seoul_day_start_utc
from loading.demo import org
from data_access.models import Complaint, ComplaintChannel, Department, Division
from loading.rollups import rebuild_complaint_daily

SEED = 20_160_810

# Report figures (2016 주요업무 보고).
DELAY_RATE_PREVIOUS_YEAR = Decimal("6.07")  # '15년: due 1 Jan .. 31 Dec of the previous year
DELAY_RATE_CURRENT_YEAR = Decimal("5.85")  # '16년: due 1 Jan .. the as-of date
EUNGDAPSO_CASES_TO_LAST_MONTH = 72_168  # 응답소, received 1 Jan .. end of the last complete month

# Complaints per working day, by channel, at the current year's level (응답소 is rescaled exactly).
CHANNEL_BASE = {"eungdapso": 432.0, "call120": 100.0, "visit": 30.0, "mail": 12.0}
# Volume on Saturdays / Sundays and public holidays relative to a working day.
CHANNEL_OFF_DAY = {"eungdapso": (0.36, 0.30), "call120": (0.28, 0.22), "visit": (0.0, 0.0), "mail": (0.0, 0.0)}
WEEKDAY_FACTOR = (1.12, 1.05, 1.00, 0.97, 0.90)  # Monday .. Friday
MONTH_FACTOR = {1: 1.00, 2: 0.93, 3: 1.05, 4: 1.02, 5: 1.00, 6: 1.01, 7: 1.10, 8: 1.12, 9: 0.96,
                10: 1.00, 11: 0.98, 12: 0.93}
# Hour-of-day profile (Seoul) by channel.
HOUR_WEIGHTS = {
    "eungdapso": [2, 1, 1, 1, 1, 1, 2, 4, 7, 10, 11, 11, 9, 10, 11, 11, 10, 9, 7, 6, 6, 5, 4, 3],
    "call120": [0, 0, 0, 0, 0, 0, 0, 1, 5, 10, 11, 11, 8, 10, 11, 10, 9, 8, 5, 4, 3, 2, 0, 0],
    "visit": [0] * 9 + [8, 11, 11, 6, 9, 11, 10, 9, 5] + [0] * 6,
    "mail": [0] * 9 + [10, 10, 8, 4, 8, 8, 8, 6, 4] + [0] * 6,
}
CHANNEL_PREFIX = {"eungdapso": "E", "call120": "C", "visit": "V", "mail": "M"}

# Share of complaints per department (the service division's teams are much heavier).
DEPARTMENT_WEIGHT = {
    "civic_plan": 1.5, "civic_press": 1.0, "civic_ad": 1.0, "civic_hall": 4.0, "civic_field": 3.0,
    "civic_poll": 1.0, "civic_pub": 0.8,
    "brand_plan": 1.0, "brand_mkt": 1.5, "brand_foreign": 1.5,
    "service_plan": 6.0, "service_quality": 5.0, "service_eungdap": 22.0, "service_120": 16.0,
    "service_open": 12.0,
    "newmedia_plan": 1.0, "newmedia_social": 2.5, "newmedia_web": 2.0, "newmedia_portal": 1.0,
    "rapid_admin": 6.0, "rapid_close": 4.0, "rapid_mediate": 5.0,
}
# Channel-specific emphasis: 120 calls go to the 120 team, visits and mail to the open office.
CHANNEL_DEPARTMENT_BOOST = {
    "eungdapso": {"service_eungdap": 1.5},
    "call120": {"service_120": 4.0},
    "visit": {"service_open": 5.0, "rapid_admin": 2.0, "rapid_close": 2.0, "rapid_mediate": 2.0},
    "mail": {"service_open": 3.0, "civic_pub": 2.0},
}
# Probability of the long (14-day) processing period instead of 7 days.
LONG_PERIOD_SHARE = {"rapid": 0.5, "service": 0.25, "civic": 0.3, "brand": 0.3, "newmedia": 0.2}

# Relative propensity to be late (only shapes who is late; the totals are fixed by the targets).
DEPARTMENT_LATENESS = {
    "civic_plan": 1.3, "civic_press": 0.9, "civic_ad": 1.1, "civic_hall": 0.8, "civic_field": 1.2,
    "civic_poll": 1.0, "civic_pub": 0.9,
    "brand_plan": 1.4, "brand_mkt": 1.2, "brand_foreign": 1.6,
    "service_plan": 0.9, "service_quality": 0.7, "service_eungdap": 1.0, "service_120": 0.6,
    "service_open": 0.8,
    "newmedia_plan": 1.1, "newmedia_social": 0.9, "newmedia_web": 1.2, "newmedia_portal": 1.0,
    "rapid_admin": 1.5, "rapid_close": 1.3, "rapid_mediate": 2.0,
}
CHANNEL_LATENESS = {"eungdapso": 1.0, "call120": 0.8, "visit": 0.9, "mail": 1.5}
MONTH_LATENESS = {1: 1.1, 2: 1.15, 3: 0.95, 4: 0.95, 5: 1.0, 6: 0.95, 7: 1.1, 8: 1.2, 9: 1.05,
                  10: 0.95, 11: 0.9, 12: 1.2}
STUCK_SHARE = 0.04  # of late complaints due in the last 60 days: still open at the as-of date
NEAR_DEADLINE_SHARE = 0.3  # of complaints answered on time: answered close to the deadline
LATE_MEAN_WORKING_DAYS = 2.5  # mean delay past the deadline of a late complaint, in working days
CALENDAR_CLOSURE_SHARE = 0.05  # closures timed on the calendar clock (weekend duty, quick online answers)
KST_OFFSET = dt.timedelta(hours=9)  # Korea keeps no DST
OFFICE_OPENS, OFFICE_SECONDS = 9 * 3600, 9 * 3600  # closures happen 09:00-18:00 on working days


def round_half_up(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def late_count(due: int, rate_pct: Decimal) -> int:
    """The number of late complaints among `due` that makes the rate round half-up to `rate_pct`."""
    if due == 0:
        return 0
    late = int(round_half_up(Decimal(due) * rate_pct / 100, "1"))
    if round_half_up(Decimal(late) * 100 / Decimal(due)) != rate_pct:  # only for a handful of due complaints
        raise ValueError(f"no count of {due} complaints gives {rate_pct}%")
    return late


def _last_complete_month_end(as_of: dt.date) -> dt.date:
    return as_of.replace(day=1) - dt.timedelta(days=1)


def _largest_remainder(values: list[float], total: int) -> list[int]:
    """Integers proportional to `values` that sum exactly to `total`."""
    scale = total / sum(values)
    scaled = [v * scale for v in values]
    floors = [math.floor(v) for v in scaled]
    short = total - sum(floors)
    by_remainder = sorted(range(len(values)), key=lambda i: (scaled[i] - floors[i], -i), reverse=True)
    for i in by_remainder[:short]:
        floors[i] += 1
    return floors


def daily_volumes(as_of: dt.date, rng: random.Random) -> dict[str, dict[dt.date, int]]:
    """Complaints received per channel and Seoul day, 1 Jan of the previous year .. as_of."""
    start = dt.date(as_of.year - 1, 1, 1)
    days = [start + dt.timedelta(days=i) for i in range((as_of - start).days + 1)]
    holidays = org.holidays()
    span = max(len(days) - 1, 1)
    expected: dict[str, list[float]] = {}
    for channel, base in CHANNEL_BASE.items():
        sat, sun = CHANNEL_OFF_DAY[channel]
        values = []
        for i, day in enumerate(days):
            if day in holidays or day.weekday() == 6:
                dow = sun
            elif day.weekday() == 5:
                dow = sat
            else:
                dow = WEEKDAY_FACTOR[day.weekday()]
            growth = 0.90 + 0.10 * i / span
            noise = rng.lognormvariate(0.0, 0.08)
            values.append(base * dow * MONTH_FACTOR[day.month] * growth * noise)
        expected[channel] = values

    volumes: dict[str, dict[dt.date, int]] = {}
    window_start, window_end = dt.date(as_of.year, 1, 1), _last_complete_month_end(as_of)
    for channel, values in expected.items():
        counts = [int(round(v)) for v in values]
        if channel == "eungdapso" and window_end >= window_start:
            idx = [i for i, d in enumerate(days) if window_start <= d <= window_end]
            window = [values[i] for i in idx]
            factor = EUNGDAPSO_CASES_TO_LAST_MONTH / sum(window)
            exact = _largest_remainder(window, EUNGDAPSO_CASES_TO_LAST_MONTH)
            counts = [int(round(v * factor)) for v in values]  # same level outside the window
            for i, n in zip(idx, exact, strict=True):
                counts[i] = n
        volumes[channel] = dict(zip(days, counts, strict=True))
    return volumes


class _WorkClock:
    """Office time (09-18 Seoul on working days) as a counter of working seconds, and back.

    Closures are drawn on this clock, so they fall in office hours and weekends stay quiet.
    """

    def __init__(self, first: dt.date, last: dt.date):
        self.days: list[dt.date] = []
        self.before: dict[dt.date, int] = {}  # working days before a date
        for i in range((last - first).days + 1):
            day = first + dt.timedelta(days=i)
            self.before[day] = len(self.days)
            if org.is_working_day(day):
                self.days.append(day)
        self.working = set(self.days)

    def seconds(self, t: dt.datetime) -> int:
        """Working seconds from the first day's opening to instant t."""
        local = t + KST_OFFSET
        day = local.date()
        base = self.before[day] * OFFICE_SECONDS
        if day not in self.working:
            return base
        into = local.hour * 3600 + local.minute * 60 + local.second - OFFICE_OPENS
        return base + min(max(into, 0), OFFICE_SECONDS)

    def instant(self, x: int) -> dt.datetime | None:
        """The instant at working second x (the end of a working day rather than the next opening)."""
        k = max(-(-x // OFFICE_SECONDS) - 1, 0)
        if k >= len(self.days):
            return None
        day = self.days[k]
        return (dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc) - KST_OFFSET
                + dt.timedelta(seconds=OFFICE_OPENS + x - k * OFFICE_SECONDS))


def generate(*, as_of: dt.date, departments: list[tuple[int, str, int, str]],
             channels: dict[str, int]) -> list[dict]:
    """All complaint rows (dicts for a bulk insert), deterministic for a given as_of.

    departments: (id, code, division_id, division_code); channels: code -> id.
    """
    rng = random.Random(SEED)
    as_of_end = seoul_day_start_utc(as_of + dt.timedelta(days=1))
    volumes = daily_volumes(as_of, rng)

    dept_by_code = {code: (dep_id, div_id, div_code) for dep_id, code, div_id, div_code in departments}
    dept_codes = [code for code in DEPARTMENT_WEIGHT if code in dept_by_code]
    cum_weights: dict[str, list[float]] = {}
    for channel in CHANNEL_BASE:
        boost = CHANNEL_DEPARTMENT_BOOST.get(channel, {})
        total, cw = 0.0, []
        for code in dept_codes:
            total += DEPARTMENT_WEIGHT[code] * boost.get(code, 1.0)
            cw.append(total)
        cum_weights[channel] = cw
    hours = list(range(24))

    # Columnar records: local received date, received UTC, period days, department code, channel.
    rec_day: list[dt.date] = []
    rec_at: list[dt.datetime] = []
    rec_period: list[int] = []
    rec_dept: list[str] = []
    rec_channel: list[str] = []
    rec_ext: list[str] = []
    for day in sorted(volumes["eungdapso"]):
        day_start = seoul_day_start_utc(day)
        todays = []
        for channel in CHANNEL_BASE:
            n = volumes[channel][day]
            if n <= 0:
                continue
            depts = rng.choices(dept_codes, cum_weights=cum_weights[channel], k=n)
            hrs = rng.choices(hours, weights=HOUR_WEIGHTS[channel], k=n)
            for dept, hour in zip(depts, hrs, strict=True):
                seconds = hour * 3600 + rng.randrange(3600)
                period = 14 if rng.random() < LONG_PERIOD_SHARE[dept_by_code[dept][2]] else 7
                todays.append((seconds, channel, dept, period))
        todays.sort(key=lambda t: t[0])
        seq = {c: 0 for c in CHANNEL_BASE}
        for seconds, channel, dept, period in todays:
            seq[channel] += 1
            rec_day.append(day)
            rec_at.append(day_start + dt.timedelta(seconds=seconds))
            rec_period.append(period)
            rec_dept.append(dept)
            rec_channel.append(channel)
            rec_ext.append(f"{day:%Y%m%d}-{CHANNEL_PREFIX[channel]}{seq[channel]:05d}")

    n = len(rec_at)
    due_day = [rec_day[i] + dt.timedelta(days=rec_period[i]) for i in range(n)]
    due_at = [rec_at[i] + dt.timedelta(days=rec_period[i]) for i in range(n)]

    # Which complaints are late: exact counts per period, weighted sampling without replacement.
    prev_start, prev_end = dt.date(as_of.year - 1, 1, 1), dt.date(as_of.year - 1, 12, 31)
    cur_start = dt.date(as_of.year, 1, 1)
    late = [False] * n
    for start, end, rate in ((prev_start, prev_end, DELAY_RATE_PREVIOUS_YEAR),
                             (cur_start, as_of, DELAY_RATE_CURRENT_YEAR)):
        members = [i for i in range(n) if start <= due_day[i] <= end]
        target = late_count(len(members), rate)
        year_days = (end - start).days + 1
        keys = []
        for i in members:
            weight = (DEPARTMENT_LATENESS[rec_dept[i]] * CHANNEL_LATENESS[rec_channel[i]]
                      * MONTH_LATENESS[due_day[i].month] * (1.25 if rec_period[i] == 14 else 1.0)
                      * (1.15 - 0.3 * (due_day[i] - start).days / year_days))  # slowly improving
            keys.append((math.log(1.0 - rng.random()) / weight, i))
        for _, i in heapq.nlargest(target, keys):
            late[i] = True

    clock = _WorkClock(dt.date(as_of.year - 1, 1, 1), as_of + dt.timedelta(days=120))
    rows: list[dict] = []
    stuck_from = as_of - dt.timedelta(days=60)
    for i in range(n):
        received, due = rec_at[i], due_at[i]
        closed: dt.datetime | None
        if late[i]:
            # Late: some working time after the deadline (strictly after it on the working clock).
            lag = 60 + int(rng.expovariate(1 / LATE_MEAN_WORKING_DAYS) * OFFICE_SECONDS)
            closed = clock.instant(clock.seconds(due) + lag)
            if due_day[i] >= stuck_from and rng.random() < STUCK_SHARE:
                closed = None  # long-stuck: still open at the as-of date
        else:
            # On time: most are answered early, a minority near the deadline (the 신호등's 임박 band).
            share = rng.betavariate(5.0, 1.3) if rng.random() < NEAR_DEADLINE_SHARE else rng.betavariate(1.5, 3.0)
            earliest = received + dt.timedelta(seconds=1800)
            if rng.random() < CALENDAR_CLOSURE_SHARE:
                closed = earliest + dt.timedelta(seconds=int((due - earliest).total_seconds() * share))
            else:
                lo, hi = clock.seconds(earliest), clock.seconds(due)
                closed = clock.instant(lo + int((hi - lo) * share)) if hi > lo else due
            closed = min(max(closed, earliest), due)
        if closed is not None and closed >= as_of_end:
            closed = None  # not closed by the end of the as-of day
        dep_id, div_id, _ = dept_by_code[rec_dept[i]]
        rows.append({
            "external_id": rec_ext[i],
            "received_at": received,
            "due_at": due,
            "closed_at": closed,
            "channel_id": channels[rec_channel[i]],
            "department_id": dep_id,
            "division_id": div_id,
        })
    return rows


def load(session: Session, *, as_of: dt.date) -> int:
    """Insert the demo complaints and rebuild the daily rollup; returns the rows written."""
    departments = [
        (dep_id, code, div_id, div_code)
        for dep_id, code, div_id, div_code in session.execute(
            select(Department.id, Department.code, Department.division_id, Division.code)
            .join(Division, Division.id == Department.division_id)
            .order_by(Department.id)
        )
    ]
    channels = dict(session.execute(select(ComplaintChannel.code, ComplaintChannel.id)).all())
    rows = generate(as_of=as_of, departments=departments, channels=channels)
    batch = 20_000
    for offset in range(0, len(rows), batch):
        session.execute(insert(Complaint.__table__), rows[offset:offset + batch])
    daily_rows = rebuild_complaint_daily(session, as_of=as_of)
    return len(rows) + daily_rows

