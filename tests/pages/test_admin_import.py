"""The admin upload page (AppTest): template, the row-by-row check, the confirm button and the import."""
from __future__ import annotations

from sqlalchemy import delete

from data_access import db
from loading.importing import export_dataset
from data_access.models import LoadLog
from tests.pages.conftest import make_user
from tests.pages.helpers import run_page

ADMIN = make_user("admin")
PAGE = "pages/admin_import.py"
DAMAGED = "day,visitors,closed\n2016-02-30,12,false\n2016-08-09,abc,false\n2016-08-08,5,maybe\n".encode()


def _upload(at, dataset: str, name: str, content: bytes):
    at.selectbox(key="admin_import_dataset").set_value(dataset).run()
    at.file_uploader(key="admin_import_file").set_value((name, content, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def _confirm_buttons(at) -> list:
    return [b for b in at.button if b.key == "admin_import_confirm"]


def test_page_renders_for_admin(demo_app_env):
    """The page runs for an admin, offering the datasets, both templates and the uploader."""
    at = run_page(PAGE, ADMIN)
    assert not at.exception, at.exception
    assert at.title[0].value == "데이터 가져오기"
    assert "시민청 방문" in at.selectbox(key="admin_import_dataset").options
    assert len(at.get("download_button")) == 2  # CSV and Excel templates
    assert len(at.file_uploader) == 1
    assert not _confirm_buttons(at)


def test_damaged_csv_lists_problems_by_row_and_column(demo_app_env):
    """A damaged file shows each error with its row and column, says nothing is written, offers no import."""
    at = _upload(run_page(PAGE, ADMIN), "hall_visits", "bad.csv", DAMAGED)
    problems = at.dataframe[0].value
    cells = set(zip(problems["행"], problems["열"], strict=True))
    assert {(2, "day"), (3, "visitors"), (4, "closed")} <= cells
    assert set(problems["구분"]) == {"오류"}
    assert any("아무것도 기록하지 않습니다" in e.value for e in at.error)
    assert not _confirm_buttons(at)


def test_valid_export_offers_confirm(demo_app_env, tmp_path):
    """An export of the demo's dataset checks clean and offers the confirm button."""
    path = tmp_path / "sns_followers.csv"
    rows = export_dataset(db.get_engine(), "sns_followers", path)
    at = _upload(run_page(PAGE, ADMIN), "sns_followers", path.name, path.read_bytes())
    assert not at.error
    assert any(f"{rows:,}행" in i.value for i in at.info)
    assert len(_confirm_buttons(at)) == 1


def test_confirmed_import_of_unchanged_export_reports_counts(demo_app_env, tmp_path):
    """Importing an export changes no row and reports 0 inserted / 0 updated; the load-log row is removed again."""
    path = tmp_path / "sns_followers.csv"
    rows = export_dataset(db.get_engine(), "sns_followers", path)
    at = _upload(run_page(PAGE, ADMIN), "sns_followers", path.name, path.read_bytes())
    try:
        _confirm_buttons(at)[0].click().run()
        assert not at.exception, at.exception
        done = " ".join(s.value for s in at.success)
        assert f"추가 0, 변경 0, 동일 {rows:,}" in done
        assert "기준일 2016-08-10" in done
        assert not _confirm_buttons(at)
    finally:
        with db.get_engine().begin() as conn:  # leave the shared demo database as it was
            conn.execute(delete(LoadLog).where(LoadLog.loaded_by == ADMIN.username,
                                               LoadLog.source == path.name))


def test_interrupted_import_reports_nothing_written(demo_app_env):
    """A job still in flight at the next run (stopped by a cancel click) is reported as cancelled when no load committed."""
    import datetime as dt

    at = run_page(PAGE, ADMIN)
    job = {"dataset": "sns_followers", "file_id": "x", "filename": "f.csv", "sha256": "0" * 64,
           "user": ADMIN.username, "started": dt.datetime.now(dt.timezone.utc)}
    at.session_state["admin_import.in_flight"] = job
    at.session_state["admin_import.job"] = job
    at.session_state["admin_import.cancel_requested"] = True
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["admin_import.outcome"]["kind"] == "cancelled"
    assert "admin_import.job" not in at.session_state


def test_template_bytes_is_the_library_template():
    """The template download is write_template's file: the header row, then one '#' example row."""
    from ui.importing import template_bytes

    lines = template_bytes("hall_visits", "csv", "ko").decode("utf-8-sig").splitlines()
    assert lines[0].startswith("day,visitors") and lines[1].startswith("# ")
