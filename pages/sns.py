"""SNS: followers per channel over time, growth, share of total, posts per week against plan."""
import datetime as dt

import pandas as pd
import streamlit as st

from charts import sns as charts
from config.i18n import name_col, t
from config.rules import SNS_MAIN_KINDS
from data_access import sns
import metrics
from ui.context import page_context
from ui.data import guard, q
from config.formats import fmt_date, fmt_thousands
from ui.widgets import chart, detail_table, kpi_row, metric_value_card, page_header

ctx = page_context("sns")  # checks the role itself, not only the router
lang, scope, as_of = ctx.lang, ctx.scope, ctx.as_of
page_header(t("sns.title", lang), lang, as_of)
MAIN_KINDS = SNS_MAIN_KINDS  # the report's SNS table; the Plus Friend messenger is counted apart

window = st.segmented_control(t("sns.growth_window", lang), [7, 30, 90, 365], default=30, key="sns_window",
                              format_func=lambda d: t("sns.days", lang, days=d)) or 30
with guard(lang):
    latest = q(sns.sns_latest, scope=scope, as_of=as_of, kinds=MAIN_KINDS)
    growth = q(sns.sns_growth, scope=scope, as_of=as_of, days=window, kinds=MAIN_KINDS)
    history = q(sns.sns_followers_over_time, scope=scope, start=dt.date(as_of.year - 1, 1, 1), end=as_of,
                channels=tuple(latest["code"]))
    cards = [q(metrics.value, scope=scope, metric_id=m, as_of=as_of, **kw) for m, kw in (
        ("sns_total_followers", {}), ("sns_follower_growth", {"days": window}), ("sns_plusfriend_followers", {}),
        ("sns_posts_week", {}))]

plan = cards[3].detail("plan")
helps = [None, None, None, t("sns.kpi.posts_help", lang, plan=plan) if plan else None]
labels = [None, t("sns.kpi.growth", lang, days=window), None, None]
kpi_row([metric_value_card(card, lang=lang, label=label, help=help_text)
         for card, label, help_text in zip(cards, labels, helps, strict=True)], lang=lang)

left, right = st.columns([3, 2])
with left:
    chart(charts.followers_over_time, history, lang)
with right:
    chart(charts.follower_share, latest, lang)
chart(charts.posts_against_plan, latest, lang)

st.subheader(t("common.detail_table", lang))
table = latest.merge(growth[["channel_id", "growth_pct"]], on="channel_id", how="left")
table = pd.DataFrame({
    t("sns.col.channel", lang): table[name_col(lang)],
    t("sns.col.kind", lang): table["kind"].map(lambda k: t(f"sns.kind.{k}", lang)),
    t("sns.col.opened", lang): table["opened_on"].map(lambda d: fmt_date(d, lang)),
    t("sns.col.followers_k", lang): table["followers"].map(lambda n: fmt_thousands(n, lang)),
    t("sns.col.followers", lang): table["followers"],
    t("sns.col.share", lang): table["share_pct"].round(1),
    t("sns.col.growth", lang): table["growth_pct"].round(2),
    t("sns.col.posts_week", lang): table["posts_last_7_days"],
    t("sns.col.plan", lang): table["posts_per_week_plan"],
})
detail_table(table, lang=lang, filename=f"sns_{as_of.isoformat()}", key="sns_table", column_config={
    t("sns.col.followers", lang): st.column_config.NumberColumn(format="localized"),
    t("sns.col.share", lang): st.column_config.NumberColumn(format="%.1f"),
    t("sns.col.growth", lang): st.column_config.NumberColumn(format="%.2f")})
