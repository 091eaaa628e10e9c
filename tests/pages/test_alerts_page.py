"""/alerts (AppTest): the demo's warnings with their numbers, division scoping, the history, refusal."""
from __future__ import annotations

from tests.pages.conftest import make_user
from tests.pages.helpers import page_text, run_page

PAGE = "pages/alerts.py"


def test_executive_sees_rapid_execution_far_below_the_curve(demo_app_env):
    """신속행정담당관's 25.85% against the curve's 52.94% on 2016-08-10: 27.08%p below, with since when."""
    at = run_page(PAGE, make_user("executive"))
    assert not at.exception, at.exception
    text = page_text(at) + " ".join(el.value for el in at.text)
    assert "집행률 25.85%: 목표 곡선 52.94%보다 27.08%p 낮음" in text
    assert "신속행정담당관" in text
    assert "경보 이력" in text


def test_division_head_sees_only_their_division(demo_app_env):
    """The head of 시민봉사담당관 sees no other division's warning (no 신속행정 execution warning)."""
    at = run_page(PAGE, make_user("division_head", "service"))
    assert not at.exception, at.exception
    text = " ".join(el.value for el in at.text)
    assert "25.85%" not in text and "신속행정담당관" not in text and "기획관 전체" not in text


def test_english(demo_app_env):
    at = run_page(PAGE, make_user("executive"), lang="en")
    assert not at.exception, at.exception
    text = " ".join(el.value for el in at.text)
    assert "Execution 25.85%: 27.08 pp below the target curve's 52.94%" in text


def test_display_is_refused(demo_app_env):
    at = run_page(PAGE, make_user("display"))
    assert [e.value for e in at.error] and not at.text
