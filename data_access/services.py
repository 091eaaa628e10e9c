"""행정서비스 밀착지원 (support services) of 신속행정담당관: daily case counts per service and category.

Services (service code: name, 운영개시) and their categories:
- rapid_admin 신속행정 지원: procedure 절차 컨설팅, building_permit 건축허가 상담, regulation 임의규제 개선
- helper 민원도우미 ('16.1.1): consultation 민원 상담
- truck 찾아가는 응답소(시청트럭) ('15.7.1): guidance 안내, intake 상담 및 접수
- legal 민원법률자문 ('16.1.1): advice 법률상담

Definitions: cases = SUM of the daily cases from the service's first day (운영개시; the pilots
before it are not counted) to the as-of date — the report's 291 / 2,617 / 2,044 / 122 건.
active_days = days with at least one case; per_active_day = cases / active_days (민원도우미:
2,617 / 146 = 17.9건/일).

The rows carry their division; a scope of another division gets empty frames, never an error.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import BigInteger, Engine, Float, Integer, case, cast, extract, func, select

from data_access.models import Division, ServiceActivity
from data_access.scope import Scope


@dataclass(frozen=True)
class ServiceInfo:
    code: str
    name_ko: str
    name_en: str
    started_on: dt.date  # 운영개시
    categories: tuple[tuple[str, str, str], ...]  # (code, name_ko, name_en)


SERVICES: tuple[ServiceInfo, ...] = (
    ServiceInfo("rapid_admin", "신속행정 지원", "Rapid administration support", dt.date(2016, 1, 1), (
        ("procedure", "절차 컨설팅", "Procedure consulting"),
        ("building_permit", "건축허가 상담", "Building-permit advice"),
        ("regulation", "임의규제 개선", "Informal-regulation fixes"),
    )),
    ServiceInfo("helper", "민원도우미", "Complaint helpers", dt.date(2016, 1, 1), (
        ("consultation", "민원 상담", "Complaint counselling"),
    )),
    ServiceInfo("truck", "찾아가는 응답소(시청트럭)", "Mobile Eungdapso (City Hall truck)", dt.date(2015, 7, 1), (
        ("guidance", "안내", "Guidance"),
        ("intake", "상담 및 접수", "Counselling and intake"),
    )),
    ServiceInfo("legal", "민원법률자문", "Legal advice on complaints", dt.date(2016, 1, 1), (
        ("advice", "법률상담", "Legal counselling"),
    )),
)
SERVICE_BY_CODE = {s.code: s for s in SERVICES}
_ORDER = {s.code: i for i, s in enumerate(SERVICES)}
_CATEGORY_ORDER = {(s.code, c[0]): i for s in SERVICES for i, c in enumerate(s.categories)}
_CATEGORY_NAMES = {(s.code, c[0]): (c[1], c[2]) for s in SERVICES for c in s.categories}

TOTAL_COLUMNS = ["service", "service_name_ko", "service_name_en", "category", "category_name_ko",
                 "category_name_en", "started_on", "first_day", "last_day", "cases"]
SUMMARY_COLUMNS = ["service", "service_name_ko", "service_name_en", "started_on", "first_day", "last_day",
                   "cases", "active_days", "per_active_day"]
MONTHLY_COLUMNS = ["year", "month", "service", "service_name_ko", "service_name_en", "category",
                   "category_name_ko", "category_name_en", "cases"]

_A = ServiceActivity


def _scoped(stmt, scope: Scope):
    """Join the division and keep the rows the scope may read."""
    division = scope.restrict(None)
    stmt = stmt.join(Division, Division.id == _A.division_id)
    return stmt if division is None else stmt.where(Division.code == division)


def _label(frame: pd.DataFrame, *, categories: bool) -> pd.DataFrame:
    """Add the catalogue's names (and 운영개시) to code columns."""
    info = [SERVICE_BY_CODE.get(code) for code in frame["service"]]
    frame["service_name_ko"] = [i.name_ko if i else None for i in info]
    frame["service_name_en"] = [i.name_en if i else None for i in info]
    frame["started_on"] = [i.started_on if i else None for i in info]
    if categories:
        names = [_CATEGORY_NAMES.get(key, (None, None)) for key in zip(frame["service"], frame["category"])]
        frame["category_name_ko"] = [n[0] for n in names]
        frame["category_name_en"] = [n[1] for n in names]
    return frame


