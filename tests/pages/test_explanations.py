"""부진사유·대책 on the pages (AppTest): a division head writes one on /budget, it shows as plain text
beside the figure, on /divisions and the overview, and it is printed in the briefing PDF under the figure."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from tests.pages.conftest import make_user
from tests.pages.helpers import run_page
from ui.explanations import form_open_key

CIVIC = make_user("division_head", "civic")
BRAND = make_user("division_head", "brand")
REASON = "**계약 지연**으로 착수가 늦어졌습니다.\n<b>9월</b> 착수 예정"
PLAN = "9월 계약 체결\n10월까지 80% 집행"


def texts(at) -> list[str]:
    return [str(el.value) for el in at.text]


def save(at, reason: str, plan: str):
    [reason_area] = [w for w in at.text_area if w.key.endswith("_reason")]
    [plan_area] = [w for w in at.text_area if w.key.endswith("_plan")]
    reason_area.input(reason)
    plan_area.input(plan)
    [button] = [b for b in at.button if b.label == "저장"]
    button.click()
    at.run()
    return at


@pytest.fixture(scope="module")
def written(demo_app_env):
    """The civic head saves an explanation of their lowest lagging programme on /budget."""
    at = run_page("pages/budget.py", CIVIC, state={form_open_key("budget_explain"): True})
    assert not at.exception, at.exception
    picked = at.selectbox(key="budget_explain_pick").value
    save(at, REASON, PLAN)
    assert not at.exception, at.exception
    return at, picked


def test_division_head_writes_and_sees_it_as_plain_text(written):
    """After saving, the page shows reason and plan verbatim (Markdown/HTML characters and line breaks kept)."""
    at, picked = written
    assert picked[:2] == ("civic", "programme")
    shown = texts(at)
    assert REASON in shown and PLAN in shown
    assert any(line.startswith("시민소통담당관") and " · civic · " in line for line in shown)  # division · author · date
    assert not any("계약 지연" in str(el.value) for el in at.markdown)  # never rendered as Markdown


def test_form_offers_only_the_own_division(written):
    """A division head's form lists only subjects of their own division."""
    at = run_page("pages/divisions.py", CIVIC, query={"division": "brand"},
                  state={form_open_key("division_explain"): True})
    assert not at.exception, at.exception
    options = at.selectbox(key="division_explain_pick").options
    assert options and all(option.endswith(" · 시민소통담당관") for option in options), options
    assert REASON in texts(at)


def test_other_division_head_does_not_see_it(written):
    """The brand head's pages do not show the civic explanation (reads are scoped too)."""
    at = run_page("pages/budget.py", BRAND)
    assert not at.exception, at.exception
    assert REASON not in texts(at)


def test_overview_shows_it_in_the_lagging_list(written):
    """The division's overview shows it under its lagging programmes."""
    at = run_page("pages/overview.py", CIVIC)
    assert not at.exception, at.exception
    assert REASON in texts(at)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_explanation_is_in_the_pdf_text(written, tmp_path):
    """The briefing PDF (as the overview's button makes it) prints the reason and plan under the figure."""
    from briefing.document import pdf_bytes
    from briefing.model import build_briefing
    from data_access.db import get_engine
    from data_access.scope import Scope

    engine = get_engine()
    for scope in (Scope("civic"),):
        b = build_briefing(engine=engine, scope=scope, as_of=dt.date(2016, 8, 10), lang="ko")
        path = tmp_path / f"briefing_{scope.division_code or 'office'}.pdf"
        path.write_bytes(pdf_bytes(engine=engine, briefing=b))
        text = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True,
                              text=True).stdout
        assert "부진사유·대책" in text
        assert "**계약 지연**으로 착수가 늦어졌습니다." in text and "<b>9월</b> 착수 예정" in text
        assert "10월까지 80% 집행" in text


def test_form_is_built_only_while_its_expander_is_open(demo_app_env):
    """Closed (the default), the "write" expander sends no widgets; opened, its form is there."""
    closed = run_page("pages/budget.py", CIVIC)
    assert not closed.exception, closed.exception
    assert [w.key for w in closed.text_area] == [] and "budget_explain_pick" not in [w.key for w in closed.selectbox]
    opened = run_page("pages/budget.py", CIVIC, state={form_open_key("budget_explain"): True})
    assert len(opened.text_area) == 2 and opened.selectbox(key="budget_explain_pick").options
