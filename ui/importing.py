"""Helpers of the admin upload page: templates, the validation table, and one import run with cancel.

How cancel works in Streamlit's model: the import runs in the script thread. A click on 취소 (or on
any other widget) during the import makes Streamlit raise its rerun exception at the script's next
yield point - the progress-bar update after each chunk, or the `cancel` hook's read of
`st.session_state`. The exception leaves `import_file` from inside its transaction, which rolls
back. The button's on_click callback sets a flag only at the start of the following run; that run
finds the job still marked in flight, checks the load log (the import may have committed just
before the interruption) and reports what really happened. The library's `cancel` hook reads the
same flag, so a flag already set when a chunk finishes also rolls the import back.
"""
from __future__ import annotations

import datetime as dt
import re
import tempfile
import time
from pathlib import Path

import pandas as pd
import streamlit as st

from config.i18n import t
from loading.importing import ImportCancelled, ImportRefused, ValidationReport, import_file, validate_file
from loading.importing import write_template
from data_access.load_log import load_committed_since
from ui.data import as_writer, uncached

JOB = "admin_import.job"  # the confirmed import: dataset, file id, sha256, user, start time
IN_FLIGHT = "admin_import.in_flight"  # set while import_file runs; still set next run = it was interrupted
CANCEL = "admin_import.cancel_requested"
OUTCOME = "admin_import.outcome"  # what the last import came to, shown for the same file
REPORTS = "admin_import.reports"  # validation reports by (dataset, file id, sha256)


def template_bytes(dataset: str, fmt: str, lang: str) -> bytes:
    """The dataset's template (headers and one commented example row) as .csv or .xlsx bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{dataset}_template.{fmt}"
        write_template(dataset, path, lang=lang)
        return path.read_bytes()


def validate_upload(dataset: str, data: bytes, filename: str, file_id: str, lang: str) -> ValidationReport:
    """The CLI's check (`validate_file`) of an uploaded file, kept per file so a rerun does not check again."""
    reports = st.session_state.setdefault(REPORTS, {})
    key = (dataset, file_id)
    if key not in reports:
        with st.spinner(t("admin_import.checking", lang)):
            reports.clear()  # keep only the current file's report
            reports[key] = uncached(lambda engine: validate_file(dataset, data, filename, lang, engine=engine))
    return reports[key]


def problems_frame(report: ValidationReport, lang: str) -> pd.DataFrame:
    """One row per problem (errors first): type, row, column, message - plain text, never HTML."""
    records = [
        {t("admin_import.col.severity", lang): t(f"admin_import.severity.{severity}", lang),
         t("admin_import.col.row", lang): p.row, t("admin_import.col.column", lang): p.column or "",
         t("admin_import.col.message", lang): p.message(lang)}
        for severity, items in (("error", report.errors), ("warning", report.warnings)) for p in items
    ]
    columns = [t(f"admin_import.col.{c}", lang) for c in ("severity", "row", "column", "message")]
    frame = pd.DataFrame(records, columns=columns)
    frame[columns[1]] = frame[columns[1]].astype("Int64")  # file-level problems have no row
    return frame


def start_job(dataset: str, file_id: str, filename: str, sha256: str, user: str) -> None:
    """on_click of 가져오기 확정: the next run imports this file."""
    st.session_state[JOB] = {"dataset": dataset, "file_id": file_id, "filename": filename, "sha256": sha256,
                             "user": user,
                             "started": dt.datetime.now(dt.timezone.utc)}
    st.session_state[CANCEL] = False
    st.session_state.pop(OUTCOME, None)


def request_cancel() -> None:
    """on_click of 취소 (runs at the start of the run the click causes)."""
    st.session_state[CANCEL] = True


def _finish(job: dict, outcome: dict) -> None:
    st.session_state[OUTCOME] = {**outcome, "file_id": job["file_id"], "dataset": job["dataset"],
                                 "filename": job["filename"]}
    for key in (JOB, IN_FLIGHT, CANCEL):
        st.session_state.pop(key, None)
    if outcome["kind"] == "done":
        st.cache_data.clear()  # every page shows the new data (and the new as-of date)


def settle_interrupted() -> None:
    """A job still in flight at the start of a run was stopped by a rerun: say what the database holds."""
    job = st.session_state.get(IN_FLIGHT)
    if job is None:
        return
    logged = uncached(load_committed_since, dataset=job["dataset"], file_hash=job["sha256"],
                      loaded_by=job["user"], since=job["started"])
    if logged is not None:  # the commit came before the interruption (e.g. during the last progress update)
        _finish(job, {"kind": "done", "late": True, "rows": logged.rows, "inserted": logged.inserted,
                      "updated": logged.updated, "unchanged": logged.rows - logged.inserted - logged.updated,
                      "as_of": logged.as_of})
    else:
        _finish(job, {"kind": "cancelled" if st.session_state.get(CANCEL) else "interrupted"})


def run_import(job: dict, data: bytes, lang: str) -> None:
    """Import the confirmed file with a progress bar (rows and rate) and a cancel button."""
    st.button(t("admin_import.cancel", lang), on_click=request_cancel, key="admin_import_cancel_button")
    bar = st.progress(0.0, text=t("admin_import.progress", lang, rows="0", total="…", rate="0"))
    started = time.monotonic()

    def progress(rows: int, total: int) -> None:
        rate = rows / max(time.monotonic() - started, 1e-6)
        bar.progress(min(rows / total, 1.0) if total else 0.0,
                     text=t("admin_import.progress", lang, rows=f"{rows:,}", total=f"{total:,}", rate=f"{rate:,.0f}"))

    st.session_state[IN_FLIGHT] = job
    try:
        result = as_writer(lambda engine: import_file(  # the writer role: the app's own may not write
            engine, job["dataset"], data, job["filename"], user=job["user"], lang=lang, progress=progress,
            cancel=lambda: bool(st.session_state.get(CANCEL))))
    except ImportCancelled:
        _finish(job, {"kind": "cancelled"})
    except ImportRefused as exc:
        _finish(job, {"kind": "refused", "report": exc.report})
    else:
        _finish(job, {"kind": "done", "late": False, "rows": result.rows, "inserted": result.inserted,
                      "updated": result.updated, "unchanged": result.unchanged, "as_of": result.as_of})
    bar.empty()


def _plain(text: str) -> str:
    """A file name shown inside markdown-rendered text, its markdown characters escaped (shown as typed)."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~$])", r"\\\1", text)


def show_outcome(outcome: dict, lang: str) -> None:
    """The last import's outcome: the counts and as-of date, or that nothing was written."""
    kind = outcome["kind"]
    if kind == "done":
        if outcome["late"]:
            st.info(t("admin_import.committed_before_stop", lang))
        st.success(t("import.done", lang, dataset=t(f"dataset.{outcome['dataset']}", lang), filename=_plain(outcome["filename"]),
                     rows=f"{outcome['rows']:,}", inserted=f"{outcome['inserted']:,}",
                     updated=f"{outcome['updated']:,}", unchanged=f"{outcome['unchanged']:,}",
                     as_of=outcome["as_of"].isoformat()))
    elif kind == "refused":
        st.error(t("admin_import.refused", lang))
        st.dataframe(problems_frame(outcome["report"], lang), hide_index=True, width="stretch")
    else:
        st.warning(t(f"admin_import.{kind}", lang))
