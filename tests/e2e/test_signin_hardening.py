"""Issue 11, sign-in and URLs, in Chromium: first sign-in on a fresh process (both entry points),
every page at its own URL for every role, Back in one press, refusals that are no trap, admin
pages refused to every other role, and open pages that end within a minute of a revocation."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from data_access.db import make_engine
from data_access.models import AuthSession
from tests.e2e.conftest import COOKIE_NAME, ROOT, AppServer, screenshot, sign_in, wait_for_app

pytestmark = pytest.mark.e2e
NOT_FOUND = "Page not found"
REFUSED = "이 화면을 볼 권한이 없습니다"
NEW_PASSWORD = "another-long-password-1"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = AppServer(f"sqlite:///{tmp_path_factory.mktemp('signin') / 'demo.sqlite3'}")
    server.prepare()
    server.start()
    yield server
    server.stop()


def new_page(browser, width: int = 1366, height: int = 900):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ko-KR")
    return context, context.new_page()


def path_of(page) -> str:
    return page.url.split("?")[0].split("/", 3)[3] if page.url.count("/") >= 3 else ""


@pytest.mark.parametrize("entry", ["app.py", "asgi.py"])
def test_first_sign_in_on_a_fresh_process_works(browser, tmp_path, entry):
    """A server started fresh (`streamlit run app.py` and `streamlit run asgi.py`) signs `exec` in
    on the first try: the form is gone, the overview shows its figures, the cookie is set."""
    fresh = AppServer(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", entry=entry)
    fresh.prepare()
    fresh.start()
    context, page = new_page(browser)
    try:
        sign_in(page, fresh.url, "exec")
        expect(page.locator("input[type=password]")).to_have_count(0)
        expect(page.get_by_test_id("stMain")).to_contain_text("53.07%", timeout=30_000)
    finally:
        context.close()
        fresh.stop()


@pytest.mark.parametrize("username,path,figure", [
    ("wall", "wall", "기준일"), ("rapid", "divisions", "신속행정담당관"), ("exec", "overview", "53.07%")])
def test_start_page_keeps_its_url(browser, server, username, path, figure):
    """The display account's /wall, a division head's /divisions and an executive's /overview open
    at their URL (no "Page not found"), also on reload; `/` shows the role's start page."""
    context, page = new_page(browser)
    try:
        sign_in(page, server.url, username, path=f"/{path}")
        main = page.get_by_test_id("stMain")
        expect(main).to_contain_text(figure, timeout=30_000)
        expect(page.get_by_text(NOT_FOUND)).to_have_count(0)
        assert path_of(page) == path, page.url
        page.reload()
        wait_for_app(page)
        expect(main).to_contain_text(figure, timeout=30_000)
        expect(page.get_by_text(NOT_FOUND)).to_have_count(0)
        assert path_of(page) == path, page.url
        page.goto(server.url + "/")
        wait_for_app(page)
        expect(main).to_contain_text(figure, timeout=30_000)
        expect(page.get_by_text(NOT_FOUND)).to_have_count(0)
    finally:
        context.close()


def test_back_leaves_the_division_page_in_one_press(browser, server):
    """civic goes from /citizen-hall to /divisions by the sidebar; one Back returns to /citizen-hall
    as it was (no ?division= added to it)."""
    context, page = new_page(browser)
    try:
        sign_in(page, server.url, "civic", path="/citizen-hall")
        expect(page.get_by_test_id("stMain")).to_contain_text("6,276,585", timeout=30_000)
        page.get_by_test_id("stSidebarNav").get_by_text("부서별").click()
        wait_for_app(page)
        expect(page.get_by_test_id("stMain")).to_contain_text("시민소통담당관", timeout=30_000)
        page.wait_for_timeout(1000)
        assert path_of(page) == "divisions", page.url
        page.go_back()
        wait_for_app(page)
        page.wait_for_timeout(1000)
        assert path_of(page) == "citizen-hall" and "?" not in page.url, page.url
        expect(page.get_by_test_id("stMain")).to_contain_text("6,276,585", timeout=30_000)
    finally:
        context.close()


@pytest.mark.parametrize("username,path,start_text", [("rapid", "wall", "신속행정담당관"), ("wall", "budget", "기준일")])
def test_refusal_offers_start_page_and_sign_out(browser, server, username, path, start_text):
    """A division head on /wall (and the display on /budget) gets the refusal in the normal look,
    with a link to the start page that works and a sign-out button."""
    context, page = new_page(browser)
    try:
        sign_in(page, server.url, username, path=f"/{path}")
        main = page.get_by_test_id("stMain")
        expect(main).to_contain_text(REFUSED, timeout=30_000)
        expect(page.locator("[data-testid=stMetric], .kpi-card")).to_have_count(0)
        expect(main.get_by_role("button", name="로그아웃")).to_be_visible()
        screenshot(page, f"refusal-{username}-{path}")
        main.get_by_test_id("stPageLink").first.click()
        wait_for_app(page)
        expect(main).to_contain_text(start_text, timeout=30_000)
        expect(main).not_to_contain_text(REFUSED)
        page.goto(f"{server.url}/{path}")
        wait_for_app(page)
        main.get_by_role("button", name="로그아웃").click()
        wait_for_app(page)
        page.wait_for_selector("input[type=password]", timeout=30_000)
    finally:
        context.close()


