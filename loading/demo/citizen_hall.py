"""시민청 demo data: one row per day from the opening (2013-01-12), plus satisfaction surveys.

Calibrated to the 2016 report (as of 2016-08-10):
- 누적 방문객('13.1.12~) 6,276,585명 = SUM(visitors) from the opening to 2016-08-10.
- 일평균 5,315명 = 2016 visitors to 2016-08-10 / 2016 open days to that date (221 = 223 days − 2
  closures). The since-opening average is ≈ 4,840, so the report's figure must be this year's.
- 프로그램 4,717회, 대관 2,700건, 결혼식 132쌍: cumulative since the opening (weddings on weekends).
- 시민만족도 95.9% from the May 2016 survey (earlier synthetic surveys twice a year).
Closed on 1 January, 설날 and 추석 (the day itself): visitors 0, closed, with the holiday as reason.
Days after 2016-08-10 (a later as_of) continue at the 2016 level.
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sqlalchemy import insert
from sqlalchemy.orm import Session

from loading.demo import DEMO_AS_OF
from loading.demo._alloc import allocate, days_between, noise, sample_weighted, scatter
from loading.demo.org import HALL_CLOSURE_NAMES, holidays
from data_access.models import CitizenHallDay, CitizenHallSurvey

OPENING = dt.date(2013, 1, 12)
REPORT_DATE = DEMO_AS_OF
CUMULATIVE_VISITORS = 6_276_585
REPORT_YEAR_DAILY_AVERAGE = 5_315
PROGRAMMES = 4_717
RENTALS = 2_700
WEDDINGS = 132
# Average visitors per open day of the earlier full years; 2015 takes what is left of the total.
EARLY_YEAR_DAILY_AVERAGE = {2013: 4_310, 2014: 4_720}

# (survey date, % satisfied, respondents); the last is the report's '16.5월 조사.
SURVEYS = [
    (dt.date(2013, 5, 24), Decimal("88.7"), 612), (dt.date(2013, 11, 22), Decimal("90.3"), 640),
    (dt.date(2014, 5, 23), Decimal("91.8"), 655), (dt.date(2014, 11, 21), Decimal("92.6"), 702),
    (dt.date(2015, 5, 22), Decimal("93.4"), 688), (dt.date(2015, 11, 20), Decimal("94.7"), 715),
    (dt.date(2016, 5, 20), Decimal("95.9"), 731),
]

WEEKDAY_FACTOR = [0.78, 0.84, 0.88, 0.9, 1.0, 1.62, 1.48]  # Monday..Sunday
MONTH_FACTOR = {1: 0.78, 2: 0.86, 3: 0.95, 4: 1.06, 5: 1.2, 6: 1.02, 7: 1.04, 8: 1.1, 9: 1.04,
                10: 1.22, 11: 1.0, 12: 0.94}
SEED = 20130112


def _closures() -> dict[dt.date, str]:
    return {day: ko for day, (ko, _en) in holidays().items() if ko in HALL_CLOSURE_NAMES}


def _visit_weight(rng: random.Random, day: dt.date, public_holiday: bool) -> float:
    weight = WEEKDAY_FACTOR[day.weekday()] * MONTH_FACTOR[day.month]
    if public_holiday and day.weekday() < 5:
        weight *= 1.45
    if dt.date(2015, 6, 1) <= day <= dt.date(2015, 7, 20):  # MERS outbreak: fewer visitors
        weight *= 0.68
    if dt.date(2016, 7, 1) <= day <= dt.date(2016, 7, 31) and day.weekday() >= 5:  # 소통축제 '모두의 시민청'
        weight *= 1.25
    return weight * noise(rng, 0.09)


def _segments(last_day: dt.date, closures: dict[dt.date, str]) -> list[tuple[dt.date, dt.date, int | None]]:
    """Calibration segments (start, end, visitors) up to the report date; None = no fixed total."""
    def open_days(start: dt.date, end: dt.date) -> int:
        return sum(1 for d in days_between(start, end) if d not in closures)

    report_year_start = dt.date(REPORT_DATE.year, 1, 1)
    report_year_total = REPORT_YEAR_DAILY_AVERAGE * open_days(report_year_start, REPORT_DATE)
    early: dict[int, int] = {}
    for year, average in EARLY_YEAR_DAILY_AVERAGE.items():
        early[year] = average * open_days(max(OPENING, dt.date(year, 1, 1)), dt.date(year, 12, 31))
    last_full_year = REPORT_DATE.year - 1
    early[last_full_year] = CUMULATIVE_VISITORS - report_year_total - sum(early.values())
    segments: list[tuple[dt.date, dt.date, int | None]] = [
        (max(OPENING, dt.date(y, 1, 1)), dt.date(y, 12, 31), total) for y, total in sorted(early.items())
    ]
    segments.append((report_year_start, REPORT_DATE, report_year_total))
    if last_day > REPORT_DATE:
        segments.append((REPORT_DATE + dt.timedelta(days=1), last_day, None))
    return segments


def generate(as_of: dt.date) -> tuple[list[dict], list[dict]]:
    """The day rows and survey rows up to `as_of` (deterministic)."""
    # One generator per series, and the days after the report date last: a later as_of only
    # appends days, it never rewrites the calibrated history.
    rng = random.Random(f"{SEED}:visitors")
    public = holidays()
    closures = _closures()
    last_day = max(as_of, REPORT_DATE)
    days = list(days_between(OPENING, last_day))
    visitors: dict[dt.date, int] = {}
    per_weight_level = 0.0
    for start, end, total in _segments(last_day, closures):
        seg_days = [d for d in days_between(start, end) if d not in closures]
        weights = [_visit_weight(rng, d, d in public) for d in seg_days]
        if total is None:  # after the report date: the report year's level per unit of weight
            counts = [round(w * per_weight_level) for w in weights]
        else:
            counts = allocate(total, weights)
            per_weight_level = total / sum(weights)
        visitors.update(zip(seg_days, counts, strict=True))

    # Programmes, rentals and weddings to the report date are fixed totals; later days keep the pace.
    open_days = [d for d in days if d not in closures]
    calibrated = [d for d in open_days if d <= REPORT_DATE]
    later = [d for d in open_days if d > REPORT_DATE]
    growth = {2013: 0.8, 2014: 0.95, 2015: 1.05, 2016: 1.12}

    def programme_w(d: dt.date) -> float:
        return growth.get(d.year, 1.12) * (1.7 if d.weekday() >= 5 else 1.0) * MONTH_FACTOR[d.month]

    def rental_w(d: dt.date) -> float:
        return growth.get(d.year, 1.12) * (0.6 if d.weekday() >= 5 else 1.0)

    def series_rng(name: str) -> random.Random:
        return random.Random(f"{SEED}:{name}")

    programmes = dict(zip(calibrated, scatter(series_rng("programmes"), PROGRAMMES,
                                              [programme_w(d) for d in calibrated])))
    rentals = dict(zip(calibrated, scatter(series_rng("rentals"), RENTALS, [rental_w(d) for d in calibrated])))
    weekends = [d for d in calibrated if d.weekday() >= 5]
    wedding_w = [1.6 if d.month in (4, 5, 6, 9, 10, 11) else 0.7 for d in weekends]
    weddings = {weekends[i]: 1 for i in sample_weighted(series_rng("weddings"), WEDDINGS, wedding_w)}
    if later:
        rng = series_rng("later")
        span = len(calibrated)
        programmes.update(zip(later, scatter(rng, round(PROGRAMMES * len(later) / span * 1.15),
                                             [programme_w(d) for d in later])))
        rentals.update(zip(later, scatter(rng, round(RENTALS * len(later) / span * 1.1),
                                          [rental_w(d) for d in later])))
        later_weekends = [d for d in later if d.weekday() >= 5]
        k = min(len(later_weekends), round(WEDDINGS * len(later) / span))
        weddings.update({later_weekends[i]: 1 for i in sample_weighted(rng, k, [1.0] * len(later_weekends))})

    day_rows = [
        {
            "day": d,
            "visitors": 0 if d in closures else visitors[d],
            "closed": d in closures,
            "closure_reason": closures.get(d),
            "programmes": programmes.get(d, 0),
            "rentals": rentals.get(d, 0),
            "weddings": weddings.get(d, 0),
        }
        for d in days
        if d <= as_of
    ]
    survey_rows = [
        {"survey_date": day, "satisfaction_pct": pct, "respondents": n} for day, pct, n in SURVEYS if day <= as_of
    ]
    return day_rows, survey_rows


def load(session: Session, *, as_of: dt.date) -> int:
    """Insert the 시민청 day rows and surveys up to `as_of`; returns the rows written."""
    day_rows, survey_rows = generate(as_of)
    if day_rows:
        session.execute(insert(CitizenHallDay), day_rows)
    if survey_rows:
        session.execute(insert(CitizenHallSurvey), survey_rows)
    return len(day_rows) + len(survey_rows)
