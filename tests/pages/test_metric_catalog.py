"""지표 정의: the page runs for the executive, shows the 2016 report's figures, and is English in English."""
from __future__ import annotations

from tests.pages.helpers import EXEC, english_labels_are_english, missing_figures, page_text, run_page

PAGE = "pages/metric_catalog.py"
FIGURES = ["53.07%", "5.85%", "6,276,585명", "1,290,516명", "data_access.complaints.delay_rate", "기획관 전체"]


def test_shows_report_figures(demo_app_env):
    at = run_page(PAGE, EXEC)
    assert not at.exception, at.exception
    assert missing_figures(page_text(at), FIGURES) == []


def test_english_labels(demo_app_env):
    at = run_page(PAGE, EXEC, lang="en")
    assert not at.exception, at.exception
    assert english_labels_are_english(at) == []  # division and programme names are data and stay as stored
