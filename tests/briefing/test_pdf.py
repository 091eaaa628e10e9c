"""The briefing PDF: A4 landscape, Hangul embedded as text (NanumGothic), charts rendered, pages rasterise.

The rendered pages are written to tests/briefing/out/ (gitignored) for a look.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from briefing.model import build_briefing
from briefing.pdf import FONT, FontMissingError, briefing_charts, build_pdf, chart_png, chart_spec
from data_access.scope import Scope

AS_OF = dt.date(2016, 8, 10)
OUT = Path(__file__).resolve().parent / "out"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
POPPLER = all(shutil.which(tool) for tool in ("pdfinfo", "pdftotext", "pdftoppm", "pdffonts"))

if not POPPLER and os.environ.get("CI"):  # CI must run these: a missing poppler fails instead of skipping
    raise RuntimeError("poppler-utils (pdftotext, pdftoppm) not installed; run scripts/ensure_system_deps.sh")
pytestmark = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdftoppm) not installed")


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def ko_pdf(demo_engine, tmp_path_factory) -> tuple[object, Path, float]:
    """The office's Korean briefing, its PDF file and the seconds it took to make."""
    b = build_briefing(engine=demo_engine, scope=Scope.office(), as_of=AS_OF, lang="ko")
    started = time.perf_counter()
    data = build_pdf(b)
    seconds = time.perf_counter() - started
    path = tmp_path_factory.mktemp("pdf") / "briefing_ko.pdf"
    path.write_bytes(data)
    return b, path, seconds


@pytest.fixture(scope="module")
def en_pdf(demo_engine, tmp_path_factory) -> tuple[object, Path]:
    b = build_briefing(engine=demo_engine, scope=Scope.office(), as_of=AS_OF, lang="en")
    path = tmp_path_factory.mktemp("pdf") / "briefing_en.pdf"
    path.write_bytes(build_pdf(b))
    return b, path


def test_pdf_is_a4_landscape(ko_pdf):
    """Every page is A4 landscape: 842 x 595 pt."""
    _, path, _ = ko_pdf
    info = run("pdfinfo", "-f", "1", "-l", "99", str(path))
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert sizes and all((round(float(w)), round(float(h))) == (842, 595) for w, h in sizes), sizes
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) == 2  # the briefing, then the charts


def test_korean_text_is_embedded_as_text(ko_pdf):
    """pdftotext reads the Korean title, 53.07%, the summary and the lagging programmes' names."""
    b, path, _ = ko_pdf
    text = run("pdftotext", "-layout", str(path), "-")
    assert "시민소통기획관 주요업무 브리핑" in text
    assert "53.07%" in text and "5.85%" in text and "6.07%" in text
    flat = squash(text)
    for programme in b.lagging:
        assert squash(programme.name) in flat, programme.name
    assert squash(b.summary[1]) in flat


def test_nanum_gothic_is_embedded(ko_pdf):
    """The PDF embeds (a subset of) NanumGothic regular and bold with a Unicode map."""
    _, path, _ = ko_pdf
    fonts = [line.split() for line in run("pdffonts", str(path)).splitlines()[2:]]
    names = {row[0].split("+")[-1]: row for row in fonts}
    assert {"NanumGothic", "NanumGothicBold"} <= set(names)
    assert all(names[n][-5:-2] == ["yes", "yes", "yes"] for n in ("NanumGothic", "NanumGothicBold"))  # emb sub uni


def test_pages_render_to_png(ko_pdf, demo_engine):
    """pdftoppm renders both pages; the PNGs are kept under tests/briefing/out/."""
    _, path, _ = ko_pdf
    OUT.mkdir(exist_ok=True)
    prefix = OUT / f"briefing_ko_{demo_engine.dialect.name}"
    for old in OUT.glob(f"{prefix.name}-*.png"):
        old.unlink()
    run("pdftoppm", "-png", "-r", "60", str(path), str(prefix))
    pages = sorted(OUT.glob(f"{prefix.name}-*.png"))
    assert len(pages) == 2
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and p.stat().st_size > 10_000 for p in pages)


def test_pdf_is_made_in_reasonable_time(ko_pdf):
    """A sanity bound only (the bench reports the real figure; under 5 s on a quiet machine)."""
    _, _, seconds = ko_pdf
    assert seconds < 60


def test_english_pdf_is_english(en_pdf):
    """In English the PDF's text, data names included, has no Hangul."""
    b, path = en_pdf
    text = run("pdftotext", "-layout", str(path), "-")
    assert "Citizen Communication Planning Office: executive briefing" in text
    assert "53.07%" in text
    assert not HANGUL.search(text), HANGUL.findall(text)[:20]


def test_division_pdf_has_its_own_charts_only(demo_engine):
    """A division's PDF: its own figures, no one-bar division chart, no Citizen Hall chart it cannot see."""
    b = build_briefing(engine=demo_engine, scope=Scope("rapid"), as_of=AS_OF, lang="ko")
    titles = [chart.to_dict()["title"]["text"] for chart in briefing_charts(b)]
    assert titles == ["월별 누적 집행률과 목표", "월별 민원처리지연율 (올해·전년)"]
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=build_pdf(b), check=True,
                          capture_output=True).stdout.decode()
    assert "신속행정담당관 주요업무 브리핑" in text and "25.85%" in text
    for other in ("시민소통담당관", "도시브랜드담당관", "시민봉사담당관", "뉴미디어담당관", "시민청", "53.07%"):
        assert other not in text, other


def test_chart_fonts_resolve_to_nanum_gothic(ko_pdf):
    """Every font in the chart specs is NanumGothic, so vl-convert draws Hangul with it."""
    b, _, _ = ko_pdf
    for chart in briefing_charts(b):
        spec = chart_spec(chart)
        fonts = set(re.findall(r"'[A-Za-z]*[Ff]ont': '([^']*)'", str(spec["config"])))
        assert fonts == {FONT}, fonts
        assert spec["width"] > 0 and spec["height"] > 0


def test_chart_png_is_an_image(ko_pdf):
    """A chart renders to PNG bytes through vl-convert."""
    b, _, _ = ko_pdf
    png = chart_png(briefing_charts(b)[0])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000


def test_missing_font_fails_with_a_clear_message(ko_pdf, tmp_path):
    """Without NanumGothic the PDF is refused with a message naming the file and the package."""
    b, _, _ = ko_pdf
    with pytest.raises(FontMissingError, match="fonts-nanum") as error:
        build_pdf(b, font_dir=tmp_path)
    assert "NanumGothic.ttf" in str(error.value)


@pytest.mark.parametrize("demo", [True, False])
def test_demo_pdf_says_so_on_every_page(demo_engine, tmp_path, demo):
    """In demo mode every page carries the demo label (and the demo note under the title); otherwise none."""
    b = build_briefing(engine=demo_engine, scope=Scope.office(), as_of=AS_OF, lang="ko")
    path = tmp_path / "briefing.pdf"
    path.write_bytes(build_pdf(b, demo=demo))
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(path))).group(1))
    assert pages == 2  # the label does not push page one's content over
    for page in range(1, pages + 1):
        text = squash(run("pdftotext", "-f", str(page), "-l", str(page), str(path), "-"))
        assert ("데모데이터·실제수치가아닙니다" in text) is demo, page
    first = squash(run("pdftotext", "-f", "1", "-l", "1", str(path), "-"))
    assert ("데모데이터입니다" in first) is demo
