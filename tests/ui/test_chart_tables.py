"""Charts as tables: the figures a chart shows, read from its spec, labelled and formatted as the report writes them."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from charts import budget, complaints
from ui.chart_tables import frames
from ui.widgets import vega_lite_spec


def _tables(chart, lang):
    return frames(vega_lite_spec(chart), lang)


def test_bars_become_a_row_per_bar_with_the_tooltips_labels_and_decimals():
    """Execution by division: one row per division, 백만원 with separators, the rate with two decimals, "–" when missing."""
    data = pd.DataFrame({"name_ko": ["가과", "[공지](http://x)"], "name_en": ["A", "B"],
                         "current_budget_won": [1_234_500_000, 2_000_000], "executed_won": [700_400_000, None],
                         "execution_rate": [56.735, None]})
    (table,) = _tables(budget.execution_by_division(data, "ko"), "ko")
    assert list(table.columns) == ["부서", "예산현액(A+B)", "집행액", "집행률(%)"]
    assert table.values.tolist() == [["가과", "1,235", "700", "56.74"], ["[공지](http://x)", "2", "–", "–"]]


def test_lines_of_one_chart_share_a_table_with_their_series_and_dates_as_written():
    """Actual and target lines: one table, the series named, dates `2016. 8. 10.` (English `10 Aug 2016`)."""
    actual = pd.DataFrame({"as_of": [dt.date(2016, 7, 31), dt.date(2016, 8, 10)], "execution_rate": [51.35, 53.07]})
    target = pd.DataFrame({"as_of": [dt.date(2016, 8, 31)], "execution_rate": [57.0]})
    (ko,) = _tables(budget.execution_trend(actual, target, "ko"), "ko")
    assert ko.values.tolist() == [["실적", "2016. 7. 31.", "51.35"], ["실적", "2016. 8. 10.", "53.07"],
                                  ["목표", "2016. 8. 31.", "57.00"]]
    (en,) = _tables(budget.execution_trend(actual, target, "en"), "en")
    assert list(en.columns) == ["Series", "Period", "Execution rate (%)"]
    assert en.values.tolist()[1] == ["Actual", "10 Aug 2016", "53.07"]


def test_a_daily_series_keeps_its_daily_value_and_its_seven_day_average():
    """Daily volume: the day's count and the 7-day average (computed here by hand), a missing day "–"."""
    data = pd.DataFrame({"day": pd.date_range("2016-08-01", periods=3), "received": [10, 20, None], "closed": [5, 6, 7]})
    (table,) = _tables(complaints.daily_volume(data, "ko"), "ko")
    assert list(table.columns) == ["기간", "구분", "건수", "7일 평균"]
    assert table.values.tolist() == [
        ["2016. 8. 1.", "접수", "10", "10.0"], ["2016. 8. 2.", "접수", "20", "15.0"], ["2016. 8. 3.", "접수", "–", "15.0"],
        ["2016. 8. 1.", "처리", "5", "5.0"], ["2016. 8. 2.", "처리", "6", "5.5"], ["2016. 8. 3.", "처리", "7", "6.0"]]


def test_an_empty_chart_has_no_table():
    """A chart with nothing to draw gives no table (the page says 'no data' instead)."""
    assert _tables(budget.execution_by_division(pd.DataFrame(), "ko"), "ko") == []
