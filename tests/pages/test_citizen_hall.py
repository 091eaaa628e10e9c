"""시민청: the page runs for the executive, shows the 2016 report's figures, and is English in English."""
from __future__ import annotations

from tests.pages.helpers import EXEC, english_labels_are_english, missing_figures, page_text, kpi_cards, run_page

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


def test_year_buttons_change_the_cards(demo_app_env):
    """Choosing 2015 shows 2015's visitors per open day (the query layer's figure at 2015-12-31)."""
    import datetime as dt

    from config.formats import fmt_count
    from data_access import citizen_hall
    from data_access.db import get_engine
    from data_access.scope import Scope

    at = run_page(PAGE, EXEC)
    at.segmented_control(key="hall_year").set_value(2015).run()
    assert not at.exception, at.exception
    year_end = citizen_hall.hall_summary(engine=get_engine(), scope=Scope.office(), as_of=dt.date(2015, 12, 31))
    card = next(m for m in kpi_cards(at) if m.label == "시민청 일평균 방문객")
    assert card.value == fmt_count(year_end.daily_average, "명")
    assert card.value != "5,315명"
