"""민원 처리: delay rate by month (this year against last), by division, team and channel, volume, signal lights."""
import calendar
import datetime as dt

import pandas as pd
import streamlit as st

from charts import complaints as charts
from config.i18n import month_label, name_col, t
from data_access import complaints, org
from data_access import targets as kpi_targets
from ui.context import page_context
from ui.data import guard, q
from config.formats import fmt_count, fmt_date, fmt_pp, fmt_rate
from ui.widgets import chart, detail_table, division_filter, kpi, page_header

ctx = page_context("complaints")  # checks the role itself, not only the router
lang, scope, as_of = ctx.lang, ctx.scope, ctx.as_of
page_header(t("complaints.title", lang), lang, as_of)
IMMINENT_DAYS = 2

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
    rate = q(complaints.delay_rate, scope=scope, start=start, end=end, division=division)
    prev_rate = q(complaints.delay_rate, scope=scope, start=dt.date(year - 1, 1, 1), end=dt.date(year - 1, 12, 31),
                  division=division)
    target = q(kpi_targets.target_for, scope=scope, metric="complaint_delay_rate", year=year, division=division)
    by_month = q(complaints.delay_rate_by_month, scope=scope, start=dt.date(year - 1, 1, 1), end=end, division=division)
    by_division = q(complaints.delay_by_division, scope=scope, start=start, end=end)
    by_department = q(complaints.delay_by_department, scope=scope, start=start, end=end, division=division)
    by_channel = q(complaints.delay_by_channel, scope=scope, start=start, end=end, division=division)
    volume = q(complaints.daily_volume, scope=scope, start=start, end=end, division=division)
    # 응답소 volume: from 1 January to the end of the last complete month before the as-of date.
    eung_end = dt.date(as_of.year, as_of.month, 1) - dt.timedelta(days=1)
    eungdapso = q(complaints.channel_volume, scope=scope, channel="eungdapso", start=dt.date(eung_end.year, 1, 1),
                  end=eung_end, division=division)
    signal = q(complaints.open_traffic_light, scope=scope, as_of=as_of, division=division, imminent_days=IMMINENT_DAYS)
    open_teams = q(complaints.open_by_department, scope=scope, as_of=as_of, division=division,
                   imminent_days=IMMINENT_DAYS)

unit = (lambda key: t(key, lang) if lang == "ko" else "")  # noqa: E731
cols = st.columns(4)
with cols[0]:
    delta = fmt_pp(rate.delay_rate - prev_rate.delay_rate, lang) \
        if rate.delay_rate is not None and prev_rate.delay_rate is not None else None
    status = kpi_targets.status(rate.delay_rate, target) if target and rate.delay_rate is not None else None
    if delta:
        delta = t("overview.delta.vs_last_year", lang, delta=delta, value=fmt_rate(prev_rate.delay_rate))
    kpi(t("complaints.kpi.delay", lang), fmt_rate(rate.delay_rate), lang=lang, delta=delta, delta_color="inverse",
        status=status, help=t("overview.help.delay", lang))
with cols[1]:
    kpi(t("complaints.kpi.due", lang), fmt_count(rate.due, unit("unit.cases")), lang=lang,
        help=f"{t('complaints.kpi.delayed', lang)} {fmt_count(rate.delayed, unit('unit.cases'))}")
with cols[2]:
    kpi(t("complaints.kpi.eungdapso", lang), fmt_count(eungdapso.cases, unit("unit.cases")), lang=lang,
        help=t("complaints.kpi.eungdapso_help", lang, start=fmt_date(dt.date(eung_end.year, 1, 1), lang),
               end=fmt_date(eung_end, lang), days=eungdapso.working_days, per_day=fmt_count(eungdapso.per_day)))
    st.caption(f"{fmt_count(eungdapso.per_day, unit('unit.cases'))}{t('unit.per_day', lang)}")
with cols[3]:
    open_total = int(signal["complaints"].sum()) if len(signal) else 0
    kpi(t("complaints.kpi.open", lang), fmt_count(open_total, unit("unit.cases")), lang=lang,
        help=t("complaints.signal.help", lang, days=IMMINENT_DAYS))

left, right = st.columns(2)
with left:
    chart(charts.delay_by_month(by_month, lang))
with right:
    chart(charts.traffic_light(signal, lang))
left, right = st.columns(2)
with left:
    chart(charts.delay_by_group(by_division, lang, "complaints.chart.by_division"))
with right:
    chart(charts.delay_by_group(by_channel, lang, "complaints.chart.by_channel"))
left, right = st.columns(2)
with left:
    chart(charts.delay_by_group(by_department, lang, "complaints.chart.by_department"))
with right:
    chart(charts.daily_volume(volume, lang))

st.subheader(t("complaints.chart.signal", lang))
# worst first (overdue, then imminent); the office sees each team's division; every team on screen
show_division = scope.is_office and division is None
division_names = q(org.divisions, scope=scope).set_index("division_code")[name_col(lang)] if show_division else None
open_teams = open_teams.sort_values(["delayed", "imminent", "total"], ascending=False, kind="stable")
lights = pd.DataFrame({
    **({t("common.division", lang): open_teams["division_code"].map(division_names)} if show_division else {}),
    t("common.department", lang): open_teams[name_col(lang)],
    "🔴 " + t("complaints.col.overdue", lang): open_teams["delayed"],
    "🟠 " + t("complaints.col.imminent", lang): open_teams["imminent"],
    "🟢 " + t("complaints.col.normal", lang): open_teams["normal"],
    t("complaints.signal.total", lang): open_teams["total"],
})
detail_table(lights, lang=lang, filename=f"complaint_signals_{as_of.isoformat()}", key="complaint_signals",
             height=38 + 35 * max(len(lights), 1))

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
                               for c in ("received", "due", "delayed")}})
