"""예산 집행: office, division and programme execution, trend against the target curve, composition."""
import pandas as pd
import streamlit as st

from charts import budget as charts
from config.i18n import name_col, t
from config.targets import execution_target_curve, execution_target_on
from data_access import budget
import metrics
from metrics import forecast as projection
from ui import forecast as forecast_ui
from ui.context import page_context
from ui.data import guard, q
from ui.explanations import explanations, programme_subjects
from config.formats import fmt_date, fmt_rate, won_to_million
from ui.text import plain
from ui.widgets import chart, detail_table, division_filter, metric_cards, page_header, report_table

ctx = page_context("budget")  # checks the role itself, not only the router
lang, scope, as_of = ctx.lang, ctx.scope, ctx.as_of
header = st.container()  # drawn once the 집계일 is chosen: the header names the snapshot on screen

with guard(lang):
    dates = q(budget.budget_snapshot_dates, scope=scope, as_of=as_of, fiscal_year=as_of.year)
left, right = st.columns(2)
with left:
    snapshot = st.selectbox(t("budget.snapshot", lang), list(reversed(dates)) or [as_of],
                            format_func=lambda d: fmt_date(d, lang), key="budget_snapshot")
with right:
    division = division_filter(scope, lang, key="budget_division")

with header:
    page_header(t("budget.title", lang), lang, snapshot)
KPIS = ("budget_original", "budget_current", "budget_executed", "budget_execution_rate")
with guard(lang):
    values = {m: q(metrics.value, scope=scope, metric_id=m, as_of=snapshot, division=division)
              for m in (*KPIS, "budget_carry_over")}
    table = q(budget.budget_table, scope=scope, as_of=snapshot, division=division)
    by_division = q(budget.execution_by_division, scope=scope, as_of=snapshot, division=division)
    trend = q(budget.execution_trend, scope=scope, as_of=snapshot, division=division)
    curve_target = execution_target_on(snapshot)
    lagging = q(budget.lagging_programmes, scope=scope, as_of=snapshot, below_rate=curve_target, limit=10, division=division)
    composition = q(budget.composition, scope=scope, as_of=snapshot, division=division)
    forecasts = q(projection.execution_forecast, scope=scope, as_of=snapshot, division=division)

metric_cards([values[m] for m in KPIS], lang=lang)

st.subheader(t("forecast.title", lang))
headline = projection.headline(forecasts, division if division else (None if scope.is_office else scope.division_code))
forecast_ui.method_caption(lang)
forecast_ui.cards(headline, lang)

st.subheader(t("budget.table.title", lang))
st.caption(t("budget.table.caption", lang, carry_over=values["budget_carry_over"].value_text(lang)))


def display(frame: pd.DataFrame) -> pd.DataFrame:
    """The report's columns in 백만원 with Korean (or English) labels."""
    return pd.DataFrame({
        t("budget.col.name", lang): frame[name_col(lang)],
        t("budget.col.level", lang): frame["level"].map(lambda lv: t(f"budget.level.{lv}", lang)),
        t("budget.col.budget_m", lang): frame["budget_won"].map(won_to_million),
        t("budget.col.current_m", lang): frame["current_budget_won"].map(won_to_million),
        t("budget.col.executed_m", lang): frame["executed_won"].map(won_to_million),
        t("budget.col.rate", lang): frame["execution_rate"].round(2),
    })


money = {t(f"budget.col.{c}", lang): st.column_config.NumberColumn(format="localized")
         for c in ("budget_m", "current_m", "executed_m")}
money[t("budget.col.rate", lang)] = st.column_config.NumberColumn(format="%.2f")
as_printed = {**{t(f"budget.col.{c}", lang): "{:,}".format for c in ("budget_m", "current_m", "executed_m")},
              t("budget.col.rate", lang): "{:.2f}".format}
top = table[table["level"].isin(["office", "office_category"])]
if len(top):
    report_table(display(top), formats=as_printed)
