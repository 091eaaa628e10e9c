"""Every page renders without an exception and shows the report's figures (AppTest, one page per run)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.conftest import make_user

ROOT = Path(__file__).resolve().parents[2]

EXEC = make_user("executive")

# page file -> figures of the 2016 report that must appear on it for the executive
PAGES = {
    "pages/overview.py": ["53.07%", "5.85%", "6,276,585명", "5,315명", "-0.22%p"],
    "pages/budget.py": ["53.07", "41,018", "42,360", "22,481", "40,350", "668", "12,198", "45.31", "4,646"],
    "pages/complaints.py": ["5.85%", "-0.22%p", "72,168건", "508"],
    "pages/citizen_hall.py": ["6,276,585명", "5,315명", "4,717회", "2,700건", "132쌍", "95.9%"],
    "pages/brand.py": ["48,212명", "281,240명", "1,788,628", "25,724,111"],
    "pages/sns.py": ["158천명", "284천명", "85천명", "80천명", "1천명", "681천명", "290,415명"],
    "pages/divisions.py": ["12,198", "45.31", "5,315명", "정원 45명 / 현원 50명"],
    "pages/data_status.py": ["예산", "민원", "시민청 방문", "기준일 2016. 8. 10."],
}


def page_text(at: AppTest) -> str:
    """All text a user reads on the page: headings, markdown, captions, metrics and table cells."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts += [str(el.value) for el in getattr(at, kind)]
    parts += [f"{m.label} {m.value} {m.delta or ''}" for m in at.metric]
    for frame in at.dataframe:  # integers as the browser shows them (format="localized")
        shown = frame.value.map(lambda v: f"{v:,}" if isinstance(v, (int, np.integer)) else v)
        parts.append(shown.to_string())
    for table in at.table:
        parts.append(table.value.reset_index().to_string())
    parts += [str(el.proto.label) for el in at.get("expandable")]
    return "\n".join(parts)


def run_page(path: str, user, *, lang: str | None = None, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=120)
    at.session_state["current_user"] = user
    if lang:
        at.session_state["lang"] = lang
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    return at


@pytest.mark.parametrize("path", list(PAGES))
def test_page_shows_report_figures(demo_app_env, path):
    """The page runs without an exception and every listed report figure is on it."""
    at = run_page(path, EXEC)
    assert not at.exception, at.exception
    text = page_text(at)
    missing = [figure for figure in PAGES[path] if figure not in text]
    assert missing == [], missing


@pytest.mark.parametrize("path", list(PAGES))
def test_page_in_english_has_no_korean_headings(demo_app_env, path):
    """With lang=en the titles, headings and KPI labels are English."""
    at = run_page(path, EXEC, lang="en")
    assert not at.exception, at.exception
    labels = [el.value for el in at.title] + [el.value for el in at.subheader] + [m.label for m in at.metric]
    korean = [label for label in labels if any("\uac00" <= ch <= "\ud7a3" for ch in label)]
    # division and programme names are data and stay as stored; labels are English
    assert korean == [], korean


def test_page_without_user_renders_nothing(demo_app_env):
    """A page run without a signed-in user (no gate) shows no data at all."""
    at = AppTest.from_file(str(ROOT / "pages/budget.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert "41,018" not in page_text(at)
    assert len(at.metric) == 0


def test_division_head_sees_only_own_budget_rows(demo_app_env):
    """`rapid` sees 신속행정담당관's budget and no other division's rows."""
    at = run_page("pages/budget.py", make_user("division_head", "rapid"))
    assert not at.exception
    text = page_text(at)
    assert "신속행정담당관" in text and "188" in text
    for other in ("시민소통담당관", "도시브랜드담당관", "시민봉사담당관", "뉴미디어담당관", "41,018"):
        assert other not in text, other


def test_division_query_parameter_cannot_widen_scope(demo_app_env):
    """?division=civic on the division page of `rapid` still shows only 신속행정담당관."""
    at = run_page("pages/divisions.py", make_user("division_head", "rapid"), query={"division": "civic"})
    assert not at.exception
    text = page_text(at)
    assert "신속행정담당관" in text
    assert "12,198" not in text and "시민청" not in text


def test_division_head_overview_has_only_own_division(demo_app_env):
    """A division head's overview shows only their division's card and figures."""
    at = run_page("pages/overview.py", make_user("division_head", "service"))
    assert not at.exception
    text = page_text(at)
    assert "시민봉사담당관" in text
    assert "시민소통담당관" not in text and "6,276,585" not in text


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
