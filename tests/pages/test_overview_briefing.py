"""The overview is the executive briefing: summary, laggards, off-target figures and the PDF download (AppTest)."""
from __future__ import annotations

import re

import pytest

import briefing.pdf
from tests.pages.conftest import make_user
from tests.pages.helpers import page_text, run_page

EXEC = make_user("executive")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def markdown(at) -> str:
    return "\n".join(str(el.value) for el in at.markdown)


@pytest.fixture
def pdf_not_built(monkeypatch):
    """Fails the test if the page makes the PDF while rendering (it must wait for the click)."""
    def refuse(*args, **kwargs):
        raise AssertionError("the PDF was built before the button was clicked")

    monkeypatch.setattr(briefing.pdf, "build_pdf", refuse)


def test_overview_shows_the_summary(demo_app_env, pdf_not_built):
    """The generated Korean summary is on the page with the report's figures."""
    at = run_page("pages/overview.py", EXEC)
    assert not at.exception, at.exception
    text = markdown(at)
    assert "기준 예산 집행률은 53.07%" in text
    assert "5.85%" in text and "전년(6.07%)" in text
    assert "요약" in [el.value for el in at.subheader]


def test_overview_offers_the_briefing_pdf(demo_app_env, pdf_not_built):
    """One "브리핑 PDF" download button whose file is made only when clicked (deferred data)."""
    at = run_page("pages/overview.py", EXEC)
    assert not at.exception, at.exception
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["브리핑 PDF"]
    assert buttons[0].proto.deferred_file_id and not buttons[0].proto.url


def test_overview_lists_laggards_and_off_target_divisions(demo_app_env):
    """The three lagging programmes and the division figures below target are shown as tables."""
    at = run_page("pages/overview.py", EXEC)
    assert not at.exception, at.exception
    text = page_text(at)
    for figure in ("시민참여프로그램을 통한 시정공감대 확산", "5.93%", "14.66%", "23.94%", "45.31%", "미흡", "주의"):
        assert figure in text, figure
    assert {"집행 부진 사업 (하위 3개)", "목표 미달 부서 지표"} <= {el.value for el in at.subheader}


def test_overview_in_english(demo_app_env):
    """With lang=en the summary and the button are English."""
    at = run_page("pages/overview.py", EXEC, lang="en")
    assert not at.exception, at.exception
    text = markdown(at)
    assert "budget execution stands at 53.07%" in text
    summary = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(summary) == 5 and not any(HANGUL.search(line) for line in summary)
    assert [b.proto.label for b in at.get("download_button")] == ["Briefing PDF"]


def test_division_head_briefing_is_their_own(demo_app_env):
    """A division head (rapid) reads a summary of rapid's figures only."""
    at = run_page("pages/overview.py", make_user("division_head", "rapid"))
    assert not at.exception, at.exception
    text = markdown(at)
    assert "25.85%" in text and "9.86%" in text
    assert "53.07%" not in text and "시민청" not in text


def test_a_cold_overview_reads_the_forecast_each_metric_value_and_each_target_once(demo_app_env, pdf_not_built,
                                                                                  monkeypatch):
    """The briefing reads through the page's shared cache: its forecast, metric values and division
    targets are the entries the forecast block and the warnings read, not a second read of each."""
    import collections
    import functools

    import streamlit as st

    import metrics
    import metrics.values
    from data_access import targets
    from loading.demo import DEMO_AS_OF
    from metrics import forecast

    calls = collections.Counter()

    def counted(module, name, key):
        real = getattr(module, name)

        @functools.wraps(real)  # the same path and signature: the cache finds it and passes its reader
        def wrapper(**kw):
            calls[key(kw)] += 1
            return real(**kw)

        monkeypatch.setattr(module, name, wrapper)
        return wrapper

    counted(forecast, "execution_forecast", lambda kw: ("forecast", kw["scope"], kw["as_of"], kw.get("division")))
    value = counted(metrics.values, "value", lambda kw: (kw["metric_id"], kw["scope"], kw["as_of"], kw.get("division")))
    monkeypatch.setattr(metrics, "value", value)  # the name the callers pass
    counted(targets, "target_for", lambda kw: ("target", kw["metric"], kw["year"], kw.get("division"), kw["scope"]))
    st.cache_data.clear()
    at = run_page("pages/overview.py", EXEC)
    assert not at.exception, at.exception
    assert sum(n for key, n in calls.items() if key[0] == "forecast") == 1, calls
    assert calls["budget_execution_rate", EXEC.scope, DEMO_AS_OF, None] == 1, calls
    assert any(key[0] == "target" and key[3] is not None for key in calls), calls  # the divisions' targets were read
    assert max(calls.values()) == 1, [key for key, n in calls.items() if n > 1]
