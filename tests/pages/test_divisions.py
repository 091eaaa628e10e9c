"""부서별: the page runs for the executive, shows the 2016 report's figures, and is English in English."""
from __future__ import annotations


from tests.pages.conftest import make_user
from tests.pages.helpers import EXEC, english_labels_are_english, missing_figures, kpi_cards, page_text, run_page

PAGE = "pages/divisions.py"
FIGURES = ["12,198", "45.31", "5,315명", "정원 45명 / 현원 50명"]


def test_shows_report_figures(demo_app_env):
    at = run_page(PAGE, EXEC)
    assert not at.exception, at.exception
    assert missing_figures(page_text(at), FIGURES) == []


def test_english_labels(demo_app_env):
    at = run_page(PAGE, EXEC, lang="en")
    assert not at.exception, at.exception
    assert english_labels_are_english(at) == []  # division and programme names are data and stay as stored


def test_division_query_parameter_cannot_widen_scope(demo_app_env):
    """?division=civic on the division page of `rapid` still shows only 신속행정담당관."""
    at = run_page("pages/divisions.py", make_user("division_head", "rapid"), query={"division": "civic"})
    assert not at.exception
    text = page_text(at)
    assert "신속행정담당관" in text
    assert "12,198" not in text and "시민청" not in text


def test_a_falling_delay_rate_reads_as_good_on_the_division_page(demo_app_env):
    """시민봉사담당관's delay rate fell (4.90%, -0.17%p): lower is better, so the change is coloured as
    good (the overview and /complaints colour it so), not as a fall of a higher-is-better figure."""
    at = run_page("pages/divisions.py", make_user("division_head", "service"))
    assert not at.exception, at.exception
    card = next(c for c in kpi_cards(at) if c.label == "민원처리지연율")
    assert (card.value, card.delta, card.trend) == ("4.90%", "-0.17%p", "up")
    volume = next(c for c in kpi_cards(at) if c.label == "응답소 민원")
    assert volume.delta.startswith("+") and volume.trend == "flat"  # a volume is neither good nor bad
