"""Data import and export for the admin CLI and the admin upload page.

    validate_file(dataset, path_or_bytes, filename, lang) -> ValidationReport
    import_file(engine, dataset, path_or_bytes, filename, *, user, lang, progress=None, cancel=None,
                dry_run=False, accept_warnings=False) -> ImportResult
    revert_load(engine, load_id, *, user, lang) -> RevertResult
    export_dataset(engine, dataset, path) -> rows written
    write_template(dataset, path, *, engine=None)

A file is checked completely before anything is kept: every problem comes back with its row and
column (ImportRefused carries the report). A valid file is written all or nothing in one
transaction: upserts by natural key, the rollups brought up to date and one load-log row (dataset,
file name, sha256, rows, inserted, updated, user, time, as-of date). `cancel()` returning True
between chunks rolls everything back (ImportCancelled). File formats: docs/IMPORT.md.

Preview and review (preview.py): the import always runs to its end inside the transaction, so the
counts and the as-of date before -> after are exact; `dry_run` then rolls back and returns them.
Review items (a date far beyond the others, the as-of date jumping, codes that would be created,
amounts ten times their history) roll back with ImportNeedsConfirmation unless
`accept_warnings=True`. Every committed import keeps its before-image (versions.py) and can be
reverted exactly. COMMIT_HOOKS run last inside the transaction of every committed import.
"""
from __future__ import annotations

import datetime as dt
import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, insert

from config.i18n import t
from loading.importing.export import export_dataset
from loading.importing.template import write_template
from loading.importing.reader import (
    CHUNK_ROWS,
    FileRefused,
    PathOrBytes,
    Source,
    estimate_xlsx_rows,
    open_source,
    read_table,
)
from loading.importing.specs import DATASET_NAMES, SPECS
from loading.importing import preview, versions
from loading.importing.validate import Problem, Reference, ValidationReport, Validator
from loading.importing.versions import RevertRefused, RevertResult, revert_load
from loading.importing.writer import WRITERS, load_reference, seoul_today
from data_access.models import LoadLog
from data_access.status import record_db_rows

__all__ = [
    "COMMIT_HOOKS", "DATASET_NAMES", "ImportCancelled", "ImportNeedsConfirmation", "ImportRefused", "ImportResult",
    "Problem", "RevertRefused", "RevertResult", "ValidationReport", "export_dataset", "import_file", "revert_load",
    "validate_file", "write_template",
]

Progress = Callable[[int, int], None]  # (rows read so far, estimated rows in the file)
Cancel = Callable[[], bool]


class ImportRefused(ValueError):
    """The file was not imported (nothing written); `report` lists every problem."""

    def __init__(self, report: ValidationReport, lang: str = "ko"):
        super().__init__(report.summary(lang) if report.error_count > 1 or not report.errors
                         else f"{report.filename}: {report.errors[0].line(lang)}")
        self.report = report


class ImportCancelled(Exception):
    """The import was cancelled; the transaction was rolled back and nothing was written."""


class ImportNeedsConfirmation(Exception):
    """The file has review items (`result.reviews`) and accept_warnings was not given: nothing was
    written; `result` is the preview (counts, as-of before -> after, codes created)."""

    def __init__(self, result: ImportResult, lang: str = "ko"):
        super().__init__(t("import.needs_confirmation", lang, filename=result.filename,
                           count=f"{len(result.reviews):,}"))
        self.result = result


class _Rollback(Exception):
    """Raised inside the transaction to roll a preview back."""


