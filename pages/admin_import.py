"""데이터 가져오기 (admin only): template, upload, the check row by row and a preview of what the
import would change, then a confirmed import that runs in the background (ui/importing.py)."""
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
user = ctx.user.username

job = imp.current_job(user)
if job is not None and job.running:  # started earlier, perhaps before the user left the page
    imp.show_running(user, lang)
    st.stop()
if job is not None:
    imp.show_outcome(job, lang)
    st.button(t("admin_import.dismiss", lang), key="admin_import_dismiss", on_click=imp.dismiss, args=(user,))
    st.stop()

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
    report, preview = imp.preview_upload(dataset, data, uploaded.name, uploaded.file_id, lang)

reviews = preview.reviews if preview is not None else []
st.write(t("admin_import.rows", lang, rows=f"{report.rows:,}", errors=f"{report.error_count:,}",
           warnings=f"{report.warning_count:,}", reviews=f"{len(reviews):,}"))
problems = imp.problems_frame(report, lang, reviews)
if not problems.empty:
    st.dataframe(problems, hide_index=True, width="stretch", key="admin_import_problems")
    shown, total = len(problems), report.error_count + report.warning_count + len(reviews)
    if total > shown:
        st.caption(t("admin_import.more", lang, shown=f"{shown:,}", total=f"{total:,}"))
if not report.ok or preview is None:
    st.error(t("admin_import.has_errors", lang))
    st.stop()

st.subheader(t("admin_import.preview", lang))
st.dataframe(imp.preview_frame(preview, lang), hide_index=True, width="stretch", key="admin_import_preview")
if preview.created:
    st.caption(t("admin_import.created", lang, codes=", ".join(code for _, _, code, _ in preview.created)))
accept = True
if reviews:
    st.warning(t("admin_import.review_needed", lang, count=f"{len(reviews):,}"))
    accept = st.checkbox(t("admin_import.accept_reviews", lang), key="admin_import_accept")
st.info(t("admin_import.ready", lang, dataset=t(f"dataset.{dataset}", lang), rows=f"{report.rows:,}"))
st.button(t("admin_import.confirm", lang), type="primary", key="admin_import_confirm", disabled=not accept,
          on_click=imp.start_job, args=(dataset, uploaded.file_id, uploaded.name, data, user, bool(reviews), lang))
