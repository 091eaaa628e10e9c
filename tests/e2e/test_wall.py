"""The meeting-room wall on PostgreSQL: rotation, refresh without reload, outage and recovery, both screen sizes."""
from __future__ import annotations

import re

import datetime as dt
import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import insert

from data_access.db import make_engine
from data_access.models import LoadLog
from tests import pg
from tests.e2e.conftest import AppServer, screenshot, sign_in

pytestmark = pytest.mark.e2e
STALE_KO = "데이터베이스에 연결할 수 없습니다"


@pytest.fixture(scope="module")
def wall_server():
    url = pg.database_or_skip("dash_e2e_wall", "the wall tests")
    server = AppServer(url, {"DASHBOARD_WALL_ROTATE_SECONDS": "5", "DASHBOARD_REFRESH_SECONDS": "5"})
    server.prepare()
    server.start()
    yield server
    server.stop()
    pg.drop_database(url.rsplit("/", 1)[1])


def open_wall(browser, server, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ko-KR")
    page = context.new_page()
    sign_in(page, server.url, "wall", path="/wall")
    page.wait_for_selector("[data-testid='stMetric']", timeout=30_000)
    return context, page


def panel_title(page) -> str:
    return page.locator("[data-testid='stMain'] [data-testid='stHeading'] h2").first.inner_text()


def overflow(page) -> list[int]:
    return page.evaluate(
        "() => { const m = document.querySelector('[data-testid=stMain]');"
        " return [m.scrollHeight - m.clientHeight, m.scrollWidth - m.clientWidth,"
        " document.documentElement.scrollHeight - window.innerHeight,"
        " document.documentElement.scrollWidth - window.innerWidth]; }")


def no_scrollbars(page, settle_ms: int = 4000) -> bool:
    """The content fits the screen once a panel switch has settled (while Streamlit swaps a
    fragment's elements the old and new ones briefly stand together)."""
    for _ in range(settle_ms // 250):
        if all(d <= 1 for d in overflow(page)):
            return True
        page.wait_for_timeout(250)
    return False


@pytest.mark.parametrize("width,height", [(1920, 1080), (3840, 2160)])
def test_wall_rotates_panels_in_kiosk_mode_without_scrollbars(browser, wall_server, width, height):
    """The display account lands on the wall: no sidebar or header, panels rotate, nothing scrolls."""
    context, page = open_wall(browser, wall_server, width, height)
    try:
        expect(page.get_by_test_id("stSidebar")).to_be_hidden()
        expect(page.get_by_test_id("stHeader")).to_be_hidden()
        seen = {panel_title(page)}
        deadline = time.monotonic() + 25
        while time.monotonic() < deadline and len(seen) < 3:
            page.wait_for_timeout(1000)
            seen.add(panel_title(page))
            assert no_scrollbars(page), f"scrollbars on {panel_title(page)} at {width}x{height}: {overflow(page)}"
        assert len(seen) >= 3, seen
        expect(page.get_by_test_id("stException")).to_have_count(0)
        screenshot(page, f"wall-{width}x{height}")
    finally:
        context.close()


PANEL_METRICS = """() => {
  const heading = document.querySelector('[data-testid=stMain] [data-testid=stHeading]').getBoundingClientRect();
  const charts = [...document.querySelectorAll('[data-testid=stVegaLiteChart]')].map(e => e.getBoundingClientRect());
  const labels = [...document.querySelectorAll('[data-testid=stVegaLiteChart] .role-axis-label text')]
    .filter(t => getComputedStyle(t).opacity !== '0').map(t => parseFloat(getComputedStyle(t).fontSize));
  const alerts = [...document.querySelectorAll('[class*=st-key-wall_alert_]')].map(e => e.getBoundingClientRect());
  const texts = [...document.querySelectorAll('[class*=st-key-wall_alert_] [data-testid=stText]')]
    .map(t => parseFloat(getComputedStyle(t).fontSize));
  return {top: heading.top, bottom: Math.max(0, ...charts.map(r => r.bottom)),
          chart_height: Math.max(0, ...charts.map(r => r.height)), labels,
          alerts_bottom: Math.max(0, ...alerts.map(r => r.bottom)), alert_texts: texts};
}"""


@pytest.mark.parametrize("width,height,label_px", [(1920, 1080, 24), (3840, 2160, 48)])
def test_wall_panels_fill_the_screen_with_labels_readable_across_the_room(browser, wall_server, width, height, label_px):
    """Every panel, from its title to the bottom of its chart, takes at least 85% of the screen's
    height, and the chart's axis labels are at least 24 px at 1080p and 48 px at 4K."""
    context, page = open_wall(browser, wall_server, width, height)
    try:
        measured = {}
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and len(measured) < 4:
            page.wait_for_timeout(1000)
            title = panel_title(page)
            m = page.evaluate(PANEL_METRICS)
            if m["labels"] and m["chart_height"] > 0:
                measured[title] = m
        assert len(measured) >= 4, measured.keys()
        alerts = None  # the warnings panel (the demo's data holds warnings): text cards fill the screen instead of a chart
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and alerts is None:
            page.wait_for_timeout(1000)
            m = page.evaluate(PANEL_METRICS)
            alerts = m if m["alerts_bottom"] > 0 and m["alert_texts"] else None
        assert alerts is not None, "the warnings panel never came round"
        share = (alerts["alerts_bottom"] - alerts["top"]) / height
        assert share >= 0.85, f"warnings at {width}x{height}: panel covers {share:.0%} of the height"
        assert min(alerts["alert_texts"]) >= label_px, f"warnings at {width}x{height}: text {alerts['alert_texts']}"
        for title, m in measured.items():
            share = (m["bottom"] - m["top"]) / height
            assert share >= 0.85, f"{title} at {width}x{height}: panel covers {share:.0%} of the height"
            assert min(m["labels"]) >= label_px, f"{title} at {width}x{height}: axis labels {sorted(set(m['labels']))}"
        screenshot(page, f"wall-fill-{width}x{height}")
    finally:
        context.close()


def test_wall_refreshes_data_without_reloading_the_page(browser, wall_server):
    """A new load in the database reaches the screen through the fragment refresh, with no page reload."""
    context, page = open_wall(browser, wall_server, 1920, 1080)
    try:
        page.evaluate("() => { window.__noReload = 'still here'; }")
        expect(page.get_by_test_id("stMain")).to_contain_text("기준일 2016. 8. 10.")
        engine = make_engine(wall_server.database_url)
        with engine.begin() as conn:
            conn.execute(insert(LoadLog).values(dataset="hall_visits", source="test", rows=1, as_of=dt.date(2016, 8, 11),
                                                loaded_at=dt.datetime.now(dt.timezone.utc), loaded_by="test"))
        engine.dispose()
        expect(page.get_by_test_id("stMain")).to_contain_text("기준일 2016. 8. 11.", timeout=30_000)
        assert page.evaluate("() => window.__noReload") == "still here"
    finally:
        context.close()


def _cluster(action: str) -> None:
    version = sorted(p.name for p in Path("/etc/postgresql").glob("*"))[-1]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action, *(["-m", "fast"] if action == "stop" else [])],
                   check=True, capture_output=True, timeout=60)