@dataclass
class ImportResult:
    dataset: str
    filename: str
    rows: int
    inserted: int
    updated: int
    unchanged: int
    as_of: dt.date
    sha256: str
    load_log_id: int | None  # None: a preview (dry run) or a refused confirmation - nothing written
    loaded_by: str
    warnings: list[Problem] = field(default_factory=list)
    warning_count: int = 0
    details: dict = field(default_factory=dict)
    previous_as_of: dt.date | None = None  # the dataset's as-of date before the load
    reviews: list[Problem] = field(default_factory=list)  # need accept_warnings (preview.py)
    dry_run: bool = False

    def summary(self, lang: str = "ko") -> str:
        key = "import.preview" if self.load_log_id is None else "import.done"
        return t(key, lang, dataset=t(f"dataset.{self.dataset}", lang), filename=self.filename,
                 rows=f"{self.rows:,}", inserted=f"{self.inserted:,}", updated=f"{self.updated:,}",
                 unchanged=f"{self.unchanged:,}", as_of=self.as_of.isoformat(),
                 before=self.previous_as_of.isoformat() if self.previous_as_of else "-")

    @property
    def created(self) -> list[tuple[str, int, str, str]]:
        """Codes the load creates: (goal | item, fiscal year, code, Korean name)."""
        return list(self.details.get("created", []))

    def review_lines(self, lang: str = "ko") -> list[str]:
        return [p.line(lang) for p in self.reviews]


# Called as hook(conn, result) inside the transaction of every committed import, after its load-log
# row and before-image are written (result.load_log_id is set): the one place to add what must be
# written at each import (e.g. an alert history). An exception rolls the whole import back.
COMMIT_HOOKS: list[Callable[[Connection, ImportResult], None]] = []


def _check_dataset(dataset: str, lang: str) -> None:
    if dataset not in SPECS:
        raise ValueError(t("import.unknown_dataset", lang, dataset=dataset, choices=", ".join(DATASET_NAMES)))


def _refusal(dataset: str, filename: str, exc: FileRefused, source: Source | None = None) -> ValidationReport:
    problem = Problem(exc.row, exc.column, exc.key, exc.values)
    return ValidationReport(dataset=dataset, filename=filename, errors=[problem], error_count=1,
                            fmt=source.fmt if source else "", encoding=source.encoding if source else None,
                            sha256=source.sha256 if source else "")


def _filename(path_or_bytes: PathOrBytes, filename: str | None) -> str:
    """The name the file is known by (its extension picks the format; the load log records it)."""
    if filename:
        return filename
    if isinstance(path_or_bytes, (str, os.PathLike)):
        return Path(path_or_bytes).name
    return getattr(path_or_bytes, "name", None) or "upload"


def _run_validation(validator: Validator, source: Source, *, on_chunk=None, chunk_rows: int = CHUNK_ROWS) -> None:
    """Feed the whole file through the validator; `on_chunk(typed)` sees each typed chunk."""
    table = read_table(source, chunk_rows)
    if not validator.begin(table.header):
        table.close()
        return
    try:
        for frame, rows in table.chunks:
            typed = validator.check_chunk(frame, rows)
            if on_chunk is not None:
                on_chunk(typed)
    except FileRefused as exc:  # a malformed line part-way: report it with what was found so far
        validator.errors.add(Problem(exc.row, exc.column, exc.key, exc.values))
        return

    def rescan():
        return read_table(source, chunk_rows).chunks

    validator.finish(rescan)


def validate_file(dataset: str, path_or_bytes: PathOrBytes, filename: str | None = None, lang: str = "ko", *,
                  engine: Engine | None = None) -> ValidationReport:
    """Check a file without writing anything. Codes are checked against `engine` (default: the app's)."""
    _check_dataset(dataset, lang)
    name = _filename(path_or_bytes, filename)
    try:
        source = open_source(path_or_bytes, name)
    except FileRefused as exc:
        return _refusal(dataset, name, exc)
    if engine is None:
        from data_access.db import get_engine

        engine = get_engine()
    with engine.connect() as conn:
        reference = load_reference(conn)
    validator = Validator(dataset, reference)
    try:
        _run_validation(validator, source)
    except FileRefused as exc:
        return _refusal(dataset, name, exc, source)
    return validator.report(name, fmt=source.fmt, encoding=source.encoding, sha256=source.sha256)


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"


