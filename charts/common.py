"""Building blocks shared by the chart modules (titles, number formats, date axes, series colours)."""
from __future__ import annotations

from collections.abc import Callable, Iterable

import altair as alt
import pandas as pd

from charts.theme import PALETTE, SERIES_COLORS
from config.i18n import t

# d3-format strings used by Vega-Lite for axes and tooltips.
COUNT = ",.0f"
RATE = ".2f"
MILLION = ",.0f"

# d3-time-format strings for tooltips, as the office writes dates (2016. 8. 10. / 2016. 8.).
DAY_FORMAT = {"ko": "%Y. %-m. %-d.", "en": "%b %-d, %Y"}
MONTH_FORMAT = {"ko": "%Y. %-m.", "en": "%b %Y"}
# Axis labels: a month alone (1월 / Jan); the year with it on the first tick and every January.
_MONTH_ONLY = {"ko": "%-m월", "en": "%b"}


def titled(chart: alt.Chart, title: str, description: str | None = None, *, subtitle: str | None = None) -> alt.Chart:
    """The chart's title (kept inside the drawing, never clipped) and its text description.

    A qualifier of the title ("기준일 미처리") goes in `subtitle`, a smaller second line: a title Vega
    cannot wrap is cut ("…") on a phone once it is longer than the chart is wide.
    The description is what a screen reader announces for the chart (Vega's aria-label).

    Set on a shallow copy, as `properties()` does, without its JSON-schema check of each value
    (~2 ms a chart, on every spec built): these four are fixed here, and the charts' tests
    validate every spec (tests/charts/spec.py).
    """
    out = chart.copy(deep=False)
    out.title = alt.Title(title, subtitle=subtitle, offset=8) if subtitle else alt.Title(title, offset=8)
    out.width = "container"
    out.description = description or (f"{title} ({subtitle})" if subtitle else title)
    out.padding = {"top": 6, "left": 4, "right": 8, "bottom": 4}
    return out


def layer(*charts: alt.Chart) -> alt.LayerChart:
    """`alt.layer(*charts)` for layers drawn from one data frame, the frame given once at the top.

    Given the frame in each layer, Altair hashes it layer by layer (a JSON dump of its text repr,
    ~4 ms a layer for a few hundred rows) to tell that the layers share it, and copies each layer
    again to take it out. Same spec; layers with their own data go to `alt.layer` as they are.
    """
    data = charts[0].data
    if data is alt.Undefined or any(c.data is not data for c in charts):
        return alt.layer(*charts)
    bare = []
    for chart in charts:
        part = chart.copy(deep=False)
        part.data = alt.Undefined
        bare.append(part)
    return alt.layer(*bare, data=data)


def empty_chart(title: str, lang: str) -> alt.Chart:
    """A chart that says there is nothing to draw (used for empty frames)."""
    frame = pd.DataFrame({"message": [t("common.no_data", lang)]})
    return titled(alt.Chart(frame).mark_text(size=13, color="#555").encode(text="message:N"), title).properties(height=60)


def clean(frame: pd.DataFrame, numeric: list[str]) -> pd.DataFrame:
    """A copy with NULLs in numeric columns as 0-safe floats (NaN stays NaN for rates)."""
    out = frame.copy()
    for col in numeric:
        if col in out:
            out[col] = pd.to_numeric(out[col], errors="coerce")
    return out


