"""A print stylesheet, so the browser's own print gives a clean A4 landscape page.

Static CSS only (no data goes into HTML). Hides the sidebar, header, toolbars, buttons and download
widgets, lets the main area flow over several pages (Streamlit's scroll container would otherwise
print only what fits the first page) and keeps KPI cards, tables and charts whole on a page.
"""
from __future__ import annotations

import re

import streamlit as st

PRINT_CSS = """<style>
@page { size: A4 landscape; margin: 10mm; }
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
  [data-testid="stHeader"], header, [data-testid="stToolbar"], [data-testid="stToolbarActions"],
  [data-testid="stDecoration"], [data-testid="stStatusWidget"], [data-testid="stConnectionStatus"],
  [data-testid="stToastContainer"], [data-testid="stElementToolbar"], [data-testid="stAppDeployButton"],
  [data-testid="stMainMenu"], [data-testid="stBottom"],
  [data-testid="stButton"], .stButton, [data-testid="stDownloadButton"], .stDownloadButton,
  [data-testid="stPageLink"], .stPageLink,
  [data-testid="stSelectbox"], .stSelectbox, [data-testid="stMultiSelect"], [data-testid="stDateInput"],
  [data-testid="stSegmentedControl"], [data-testid="stRadio"], [data-testid="stElementContainer"]:has([data-testid="stSelectbox"]),
  [data-testid="stSlider"], [data-testid="stTextInput"], [data-testid="stTextArea"], [data-testid="stForm"],
  [data-testid="stExpanderIcon"], [data-testid="stExpander"] summary [data-testid="stIconMaterial"],
  /* folded grids (a canvas: blank on paper) and writing forms: only their labels would print */
  [data-testid="stExpander"]:has([data-testid="stDataFrame"], [data-testid="stForm"], [data-testid="stTextArea"]) {
    display: none !important;
  }
  html, body, .stApp, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"],
  section.main, .main {
    height: auto !important;
    min-height: 0 !important;
    overflow: visible !important;
    position: static !important;
  }
  [data-testid="stMainBlockContainer"], .block-container {
    max-width: 100% !important;
    padding: 0 !important;
    margin: 0 !important;
    zoom: 0.8;  /* the screen layout, a little smaller: the KPI cards and the summary share page one */
  }
  /* Chromium breaks a column flexbox badly: the whole body after the title went to page two.
     On paper the page's vertical blocks are plain blocks; rows stay flex. (Their gap as a margin or
     padding on each child sent the body to page two again: headings and cards keep their own.) */
  [data-testid="stVerticalBlock"] { display: block !important; }
  /* keep cards, rows of columns, bordered containers, tables and charts whole on a page */
  /* (not whole rows of columns: a tall row would push itself, and page one's space, to the next page) */
  [data-testid="stMetric"], .kpi-card, .div-card, [data-testid="stVegaLiteChart"], .stVegaLiteChart, .static-table tr {
    break-inside: avoid !important;
    page-break-inside: avoid !important;
  }
  /* a heading or caption stays with what follows it */
  [data-testid="stElementContainer"]:has(h1, h2, h3, h4, [data-testid="stCaptionContainer"]) {
    break-after: avoid !important;
    page-break-after: avoid !important;
  }
  [data-testid="stMetric"] { padding: 0.2rem 0.6rem !important; }
  [data-testid="stMetricValue"], .kpi-value { font-size: 1.6rem !important; }
  .kpi-card { padding: 0.2rem 0.6rem !important; }
  .kpi-help { display: none; }
  h1 { font-size: 1.6rem !important; padding: 0 !important; }
  body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>"""

# On paper the sidebar (and its demo-data notice) is gone: demo figures say so at the top of the page.
DEMO_PRINT_CSS = """<style>
@media print {
  [data-testid="stMain"] h1::after {  /* under the page's title (a box before the page would be a flex item) */
    content: "%s"; display: block; margin-top: 0.3rem; padding: 0.2rem 0.5rem; width: fit-content;
    border: 1px solid #8a6d00; color: #5c4900; font-size: 0.85rem !important; font-weight: 400; line-height: 1.4;
  }
}
</style>"""


