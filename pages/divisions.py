"""부서별: one division's budget, its own figures from the report, and its staff (정원/현원)."""
import pandas as pd
import streamlit as st

from config.i18n import t
import metrics
from data_access import budget, org
from ui import alerts as alert_ui
from ui import forecast as forecast_ui
from ui.context import page_context
from config.targets import execution_target_on
from ui.data import guard, q
from ui.explanations import division_metric_subjects, explanations, programme_subjects
from ui.division_figures import division_figures
from ui.division_trends import division_trends
from config.formats import fmt_count, won_to_million
from metrics.display import delta_color
from metrics.registry import get
from ui.cards import Card
from ui.widgets import detail_table, kpi_row, metric_cards, page_header, report_table, spark_points

ctx = page_context("divisions")  # checks the role itself, not only the router
lang, scope, as_of = ctx.lang, ctx.scope, ctx.as_of
page_header(t("divisions.title", lang), lang, as_of)

with guard(lang):
    divisions = q(org.divisions, scope=scope)
names = dict(zip(divisions["division_code"], divisions["name_en" if lang == "en" else "name_ko"], strict=True))
requested = st.query_params.get("division")
codes = list(names)


def _share_division() -> None:  # only a choice writes the URL: opening the page adds no history entry
    st.query_params["division"] = st.session_state["division_pick"]


division = st.selectbox(t("divisions.pick", lang), codes, format_func=names.get, disabled=len(codes) == 1,
                        index=codes.index(requested) if requested in codes else 0, key="division_pick",
                        on_change=_share_division)

with guard(lang):
    cards = [q(metrics.value, scope=scope, metric_id=m, as_of=as_of, division=division)
             for m in ("budget_original", "budget_current", "budget_executed", "budget_execution_rate")]
    rows = q(budget.budget_table, scope=scope, as_of=as_of, division=division)
    figures = division_figures(division, scope=scope, as_of=as_of, lang=lang)
    staff = q(org.staff, scope=scope, division=division)

st.subheader(t("divisions.budget", lang))
metric_cards(cards, lang=lang)
table = pd.DataFrame({
    t("budget.col.name", lang): rows["name_en" if lang == "en" else "name_ko"],
    t("budget.col.budget_m", lang): rows["budget_won"].map(won_to_million),
    t("budget.col.current_m", lang): rows["current_budget_won"].map(won_to_million),
    t("budget.col.executed_m", lang): rows["executed_won"].map(won_to_million),
    t("budget.col.rate", lang): rows["execution_rate"].round(2),
})
report_table(table, formats={**{t(f"budget.col.{c}", lang): "{:,}".format for c in ("budget_m", "current_m", "executed_m")},
                             t("budget.col.rate", lang): "{:.2f}".format})

division_trends(division, scope=scope, as_of=as_of, lang=lang)
forecast_ui.scope_block(scope, as_of, lang, division=division)
alert_ui.attention(scope, as_of, lang, division=division, limit=None)

st.subheader(t("divisions.figures", lang))
kpi_row([Card(f.label, f.value, f.delta, delta_color(get(f.metric_id)) if f.metric_id else "off", f.delta_description,
              f.status, f.help, f.caption, tuple(spark_points(list(f.series)))) for f in figures], lang=lang, columns=3)

st.subheader(t("explain.title", lang))
with guard(lang):
    lagging = q(budget.lagging_programmes, scope=scope, as_of=as_of, below_rate=execution_target_on(as_of), limit=10,
                division=division)
    explanations(division_metric_subjects(division, names[division], lang) + programme_subjects(lagging, lang),
                 user=ctx.user, lang=lang, key="division_explain")

st.subheader(t("divisions.staff", lang))
st.markdown(t("divisions.staff.total", lang, quota=fmt_count(staff["quota"].sum()),
              current=fmt_count(staff["current"].sum())))
staff_table = pd.DataFrame({
    t("divisions.col.job_group", lang): staff["job_group"].map(lambda g: t(f"divisions.job_group.{g}", lang)),
    t("divisions.col.grade", lang): staff["grade"].map(lambda g: t(f"grade.{g}", lang)),
    t("divisions.col.quota", lang): staff["quota"],
    t("divisions.col.current", lang): staff["current"],
})
detail_table(staff_table, lang=lang, filename=f"staff_{division}", key="division_staff",  # static: a short table
             formats={t(f"divisions.col.{c}", lang): "{:,}".format for c in ("quota", "current")})
