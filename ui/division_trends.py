"""The division head's trends on /divisions: execution against the target curve, delay rate by month
(this year against last), each programme's execution against today's target. Data through ui.data.q."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from charts import budget as budget_charts
from charts import complaints as complaint_charts
from config.i18n import t
from config.targets import execution_target_curve, execution_target_on
from data_access import budget, complaints
from data_access.scope import Scope
from ui.data import guard, q
from ui.widgets import chart


def division_trends(division: str, *, scope: Scope, as_of: dt.date, lang: str) -> None:
    with guard(lang):
        trend = q(budget.execution_trend, scope=scope, as_of=as_of, division=division)
        by_month = q(complaints.delay_rate_by_month, scope=scope, start=dt.date(as_of.year - 1, 1, 1), end=as_of,
                     division=division)
        rows = q(budget.budget_table, scope=scope, as_of=as_of, division=division)
    st.subheader(t("divisions.trends", lang))
    curve = pd.DataFrame(execution_target_curve(as_of.year), columns=["as_of", "execution_rate"])
    left, right = st.columns(2)
    with left:
        chart(budget_charts.execution_trend, trend, curve[curve["as_of"] <= max(as_of, curve["as_of"].min())], lang)
    with right:
        chart(complaint_charts.delay_by_month, by_month, lang)
    chart(budget_charts.programme_status, rows, execution_target_on(as_of), lang)
