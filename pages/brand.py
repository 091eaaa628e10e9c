"""도시브랜드: reach by campaign and channel over time; foreign-language sites and SNS."""
import datetime as dt

import streamlit as st

from charts import brand as charts
from config.i18n import name_col, t
from data_access import brand
from ui.context import page_context
from ui.data import guard, q
from config.formats import fmt_count
from ui.widgets import chart, detail_table, kpi, page_header

ctx = page_context("brand")  # checks the role itself, not only the router
lang, scope, as_of = ctx.lang, ctx.scope, ctx.as_of
page_header(t("brand.title", lang), lang, as_of)

years = [as_of.year, as_of.year - 1]
year = st.segmented_control(t("common.year", lang), years, default=as_of.year, key="brand_year") or as_of.year
start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), as_of)

with guard(lang):
    campaigns = q(brand.campaign_reach, scope=scope, start=start, end=end)
    by_kind = q(brand.campaign_reach_by_kind, scope=scope, start=start, end=end).set_index("kind")
    foreign = q(brand.foreign_reach, scope=scope, start=start, end=end)
    totals = q(brand.foreign_totals, scope=scope, start=start, end=end).set_index("kind")
    campaign_time = q(brand.campaign_reach_over_time, scope=scope, start=start, end=end)
    foreign_time = q(brand.foreign_reach_over_time, scope=scope, start=start, end=end)

unit = t("unit.people", lang) if lang == "ko" else ""
festival, overseas = (by_kind.loc[k] if k in by_kind.index else None for k in ("festival", "overseas"))
sites, sns = (totals.loc[k] if k in totals.index else None for k in ("site", "sns"))
cols = st.columns(4)
with cols[0]:
    kpi(t("brand.kpi.festivals", lang), fmt_count(festival["participants"] if festival is not None else 0, unit),
        lang=lang, help=t("brand.kpi.festivals_help", lang, count=int(festival["campaigns"])) if festival is not None else None)
with cols[1]:
    kpi(t("brand.kpi.overseas", lang), fmt_count(overseas["participants"] if overseas is not None else 0, unit), lang=lang)
for col, key, row in ((cols[2], "brand.kpi.sites", sites), (cols[3], "brand.kpi.sns", sns)):
    with col:
        kpi(t(key, lang), fmt_count(row["reach"] if row is not None else 0), lang=lang,
            help=t("brand.kpi.items_help", lang, items=fmt_count(row["items"]), channels=int(row["channels"]))
            if row is not None else None)

left, right = st.columns(2)
with left:
    chart(charts.campaign_reach(campaigns, lang))
with right:
    chart(charts.reach_over_time(campaign_time, lang, "participants", "brand.chart.campaign_time", stacked=True))
left, right = st.columns(2)
with left:
    chart(charts.foreign_reach(foreign[foreign["kind"] == "site"], lang, "site"))
with right:
    chart(charts.foreign_reach(foreign[foreign["kind"] == "sns"], lang, "sns"))
chart(charts.reach_over_time(foreign_time, lang, "reach", "brand.chart.foreign_time"))

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
