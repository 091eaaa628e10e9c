"""도시브랜드: the page runs for the executive, shows the 2016 report's figures, and is English in English."""
from __future__ import annotations

from tests.pages.helpers import EXEC, english_labels_are_english, missing_figures, page_text, run_page

PAGE = "pages/brand.py"
FIGURES = ["48,212명", "281,240명", "1,788,628명", "25,724,111건"]


def test_shows_report_figures(demo_app_env):
    at = run_page(PAGE, EXEC)
    assert not at.exception, at.exception
    assert missing_figures(page_text(at), FIGURES) == []


def test_english_labels(demo_app_env):
    at = run_page(PAGE, EXEC, lang="en")
    assert not at.exception, at.exception
    assert english_labels_are_english(at) == []  # division and programme names are data and stay as stored
