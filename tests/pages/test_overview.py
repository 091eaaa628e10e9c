"""개요: the page runs for the executive, shows the 2016 report's figures, and is English in English."""
from __future__ import annotations


from tests.pages.conftest import make_user
from tests.pages.helpers import EXEC, english_labels_are_english, missing_figures, page_text, kpi_cards, run_page

PAGE = "pages/overview.py"
FIGURES = ["53.07%", "5.85%", "6,276,585명", "5,315명", "-0.22%p"]


def test_shows_report_figures(demo_app_env):
    at = run_page(PAGE, EXEC)
    assert not at.exception, at.exception
    assert missing_figures(page_text(at), FIGURES) == []


def test_english_labels(demo_app_env):
    at = run_page(PAGE, EXEC, lang="en")
    assert not at.exception, at.exception
    assert english_labels_are_english(at) == []  # division and programme names are data and stay as stored


def test_division_head_overview_has_only_own_division(demo_app_env):
    """A division head's overview shows only their division's card and figures."""
    at = run_page("pages/overview.py", make_user("division_head", "service"))
    assert not at.exception
    text = page_text(at)
    assert "시민봉사담당관" in text
    assert "시민소통담당관" not in text and "6,276,585" not in text


def test_every_kpi_card_draws_its_sparkline_as_a_named_image(demo_app_env):
    """Each of the six cards has a static SVG sparkline (not a Vega chart) whose alt text names the
    card and its first and last points."""
    import base64
    import re

    at = run_page(PAGE, EXEC)
    assert not at.exception, at.exception
    cards = kpi_cards(at)[:6]
    row = next(h.proto.body for h in at.get("html") if 'class="kpi-card"' in h.proto.body)
    sparks = re.findall(r"base64,([A-Za-z0-9+/=]+)", row)
    assert len(cards) == 6 and len(sparks) == 6 and not any(m.proto.chart_data for m in at.metric)
    for card, data in zip(cards, sparks, strict=True):
        assert card.sparkline_alt.startswith(f"{card.label} 추이, 최근 12개 기간: "), card.sparkline_alt
        inner = base64.b64decode(data).decode()
        assert "<polyline" in inner and "<script" not in inner
    # the execution rate's alt gives the series' first and last points: 2015-09's rate and today's 53.07
    assert cards[0].sparkline_alt.endswith("→ 53.07")
