"""개요: one KPI card per metric, and one card per division with its budget execution and key figure."""
import datetime as dt

import streamlit as st

from config.i18n import name_col, t
from data_access import brand, budget, citizen_hall, complaints, org, sns
from data_access import targets as kpi_targets
from ui.context import page_context
from ui.data import guard, q
from ui.division_figures import division_figures
from ui.formats import fmt_count, fmt_date, fmt_pp, fmt_rate
from ui.widgets import kpi, link_to_page, page_header

ctx = page_context()
lang, scope, as_of = ctx.lang, ctx.scope, ctx.as_of
page_header(t("app.title", lang), lang, as_of)
year_start = dt.date(as_of.year, 1, 1)
people = t("unit.people", lang) if lang == "ko" else ""

with guard(lang):
    dates = q(budget.budget_snapshot_dates, scope=scope, as_of=as_of)
    execution = q(budget.office_execution, scope=scope, as_of=as_of)
    prev_execution = q(budget.office_execution, scope=scope, as_of=dates[-2]) if len(dates) > 1 else None
    execution_target = q(kpi_targets.target_for, scope=scope, metric="budget_execution_rate", year=as_of.year)
    delay = q(complaints.delay_rate, scope=scope, start=year_start, end=as_of)
    delay_last = q(complaints.delay_rate, scope=scope, start=dt.date(as_of.year - 1, 1, 1),
                   end=dt.date(as_of.year - 1, 12, 31))
    delay_target = q(kpi_targets.target_for, scope=scope, metric="complaint_delay_rate", year=as_of.year)
    hall = q(citizen_hall.hall_summary, scope=scope, as_of=as_of)
    campaigns = q(brand.campaign_reach_by_kind, scope=scope, start=year_start, end=as_of)
    foreign = q(brand.foreign_totals, scope=scope, start=year_start, end=as_of).set_index("kind")
    followers = q(sns.sns_latest, scope=scope, as_of=as_of, kinds=("sns", "blog"))
    by_division = q(budget.execution_by_division, scope=scope, as_of=as_of)
    staff = q(org.staff, scope=scope)

st.subheader(t("overview.kpis", lang))
cards = []
if execution.execution_rate is not None:
    delta = fmt_pp(execution.execution_rate - prev_execution.execution_rate, lang) \
        if prev_execution and prev_execution.execution_rate is not None else None
    cards.append(dict(label=t("overview.kpi.execution", lang), value=fmt_rate(execution.execution_rate), delta=delta,
                      status=kpi_targets.status(execution.execution_rate, execution_target) if execution_target else None,
                      help=t("overview.help.execution", lang)))
if delay.delay_rate is not None:
    delta = t("overview.delta.vs_last_year", lang, delta=fmt_pp(delay.delay_rate - delay_last.delay_rate, lang),
              value=fmt_rate(delay_last.delay_rate)) if delay_last.delay_rate is not None else None
    cards.append(dict(label=t("overview.kpi.delay", lang), value=fmt_rate(delay.delay_rate), delta=delta,
                      delta_color="inverse", help=t("overview.help.delay", lang),
                      status=kpi_targets.status(delay.delay_rate, delay_target) if delay_target else None))
if hall.cumulative_visitors:
    cards.append(dict(label=t("overview.kpi.hall", lang), value=fmt_count(hall.cumulative_visitors, people),
                      delta=t("overview.hall_avg", lang, value=fmt_count(hall.daily_average, people)),
                      delta_color="off", help=t("overview.help.hall", lang)))
if len(campaigns):
    participants = campaigns[campaigns["kind"].isin(["festival", "overseas"])]["participants"].sum()
    cards.append(dict(label=t("overview.kpi.brand", lang), value=fmt_count(participants, people),
                      help=t("overview.help.brand", lang)))
if "sns" in foreign.index:
    cards.append(dict(label=t("overview.kpi.foreign", lang), value=fmt_count(foreign.loc["sns", "reach"])))
if len(followers):
    cards.append(dict(label=t("overview.kpi.sns", lang), value=fmt_count(followers["followers"].sum(), people),
                      help=t("overview.help.sns", lang)))
for i in range(0, len(cards), 3):
    for col, card in zip(st.columns(3), cards[i:i + 3], strict=False):
        with col:
            kpi(lang=lang, **card)

st.subheader(t("overview.divisions", lang))
quota = staff.groupby("division_code")[["quota", "current"]].sum()
cols = st.columns(min(len(by_division), 5) or 1)
for col, row in zip(cols, by_division.itertuples(), strict=False):
    with col, st.container(border=True):
        st.markdown(f"**{getattr(row, name_col(lang))}**")
        st.caption(t("budget.kpi.rate", lang))
        st.markdown(f"### {fmt_rate(row.execution_rate)}")
        figures = division_figures(row.division_code, scope=scope, as_of=as_of, lang=lang)
        if figures:
            st.caption(figures[0].label, help=figures[0].help)
            st.markdown(f"#### {figures[0].value}")
        if row.division_code in quota.index:
            st.caption(t("overview.division.staff", lang, quota=int(quota.loc[row.division_code, "quota"]),
                         current=int(quota.loc[row.division_code, "current"])))
        link_to_page("pages/divisions.py", label=t("nav.divisions", lang), query_params={"division": row.division_code})
st.caption(t("common.as_of", lang, date=fmt_date(as_of, lang)))
