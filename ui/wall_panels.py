"""The wall display's panels: data through the shared cache, turned once into a ready-to-draw view.

`view(key, scope, as_of, lang)` returns a `PanelView`: the title, the metric cards' texts and the
charts as finished Vega-Lite specs. It is cached like the data (one TTL, shared by every screen),
so the many wall screens of an office do not each rebuild the same panel: a screen's run only
draws the view (`render`). The page keeps the last good view on screen during an outage.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import streamlit as st

from charts import budget as budget_charts
from charts import citizen_hall as hall_charts
from charts import complaints as complaint_charts
from charts import sns as sns_charts
from charts import brand as brand_charts
from charts.wall import for_wall
from config.i18n import t
from config.targets import execution_target_curve
import metrics
from config.formats import fmt_count
from config.rules import SNS_MAIN_KINDS
from data_access import brand, budget, citizen_hall, complaints, sns
from data_access.scope import Scope
from metrics import MetricValue
from metrics.display import delta_color as metric_delta_color
from ui.data import _TTL, q
from ui.text import plain
from ui.widgets import spark_points, wall_sparkline

import pandas as pd


# The metrics each panel shows on its cards, in order (the texts come from metrics.display).
PANEL_METRICS: dict[str, tuple[str, ...]] = {
    "overview": ("budget_execution_rate", "complaint_delay_rate", "hall_cumulative_visitors", "sns_total_followers",
                 "foreign_sns_views", "hall_daily_visitors"),
    "budget": ("budget_current", "budget_executed", "budget_execution_rate"),
    "complaints": ("complaint_delay_rate", "complaints_open"),
    "citizen_hall": ("hall_cumulative_visitors", "hall_daily_visitors", "hall_satisfaction"),
    "brand": ("brand_festival_participants", "brand_overseas_participants", "foreign_site_visits", "foreign_sns_views"),
    "sns": ("sns_total_followers",),
}


def load(key: str, scope: Scope, as_of: dt.date) -> dict[str, Any]:
    """The data a panel draws (raises ui.data.DataUnavailable when the database is down)."""
    if key == "alerts":  # 조기 경보: the warnings that hold now (metrics.alerts, through the shared cache)
        from data_access import org
        from metrics.alerts import current_alerts

        return {"alerts": q(current_alerts, scope=scope, as_of=as_of), "divisions": q(org.divisions, scope=scope)}
    if key not in PANEL_METRICS:
        raise KeyError(f"unknown wall panel {key!r}")
    data: dict[str, Any] = {m: q(metrics.value, scope=scope, metric_id=m, as_of=as_of) for m in PANEL_METRICS[key]}
    if key == "overview":
        data["by_division"] = q(budget.execution_by_division, scope=scope, as_of=as_of)
    elif key == "budget":
        data["by_division"] = q(budget.execution_by_division, scope=scope, as_of=as_of)
        # the same key as the budget metrics' own read of this year's trend (one cache entry, one statement)
        data["trend"] = q(budget.execution_trend, scope=scope, as_of=as_of, fiscal_year=as_of.year, division=None)
    elif key == "complaints":
        data["by_month"] = q(complaints.delay_rate_by_month, scope=scope, start=dt.date(as_of.year - 1, 1, 1), end=as_of)
    elif key == "citizen_hall":
        data["monthly"] = q(citizen_hall.hall_monthly, scope=scope, start=dt.date(as_of.year - 1, 1, 1), end=as_of)
    elif key == "brand":
        data["campaigns"] = q(brand.campaign_reach, scope=scope, start=dt.date(as_of.year, 1, 1), end=as_of)
    elif key == "sns":
        data["latest"] = latest = q(sns.sns_latest, scope=scope, as_of=as_of, kinds=SNS_MAIN_KINDS)
        data["history"] = q(sns.sns_followers_over_time, scope=scope, start=dt.date(as_of.year - 1, 1, 1), end=as_of,
                            channels=tuple(latest["code"]))
    return data


def has_alerts(scope: Scope, as_of: dt.date) -> bool:
    """Whether the alerts panel has anything to show (it is skipped otherwise)."""
    from metrics.alerts import current_alerts

    return bool(q(current_alerts, scope=scope, as_of=as_of))


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    delta: str | None = None
    delta_color: str = "off"
    status: str | None = None  # the status line ("주의 · 목표 55.00%"), as every screen shows it
    metric_id: str | None = None  # the registry entry behind the card (None: a channel's own row)
    series: tuple[float | None, ...] = ()  # the sparkline's points (MetricValue.series; None is a gap)


def card(v: MetricValue, lang: str, *, label: str | None = None, delta: str | None = None,
         delta_color: str | None = None) -> Metric:
    """The wall card of a metric value: the same label, value, change and status texts as every screen."""
    points = () if v.series is None or v.series.empty else tuple(spark_points(v.series["value"]))
    return Metric(label or v.label(lang), v.value_text(lang), delta if delta is not None else v.delta_text(lang),
                  delta_color or metric_delta_color(v.metric), v.status_text(lang), v.metric_id, points)


@dataclass(frozen=True)
class PanelView:
    key: str
    title: str
    metric_rows: tuple[tuple[Metric, ...], ...]
    chart_rows: tuple[tuple[dict, ...], ...]  # Vega-Lite specs; the specs of a row stand side by side
    lang: str = "ko"  # the language of the texts (the sparklines' spoken names)


def _spec(chart) -> dict:
    """The chart as the wall draws it: filling the rest of the screen, type scaled to the screen."""
    return for_wall(chart).to_dict()  # validated once here, not on every screen's run


@st.cache_data(ttl=_TTL, show_spinner=False, max_entries=500)
def view(key: str, scope: Scope, as_of: dt.date, lang: str) -> PanelView:
    """The panel ready to draw (raises ui.data.DataUnavailable when the database is down; not cached then)."""
    return build(key, load(key, scope, as_of), lang)


def build(key: str, data: dict[str, Any], lang: str) -> PanelView:
    """The texts and chart specs of a panel from its data (pure: no Streamlit calls)."""
    if key not in PANEL_METRICS and key != "alerts":
        raise KeyError(f"unknown wall panel {key!r}")
    if key == "overview":
        hall_delta = t("overview.hall_avg", lang, value=data["hall_daily_visitors"].value_text(lang))
        metrics_rows = ((card(data["budget_execution_rate"], lang), card(data["complaint_delay_rate"], lang)),
                        (card(data["hall_cumulative_visitors"], lang, delta=hall_delta, delta_color="off"),
                         card(data["sns_total_followers"], lang), card(data["foreign_sns_views"], lang)))
        charts = ((_spec(budget_charts.execution_by_division(data["by_division"], lang)),),)
    elif key == "budget":
        metrics_rows = (tuple(card(data[m], lang) for m in PANEL_METRICS[key]),)
        year = data["trend"]["as_of"].max().year if len(data["trend"]) else data["budget_current"].as_of.year
        curve = pd.DataFrame(execution_target_curve(year), columns=["as_of", "execution_rate"])
        # one idea per panel: where the year's execution stands against its target curve
        # (execution by division is the overview panel's chart)
        charts = ((_spec(budget_charts.execution_trend(data["trend"], curve, lang)),),)
    elif key == "complaints":
        open_now = data["complaints_open"]
        metrics_rows = ((card(data["complaint_delay_rate"], lang),
                         *[Metric(t(f"complaints.signal.{s}", lang), fmt_count(open_now.detail(s)))
                           for s in ("normal", "imminent", "delayed")]),)
        charts = ((_spec(complaint_charts.delay_by_month(data["by_month"], lang)),),)
    elif key == "citizen_hall":
        metrics_rows = (tuple(card(data[m], lang) for m in PANEL_METRICS[key]),)
        charts = ((_spec(hall_charts.monthly_visitors(data["monthly"], lang)),),)
    elif key == "brand":
        metrics_rows = (tuple(card(data[m], lang) for m in PANEL_METRICS[key]),)
        charts = ((_spec(brand_charts.campaign_reach(data["campaigns"], lang)),),)
    elif key == "sns":
        latest = data["latest"]  # the three largest channels beside the total (the channels' own rows)
        metrics_rows = ((card(data["sns_total_followers"], lang),
                         *[Metric(row.name_en if lang == "en" else row.name_ko, fmt_count(row.followers))
                           for row in (latest.nlargest(3, "followers") if len(latest) else latest).itertuples()]),)
        charts = ((_spec(sns_charts.followers_over_time(data["history"], lang)),),)
    elif key == "alerts":  # one line per warning: severity · division · title, then why with the numbers
        names = dict(zip(data["divisions"]["division_code"],
                         data["divisions"]["name_en" if lang == "en" else "name_ko"]))
        metrics_rows = tuple((Metric(f"{t(f'alerts.severity.{a.severity}', lang)} · "
                                     f"{t('alerts.office', lang) if a.division_code is None else names.get(a.division_code, a.division_code)}",
                                     a.title(lang), a.text(lang), a.severity),)
                             for a in data["alerts"][:4])
        charts = ()
    else:
        raise KeyError(f"unknown wall panel {key!r}")
    return PanelView(key, t(f"wall.panel.{key}", lang), metrics_rows, charts, lang)


def render(panel: PanelView) -> None:
    """Draw a panel: title, the numbers, then the chart filling the rest of the screen (kiosk style)."""
    st.header(panel.title)
    if panel.key == "alerts":  # warnings: plain text, one card each filling the screen, severity in words and colour
        with st.container(key="wall_alerts", height="stretch"):
            for i, (metric,) in enumerate(panel.metric_rows):
                with st.container(key=f"wall_alert_{i}_{metric.delta_color}"):  # the key's suffix colours the edge (kiosk CSS)
                    st.text(metric.label)  # severity · division (data: text, never Markdown)
                    st.subheader(metric.value)
                    st.text(metric.delta)
        return
    for r, row in enumerate(panel.metric_rows):
        for c, (col, metric) in enumerate(zip(st.columns(len(row)), row, strict=True)):
            with col, st.container(key=f"wall_card_{r}_{c}"):  # the card: figure, change and trend in one box
                st.metric(plain(metric.label), metric.value, delta=metric.delta, delta_color=metric.delta_color)
                wall_sparkline(metric.label, list(metric.series), panel.lang, metric.delta, metric.delta_color)
                if metric.status:
                    st.text(metric.status)
    for row in panel.chart_rows:
        with st.container(key="wall_charts", horizontal=len(row) > 1, height="stretch"):
            for spec in row:
                # the spec's own description is the chart's accessible name (no `alt=`: Streamlit
                # logs a warning with a stack on every draw when alt repeats the description)
                st.vega_lite_chart(spec=spec, width="stretch", height="stretch", theme=None)
