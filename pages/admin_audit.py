"""접속 기록 (admin only): sign-ins, failures, lockouts and sign-outs."""
import pandas as pd
import streamlit as st

from config.i18n import t, t_or
from auth import accounts
from data_access.db import SEOUL
from ui.context import page_context
from ui.data import guard, uncached
from ui.widgets import detail_table, page_header

ctx = page_context()
lang = ctx.lang
page_header(t("audit.title", lang), lang, ctx.as_of)
LIMIT = 500
st.caption(t("audit.caption", lang, limit=LIMIT))

with guard(lang):
    # Not cached: the audit trail must show the latest events.
    events = uncached(accounts.audit_events, limit=LIMIT)
table = pd.DataFrame({
    t("audit.col.time", lang): pd.to_datetime(events["occurred_at"], utc=True).dt.tz_convert(SEOUL).dt.strftime("%Y-%m-%d %H:%M:%S"),
    t("audit.col.user", lang): events["username"],
    t("audit.col.event", lang): events["event"].map(lambda e: t_or(f"audit.event.{e}", lang, e)),
    t("audit.col.detail", lang): events["detail"],
})
detail_table(table, lang=lang, filename="signin_audit", key="audit_table")
