"""City-brand charts: participants per campaign, foreign-language reach per channel."""
from __future__ import annotations

import altair as alt
import pandas as pd

from charts.common import COUNT, clean, date_x, empty_chart, month_tooltip, series_color, titled
from config.i18n import name_col, t


def campaign_reach(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Participants per campaign, coloured by kind (festival, overseas, marketing)."""
    title = t("brand.chart.campaigns", lang)
    if frame.empty:
        return empty_chart(title, lang)
    data = clean(frame, ["participants"])
    data["campaign"] = data[name_col(lang)]
    data["kind_label"] = data["kind"].map(lambda k: t(f"brand.kind.{k}", lang))
    data = data[["campaign", "kind_label", "participants"]]
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("participants:Q", title=t("brand.col.participants", lang)),
        y=alt.Y("campaign:N", title=None, sort="-x"),
        color=series_color("kind_label", ["festival", "overseas", "marketing"], lambda k: t(f"brand.kind.{k}", lang),
                           title=None),
        tooltip=[alt.Tooltip("campaign:N", title=t("brand.col.campaign", lang)),
                 alt.Tooltip("kind_label:N", title=t("brand.col.kind", lang)),
                 alt.Tooltip("participants:Q", title=t("brand.col.participants", lang), format=COUNT)],
    )
    return titled(chart, title)


def foreign_reach(frame: pd.DataFrame, lang: str, kind: str) -> alt.Chart:
    """Visits (sites) or views (SNS) per foreign-language channel."""
    title = t(f"brand.chart.foreign_{kind}", lang)
    if frame.empty:
        return empty_chart(title, lang)
    data = clean(frame, ["reach"])
    data["channel"] = data[name_col(lang)]
    data = data[["channel", "reach"]]
    measure = t(f"brand.col.reach_{kind}", lang)
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("reach:Q", title=measure),
        y=alt.Y("channel:N", title=None, sort="-x"),
        tooltip=[alt.Tooltip("channel:N", title=t("common.channel", lang)),
                 alt.Tooltip("reach:Q", title=measure, format=COUNT)],
    )
    return titled(chart, title)


def reach_over_time(frame: pd.DataFrame, lang: str, value: str, title_key: str, *, stacked: bool = False) -> alt.Chart:
    """A monthly series per kind (columns: year, month, kind, `value`): lines, or stacked bars."""
    title = t(title_key, lang)
    if frame.empty:
        return empty_chart(title, lang)
    data = clean(frame, ["year", "month", value]).dropna(subset=["year", "month"])
    data["month_start"] = pd.to_datetime(dict(year=data["year"], month=data["month"], day=1))
    data["series"] = data["kind"].map(lambda k: t(f"brand.kind.{k}", lang))
    keys = [k for k in ("festival", "overseas", "marketing", "site", "sns") if k in set(data["kind"])]
    data = data[["month_start", "series", value]]
    measure = t(f"brand.col.{value}", lang)
    mark = alt.Chart(data).mark_bar() if stacked else alt.Chart(data).mark_line(point=True)
    chart = mark.encode(
        x=date_x("month_start", lang, data["month_start"], time_unit="yearmonth"),
        y=alt.Y(f"{value}:Q", title=measure, stack="zero" if stacked else None),
        color=series_color("series", keys, lambda k: t(f"brand.kind.{k}", lang), title=None),
        tooltip=[alt.Tooltip("series:N", title=t("brand.col.kind", lang)),
                 month_tooltip("month_start", lang),
                 alt.Tooltip(f"{value}:Q", title=measure, format=COUNT)],
    )
    return titled(chart, title)