def _service_order():
    """ORDER BY key: the catalogue's order of services (not alphabetical)."""
    return case(_ORDER, value=_A.service, else_=len(_ORDER))


def _category_order():
    """ORDER BY key: the catalogue's order of categories within a service."""
    return case(*[((_A.service == svc) & (_A.category == cat), i) for (svc, cat), i in _CATEGORY_ORDER.items()],
                else_=99)


def service_totals(*, engine: Engine, scope: Scope, as_of: dt.date,
                   since: dt.date | None = None) -> pd.DataFrame:
    """Cases per service and category from `since` (default: the service's first day) to `as_of`.

    Columns: service, service_name_ko, service_name_en, category, category_name_ko,
    category_name_en, started_on (운영개시), first_day, last_day (days with rows), cases.
    """
    stmt = select(_A.service, _A.category, func.min(_A.day).label("first_day"), func.max(_A.day).label("last_day"),
                  cast(func.sum(_A.cases), BigInteger).label("cases"))
    stmt = _scoped(stmt, scope).where(_A.day <= as_of).group_by(_A.service, _A.category) \
        .order_by(_service_order(), _category_order())
    if since is not None:
        stmt = stmt.where(_A.day >= since)
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(stmt).mappings().all(),
                             columns=["service", "category", "first_day", "last_day", "cases"])
    frame = _label(frame, categories=True)
    return frame[TOTAL_COLUMNS]


def service_summary(*, engine: Engine, scope: Scope, as_of: dt.date,
                    since: dt.date | None = None) -> pd.DataFrame:
    """Cases per service from `since` (default: its first day) to `as_of`, with the per-day average.

    active_days = distinct days with cases > 0; per_active_day = cases / active_days.
    Columns: service, service_name_ko, service_name_en, started_on, first_day, last_day, cases,
    active_days, per_active_day.
    """
    cases = func.sum(_A.cases)
    active = func.count(func.distinct(case((_A.cases > 0, _A.day))))
    stmt = select(_A.service, func.min(_A.day).label("first_day"), func.max(_A.day).label("last_day"),
                  cast(cases, BigInteger).label("cases"), cast(active, Integer).label("active_days"),
                  (cast(cases, Float) / func.nullif(cast(active, Float), 0)).label("per_active_day"))
    stmt = _scoped(stmt, scope).where(_A.day <= as_of).group_by(_A.service).order_by(_service_order())
    if since is not None:
        stmt = stmt.where(_A.day >= since)
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(stmt).mappings().all(),
                             columns=["service", "first_day", "last_day", "cases", "active_days", "per_active_day"])
    frame = _label(frame, categories=False)
    return frame[SUMMARY_COLUMNS]


def service_monthly(*, engine: Engine, scope: Scope, start: dt.date, end: dt.date,
                    service: str | None = None) -> pd.DataFrame:
    """Cases per calendar month, service and category on the days from start to end.

    Columns: year, month, service, service_name_ko, service_name_en, category, category_name_ko,
    category_name_en, cases.
    """
    year = cast(extract("year", _A.day), Integer)
    month = cast(extract("month", _A.day), Integer)
    stmt = select(year.label("year"), month.label("month"), _A.service, _A.category,
                  cast(func.sum(_A.cases), BigInteger).label("cases"))
    stmt = _scoped(stmt, scope).where(_A.day >= start, _A.day <= end).group_by(year, month, _A.service, _A.category) \
        .order_by(year, month, _service_order(), _category_order())
    if service is not None:
        stmt = stmt.where(_A.service == service)
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(stmt).mappings().all(),
                             columns=["year", "month", "service", "category", "cases"])
    frame = _label(frame, categories=True)
    return frame[MONTHLY_COLUMNS]
