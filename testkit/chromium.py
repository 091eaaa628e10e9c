"""Headless Chromium for the browser tests and the benchmarks: its path and flags, and a sign-in."""
from __future__ import annotations

import os
import time

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
DEMO_PASSWORD = "seoul-demo-2016"
COOKIE_NAME = "seoul_comm_dash"


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished the script run (no running indicator)."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]') ||"
        " !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.match(/Running|실행/)",
        timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]').getAttribute('data-test-script-state') !== 'running'",
        timeout=timeout)


def sign_in(page, base_url: str, username: str, password: str = DEMO_PASSWORD, path: str = "/") -> None:
    page.goto(base_url + path)
    # The first script run of a fresh server imports everything and prepares the database: be patient.
    page.wait_for_selector("input[type=password]", timeout=120_000)
    wait_for_app(page)  # the login form's first runs must settle, or a rerun clears what was typed
    page.get_by_label("아이디").or_(page.get_by_label("Username")).first.fill(username)
    page.get_by_label("비밀번호").or_(page.get_by_label("Password")).first.fill(password)
    page.get_by_role("button", name="로그인").or_(page.get_by_role("button", name="Sign in")).first.click()
    wait_for_app(page)
    wait_for_cookie(page)


def wait_for_cookie(page, name: str = COOKIE_NAME, timeout: float = 20) -> None:
    """The sign-in cookie is written by a component after the login rerun: wait until the browser has it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(c["name"] == name for c in page.context.cookies()):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"sign-in cookie {name} was not set; the page says: "
                         f"{page.locator('[data-testid=stMain]').inner_text()[:300]}")
