"""시민청 charts: monthly visitors, cumulative since opening, weekday × month heatmap."""
from __future__ import annotations

import altair as alt
import pandas as pd

from charts.common import COUNT, clean, empty_chart, titled
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
        x=alt.X("yearmonth(month_start):T", title=None, axis=alt.Axis(format="%Y-%m")),
        y=alt.Y("visitors:Q", title=t("hall.col.visitors", lang)),
        tooltip=[alt.Tooltip("yearmonth(month_start):T", title=t("common.period", lang), format="%Y-%m"),
                 alt.Tooltip("visitors:Q", title=t("hall.col.visitors", lang), format=COUNT),
                 alt.Tooltip("avg_per_open_day:Q", title=t("hall.col.per_day", lang), format=COUNT)],
    )
    return titled(chart, title)


def daily_visitors(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Visitors per day."""
    title = t("hall.chart.daily", lang)
    if frame.empty:
        return empty_chart(title, lang)
    data = clean(frame, ["visitors"])[["day", "visitors"]]
    data["day"] = pd.to_datetime(data["day"])
    chart = alt.Chart(data).mark_line(strokeWidth=1.2).encode(
        x=alt.X("day:T", title=None, axis=alt.Axis(format="%Y-%m", labelAngle=0)),
        y=alt.Y("visitors:Q", title=t("hall.col.visitors", lang)),
        tooltip=[alt.Tooltip("day:T", title=t("common.period", lang), format="%Y-%m-%d"),
                 alt.Tooltip("visitors:Q", title=t("hall.col.visitors", lang), format=COUNT)],
    )
    return titled(chart, title)


def cumulative_visitors(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Cumulative visitors since opening (2013-01-12)."""
    title = t("hall.chart.cumulative", lang)
    if frame.empty:
        return empty_chart(title, lang)
    data = clean(frame, ["cumulative"])[["day", "cumulative"]]
    data["day"] = pd.to_datetime(data["day"])
    chart = alt.Chart(data).mark_area(opacity=0.35, line=True).encode(
        x=alt.X("day:T", title=None, axis=alt.Axis(format="%Y-%m", labelAngle=0)),
        y=alt.Y("cumulative:Q", title=t("hall.col.cumulative", lang)),
        tooltip=[alt.Tooltip("day:T", title=t("common.period", lang), format="%Y-%m-%d"),
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
