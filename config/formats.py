"""Number formats as the report prints them (pure Python, no Streamlit).

Rounding is half-up, as the report's tables round (Python's round() is banker's rounding).
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

MILLION = 1_000_000
HUNDRED_MILLION = 100_000_000  # 억


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def round_half_up(value: float | int | Decimal, digits: int = 0) -> Decimal:
    quantum = Decimal(1).scaleb(-digits)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def won_to_million(won: int) -> int:
    """Won to 백만원, rounded half-up as the report rounds."""
    return int(round_half_up(Decimal(int(won)) / MILLION, 0))


def fmt_rate(pct: float | None, digits: int = 2) -> str:
    """A rate in percent with two decimals: 53.07%."""
    if _missing(pct):
        return "–"
    return f"{round_half_up(pct, digits):,.{digits}f}%"


def fmt_pp(delta: float | None, lang: str = "ko", digits: int = 2) -> str:
    """A change of a rate in percentage points: +0.22%p / +0.22 pp."""
    if _missing(delta):
        return "–"
    unit = "%p" if lang == "ko" else " pp"
    return f"{round_half_up(delta, digits):+,.{digits}f}{unit}"


def fmt_count(n: int | float | None, unit: str = "") -> str:
    """A count with thousands separators and an optional unit: 6,276,585명."""
    if _missing(n):
        return "–"
    return f"{int(round_half_up(n, 0)):,}{unit}"


def fmt_million(won: int | None) -> str:
    """Won shown in 백만원 with separators: 41,018 (the unit goes in the column header)."""
    if _missing(won):
        return "–"
    return f"{won_to_million(won):,}"


def fmt_money_headline(won: int | None, lang: str = "ko") -> str:
    """Money for a headline: 410억 1,800만원 style in Korean (억원), KRW 41.02 billion in English."""
    if _missing(won):
        return "–"
    won = int(won)
    if lang == "ko":
        eok = round_half_up(Decimal(won) / HUNDRED_MILLION, 1)
        return f"{eok:,.1f}억원"
    billions = round_half_up(Decimal(won) / 1_000_000_000, 2)
    return f"KRW {billions:,.2f} bn"


def fmt_thousands(n: int | None, lang: str = "ko") -> str:
    """Followers as the report prints them: 158천명 / 158k."""
    if _missing(n):
        return "–"
    k = int(round_half_up(Decimal(int(n)) / 1000, 0))
    return f"{k:,}천명" if lang == "ko" else f"{k:,}k"


def pct(part: float | int | None, whole: float | int | None) -> float | None:
    """part / whole in percent; None when the whole is zero or missing (no division by zero)."""
    if _missing(part) or _missing(whole) or not whole:
        return None
    return float(part) * 100.0 / float(whole)


def fmt_date(day, lang: str = "ko") -> str:
    """A date as Seoul staff write it (2016. 8. 10.) or in English (10 Aug 2016)."""
    if day is None:
        return "–"
    if lang == "ko":
        return f"{day.year}. {day.month}. {day.day}."
    return day.strftime("%-d %b %Y")


def fmt_datetime(moment, lang: str = "ko", *, seconds: bool = False) -> str:
    """A time of day as Seoul staff write it (2026. 12. 1. 09:05) or in English (1 Dec 2026 09:05);
    an aware time is shown in Seoul time (the server's clock zone does not matter)."""
    if _missing(moment) or moment != moment:  # None, NaN, NaT
        return "–"
    if getattr(moment, "tzinfo", None) is not None:
        from zoneinfo import ZoneInfo

        moment = moment.astimezone(ZoneInfo("Asia/Seoul"))
    clock = moment.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{fmt_date(moment, lang)} {clock}"


# The same, for a grid column of dates or times (Streamlit's DateColumn / DatetimeColumn take
# moment.js patterns): the column keeps its values, so it sorts by time, and downloads get dates.
DATE_COLUMN_FORMAT = {"ko": "YYYY. M. D.", "en": "D MMM YYYY"}
DATETIME_COLUMN_FORMAT = {"ko": "YYYY. M. D. HH:mm", "en": "D MMM YYYY HH:mm"}
DATETIME_SECONDS_COLUMN_FORMAT = {"ko": "YYYY. M. D. HH:mm:ss", "en": "D MMM YYYY HH:mm:ss"}
