"""시민청: visitors (daily, monthly, cumulative, weekday × month), programmes, rentals, weddings, satisfaction."""
import datetime as dt

import streamlit as st

from charts import citizen_hall as charts
from config.i18n import t
from config.rules import HALL_OPENING
from data_access import citizen_hall as hall
import metrics
from ui.context import page_context
from ui.data import guard, q
from config.formats import fmt_date
from ui.widgets import chart, detail_table, metric_cards, page_header

ctx = page_context("citizen_hall")  # checks the role itself, not only the router
lang, scope, as_of = ctx.lang, ctx.scope, ctx.as_of
page_header(t("hall.title", lang), lang, as_of)
OPENING = HALL_OPENING

years = list(range(as_of.year, OPENING.year - 1, -1))
year = st.segmented_control(t("common.year", lang), years, default=as_of.year, key="hall_year") or as_of.year
start, end = max(dt.date(year, 1, 1), OPENING), min(dt.date(year, 12, 31), as_of)

with guard(lang):
    # the cards follow the chosen year: its figures to its last day (or the as-of date this year)
    cards = {m: q(metrics.value, scope=scope, metric_id=m, as_of=end) for m in (
        "hall_cumulative_visitors", "hall_daily_visitors", "hall_satisfaction", "hall_programmes", "hall_rentals",
        "hall_weddings")}
    monthly = q(hall.hall_monthly, scope=scope, start=start, end=end)
    daily = q(hall.hall_daily, scope=scope, start=start, end=end)
    cumulative = q(hall.hall_cumulative, scope=scope, start=OPENING, end=as_of)
    heatmap = q(hall.hall_weekday_month, scope=scope, start=OPENING, end=as_of)

per_day, survey = cards["hall_daily_visitors"], cards["hall_satisfaction"]
helps = {"hall_daily_visitors": t("hall.kpi.per_day_help", lang, year=year, days=per_day.detail("ytd_open_days")),
         "hall_satisfaction": t("hall.kpi.satisfaction_help", lang, date=fmt_date(survey.detail("survey_date"), lang))}
metric_cards(list(cards.values()), lang=lang, columns=3, helps=helps)

left, right = st.columns(2)
with left:
    chart(charts.monthly_visitors, monthly, lang)
with right:
    chart(charts.cumulative_visitors, cumulative, lang)
left, right = st.columns(2)
with left:
    chart(charts.daily_visitors, daily, lang)
with right:
    chart(charts.weekday_month_heatmap, heatmap, lang)

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
