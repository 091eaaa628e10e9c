"""The wall display's look for any chart: dark, high contrast, type readable from five metres."""
from __future__ import annotations

import altair as alt

from charts.theme import FONT

BACKGROUND = "#0b0f14"
FOREGROUND = "#f2f4f7"
MUTED = "#9aa5b1"
GRID = "#26313d"


def for_wall(chart: alt.TopLevelMixin, *, height: int = 380) -> alt.TopLevelMixin:
    """The same chart configured for the wall: dark background, large light type, taller."""
    return (
        chart.properties(height=height, padding={"left": 16, "top": 12, "right": 20, "bottom": 8})
        .configure(background=BACKGROUND, font=FONT)
        .configure_axis(labelFontSize=20, titleFontSize=20, labelColor=FOREGROUND, titleColor=MUTED,
                        gridColor=GRID, domainColor=MUTED, tickColor=MUTED, labelLimit=320)
        .configure_legend(labelFontSize=20, titleFontSize=20, labelColor=FOREGROUND, titleColor=MUTED,
                          orient="bottom", labelLimit=320, symbolSize=200)
        .configure_title(fontSize=26, color=FOREGROUND, anchor="start")
        .configure_text(color=FOREGROUND, fontSize=20)
        .configure_view(stroke=None)
    )
