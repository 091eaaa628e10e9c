"""The display strings of a `MetricValue`, made in this one place so every screen shows the same text.

Percent: 53.07% (the metric's decimals), changes in %p / pp; money: 423.6억원 / KRW 42.36 bn;
counts with separators and the Korean unit (5,315명; no unit in English). No value: "–".
"""
from __future__ import annotations

from config.formats import fmt_count, fmt_money_headline, fmt_pp, fmt_rate
from config.i18n import t
from metrics.registry import Metric

_UNIT_KEY = {"people": "unit.people", "cases": "unit.cases", "times": "unit.times", "couples": "unit.couples"}


def unit_suffix(metric: Metric, lang: str) -> str:
    """The unit after a count: 명 / 건 / 회 / 쌍 in Korean, nothing in English."""
    return t(_UNIT_KEY[metric.unit], lang) if lang == "ko" and metric.unit in _UNIT_KEY else ""


def fmt_value(metric: Metric, value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    if metric.unit == "%":
        return fmt_rate(value, metric.digits)
    if metric.unit == "won":
        return fmt_money_headline(value, lang)
    return fmt_count(value, unit_suffix(metric, lang))


def fmt_change(metric: Metric, change: float | None, lang: str) -> str | None:
    """A signed change: +2.10%p, -1,234명, +5.2억원 (no sign when it rounds to zero: 0.0억원); None without one."""
    if change is None:
        return None
    if metric.unit == "%":
        return fmt_pp(change, lang, metric.digits)
    shown = fmt_value(metric, abs(change), lang)
    if not any(c in "123456789" for c in shown):  # rounds to zero as shown: no sign
        return shown
    return ("-" if change < 0 else "+") + shown


def comparison_text(v, lang: str) -> str | None:
    """What the change is against: "2016. 7. 31. 집계 51.35%", "전년 6.07%"; None without a change."""
    if v.change is None or v.comparison_period is None:
        return None
    return t("metrics.comparison", lang, comparison=v.comparison_period.label(lang),
             previous=fmt_value(v.metric, v.previous, lang))


def delta_text(v, lang: str) -> str | None:
    """The change line in one string: "+1.73%p (2016. 7. 31. 집계 51.35%)" — the change and what it is
    against (cards show the two parts as st.metric's delta and delta_description)."""
    change, against = fmt_change(v.metric, v.change, lang), comparison_text(v, lang)
    if change is None or against is None:
        return None
    return f"{change} ({against})"


def status_text(v, lang: str) -> str | None:
    """"주의 · 목표 55.00%" — the status word and the target; None without a status."""
    if v.status is None:
        return None
    return t(f"status.{v.status}", lang) + " · " + t("common.target", lang, value=fmt_value(v.metric, v.target, lang))


def caption(v, lang: str) -> str:
    """What the figure covers: "기획관 전체 · 2016. 1. 1. ~ 2016. 8. 10." (grain/scope, then the period)."""
    return f"{v.scope_label(lang)} · {v.period.label(lang)}"


def delta_color(metric: Metric) -> str:
    """st.metric's delta colour: lower-is-better metrics inverse, volumes grey."""
    return {"higher": "normal", "lower": "inverse"}.get(metric.direction or "", "off")