# The screen's own rules, app-wide (static CSS, injected once per run with the print rules):
# - Korean breaks between words, not inside them (word-break: keep-all), in headings, cards and tables;
# - captions at a contrast of at least 4.5:1 (WCAG 2.1 AA; Streamlit's own grey is 3.88:1);
# - KPI cards of a row equally tall (with or without a sparkline);
# - on a phone, report table cells wrap between words only (never one character per line); a table
#   still too wide scrolls sideways; and the
#   tables' hover toolbar sits inside the table instead of over the caption above it (on a phone, in a
#   strip of its own above the table's headings).
SCREEN_CSS = """<style>
h1, h2, h3, h4, h5, h6, [data-testid="stMetric"], .kpi-card, .div-card, [data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"],
.static-table th, .static-table td, [data-testid="stExpander"] summary, [data-testid="stAlertContainer"],
[data-testid="stSidebarNav"] {
  word-break: keep-all; overflow-wrap: anywhere;
}
.stApp:not(:has(.st-key-wall_clock)) [data-testid="stCaptionContainer"],
.stApp:not(:has(.st-key-wall_clock)) [data-testid="stCaptionContainer"] p { color: #4f5562 !important; opacity: 1 !important; }
[data-testid="stHorizontalBlock"] > [data-testid="stColumn"] > [data-testid="stVerticalBlock"]
  > [data-testid="stLayoutWrapper"] > [data-testid="stVerticalBlock"]:has(> [data-testid="stElementContainer"] [data-testid="stMetric"]) {
  height: 100%;
}
/* static tables (ui/cards.table_html), drawn as st.table drew them: a thin rule around each cell */
.static-table { overflow-x: auto; margin-bottom: 0.5rem; }
.static-table table { border-collapse: collapse; width: 100%; font-size: 0.875rem; line-height: 1.4; color: #31333f; }
.static-table :is(th, td) { border: 1px solid rgba(49, 51, 63, 0.1); padding: 0.25rem 0.375rem; text-align: left;
  vertical-align: top; }
.static-table thead th { font-weight: 600; color: #4f5562; vertical-align: bottom; }
.static-table tbody th { font-weight: 400; color: #4f5562; }
.static-table .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
[data-testid="stElementToolbar"] { top: 0.25rem !important; }
@media (max-width: 640px) {
  /* a cell breaks between words only, never inside one (a name wraps onto two lines, a figure "26,435"
     or "시민봉사담당관" stays whole): the figures stay on screen beside the names, and no column reads
     one character per line. (The cell's text sits in its own element, which sets white-space itself.) */
  .static-table :is(th, td) {
    white-space: normal !important; overflow-wrap: normal !important; word-break: keep-all !important;
  }
  /* a little tighter, so a name column as wide as "현장소통프로그램운영" leaves room for four figures */
  .static-table :is(th, td) { padding: 0.25rem 0.375rem !important; font-size: 0.8125rem !important; }
  /* a phone shows the toolbar on a tap and keeps it: it gets a strip of its own above the table's
     headings, instead of covering the caption above (Streamlit's place) or the headings (ours above) */
  [data-testid="stDataFrame"] { margin-top: 2.875rem; }
  [data-testid="stDataFrame"] > [data-testid="stElementToolbar"] { top: -2.875rem !important; }
  [data-testid="stMetricValue"], .kpi-value { font-size: 1.8rem; }
}
/* KPI cards (ui/cards.py): Streamlit's bordered container and st.metric, in one element a row */
.kpi-row { display: grid; grid-template-columns: repeat(var(--kpi-cols, 1), minmax(0, 1fr)); gap: 1rem; }
.kpi-card, .div-card { position: relative; border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: calc(1rem - 1px);
  display: flex; flex-direction: column; gap: 0.25rem; min-width: 0; }
.kpi-card p, .div-card p { margin: 0; }
.div-name { font-weight: 600; color: #31333f; padding-right: 1.5rem; }
.div-rate { font-size: 1.75rem; line-height: 1.2; color: #31333f; }
.div-key { font-size: 1.25rem; line-height: 1.3; color: #31333f; }
.kpi-label { font-size: 0.875rem; color: #31333f; padding-right: 1.5rem; }
.kpi-value { font-size: 2.25rem; line-height: 1.2; color: #31333f; padding-bottom: 0.25rem; }
.kpi-delta { font-size: 1rem; color: #4f5562; }
.kpi-delta .kpi-arrow { font-size: 0.75rem; margin-right: 0.25rem; }
.kpi-delta.kpi-up .kpi-arrow, .kpi-delta.kpi-up .kpi-delta-value { color: #177233; }
.kpi-delta.kpi-down .kpi-arrow, .kpi-delta.kpi-down .kpi-delta-value { color: #bd2f34; }
.kpi-delta-desc { font-size: 0.875rem; color: #4f5562; }
.kpi-badge { display: inline-block; font-size: 0.875rem; line-height: 1.4; padding: 0 0.5rem; border-radius: 0.25rem; }
.kpi-badge-on_track { background: #e6f4ea; color: #16692f; }
.kpi-badge-watch { background: #fff1e0; color: #8a4700; }
.kpi-badge-off_track { background: #fdeaea; color: #a8262b; }
.kpi-caption { font-size: 0.875rem; color: #4f5562; }
.kpi-help summary { position: absolute; top: 0.75rem; right: 0.75rem; width: 1.1rem; height: 1.1rem; border-radius: 50%;
  border: 1px solid #6b7080; color: #4f5562; font-size: 0.75rem; line-height: 1.05rem; text-align: center; cursor: pointer;
  list-style: none; }
.kpi-help summary::-webkit-details-marker { display: none; }
.kpi-help p { font-size: 0.875rem; color: #31333f; background: #f4f5f7; border-radius: 0.25rem; padding: 0.4rem 0.5rem; }
/* warning cards (ui/alerts.py): bordered like a card, the badge coloured by severity and named in words */
.alert-list { display: flex; flex-direction: column; gap: 1rem; }
.alert-card { border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: calc(1rem - 1px);
  display: flex; flex-direction: column; gap: 0.5rem; }
.alert-card p { margin: 0; }
.alert-text, .alert-meta { color: #31333f; white-space: pre-wrap; }
.alert-meta { font-size: 0.875rem; color: #4f5562; }
.alert-badge-high { background: #fdeaea; color: #a8262b; }
.alert-badge-medium { background: #fff1e0; color: #8a4700; }
.alert-badge-low { background: #eef0f3; color: #3d4250; }
@media (max-width: 640px) { .kpi-row { grid-template-columns: minmax(0, 1fr); } }
</style>"""


