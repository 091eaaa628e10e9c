"""The wall display's panels: each loads its data through the shared cache and renders it large.

`load(key, scope, as_of)` returns what the panel draws (so the page can keep the last good data on
screen during an outage); `render(key, data, lang)` draws it.
"""
from __future__ import annotations

import datetime as dt
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
from ui.data import q
from ui.formats import fmt_count, fmt_money_headline, fmt_pp, fmt_rate

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
    raise KeyError(f"unknown wall panel {key!r}")


def _metrics(items: list[tuple[str, str, str | None, str]]) -> None:
    for col, (label, value, delta, colour) in zip(st.columns(len(items)), items, strict=True):
        col.metric(label, value, delta=delta, delta_color=colour)


def _status_text(value: float | None, target, lang: str) -> str | None:
    if value is None or target is None:
        return None
    return t(f"status.{kpi_targets.status(value, target)}", lang) + " · " + t("common.target", lang, value=fmt_rate(target.target))


def render(key: str, data: dict[str, Any], lang: str) -> None:
    """Draw a panel's data, sized for 1920×1080."""
    st.header(t(f"wall.panel.{key}", lang))
    if key == "overview":
        execution, delay, hall = data["execution"], data["delay"], data["hall"]
        foreign = data["foreign"].set_index("kind")
        _metrics([
            (t("overview.kpi.execution", lang), fmt_rate(execution.execution_rate),
             _status_text(execution.execution_rate, data["execution_target"], lang), "off"),
            (t("overview.kpi.delay", lang), fmt_rate(delay.delay_rate),
             t("overview.delta.vs_last_year", lang, delta=fmt_pp((delay.delay_rate or 0) - (data["delay_last"].delay_rate or 0), lang),
               value=fmt_rate(data["delay_last"].delay_rate)) if delay.delay_rate is not None else None, "inverse"),
        ])
        _metrics([
            (t("overview.kpi.hall", lang), fmt_count(hall.cumulative_visitors, _people(lang)),
             t("overview.hall_avg", lang, value=fmt_count(hall.daily_average, _people(lang))), "off"),
            (t("overview.kpi.sns", lang), fmt_count(data["followers"]["followers"].sum(), _people(lang)), None, "off"),
            (t("overview.kpi.foreign", lang),
             fmt_count(foreign.loc["sns", "reach"]) if "sns" in foreign.index else "–", None, "off"),
        ])
        st.altair_chart(for_wall(budget_charts.execution_by_division(data["by_division"], lang), height=240),
                        width="stretch", theme=None)
    elif key == "budget":
        summary = data["summary"]
        _metrics([
            (t("budget.kpi.current", lang), fmt_money_headline(summary.current_budget_won, lang), None, "off"),
            (t("budget.kpi.executed", lang), fmt_money_headline(summary.executed_won, lang), None, "off"),
            (t("budget.kpi.rate", lang), fmt_rate(summary.execution_rate), None, "off"),
        ])
        left, right = st.columns(2)
        left.altair_chart(for_wall(budget_charts.execution_by_division(data["by_division"], lang), height=400), width="stretch", theme=None)
        year = data["trend"]["as_of"].max().year if len(data["trend"]) else dt.date.today().year
        curve = pd.DataFrame(execution_target_curve(year), columns=["as_of", "execution_rate"])
        right.altair_chart(for_wall(budget_charts.execution_trend(data["trend"], curve, lang), height=400), width="stretch", theme=None)
    elif key == "complaints":
        rate, last = data["rate"], data["last"]
        signal = data["signal"].set_index("status")["complaints"] if len(data["signal"]) else pd.Series(dtype=int)
        _metrics([
            (t("complaints.kpi.delay", lang), fmt_rate(rate.delay_rate),
             t("overview.delta.vs_last_year", lang, delta=fmt_pp((rate.delay_rate or 0) - (last.delay_rate or 0), lang),
               value=fmt_rate(last.delay_rate)) if rate.delay_rate is not None else None, "inverse"),
            *[(t(f"complaints.signal.{s}", lang), fmt_count(signal.get(s, 0)), None, "off")
              for s in ("normal", "imminent", "delayed")],
        ])
        st.altair_chart(for_wall(complaint_charts.delay_by_month(data["by_month"], lang), height=540), width="stretch", theme=None)
    elif key == "citizen_hall":
        s = data["summary"]
        _metrics([
            (t("hall.kpi.cumulative", lang), fmt_count(s.cumulative_visitors, _people(lang)), None, "off"),
            (t("hall.kpi.per_day", lang, year=s.as_of.year if s.as_of else ""), fmt_count(s.daily_average, _people(lang)), None, "off"),
            (t("hall.kpi.satisfaction", lang), fmt_rate(s.satisfaction_pct, 1), None, "off"),
        ])
        st.altair_chart(for_wall(hall_charts.monthly_visitors(data["monthly"], lang), height=540), width="stretch", theme=None)
    elif key == "brand":
        kinds = data["kinds"].set_index("kind")
        foreign = data["foreign"].set_index("kind")
        _metrics([
            (t("brand.kpi.festivals", lang), fmt_count(kinds.loc["festival", "participants"] if "festival" in kinds.index else 0, _people(lang)), None, "off"),
            (t("brand.kpi.overseas", lang), fmt_count(kinds.loc["overseas", "participants"] if "overseas" in kinds.index else 0, _people(lang)), None, "off"),
            (t("brand.kpi.sites", lang), fmt_count(foreign.loc["site", "reach"] if "site" in foreign.index else 0), None, "off"),
            (t("brand.kpi.sns", lang), fmt_count(foreign.loc["sns", "reach"] if "sns" in foreign.index else 0), None, "off"),
        ])
        st.altair_chart(for_wall(brand_charts.campaign_reach(data["campaigns"], lang), height=540), width="stretch", theme=None)
    elif key == "sns":
        latest = data["latest"]
        _metrics([(t("sns.kpi.total", lang), fmt_count(latest["followers"].sum(), _people(lang)), None, "off")]
                 + [(row.name_en if lang == "en" else row.name_ko, fmt_count(row.followers), None, "off")
                    for row in latest.nlargest(3, "followers").itertuples()])
        history = data["history"]
        st.altair_chart(for_wall(sns_charts.followers_over_time(history, lang), height=540),
                        width="stretch", theme=None)
