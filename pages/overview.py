"""개요 = the executive briefing: KPI cards with change and status, the generated summary, the lagging
programmes, the division figures below target, the "브리핑 PDF" download and one card per division.

The briefing itself (figures and texts) is `briefing.model.build_briefing`, through the shared cache.
"""
import streamlit as st

from briefing.model import build_briefing
from config.i18n import t
from ui import alerts as alert_ui
from ui import briefing as sections
from ui import forecast as forecast_ui
from ui.context import page_context
from ui.data import guard, q
from ui.explanations import briefing_subjects, explanations
from config.formats import fmt_date
from ui.widgets import page_header

ctx = page_context("overview")  # checks the role itself, not only the router
lang, scope, as_of = ctx.lang, ctx.scope, ctx.as_of
page_header(t("app.title", lang), lang, as_of)

with guard(lang):
    b = q(build_briefing, scope=scope, as_of=as_of, lang=lang)

sections.pdf_download(b)
sections.kpi_cards(b)
sections.summary(b)
alert_ui.attention(scope, as_of, lang)
forecast_ui.overview_block(b, scope, as_of, lang)
left, right = st.columns(2)
with left:
    sections.lagging(b)
    with guard(lang):
        explanations(briefing_subjects(b), user=ctx.user, lang=lang, key="overview_lagging")
with right:
    sections.off_target(b)
    with guard(lang):
        explanations(briefing_subjects(b, "metric"), user=ctx.user, lang=lang, key="overview_off_target")
with guard(lang):
    sections.division_cards(b, scope=scope, as_of=as_of)
st.caption(t("common.as_of", lang, date=fmt_date(as_of, lang)))