for row in table[table["level"] == "division"].itertuples():
    label = f"{plain(getattr(row, name_col(lang)))} · {fmt_rate(row.execution_rate)}"
    box = st.expander(label, expanded=not scope.is_office or division is not None, on_change="rerun",
                      key=f"budget_rows_{row.division_code}_{division or 'all'}")
    if box.open:  # a folded division's table is built when it is opened (a closed one would still be sent)
        with box:
            report_table(display(table[table["division_code"] == row.division_code]), formats=as_printed)
full = st.expander(t("budget.table.full", lang), key="budget_full_open", on_change="rerun")
if full.open:  # the grid and its downloads are built only while open (a closed one is still mounted)
    with full:
        detail_table(display(table), lang=lang, filename=f"budget_{snapshot.isoformat()}", key="budget_detail",
                     column_config=money, division=division, unit=f"{t('unit.million_won', lang)}, %")

left, right = st.columns(2)
with left:
    chart(charts.execution_by_division, by_division, lang)
with right:
    curve = pd.DataFrame(execution_target_curve(snapshot.year), columns=["as_of", "execution_rate"])
    forecast_ui.trend_chart(trend, curve, headline, lang, snapshot)

st.subheader(t("budget.lagging.title", lang))
st.caption(t("budget.lagging.caption", lang, date=fmt_date(snapshot, lang), target=fmt_rate(curve_target)))
if lagging.empty:
    st.success(t("budget.lagging.none", lang))
else:
    # the rate next to the programme, as text: it stays on a phone's screen and on paper
    lag = pd.DataFrame({
        t("budget.col.programme", lang): lagging[name_col(lang)],
        t("budget.col.rate", lang): lagging["execution_rate"],
        t("budget.col.division", lang): lagging["division_name_en" if lang == "en" else "division_name_ko"],
        t("budget.col.current_m", lang): lagging["current_budget_won"].map(won_to_million),
        t("budget.col.executed_m", lang): lagging["executed_won"].map(won_to_million),
    })
    report_table(lag, formats={**{t(f"budget.col.{c}", lang): "{:,}".format for c in ("current_m", "executed_m")},
                               t("budget.col.rate", lang): "{:.2f}".format})
    st.subheader(t("explain.title", lang))
    with guard(lang):
        explanations(programme_subjects(lagging, lang), user=ctx.user, lang=lang, key="budget_explain")

forecast_ui.risk_table(forecasts, table, lang)

st.subheader(t("budget.composition.title", lang))
left, right = st.columns([2, 3])
with left:
    chart(charts.composition, composition, lang)
with right:
    comp = pd.DataFrame({
        t("budget.col.year", lang): composition["fiscal_year"].astype(str),
        t("budget.col.category", lang): composition["category"].map(lambda c: t(f"budget.category.{c}", lang)),
        t("budget.col.budget_m", lang): composition["budget_won"].map(won_to_million),
        t("budget.col.share", lang): composition["share"].round(1),
        t("budget.col.change_m", lang): composition["change_won"].map(lambda w: won_to_million(w) if pd.notna(w) else pd.NA).astype("Int64"),
        t("budget.col.change_rate", lang): composition["change_rate"].round(1),
    })
    detail_table(comp, lang=lang, filename="budget_composition", key="budget_comp", title=t("budget.composition.title", lang),
                 unit=f"{t('unit.million_won', lang)}, %", formats={  # static: a few rows, it prints
        t("budget.col.budget_m", lang): "{:,}".format, t("budget.col.change_m", lang): "{:+,}".format,
        t("budget.col.share", lang): "{:.1f}".format, t("budget.col.change_rate", lang): "{:+.1f}".format}, column_config={
        t("budget.col.budget_m", lang): st.column_config.NumberColumn(format="localized"),
        t("budget.col.change_m", lang): st.column_config.NumberColumn(format="localized"),
        t("budget.col.share", lang): st.column_config.NumberColumn(format="%.1f"),
        t("budget.col.change_rate", lang): st.column_config.NumberColumn(format="%.1f")})
