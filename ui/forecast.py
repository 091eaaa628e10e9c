"""The year-end execution forecast on screen: cards, the projection chart and the 불용 risk table.

Every figure comes from `metrics.forecast` (through the shared cache); every surface labels it
as a projection with its one-sentence method.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from charts import budget as budget_charts
from config.formats import fmt_money_headline, fmt_rate, won_to_million
from config.i18n import t
from metrics import forecast as F
from ui.cards import Card
from ui.widgets import chart, kpi, kpi_row, report_table


def method_caption(lang: str) -> None:
    st.caption(f"{t('forecast.badge', lang)} · {F.METHOD[lang]}")


def cards(item: F.Forecast | None, lang: str) -> None:
    """Three cards: projected year-end rate (with range), 예상 불용액, the monthly amount needed."""
    if item is None:
        return
    if not item.ok:
        st.info(F.reason_text(item, lang))
        return
    rng = t("forecast.range", lang, low=fmt_rate(item.rate_low, 1), high=fmt_rate(item.rate_high, 1))
    low, high = fmt_money_headline(item.unspent_low_won, lang), fmt_money_headline(item.unspent_high_won, lang)
    row = [Card(t("forecast.kpi.rate", lang), fmt_rate(item.projected_rate, 1), help=F.METHOD[lang], caption=rng),
           Card(t("forecast.kpi.unspent", lang), fmt_money_headline(item.unspent_won, lang), help=F.METHOD[lang],
                caption=t("forecast.range", lang, low=low, high=high))]
    if item.needed_monthly_half_won is not None:
        row.append(Card(t("forecast.kpi.needed_half", lang), fmt_money_headline(item.needed_monthly_half_won, lang),
                        caption=t("forecast.needed_half_help", lang, target=fmt_rate(F.HALF_YEAR_TARGET, 0),
                                  months=F.months_left(item.as_of, 6))))
    elif item.needed_monthly_year_end_won is not None:
        row.append(Card(t("forecast.kpi.needed", lang), fmt_money_headline(item.needed_monthly_year_end_won, lang),
                        caption=t("forecast.needed_help", lang, target=fmt_rate(F.YEAR_END_TARGET, 0),
                                  months=item.months_left)))
    kpi_row(row, lang=lang, columns=3)


def trend_chart(trend: pd.DataFrame, curve: pd.DataFrame, item: F.Forecast | None, lang: str, as_of) -> None:
    """The trend against the whole year's target curve and the projection; without one, to the as-of date."""
    if item is not None and item.ok:
        chart(budget_charts.execution_forecast, trend, curve, F.path_frame(item), lang)
    else:
        chart(budget_charts.execution_trend, trend, curve[curve["as_of"] <= max(as_of, curve["as_of"].min())], lang)


def risk_table(items: list[F.Forecast], names: pd.DataFrame, lang: str, limit: int = 10) -> None:
    """The programmes most at risk of 불용 (largest 예상 불용액 first), and those without a projection."""
    st.subheader(t("forecast.risk.title", lang))
    st.caption(t("forecast.risk.caption", lang, method=F.METHOD[lang]))
    label = names.set_index("row_key")["name_en" if lang == "en" else "name_ko"].to_dict() if not names.empty else {}
    risky = F.at_risk(items, limit)
    if not risky:
        st.success(t("forecast.risk.none", lang))
    else:
        frame = pd.DataFrame({
            t("budget.col.programme", lang): [label.get(f.key, f.key) for f in risky],
            t("budget.col.rate", lang): [round(f.rate_now, 2) for f in risky],
            t("forecast.col.projected", lang): [round(f.projected_rate, 1) for f in risky],
            t("forecast.col.range", lang): [f"{f.rate_low:.1f}–{f.rate_high:.1f}%" for f in risky],
            t("forecast.col.unspent_m", lang): [won_to_million(f.unspent_won) for f in risky],
            t("forecast.col.needed_m", lang): [won_to_million(f.needed_monthly_year_end_won or 0) for f in risky],
        })
        # a static table: ten rows read as well, and it prints (a grid is a canvas, blank on paper)
        report_table(frame, formats={t("budget.col.rate", lang): "{:.2f}".format,
                                     t("forecast.col.projected", lang): "{:.1f}".format,
                                     t("forecast.col.unspent_m", lang): "{:,}".format,
                                     t("forecast.col.needed_m", lang): "{:,}".format})
    missing = [f for f in items if f.grain == "programme" and not f.ok]
    if missing:  # names are data: plain text, never Markdown
        st.text(" · ".join(f"{label.get(f.key, f.key)}: {F.reason_text(f, lang)}" for f in missing))


def scope_block(scope, as_of, lang: str, *, division: str | None = None, title: bool = True) -> None:
    """The scope's (or one division's) projection: heading, label and method, the three cards."""
    from ui.data import guard, q

    with guard(lang):
        items = q(F.execution_forecast, scope=scope, as_of=as_of, division=division)
    item = F.headline(items, division if division else (None if scope.is_office else scope.division_code))
    if item is None:
        return
    if title:
        st.subheader(t("forecast.title", lang))
    method_caption(lang)
    cards(item, lang)


def overview_block(b, scope, as_of, lang: str) -> None:
    """The overview: the projection in one sentence (as in the PDF) beside its card."""
    from ui.data import guard, q

    with guard(lang):
        items = q(F.execution_forecast, scope=scope, as_of=as_of)
    item = F.headline(items, None if scope.is_office else scope.division_code)
    if item is None:
        return
    st.subheader(t("forecast.title", lang))
    left, right = st.columns([3, 1])
    with left, st.container(border=True):
        st.text(b.forecast or F.sentence(item, lang))
        st.caption(F.METHOD[lang])
    with right:
        if item.ok:
            kpi(t("forecast.kpi.rate", lang), fmt_rate(item.projected_rate, 1), lang=lang,
                delta=t("forecast.kpi.unspent", lang) + " " + fmt_money_headline(item.unspent_won, lang),
                delta_color="off", help=F.METHOD[lang])
