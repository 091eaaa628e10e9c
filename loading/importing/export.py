"""Export a dataset in exactly the columns import reads (so importing an export changes nothing).
(Templates: template.py.)

CSV exports are UTF-8 with a BOM (so Korean Excel shows Hangul correctly), comma-separated, "\\n"
line ends; timestamps in Seoul time with their offset (2016-08-10T09:15:00+09:00); dates
YYYY-MM-DD; booleans true/false; blanks empty. Rows are ordered by the natural key (byte order on
both SQLite and PostgreSQL), so the same data gives the same file on either database.
XLSX exports hold numbers as numbers, dates as date cells and timestamps as ISO text (Excel
cells have no time zone).
Text cells that a spreadsheet would take for a formula (starting with =, +, -, @, tab or CR) get a
leading apostrophe in both formats (`config.cells.neutralise`, OWASP's CSV-injection advice); the
reader removes it again (`config.cells.restore`), so importing an export still changes nothing.
"""
from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, literal, null, select
from sqlalchemy.orm import aliased

from config.cells import neutralise
from config.i18n import t
from data_access.db import SEOUL, as_utc
from loading.importing.specs import SPECS
from data_access.models import (
    BrandCampaign,
    BrandCampaignReach,
    BudgetItem,
    BudgetSnapshot,
    CitizenHallDay,
    Complaint,
    ComplaintChannel,
    Department,
    Division,
    ForeignChannel,
    ForeignChannelDaily,
    KpiTarget,
    SnsChannel,
    SnsSnapshot,
)

BATCH = 50_000
XLSX_MAX_ROWS = 1_048_576


def _key(conn: Connection, column):
    """Order strings by bytes on both databases (PostgreSQL would otherwise use the locale)."""
    return column.collate("C") if conn.dialect.name == "postgresql" else column


def _stream(conn: Connection, stmt) -> Iterator[list[tuple]]:
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(stmt)
    for partition in result.partitions(BATCH):
        yield [tuple(row) for row in partition]


def _rows_budget(conn: Connection) -> Iterator[list[tuple]]:
    item, parent = BudgetItem.__table__, aliased(BudgetItem)
    snap = BudgetSnapshot.__table__
    stmt = (
        select(item.c.fiscal_year, item.c.code, snap.c.as_of, Division.code, parent.code, parent.name_ko,
               parent.name_en, item.c.level, item.c.category, item.c.name_ko, item.c.name_en, item.c.sort_order,
               snap.c.budget_won, snap.c.current_budget_won, snap.c.executed_won)
        .join(snap, snap.c.item_id == item.c.id)
        .join(Division, Division.id == item.c.division_id)
        .outerjoin(parent, parent.id == item.c.parent_id)
        .order_by(item.c.fiscal_year, _key(conn, item.c.code), snap.c.as_of)
    )
    return _stream(conn, stmt)


def _rows_complaints(conn: Connection) -> Iterator[list[tuple]]:
    c = Complaint.__table__
    stmt = (
        select(c.c.external_id, c.c.received_at, c.c.due_at, c.c.closed_at, ComplaintChannel.code, Department.code)
        .join(ComplaintChannel, ComplaintChannel.id == c.c.channel_id)
        .join(Department, Department.id == c.c.department_id)
        .order_by(_key(conn, c.c.external_id))
    )
    return _stream(conn, stmt)


def _rows_hall_visits(conn: Connection) -> Iterator[list[tuple]]:
    h = CitizenHallDay.__table__
    return _stream(conn, select(h.c.day, h.c.visitors, h.c.closed, h.c.closure_reason, h.c.programmes,
                                h.c.rentals, h.c.weddings).order_by(h.c.day))


def _rows_brand_reach(conn: Connection) -> Iterator[list[tuple]]:
    r, f = BrandCampaignReach.__table__, ForeignChannelDaily.__table__
    campaigns = (select(literal("campaign"), BrandCampaign.code, r.c.day, r.c.participants, null())
                 .join(BrandCampaign, BrandCampaign.id == r.c.campaign_id)
                 .order_by(_key(conn, BrandCampaign.code), r.c.day))
    channels = (select(literal("channel"), ForeignChannel.code, f.c.day, f.c.reach, f.c["items"])
                .join(ForeignChannel, ForeignChannel.id == f.c.channel_id)
                .order_by(_key(conn, ForeignChannel.code), f.c.day))
    yield from _stream(conn, campaigns)  # 'campaign' sorts before 'channel'
    yield from _stream(conn, channels)


def _rows_sns_followers(conn: Connection) -> Iterator[list[tuple]]:
    s = SnsSnapshot.__table__
    return _stream(conn, select(SnsChannel.code, s.c.day, s.c.followers, s.c.posts)
                   .join(SnsChannel, SnsChannel.id == s.c.channel_id)
                   .order_by(_key(conn, SnsChannel.code), s.c.day))


