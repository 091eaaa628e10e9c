"""행정서비스 밀착지원 demo data: daily cases of 신속행정담당관's support services.

Calibrated to the 2016 report at 2016-08-10, each figure counted from the service's start (운영개시)
to that date:
- 신속행정 지원 291건 = 절차 컨설팅 197 + 건축허가 상담 75 + 임의규제 개선 19 (from 2016-01-01, working days).
- 민원도우미 2,617건 (from 2016-01-01): the desk was staffed on 146 of the 150 working days (four
  training days without a desk), so the report's 일 평균 17.9건 = 2,617 / 146 holds too.
- 찾아가는 응답소(시청트럭) 2,044건 = 안내 1,690 + 상담·접수 354 (from 2015-07-01, on 2-4 working days a week).
- 민원법률자문 122건 (from 2016-01-01, working days).
The pilots before 운영개시 are not in the data. Days after the report date keep the same pace.
Rows exist only for days with cases (cases > 0).
"""
from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert
from sqlalchemy.orm import Session

from loading.demo import DEMO_AS_OF
from loading.demo._alloc import allocate, days_between, noise, sample_weighted, scatter
from loading.demo.org import DIVISIONS, holidays
from data_access.models import ServiceActivity
from data_access.services import SERVICE_BY_CODE

REPORT_DATE = DEMO_AS_OF
OWNER = "rapid"
SEED = 20150701

# (service, category): cases from the service's start to the report date
TOTALS = {
    ("rapid_admin", "procedure"): 197,
    ("rapid_admin", "building_permit"): 75,
    ("rapid_admin", "regulation"): 19,
    ("helper", "consultation"): 2_617,
    ("truck", "guidance"): 1_690,
    ("truck", "intake"): 354,
    ("legal", "advice"): 122,
}
HELPER_DAYS_OFF = 4  # working days without a helper desk (training), to the report date


def _operating_days(service: str, last_day: dt.date) -> list[dt.date]:
    """The days a service ran, from its start to `last_day` (deterministic per service)."""
    start = SERVICE_BY_CODE[service].started_on
    public = holidays()
    working = [d for d in days_between(start, last_day) if d.weekday() < 5 and d not in public]  # org.is_working_day
    if service == "helper":
        calibrated = [d for d in working if d <= REPORT_DATE]
        rng = random.Random(f"{SEED}:helper-days-off")
        off = {calibrated[i] for i in sample_weighted(rng, HELPER_DAYS_OFF, [1.0] * len(calibrated))}
        return [d for d in working if d not in off]
    if service == "truck":  # 2-4 working days a week (fewer in winter), always on the first day
        rng = random.Random(f"{SEED}:truck-days")
        weeks: dict[tuple[int, int, bool], list[dt.date]] = {}
        for d in working:  # the week of the report date is cut there, so later days never change it
            weeks.setdefault((*d.isocalendar()[:2], d > REPORT_DATE), []).append(d)
        days = []
        for week_days in weeks.values():
            if start in week_days:
                days += [d for d in week_days if d >= start][:3]
                continue
            month = week_days[0].month
            want = rng.randint(2, 3) if month in (12, 1, 2) else rng.randint(2, 4)
            days += sorted(rng.sample(week_days, min(want, len(week_days))))
        return days
    return working


def _day_weight(rng: random.Random, service: str, day: dt.date) -> float:
    season = {1: 0.8, 2: 0.85, 7: 1.1, 8: 1.05, 12: 0.9}.get(day.month, 1.0)
    monday = 1.15 if day.weekday() == 0 else 1.0
    return season * monday * noise(rng, 0.25 if service in ("helper", "truck") else 0.4)


def generate(as_of: dt.date) -> list[dict]:
    """The service_activity rows (without division) up to `as_of`, cases > 0 only."""
    last_day = max(as_of, REPORT_DATE)
    rows: list[dict] = []
    for service in dict.fromkeys(s for s, _ in TOTALS):
        days = _operating_days(service, last_day)
        n_cal = sum(1 for d in days if d <= REPORT_DATE)
        rng = random.Random(f"{SEED}:{service}:weights")
        weights = [_day_weight(rng, service, d) for d in days]
        for (svc, category), total in TOTALS.items():
            if svc != service:
                continue
            if service in ("helper",) or category == "guidance":  # every operating day has cases
                counts = allocate(total, weights[:n_cal])
            else:
                counts = scatter(random.Random(f"{SEED}:{service}:{category}"), total, weights[:n_cal])
            if len(days) > n_cal:
                later_rng = random.Random(f"{SEED}:{service}:{category}:later")
                pace = total / sum(weights[:n_cal])
                counts += scatter(later_rng, round(pace * sum(weights[n_cal:])), weights[n_cal:])
            rows += [{"day": d, "service": service, "category": category, "cases": n}
                     for d, n in zip(days, counts, strict=True) if n > 0 and d <= as_of]
    return rows


def load(session: Session, *, as_of: dt.date) -> int:
    """Insert the support-service day rows up to `as_of`; returns the rows written."""
    division_id = [code for code, _ko, _en in DIVISIONS].index(OWNER) + 1  # org.load numbers them 1..5
    rows = [{**row, "division_id": division_id} for row in generate(as_of)]
    if rows:
        session.execute(insert(ServiceActivity), rows)
    return len(rows)
