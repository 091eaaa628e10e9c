"""Accessibility: axe-core (from the axe-playwright-python package, no CDN) on every page, Korean and
English, at WCAG 2.1 AA. Violations in Streamlit's own markup (which this app cannot change) are
listed in KNOWN_STREAMLIT, each with the element it is about; anything else fails the test."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in, wait_for_app

pytestmark = pytest.mark.e2e

PAGES = ["", "budget", "complaints", "citizen-hall", "brand", "sns", "divisions", "data-status"]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}

# (axe rule, a piece of the offending element's selector or HTML): Streamlit's own markup.
KNOWN_STREAMLIT: list[tuple[str, str]] = [
    # The sidebar navigation (st.navigation with sections): Streamlit puts each section's <li> items
    # in a <div> inside the <ul>, so the list holds non-<li> children and the items have no list parent.
    ("list", 'data-testid="stSidebarNavItems"'),
    ("listitem", '<li class="st-emotion-cache-'),
]


def known(rule: str, node: dict) -> bool:
    where = " ".join(str(s) for s in node.get("target", [])) + " " + node.get("html", "")
    return any(rule == r and piece in where for r, piece in KNOWN_STREAMLIT)


SETTLED_JS = """() => document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelectorAll('[data-stale="true"]').length === 0"""


def _settled(page) -> None:
    """No script run going and no element faded as stale: axe reads contrast through an ancestor's
    opacity, so a caption caught mid-rerun (Streamlit fades stale elements) fails 4.5:1 (a flaky red)."""
    for _ in range(2):  # and still so a moment later (a rerun the first run asked for)
        page.wait_for_function(SETTLED_JS, timeout=30_000)
        page.wait_for_timeout(300)
    page.wait_for_function(SETTLED_JS, timeout=30_000)


@pytest.fixture(scope="module")
def a11y_page(app_server, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ko-KR")
    page = context.new_page()
    sign_in(page, app_server.url, "exec")
    yield page
    context.close()


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_no_wcag_aa_violations_beyond_streamlits_own(app_server, a11y_page, path, lang):
    a11y_page.goto(f"{app_server.url}/{path}?lang={lang}")
    wait_for_app(a11y_page)
    expect(a11y_page.get_by_test_id("stException")).to_have_count(0)
    a11y_page.wait_for_timeout(1500)  # charts drawn
    _settled(a11y_page)
    results = Axe().run(a11y_page, options=WCAG_AA)
    found = [(v["id"], " ".join(map(str, n.get("target", []))), n.get("html", "")[:160])
             for v in results.response["violations"] for n in v["nodes"] if not known(v["id"], n)]
    assert found == [], "\n".join(map(str, found))


@pytest.mark.parametrize("path", ["budget", "complaints", "citizen-hall", "brand", "sns"])
def test_charts_as_tables_pass_axe_and_show_no_chart(app_server, a11y_page, path):
    """With 표로 보기 on (?tables=1) the chart pages show tables, no chart, and still pass axe at WCAG 2.1 AA."""
    a11y_page.goto(f"{app_server.url}/{path}?tables=1")
    wait_for_app(a11y_page)
    expect(a11y_page.get_by_test_id("stException")).to_have_count(0)
    expect(a11y_page.get_by_test_id("stVegaLiteChart")).to_have_count(0)
    expect(a11y_page.get_by_text("차트 자료 (표)").first).to_be_visible()
    _settled(a11y_page)
    results = Axe().run(a11y_page, options=WCAG_AA)
    found = [(v["id"], " ".join(map(str, n.get("target", []))), n.get("html", "")[:160])
             for v in results.response["violations"] for n in v["nodes"] if not known(v["id"], n)]
    assert found == [], "\n".join(map(str, found))
    a11y_page.goto(f"{app_server.url}/{path}?tables=0")  # the next test starts with charts
    wait_for_app(a11y_page)


def test_the_tables_switch_turns_charts_into_tables_and_stays_on_across_pages(app_server, browser):
    """Clicking 표로 보기 in the sidebar replaces the charts by tables, puts ?tables=1 in the URL, and the next page keeps it."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ko-KR")
    page = context.new_page()
    try:
        sign_in(page, app_server.url, "exec")
        page.goto(f"{app_server.url}/complaints")
        wait_for_app(page)
        expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
        page.get_by_test_id("stSidebar").get_by_text("표로 보기").click()
        wait_for_app(page)
        expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(0)
        expect(page.get_by_text("지연율 · 차트 자료 (표)").first).to_be_visible()
        assert "tables=1" in page.url
        page.get_by_test_id("stSidebarNav").get_by_text("예산 집행").click()
        wait_for_app(page)
        expect(page.get_by_text("부서별 집행률 · 차트 자료 (표)")).to_be_visible()
        expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(0)
    finally:
        context.close()
