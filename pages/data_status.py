"""데이터 현황: every dataset's as-of date, rows in the database and rows of its last load, each labelled."""
import streamlit as st

from config.formats import DATE_COLUMN_FORMAT, DATETIME_COLUMN_FORMAT
from config.i18n import t, t_or
from data_access.db import seoul_wall_clock
from data_access.status import dataset_status
from ui.context import page_context
from ui.data import guard, q
from ui.widgets import detail_table, page_header

ctx = page_context("data_status")  # checks the role itself, not only the router
lang = ctx.lang
page_header(t("status.title", lang), lang, ctx.as_of)
st.caption(t("status.caption", lang))

with guard(lang):
    status = q(dataset_status, scope=None)

table = status.assign(
    dataset=status["dataset"].map(lambda d: t_or(f"dataset.{d}", lang, d)),
    loaded_at=seoul_wall_clock(status["loaded_at"]),  # Seoul time
).rename(columns={c: t(f"status.col.{c}", lang) for c in status.columns})
detail_table(table, lang=lang, filename="data_status", key="status_table",
             column_config={**{t(f"status.col.{c}", lang): st.column_config.NumberColumn(format="localized")
                               for c in ("db_rows", "rows")},  # dates as the office writes them, not ISO
                            t("status.col.as_of", lang): st.column_config.DateColumn(format=DATE_COLUMN_FORMAT[lang]),
                            t("status.col.loaded_at", lang): st.column_config.DatetimeColumn(
                                format=DATETIME_COLUMN_FORMAT[lang])})
