"""시민청: visitors (daily, monthly, cumulative, weekday × month), programmes, rentals, weddings, satisfaction."""
import datetime as dt

import streamlit as st

from charts import citizen_hall as charts
from config.i18n import t
from data_access import citizen_hall as hall
from ui.context import page_context
from ui.data import guard, q
from config.formats import fmt_count, fmt_date, fmt_rate
from ui.widgets import chart, detail_table, kpi, page_header

ctx = page_context("citizen_hall")  # checks the role itself, not only the router
lang, scope, as_of = ctx.lang, ctx.scope, ctx.as_of
page_header(t("hall.title", lang), lang, as_of)
OPENING = dt.date(2013, 1, 12)

years = list(range(as_of.year, OPENING.year - 1, -1))
year = st.segmented_control(t("common.year", lang), years, default=as_of.year, key="hall_year") or as_of.year
start, end = max(dt.date(year, 1, 1), OPENING), min(dt.date(year, 12, 31), as_of)

with guard(lang):
    summary = q(hall.hall_summary, scope=scope, as_of=as_of)
    prev = q(hall.hall_summary, scope=scope, as_of=dt.date(as_of.year - 1, as_of.month, as_of.day))
    monthly = q(hall.hall_monthly, scope=scope, start=start, end=end)
    daily = q(hall.hall_daily, scope=scope, start=start, end=end)
    cumulative = q(hall.hall_cumulative, scope=scope, start=OPENING, end=as_of)
    heatmap = q(hall.hall_weekday_month, scope=scope, start=OPENING, end=as_of)

u = lambda key: t(key, lang) if lang == "ko" else ""  # noqa: E731 - Korean counts carry their unit
cols = st.columns(3)
with cols[0]:
    kpi(t("hall.kpi.cumulative", lang), fmt_count(summary.cumulative_visitors, u("unit.people")), lang=lang)
with cols[1]:
    delta = None
    if summary.daily_average and prev.daily_average:
        delta = fmt_count(summary.daily_average - prev.daily_average)
    kpi(t("hall.kpi.per_day", lang, year=as_of.year), fmt_count(summary.daily_average, u("unit.people")),
        lang=lang, delta=delta,
        help=t("hall.kpi.per_day_help", lang, year=as_of.year, days=summary.ytd_open_days))
with cols[2]:
    kpi(t("hall.kpi.satisfaction", lang), fmt_rate(summary.satisfaction_pct, 1), lang=lang,
        help=t("hall.kpi.satisfaction_help", lang, date=fmt_date(summary.survey_date, lang)))
cols = st.columns(3)
for col, key, value, unit in zip(cols, ["programmes", "rentals", "weddings"],
                                 [summary.programmes, summary.rentals, summary.weddings],
                                 ["unit.times", "unit.cases", "unit.couples"], strict=True):
    with col:
        kpi(t(f"hall.kpi.{key}", lang), fmt_count(value, u(unit)), lang=lang)

left, right = st.columns(2)
with left:
    chart(charts.monthly_visitors(monthly, lang))
with right:
    chart(charts.cumulative_visitors(cumulative, lang))
left, right = st.columns(2)
with left:
    chart(charts.daily_visitors(daily, lang))
with right:
    chart(charts.weekday_month_heatmap(heatmap, lang))

st.subheader(t("common.detail_table", lang))
table = monthly.assign(avg_per_open_day=monthly["avg_per_open_day"].round()).rename(columns={"year": t("hall.col.year", lang), "month": t("hall.col.month", lang),
                                "visitors": t("hall.col.visitors", lang), "open_days": t("hall.col.open_days", lang),
                                "avg_per_open_day": t("hall.col.per_day", lang),
                                "programmes": t("hall.kpi.programmes", lang), "rentals": t("hall.kpi.rentals", lang),
                                "weddings": t("hall.kpi.weddings", lang)}).drop(columns=["closed_days"])
detail_table(table, lang=lang, filename=f"citizen_hall_{year}", key="hall_table",
             column_config={t("hall.col.per_day", lang): st.column_config.NumberColumn(format="localized"),
                            t("hall.col.year", lang): st.column_config.NumberColumn(format="%d"),
                            t("hall.col.visitors", lang): st.column_config.NumberColumn(format="localized")})
