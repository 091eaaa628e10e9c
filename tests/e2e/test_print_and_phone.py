"""/budget on paper (the browser's print, as Chromium makes its PDF) and tables on a phone (390×844)."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in, wait_for_app

pytestmark = pytest.mark.e2e

# The 2016 report's lagging programmes (집행률 below the curve's 52.94% on 10 Aug), lowest first.
LAGGING = {"시민참여프로그램을 통한 시정공감대 확산": "5.93", "시·구간 신속행정 협력체계 강화": "14.66",
           "민원서비스 품질관리 및 시상": "23.94", "신속행정 현안조정 및 홍보": "24.24", "현장소통프로그램운영": "25.90"}


@pytest.fixture(scope="module")
def printed_budget(app_server, browser, tmp_path_factory):
    """/budget in print media: the page, and the text of each page of its PDF (pdftotext, poppler)."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (poppler-utils) is not installed: run `make system-deps`")
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ko-KR")
    page = context.new_page()
    sign_in(page, app_server.url, "exec")
    page.goto(f"{app_server.url}/budget")
    wait_for_app(page)
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    page.wait_for_timeout(1500)  # charts drawn
    page.emulate_media(media="print")
    pdf = tmp_path_factory.mktemp("print") / "budget.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    yield page, [p for p in text.split("\f") if p.strip()]
    context.close()


def test_print_keeps_the_lagging_programmes_rates_beside_their_names(printed_budget):
    """Each lagging programme prints on one line with its 집행률 (not only as a bar)."""
    _page, pages = printed_budget
    lines = "\n".join(pages).splitlines()
    for name, rate in LAGGING.items():
        assert any(name in line and f" {rate} " in f"{line} " for line in lines), (name, rate)


def test_page_one_holds_more_than_the_header_and_cards(printed_budget):
    """Page one carries the title, the demo notice, the cards, the forecast and the budget table's head."""
    _page, pages = printed_budget
    first = pages[0]
    for text in ("예산 집행", "데모 데이터", "53.07%", "연말 집행 전망", "예산편성 세부내역", "41,018"):
        assert text in first, text


def test_widgets_do_not_print(printed_budget):
    """Under print media the dropdowns, the sidebar, buttons and toolbars are display:none; the page has none of their text."""
    page, pages = printed_budget
    for test_id in ("stSelectbox", "stSidebar", "stDownloadButton", "stHeader"):
        shown = page.get_by_test_id(test_id).evaluate_all("els => els.map(e => getComputedStyle(e).display)")
        assert shown and set(shown) == {"none"}, (test_id, shown)
    text = "\n".join(pages)
    for widget_text in ("집계일", "CSV 내려받기", "로그아웃", "keyboard_arrow"):
        assert widget_text not in text, widget_text


