"""Complaint charts: delay rate by month (this year against last), by group, daily volume, signal lights."""
from __future__ import annotations

import altair as alt
import pandas as pd

from charts.common import COUNT, RATE, clean, date_x, day_tooltip, empty_chart, layer, rolling_week, series_color, titled, year_color
from charts.theme import STATUS_COLORS
from config.i18n import month_label, name_col, t


def delay_by_month(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """민원처리지연율 per month, one line per year, months on the x axis."""
    title = t("complaints.chart.by_month", lang)
    if frame.empty:
        return empty_chart(title, lang)
    data = clean(frame, ["year", "month", "delay_rate", "due", "delayed"]).dropna(subset=["year", "month"])
    data["year_label"] = data["year"].astype(int).astype(str)
    data["month_label"] = data["month"].map(lambda m: month_label(int(m), lang))
    data = data[["year_label", "month_label", "due", "delayed", "delay_rate"]]
    order = [month_label(m, lang) for m in range(1, 13)]
    rate = t("complaints.col.delay_rate", lang)
    chart = alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("month_label:N", title=None, sort=order, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("delay_rate:Q", title=rate),
        color=year_color("year_label", data["year_label"], title=t("common.year", lang)),
        tooltip=[alt.Tooltip("year_label:N", title=t("common.year", lang)),
                 alt.Tooltip("month_label:N", title=t("common.period", lang)),
                 alt.Tooltip("due:Q", title=t("complaints.col.due", lang), format=COUNT),
                 alt.Tooltip("delayed:Q", title=t("complaints.col.delayed", lang), format=COUNT),
                 alt.Tooltip("delay_rate:Q", title=rate, format=RATE)],
    )
    return titled(chart, title)


# What one bar of `delay_by_group` is, by the chart's title key (the tooltip names it).
GROUP_LABELS = {
    "complaints.chart.by_division": "common.division",
    "complaints.chart.by_department": "common.department",
    "complaints.chart.by_channel": "common.channel",
}


def delay_by_group(frame: pd.DataFrame, lang: str, title_key: str) -> alt.Chart:
    """Bars of 지연율 per division, department or channel (whatever `frame` is grouped by)."""
    title = t(title_key, lang)
    if frame.empty:
        return empty_chart(title, lang)
    data = clean(frame, ["delay_rate", "due", "delayed"])
    data["group"] = data[name_col(lang)]
    data = data[["group", "due", "delayed", "delay_rate"]]
    rate = t("complaints.col.delay_rate", lang)
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("delay_rate:Q", title=rate),
        y=alt.Y("group:N", title=None, sort="-x"),
        tooltip=[alt.Tooltip("group:N", title=t(GROUP_LABELS.get(title_key, "common.division"), lang)),
                 alt.Tooltip("due:Q", title=t("complaints.col.due", lang), format=COUNT),
                 alt.Tooltip("delayed:Q", title=t("complaints.col.delayed", lang), format=COUNT),
                 alt.Tooltip("delay_rate:Q", title=rate, format=RATE)],
    )
    labels = bars.mark_text(align="left", dx=4).encode(text=alt.Text("delay_rate:Q", format=RATE))
    return titled(layer(bars, labels), title)


def daily_volume(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Complaints received and closed per day: the 7-day average as the line, the daily counts faint behind."""
    title = t("complaints.chart.daily", lang)
    if frame.empty:
        return empty_chart(title, lang)
    data = clean(frame, ["received", "closed"])
    data["day"] = pd.to_datetime(data["day"])
    long = data.melt(id_vars=["day"], value_vars=["received", "closed"], var_name="kind", value_name="count")
    long["avg7"] = pd.concat([rolling_week(part, "day", "count") for _k, part in long.groupby("kind")])
    long["kind_label"] = long["kind"].map(lambda k: t(f"complaints.col.{k}", lang))
    long = long[["day", "kind_label", "count", "avg7"]]
    count = t("complaints.col.count", lang)
    color = series_color("kind_label", ["received", "closed"], lambda k: t(f"complaints.col.{k}", lang), title=None)
    base = alt.Chart(long).encode(x=date_x("day", lang, long["day"]), color=color)
    daily = base.mark_line(strokeWidth=1, opacity=0.3).encode(y=alt.Y("count:Q", title=count))
    average = base.mark_line(strokeWidth=2.5).encode(
        y=alt.Y("avg7:Q", title=count),
        tooltip=[day_tooltip("day", lang),
                 alt.Tooltip("kind_label:N", title=t("complaints.col.kind", lang)),
                 alt.Tooltip("count:Q", title=count, format=COUNT),
                 alt.Tooltip("avg7:Q", title=t("common.avg7", lang), format=",.1f")],
    )
    return titled(layer(daily, average), title, t("chart.desc.avg7", lang, title=title))


def traffic_light(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """민원처리 신호등: open complaints as 정상 / 임박 / 지연 bars in green, amber and red."""
    title, subtitle = t("complaints.chart.signal", lang), t("complaints.chart.signal_sub", lang)
    if frame.empty:
        return empty_chart(title, lang)
    data = clean(frame, ["complaints"])
    statuses = ["normal", "imminent", "delayed"]
    data["label"] = data["status"].map(lambda s: t(f"complaints.signal.{s}", lang))
    data = data[["label", "complaints"]]
    labels = [t(f"complaints.signal.{s}", lang) for s in statuses]
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("label:N", title=None, sort=labels, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("complaints:Q", title=t("complaints.col.count", lang)),
        color=alt.Color("label:N", legend=None,
                        scale=alt.Scale(domain=labels, range=[STATUS_COLORS[s] for s in statuses])),
        tooltip=[alt.Tooltip("label:N", title=t("complaints.col.status", lang)),
                 alt.Tooltip("complaints:Q", title=t("complaints.col.count", lang), format=COUNT)],
    )
    text = chart.mark_text(dy=-8).encode(text=alt.Text("complaints:Q", format=COUNT))
    return titled(layer(chart, text), title, subtitle=subtitle)
