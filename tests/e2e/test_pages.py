"""The executive opens every page by URL in Chromium, sees the report's figures, and we keep screenshots."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in, wait_for_app

pytestmark = pytest.mark.e2e

# page URL -> figures of the 2016 report that must be on screen
PAGES = {
    "": ["53.07%", "5.85%", "6,276,585"],
    "budget": ["41,018", "42,360", "22,481", "53.07%"],
    "complaints": ["5.85%", "6.07%", "72,168"],
    "citizen-hall": ["6,276,585", "5,315", "95.9%", "4,717", "2,700", "132"],
    "brand": ["1,788,628", "25,724,111"],
    "sns": ["158천명", "284천명", "681천명"],
    "divisions": ["12,198", "45.31%"],
    "data-status": ["2016. 8. 10."],
}


@pytest.fixture(scope="module")
def exec_page(app_server, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="ko-KR")
    page = context.new_page()
    sign_in(page, app_server.url, "exec")
    yield page
    context.close()


@pytest.mark.parametrize("path", list(PAGES))
def test_exec_opens_every_page_by_url_and_sees_report_figures(app_server, exec_page, path):
    """Each page opens by its URL after a reload that signs in from the cookie, and shows the report's figures."""
    exec_page.goto(f"{app_server.url}/{path}")
    wait_for_app(exec_page)
    expect(exec_page.get_by_test_id("stException")).to_have_count(0)
    body = exec_page.locator("[data-testid='stMain']")
    for figure in PAGES[path]:
        expect(body).to_contain_text(figure, timeout=15_000)
    if path:
        assert exec_page.url.split("?")[0].rstrip("/").endswith(path), exec_page.url
    db = "pg" if app_server.database_url.startswith("postgresql") else "sqlite"
    screenshot(exec_page, f"{db}-1366-{path or 'overview'}")


@pytest.mark.parametrize("path", list(PAGES))
def test_pages_at_1920(app_server, browser, exec_page, path):
    """Screenshots at 1920×1080 for a look (signed in from the same cookie)."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="ko-KR",
                                  storage_state=exec_page.context.storage_state())
    page = context.new_page()
    page.goto(f"{app_server.url}/{path}")
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.locator("[data-testid='stMain']")).to_contain_text(PAGES[path][0], timeout=15_000)
    db = "pg" if app_server.database_url.startswith("postgresql") else "sqlite"
    screenshot(page, f"{db}-1920-{path or 'overview'}")
    context.close()


@pytest.mark.parametrize("path", ["", "budget", "complaints", "citizen-hall"])
def test_phone_width_has_no_horizontal_page_scroll(app_server, browser, exec_page, path):
    """At 390×844 the page itself never scrolls sideways (tables scroll inside themselves)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko-KR", is_mobile=True,
                                  storage_state=exec_page.context.storage_state())
    page = context.new_page()
    page.goto(f"{app_server.url}/{path}")
    wait_for_app(page)
    expect(page.locator("[data-testid='stMain']")).to_contain_text(PAGES[path][0], timeout=15_000)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    db = "pg" if app_server.database_url.startswith("postgresql") else "sqlite"
    screenshot(page, f"{db}-390-{path or 'overview'}")
    context.close()
    assert overflow <= 1


def test_english_switch_by_query_parameter(app_server, exec_page):
    """?lang=en shows the page in English, with no Korean in the headings."""
    exec_page.goto(f"{app_server.url}/budget?lang=en")
    wait_for_app(exec_page)
    expect(exec_page.get_by_role("heading", name="Budget execution")).to_be_visible()
    expect(exec_page.locator("[data-testid='stMain']")).to_contain_text("53.07%")
