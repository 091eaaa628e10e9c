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
from data_access import brand, budget, citizen_hall, complaints, sns
from data_access import targets as kpi_targets
from data_access.scope import Scope
from ui.data import _TTL, q
from config.formats import fmt_count, fmt_money_headline, fmt_pp, fmt_rate

import pandas as pd


def _people(lang: str) -> str:
    return t("unit.people", lang) if lang == "ko" else ""


def load(key: str, scope: Scope, as_of: dt.date) -> dict[str, Any]:
    """The data a panel draws (raises ui.data.DataUnavailable when the database is down)."""
    year_start = dt.date(as_of.year, 1, 1)
    if key == "overview":
        return {
            "execution": q(budget.office_execution, scope=scope, as_of=as_of),
            "execution_target": q(kpi_targets.target_for, scope=scope, metric="budget_execution_rate", year=as_of.year),
            "delay": q(complaints.delay_rate, scope=scope, start=year_start, end=as_of),
            "delay_last": q(complaints.delay_rate, scope=scope, start=dt.date(as_of.year - 1, 1, 1),
                            end=dt.date(as_of.year - 1, 12, 31)),
            "delay_target": q(kpi_targets.target_for, scope=scope, metric="complaint_delay_rate", year=as_of.year),
            "hall": q(citizen_hall.hall_summary, scope=scope, as_of=as_of),
            "followers": q(sns.sns_latest, scope=scope, as_of=as_of, kinds=("sns", "blog")),
            "foreign": q(brand.foreign_totals, scope=scope, start=year_start, end=as_of),
            "by_division": q(budget.execution_by_division, scope=scope, as_of=as_of),
        }
    if key == "budget":
        return {
            "summary": q(budget.office_execution, scope=scope, as_of=as_of),
            "by_division": q(budget.execution_by_division, scope=scope, as_of=as_of),
            "trend": q(budget.execution_trend, scope=scope, as_of=as_of),
        }
    if key == "complaints":
        return {
            "rate": q(complaints.delay_rate, scope=scope, start=year_start, end=as_of),
            "last": q(complaints.delay_rate, scope=scope, start=dt.date(as_of.year - 1, 1, 1),
                      end=dt.date(as_of.year - 1, 12, 31)),
            "by_month": q(complaints.delay_rate_by_month, scope=scope, start=dt.date(as_of.year - 1, 1, 1), end=as_of),
            "signal": q(complaints.open_traffic_light, scope=scope, as_of=as_of, imminent_days=2),
        }
    if key == "citizen_hall":
        return {
            "summary": q(citizen_hall.hall_summary, scope=scope, as_of=as_of),
            "monthly": q(citizen_hall.hall_monthly, scope=scope, start=dt.date(as_of.year - 1, 1, 1), end=as_of),
        }
    if key == "brand":
        return {
            "kinds": q(brand.campaign_reach_by_kind, scope=scope, start=year_start, end=as_of),
            "campaigns": q(brand.campaign_reach, scope=scope, start=year_start, end=as_of),
            "foreign": q(brand.foreign_totals, scope=scope, start=year_start, end=as_of),
        }
    if key == "sns":
        return {
            "latest": (latest := q(sns.sns_latest, scope=scope, as_of=as_of, kinds=("sns", "blog"))),
            "history": q(sns.sns_followers_over_time, scope=scope, start=dt.date(as_of.year - 1, 1, 1), end=as_of,
                         channels=tuple(latest["code"])),
        }
    if key == "alerts":
        from data_access import org
        from metrics.alerts import current_alerts

        return {"alerts": q(current_alerts, scope=scope, as_of=as_of), "divisions": q(org.divisions, scope=scope)}
    raise KeyError(f"unknown wall panel {key!r}")


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


@dataclass(frozen=True)
class PanelView:
    key: str
    title: str
    metric_rows: tuple[tuple[Metric, ...], ...]
    chart_rows: tuple[tuple[dict, ...], ...]  # Vega-Lite specs; the specs of a row stand side by side


def _status_text(value: float | None, target, lang: str) -> str | None:
    if value is None or target is None:
        return None
    return t(f"status.{kpi_targets.status(value, target)}", lang) + " · " + t("common.target", lang, value=fmt_rate(target.target))


def _spec(chart, height: int) -> dict:
    return for_wall(chart, height=height).to_dict()  # validated once here, not on every screen's run


@st.cache_data(ttl=_TTL, show_spinner=False, max_entries=500)
def view(key: str, scope: Scope, as_of: dt.date, lang: str) -> PanelView:
    """The panel ready to draw (raises ui.data.DataUnavailable when the database is down; not cached then)."""
    return build(key, load(key, scope, as_of), lang)


def _delta_vs_last_year(rate, last, lang: str) -> str | None:
    if rate.delay_rate is None:
        return None
    return t("overview.delta.vs_last_year", lang, delta=fmt_pp((rate.delay_rate or 0) - (last.delay_rate or 0), lang),
             value=fmt_rate(last.delay_rate))


