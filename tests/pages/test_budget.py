"""예산 집행: the page runs for the executive, shows the 2016 report's figures, and is English in English."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from config.auth import DIVISION_CODES

from tests.pages.conftest import make_user
from tests.pages.helpers import EXEC, ROOT, english_labels_are_english, missing_figures, page_text, kpi_cards, run_page

PAGE = "pages/budget.py"
FIGURES = ["53.07", "41,018", "42,360", "22,481", "40,350", "668", "12,198", "45.31", "4,646", "53.07%", "13.4억원"]


def test_shows_report_figures(demo_app_env):
    """The report's figures, the divisions' rows with their folds opened (a folded division's table is
    built only when opened: the fold's label still carries the division's rate)."""
    folded = run_page(PAGE, EXEC)
    assert not folded.exception, folded.exception
    assert "12,198" not in page_text(folded) and "45.31" in page_text(folded)
    at = run_page(PAGE, EXEC, state={f"budget_rows_{code}_all": True for code in DIVISION_CODES})
    assert not at.exception, at.exception
    assert missing_figures(page_text(at), FIGURES) == []


def test_english_labels(demo_app_env):
    at = run_page(PAGE, EXEC, lang="en")
    assert not at.exception, at.exception
    assert english_labels_are_english(at) == []  # division and programme names are data and stay as stored


def test_page_without_user_renders_nothing(demo_app_env):
    """A page run without a signed-in user (no gate) shows no data at all."""
    at = AppTest.from_file(str(ROOT / "pages/budget.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert "41,018" not in page_text(at)
    assert len(at.metric) == 0 and not kpi_cards(at)


def test_division_head_sees_only_own_budget_rows(demo_app_env):
    """`rapid` sees 신속행정담당관's budget and no other division's rows."""
    at = run_page("pages/budget.py", make_user("division_head", "rapid"))
    assert not at.exception
    text = page_text(at)
    assert "신속행정담당관" in text and "188" in text
    for other in ("시민소통담당관", "도시브랜드담당관", "시민봉사담당관", "뉴미디어담당관", "41,018"):
        assert other not in text, other


def test_an_earlier_snapshot_moves_the_header_and_says_the_comparison(demo_app_env):
    """Choosing an earlier 집계일 changes the header's date and the rate card names the snapshot before."""
    import datetime as dt

    from data_access import budget
    from data_access.db import get_engine
    from data_access.scope import Scope

    dates = budget.budget_snapshot_dates(engine=get_engine(), scope=Scope.office(), as_of=dt.date(2016, 8, 10),
                                         fiscal_year=2016)
    chosen, before = dates[-3], dates[-4]
    at = run_page(PAGE, EXEC)
    at.selectbox(key="budget_snapshot").select(chosen).run()
    assert not at.exception, at.exception
    assert at.caption[0].value == f"기준일 {chosen.year}. {chosen.month}. {chosen.day}."
    card = next(m for m in kpi_cards(at) if m.label == "예산 집행률")
    assert card.delta_description.startswith(f"{before.year}. {before.month}. {before.day}. 집계 ")


def test_whole_table_grid_is_built_only_when_opened(demo_app_env):
    """The folded "whole table" sends no grid or downloads until it is opened; opened, it has both."""
    closed = run_page(PAGE, EXEC)
    assert not closed.exception, closed.exception
    assert len(closed.dataframe) == 0
    opened = run_page(PAGE, EXEC, state={"budget_full_open": True})
    assert len(opened.dataframe) == 1 and "41,018" in page_text(opened)
