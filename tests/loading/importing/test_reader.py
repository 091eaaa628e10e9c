"""reader.py through the import path: Korean Excel encodings and workbooks typed by a user."""
from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from loading.importing import ImportRefused, import_file, validate_file
from tests.loading.importing.helpers import export_bytes, exported_rows


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr", "utf-8", "utf-8-sig"])
def test_korean_excel_encodings_are_accepted(work, tmp_path, encoding):
    """CP949 / EUC-KR (Korean Excel), UTF-8 and UTF-8 with BOM files read the same Hangul."""
    exported = export_bytes(work, "hall_visits", tmp_path).decode("utf-8-sig")
    assert "설날" in exported
    data = exported.encode(encoding)
    result = import_file(work, "hall_visits", data, "visits.csv", user="test")
    assert (result.inserted, result.updated, result.unchanged) == (0, 0, result.rows)
    report = validate_file("hall_visits", data, "visits.csv", engine=work)
    assert report.encoding == ("cp949" if encoding in ("cp949", "euc-kr") else "utf-8-sig")


def test_xlsx_typed_by_a_user_is_accepted(work, tmp_path):
    """A workbook with real date cells, numbers, booleans and blank rows imports; row numbers count blanks."""
    book = Workbook()
    sheet = book.active
    sheet.append(["day", "visitors", "closed", "closure_reason"])
    sheet.append([dt.datetime(2019, 3, 4), 4321, False, None])
    sheet.append([])
    sheet.append([dt.date(2019, 3, 5), 4000.0, True, "점검"])
    sheet.append([dt.date(2019, 3, 6), -1, False, None])
    path = tmp_path / "typed.xlsx"
    book.save(path)
    with pytest.raises(ImportRefused) as refused:
        import_file(work, "hall_visits", path, user="test")
    assert [(p.row, p.column, p.key) for p in refused.value.report.errors] == [(5, "visitors", "import.negative")]
    sheet.delete_rows(5)
    book.save(path)
    result = import_file(work, "hall_visits", path, user="test", accept_warnings=True)
    assert (result.rows, result.inserted) == (2, 2)
    rows = {r[0]: r for r in exported_rows(work, "hall_visits", tmp_path)}
    assert rows["2019-03-04"][:4] == ["2019-03-04", "4321", "false", ""]
    assert rows["2019-03-05"][:4] == ["2019-03-05", "4000", "true", "점검"]
