"""Browser tests: a real `streamlit run app.py` on a free port, driven by Playwright in Debian's Chromium.

The app runs in demo mode against a database made for the run: the embedded SQLite demo, and a
PostgreSQL database loaded with the same demo data.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import pg

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots"
DEMO_PASSWORD = "seoul-demo-2016"
COOKIE_NAME = "seoul_comm_dash"

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not become healthy")


def stop_process(proc: subprocess.Popen | None) -> None:
    """Terminate a child process, killing it if it has not exited after 10 s."""
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


class AppServer:
    def __init__(self, database_url: str, env_extra: dict[str, str] | None = None, entry: str = "asgi.py"):
        self.database_url = database_url
        self.entry = entry  # asgi.py (deployments, make run) or app.py (the plain `streamlit run app.py`)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DATABASE_URL": database_url, "DASHBOARD_DEMO": "1",
                    "PYTHONPATH": str(ROOT), **(env_extra or {})}
        self.log = ROOT / "tests" / "e2e" / f"server-{self.port}.log"
        self.proc: subprocess.Popen | None = None

    def prepare(self) -> None:
        subprocess.run([sys.executable, "manage.py", "load-demo"], cwd=ROOT, env=self.env, check=True,
                       capture_output=True)

    def start(self) -> None:
        self.log_file = open(self.log, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", self.entry, "--server.port", str(self.port),
             "--server.headless", "true", "--server.address", "127.0.0.1"],
            cwd=ROOT, env=self.env, stdout=self.log_file, stderr=subprocess.STDOUT)
        wait_healthy(self.url, self.proc)

    def stop(self) -> None:
        stop_process(self.proc)
        if getattr(self, "log_file", None):
            self.log_file.close()
            self.log.unlink(missing_ok=True)


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


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
