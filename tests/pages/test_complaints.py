"""민원 처리: the page runs for the executive, shows the 2016 report's figures, and is English in English."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.pages.helpers import EXEC, ROOT, english_labels_are_english, missing_figures, page_text, kpi_cards, run_page

PAGE = "pages/complaints.py"
FIGURES = ["5.85%", "-0.22%p", "72,168건", "508건/일"]


def test_shows_report_figures(demo_app_env):
    at = run_page(PAGE, EXEC)
    assert not at.exception, at.exception
    assert missing_figures(page_text(at), FIGURES) == []


def test_english_labels(demo_app_env):
    at = run_page(PAGE, EXEC, lang="en")
    assert not at.exception, at.exception
    assert english_labels_are_english(at) == []  # division and programme names are data and stay as stored


def test_database_outage_gives_warning_and_retry_not_traceback(demo_app_env, monkeypatch):
    """With the database unreachable, a page shows a clear warning and a retry button, no exception."""
    from config import settings as settings_module
    from data_access import db

    import streamlit as st

    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg2://postgres@127.0.0.1:1/unreachable")
    st.cache_data.clear()  # cached figures would hide the outage
    settings_module.get_settings.cache_clear()
    db.get_engine.cache_clear()
    try:
        at = AppTest.from_file(str(ROOT / "pages/complaints.py"), default_timeout=60)
        at.session_state["current_user"] = EXEC
        at.run()
        assert not at.exception
        assert any("데이터베이스에 연결할 수 없습니다" in w.value for w in at.warning)
        assert any(b.label == "다시 시도" for b in at.button)
        assert len(at.metric) == 0 and not kpi_cards(at)
    finally:
        monkeypatch.undo()
        settings_module.get_settings.cache_clear()
        db.get_engine.cache_clear()


def test_a_chosen_span_compares_with_the_same_span_last_year(demo_app_env):
    """With 7–8월 chosen the delay card compares with the same days of 2015, and says so (issue 12):
    August 2016 runs to the as-of date (8. 10.), so the comparison is 2015. 7. 1.~8. 10."""
    import datetime as dt

    from config.formats import fmt_rate
    from data_access import complaints
    from data_access.db import get_engine
    from data_access.scope import Scope

    at = run_page(PAGE, EXEC)
    at.select_slider(key="complaints_months").set_range(7, 8).run()
    assert not at.exception, at.exception
    card = next(m for m in kpi_cards(at) if m.label == "민원처리지연율")
    last = complaints.delay_rate(engine=get_engine(), scope=Scope.office(), start=dt.date(2015, 7, 1),
                                 end=dt.date(2015, 8, 10))
    assert card.delta_description == f"2015. 7. 1.~8. 10. {fmt_rate(last.delay_rate)}"
