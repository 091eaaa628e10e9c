"""Text from data is text (issue 11): a programme name full of Markdown, imported through `manage.py
import`, shows exactly as typed on the overview's briefing and /budget (no link, no image, no bold)."""
import csv
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, AppServer, screenshot, sign_in, wait_for_app

pytestmark = pytest.mark.e2e

# A lagging programme (rapid.goal.02, 14.66% executed) renamed: every Markdown construct plus legitimate names.
NAME = "[공지](http://evil.example/) ![사진](http://evil.example/a.png) **굵게** <b>x</b> '서울사랑' 발간 [공모] 1. _끝_"


@pytest.fixture(scope="module")
def renamed_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("text_is_text")
    server = AppServer(f"sqlite:///{folder / 'demo.sqlite3'}")
    server.prepare()
    exported = folder / "budget.csv"
    run = [sys.executable, "manage.py"]
    subprocess.run([*run, "export", "budget", str(exported)], cwd=ROOT, env=server.env, check=True,
                   capture_output=True)
    with exported.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    renamed = [dict(r, name_ko=NAME) for r in rows if r["item_code"] == "rapid.goal.02"]
    assert renamed
    source = folder / "renamed.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(renamed)
    result = subprocess.run([*run, "import", "budget", str(source), "--user", "test"], cwd=ROOT, env=server.env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    server.start()
    yield server
    server.stop()


@pytest.mark.parametrize("path", ["", "budget"])
def test_markdown_in_a_programme_name_shows_as_typed(renamed_server, browser, path):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ko-KR")
    page = context.new_page()
    try:
        sign_in(page, renamed_server.url, "exec")
        page.goto(f"{renamed_server.url}/{path}")
        wait_for_app(page)
        main = page.locator("[data-testid='stMain']")
        if path == "budget":  # the rapid division's expander holds its report table
            page.get_by_text("신속행정담당관 ·", exact=False).first.click()
        expect(main).to_contain_text("서울사랑", timeout=20_000)
        assert NAME in main.inner_text().replace("\u2060", "")  # shown as typed (joiners keep URLs text)
        links = main.locator("a[href*='evil.example']")
        assert links.count() == 0, [links.nth(i).evaluate("e => e.parentElement.parentElement.outerHTML.slice(0, 600)") for i in range(links.count())]
        assert main.locator("img[src*='evil.example']").count() == 0
        assert "\\[" not in main.inner_text()  # escapes never show
        screenshot(page, f"text_is_text_{path or 'overview'}")
    finally:
        context.close()
