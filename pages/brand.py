"""도시브랜드: reach by campaign and channel over time; foreign-language sites and SNS."""
import datetime as dt

import streamlit as st

from charts import brand as charts
from config.i18n import name_col, t
from data_access import brand
import metrics
from ui.context import page_context
from ui.data import guard, q
from config.formats import fmt_count
from ui.widgets import chart, detail_table, kpi_row, metric_value_card, page_header

ctx = page_context("brand")  # checks the role itself, not only the router
lang, scope, as_of = ctx.lang, ctx.scope, ctx.as_of
page_header(t("brand.title", lang), lang, as_of)

years = [as_of.year, as_of.year - 1]
year = st.segmented_control(t("common.year", lang), years, default=as_of.year, key="brand_year") or as_of.year
start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), as_of)

with guard(lang):
    campaigns = q(brand.campaign_reach, scope=scope, start=start, end=end)
    foreign = q(brand.foreign_reach, scope=scope, start=start, end=end)
    # the cards follow the chosen year: 1 January to its last day (or the as-of date this year)
    cards = [q(metrics.value, scope=scope, metric_id=m, as_of=end) for m in (
        "brand_festival_participants", "brand_overseas_participants", "foreign_site_visits", "foreign_sns_views")]
    campaign_time = q(brand.campaign_reach_over_time, scope=scope, start=start, end=end)
    foreign_time = q(brand.foreign_reach_over_time, scope=scope, start=start, end=end)


def _help(card) -> str | None:
    if card.detail("campaigns") is not None:
        return t("brand.kpi.festivals_help", lang, count=card.detail("campaigns")) \
            if card.metric_id == "brand_festival_participants" else None
    if card.detail("items") is None:
        return None
    return t("brand.kpi.items_help", lang, items=fmt_count(card.detail("items")), channels=card.detail("channels"))


kpi_row([metric_value_card(card, lang=lang, help=_help(card)) for card in cards], lang=lang)

left, right = st.columns(2)
with left:
    chart(charts.campaign_reach, campaigns, lang)
with right:
    chart(charts.reach_over_time, campaign_time, lang, "participants", "brand.chart.campaign_time", stacked=True)
left, right = st.columns(2)
with left:
    chart(charts.foreign_reach, foreign[foreign["kind"] == "site"], lang, "site")
with right:
    chart(charts.foreign_reach, foreign[foreign["kind"] == "sns"], lang, "sns")
chart(charts.reach_over_time, foreign_time, lang, "reach", "brand.chart.foreign_time")

st.subheader(t("common.detail_table", lang))
table = campaigns.assign(name=campaigns[name_col(lang)],
                         kind=campaigns["kind"].map(lambda k: t(f"brand.kind.{k}", lang)))
table = table[["name", "kind", "start_date", "end_date", "participants"]].rename(columns={
    "name": t("brand.col.campaign", lang), "kind": t("brand.col.kind", lang), "start_date": t("brand.col.start", lang),
    "end_date": t("brand.col.end", lang), "participants": t("brand.col.participants", lang)})
detail_table(table, lang=lang, filename=f"brand_campaigns_{year}", key="brand_campaigns",
             column_config={t("brand.col.participants", lang): st.column_config.NumberColumn(format="localized")})
channels = foreign.assign(name=foreign[name_col(lang)], kind=foreign["kind"].map(lambda k: t(f"brand.kind.{k}", lang)))
channels = channels[["name", "kind", "language", "platform", "reach", "items"]].rename(columns={
    "name": t("common.channel", lang), "kind": t("brand.col.kind", lang), "language": t("brand.col.language", lang),
    "platform": t("brand.col.platform", lang), "reach": t("brand.col.reach", lang), "items": t("brand.col.items", lang)})
detail_table(channels, lang=lang, filename=f"foreign_channels_{year}", key="brand_foreign",
             column_config={t("brand.col.reach", lang): st.column_config.NumberColumn(format="localized"),
                            t("brand.col.items", lang): st.column_config.NumberColumn(format="localized")})
