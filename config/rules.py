"""Business rules the metrics and pages share (one place each; the metric layer reads them).

- IMMINENT_DAYS: a complaint is 임박 (imminent) when its deadline falls within the next 2 days.
- The 응답소 window: from 1 January to the end of the last complete month before the as-of date
  (the report's "응답소 민원 처리현황 72,168건(508건/일)").
- HALL_OPENING: 시민청 opened on 12 January 2013 (cumulative figures count from it).
- SNS_MAIN_KINDS: the report's SNS table counts SNS and blog channels; the Plus Friend messenger
  is counted apart.
"""
from __future__ import annotations

import datetime as dt

IMMINENT_DAYS = 2
HALL_OPENING = dt.date(2013, 1, 12)
SNS_MAIN_KINDS: tuple[str, ...] = ("sns", "blog")


def eungdapso_window(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """(1 January, end of the last complete month before `as_of`) — the 응답소 reporting window.

    The as-of date's own month never counts (even on its last day); in January the window is last
    year's whole year.
    """
    end = dt.date(as_of.year, as_of.month, 1) - dt.timedelta(days=1)
    return dt.date(end.year, 1, 1), end
