"""Sign-in in the browser: every URL is gated, deep links survive sign-in, roles see their own pages only."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in, wait_for_app

pytestmark = pytest.mark.e2e
URLS = ["", "budget", "complaints", "citizen-hall", "brand", "sns", "divisions", "data-status", "wall", "admin-audit"]


def test_every_url_without_sign_in_shows_login_form_and_no_data(app_server, browser):
    """Signed out, each page URL gives the login form and none of the figures."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        for path in URLS:
            page.goto(f"{app_server.url}/{path}")
            page.wait_for_selector("input[type=password]", timeout=120_000)
            main = page.get_by_test_id("stMain")
            for figure in ("53.07", "41,018", "5.85", "6,276,585"):
                expect(main).not_to_contain_text(figure)
            expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    finally:
        context.close()


def test_deep_link_survives_sign_in_and_reload(app_server, browser):
    """Signing in on /complaints stays on /complaints, and a reload signs in from the cookie there.

    The page URL answers index.html telling the frontend where the server is (asgi.py,
    server.internals.page_index_routes): it connects to /_stcore/... at once, never probing
    /complaints/_stcore/health first (two 404s and a 100 ms retry on every deep link)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("websocket", lambda ws: requested.append(ws.url))
    try:
        sign_in(page, app_server.url, "exec", path="/complaints")
        expect(page.get_by_test_id("stMain")).to_contain_text("5.85%", timeout=30_000)
        assert page.url.split("?")[0].endswith("/complaints"), page.url
        page.reload()
        wait_for_app(page)
        expect(page.get_by_test_id("stMain")).to_contain_text("72,168", timeout=30_000)
        assert page.url.split("?")[0].endswith("/complaints"), page.url
        assert not [url for url in requested if "/complaints/_stcore/" in url], requested
        assert f"{app_server.url}/_stcore/health" in requested
        assert app_server.url.replace("http", "ws", 1) + "/_stcore/stream" in requested, requested
    finally:
        context.close()


def test_division_head_sees_own_division_and_is_refused_other_pages(app_server, browser):
    """`rapid` lands on its division page, sees 신속행정담당관's budget, and /sns is refused with a message."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, app_server.url, "rapid")
        main = page.get_by_test_id("stMain")
        expect(main).to_contain_text("신속행정담당관", timeout=30_000)
        expect(main).to_contain_text("291건")
        expect(main).not_to_contain_text("시민소통담당관")
        nav = page.get_by_test_id("stSidebarNav")
        expect(nav).not_to_contain_text("시민청")
        expect(nav).not_to_contain_text("SNS")
        page.goto(f"{app_server.url}/sns")
        wait_for_app(page)
        expect(main).to_contain_text("이 화면을 볼 권한이 없습니다", timeout=30_000)
        expect(main).not_to_contain_text("158천명")
    finally:
        context.close()
