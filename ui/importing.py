"""Helpers of the admin upload page: templates, the preview, and imports that run in the background.

An import confirmed on the page runs in a thread owned by the server process, not by the script
run: a click elsewhere, leaving the page or closing the tab no longer stops it (Streamlit stops a
script run at its next yield point; the old in-script import rolled back silently). Jobs are kept
per user name in `_JOBS`; the page shows the running job's progress (a fragment re-run every
second) with a cancel button, and the outcome - written (with its load number), cancelled,
refused - when the user comes back, until they dismiss it. One job per user at a time.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from config.i18n import t
from loading.importing import (
    ImportCancelled,
    ImportNeedsConfirmation,
    ImportRefused,
    ImportResult,
    ValidationReport,
    import_file,
    write_template,
)
from ui.data import uncached

log = logging.getLogger(__name__)
PREVIEWS = "admin_import.previews"  # (report, preview result) by (dataset, file id)


def _engine():
    """The engine imports write with (one place to change it)."""
    from data_access.db import get_admin_engine

    return get_admin_engine()  # the writer role (DASHBOARD_ADMIN_DATABASE_URL): the app's own may not write


def template_bytes(dataset: str, fmt: str, lang: str) -> bytes:
    """The dataset's template (Korean names beside the codes, an example row, the valid codes)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{dataset}_template.{fmt}"
        try:
            engine = _engine()
            write_template(dataset, path, lang=lang, engine=engine)
        except Exception:  # noqa: BLE001 - without the database the template still has its headers
            write_template(dataset, path, lang=lang)
        return path.read_bytes()


def preview_upload(dataset: str, data: bytes, filename: str, file_id: str,
                   lang: str) -> tuple[ValidationReport, ImportResult | None]:
    """The file checked and its import previewed (run and rolled back): the report, and the preview
    when the file is valid. Kept per file so a rerun does not run it again."""
    previews = st.session_state.setdefault(PREVIEWS, {})
    key = (dataset, file_id)
    if key not in previews:
        with st.spinner(t("admin_import.checking", lang)):
            previews.clear()  # keep only the current file's

            def run(engine):
                try:
                    result = import_file(engine, dataset, data, filename, user="preview", lang=lang, dry_run=True)
                except ImportRefused as exc:
                    return exc.report, None
                report = ValidationReport(dataset=dataset, filename=filename, rows=result.rows,
                                          warnings=result.warnings, warning_count=result.warning_count,
                                          sha256=result.sha256)
                return report, result

            previews[key] = uncached(run)
    return previews[key]


def problems_frame(report: ValidationReport, lang: str, reviews: list | None = None) -> pd.DataFrame:
    """One row per problem (errors, review items, warnings): type, row, column, message - plain text."""
    records = [
        {t("admin_import.col.severity", lang): t(f"admin_import.severity.{severity}", lang),
         t("admin_import.col.row", lang): p.row, t("admin_import.col.column", lang): p.column or "",
         t("admin_import.col.message", lang): p.message(lang)}
        for severity, items in (("error", report.errors), ("review", reviews or []), ("warning", report.warnings))
        for p in items
    ]
    columns = [t(f"admin_import.col.{c}", lang) for c in ("severity", "row", "column", "message")]
    frame = pd.DataFrame(records, columns=columns)
    frame[columns[1]] = frame[columns[1]].astype("Int64")  # file-level problems have no row
    return frame


def preview_frame(result: ImportResult, lang: str) -> pd.DataFrame:
    """The preview as a small table: rows to add / change / unchanged and the as-of date before → after."""
    before = result.previous_as_of.isoformat() if result.previous_as_of else "-"
    return pd.DataFrame({
        t("admin_import.col.dataset", lang): [t(f"dataset.{result.dataset}", lang)],
        t("admin_import.col.added", lang): [result.inserted],
        t("admin_import.col.changed", lang): [result.updated],
        t("admin_import.col.unchanged", lang): [result.unchanged],
        t("admin_import.col.as_of", lang): [f"{before} → {result.as_of.isoformat()}"],
    })


# --- background jobs ------------------------------------------------------------------------


@dataclass
class Job:
    user: str
    dataset: str
    file_id: str
    filename: str
    started: dt.datetime
    rows: int = 0
    total: int = 0
    state: str = "running"  # running | done | cancelled | refused | needs_confirmation | failed
    result: ImportResult | None = None
    report: ValidationReport | None = None
    message: str = ""
    cancel: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self.state == "running"


_JOBS: dict[str, Job] = {}
_LOCK = threading.Lock()


