"""The load history page (AppTest): every load listed, the latest reverted from the page exactly; and
/data-status labelling the rows in the database apart from the rows of the last load."""
from __future__ import annotations

import html
import re

import pandas as pd
from sqlalchemy import func, select

from data_access import db
from data_access import models as m
from loading.importing import export_dataset, import_file
from tests.pages.conftest import make_user
from tests.pages.helpers import run_page

ADMIN = make_user("admin")
PAGE = "pages/admin_loads.py"


def _export(tmp_path) -> bytes:
    path = tmp_path / "visits.csv"
    export_dataset(db.get_engine(), "hall_visits", path)
    return path.read_bytes()


def test_history_lists_loads_and_the_page_reverts_the_latest(demo_app_env, tmp_path):
    """An import shows up with its file, sha256 and as-of before → after; the revert button (after the
    checkbox) restores the export byte for byte and records who reverted it."""
    before = _export(tmp_path)
    result = import_file(db.get_engine(), "hall_visits", b"day,visitors\n2016-08-09,5000\n2016-08-11,4000\n",
                         "late_days.csv", user="kim")
    at = run_page(PAGE, ADMIN)
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    row = table[table["번호"] == result.load_log_id].iloc[0]
    assert (row["파일"], row["SHA-256"], row["적재자"]) == ("late_days.csv", result.sha256, "kim")
    assert row["기준일 (전 → 후)"] == "2016. 8. 10. → 2016. 8. 11." and (row["추가"], row["변경"]) == (1, 1)
    assert row["적재 시각"].tzinfo is None and row["적재 시각"] > pd.Timestamp("2020-01-01")  # a time, shown in Seoul
    button = at.button(key="admin_loads_revert")
    assert button.disabled
    at.checkbox(key="admin_loads_confirm").check().run()
    at.button(key="admin_loads_revert").click().run()
    assert not at.exception, at.exception
    # the message names the file, so it goes out as text (ui.text.plain: "#" as "&#35;")
    assert any(f"#{result.load_log_id}" in html.unescape(s.value) and "late_days.csv" in html.unescape(s.value)
               for s in at.success)
    assert _export(tmp_path) == before
    table = at.dataframe[0].value
    reverted = table[table["번호"] == result.load_log_id].iloc[0]["되돌림 (누가 · 언제)"]
    assert re.fullmatch(r"admin · 20\d\d\. \d{1,2}\. \d{1,2}\. \d\d:\d\d", reverted), reverted


def test_history_is_admin_only(demo_app_env):
    """Another role gets a refusal, not the table."""
    at = run_page(PAGE, make_user("executive"))
    assert any("권한이 없습니다" in e.value for e in at.error) and not at.dataframe


def test_data_status_labels_database_rows_apart_from_the_last_load(demo_app_env):
    """'DB 행 수' is the complaints in the database; '마지막 적재 행 수' the rows of the last load."""
    with db.get_engine().connect() as conn:
        complaints = conn.execute(select(func.count()).select_from(m.Complaint)).scalar_one()
        last = conn.execute(select(m.LoadLog.rows).where(m.LoadLog.dataset == "complaints",
                                                         m.LoadLog.reverted_at.is_(None))
                            .order_by(m.LoadLog.id.desc()).limit(1)).scalar_one()
    at = run_page("pages/data_status.py", make_user("executive"))
    table = at.dataframe[0].value
    row = table[table["자료"] == "민원"].iloc[0]
    assert (row["DB 행 수"], row["마지막 적재 행 수"]) == (complaints, last)
