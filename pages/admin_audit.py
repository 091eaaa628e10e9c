"""접속 기록 (admin only): every sign-in, failure, lockout, sign-out and admin action, filtered by
user, event and dates and paged over the whole trail (auth.accounts.audit_page)."""
import datetime as dt
import math

import pandas as pd
import streamlit as st

from auth import accounts
from config.formats import DATETIME_SECONDS_COLUMN_FORMAT
from config.i18n import t, t_or
from data_access.db import SEOUL, seoul_wall_clock
from ui.context import page_context
from ui.data import guard, uncached
from ui.widgets import detail_table, page_header

PAGE_SIZE = 100

ctx = page_context("admin_audit")  # checks the role itself, not only the router
lang = ctx.lang
page_header(t("audit.title", lang), lang, ctx.as_of)
st.caption(t("audit.caption", lang))

user_col, event_col, date_col = st.columns([2, 3, 2])
username = user_col.text_input(t("audit.filter.user", lang), key="audit_user").strip()
events = event_col.multiselect(t("audit.filter.events", lang), accounts.AUDIT_EVENTS, key="audit_events",
                               format_func=lambda e: t_or(f"audit.event.{e}", lang, e),
                               placeholder=t("audit.filter.events_all", lang))  # not Streamlit's English "Choose options"
dates = date_col.date_input(t("audit.filter.dates", lang), value=(), key="audit_dates", format="YYYY.MM.DD")


def _seoul_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=SEOUL)


since = _seoul_midnight(dates[0]) if len(dates) >= 1 else None
before = _seoul_midnight(dates[-1] + dt.timedelta(days=1)) if len(dates) >= 1 else None
filters = {"username": username or None, "events": events or None, "since": since, "before": before}

with guard(lang):  # not cached: the audit trail must show the latest events
    total = uncached(accounts.audit_page, **filters, limit=0).total
pages = max(1, math.ceil(total / PAGE_SIZE))
number = st.number_input(t("audit.page", lang), min_value=1, max_value=pages, value=1, step=1, key="audit_page_no")
offset = (int(number) - 1) * PAGE_SIZE
with guard(lang):
    events_page = uncached(accounts.audit_page, **filters, limit=PAGE_SIZE, offset=offset)
rows = events_page.rows
st.caption(t("audit.shown", lang, total=f"{events_page.total:,}", first=f"{offset + 1 if len(rows) else 0:,}",
             last=f"{offset + len(rows):,}"))
table = pd.DataFrame({
    t("audit.col.time", lang): seoul_wall_clock(rows["occurred_at"]),
    t("audit.col.user", lang): rows["username"],
    t("audit.col.event", lang): rows["event"].map(lambda e: t_or(f"audit.event.{e}", lang, e)),
    t("audit.col.detail", lang): rows["detail"],
})
detail_table(table, lang=lang, filename="signin_audit", key="audit_table",
             column_config={t("audit.col.time", lang): st.column_config.DatetimeColumn(
                 format=DATETIME_SECONDS_COLUMN_FORMAT[lang])})