def current_job(user: str) -> Job | None:
    with _LOCK:
        return _JOBS.get(user)


def _run(job: Job, data: bytes, accept: bool, lang: str) -> None:
    def progress(rows: int, total: int) -> None:
        job.rows, job.total = rows, total

    try:
        job.result = import_file(_engine(), job.dataset, data, job.filename, user=job.user, lang=lang,
                                 progress=progress, cancel=job.cancel.is_set, accept_warnings=accept)
        job.state = "done"
        st.cache_data.clear()  # every page shows the new data (and the new as-of date)
    except ImportCancelled:
        job.state = "cancelled"
    except ImportRefused as exc:
        job.state, job.report = "refused", exc.report
    except ImportNeedsConfirmation as exc:
        job.state, job.result = "needs_confirmation", exc.result
    except Exception as exc:  # noqa: BLE001 - shown on the page; the transaction rolled back
        log.exception("import of %s by %s failed", job.filename, job.user)
        job.state, job.message = "failed", (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]


def start_job(dataset: str, file_id: str, filename: str, data: bytes, user: str, accept: bool, lang: str) -> None:
    """on_click of 가져오기 확정: start the import in the background (unless this user has one running)."""
    with _LOCK:
        existing = _JOBS.get(user)
        if existing is not None and existing.running:
            return
        job = Job(user=user, dataset=dataset, file_id=file_id, filename=filename,
                  started=dt.datetime.now(dt.timezone.utc))
        job.thread = threading.Thread(target=_run, args=(job, data, accept, lang), name=f"import-{user}", daemon=True)
        _JOBS[user] = job
    job.thread.start()


def request_cancel(user: str) -> None:
    """on_click of 취소: the import rolls back at its next chunk (or before its commit)."""
    job = current_job(user)
    if job is not None:
        job.cancel.set()


def dismiss(user: str) -> None:
    """on_click of 확인: forget a finished job (its outcome has been seen)."""
    with _LOCK:
        job = _JOBS.get(user)
        if job is not None and not job.running:
            del _JOBS[user]


def wait(user: str, timeout: float = 60.0) -> Job | None:
    """Wait for the user's job to finish (tests and scripts)."""
    job = current_job(user)
    if job is not None and job.thread is not None:
        job.thread.join(timeout)
    return job


@st.fragment(run_every=1.0)
def show_running(user: str, lang: str) -> None:
    """The running job's progress and cancel button; a full rerun once it has finished."""
    job = current_job(user)
    if job is None or not job.running:
        st.rerun()
    elapsed = max((dt.datetime.now(dt.timezone.utc) - job.started).total_seconds(), 1e-6)
    total = max(job.total, job.rows)
    st.progress(min(job.rows / total, 1.0) if total else 0.0,
                text=t("admin_import.progress", lang, rows=f"{job.rows:,}", total=f"{total:,}" if total else "…",
                       rate=f"{job.rows / elapsed:,.0f}"))
    st.caption(t("admin_import.running", lang, filename=job.filename, dataset=t(f"dataset.{job.dataset}", lang)))
    if job.cancel.is_set():
        st.info(t("admin_import.cancelling", lang))
    else:
        st.button(t("admin_import.cancel", lang), on_click=request_cancel, args=(user,),
                  key="admin_import_cancel_button")


def _plain(text: str) -> str:
    """A file name shown inside markdown-rendered text, its markdown characters escaped (shown as typed)."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~$])", r"\\\1", text)


def show_outcome(job: Job, lang: str) -> None:
    """A finished job: the counts, the as-of date and the load number, or that nothing was written."""
    if job.state == "done" and job.result is not None:
        r = job.result
        st.success(t("admin_import.done", lang, dataset=t(f"dataset.{r.dataset}", lang),
                     filename=_plain(r.filename), rows=f"{r.rows:,}", inserted=f"{r.inserted:,}",
                     updated=f"{r.updated:,}", unchanged=f"{r.unchanged:,}", as_of=r.as_of.isoformat(),
                     before=r.previous_as_of.isoformat() if r.previous_as_of else "-", id=r.load_log_id))
        st.caption(t("admin_import.loaded_by", lang, user=job.user))
    elif job.state == "refused" and job.report is not None:
        st.error(t("admin_import.refused", lang))
        st.dataframe(problems_frame(job.report, lang), hide_index=True, width="stretch")
    elif job.state == "needs_confirmation":
        st.warning(t("admin_import.needs_confirmation", lang))
    elif job.state == "failed":
        st.error(t("admin_import.failed", lang, message=job.message))
    else:
        st.warning(t("admin_import.cancelled", lang))
