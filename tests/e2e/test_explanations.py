"""부진사유·대책 in the browser: a division head writes one on /budget, sees it there as plain text,
then downloads the overview's briefing PDF and finds it printed under the lagging programmes."""
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in, wait_for_app

pytestmark = pytest.mark.e2e
REASON = "하반기 *행사* 일정으로 계약이 늦어졌습니다.\n9월 초 계약 예정"
PLAN = "9월 계약 체결 후 10월까지 80% 집행"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_division_head_writes_explanation_and_it_is_in_the_pdf(app_server, browser, tmp_path):
    """civic saves a reason and plan on /budget; the page shows it verbatim; the overview's PDF has it."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    try:
        sign_in(page, app_server.url, "civic", path="/budget")
        main = page.get_by_test_id("stMain")
        expect(main).to_contain_text("부진사유·대책", timeout=60_000)
        page.get_by_text("부진사유·대책 작성").click()
        page.get_by_role("textbox", name="부진사유", exact=True).fill(REASON)
        page.get_by_role("textbox", name="대책", exact=True).fill(PLAN)
        page.get_by_role("button", name="저장").click()
        wait_for_app(page)
        expect(main).to_contain_text("하반기 *행사* 일정으로 계약이 늦어졌습니다.", timeout=30_000)
        expect(main).to_contain_text("9월 초 계약 예정")
        expect(main.get_by_test_id("stText").filter(has_text="9월 계약 체결 후")).to_have_count(1)
        screenshot(page, "explanation_budget_civic")

        page.goto(f"{app_server.url}/overview")
        wait_for_app(page)
        expect(main).to_contain_text("하반기 *행사* 일정으로", timeout=60_000)
        wait_for_app(page)
        main.get_by_test_id("stText").filter(has_text="9월 계약 체결 후").scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot(page, "explanation_overview_civic")))  # the viewport at the note
        with page.expect_download(timeout=120_000) as download:
            page.get_by_role("button", name="브리핑 PDF").click()
        path = tmp_path / "briefing.pdf"
        download.value.save_as(path)
        text = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True,
                              text=True).stdout
        assert "하반기 *행사* 일정으로 계약이 늦어졌습니다." in text
        assert "9월 계약 체결 후 10월까지 80% 집행" in text
    finally:
        context.close()
