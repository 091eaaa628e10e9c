"""/alerts (AppTest): the demo's warnings with their numbers, division scoping, the history, refusal."""
from __future__ import annotations

from tests.pages.conftest import make_user
from tests.pages.helpers import html_text, page_text, run_page

PAGE = "pages/alerts.py"


def test_executive_sees_rapid_execution_far_below_the_curve(demo_app_env):
    """신속행정담당관's 25.85% against the curve's 52.94% on 2016-08-10: 27.08%p below, with since when."""
    at = run_page(PAGE, make_user("executive"))
    assert not at.exception, at.exception
    text = page_text(at)
    assert "집행률 25.85%: 목표 곡선 52.94%보다 27.08%p 낮음" in text
    assert "신속행정담당관" in text
    assert "경보 이력" in text


def test_division_head_sees_only_their_division(demo_app_env):
    """The head of 시민봉사담당관 sees no other division's warning (no 신속행정 execution warning)."""
    at = run_page(PAGE, make_user("division_head", "service"))
    assert not at.exception, at.exception
    text = html_text(at)
    assert "25.85%" not in text and "신속행정담당관" not in text and "기획관 전체" not in text


def test_english(demo_app_env):
    at = run_page(PAGE, make_user("executive"), lang="en")
    assert not at.exception, at.exception
    text = html_text(at)
    assert "Execution 25.85%: 27.08 pp below the target curve's 52.94%" in text


def test_display_is_refused(demo_app_env):
    at = run_page(PAGE, make_user("display"))
    assert [e.value for e in at.error] and not at.text and not html_text(at)


def test_division_head_explains_their_warning_beside_it(demo_app_env):
    """신속행정담당관's head writes 부진사유·대책 for their execution warning on /alerts: the form offers only
    their own division's warnings, and the text shows on the page as typed (never Markdown)."""
    from data_access import explanations as ex
    from data_access.db import get_engine
    from data_access.scope import Scope

    from ui.explanations import form_open_key

    head = make_user("division_head", "rapid")
    at = run_page(PAGE, head, state={form_open_key("alerts_explain"): True})
    assert not at.exception, at.exception
    pick = at.selectbox(key="alerts_explain_pick")
    assert pick.options and all(option.endswith(" · 신속행정담당관") for option in pick.options), pick.options
    reason, plan = "**계약 지연**: 하반기 집행 예정\n8월 계약", "9월 착수"
    [reason_area] = [w for w in at.text_area if w.key.endswith("_reason")]
    [plan_area] = [w for w in at.text_area if w.key.endswith("_plan")]
    reason_area.input(reason)
    plan_area.input(plan)
    next(b for b in at.button if b.label == "저장").click()
    at.run()
    assert not at.exception, at.exception
    assert reason in [str(el.value) for el in at.text]
    saved = ex.latest_explanations(engine=get_engine(), scope=Scope("rapid"), subject_kind="alert")
    assert reason in set(saved["reason"]) and set(saved["division_code"]) == {"rapid"}