def build(key: str, data: dict[str, Any], lang: str) -> PanelView:
    """The texts and chart specs of a panel from its data (pure: no Streamlit calls)."""
    m = Metric
    if key == "overview":
        execution, delay, hall = data["execution"], data["delay"], data["hall"]
        foreign = data["foreign"].set_index("kind")
        metrics = (
            (m(t("overview.kpi.execution", lang), fmt_rate(execution.execution_rate),
               _status_text(execution.execution_rate, data["execution_target"], lang)),
             m(t("overview.kpi.delay", lang), fmt_rate(delay.delay_rate),
               _delta_vs_last_year(delay, data["delay_last"], lang), "inverse")),
            (m(t("overview.kpi.hall", lang), fmt_count(hall.cumulative_visitors, _people(lang)),
               t("overview.hall_avg", lang, value=fmt_count(hall.daily_average, _people(lang)))),
             m(t("overview.kpi.sns", lang), fmt_count(data["followers"]["followers"].sum(), _people(lang))),
             m(t("overview.kpi.foreign", lang), fmt_count(foreign.loc["sns", "reach"]) if "sns" in foreign.index else "–")),
        )
        charts = ((_spec(budget_charts.execution_by_division(data["by_division"], lang), 240),),)
    elif key == "budget":
        summary = data["summary"]
        metrics = ((m(t("budget.kpi.current", lang), fmt_money_headline(summary.current_budget_won, lang)),
                    m(t("budget.kpi.executed", lang), fmt_money_headline(summary.executed_won, lang)),
                    m(t("budget.kpi.rate", lang), fmt_rate(summary.execution_rate))),)
        year = data["trend"]["as_of"].max().year if len(data["trend"]) else dt.date.today().year
        curve = pd.DataFrame(execution_target_curve(year), columns=["as_of", "execution_rate"])
        charts = ((_spec(budget_charts.execution_by_division(data["by_division"], lang), 400),
                   _spec(budget_charts.execution_trend(data["trend"], curve, lang), 400)),)
    elif key == "complaints":
        rate, last = data["rate"], data["last"]
        signal = data["signal"].set_index("status")["complaints"] if len(data["signal"]) else pd.Series(dtype=int)
        metrics = ((m(t("complaints.kpi.delay", lang), fmt_rate(rate.delay_rate),
                      _delta_vs_last_year(rate, last, lang), "inverse"),
                    *[m(t(f"complaints.signal.{s}", lang), fmt_count(signal.get(s, 0)))
                      for s in ("normal", "imminent", "delayed")]),)
        charts = ((_spec(complaint_charts.delay_by_month(data["by_month"], lang), 540),),)
    elif key == "citizen_hall":
        s = data["summary"]
        metrics = ((m(t("hall.kpi.cumulative", lang), fmt_count(s.cumulative_visitors, _people(lang))),
                    m(t("hall.kpi.per_day", lang, year=s.as_of.year if s.as_of else ""),
                      fmt_count(s.daily_average, _people(lang))),
                    m(t("hall.kpi.satisfaction", lang), fmt_rate(s.satisfaction_pct, 1))),)
        charts = ((_spec(hall_charts.monthly_visitors(data["monthly"], lang), 540),),)
    elif key == "brand":
        kinds = data["kinds"].set_index("kind")
        foreign = data["foreign"].set_index("kind")

        def participants(kind: str) -> int:
            return kinds.loc[kind, "participants"] if kind in kinds.index else 0

        def reach(kind: str) -> int:
            return foreign.loc[kind, "reach"] if kind in foreign.index else 0

        metrics = ((m(t("brand.kpi.festivals", lang), fmt_count(participants("festival"), _people(lang))),
                    m(t("brand.kpi.overseas", lang), fmt_count(participants("overseas"), _people(lang))),
                    m(t("brand.kpi.sites", lang), fmt_count(reach("site"))),
                    m(t("brand.kpi.sns", lang), fmt_count(reach("sns")))),)
        charts = ((_spec(brand_charts.campaign_reach(data["campaigns"], lang), 540),),)
    elif key == "sns":
        latest = data["latest"]
        metrics = ((m(t("sns.kpi.total", lang), fmt_count(latest["followers"].sum(), _people(lang))),
                    *[m(row.name_en if lang == "en" else row.name_ko, fmt_count(row.followers))
                      for row in latest.nlargest(3, "followers").itertuples()]),)
        charts = ((_spec(sns_charts.followers_over_time(data["history"], lang), 540),),)
    elif key == "alerts":  # one line per warning: severity · division · title, then why with the numbers
        names = dict(zip(data["divisions"]["division_code"],
                         data["divisions"]["name_en" if lang == "en" else "name_ko"]))
        metrics = tuple((m(f"{t(f'alerts.severity.{a.severity}', lang)} · "
                           f"{t('alerts.office', lang) if a.division_code is None else names.get(a.division_code, a.division_code)}",
                           a.title(lang), a.text(lang), a.severity),)
                        for a in data["alerts"][:4])
        charts = ()
    else:
        raise KeyError(f"unknown wall panel {key!r}")
    return PanelView(key, t(f"wall.panel.{key}", lang), metrics, charts)


def render(panel: PanelView) -> None:
    """Draw a panel, sized for 1920×1080."""
    st.header(panel.title)
    if panel.key == "alerts":  # warnings: plain text (no arrows), coloured by severity
        colours = {"high": "red", "medium": "orange", "low": "gray"}
        for (metric,) in panel.metric_rows:
            with st.container(border=True):
                st.badge(metric.label, color=colours.get(metric.delta_color, "gray"))
                st.subheader(metric.value)
                st.text(metric.delta)
        return
    for row in panel.metric_rows:
        for col, metric in zip(st.columns(len(row)), row, strict=True):
            col.metric(metric.label, metric.value, delta=metric.delta, delta_color=metric.delta_color)
    for row in panel.chart_rows:
        places = st.columns(len(row)) if len(row) > 1 else [st.container()]
        for place, spec in zip(places, row, strict=True):
            place.vega_lite_chart(spec=spec, width="stretch", theme=None)
