"""The admin upload page (AppTest): template, the row-by-row check, the preview with its review items,
the confirm button, and the import that runs in the background whatever the user clicks meanwhile."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import delete

from data_access import db
from data_access.models import LoadLog
from loading.importing import export_dataset
from tests.pages.conftest import make_user
from tests.pages.helpers import run_page
from ui import importing as imp

ADMIN = make_user("admin")
PAGE = "pages/admin_import.py"
DAMAGED = "day,visitors,closed\n2016-02-30,12,false\n2016-08-09,abc,false\n2016-08-08,5,maybe\n".encode()


def _upload(at, dataset: str, name: str, content: bytes):
    at.selectbox(key="admin_import_dataset").set_value(dataset).run()
    at.file_uploader(key="admin_import_file").set_value((name, content, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def _frame(at, column: str):
    """The first table on the page with this column (problems: '구분'; preview: '추가')."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


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


def test_page_refuses_other_roles(demo_app_env):
    """The page checks the role itself: an executive sees a refusal and no uploader."""
    at = run_page(PAGE, make_user("executive"))
    assert not at.exception, at.exception
    assert any("권한이 없습니다" in e.value for e in at.error) and not at.file_uploader


def test_damaged_csv_lists_problems_by_row_and_column(demo_app_env):
    """A damaged file shows each error with its row and column, says nothing is written, offers no import."""
    at = _upload(run_page(PAGE, ADMIN), "hall_visits", "bad.csv", DAMAGED)
    problems = at.dataframe[0].value
    cells = set(zip(problems["행"], problems["열"], strict=True))
    assert {(2, "day"), (3, "visitors"), (4, "closed")} <= cells
    assert set(problems["구분"]) == {"오류"}
    assert any("아무것도 기록하지 않습니다" in e.value for e in at.error)
    assert not _confirm_buttons(at)


def test_full_width_number_is_checked_not_a_crash(demo_app_env):
    """１３０,０００,０００ and 2016. 8. 9. are read; another script's digits get a message with an example."""
    at = _upload(run_page(PAGE, ADMIN), "hall_visits", "wide.csv",
                 "day,visitors\n2016. 8. 9.,\"１３０,０００,０００\"\n2016. 8. 8.,١٢\n".encode())
    problems = _frame(at, "구분")
    errors = problems[problems["구분"] == "오류"]
    assert list(zip(errors["행"], errors["열"])) == [(3, "visitors")]
    assert "130,000,000" in errors["내용"].iloc[0]


def test_valid_export_previews_and_offers_confirm(demo_app_env, tmp_path):
    """An unchanged export previews as 0 added / 0 changed and offers the confirm button (no review items)."""
    path = tmp_path / "sns_followers.csv"
    rows = export_dataset(db.get_engine(), "sns_followers", path)
    at = _upload(run_page(PAGE, ADMIN), "sns_followers", path.name, path.read_bytes())
    assert not at.error
    assert any(f"{rows:,}행" in i.value for i in at.info)
    preview = _frame(at, "추가")
    assert (preview["추가"][0], preview["변경"][0], preview["동일"][0]) == (0, 0, rows)
    assert preview["기준일 (전 → 후)"][0] == "2016-08-10 → 2016-08-10"
    assert len(_confirm_buttons(at)) == 1 and not _confirm_buttons(at)[0].disabled


def test_mistyped_date_needs_the_checkbox(demo_app_env, tmp_path):
    """closed_at 2016.12.08 is listed as '확인 필요' with row and column; confirm stays disabled until the
    checkbox is ticked. (Preview only: nothing is written.)"""
    rows = ["external_id,received_at,due_at,closed_at,channel_code,department_code"]
    rows += [f"P{i:03d},2016-08-0{1 + i % 8} 09:00,2016-08-15 09:00,2016-08-0{2 + i % 8} 10:00,call120,service_open"
             for i in range(30)]
    rows[5] = "P004,2016-08-05 09:00,2016-08-15 09:00,2016.12.08 10:00,call120,service_open"
    at = _upload(run_page(PAGE, ADMIN), "complaints", "typo.csv", "\n".join(rows).encode())
    problems = _frame(at, "구분")
    review = problems[problems["구분"] == "확인 필요"]
    assert (5 + 1, "closed_at") in set(zip(review["행"], review["열"]))
    assert any("2016-12-08" in m for m in review["내용"])
    assert _confirm_buttons(at)[0].disabled
    at.checkbox(key="admin_import_accept").check().run()
    assert not _confirm_buttons(at)[0].disabled


def test_import_runs_in_the_background_and_survives_leaving_the_page(demo_app_env, tmp_path):
    """Confirming starts the import in a server thread; a new session of the same user (after leaving the
    page) shows its state, then the outcome with its load number, until dismissed."""
    path = tmp_path / "sns_followers.csv"
    rows = export_dataset(db.get_engine(), "sns_followers", path)
    at = _upload(run_page(PAGE, ADMIN), "sns_followers", path.name, path.read_bytes())
    try:
        _confirm_buttons(at)[0].click().run()
        assert not at.exception, at.exception
        run_page("pages/data_status.py", ADMIN)  # the user goes elsewhere meanwhile
        job = imp.wait(ADMIN.username)
        assert job is not None and job.state == "done", (job and job.state, job and job.message)
        back = run_page(PAGE, ADMIN)  # a fresh session: nothing of the old one is left but the user
        done = " ".join(s.value for s in back.success)
        assert f"추가 0, 변경 0, 동일 {rows:,}" in done and f"적재 #{job.result.load_log_id}" in done
        assert "2016-08-10 → 2016-08-10" in done
        back.button(key="admin_import_dismiss").click().run()
        assert imp.current_job(ADMIN.username) is None and back.file_uploader
    finally:
        imp.dismiss(ADMIN.username)
        with db.get_engine().begin() as conn:  # leave the shared demo database as it was
            conn.execute(delete(LoadLog).where(LoadLog.loaded_by == ADMIN.username, LoadLog.source == path.name))


def test_cancelled_import_says_nothing_was_written(demo_app_env, tmp_path):
    """A job cancelled before its first chunk ends rolled back and the page says so."""
    path = tmp_path / "sns_followers.csv"
    export_dataset(db.get_engine(), "sns_followers", path)
    job = imp.Job(user=ADMIN.username, dataset="sns_followers", file_id="x", filename=path.name,
                  started=dt.datetime.now(dt.timezone.utc))
    job.cancel.set()
    imp._run(job, path.read_bytes(), False, "ko")
    assert job.state == "cancelled"
    imp._JOBS[ADMIN.username] = job
    try:
        at = run_page(PAGE, ADMIN)
        assert any("취소되어 아무것도 기록되지 않았습니다" in w.value for w in at.warning)
    finally:
        imp.dismiss(ADMIN.username)


def test_template_bytes_has_korean_headers_and_codes(demo_app_env):
    """The template download: `code (한국어)` headers, a '#' example row and '#' rows listing valid codes."""
    lines = imp.template_bytes("complaints", "csv", "ko").decode("utf-8-sig").splitlines()
    assert lines[0].startswith("external_id (민원 번호),received_at (접수일시)") and lines[1].startswith("# ")
    assert any("call120" in line for line in lines[2:])