@pytest.mark.parametrize("username", ["exec", "civic", "brand", "service", "newmedia", "rapid", "wall"])
def test_admin_pages_refuse_every_other_role(browser, server, username):
    """/admin-import and /admin-audit as every non-admin demo role: a refusal, no rows, no upload."""
    context, page = new_page(browser)
    try:
        sign_in(page, server.url, username, path="/admin-audit")
        for path in ("admin-audit", "admin-import"):
            page.goto(f"{server.url}/{path}")
            wait_for_app(page)
            main = page.get_by_test_id("stMain")
            expect(main).to_contain_text(REFUSED, timeout=30_000)
            expect(page.get_by_test_id("stFileUploader")).to_have_count(0)
            expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
            expect(page.get_by_test_id("stDownloadButton")).to_have_count(0)
            expect(main).not_to_contain_text("login_failed")
    finally:
        context.close()


def manage(server, *args: str, stdin: str | None = None) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=server.env, input=stdin, text=True,
                   check=True, capture_output=True, timeout=60)


def test_open_pages_end_within_a_minute_of_a_revocation(browser, server):
    """Five open screens, then one change each (disable, reset, revoke, lifetime over, and a
    disable of an executive on /budget): within 60 s each shows the sign-in form and no figure."""
    users = {"wall_dis": ("display", "/wall"), "wall_pw": ("display", "/wall"), "wall_rev": ("display", "/wall"),
             "wall_exp": ("display", "/wall"), "exec_dis": ("executive", "/budget")}
    for name, (role, _path) in users.items():
        manage(server, "add-user", name, "--role", role, "--password-stdin", stdin=NEW_PASSWORD + "\n")
    screens = {}
    try:
        for name, (_role, path) in users.items():
            context, page = new_page(browser, 1280, 720)
            screens[name] = (context, page)
            sign_in(page, server.url, name, password=NEW_PASSWORD, path=path)
            expect(page.get_by_test_id("stMain")).to_contain_text("기준일", timeout=30_000)
            expect(page.locator("input[type=password]")).to_have_count(0)
        manage(server, "disable-user", "wall_dis")
        manage(server, "reset-password", "wall_pw", "--password-stdin", stdin=NEW_PASSWORD + "-2\n")
        manage(server, "revoke-sessions", "wall_rev")
        manage(server, "disable-user", "exec_dis")
        engine = make_engine(server.database_url)
        with engine.begin() as conn:  # the lifetime is over: the server-side expiry has passed
            conn.execute(update(AuthSession).where(AuthSession.username == "wall_exp")
                         .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
        engine.dispose()
        changed = time.monotonic()
        for name, (_context, page) in screens.items():
            left = max(1.0, 60 - (time.monotonic() - changed))
            try:
                page.wait_for_selector("input[type=password]", timeout=left * 1000)
            except Exception as exc:  # noqa: BLE001 - say which screen and what it shows
                screenshot(page, f"revoked-{name}")
                raise AssertionError(f"{name} still shows: {page.locator('body').inner_text()[:300]!r}") from exc
            main = page.get_by_test_id("stMain")
            expect(main).not_to_contain_text("기준일")
            expect(page.locator("[data-testid=stMetric], .kpi-card")).to_have_count(0)
        assert time.monotonic() - changed < 60
    finally:
        for context, _page in screens.values():
            context.close()


def test_sign_in_cookie_is_set_by_the_server_httponly_strict(browser, server):
    """The cookie comes from the server (HttpOnly: no script reads it), SameSite=Strict, not Secure
    over plain http; a reload signs in from it and signing out deletes it."""
    context, page = new_page(browser)
    try:
        sign_in(page, server.url, "exec")
        cookie = next(c for c in context.cookies() if c["name"] == COOKIE_NAME)
        assert (cookie["httpOnly"], cookie["sameSite"], cookie["secure"]) == (True, "Strict", False), cookie
        assert COOKIE_NAME not in page.evaluate("document.cookie")
        page.reload()
        wait_for_app(page)
        expect(page.get_by_test_id("stMain")).to_contain_text("53.07%", timeout=30_000)
        page.get_by_test_id("stSidebar").get_by_role("button", name="로그아웃").click()
        page.wait_for_selector("input[type=password]", timeout=30_000)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(c["name"] == COOKIE_NAME for c in context.cookies()):
            page.wait_for_timeout(300)
        assert not any(c["name"] == COOKIE_NAME for c in context.cookies())
    finally:
        context.close()
