"""Number formats as the report prints them."""
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from config.formats import fmt_count, fmt_date, fmt_datetime, fmt_million, fmt_money_headline, fmt_pp, fmt_rate, fmt_thousands, pct, won_to_million


def test_rate_two_decimals_half_up():
    """Rates show two decimals rounded half-up: 53.065 -> 53.07%."""
    assert fmt_rate(53.065) == "53.07%"
    assert fmt_rate(5.85) == "5.85%"
    assert fmt_rate(None) == "–"


def test_million_won_rounds_half_up_with_separators():
    """Won to 백만원 rounds half-up: 41,017,500,000 won -> 41,018."""
    assert won_to_million(41_017_500_000) == 41_018
    assert fmt_million(41_017_499_999) == "41,017"


def test_headline_money_in_eok_and_english():
    """Headlines use 억원 in Korean and KRW billions in English."""
    assert fmt_money_headline(41_018_000_000, "ko") == "410.2억원"
    assert fmt_money_headline(41_018_000_000, "en") == "KRW 41.02 bn"


def test_counts_units_and_thousands():
    """Counts carry separators; followers print in 천명 as the report does."""
    assert fmt_count(6_276_585, "명") == "6,276,585명"
    assert fmt_thousands(158_400, "ko") == "158천명"
    assert fmt_thousands(158_500, "en") == "159k"
    assert fmt_pp(-0.22, "ko") == "-0.22%p"


def test_dates_in_both_languages():
    """As-of dates read naturally in Korean and English."""
    assert fmt_date(dt.date(2016, 8, 10), "ko") == "2016. 8. 10."
    assert fmt_date(dt.date(2016, 8, 10), "en") == "10 Aug 2016"


@given(st.integers(min_value=-10**12, max_value=10**12), st.integers(min_value=-10**12, max_value=10**12))
def test_pct_never_divides_by_zero(part, whole):
    """pct() returns None for a zero whole instead of raising."""
    result = pct(part, whole)
    assert (result is None) == (whole == 0)


def test_datetime_as_the_office_writes_it_in_seoul_time():
    import datetime as dt

    utc = dt.datetime(2026, 11, 30, 23, 5, 9, tzinfo=dt.timezone.utc)  # 2026. 12. 1. 08:05 in Seoul
    assert fmt_datetime(utc, "ko") == "2026. 12. 1. 08:05"
    assert fmt_datetime(utc, "en") == "1 Dec 2026 08:05"
    assert fmt_datetime(utc, "ko", seconds=True) == "2026. 12. 1. 08:05:09"
    assert fmt_datetime(dt.datetime(2016, 8, 10, 9, 0), "ko") == "2016. 8. 10. 09:00"  # naive: as given
    import pandas as pd

    assert fmt_datetime(None) == fmt_datetime(pd.NaT) == fmt_datetime(float("nan")) == "–"
