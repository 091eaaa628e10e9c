"""Building blocks shared by the chart modules (titles, number formats for axes and tooltips)."""
from __future__ import annotations

import altair as alt
import pandas as pd

from config.i18n import t

# d3-format strings used by Vega-Lite for axes and tooltips.
COUNT = ",.0f"
RATE = ".2f"
MILLION = ",.0f"


def titled(chart: alt.Chart, title: str) -> alt.Chart:
    return chart.properties(title=alt.Title(title), width="container")


def empty_chart(title: str, lang: str) -> alt.Chart:
    """A chart that says there is nothing to draw (used for empty frames)."""
    frame = pd.DataFrame({"message": [t("common.no_data", lang)]})
    return titled(alt.Chart(frame).mark_text(size=13, color="#666").encode(text="message:N"), title).properties(height=60)


def clean(frame: pd.DataFrame, numeric: list[str]) -> pd.DataFrame:
    """A copy with NULLs in numeric columns as 0-safe floats (NaN stays NaN for rates)."""
    out = frame.copy()
    for col in numeric:
        if col in out:
            out[col] = pd.to_numeric(out[col], errors="coerce")
    return out
