"""지표 정의: every metric of the registry with its definition, unit, period, comparison, target, owner,
the query function behind it, and its current value for the viewer's scope (through the shared cache).
Named metric_catalog.py, not metrics.py: a page's directory is on sys.path and must not shadow `metrics`.
"""
import pandas as pd
import streamlit as st

import metrics
from config.formats import fmt_date
from config.i18n import t
from metrics.forecast import CATALOGUE as PROJECTION
from ui.context import page_context
from ui.data import guard, q
from ui.widgets import detail_table, page_header

ctx = page_context("metrics")  # checks the role itself, not only the router
lang, scope, as_of = ctx.lang, ctx.scope, ctx.as_of
page_header(t("metrics.title", lang), lang, as_of)

with guard(lang):
    values = [q(metrics.value, scope=scope, metric_id=m.id, as_of=as_of) for m in metrics.METRICS]
scope_label = values[0].scope_label(lang) if values else ""
st.text(t("metrics.caption", lang, scope=scope_label, date=fmt_date(as_of, lang)))  # text: the scope is data


def _owner(code: str) -> str:
    return t(f"metrics.owner.{code or 'office'}", lang)


frame = pd.DataFrame({
    t("metrics.col.metric", lang): [m.label(lang) for m in metrics.METRICS],
    t("metrics.col.value", lang): [v.value_text(lang) for v in values],
    t("metrics.col.change", lang): [v.delta_text(lang) or "–" for v in values],
    t("metrics.col.target", lang): [v.target_text(lang) or "–" for v in values],
    t("metrics.col.status", lang): [t(f"status.{v.status}", lang) if v.status else "–" for v in values],
    t("metrics.col.period", lang): [v.period.label(lang) for v in values],
    t("metrics.col.definition", lang): [m.definition(lang) for m in metrics.METRICS],
    t("metrics.col.unit", lang): [t(f"metrics.unit.{m.unit}", lang) for m in metrics.METRICS],
    t("metrics.col.direction", lang): [t(f"metrics.direction.{m.direction or 'none'}", lang) for m in metrics.METRICS],
    t("metrics.col.comparison", lang): [t(f"metrics.cmp.{m.comparison or 'none'}", lang) for m in metrics.METRICS],
    t("metrics.col.owner", lang): [_owner(m.owner) for m in metrics.METRICS],
    t("metrics.col.query", lang): [m.query for m in metrics.METRICS],
})
detail_table(frame, lang=lang, filename=f"metrics_{as_of.isoformat()}", key="metrics_table", height=900)

# Derived figures built on the metrics above: the year-end projection (metrics/forecast.py).
st.subheader(t("forecast.title", lang))
st.text(f"{PROJECTION['label_en' if lang == 'en' else 'label_ko']}: "
        f"{PROJECTION['definition_en' if lang == 'en' else 'definition_ko']} ({PROJECTION['query']})")
