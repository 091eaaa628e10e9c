"""The briefing as an A4 landscape PDF (fpdf2, NanumGothic embedded, charts rendered by vl-convert).

Page 1: title and as-of date, the summary sentences across the page, then the KPI table with
status and the lagging programmes beside the division figures below target (laid out again a
little smaller when it would not fit on one page). Page 2: up to four charts drawn by the same
`charts/` functions the pages use (execution by division, execution against the target curve, delay
rate by month this year and last, 시민청 monthly visitors), rendered to PNG with vl-convert using
NanumGothic so Hangul shows. Everything is text in the briefing's language; data names
(programmes, divisions) appear as stored in that language.

The font comes from Debian's fonts-nanum (`scripts/ensure_system_deps.sh` installs it); without it
`build_pdf` raises `FontMissingError` with a message saying what to install.
"""
from __future__ import annotations

import io
import logging
import threading
from pathlib import Path

import altair as alt
import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace

import charts  # noqa: F401  (registers the shared Altair theme)
from briefing.model import Briefing
from charts import budget as budget_charts
from charts import citizen_hall as hall_charts
from charts import complaints as complaint_charts
from charts.theme import STATUS_COLORS
from config.i18n import t
from config.targets import execution_target_curve
from config.formats import fmt_date, fmt_million, fmt_rate

FONT_DIR = Path("/usr/share/fonts/truetype/nanum")
FONT_FILES = {"": "NanumGothic.ttf", "B": "NanumGothicBold.ttf"}
FONT = "NanumGothic"  # the family name in the PDF and the font Vega resolves for the charts

MARGIN = 12.0  # mm
GAP = 8.0  # between columns
TABLE_PT = 8.5
SUMMARY_PT = 9.5
SCALES = (1.0, 0.92, 0.85)  # page one is laid out again, smaller, until it fits on one page
INK = (33, 37, 41)
MUTED = (108, 117, 125)
ACCENT = (0, 114, 178)  # the palette's blue
DEMO_INK = (176, 60, 0)  # the demo label: dark orange, readable in black-and-white print too
RULE = (200, 205, 210)
HEADING_FILL = (233, 240, 247)
STATUS_RGB = {s: tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for s, c in STATUS_COLORS.items()}
STATUS_INK = {"on_track": STATUS_RGB["normal"], "watch": (176, 112, 0), "off_track": STATUS_RGB["delayed"]}

CHART_WIDTH_PX, CHART_HEIGHT_PX, CHART_SCALE = 560, 250, 2

_fonts_registered = False
_fonts_lock = threading.Lock()


class FontMissingError(FileNotFoundError):
    """The Korean TrueType font for the PDF is not installed."""


def font_paths(font_dir: Path = FONT_DIR) -> dict[str, Path]:
    return {style: Path(font_dir) / name for style, name in FONT_FILES.items()}


def fonts_available(font_dir: Path = FONT_DIR) -> bool:
    return all(path.is_file() for path in font_paths(font_dir).values())


def _check_fonts(font_dir: Path, lang: str) -> dict[str, Path]:
    paths = font_paths(font_dir)
    for path in paths.values():
        if not path.is_file():
            raise FontMissingError(t("briefing.pdf.font_missing", lang, path=path))
    return paths


# --- charts ---------------------------------------------------------------------------------------


def _force_font(config: dict, font: str) -> dict:
    """A copy of a Vega-Lite config with every font family set to `font`."""
    out = {}
    for key, value in config.items():
        if isinstance(value, dict):
            out[key] = _force_font(value, font)
        elif key == "font" or key.endswith("Font"):
            out[key] = font
        else:
            out[key] = value
    out.setdefault("font", font)
    return out


def chart_spec(chart: alt.TopLevelMixin, *, width: int = CHART_WIDTH_PX, height: int = CHART_HEIGHT_PX) -> dict:
    """The chart's Vega-Lite spec at a fixed size, on white, with every font NanumGothic."""
    spec = chart.properties(width=width, height=height).to_dict()
    spec["config"] = _force_font(spec.get("config", {}), FONT)
    spec["background"] = "white"
    return spec


def _register_chart_fonts(font_dir: Path) -> None:
    global _fonts_registered
    with _fonts_lock:
        if not _fonts_registered:
            import vl_convert

            vl_convert.register_font_directory(str(font_dir))
            _fonts_registered = True


