"""One figure, one string: every metric × every role's scope × two as-of dates shows the same value,
change and status text on the overview (briefing model, which the PDF draws), the division cards,
the wall panels and the metric's own page (AppTest).

The reference is `metrics.value` (its figures are pinned to the report in test_values.py); here the
point is that no screen computes or formats a KPI its own way.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

import pytest

import metrics
from briefing.model import build_briefing
from config.targets import DIVISION_CODES
from data_access import db
from data_access.scope import Scope
from tests.pages.conftest import demo_app_env, make_user  # noqa: F401  (fixture)
from tests.pages.helpers import kpi_cards, run_page
from ui import wall_panels
from ui.division_figures import division_figures

SCOPES = [Scope.office(), *(Scope(code) for code in DIVISION_CODES)]
DATES = [dt.date(2016, 8, 10), dt.date(2016, 6, 30)]
OWN_DELTA = {"hall_cumulative_visitors"}  # its cards show the daily average beside it, as the report does


def _ref(scope: Scope, as_of: dt.date) -> dict[str, metrics.MetricValue]:
    engine = db.get_engine()
    return {m: metrics.value(engine=engine, scope=scope, metric_id=m, as_of=as_of) for m in metrics.REGISTRY}


def _joined(change: str | None, against: str | None) -> str | None:
    """A card's delta and delta description as the one-line change text (the wall's form)."""
    return f"{change} ({against})" if change and against else change


def _shown(scope: Scope, as_of: dt.date) -> list[tuple[str, str, str, str | None, str | None]]:
    """(screen, metric_id, value text, delta text, status) of every card on every non-page screen."""
    out = []
    b = build_briefing(engine=db.get_engine(), scope=scope, as_of=as_of, lang="ko")
    out += [("overview/pdf", k.metric_id, k.value, _joined(k.delta, k.delta_description), k.status) for k in b.kpis]
    for key in wall_panels.PANEL_METRICS:
        view = wall_panels.build(key, wall_panels.load(key, scope, as_of), "ko")
        out += [(f"wall/{key}", m.metric_id, m.value, m.delta, m.status) for row in view.metric_rows for m in row
                if m.metric_id]
    for code in DIVISION_CODES:
        out += [(f"division/{code}", f.metric_id, f.value, _joined(f.delta, f.delta_description), f.status)
                for f in division_figures(code, scope=scope, as_of=as_of, lang="ko") if f.metric_id]
    return out


@pytest.mark.parametrize("as_of", DATES, ids=str)
@pytest.mark.parametrize("scope", SCOPES, ids=lambda s: s.division_code or "office")
def test_every_screen_shows_the_same_strings(demo_app_env, scope, as_of):  # noqa: F811
    ref = _ref(scope, as_of)
    shown = _shown(scope, as_of)
    assert shown, "no card at all"
    for screen, metric_id, value, delta, status in shown:
        v = ref[metric_id]
        assert value == v.value_text("ko"), (screen, metric_id)
        assert status in (v.status, v.status_text("ko")), (screen, metric_id)
        if metric_id not in OWN_DELTA:
            assert delta == v.delta_text("ko"), (screen, metric_id)
    # the office sees the overview's six cards; a division head their own division's key figure
    screens = {s for s, *_ in shown}
    assert any(s.startswith("division/") for s in screens)
    if scope.is_office:
        assert {m for s, m, *_ in shown if s == "overview/pdf"} >= {"budget_execution_rate", "complaint_delay_rate"}


PAGE_CASES = [("budget", None), ("complaints", None), ("citizen_hall", None), ("brand", None), ("sns", None),
              ("budget", "service"), ("complaints", "service"), ("citizen_hall", "civic")]


@pytest.mark.parametrize(("page", "division"), PAGE_CASES)
def test_page_cards_show_the_same_strings(demo_app_env, page, division):  # noqa: F811
    """The page's KPI row at its defaults (the data's as-of date) shows each metric of the page as
    metrics.value gives it for the viewer's scope."""
    user = make_user("division_head", division) if division else make_user("executive")
    at = run_page(f"pages/{page}.py", user)
    assert not at.exception, at.exception
    ref = _ref(user.scope, dt.date(2016, 8, 10))
    cards = {m.label: m for m in kpi_cards(at)}
    expected = [v for v in ref.values() if v.metric.page == page and v.label("ko") in cards]
    assert len(expected) >= 3, sorted(cards)
    for v in expected:
        card = cards[v.label("ko")]
        assert card.value == v.value_text("ko"), v.metric_id
        assert (card.delta or None) == (v.change_text("ko") if v.comparison_text("ko") else None), v.metric_id
        assert (card.delta_description or None) == v.comparison_text("ko"), v.metric_id


def test_pdf_text_shows_the_overview_figures(demo_app_env):  # noqa: F811
    """The PDF's text (pdftotext) carries each KPI card's value and change as the overview shows it."""
    from briefing.pdf import FONT_DIR, build_pdf, fonts_available

    if not (shutil.which("pdftotext") and fonts_available()):
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) or the PDF fonts are missing in CI")
        pytest.skip("pdftotext or the PDF fonts are not installed")
    b = build_briefing(engine=db.get_engine(), scope=Scope.office(), as_of=DATES[0], lang="ko")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=build_pdf(b, font_dir=FONT_DIR),
                          capture_output=True, check=True).stdout.decode()
    flat = " ".join(text.split())
    for k in b.kpis:
        assert k.value in flat, k.metric_id
