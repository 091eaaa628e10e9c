"""데이터 가져오기 (admin only): template, upload, the CLI's check row by row, then a confirmed import.

The import itself and how cancel works in Streamlit: ui/importing.py.
"""
import streamlit as st

from config.i18n import t
from loading.importing import DATASET_NAMES
from ui import importing as imp
from ui.context import page_context
from ui.data import guard
from ui.widgets import page_header

ctx = page_context("admin_import")  # checks the role itself, not only the router
lang = ctx.lang
page_header(t("admin_import.title", lang), lang, ctx.as_of)
st.caption(t("admin_import.caption", lang))
with guard(lang):
    imp.settle_interrupted()  # an import stopped by a click during the last run rolled back (or had committed)

dataset = st.selectbox(t("admin_import.dataset", lang), DATASET_NAMES, key="admin_import_dataset",
                       format_func=lambda d: t(f"dataset.{d}", lang))
left, right = st.columns(2)
for column, fmt in ((left, "csv"), (right, "xlsx")):
    column.download_button(t(f"admin_import.template_{fmt}", lang), key=f"admin_import_template_{fmt}",
                           data=lambda fmt=fmt: imp.template_bytes(dataset, fmt, lang),
                           file_name=f"{dataset}_template.{fmt}", width="stretch",
                           mime="text/csv" if fmt == "csv" else
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

uploaded = st.file_uploader(t("admin_import.upload", lang), type=["csv", "xlsx"], key="admin_import_file")
if uploaded is None:
    st.stop()
data = uploaded.getvalue()
with guard(lang):
    report = imp.validate_upload(dataset, data, uploaded.name, uploaded.file_id, lang)

st.write(t("admin_import.rows", lang, rows=f"{report.rows:,}", errors=f"{report.error_count:,}",
           warnings=f"{report.warning_count:,}"))
problems = imp.problems_frame(report, lang)
if not problems.empty:
    st.dataframe(problems, hide_index=True, width="stretch", key="admin_import_problems")
    shown, total = len(problems), report.error_count + report.warning_count
    if total > shown:
        st.caption(t("admin_import.more", lang, shown=f"{shown:,}", total=f"{total:,}"))
if not report.ok:
    st.error(t("admin_import.has_errors", lang))
    st.stop()

job = st.session_state.get(imp.JOB)
if job is not None and (job["dataset"], job["file_id"]) == (dataset, uploaded.file_id):
    with guard(lang):
        imp.run_import(job, data, lang)

outcome = st.session_state.get(imp.OUTCOME)
if outcome is not None and (outcome["dataset"], outcome["file_id"]) == (dataset, uploaded.file_id):
    imp.show_outcome(outcome, lang)
    if outcome["kind"] == "done":
        st.caption(t("admin_import.loaded_by", lang, user=ctx.user.username))
        st.stop()

st.info(t("admin_import.ready", lang, dataset=t(f"dataset.{dataset}", lang), rows=f"{report.rows:,}"))
st.button(t("admin_import.confirm", lang), type="primary", key="admin_import_confirm", on_click=imp.start_job,
          args=(dataset, uploaded.file_id, uploaded.name, report.sha256, ctx.user.username))
