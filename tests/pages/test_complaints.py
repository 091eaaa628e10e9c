"""민원 처리: the page runs for the executive, shows the 2016 report's figures, and is English in English."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.pages.helpers import EXEC, ROOT, english_labels_are_english, missing_figures, page_text, run_page

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
        assert len(at.metric) == 0
    finally:
        monkeypatch.undo()
        settings_module.get_settings.cache_clear()
        db.get_engine.cache_clear()
