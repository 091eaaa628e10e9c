"""A print stylesheet, so the browser's own print gives a clean A4 landscape page.

Static CSS only (no data goes into HTML). Hides the sidebar, header, toolbars, buttons and download
widgets, lets the main area flow over several pages (Streamlit's scroll container would otherwise
print only what fits the first page) and keeps KPI cards, tables and charts whole on a page.
"""
from __future__ import annotations

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
  [data-testid="stPageLink"], .stPageLink {
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
  /* keep cards, rows of columns, bordered containers, tables and charts whole on a page */
  [data-testid="stMetric"], [data-testid="stLayoutWrapper"], [data-testid="stVegaLiteChart"], .stVegaLiteChart,
  [data-testid="stTable"], [data-testid="stExpander"] {
    break-inside: avoid !important;
    page-break-inside: avoid !important;
  }
  /* a heading or caption stays with what follows it */
  [data-testid="stElementContainer"]:has(h1, h2, h3, h4, [data-testid="stCaptionContainer"]) {
    break-after: avoid !important;
    page-break-after: avoid !important;
  }
  body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>"""


def inject_print_css() -> None:
    """Add the print stylesheet to the page (a style-only st.html takes no space on screen)."""
    st.html(PRINT_CSS)
