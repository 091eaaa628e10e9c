"""Budget charts: execution by division, the execution trend against the target curve, composition."""
from __future__ import annotations

import altair as alt
import pandas as pd

from charts.common import COUNT, MILLION, RATE, clean, date_x, day_tooltip, empty_chart, layer, series_color, titled
from config.i18n import name_col, t
from config.formats import MILLION as WON_PER_MILLION


def execution_by_division(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Horizontal bars of 집행률 by division, with 예산현액/집행액 (백만원) in the tooltip."""
    title = t("budget.chart.by_division", lang)
    if frame.empty:
        return empty_chart(title, lang)
    data = clean(frame, ["current_budget_won", "executed_won", "execution_rate"])
    data["division"] = data[name_col(lang)]
    data["current_m"] = data["current_budget_won"] / WON_PER_MILLION
    data["executed_m"] = data["executed_won"] / WON_PER_MILLION
    data = data[["division", "current_m", "executed_m", "execution_rate"]]
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("execution_rate:Q", title=t("budget.col.rate", lang), scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("division:N", title=None, sort="-x"),
        tooltip=[alt.Tooltip("division:N", title=t("common.division", lang)),
                 alt.Tooltip("current_m:Q", title=t("budget.col.current_m", lang), format=MILLION),
                 alt.Tooltip("executed_m:Q", title=t("budget.col.executed_m", lang), format=MILLION),
                 alt.Tooltip("execution_rate:Q", title=t("budget.col.rate", lang), format=RATE)],
    )
    labels = chart.mark_text(align="left", dx=4).encode(
        text=alt.Text("execution_rate:Q", format=RATE))
    return titled(layer(chart, labels), title)


def execution_trend(frame: pd.DataFrame, target_curve: pd.DataFrame, lang: str) -> alt.Chart:
    """Cumulative 집행률 at each snapshot date against the monthly target curve (dashed)."""
    title = t("budget.chart.trend", lang)
    if frame.empty:
        return empty_chart(title, lang)
    columns = ["as_of", "execution_rate", "series"]
    label = lambda key: t(f"budget.series.{key}", lang)  # noqa: E731
    actual = clean(frame, ["execution_rate"]).assign(series=label("actual"))[columns]
    actual["as_of"] = pd.to_datetime(actual["as_of"])
    target = clean(target_curve, ["execution_rate"]).assign(series=label("target"))[columns]
    target["as_of"] = pd.to_datetime(target["as_of"])
    rate_title = t("budget.col.rate", lang)
    base = alt.Chart().encode(
        x=date_x("as_of", lang, pd.concat([actual["as_of"], target["as_of"]])),
        y=alt.Y("execution_rate:Q", title=rate_title),
        color=series_color("series", ["actual", "target"], label, title=None),
        tooltip=[alt.Tooltip("series:N", title=t("budget.col.series", lang)), day_tooltip("as_of", lang),
                 alt.Tooltip("execution_rate:Q", title=rate_title, format=RATE)],
    )
    lines = layer(base.mark_line(point=True).properties(data=actual),
                      base.mark_line(strokeDash=[6, 4]).properties(data=target))
    return titled(lines, title)


def execution_forecast(frame: pd.DataFrame, target_curve: pd.DataFrame, path: pd.DataFrame, lang: str) -> alt.Chart:
    """The cumulative trend against the target curve, continued by the year-end projection (dotted)
    and its range (a band) from the as-of date to 31 December. An empty `path` (no forecast): the trend.

    `path`: as_of, rate, low, high (percent of 예산현액), its first row the as-of date's actual rate.
    """
    if path.empty or frame.empty:
        return execution_trend(frame, target_curve, lang)
    title = t("budget.chart.forecast", lang)
    columns = ["as_of", "execution_rate", "series"]
    actual = clean(frame, ["execution_rate"]).assign(series=t("budget.series.actual", lang))[columns]
    target = clean(target_curve, ["execution_rate"]).assign(series=t("budget.series.target", lang))[columns]
    projected = clean(path, ["rate", "low", "high"]).rename(columns={"rate": "execution_rate"})
    projected = projected.assign(series=t("budget.series.projection", lang))[[*columns, "low", "high"]]
    for data in (actual, target, projected):
        data["as_of"] = pd.to_datetime(data["as_of"])
    rate_title = t("budget.col.rate", lang)
    period = day_tooltip("as_of", lang)
    color = series_color("series", ["actual", "target", "projection"], lambda k: t(f"budget.series.{k}", lang),
                         title=None, legend=alt.Legend(symbolType="stroke", symbolOpacity=1, symbolStrokeWidth=3))
    x = date_x("as_of", lang, pd.concat([actual["as_of"], target["as_of"], projected["as_of"]]))
    y = alt.Y("execution_rate:Q", title=rate_title, scale=alt.Scale(domain=[0, 100]))
    base = alt.Chart().encode(x=x, y=y, color=color,
                              tooltip=[period, alt.Tooltip("execution_rate:Q", title=rate_title, format=RATE)])
    band = alt.Chart(projected).mark_area(opacity=0.18).encode(
        x=x, y=alt.Y("low:Q", title=rate_title), y2="high:Q", color=color,
        tooltip=[period, alt.Tooltip("execution_rate:Q", title=t("budget.series.projection", lang), format=RATE),
                 alt.Tooltip("low:Q", title=t("forecast.low", lang), format=RATE),
                 alt.Tooltip("high:Q", title=t("forecast.high", lang), format=RATE)])
    layers = layer(band, base.mark_line(point=True).properties(data=actual),
                       base.mark_line(strokeDash=[6, 4]).properties(data=target),
                       base.mark_line(strokeDash=[2, 3], point=True).properties(data=projected))
    return titled(layers, title)


def composition(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Budget by year split into 사업비 and 기본경비 (백만원), stacked."""
    title = t("budget.chart.composition", lang)
    data = frame[frame["category"] != "total"].copy() if not frame.empty else frame
    if data.empty:
        return empty_chart(title, lang)
    data = clean(data, ["fiscal_year", "budget_won", "share"]).dropna(subset=["fiscal_year"])
    data["amount_m"] = data["budget_won"] / WON_PER_MILLION
    data["category_label"] = data["category"].map(lambda c: t(f"budget.category.{c}", lang))
    data["year"] = data["fiscal_year"].astype(int).astype(str)
    data = data[["year", "category_label", "amount_m", "share"]]
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("year:N", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("amount_m:Q", title=t("unit.million_won", lang), stack="zero"),
        color=series_color("category_label", ["programme", "basic"], lambda c: t(f"budget.category.{c}", lang),
                           title=None),
        tooltip=[alt.Tooltip("year:N", title=t("common.year", lang)),
                 alt.Tooltip("category_label:N", title=t("budget.col.category", lang)),
                 alt.Tooltip("amount_m:Q", title=t("unit.million_won", lang), format=COUNT),
                 alt.Tooltip("share:Q", title=t("budget.col.share", lang), format=".1f")],
    )
    return titled(chart, title, subtitle=t("budget.chart.composition_sub", lang))


def programme_status(frame: pd.DataFrame, target_rate: float, lang: str) -> alt.Chart:
    """A division's programmes: 집행률 bars against today's target (a rule), status told in words and colour."""
    title = t("divisions.chart.programmes", lang)
    data = frame[frame["level"] == "programme"] if not frame.empty and "level" in frame else frame
    if data.empty:
        return empty_chart(title, lang)
    data = clean(data, ["execution_rate"]).copy()
    data["programme"] = data[name_col(lang)]
    data["status"] = data["execution_rate"].map(lambda r: "behind" if pd.notna(r) and r < target_rate else "on_track")
    data["status_label"] = data["status"].map(lambda s: t(f"divisions.programme.{s}", lang))
    data["label"] = data.apply(lambda r: f"{r['execution_rate']:.2f} · {r['status_label']}"
                               if pd.notna(r["execution_rate"]) else "–", axis=1)
    data = data[["programme", "execution_rate", "status_label", "label"]]
    rate = t("budget.col.rate", lang)
    keys = ["on_track", "behind"]
    colours = {"on_track": "#009E73", "behind": "#D55E00"}
    # one row per programme: its name (and rate · status) on a line of its own above its bar, so the
    # bars take the chart's whole width on a phone instead of what long names on the axis leave them;
    # the chart is as tall as it has programmes
    order = list(data.sort_values("execution_rate", ascending=False, na_position="last", kind="stable")["programme"])
    y = alt.Y("programme:N", title=None, sort=order, axis=None,
              scale=alt.Scale(paddingInner=0, paddingOuter=0))
    bars = alt.Chart(data).mark_bar(size=12, yOffset=9).encode(
        x=alt.X("execution_rate:Q", title=rate, scale=alt.Scale(domain=[0, 100])),
        y=y,
        color=alt.Color("status_label:N", title=None,
                        scale=alt.Scale(domain=[t(f"divisions.programme.{k}", lang) for k in keys],
                                        range=[colours[k] for k in keys])),
        tooltip=[alt.Tooltip("programme:N", title=t("budget.col.programme", lang)),
                 alt.Tooltip("execution_rate:Q", title=rate, format=RATE),
                 alt.Tooltip("status_label:N", title=t("complaints.col.status", lang))],
    )
    name = bars.mark_text(align="left", baseline="middle", yOffset=-7, color="#333333",
                          limit=alt.ExprRef("max(width - 130, 80)")).encode(
        text="programme:N", x=alt.value(0), color=alt.value("#333333"))
    text = bars.mark_text(align="right", baseline="middle", yOffset=-7, color="#333333").encode(
        text="label:N", x=alt.value({"expr": "width"}), color=alt.value("#333333"))
    rule = alt.Chart(pd.DataFrame({"target": [target_rate]})).mark_rule(strokeDash=[6, 4], color="#333333").encode(
        x="target:Q")
    chart = layer(rule, bars, name, text).properties(height=alt.Step(40))  # the target line behind the text
    return titled(chart, title,
                  t("divisions.chart.programmes_desc", lang, title=title, target=f"{target_rate:.2f}"))
