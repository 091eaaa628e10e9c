"""시민청 charts: monthly visitors, cumulative since opening, weekday × month heatmap."""
from __future__ import annotations

import altair as alt
import pandas as pd

from charts.common import COUNT, clean, date_x, day_tooltip, empty_chart, layer, month_tooltip, rolling_week, titled
from config.i18n import month_label, t


def monthly_visitors(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Visitors per month (bars) with the per-open-day average in the tooltip."""
    title = t("hall.chart.monthly", lang)
    if frame.empty:
        return empty_chart(title, lang)
    data = clean(frame, ["year", "month", "visitors", "avg_per_open_day"]).dropna(subset=["year", "month"])
    data["month_start"] = pd.to_datetime(dict(year=data["year"], month=data["month"], day=1))
    data = data[["month_start", "visitors", "avg_per_open_day"]]
    chart = alt.Chart(data).mark_bar().encode(
        x=date_x("month_start", lang, data["month_start"], time_unit="yearmonth"),
        y=alt.Y("visitors:Q", title=t("hall.col.visitors", lang)),
        tooltip=[month_tooltip("month_start", lang),
                 alt.Tooltip("visitors:Q", title=t("hall.col.visitors", lang), format=COUNT),
                 alt.Tooltip("avg_per_open_day:Q", title=t("hall.col.per_day", lang), format=COUNT)],
    )
    return titled(chart, title)


def daily_visitors(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Visitors per day: the 7-day average as the line, the daily counts faint behind it."""
    title = t("hall.chart.daily", lang)
    if frame.empty:
        return empty_chart(title, lang)
    data = clean(frame, ["visitors"])[["day", "visitors"]]
    data["day"] = pd.to_datetime(data["day"])
    data["avg7"] = rolling_week(data, "day", "visitors")
    visitors = t("hall.col.visitors", lang)
    base = alt.Chart(data).encode(x=date_x("day", lang, data["day"]))
    daily = base.mark_line(strokeWidth=1, opacity=0.3).encode(y=alt.Y("visitors:Q", title=visitors))
    average = base.mark_line(strokeWidth=2.5).encode(
        y=alt.Y("avg7:Q", title=visitors),
        tooltip=[day_tooltip("day", lang),
                 alt.Tooltip("visitors:Q", title=visitors, format=COUNT),
                 alt.Tooltip("avg7:Q", title=t("common.avg7", lang), format=",.1f")],
    )
    return titled(layer(daily, average), title, t("chart.desc.avg7", lang, title=title))


def cumulative_visitors(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Cumulative visitors since opening (2013-01-12)."""
    title = t("hall.chart.cumulative", lang)
    if frame.empty:
        return empty_chart(title, lang)
    data = clean(frame, ["cumulative"])[["day", "cumulative"]]
    data["day"] = pd.to_datetime(data["day"])
    chart = alt.Chart(data).mark_area(opacity=0.35, line=True).encode(
        x=date_x("day", lang, data["day"]),
        y=alt.Y("cumulative:Q", title=t("hall.col.cumulative", lang)),
        tooltip=[day_tooltip("day", lang),
                 alt.Tooltip("cumulative:Q", title=t("hall.col.cumulative", lang), format=COUNT)],
    )
    return titled(chart, title)


def weekday_month_heatmap(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Average visitors on open days by weekday (rows) and month (columns)."""
    title = t("hall.chart.heatmap", lang)
    if frame.empty:
        return empty_chart(title, lang)
    data = clean(frame, ["weekday", "month", "avg_visitors"]).dropna(subset=["weekday", "month"])
    data["weekday_label"] = data["weekday"].map(lambda d: t(f"weekday.{int(d)}", lang))
    data["month_label"] = data["month"].map(lambda m: month_label(int(m), lang))
    data = data[["weekday_label", "month_label", "avg_visitors"]]
    chart = alt.Chart(data).mark_rect().encode(
        x=alt.X("month_label:N", title=None, sort=[month_label(m, lang) for m in range(1, 13)],
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("weekday_label:N", title=None, sort=[t(f"weekday.{d}", lang) for d in range(7)]),
        color=alt.Color("avg_visitors:Q", title=t("hall.col.avg_visitors", lang), scale=alt.Scale(scheme="blues")),
        tooltip=[alt.Tooltip("weekday_label:N", title=t("hall.col.weekday", lang)),
                 alt.Tooltip("month_label:N", title=t("common.period", lang)),
                 alt.Tooltip("avg_visitors:Q", title=t("hall.col.avg_visitors", lang), format=COUNT)],
    )
    return titled(chart, title)
