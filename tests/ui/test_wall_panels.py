"""The wall's panel views: built once per TTL for every screen, so they must carry the report's figures."""
from __future__ import annotations

import datetime as dt

import pytest

from config.wall import schedule
from data_access.scope import Scope
from tests.pages.conftest import demo_app_env  # noqa: F401  (fixture: the demo database for ui code)
from ui import wall_panels

AS_OF = dt.date(2016, 8, 10)


@pytest.fixture(scope="module")
def views(demo_app_env):  # noqa: F811
    return {key: wall_panels.build(key, wall_panels.load(key, Scope.office(), AS_OF), "ko") for key, _ in schedule()}


def _values(view: wall_panels.PanelView) -> list[str]:
    return [m.value for row in view.metric_rows for m in row]


def test_panel_views_carry_the_report_figures(views):
    """Each panel's cards show the 2016 report's figures as the report prints them."""
    assert "53.07%" in _values(views["overview"])
    assert ["423.6억원", "224.8억원", "53.07%"] == _values(views["budget"])
    assert "5.85%" in _values(views["complaints"])
    assert {"6,276,585명", "5,315명", "95.9%"} <= set(_values(views["citizen_hall"]))
    assert "48,212명" in _values(views["brand"])
    assert views["complaints"].metric_rows[0][0].delta == "-0.22%p (전년 6.07%)"


def test_panel_views_hold_finished_vega_lite_specs_in_the_wall_look(views):
    """Charts arrive as Vega-Lite v6 specs with their data inline and the wall's dark background."""
    for key, view in views.items():
        if key == "alerts":  # text only
            continue
        specs = [spec for row in view.chart_rows for spec in row]
        assert specs, key
        for spec in specs:
            assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6"), key
            assert spec["config"]["background"] == "#0b0f14", key
            assert spec.get("datasets"), key
    assert views["budget"].title == "예산 집행"


def test_alerts_panel_says_why(views):
    """The warnings panel: severity and division, the rule's title, why with the numbers (most severe first)."""
    rows = [m for (m,) in views["alerts"].metric_rows]
    rapid = [m for m in rows if m.value == "예산 집행 부진"]
    assert rapid and rapid[0].label == "높음 · 신속행정담당관"
    assert rapid[0].delta == "집행률 25.85%: 목표 곡선 52.94%보다 27.08%p 낮음"
    assert views["alerts"].chart_rows == ()


def test_unknown_panel_is_refused():
    with pytest.raises(KeyError, match="nope"):
        wall_panels.build("nope", {}, "ko")


def test_wall_cards_carry_the_sparkline_of_their_metric(views):
    """Every registry card on the wall has the metric's series (12 months or weeks; the surveys for satisfaction) for its sparkline, as the pages do:
    the budget panel's execution rate ends at the as-of date's 53.07 (the report's figure)."""
    cards = [m for view in views.values() for row in view.metric_rows for m in row if m.metric_id]
    assert cards and [(m.metric_id, len(m.series)) for m in cards if len(m.series) < 2] == []
    rate = next(m for m in views["budget"].metric_rows[0] if m.metric_id == "budget_execution_rate")
    assert len(rate.series) == 12 and rate.series[-1] == pytest.approx(53.07, abs=0.005)


def test_the_metric_values_read_their_data_through_the_shared_cache(demo_app_env):  # noqa: F811
    """A read that several metric values make is one cache entry: a second budget figure needs no SQL,
    and building every panel with a cold cache sends (almost) every statement once. Before the metric
    layer read through the cache, the cold wall sent 184 statements for 114 distinct ones."""
    from collections import Counter

    from sqlalchemy import event

    import metrics
    from data_access.db import get_engine
    from ui import data

    statements: list[tuple[str, str]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, repr(parameters)))

    data._cached.clear()
    wall_panels.view.clear()
    event.listen(get_engine(), "before_cursor_execute", record)
    try:
        data.q(metrics.value, scope=Scope.office(), metric_id="budget_executed", as_of=AS_OF)
        first = len(statements)
        assert first > 0
        data.q(metrics.value, scope=Scope.office(), metric_id="budget_current", as_of=AS_OF)
        assert len(statements) == first  # the same snapshots and trend: cache hits
        data._cached.clear()
        statements.clear()
        for key, _ in schedule():
            wall_panels.view(key, Scope.office(), AS_OF, "ko")
    finally:
        event.remove(get_engine(), "before_cursor_execute", record)
        data._cached.clear()
        wall_panels.view.clear()
    repeated = sum(n - 1 for n in Counter(statements).values())
    # the one repeat: the SNS channel list inside two follower histories over different dates
    assert repeated <= 1, Counter(statements).most_common(3)
