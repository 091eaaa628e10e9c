"""SNS: followers per channel over time, growth, share of total, posts per week against plan."""
import datetime as dt

import pandas as pd
import streamlit as st

from charts import sns as charts
from config.i18n import name_col, t
from data_access import sns
from data_access import targets as kpi_targets
from ui.context import page_context
from ui.data import guard, q
from config.formats import fmt_count, fmt_date, fmt_rate, fmt_thousands
from ui.widgets import chart, detail_table, kpi, page_header

ctx = page_context("sns")  # checks the role itself, not only the router
lang, scope, as_of = ctx.lang, ctx.scope, ctx.as_of
page_header(t("sns.title", lang), lang, as_of)
MAIN_KINDS = ("sns", "blog")  # the report's SNS table; the Plus Friend messenger is counted apart

window = st.segmented_control(t("sns.growth_window", lang), [7, 30, 90, 365], default=30, key="sns_window",
                              format_func=lambda d: t("sns.days", lang, days=d)) or 30
with guard(lang):
    latest = q(sns.sns_latest, scope=scope, as_of=as_of, kinds=MAIN_KINDS)
    messenger = q(sns.sns_latest, scope=scope, as_of=as_of, kinds=("messenger",))
    growth = q(sns.sns_growth, scope=scope, as_of=as_of, days=window, kinds=MAIN_KINDS)
    history = q(sns.sns_followers_over_time, scope=scope, start=dt.date(as_of.year - 1, 1, 1), end=as_of,
                channels=tuple(latest["code"]))
    target = q(kpi_targets.target_for, scope=scope, metric="sns_total_followers", year=as_of.year)

total = int(latest["followers"].sum()) if len(latest) else 0
base = int(growth["base_followers"].sum()) if len(growth) else 0
cols = st.columns(4)
with cols[0]:
    status = kpi_targets.status(total, target) if target and total else None
    kpi(t("sns.kpi.total", lang), fmt_count(total, t("unit.people", lang) if lang == "ko" else ""), lang=lang,
        delta=fmt_count(total - base) if base else None, status=status,
        help=t("common.target", lang, value=fmt_count(target.target)) if target else None)
with cols[1]:
    kpi(t("sns.kpi.growth", lang, days=window), fmt_rate((total - base) * 100 / base if base else None), lang=lang)
with cols[2]:
    plus = int(messenger["followers"].sum()) if len(messenger) else None
    kpi(t("sns.kpi.plusfriend", lang), fmt_count(plus, t("unit.people", lang) if lang == "ko" else ""), lang=lang)
with cols[3]:
    plan = latest["posts_per_week_plan"].dropna()
    kpi(t("sns.kpi.posts", lang), fmt_count(latest["posts_last_7_days"].sum() if len(latest) else None), lang=lang,
        help=t("sns.kpi.posts_help", lang, plan=int(plan.sum())) if len(plan) else None)

left, right = st.columns([3, 2])
with left:
    chart(charts.followers_over_time(history, lang))
with right:
    chart(charts.follower_share(latest, lang))
chart(charts.posts_against_plan(latest, lang))

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