def _rows_targets(conn: Connection) -> Iterator[list[tuple]]:
    k = KpiTarget.__table__
    return _stream(conn, select(k.c.metric, k.c.division_code, k.c.year, k.c.target, k.c.direction, k.c.tolerance)
                   .order_by(_key(conn, k.c.metric), _key(conn, k.c.division_code), k.c.year))


ROWS = {
    "budget": _rows_budget, "complaints": _rows_complaints, "hall_visits": _rows_hall_visits,
    "brand_reach": _rows_brand_reach, "sns_followers": _rows_sns_followers, "targets": _rows_targets,
}


# --- cell formatting ----------------------------------------------------------------------------


def format_decimal(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def format_timestamp(value: dt.datetime) -> str:
    local = as_utc(value).astimezone(SEOUL)
    return local.isoformat(timespec="seconds" if local.microsecond == 0 else "microseconds")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return format_timestamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, float):  # SQLite may hand back a Numeric as float
        return format_decimal(Decimal(repr(value)))
    return str(value)


def _offset_text(seconds: int) -> str:
    sign = "+" if seconds >= 0 else "-"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def _timestamps_text(values: list) -> list[str]:
    """Vectorised format_timestamp for a batch (whole seconds; others fall back to the exact path)."""
    utc = pd.to_datetime(pd.Series(values, dtype=object), utc=True)
    local = utc.dt.tz_convert(SEOUL).dt.tz_localize(None)
    offsets = ((local - utc.dt.tz_localize(None)).dt.total_seconds().fillna(0)).astype("int64")
    texts = np.datetime_as_string(local.to_numpy().astype("datetime64[s]"), unit="s").astype(object)
    suffix = offsets.map({o: _offset_text(o) for o in offsets.unique()}).to_numpy(dtype=object)
    texts = texts + suffix
    texts[utc.isna().to_numpy()] = ""
    micro = (utc.dt.microsecond.fillna(0) != 0).to_numpy()
    for i in micro.nonzero()[0]:
        texts[i] = format_timestamp(values[i])
    return texts.tolist()


def _csv_batches(dataset: str, batches: Iterator[list[tuple]]) -> Iterator[list[list[str]]]:
    for batch in batches:
        if dataset == "complaints" and batch:
            columns = list(zip(*batch))
            formatted = [[neutralise(v) for v in columns[0]], *(_timestamps_text(list(columns[k])) for k in (1, 2, 3)),
                         [neutralise(v) for v in columns[4]], [neutralise(v) for v in columns[5]]]
            yield [list(row) for row in zip(*formatted)]
        else:
            yield [[neutralise(v) if isinstance(v, str) else _text(v) for v in row] for row in batch]


def _xlsx_value(value):
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, dt.datetime):
        return format_timestamp(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def _temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.part")


def _write_csv(path: Path, header: list[str], batches: Iterator[list[list[str]]]) -> int:
    rows = 0
    tmp = _temp_path(path)
    try:
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(header)
            for batch in batches:
                writer.writerows(batch)
                rows += len(batch)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return rows


def _write_xlsx(path: Path, header: list[str], batches: Iterator[list[list]], lang: str = "ko") -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(header)
    rows = 0
    tmp = _temp_path(path)

    def cell(value):
        if isinstance(value, str) and value.startswith("="):  # text, never a formula
            c = WriteOnlyCell(sheet, value)
            c.data_type = "s"
            return c
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            c = WriteOnlyCell(sheet, value)
            c.number_format = "yyyy-mm-dd"
            return c
        return value

    try:
        for batch in batches:
            if rows + len(batch) + 1 > XLSX_MAX_ROWS:
                raise ValueError(t("import.xlsx_too_many_rows", lang, max=f"{XLSX_MAX_ROWS - 1:,}"))
            for row in batch:
                sheet.append([cell(v) for v in row])
            rows += len(batch)
        workbook.save(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return rows


def _format_of(path: Path, lang: str) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(t("import.unsupported_format", lang, name=path.name))
    return suffix[1:]


def _check_dataset(dataset: str, lang: str) -> None:
    if dataset not in SPECS:
        raise ValueError(t("import.unknown_dataset", lang, dataset=dataset, choices=", ".join(SPECS)))


def export_dataset(engine: Engine, dataset: str, path: str | os.PathLike, *, lang: str = "ko") -> int:
    """Write every row of `dataset` to `path` (.csv or .xlsx); returns the rows written."""
    _check_dataset(dataset, lang)
    path = Path(path)
    fmt = _format_of(path, lang)
    header = SPECS[dataset].names
    with engine.connect() as conn:
        batches = ROWS[dataset](conn)
        if fmt == "csv":
            return _write_csv(path, header, _csv_batches(dataset, batches))
        return _write_xlsx(path, header, ([[_xlsx_value(v) for v in row] for row in batch] for batch in batches),
                           lang)