@pytest.mark.parametrize("path", ["data-status", "budget"])
def test_phone_table_toolbar_covers_neither_caption_nor_headings(app_server, browser, path):
    """At 390×844 a grid's toolbar (shown on hover or tap) sits between the caption above and the table's headings."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko-KR", has_touch=False)
    page = context.new_page()
    try:
        sign_in(page, app_server.url, "exec")
        page.goto(f"{app_server.url}/{path}")
        wait_for_app(page)
        if path == "budget":  # its one grid: the full breakdown, folded
            page.get_by_text("전체 세부내역 표").click()
            page.wait_for_timeout(500)
        grid = page.get_by_test_id("stDataFrame").filter(visible=True).first
        grid.scroll_into_view_if_needed()
        grid.hover()
        toolbar = grid.get_by_test_id("stElementToolbar")
        expect(toolbar).to_be_visible()
        above = grid.evaluate("""e => { let n = e.closest('[data-testid=stElementContainer]'), c = null;
            while (n && !c) {  // the nearest element with text before the grid (a caption, or the expander's label)
              let p = n.previousElementSibling;
              while (p && !p.innerText.trim()) p = p.previousElementSibling;
              c = p; n = n.parentElement; }
            const r = c.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; }""")
        bar, table = toolbar.bounding_box(), grid.bounding_box()
        assert bar["y"] >= above["bottom"] - 0.5, (bar, above)  # not over the caption or summary above
        assert bar["y"] + bar["height"] <= table["y"] + 0.5, (bar, table)  # not over the column headings
    finally:
        context.close()


def _phone(browser, app_server, path: str):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko-KR")
    page = context.new_page()
    sign_in(page, app_server.url, "exec")
    page.goto(f"{app_server.url}/{path}")
    wait_for_app(page)
    page.wait_for_timeout(1500)  # tables and charts drawn
    return context, page


def _figures(table) -> tuple[int, list[str]]:
    """How many cells of a static table are right-aligned (its figures), and those that end beyond the
    viewport's right edge."""
    return table.evaluate("""t => { const f = [...t.querySelectorAll('td')].filter(td => getComputedStyle(td).textAlign === 'right');
        return [f.length, f.filter(td => td.getBoundingClientRect().right > window.innerWidth + 0.5).map(td => td.innerText)]; }""")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_phone_signal_table_keeps_each_teams_figures_on_screen(app_server, browser, lang):
    """/complaints at 390 px: each team's overdue, imminent, on-time and total counts sit on screen beside
    its name (the division, context, comes after them); the status dots are colour emoji, not boxes."""
    context, page = _phone(browser, app_server, "complaints" + ("?lang=en" if lang == "en" else ""))
    try:
        table = page.locator(".static-table").filter(has_text="🔴").first
        table.scroll_into_view_if_needed()
        rows = table.locator("tbody tr").count()
        assert rows > 10
        assert _figures(table) == [4 * rows, []]  # overdue, imminent, on time, total: right-aligned, on screen
        # a colour emoji font draws 🔴 red; without one Chromium draws a black-outlined box
        red = page.evaluate("""() => { const c = document.createElement('canvas'); c.width = c.height = 40;
            const g = c.getContext('2d'); g.font = '32px sans-serif'; g.textBaseline = 'top'; g.fillText('🔴', 2, 2);
            const d = g.getImageData(0, 0, 40, 40).data; let n = 0;
            for (let i = 0; i < d.length; i += 4) if (d[i] > 180 && d[i + 1] < 90 && d[i + 2] < 90 && d[i + 3] > 200) n++;
            return n; }""")
        assert red > 100, red
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_phone_division_programmes_read(app_server, browser, lang):
    """/divisions at 390 px: the budget table's figures stay on screen beside long programme names, and the
    programme chart is as tall as its programmes (one 40 px row each), not squeezed into a fixed box."""
    context, page = _phone(browser, app_server, "divisions" + ("?lang=en" if lang == "en" else ""))
    try:
        table = page.locator(".static-table").first
        table.scroll_into_view_if_needed()
        rows = table.locator("tbody tr").count()
        programmes = rows - 2  # less the division's row and 기본경비
        assert programmes >= 10
        assert _figures(table) == [4 * rows, []]  # 예산액, 예산현액, 집행액, 집행률: right-aligned, on screen
        title = "단위사업별 집행률과 오늘의 목표" if lang == "ko" else "Programme execution vs today's target"
        chart = page.get_by_test_id("stVegaLiteChart").filter(has_text=title).first  # Vega's SVG: the title is text
        chart.scroll_into_view_if_needed()
        assert chart.bounding_box()["height"] >= 40 * programmes
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_phone_chart_titles_are_whole(app_server, browser, lang):
    """At 390 px no chart title is cut: Vega cannot wrap a title and ends one wider than the chart with "…"
    (a qualifier goes in the subtitle, a second line)."""
    context, page = _phone(browser, app_server, "budget" + ("?lang=en" if lang == "en" else ""))
    try:
        for path in ("budget", "complaints", "citizen-hall", "brand", "sns", "divisions"):
            page.goto(f"{app_server.url}/{path}" + ("?lang=en" if lang == "en" else ""))
            wait_for_app(page)
            expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
            page.wait_for_timeout(1500)  # charts drawn
            titles = page.evaluate("""() => [...document.querySelectorAll(
                '[data-testid=stVegaLiteChart] .role-title text')].map(t => t.textContent)""")
            assert titles and not [t for t in titles if "…" in t], (path, titles)
    finally:
        context.close()
