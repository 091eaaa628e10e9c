"""The files behind every table's CSV and Excel buttons (no Streamlit here, so tests call it directly).

- Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR; a user name
  typed at the sign-in form, an imported programme name) never becomes one: in the CSV it gets the
  leading apostrophe of OWASP's CSV-injection guidance (`config.cells.neutralise`); in the workbook it
  is a string cell with Excel's own "quote prefix" (shown as typed, still text after editing).
  Numbers stay numbers.
- The workbook is an office document (issue 15): the sheet is named after the table, rows 1-4 say
  what it is (title, 기준일, scope, 단위), then the header (bold, repeated on every printed page, frozen)
  and the data with number formats (thousands separators; rates with their decimals; a year as a plain
  number) and column widths fitted to the text (Hangul counts double). It prints landscape, one page wide.
- The CSV stays a plain table (header and rows, UTF-8 with BOM for Korean Excel) so it can be read by
  programs; only the file name carries the scope.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from config.cells import needs_prefix, neutralise
from config.formats import fmt_date
from config.i18n import t

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FILE_FORBIDDEN = re.compile(r'[\\/:*?"<>|\s]+')
_YEAR = re.compile(r"^\d{4}$")
MAX_WIDTH = 60


@dataclass(frozen=True)
class Meta:
    """What a download is: title, as-of date, scope (e.g. 전체 부서 / 도시브랜드담당관) and unit."""

    title: str
    as_of: dt.date | None
    scope: str
    unit: str | None
    lang: str = "ko"
    decimals: dict[str, int] | None = None  # column -> decimals shown on screen (from the page's column_config)


_PRINTF = re.compile(r"%[,]?\.(\d)f")


def decimals_of(column_config: dict | None) -> dict[str, int]:
    """The decimals a page shows per column, from its st.column_config formats (%.1f -> 1, localized -> 0)."""
    out = {}
    for name, config in (column_config or {}).items():
        fmt = (config or {}).get("type_config", {}).get("format") if isinstance(config, dict) else None
        if fmt == "localized":
            out[name] = 0
        elif fmt and (m := _PRINTF.search(fmt)):
            out[name] = int(m.group(1))
    return out


def file_stem(filename: str, division: str | None) -> str:
    """The file name (no extension) with the division code when the table is one division's."""
    stem = filename if division is None or division in filename else f"{filename}_{division}"
    return _FILE_FORBIDDEN.sub("_", stem)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise, na_action="ignore")
    return safe.to_csv(index=False).encode("utf-8-sig")


def _text_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _is_year_column(series: pd.Series, name: str, lang: str) -> bool:
    if name not in (t("common.year", lang), t("budget.col.year", lang)):
        return False
    values = series.dropna().astype(str)
    return len(values) > 0 and bool(values.map(lambda v: bool(_YEAR.match(v))).all())


def _number_format(series: pd.Series) -> str:
    if pd.api.types.is_integer_dtype(series) or pd.api.types.is_bool_dtype(series):
        return "#,##0"
    values = series.dropna().astype(float).to_numpy()
    values = values[np.isfinite(values)]
    for decimals in (0, 1, 2):
        if np.allclose(values, np.round(values, decimals)):
            return "#,##0" if decimals == 0 else "#,##0." + "0" * decimals
    return "#,##0.00"


def _cell_value(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().replace(tzinfo=None)
    return value


def sheet_name(title: str) -> str:
    return _SHEET_FORBIDDEN.sub(" ", title).strip()[:31] or "data"


def xlsx_bytes(frame: pd.DataFrame, meta: Meta) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name(meta.title)
    lang = meta.lang
    width = max(1, len(frame.columns))
    sheet.append([meta.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    info = [t("common.as_of", lang, date=fmt_date(meta.as_of, lang)) if meta.as_of else None,
            t("download.scope", lang, scope=meta.scope),
            t("download.unit", lang, unit=meta.unit) if meta.unit else None]
    for line in (x for x in info if x):
        sheet.append([line])
    header_row = sheet.max_row + 2
    sheet.append([])

    columns = [str(c) for c in frame.columns]
    formats: dict[int, str] = {}
    converted: list[pd.Series] = []
    for index, name in enumerate(columns):
        series = frame.iloc[:, index]
        if _is_year_column(series, name, lang):
            series = pd.to_numeric(series, errors="coerce").astype("Int64")
            formats[index] = "0"
        elif pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            shown = (meta.decimals or {}).get(name)
            formats[index] = _number_format(series) if shown is None else (
                "#,##0" if shown == 0 else "#,##0." + "0" * shown)
        converted.append(series)
    sheet.append(columns)
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [_text_width(name) for name in columns]
    for row in zip(*(s.tolist() for s in converted), strict=True) if len(frame) else ():
        sheet.append([_cell_value(v) for v in row])
        for index, cell in enumerate(sheet[sheet.max_row]):
            value = cell.value
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
                if needs_prefix(value):
                    cell.quotePrefix = True
                widths[index] = max(widths[index], _text_width(value))
            elif index in formats and value is not None:
                cell.number_format = formats[index]
                widths[index] = max(widths[index], len(f"{value:,}") + 1)
            elif isinstance(value, (dt.date, dt.datetime)):
                cell.number_format = "yyyy-mm-dd hh:mm" if isinstance(value, dt.datetime) else "yyyy-mm-dd"
                widths[index] = max(widths[index], 16)
    for index, w in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, w + 2)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