def import_file(engine: Engine, dataset: str, path_or_bytes: PathOrBytes, filename: str | None = None, *,
                user: str | None = None, lang: str = "ko", progress: Progress | None = None,
                cancel: Cancel | None = None, chunk_rows: int = CHUNK_ROWS, dry_run: bool = False,
                accept_warnings: bool = False) -> ImportResult:
    """Validate and import a file in one transaction; raises ImportRefused, ImportCancelled or
    ImportNeedsConfirmation (review items without accept_warnings).

    progress(rows_read, rows_estimated) is called after each chunk; cancel() is polled after each
    chunk and before the commit - True rolls back and raises ImportCancelled. dry_run=True runs the
    whole import, rolls it back and returns the preview (load_log_id None).
    """
    _check_dataset(dataset, lang)
    name = _filename(path_or_bytes, filename)
    try:
        source = open_source(path_or_bytes, name)
    except FileRefused as exc:
        raise ImportRefused(_refusal(dataset, name, exc), lang) from None
    if source.fmt == "xlsx":
        source.estimated_rows = estimate_xlsx_rows(source)
    loaded_by = (user or _default_user())[:60]

    def check_cancel() -> None:
        if cancel is not None and cancel():
            raise ImportCancelled(t("import.cancelled", lang))

    with engine.connect() as conn:
        writer = None
        try:
            with conn.begin():
                reference: Reference = load_reference(conn)
                validator = Validator(dataset, reference)
                writer = WRITERS[dataset](conn, reference, validator)
                writer.start()

                def on_chunk(typed) -> None:
                    if validator.errors.total == 0:
                        writer.stage(typed)
                    if progress is not None:
                        progress(validator.rows, max(source.estimated_rows, validator.rows))
                    check_cancel()

                try:
                    _run_validation(validator, source, on_chunk=on_chunk, chunk_rows=chunk_rows)
                except FileRefused as exc:
                    raise ImportRefused(_refusal(dataset, name, exc, source), lang) from None
                report = validator.report(name, fmt=source.fmt, encoding=source.encoding, sha256=source.sha256)
                if not report.ok:
                    raise ImportRefused(report, lang)
                check_cancel()
                tables = [] if dataset == "complaints" else versions.DATASET_TABLES[dataset]
                before = {table.name: versions.snapshot(conn, table) for table in tables}
                inserted, updated = writer.merge()
                changes = writer.changes
                after = {table.name: versions.diff(conn, table, before[table.name], changes) for table in tables}
                previous = versions.active_as_of(conn, dataset)
                latest = validator.latest_day
                if latest is None:  # targets carry no dates: keep the dataset's, else the current period's
                    latest = previous or versions.active_as_of(conn) or seoul_today()
                as_of = max(latest, previous) if previous is not None else latest
                writer.after(as_of=as_of, previous_as_of=previous)
                result = ImportResult(
                    dataset=dataset, filename=name, rows=validator.rows, inserted=inserted, updated=updated,
                    unchanged=validator.rows - inserted - updated, as_of=as_of, sha256=source.sha256,
                    load_log_id=None, loaded_by=loaded_by, warnings=report.warnings,
                    warning_count=report.warning_count, details=writer.details, previous_as_of=previous,
                    reviews=[*validator.reviews, *preview.as_of_jump(previous, as_of),
                             *preview.new_codes(writer.details.get("created", []),
                                                       {year for year, _ in reference.budget_items}),
                             *preview.amount_jumps(conn, after, changes)],
                    dry_run=dry_run)
                if dry_run or (result.reviews and not accept_warnings):
                    raise _Rollback
                check_cancel()
                result.load_log_id = conn.execute(insert(LoadLog).values(
                    dataset=dataset, source=name[:255], file_hash=source.sha256, rows=validator.rows,
                    rows_inserted=inserted, rows_updated=updated, as_of=as_of,
                    loaded_at=dt.datetime.now(dt.timezone.utc), loaded_by=loaded_by,
                    previous_as_of=previous, revertible=True,
                ).returning(LoadLog.id)).scalar_one()
                versions.store(conn, result.load_log_id, changes)
                record_db_rows(conn, dataset)  # /data-status's rows in the database, counted once here
                for hook in COMMIT_HOOKS:
                    hook(conn, result)
        except _Rollback:
            if progress is not None:
                progress(validator.rows, validator.rows)
            if dry_run:
                return result
            raise ImportNeedsConfirmation(result, lang) from None
        finally:
            if writer is not None:
                writer.cleanup()
    if progress is not None:
        progress(validator.rows, validator.rows)
    from loading.alerts import record_history  # after the commit: the early-warning history of the new data

    record_history(engine)
    return result
