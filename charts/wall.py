"""The wall display's look for any chart: dark, high contrast, type readable from across the room.

The chart fills its place on the screen (width and height 'container'; the kiosk style gives the
place the rest of the viewport) and its type scales with the screen: every font size is a Vega
expression of the window's width, so the same spec reads 24 px axis labels on a 1920×1080 screen
and 48 px on 3840×2160 (`scaled`). SVG rendering keeps text sharp on a 4K panel.
"""
from __future__ import annotations

import altair as alt

from charts.theme import FONT

BACKGROUND = "#0b0f14"
FOREGROUND = "#f2f4f7"
MUTED = "#9aa5b1"
GRID = "#26313d"
BASE_WIDTH = 1920  # the screen width the base sizes are for
AXIS_LABEL_PX = 24  # at 1920 px wide; 48 at 3840


def scaled(px: float) -> dict:
    """A font size (px at 1920 wide) that grows with the window's width, never below `px`."""
    return {"expr": f"round({px} * max(1, windowSize()[0] / {BASE_WIDTH}))"}


def for_wall(chart: alt.TopLevelMixin, *, height: int | None = None) -> alt.TopLevelMixin:
    """The same chart configured for the wall: dark background, large light type, filling its place.

    `height` (px) only for a chart drawn outside the wall's layout; the wall itself passes none.
    """
    return (
        chart.properties(height=height or "container", width="container",
                         padding={"left": 16, "top": 12, "right": 24, "bottom": 8},
                         usermeta={"embedOptions": {"renderer": "svg"}})
        .configure(background=BACKGROUND, font=FONT, autosize={"type": "fit", "contains": "padding"})
        .configure_axis(labelFontSize=scaled(AXIS_LABEL_PX), titleFontSize=scaled(24), labelColor=FOREGROUND,
                        titleColor=MUTED, gridColor=GRID, domainColor=MUTED, tickColor=MUTED, labelLimit=480,
                        titlePadding=12, labelPadding=8)
        .configure_axisQuantitative(tickCount=6)
        .configure_legend(labelFontSize=scaled(24), titleFontSize=scaled(24), labelColor=FOREGROUND, titleColor=MUTED,
                          orient="top", labelLimit=480, symbolSize=scaled(300), symbolStrokeWidth=4)
        .configure_title(fontSize=scaled(30), color=FOREGROUND, anchor="start", offset=12)
        .configure_text(color=FOREGROUND, fontSize=scaled(24))
        .configure_line(strokeWidth=5)
        .configure_point(size=scaled(160))
        .configure_view(stroke=None)
    )