def month_step(start, end) -> int:
    """Months between two ticks so a date axis carries at most about a dozen labels."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    for step in (1, 2, 3, 6):
        if months <= 12 * step:
            return step
    return 12


def month_label_expr(lang: str, within_a_year: bool = True) -> str:
    """Vega expression for a month-start tick's label: `1월` / `2016. 3.`, `Jan` / `Mar 2016`.

    Within a year the month alone (the year on the first tick and on January); over a longer range
    every label carries its year, so no two labels read the same.
    """
    with_year, alone = MONTH_FORMAT.get(lang, MONTH_FORMAT["ko"]), _MONTH_ONLY.get(lang, _MONTH_ONLY["ko"])
    if not within_a_year:
        return f"timeFormat(datum.value, '{with_year}')"
    return (f"(datum.index == 0 || month(datum.value) == 0) ? timeFormat(datum.value, '{with_year}')"
            f" : timeFormat(datum.value, '{alone}')")


def month_axis(lang: str, dates: Iterable) -> alt.Axis:
    """A date axis whose ticks fall on month starts (every `month_step` months) and never repeat."""
    values = pd.to_datetime(pd.Series(list(dates)), errors="coerce").dropna()
    step = month_step(values.min(), values.max()) if len(values) else 1
    return alt.Axis(tickCount={"interval": "month", "step": step}, labelExpr=month_label_expr(lang, step == 1),
                    labelAngle=0, labelOverlap=True, labelFlush=False, grid=True)


def date_x(field: str, lang: str, dates: Iterable, *, time_unit: str | None = None, **kwargs) -> alt.X:
    """The x channel of a temporal chart: month-start ticks, Korean or English month labels."""
    shorthand = f"{time_unit}({field}):T" if time_unit else f"{field}:T"
    return alt.X(shorthand, title=None, axis=month_axis(lang, dates), **kwargs)


def day_tooltip(field: str, lang: str) -> alt.Tooltip:
    return alt.Tooltip(f"{field}:T", title=t("common.period", lang), format=DAY_FORMAT.get(lang, DAY_FORMAT["ko"]))


def month_tooltip(field: str, lang: str) -> alt.Tooltip:
    return alt.Tooltip(f"yearmonth({field}):T", title=t("common.period", lang), format=MONTH_FORMAT.get(lang, MONTH_FORMAT["ko"]))


def series_color(field: str, keys: list[str], label: Callable[[str], str], **kwargs) -> alt.Color:
    """Colour by a stable series key: each key keeps its colour (SERIES_COLORS) whatever the language.

    `field` holds the translated labels; the scale's domain lists them in key order, so the colour
    follows the series, not the label's sort order.
    """
    return alt.Color(f"{field}:N", scale=alt.Scale(domain=[label(k) for k in keys],
                                                   range=[SERIES_COLORS[k] for k in keys]), **kwargs)


def year_color(field: str, years: Iterable, **kwargs) -> alt.Color:
    """This year against earlier ones: the latest year in the main series blue, the one before it grey
    (SERIES_COLORS this_year / last_year), any older year from the rest of the palette."""
    ordered = sorted({str(y) for y in years})
    older = [c for c in PALETTE if c not in (SERIES_COLORS["this_year"], SERIES_COLORS["last_year"])]
    colours = [older[i % len(older)] for i in range(max(0, len(ordered) - 2))]
    colours += [SERIES_COLORS["last_year"], SERIES_COLORS["this_year"]][-len(ordered):] if ordered else []
    return alt.Color(f"{field}:N", scale=alt.Scale(domain=ordered, range=colours), **kwargs)


def keyed_color(field: str, frame: pd.DataFrame, key: str, **kwargs) -> alt.Color:
    """Colour by a key column from the data (a channel's id): each key keeps its palette colour in every
    language, as `series_color` does for the fixed series. `field` holds the translated labels."""
    pairs = frame[[key, field]].drop_duplicates(subset=[key]).sort_values(key, kind="stable")
    return alt.Color(f"{field}:N", scale=alt.Scale(domain=pairs[field].tolist(),
                                                   range=[PALETTE[i % len(PALETTE)] for i in range(len(pairs))]),
                     **kwargs)


def rolling_week(frame: pd.DataFrame, day: str, value: str) -> pd.Series:
    """The 7-day trailing average of `value` (calendar days; days without a row do not count)."""
    ordered = frame[frame[day].notna()].sort_values(day, kind="stable")
    means = ordered.set_index(day)[value].astype(float).rolling("7D", min_periods=1).mean()
    return pd.Series(means.to_numpy(), index=ordered.index, dtype=float).reindex(frame.index)