# The first card's figure of each wall panel on the demo data (the 2016 report's figures)
LAST_GOOD_FIRST_FIGURES = re.compile(r"^(53\.07%|423\.6억원|5\.85%|6,276,585명|48,212명|1,290,516명)$")


def test_wall_keeps_last_data_during_outage_and_recovers_by_itself(browser, wall_server):
    """Stopping PostgreSQL leaves the last data on screen under a warning; starting it clears the warning."""
    context, page = open_wall(browser, wall_server, 1920, 1080)
    try:
        page.evaluate("() => { window.__noReload = 'still here'; }")
        _cluster("stop")
        try:
            expect(page.get_by_test_id("stMain")).to_contain_text(STALE_KO, timeout=40_000)
            # last good data stays: the panel's first figure is still the report's, not "–" or empty
            expect(page.get_by_test_id("stMetricValue").first).to_have_text(LAST_GOOD_FIRST_FIGURES)
            expect(page.get_by_test_id("stException")).to_have_count(0)
            expect(page.get_by_label("아이디")).to_have_count(0)  # never a login form because of an outage
            screenshot(page, "wall-outage")
        finally:
            _cluster("start")
            assert pg.ensure_running()
        expect(page.get_by_test_id("stMain")).not_to_contain_text(STALE_KO, timeout=60_000)
        assert page.evaluate("() => window.__noReload") == "still here"
        expect(page.get_by_test_id("stMetric").first).to_be_visible()
    finally:
        context.close()
