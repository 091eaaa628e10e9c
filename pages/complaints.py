"""민원 처리: delay rate by month (this year against last), by division, team and channel, volume, signal lights."""
import calendar
import datetime as dt

import pandas as pd
import streamlit as st

from charts import complaints as charts
from config.i18n import month_label, name_col, t
from config.rules import IMMINENT_DAYS
from data_access import complaints, org
import metrics
from ui.context import page_context
from ui.data import guard, q
from config.formats import fmt_count, fmt_date
from ui.widgets import chart, detail_table, division_filter, kpi_row, metric_value_card, page_header

ctx = page_context("complaints")  # checks the role itself, not only the router
lang, scope, as_of = ctx.lang, ctx.scope, ctx.as_of
page_header(t("complaints.title", lang), lang, as_of)

cols = st.columns(3)
with cols[0]:
    year = st.selectbox(t("common.year", lang), [as_of.year, as_of.year - 1], key="complaints_year")
last_month = as_of.month if year == as_of.year else 12
with cols[1]:
    months = st.select_slider(t("common.period", lang), options=list(range(1, last_month + 1)),
                              value=(1, last_month), format_func=lambda m: month_label(m, lang), key="complaints_months")
with cols[2]:
    division = division_filter(scope, lang, key="complaints_division")
start = dt.date(year, months[0], 1)
end = min(dt.date(year, months[1], calendar.monthrange(year, months[1])[1]), as_of)
with guard(lang):
    rate = q(metrics.value, scope=scope, metric_id="complaint_delay_rate", as_of=end, start=start, division=division)
    due = q(metrics.value, scope=scope, metric_id="complaints_due", as_of=end, start=start, division=division)
    eungdapso = q(metrics.value, scope=scope, metric_id="eungdapso_cases", as_of=as_of, division=division)
    open_now = q(metrics.value, scope=scope, metric_id="complaints_open", as_of=as_of, division=division)
    by_month = q(complaints.delay_rate_by_month, scope=scope, start=dt.date(year - 1, 1, 1), end=end, division=division)
    by_division = q(complaints.delay_by_division, scope=scope, start=start, end=end)
    by_department = q(complaints.delay_by_department, scope=scope, start=start, end=end, division=division)
    by_channel = q(complaints.delay_by_channel, scope=scope, start=start, end=end, division=division)
    volume = q(complaints.daily_volume, scope=scope, start=start, end=end, division=division)
    open_teams = q(complaints.open_by_department, scope=scope, as_of=as_of, division=division,
                   imminent_days=IMMINENT_DAYS)
    signal = complaints.traffic_light_of(open_teams)  # one read of the open complaints for both

per_day = f"{fmt_count(eungdapso.detail('per_day'), t('unit.cases', lang) if lang == 'ko' else '')}{t('unit.per_day', lang)}"
kpi_row([metric_value_card(rate, lang=lang),
         metric_value_card(due, lang=lang, help=f"{t('complaints.kpi.delayed', lang)} {fmt_count(due.detail('delayed'))}"),
         metric_value_card(eungdapso, lang=lang, extra_caption=per_day,
                           help=t("complaints.kpi.eungdapso_help", lang, start=fmt_date(eungdapso.period.start, lang),
                                  end=fmt_date(eungdapso.period.end, lang), days=eungdapso.detail("working_days"),
                                  per_day=fmt_count(eungdapso.detail("per_day")))),
         metric_value_card(open_now, lang=lang, help=t("complaints.signal.help", lang, days=IMMINENT_DAYS))], lang=lang)

left, right = st.columns(2)
with left:
    chart(charts.delay_by_month, by_month, lang)
with right:
    chart(charts.traffic_light, signal, lang)
left, right = st.columns(2)
with left:
    chart(charts.delay_by_group, by_division, lang, "complaints.chart.by_division")
with right:
    chart(charts.delay_by_group, by_channel, lang, "complaints.chart.by_channel")
left, right = st.columns(2)
with left:
    chart(charts.delay_by_group, by_department, lang, "complaints.chart.by_department")
with right:
    chart(charts.daily_volume, volume, lang)

st.subheader(f'{t("complaints.chart.signal", lang)} ({t("complaints.chart.signal_sub", lang)})')
# worst first (overdue, then imminent); the office sees each team's division; every team on screen
show_division = scope.is_office and division is None
division_names = q(org.divisions, scope=scope).set_index("division_code")[name_col(lang)] if show_division else None
open_teams = open_teams.sort_values(["delayed", "imminent", "total"], ascending=False, kind="stable")
# the team, then its figures, then its division: on a phone the figures sit beside the name, on screen
lights = pd.DataFrame({
    t("common.department", lang): open_teams[name_col(lang)],
    "🔴 " + t("complaints.col.overdue", lang): open_teams["delayed"],
    "🟠 " + t("complaints.col.imminent", lang): open_teams["imminent"],
    "🟢 " + t("complaints.col.normal", lang): open_teams["normal"],
    t("complaints.signal.total", lang): open_teams["total"],
    **({t("common.division", lang): open_teams["division_code"].map(division_names)} if show_division else {}),
})
counts = "{:,}".format  # static tables: a grid per table was ~0.1 s of the page's browser time (bench 1b)
detail_table(lights, lang=lang, filename=f"complaint_signals_{as_of.isoformat()}", key="complaint_signals",
             formats={c: counts for c in list(lights.columns)[1:5]})

st.subheader(t("common.detail_table", lang))
table = pd.DataFrame({
    t("common.department", lang): by_department[name_col(lang)],
    t("complaints.col.received", lang): by_department["received"],
    t("complaints.col.due", lang): by_department["due"],
    t("complaints.col.delayed", lang): by_department["delayed"],
    t("complaints.col.delay_rate", lang): by_department["delay_rate"].round(2),
})
detail_table(table, lang=lang, filename=f"complaints_{start.isoformat()}_{end.isoformat()}", key="complaints_table",
             division=division,
             column_config={t("complaints.col.delay_rate", lang): st.column_config.NumberColumn(format="%.2f"),
                            **{t(f"complaints.col.{c}", lang): st.column_config.NumberColumn(format="localized")
                               for c in ("received", "due", "delayed")}},
             formats={**{t(f"complaints.col.{c}", lang): counts for c in ("received", "due", "delayed")},
                      t("complaints.col.delay_rate", lang): "{:.2f}".format})
