"""The one Altair theme: a colour-blind-safe palette (Okabe-Ito) and a Korean font stack."""
from __future__ import annotations

import altair as alt

FONT = "'Noto Sans KR', 'Noto Sans CJK KR', 'Malgun Gothic', 'Apple SD Gothic Neo', 'NanumGothic', sans-serif"
# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
STATUS_COLORS = {"normal": "#009E73", "imminent": "#E69F00", "delayed": "#D55E00"}
# A series keeps its colour in every language and on every chart (keyed by the series, not its label).
SERIES_COLORS = {
    "actual": PALETTE[0], "target": PALETTE[5], "projection": PALETTE[3],  # 실적 / 목표 / 전망
    "received": PALETTE[0], "closed": PALETTE[2],           # 접수 / 처리
    "programme": PALETTE[0], "basic": PALETTE[1],           # 사업비 / 기본경비
    "festival": PALETTE[0], "overseas": PALETTE[1], "marketing": PALETTE[2], "site": PALETTE[3], "sns": PALETTE[4],
    "this_year": PALETTE[0], "last_year": "#7a7a7a",       # 올해 / 작년
    **STATUS_COLORS,
}
THEME_NAME = "seoul_comm"


@alt.theme.register(THEME_NAME, enable=True)
def seoul_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "range": {"category": PALETTE},
            "axis": {"labelColor": "#333333", "titleColor": "#333333", "labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "titleFontSize": 13,
                     "gridColor": "#e6e6e6", "labelLimit": 260},
            "legend": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "titleFontSize": 12,
                       "orient": "bottom", "labelLimit": 240, "columns": 3},
            "title": {"font": FONT, "fontSize": 15, "anchor": "start", "fontWeight": 600,
                      "subtitleFont": FONT, "subtitleFontSize": 13, "subtitleColor": "#555555"},
            "header": {"labelFont": FONT, "titleFont": FONT},
            "text": {"font": FONT, "color": "#333333"},
            "view": {"stroke": None},
            "bar": {"color": PALETTE[0]},
            # A line or an area is one SVG path: Vega-Lite's per-point aria description was computed for
            # every point (730 on the daily complaints chart) and never read. The path is hidden from
            # screen readers instead; the chart's own description (its aria-label) and the
            # "표로 보기" table carry the figures. ~30 ms of the six /complaints charts' drawing.
            "line": {"color": PALETTE[0], "strokeWidth": 2.5, "aria": False},
            "area": {"aria": False},
            "point": {"color": PALETTE[0]},
        }
    }
