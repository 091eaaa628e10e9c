"""validate.py (pure, no database): spellings of numbers, dates and times - Korean ones included -
dates after today, and dates far beyond the file's others (review items)."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from loading.importing.specs import SPECS
from loading.importing.validate import Reference, Validator

D = dt.date


def test_validator_reads_timestamp_and_number_spellings_without_a_database():
    """Offsets, Z, naive Seoul time, short times and thousands separators all read as the same values."""
    reference = Reference(departments={"service_eungdap": (1, 3)}, complaint_channels={"eungdapso": 1})
    spellings = ["2016-08-10T09:15:00+09:00", "2016-08-10T00:15:00Z", "2016-08-10 09:15:00", "2016-08-10 9:15",
                 "2016/08/10 09:15", "2016.8.10 09:15:00", "2016-08-10T02:15:00+02:00"]
    frame = pd.DataFrame([[f"X{i}", s, s, "", "eungdapso", "service_eungdap"] for i, s in enumerate(spellings)],
                         dtype=str)
    validator = Validator("complaints", reference)
    assert validator.begin(SPECS["complaints"].names)
    typed = validator.check_chunk(frame, np.arange(2, 2 + len(spellings)))
    assert validator.errors.total == 0
    assert set(typed["received_at"]) == {pd.Timestamp("2016-08-10 00:15:00", tz="UTC")}

    validator = Validator("hall_visits", Reference())
    assert validator.begin(["day", "visitors"])
    typed = validator.check_chunk(pd.DataFrame([["2016-08-10", "1,234,567"], ["2016-08-11", " 42 "]], dtype=str),
                                  np.array([2, 3]))
    assert validator.errors.total == 0 and typed["visitors"].tolist() == [1_234_567, 42]


def test_validator_refuses_dates_after_today():
    """A day after today (the validator's clock, Seoul) is refused; today itself is fine."""
    validator = Validator("hall_visits", Reference(), today=D(2016, 8, 10))
    assert validator.begin(["day", "visitors"])
    validator.check_chunk(pd.DataFrame([["2016-08-10", "1"], ["2016-08-11", "2"]], dtype=str), np.array([2, 3]))
    assert [(p.row, p.column, p.key) for p in validator.errors.items] == [(3, "day", "import.future_date")]


def _read(dataset: str, header: list[str], rows: list[list[str]], reference: Reference | None = None,
          today: dt.date = D(2026, 1, 1)) -> tuple[Validator, pd.DataFrame]:
    validator = Validator(dataset, reference or Reference(), today=today)
    assert validator.begin(header)
    typed = validator.check_chunk(pd.DataFrame(rows, dtype=str), np.arange(2, 2 + len(rows)))
    validator.finish()
    return validator, typed


def test_full_width_digits_and_separators_read_as_ascii():
    """１３０,０００,０００ (full-width digits and comma) is 130,000,000; full-width dates read too (NFKC)."""
    validator, typed = _read("hall_visits", ["day", "visitors"],
                             [["２０１６－０８－１０", "１３０，０００"], ["2016-08-11", "１３０,０００,０００"]])
    assert validator.errors.total == 0, [p.line("en") for p in validator.errors.items]
    assert typed["visitors"].tolist() == [130_000, 130_000_000]
    assert typed["day"].dt.date.tolist() == [D(2016, 8, 10), D(2016, 8, 11)]


def test_other_unicode_digits_are_refused_with_an_example_not_a_crash():
    """Digits NFKC leaves alone (Arabic-Indic ١٢) are refused with row, column and an accepted example."""
    validator, _ = _read("hall_visits", ["day", "visitors"], [["2016-08-10", "١٢"]])
    [problem] = validator.errors.items
    assert (problem.row, problem.column, problem.key) == (2, "visitors", "import.not_integer")
    assert "130,000,000" in problem.line("ko") and "130,000,000" in problem.line("en")


def test_korean_date_styles_are_dates():
    """The official style 2016. 8. 12. (the app's own), 2016년 8월 12일 and the dotted forms are one day."""
    spellings = ["2016. 8. 12.", "2016.8.12", "2016. 08. 12", "2016년 8월 12일", "2016/8/12", "2016-08-12"]
    validator, typed = _read("sns_followers", ["channel_code", "day", "followers"],
                             [[f"c{i}", s, "1"] for i, s in enumerate(spellings)],
                             Reference(sns_channels={f"c{i}": (i, D(2010, 1, 1)) for i in range(len(spellings))}))
    assert validator.errors.total == 0, [p.line("en") for p in validator.errors.items]
    assert set(typed["day"].dt.date) == {D(2016, 8, 12)}


def test_am_pm_times_are_read_on_a_twelve_hour_clock():
    """오전/오후 (or AM/PM) before or after the time: 오후 3:15 = 15:15, 오전 12:05 = 00:05, 오후 12:05 = 12:05."""
    reference = Reference(departments={"d": (1, 1)}, complaint_channels={"c": 1})
    cases = {"2016. 8. 12. 오후 3:15": "2016-08-12 15:15", "2016-08-12 오전 9:15:30": "2016-08-12 09:15:30",
             "2016-08-12 3:15 PM": "2016-08-12 15:15", "2016-08-12 오전 12:05": "2016-08-12 00:05",
             "2016-08-12 오후 12:05": "2016-08-12 12:05", "2016년 8월 12일 오후 1:00": "2016-08-12 13:00"}
    rows = [[f"X{i}", value, value, "", "c", "d"] for i, value in enumerate(cases)]
    validator, typed = _read("complaints", SPECS["complaints"].names, rows, reference)
    assert validator.errors.total == 0, [p.line("en") for p in validator.errors.items]
    expected = [pd.Timestamp(v, tz="Asia/Seoul").tz_convert("UTC") for v in cases.values()]
    assert typed["received_at"].tolist() == expected


def test_refused_dates_show_accepted_examples_not_only_yyyy_mm_dd():
    """A refused date says what is accepted - including the Korean style - not just "(YYYY-MM-DD)"."""
    validator, _ = _read("hall_visits", ["day", "visitors"], [["12 August", "1"]])
    [problem] = validator.errors.items
    assert (problem.row, problem.column) == (2, "day")
    assert "2016. 8. 12." in problem.line("ko") and "(YYYY-MM-DD)" not in problem.line("ko")
    validator, _ = _read("complaints", SPECS["complaints"].names,
                         [["X", "2016-08-12 오후 13:00", "2016-08-13 09:00", "", "c", "d"]],
                         Reference(departments={"d": (1, 1)}, complaint_channels={"c": 1}))
    assert [(p.row, p.column, p.key) for p in validator.errors.items] == [(2, "received_at", "import.invalid_timestamp")]


def test_a_date_months_beyond_the_others_is_a_review_item():
    """closed_at 2016.12.08 among complaints closed by 2016-08-10 is a review item with its row and column."""
    reference = Reference(departments={"d": (1, 1)}, complaint_channels={"c": 1})
    rows = [[f"X{i}", f"2016-08-{1 + i % 9:02d} 09:00", "2016-08-20 09:00", f"2016-08-{2 + i % 9:02d} 10:00", "c", "d"]
            for i in range(300)]
    rows[120][3] = "2016.12.08 10:00"
    validator, _ = _read("complaints", SPECS["complaints"].names, rows, reference)
    assert validator.errors.total == 0
    assert [(p.row, p.column, p.key, p.severity) for p in validator.reviews] == [
        (122, "closed_at", "import.date_outlier", "review")]
    assert "2016-12-08" in validator.reviews[0].line("ko") and "2016-08-10" in validator.reviews[0].line("ko")
    rows[120][3] = "2016-08-08 10:00"  # the corrected file has none
    validator, _ = _read("complaints", SPECS["complaints"].names, rows, reference)
    assert validator.reviews == []


def test_a_file_that_covers_a_new_period_is_not_an_outlier():
    """Many rows on the later dates (a new month of data) are not a review item."""
    rows = [[f"2016-06-{d:02d}", "10"] for d in range(1, 11)] + [[f"2016-09-{d:02d}", "10"] for d in range(1, 11)]
    validator, _ = _read("hall_visits", ["day", "visitors"], rows)
    assert validator.reviews == []
