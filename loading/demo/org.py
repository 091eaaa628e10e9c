"""Reference data: the five divisions, their 22 teams, the 인력 table, holidays and channels."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from data_access.models import ComplaintChannel, Department, Division, Holiday, StaffCount

AS_OF_STAFF = dt.date(2016, 8, 10)

DIVISIONS = [
    # code, Korean name, English name
    ("civic", "시민소통담당관", "Citizen Communication Division"),
    ("brand", "도시브랜드담당관", "City Brand Division"),
    ("service", "시민봉사담당관", "Citizen Service Division"),
    ("newmedia", "뉴미디어담당관", "New Media Division"),
    ("rapid", "신속행정담당관", "Rapid Administration Division"),
]

DEPARTMENTS = {
    "civic": [
        ("civic_plan", "시민소통기획팀", "Communication Planning Team"),
        ("civic_press", "언론매체홍보팀", "Press Media Team"),
        ("civic_ad", "시정광고팀", "City Advertising Team"),
        ("civic_hall", "시민청운영팀", "Citizen Hall Team"),
        ("civic_field", "현장소통팀", "Field Communication Team"),
        ("civic_poll", "시정여론팀", "Public Opinion Team"),
        ("civic_pub", "시정간행물팀", "City Publications Team"),
    ],
    "brand": [
        ("brand_plan", "브랜드기획팀", "Brand Planning Team"),
        ("brand_mkt", "브랜드마케팅팀", "Brand Marketing Team"),
        ("brand_foreign", "외국어홍보팀", "Foreign-Language PR Team"),
    ],
    "service": [
        ("service_plan", "민원기획팀", "Complaint Planning Team"),
        ("service_quality", "민원품질팀", "Service Quality Team"),
        ("service_eungdap", "응답소운영팀", "Eungdapso Team"),
        ("service_120", "120운영팀", "120 Call Centre Team"),
        ("service_open", "열린민원실팀", "Open Complaints Office Team"),
    ],
    "newmedia": [
        ("newmedia_plan", "뉴미디어기획팀", "New Media Planning Team"),
        ("newmedia_social", "소셜미디어팀", "Social Media Team"),
        ("newmedia_web", "웹콘텐츠팀", "Web Content Team"),
        ("newmedia_portal", "포털협력팀", "Portal Partnership Team"),
    ],
    "rapid": [
        ("rapid_admin", "신속행정팀", "Rapid Administration Team"),
        ("rapid_close", "밀착행정팀", "Close Support Team"),
        ("rapid_mediate", "민원조정팀", "Complaint Mediation Team"),
    ],
}

# The report's 인력 table (2016-08-10): (job_group, grade) columns, then quota and current rows.
STAFF_COLUMNS = [
    ("admin_tech", "2급"), ("admin_tech", "4급"), ("admin_tech", "5급"), ("admin_tech", "6급"),
    ("admin_tech", "7급 이하"), ("fixed_term", "4급"), ("fixed_term", "5급"), ("fixed_term", "6급 이하"),
    ("other", "관리운영·전문경력"),
]
STAFF = {  # division: (quota per column, current per column); '-' in the report is 0
    "civic": ([1, 1, 6, 12, 6, 0, 1, 16, 2], [1, 1, 5, 10, 13, 0, 1, 16, 3]),
    "brand": ([0, 0, 3, 3, 2, 1, 0, 4, 0], [0, 0, 3, 3, 3, 1, 0, 4, 0]),
    "service": ([0, 1, 7, 14, 19, 0, 0, 2, 3], [0, 0, 8, 11, 18, 0, 0, 2, 7]),
    "newmedia": ([0, 0, 2, 4, 3, 1, 2, 10, 0], [0, 0, 1, 4, 4, 1, 2, 9, 0]),
    "rapid": ([0, 1, 2, 6, 3, 0, 0, 0, 0], [0, 1, 2, 4, 5, 0, 0, 0, 0]),
}

# Public holidays (weekday or not) 2013-2016; kind 'new_year' / 'seollal' / 'chuseok' days close 시민청.
HOLIDAYS = [
    ("2013-01-01", "신정", "New Year's Day"), ("2013-02-09", "설날 연휴", "Seollal holiday"),
    ("2013-02-10", "설날", "Seollal"), ("2013-02-11", "설날 연휴", "Seollal holiday"),
    ("2013-03-01", "삼일절", "Independence Movement Day"), ("2013-05-05", "어린이날", "Children's Day"),
    ("2013-05-17", "부처님오신날", "Buddha's Birthday"), ("2013-06-06", "현충일", "Memorial Day"),
    ("2013-08-15", "광복절", "Liberation Day"), ("2013-09-18", "추석 연휴", "Chuseok holiday"),
    ("2013-09-19", "추석", "Chuseok"), ("2013-09-20", "추석 연휴", "Chuseok holiday"),
    ("2013-10-03", "개천절", "National Foundation Day"), ("2013-10-09", "한글날", "Hangul Day"),
    ("2013-12-25", "성탄절", "Christmas Day"),
    ("2014-01-01", "신정", "New Year's Day"), ("2014-01-30", "설날 연휴", "Seollal holiday"),
    ("2014-01-31", "설날", "Seollal"), ("2014-02-01", "설날 연휴", "Seollal holiday"),
    ("2014-03-01", "삼일절", "Independence Movement Day"), ("2014-05-05", "어린이날", "Children's Day"),
    ("2014-05-06", "부처님오신날", "Buddha's Birthday"), ("2014-06-04", "지방선거", "Local elections"),
    ("2014-06-06", "현충일", "Memorial Day"), ("2014-08-15", "광복절", "Liberation Day"),
    ("2014-09-07", "추석 연휴", "Chuseok holiday"), ("2014-09-08", "추석", "Chuseok"),
    ("2014-09-09", "추석 연휴", "Chuseok holiday"), ("2014-09-10", "대체공휴일", "Substitute holiday"),
    ("2014-10-03", "개천절", "National Foundation Day"), ("2014-10-09", "한글날", "Hangul Day"),
    ("2014-12-25", "성탄절", "Christmas Day"),
    ("2015-01-01", "신정", "New Year's Day"), ("2015-02-18", "설날 연휴", "Seollal holiday"),
    ("2015-02-19", "설날", "Seollal"), ("2015-02-20", "설날 연휴", "Seollal holiday"),
    ("2015-03-01", "삼일절", "Independence Movement Day"), ("2015-05-05", "어린이날", "Children's Day"),
    ("2015-05-25", "부처님오신날", "Buddha's Birthday"), ("2015-06-06", "현충일", "Memorial Day"),
    ("2015-08-14", "임시공휴일", "Temporary holiday"), ("2015-08-15", "광복절", "Liberation Day"),
    ("2015-09-26", "추석 연휴", "Chuseok holiday"), ("2015-09-27", "추석", "Chuseok"),
    ("2015-09-28", "추석 연휴", "Chuseok holiday"), ("2015-09-29", "대체공휴일", "Substitute holiday"),
    ("2015-10-03", "개천절", "National Foundation Day"), ("2015-10-09", "한글날", "Hangul Day"),
    ("2015-12-25", "성탄절", "Christmas Day"),
    ("2016-01-01", "신정", "New Year's Day"), ("2016-02-07", "설날 연휴", "Seollal holiday"),
    ("2016-02-08", "설날", "Seollal"), ("2016-02-09", "설날 연휴", "Seollal holiday"),
    ("2016-02-10", "대체공휴일", "Substitute holiday"), ("2016-03-01", "삼일절", "Independence Movement Day"),
    ("2016-04-13", "국회의원선거", "General election"), ("2016-05-05", "어린이날", "Children's Day"),
    ("2016-05-06", "임시공휴일", "Temporary holiday"), ("2016-05-14", "부처님오신날", "Buddha's Birthday"),
    ("2016-06-06", "현충일", "Memorial Day"), ("2016-08-15", "광복절", "Liberation Day"),
    ("2016-09-14", "추석 연휴", "Chuseok holiday"), ("2016-09-15", "추석", "Chuseok"),
    ("2016-09-16", "추석 연휴", "Chuseok holiday"), ("2016-10-03", "개천절", "National Foundation Day"),
    ("2016-10-09", "한글날", "Hangul Day"), ("2016-12-25", "성탄절", "Christmas Day"),
]
# Days 시민청 is closed: 1 January, 설날 and 추석 (the day itself), as the report says.
HALL_CLOSURE_NAMES = {"신정", "설날", "추석"}

COMPLAINT_CHANNELS = [
    ("eungdapso", "응답소", "Eungdapso (online)"),
    ("call120", "120다산콜", "120 Dasan Call"),
    ("visit", "방문", "In person"),
    ("mail", "우편·팩스", "Mail and fax"),
]


def holidays() -> dict[dt.date, tuple[str, str]]:
    return {dt.date.fromisoformat(d): (ko, en) for d, ko, en in HOLIDAYS}


def is_working_day(day: dt.date) -> bool:
    """Weekdays that are not public holidays (used by demo generators)."""
    return day.weekday() < 5 and day not in holidays()


def load(session: Session, *, as_of: dt.date) -> int:
    """Insert divisions, departments, the staff table, holidays and complaint channels."""
    rows = 0
    for order, (code, ko, en) in enumerate(DIVISIONS, start=1):
        session.add(Division(id=order, code=code, name_ko=ko, name_en=en, sort_order=order))
        rows += 1
    session.flush()
    div_id = {code: i for i, (code, _, _) in enumerate(DIVISIONS, start=1)}
    for division, teams in DEPARTMENTS.items():
        for code, ko, en in teams:
            session.add(Department(code=code, division_id=div_id[division], name_ko=ko, name_en=en))
            rows += 1
    for division, (quota, current) in STAFF.items():
        for (group, grade), q, c in zip(STAFF_COLUMNS, quota, current, strict=True):
            session.add(StaffCount(division_id=div_id[division], as_of=AS_OF_STAFF, job_group=group,
                                   grade=grade, quota=q, current=c))
            rows += 1
    for day, (ko, en) in holidays().items():
        session.add(Holiday(day=day, name_ko=ko, name_en=en))
        rows += 1
    for i, (code, ko, en) in enumerate(COMPLAINT_CHANNELS, start=1):
        session.add(ComplaintChannel(id=i, code=code, name_ko=ko, name_en=en))
        rows += 1
    session.flush()
    return rows
