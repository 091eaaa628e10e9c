"""SNS charts: followers per channel over time, share of the total, posts per week against plan."""
from __future__ import annotations

import altair as alt
import pandas as pd

from charts.common import COUNT, clean, date_x, day_tooltip, empty_chart, keyed_color, layer, titled
from config.i18n import name_col, t


def followers_over_time(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Followers per channel per day (one line per channel)."""
    title = t("sns.chart.followers", lang)
    if frame.empty:
        return empty_chart(title, lang)
    data = clean(frame, ["followers"])
    data["day"] = pd.to_datetime(data["day"])
    data["channel"] = data[name_col(lang)]
    color = keyed_color("channel", data, "channel_id", title=None)
    data = data[["day", "channel", "followers"]]
    chart = alt.Chart(data).mark_line().encode(
        x=date_x("day", lang, data["day"]),
        y=alt.Y("followers:Q", title=t("sns.col.followers", lang)),
        color=color,
        tooltip=[alt.Tooltip("channel:N", title=t("common.channel", lang)),
                 day_tooltip("day", lang),
                 alt.Tooltip("followers:Q", title=t("sns.col.followers", lang), format=COUNT)],
    )
    return titled(chart, title)


def follower_share(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Each channel's share of all followers (a donut)."""
    title = t("sns.chart.share", lang)
    if frame.empty or pd.to_numeric(frame["followers"], errors="coerce").fillna(0).clip(lower=0).sum() == 0:
        return empty_chart(title, lang)
    data = clean(frame, ["followers", "share_pct"])
    data = data[data["followers"] > 0]
    data["channel"] = data[name_col(lang)]
    color = keyed_color("channel", data, "channel_id", title=None)
    data = data[["channel", "followers", "share_pct"]]
    chart = alt.Chart(data).mark_arc(innerRadius=55).encode(
        theta=alt.Theta("followers:Q"),
        color=color,
        tooltip=[alt.Tooltip("channel:N", title=t("common.channel", lang)),
                 alt.Tooltip("followers:Q", title=t("sns.col.followers", lang), format=COUNT),
                 alt.Tooltip("share_pct:Q", title=t("sns.col.share", lang), format=".1f")],
    )
    return chart.properties(title=alt.Title(title), height=260)


def posts_against_plan(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Posts in the last 7 days (bars) against the weekly plan (orange tick) per channel."""
    title = t("sns.chart.posts", lang)
    data = frame[frame["posts_per_week_plan"].notna()] if not frame.empty else frame
    if data.empty:
        return empty_chart(title, lang)
    data = clean(data, ["posts_last_7_days", "posts_per_week_plan"])
    data["channel"] = data[name_col(lang)]
    data = data[["channel", "posts_last_7_days", "posts_per_week_plan"]]
    axis_title = t("sns.col.posts_week", lang)
    bars = alt.Chart(data).mark_bar().encode(
        y=alt.Y("channel:N", title=None),
        x=alt.X("posts_last_7_days:Q", title=axis_title),
        tooltip=[alt.Tooltip("channel:N", title=t("common.channel", lang)),
                 alt.Tooltip("posts_last_7_days:Q", title=axis_title, format=COUNT),
                 alt.Tooltip("posts_per_week_plan:Q", title=t("sns.col.plan", lang), format=COUNT)],
    )
    ticks = alt.Chart(data).mark_tick(color="#D55E00", thickness=3, size=22).encode(
        y="channel:N", x="posts_per_week_plan:Q")
    return titled(layer(bars, ticks), title)
