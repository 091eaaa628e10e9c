"""개요: the page runs for the executive, shows the 2016 report's figures, and is English in English."""
from __future__ import annotations


from tests.pages.conftest import make_user
from tests.pages.helpers import EXEC, english_labels_are_english, missing_figures, page_text, run_page

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