def chart_png(chart: alt.TopLevelMixin, *, font_dir: Path = FONT_DIR, scale: float = CHART_SCALE) -> bytes:
    """PNG bytes of a chart rendered by vl-convert with NanumGothic."""
    import vl_convert

    _register_chart_fonts(font_dir)
    return vl_convert.vegalite_to_png(chart_spec(chart), scale=scale)


def briefing_charts(b: Briefing) -> list[alt.TopLevelMixin]:
    """The briefing's charts (those with data), built by the pages' own chart functions."""
    lang = b.lang
    out = []
    if len(b.execution_by_division) > 1:  # one bar (a division's own briefing) says nothing
        out.append(budget_charts.execution_by_division(b.execution_by_division.frame(), lang))
    if len(b.execution_trend):
        curve = pd.DataFrame(execution_target_curve(b.as_of.year), columns=["as_of", "execution_rate"])
        curve = curve[curve["as_of"] <= max(b.as_of, curve["as_of"].min())]
        out.append(budget_charts.execution_trend(b.execution_trend.frame(), curve, lang))
    if len(b.delay_by_month):
        out.append(complaint_charts.delay_by_month(b.delay_by_month.frame(), lang))
    if len(b.hall_monthly):
        out.append(hall_charts.monthly_visitors(b.hall_monthly.frame(), lang))
    return out


# --- the document ---------------------------------------------------------------------------------


class _Document(FPDF):
    def __init__(self, b: Briefing, fonts: dict[str, Path], scale: float = 1.0, notes: tuple = (),
                 demo: bool = False):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.b = b
        self.notes = {note.subject: note for note in notes}  # explanations (briefing.notes.Note) by subject
        self.demo = demo  # demo data: every page says so (a PDF leaves the app and could pass for real figures)
        self.scale = scale  # text sizes and line heights of page one
        for style, path in fonts.items():
            self.add_font(FONT, style, str(path))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 4)
        self.set_title(b.title)
        self.set_author(t("app.office", b.lang))
        self.set_creator("seoul-comm-dashboard")
        self.set_lang("en" if b.lang == "en" else "ko")

    def footer(self) -> None:
        self.set_y(-MARGIN)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, t("briefing.pdf.generated", self.b.lang, office=t("app.office", self.b.lang),
                          date=fmt_date(self.b.as_of, self.b.lang)), align="L")
        if self.demo:
            self.set_x(MARGIN)
            self.set_font(FONT, "B", 8)
            self.set_text_color(*DEMO_INK)
            self.cell(0, 5, t("briefing.pdf.demo", self.b.lang), align="C")
            self.set_font(FONT, "", 8)
            self.set_text_color(*MUTED)
        self.set_x(MARGIN)
        self.cell(0, 5, t("briefing.pdf.page", self.b.lang, page=self.page_no(), pages="{nb}"), align="R")

    # building blocks

    def heading(self, text: str, x: float, width: float) -> None:
        self.set_x(x)
        self.set_font(FONT, "B", 12 * self.scale)
        self.set_text_color(*ACCENT)
        self.cell(width, 6.5 * self.scale, text, new_x="LEFT", new_y="NEXT")
        self.set_text_color(*INK)

    def caption(self, text: str, x: float, width: float) -> None:
        self.set_x(x)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.multi_cell(width, 4 * self.scale, text, align="L", new_x="LEFT", new_y="NEXT")
        self.set_text_color(*INK)
        self.ln(1)

    def grid(self, x: float, width: float, headings: list[str], rows: list[list[tuple[str, str | None]]],
             col_widths: tuple[float, ...], align: tuple[str, ...]) -> None:
        """A table: a shaded heading row, then rows of (text, status or None) cells."""
        self.set_x(x)
        size = TABLE_PT * self.scale
        self.set_font(FONT, "", size)
        self.set_draw_color(*RULE)
        heading_style = FontFace(family=FONT, emphasis="BOLD", size_pt=size, color=INK, fill_color=HEADING_FILL)
        with self.table(width=width, col_widths=col_widths, text_align=align, align="LEFT", line_height=4.0 * self.scale,
                        borders_layout="HORIZONTAL_LINES", headings_style=heading_style,
                        padding=(0.8 * self.scale, 1.2)) as table:
            head = table.row()
            for text in headings:
                head.cell(text)
            for cells in rows:
                row = table.row()
                for text, state in cells:
                    style = FontFace(emphasis="BOLD", color=STATUS_INK[state]) if state in STATUS_INK else None
                    row.cell(text, style=style)


def _status_text(state: str | None, lang: str) -> tuple[str, str | None]:
    return (t(f"status.{state}", lang), state) if state else ("–", None)


