"""시민청: the page runs for the executive, shows the 2016 report's figures, and is English in English."""
from __future__ import annotations

from tests.pages.helpers import EXEC, english_labels_are_english, missing_figures, page_text, run_page

PAGE = "pages/citizen_hall.py"
FIGURES = ["6,276,585명", "5,315명", "4,717회", "2,700건", "132쌍", "95.9%"]


def test_shows_report_figures(demo_app_env):
    at = run_page(PAGE, EXEC)
    assert not at.exception, at.exception
    assert missing_figures(page_text(at), FIGURES) == []


def test_english_labels(demo_app_env):
    at = run_page(PAGE, EXEC, lang="en")
    assert not at.exception, at.exception
    assert english_labels_are_english(at) == []  # division and programme names are data and stay as stored
