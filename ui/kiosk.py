"""The wall display's kiosk look: no sidebar, header, toolbar or menu; dark, large type; no scrollbars.

Static CSS only (no data in HTML). The progress to the next panel is a CSS animation drawn by the
browser, so the screen needs no server run to move it. At 4K (3000 px wide and more) the type doubles (rem-based)
and the charts' type scales with the window (charts/wall.py); the chart takes the rest of the screen.
"""
from __future__ import annotations

import html

import streamlit as st

KIOSK_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stMainMenu"], footer { display: none !important; }
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] { background: #0b0f14; color: #f2f4f7; }
[data-testid="stMainBlockContainer"] { padding: 1.2rem 2.4rem 0.6rem 2.4rem; max-width: 100%; }
[data-testid="stMain"] h1, [data-testid="stMain"] h2, [data-testid="stMain"] h3,
[data-testid="stMain"] p, [data-testid="stMain"] span, [data-testid="stMain"] label { color: #f2f4f7; }
[data-testid="stMain"] h1 { font-size: 2.6rem; padding: 0; }
[data-testid="stMain"] h2 { font-size: 2.1rem; padding: 0.2rem 0; }
[data-testid="stMetric"] { background: #131a22; border: 1px solid #26313d; border-radius: 12px; padding: 0.8rem 1.2rem; }
[class*="st-key-wall_card_"] { background: #131a22; border: 1px solid #26313d; border-radius: 12px; padding: 0.8rem 1.2rem;
  gap: 0.4rem; flex: 1 1 auto; }
[class*="st-key-wall_card_"] [data-testid="stMetric"] { background: none; border: none; padding: 0; }
[data-testid="stMetricLabel"] p { font-size: 1.6rem !important; color: #9aa5b1 !important; }
[data-testid="stMetricValue"] { font-size: 3.6rem !important; color: #ffffff !important; line-height: 1.15; }
[data-testid="stMetricDelta"] { font-size: 1.4rem !important; background: transparent !important; }
[data-testid="stMetricDelta"] div, [data-testid="stMetricDelta"] svg { color: #c9d3dd !important; }
[data-testid="stElementToolbar"], [data-testid="stElementToolbarButton"] { display: none !important; }
[data-testid="stCaptionContainer"] p { font-size: 1.3rem; color: #9aa5b1 !important; }
[data-testid="stText"], [data-testid="stText"] div { font-size: 1.3rem !important; color: #c9d3dd !important; font-family: inherit !important; }  /* a card's status and target, read from across the room */
[data-testid="stProgress"] p { font-size: 1.3rem; }
.st-key-wall_clock { position: fixed; top: 0.4rem; right: 2.4rem; z-index: 10; width: auto !important; }
.st-key-wall_clock h2 { font-size: 2.6rem !important; font-variant-numeric: tabular-nums; }
.wall-next { height: 0.5rem; background: #26313d; border-radius: 0.25rem; overflow: hidden; }
.wall-next-bar { height: 100%; width: 100%; background: #56b4e9; transform-origin: left;
  animation-name: wall-next-fill; animation-timing-function: linear; animation-fill-mode: both; }
@keyframes wall-next-fill { from { transform: scaleX(0); } to { transform: scaleX(1); } }
.wall-next-label { font-size: 1.3rem; color: #9aa5b1; margin: 0.3rem 0 0 0; text-align: right; }
[data-testid="stAlertContainer"] { background: #ffb020 !important; }
[data-testid="stAlertContainer"] p, [data-testid="stAlertContainer"] span { color: #1a1200 !important; font-size: 1.6rem; font-weight: 600; }
@media (min-width: 3000px) { html { font-size: 32px; } }
/* The panel fills the screen: the page is one viewport-high column and the chart's place takes
   whatever the title and the numbers leave (the chart is height 'container'). */
[data-testid="stMainBlockContainer"] { height: 100vh; box-sizing: border-box; display: flex; flex-direction: column; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { flex: 1 1 auto; min-height: 0; }
[data-testid="stLayoutWrapper"]:has(.st-key-wall_charts) {
  flex: 1 1 0 !important; min-height: 0 !important; display: flex !important; flex-direction: column !important; }
[data-testid="stVerticalBlock"]:has(.st-key-wall_charts) { flex: 1 1 0 !important; min-height: 0 !important; }
.st-key-wall_charts [data-testid="stElementContainer"], .st-key-wall_charts [data-testid="stFullScreenFrame"],
.st-key-wall_charts [data-testid="stFullScreenFrame"] > div, .st-key-wall_charts [data-testid="stVegaLiteChart"] {
  flex: 1 1 0 !important; min-height: 0 !important; height: 100% !important; display: flex !important;
  flex-direction: column !important; width: 100% !important; }
[data-testid="stLayoutWrapper"]:has(.st-key-wall_alerts), [data-testid="stVerticalBlock"]:has(.st-key-wall_alerts) {
  flex: 1 1 0 !important; min-height: 0 !important; display: flex !important; flex-direction: column !important; }
.st-key-wall_alerts { flex: 1 1 0 !important; min-height: 0 !important; gap: 1.2rem; padding-bottom: 1rem; overflow: hidden; }
.st-key-wall_alerts > [data-testid="stLayoutWrapper"] { flex: 1 1 auto !important; display: flex !important; flex-direction: column !important; }
[class*="st-key-wall_alert_"] { flex: 1 1 auto !important; justify-content: center; gap: 0.6rem;
  background: #131a22; border: 1px solid #26313d; border-left: 0.8rem solid #9aa5b1; border-radius: 12px; padding: 1rem 2rem; }
[class*="st-key-wall_alert_"][class*="_high"] { border-left-color: #ff6b5a; }
[class*="st-key-wall_alert_"][class*="_medium"] { border-left-color: #ffb020; }
[class*="st-key-wall_alert_"] h3 { font-size: 2.8rem !important; padding: 0 !important; }
[class*="st-key-wall_alert_"] [data-testid="stText"], [class*="st-key-wall_alert_"] [data-testid="stText"] div {
  font-size: 2.2rem !important; color: #f2f4f7 !important; }
[class*="st-key-wall_alert_"] > :first-child [data-testid="stText"], [class*="st-key-wall_alert_"] > :first-child [data-testid="stText"] div {
  font-size: 1.8rem !important; font-weight: 700; color: #c9d3dd !important; }
[class*="st-key-wall_alert_"][class*="_high"] > :first-child [data-testid="stText"], [class*="st-key-wall_alert_"][class*="_high"] > :first-child [data-testid="stText"] div { color: #ff8a7d !important; }
[class*="st-key-wall_alert_"][class*="_medium"] > :first-child [data-testid="stText"], [class*="st-key-wall_alert_"][class*="_medium"] > :first-child [data-testid="stText"] div { color: #ffc555 !important; }
[data-testid="stMetricValue"] { font-size: 4.2rem !important; font-weight: 700; }
html, body, [data-testid="stMain"] { overflow: hidden !important; }
</style>
"""


def apply_kiosk_style() -> None:
    st.html(KIOSK_CSS)


def next_panel_progress(*, seconds: float, elapsed: float, label: str, shown_at: float) -> None:
    """A bar that fills in `seconds` (already `elapsed` in), with a label: the wall's "next panel".

    The browser animates it; the server sends it once per panel. The markup holds numbers we
    format and an escaped label from config/i18n, never data. `shown_at` makes each showing of a
    panel new markup, so the animation starts over even when the same panel comes round again.
    """
    st.html(f'<div class="wall-next" data-shown="{shown_at:.3f}"><div class="wall-next-bar" '
            f'style="animation-duration: {max(seconds, 0.1):.2f}s; animation-delay: -{max(elapsed, 0.0):.2f}s">'
            f'</div></div><p class="wall-next-label">{html.escape(label)}</p>')