def _header(pdf: _Document) -> None:
    b, lang = pdf.b, pdf.b.lang
    pdf.set_font(FONT, "B", 18)
    pdf.set_text_color(*INK)
    pdf.cell(0, 9, b.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 6, f"{t('app.office', lang)} · {t('common.as_of', lang, date=fmt_date(b.as_of, lang))}",
             new_x="LMARGIN", new_y="NEXT")
    if pdf.demo:
        pdf.set_font(FONT, "B", 9)
        pdf.set_text_color(*DEMO_INK)
        pdf.multi_cell(0, 4.5, t("app.demo_banner", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.6)
    pdf.line(MARGIN, pdf.get_y() + 1, pdf.w - MARGIN, pdf.get_y() + 1)
    pdf.set_line_width(0.2)
    pdf.ln(4)


def _summary(pdf: _Document) -> None:
    pdf.heading(t("briefing.summary", pdf.b.lang), MARGIN, pdf.epw)
    pdf.set_font(FONT, "", SUMMARY_PT * pdf.scale)
    line = 4.9 * pdf.scale
    for sentence in pdf.b.summary:
        pdf.set_x(MARGIN)
        pdf.cell(4, line, "•")
        pdf.multi_cell(pdf.epw - 4, line, sentence, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)
    if pdf.b.forecast:  # the year-end projection, labelled, with its method in one sentence
        from metrics.forecast import METHOD

        pdf.set_x(MARGIN)
        pdf.cell(4, line, "•")
        pdf.multi_cell(pdf.epw - 4, line, pdf.b.forecast, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.caption(METHOD[pdf.b.lang], MARGIN + 4, pdf.epw - 4)
        pdf.set_font(FONT, "", SUMMARY_PT * pdf.scale)
    pdf.ln(2)


def _kpi_table(pdf: _Document, x: float, width: float) -> None:
    b, lang = pdf.b, pdf.b.lang
    pdf.heading(t("briefing.kpis", lang), x, width)
    rows = [[(k.label, None), (k.value, None), (k.delta_line or "", None), (k.target or "–", None),
             _status_text(k.status, lang)] for k in b.kpis]
    pdf.grid(x, width, [t("briefing.col.metric", lang), t("briefing.col.value", lang),
                        t("briefing.col.change", lang), t("briefing.col.target", lang),
                        t("briefing.col.status", lang)],
             rows, (43, 19, 38, 18, 14.5) if lang == "en" else (36, 22, 36, 22, 16.5),
             ("LEFT", "RIGHT", "RIGHT", "RIGHT", "CENTER"))


def _lagging_table(pdf: _Document, x: float, width: float) -> None:
    b, lang = pdf.b, pdf.b.lang
    pdf.heading(t("briefing.lagging.title", lang), x, width)
    caption = t("briefing.lagging.caption", lang, date=fmt_date(b.as_of, lang), target=fmt_rate(b.lagging_target))
    pdf.caption(f"{caption} ({t('briefing.unit_million', lang)})", x, width)
    if not b.lagging:
        pdf.caption(t("briefing.lagging.none", lang), x, width)
        return
    pdf.grid(x, width, [t("briefing.col.division", lang), t("briefing.col.programme", lang),
                        t("briefing.col.current", lang), t("briefing.col.executed", lang), t("briefing.col.rate", lang)],
             [[(p.division_name, None), (p.name, None), (fmt_million(p.current_budget_won), None),
               (fmt_million(p.executed_won), None), (p.rate_text, "off_track")] for p in b.lagging],
             (36, 50, 16, 12, 18.5) if lang == "en" else (27, 60, 15, 12, 18.5),  # names on one line in Korean
             ("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT"))
    _notes(pdf, x, width, [((p.division_code, "programme", p.code), p.name) for p in b.lagging])


def _off_target_table(pdf: _Document, x: float, width: float) -> None:
    b, lang = pdf.b, pdf.b.lang
    pdf.heading(t("briefing.off_target.title", lang), x, width)
    pdf.caption(t("briefing.off_target.caption", lang), x, width)
    if not b.off_target:
        pdf.caption(t("briefing.off_target.none", lang), x, width)
        return
    pdf.grid(x, width, [t("briefing.col.division", lang), t("briefing.col.metric", lang),
                        t("briefing.col.value", lang), t("briefing.col.target", lang), t("briefing.col.status", lang)],
             [[(o.division_name, None), (o.metric_name, None), (o.value_text, None), (o.target_text, None),
               _status_text(o.status, lang)] for o in b.off_target],
             (35, 40, 20, 21, 16.5), ("LEFT", "LEFT", "RIGHT", "RIGHT", "CENTER"))
    _notes(pdf, x, width, [((o.division_code, "metric", o.metric), f"{o.division_name} · {o.metric_name}")
                           for o in b.off_target])


def _notes(pdf: _Document, x: float, width: float, subjects: list[tuple[tuple[str, str, str], str]]) -> None:
    """Under a table: each listed subject's explanation (부진사유·대책) as written, with its byline."""
    lang = pdf.b.lang
    found = [(label, pdf.notes[subject]) for subject, label in subjects if subject in pdf.notes]
    if not found:
        return
    pdf.ln(2)
    line = 4.0 * pdf.scale
    for label, note in found:
        pdf.set_x(x)
        pdf.set_font(FONT, "B", TABLE_PT * pdf.scale)
        pdf.set_text_color(*INK)
        pdf.multi_cell(width, line, f"{t('explain.title', lang)} · {label}", align="L", new_x="LEFT", new_y="NEXT")
        pdf.set_font(FONT, "", TABLE_PT * pdf.scale)
        for key, text in (("explain.reason", note.reason), ("explain.plan", note.plan)):
            pdf.set_x(x)
            pdf.multi_cell(width, line, t("explain.pdf.line", lang, label=t(key, lang), text=text), align="L",
                           new_x="LEFT", new_y="NEXT")
        pdf.caption(note.byline, x, width)


def _page_one(pdf: _Document) -> None:
    """Title, the summary across the page, then KPIs and laggards (left) beside off-target figures (right)."""
    pdf.add_page()
    _header(pdf)
    _summary(pdf)
    width = (pdf.epw - GAP) / 2
    left, right = MARGIN, MARGIN + width + GAP
    top_page, top = pdf.page, pdf.get_y()
    _kpi_table(pdf, left, width)
    left_end = (pdf.page, pdf.get_y() + 3)
    pdf.page = top_page  # back to where the columns start (a column may run onto a new page)
    pdf.set_y(top)
    _off_target_table(pdf, right, width)
    right_end = (pdf.page, pdf.get_y() + 3)
    # the lagging programmes go under the shorter column
    (pdf.page, y), x = min((left_end, left), (right_end, right))
    pdf.set_y(y)
    _lagging_table(pdf, x, width)
    pdf.page, y = max(left_end, right_end, (pdf.page, pdf.get_y()))
    pdf.set_xy(MARGIN, y)


def _chart_page(pdf: _Document, images: list[bytes]) -> None:
    if not images:
        return
    lang = pdf.b.lang
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.set_text_color(*INK)
    pdf.cell(0, 8, f"{pdf.b.title} · {t('briefing.pdf.charts', lang)}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    top = pdf.get_y()
    cell_w = (pdf.epw - GAP) / 2
    cell_h = (pdf.h - top - MARGIN - 6 - GAP) / 2
    for i, png in enumerate(images[:4]):
        x = MARGIN + (i % 2) * (cell_w + GAP)
        y = top + (i // 2) * (cell_h + GAP)
        pdf.image(io.BytesIO(png), x=x, y=y, w=cell_w, h=cell_h, keep_aspect_ratio=True)


def build_pdf(b: Briefing, *, font_dir: Path = FONT_DIR, notes: tuple = (), demo: bool | None = None) -> bytes:
    """The briefing as PDF bytes: A4 landscape (842 × 595 pt), NanumGothic embedded, charts on page 2.

    `notes`: explanations (`briefing.notes.Note`) printed under the lagging programmes and the
    off-target figures they explain (`briefing.document.pdf_bytes` reads them).
    `demo` (default: DASHBOARD_DEMO) labels every page as demo data, under the title and in the footer.
    """
    if demo is None:
        from config.settings import get_settings

        demo = get_settings().dashboard_demo
    fonts = _check_fonts(font_dir, b.lang)
    images = [chart_png(chart, font_dir=font_dir) for chart in briefing_charts(b)]
    for scale in SCALES:
        pdf = _Document(b, fonts, scale, notes, demo=demo)
        _page_one(pdf)
        if pdf.page == 1:
            break
    _chart_page(pdf, images)
    subset_log = logging.getLogger("fontTools.subset")
    level = subset_log.level
    subset_log.setLevel(logging.ERROR)  # "TSI* NOT subset": NanumGothic's hinting tables, dropped harmlessly
    try:
        return bytes(pdf.output())
    finally:
        subset_log.setLevel(level)
