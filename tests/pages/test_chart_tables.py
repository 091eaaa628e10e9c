"""표로 보기: with the switch on, every chart page shows its charts' figures as static tables instead of charts."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.helpers import EXEC, ROOT, tables

MISSING_WORDS = re.compile(r"(?<![A-Za-z])(None|nan|NaN|NaT|<NA>)(?![A-Za-z])")
# page -> how many charts it draws for the executive (each becomes at least one table)
CHART_PAGES = {"pages/budget.py": 3, "pages/complaints.py": 6, "pages/citizen_hall.py": 4, "pages/brand.py": 5,
               "pages/sns.py": 3, "pages/divisions.py": 0, "pages/alerts.py": 0, "pages/overview.py": 0}


def run_with_tables(path: str, user=EXEC, lang: str = "ko", on: bool = True) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=180)
    at.session_state["current_user"] = user
    at.session_state["lang"] = lang
    at.session_state["charts_as_tables"] = on
    at.run()
    assert not at.exception, at.exception
    return at


def chart_tables(at: AppTest) -> list:
    """Every static table's cells as the browser shows them."""
    return [tb.reset_index().astype(str) for tb in tables(at)]


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("path", list(CHART_PAGES))
def test_no_chart_is_drawn_and_no_cell_reads_none(demo_app_env, path, lang):
    """With the switch on no Vega-Lite chart is left, each chart's label is there, and no cell reads None/nan."""
    off = run_with_tables(path, lang=lang, on=False)
    charts = len(off.get("vega_lite_chart"))
    assert charts >= CHART_PAGES[path]
    at = run_with_tables(path, lang=lang)
    assert len(at.get("vega_lite_chart")) == 0
    label = "차트 자료 (표)" if lang == "ko" else "Chart data (table)"
    assert sum(label in md.value for md in at.markdown) == charts
    cells = "\n".join(tb.reset_index().to_string() for tb in tables(at))
    assert MISSING_WORDS.findall(cells) == []


def _row(tables, first: str) -> list[str]:
    for table in tables:
        frame = table
        hits = frame[frame.iloc[:, 0].astype(str) == first]
        if len(hits):
            return [str(v) for v in hits.iloc[0].tolist()]
    raise AssertionError(f"no table row starts with {first!r}")


def test_budget_tables_carry_the_division_rates_of_the_query(demo_app_env):
    """Each division's 집행률 (from the data layer, formatted here) stands in its row of the chart's table."""
    from data_access import budget
    from data_access.db import get_engine
    from data_access.scope import Scope

    rows = budget.execution_by_division(engine=get_engine(), scope=Scope.office(), as_of=dt.date(2016, 8, 10), division=None)
    at = run_with_tables("pages/budget.py")
    tables = chart_tables(at)
    assert len(rows) == 5
    for r in rows.itertuples():
        assert _row(tables, r.name_ko)[-1] == f"{r.execution_rate:.2f}", r.name_ko
    rows = [r for t in tables for r in t.values.tolist()]
    assert ["실적", "2016. 8. 10.", "53.07"] in rows  # the trend's last point, its date as written
    assert not [r for r in rows if any(re.fullmatch(r"\d{4}-\d\d-\d\d.*", c) for c in r)]  # no ISO dates


def test_complaints_tables_carry_the_channel_figures(demo_app_env):
    """The channel chart's table: 응답소 with its due, delayed and rate (the 2016 report's 75,481 / 4,639 / 6.15)."""
    at = run_with_tables("pages/complaints.py")
    assert _row(chart_tables(at), "응답소") == ["응답소", "75,481", "4,639", "6.15"]


def test_english_tables_have_english_headings(demo_app_env):
    """In English the tables' column headings are English (names from data excepted)."""
    at = run_with_tables("pages/citizen_hall.py", lang="en")
    headings = [str(c) for tb in tables(at) for c in [tb.index.name, *tb.columns]]
    assert headings and not [h for h in headings if re.search(r"[\uac00-\ud7a3]", h)]


def test_division_heads_landing_page_shows_its_three_charts_as_tables(demo_app_env):
    """/divisions for a division head: execution trend, delay by month and programme status, each as a table."""
    from tests.pages.conftest import make_user

    head = make_user("division_head", "rapid")
    off = run_with_tables("pages/divisions.py", user=head, on=False)
    assert len(off.get("vega_lite_chart")) >= 3
    at = run_with_tables("pages/divisions.py", user=head)
    assert len(at.get("vega_lite_chart")) == 0
    assert sum("차트 자료 (표)" in md.value for md in at.markdown) == len(off.get("vega_lite_chart"))
    rows = [r for t in chart_tables(at) for r in t.values.tolist()]
    assert any(r[0] == "실적" and r[1] == "2016. 8. 10." for r in rows)  # the division's own trend, dated as written