def _minify(css: str) -> str:
    """The stylesheet without its comments and runs of white space (the rules are unchanged; no rule
    here holds a quoted string, whose spaces this would change)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return re.sub(r"\s*([{};,>])\s*", r"\1", re.sub(r"\s+", " ", css)).strip()


# What every page's run sends, made once, minified: 8.5 KB as written, 6.4 KB so (6.9 KB with the demo
# notice, 9.2 KB before). At 9.2 KB the overview's load measured 57 ms slower (median of 15 alternated loads:
# 316 vs 259 ms) than with the element at 6.7 KB; in single steps, adding 600 bytes (even a CSS
# comment) to an 8.6 KB element cost 40-50 ms and adding 70 bytes nothing. Not explained: Streamlit
# caches messages only from 10 KB, and this one was sent whole. Keep the element well under 8 KB.
_STYLE = _minify(SCREEN_CSS + PRINT_CSS)


def inject_print_css() -> None:
    """Add the screen rules and the print stylesheet to the page (style-only st.html takes no space);
    in demo mode the printed page carries the demo-data notice (a fixed string, not data)."""
    from config.i18n import t
    from config.settings import get_settings
    from ui.lang import current_lang

    demo = ""
    if get_settings().demo_mode:
        notice = t("app.demo_banner", current_lang()).replace("\\", "").replace('"', "'")
        demo = DEMO_PRINT_CSS % notice
    st.html(_STYLE + demo)  # the demo notice as written: its text keeps its spaces
