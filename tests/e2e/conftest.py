"""Browser tests: a real `streamlit run app.py` on a free port, driven by Playwright in Debian's Chromium.

The app runs in demo mode against a database made for the run: the embedded SQLite demo, and a
PostgreSQL database loaded with the same demo data.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from testkit import pg
from testkit.appserver import ROOT, AppServer, free_port, stop_process, wait_healthy
from testkit.chromium import CHROMIUM, CHROMIUM_ARGS, COOKIE_NAME, DEMO_PASSWORD, sign_in, wait_for_app, wait_for_cookie

# The helpers live in testkit/ (bench/ uses them too); the browser tests import them from here.
__all__ = ["AppServer", "CHROMIUM", "CHROMIUM_ARGS", "COOKIE_NAME", "DEMO_PASSWORD", "ROOT", "free_port",
           "screenshot", "sign_in", "stop_process", "wait_for_app", "wait_for_cookie", "wait_healthy"]

SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots"

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def app_server(request, tmp_path_factory) -> Iterator[AppServer]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'demo.sqlite3'}"
    else:
        url = pg.database_or_skip("dash_e2e", "the browser tests")
    server = AppServer(url)
    server.prepare()
    server.start()
    yield server
    server.stop()
    if request.param == "postgresql":
        pg.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("Chromium is not installed: run `make system-deps`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
