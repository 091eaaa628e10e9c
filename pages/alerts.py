"""조기 경보: the warnings that hold now for the viewer's scope, and their history (first seen, cleared)."""
import pandas as pd
import streamlit as st

from config.formats import fmt_date
from config.i18n import t
from data_access import alerts as alert_history
from data_access import org
from metrics import alerts as early_warnings
from ui import alerts as alert_ui
from ui.context import page_context
from ui.data import guard, q
from ui.explanations import Subject, explanations
from ui.widgets import detail_table, page_header

ctx = page_context("alerts")  # checks the role itself, not only the router
lang, scope, as_of = ctx.lang, ctx.scope, ctx.as_of
page_header(t("alerts.title", lang), lang, as_of)
st.caption(t("alerts.caption", lang))

with guard(lang):
    current = q(early_warnings.current_alerts, scope=scope, as_of=as_of)
    names = alert_ui.division_names(q(org.divisions, scope=scope), lang)
    history = q(alert_history.alert_history, scope=scope)

alert_ui.cards(current, names, lang)
# 부진사유·대책 beside the warnings they explain (a division's warnings only: office-wide ones have no owner)
subjects = [Subject(a.division_code, "alert", a.rule_id, a.title(lang), alert_ui.division_label(a.division_code, names, lang))
            for a in current if a.division_code is not None]
if subjects:
    st.subheader(t("explain.title", lang))
    with guard(lang):
        explanations(subjects, user=ctx.user, lang=lang, key="alerts_explain")

st.subheader(t("alerts.history.title", lang))
st.caption(t("alerts.history.caption", lang))
if history.empty:
    st.info(t("alerts.history.none", lang))
else:
    table = pd.DataFrame({
        t("alerts.col.state", lang): history["cleared_on"].map(
            lambda d: t("alerts.state.cleared" if d is not None and not pd.isna(d) else "alerts.state.open", lang)),
        t("alerts.col.severity", lang): history["severity"].map(lambda s: t(f"alerts.severity.{s}", lang)),
        t("alerts.col.division", lang): history["division_code"].map(
            lambda c: alert_ui.division_label(c, names, lang)),
        t("alerts.col.rule", lang): history["rule_id"].map(lambda r: early_warnings.rule(r).title(lang)),
        t("alerts.col.why", lang): history["text_en" if lang == "en" else "text_ko"],
        t("alerts.col.since", lang): history["since"].map(lambda d: fmt_date(d, lang)),
        t("alerts.col.first_seen", lang): history["first_seen"].map(lambda d: fmt_date(d, lang)),
        t("alerts.col.cleared", lang): history["cleared_on"].map(
            lambda d: fmt_date(d, lang) if d is not None and not pd.isna(d) else "–"),
    })
    detail_table(table, lang=lang, filename="alert_history", key="alert_history")
