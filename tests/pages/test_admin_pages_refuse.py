"""Each admin page checks the role itself (AppTest runs the page file without the router): every
other role gets the refusal with no rows and no upload; the admin gets the filtered, paged trail."""
from __future__ import annotations

import pytest

from tests.pages.conftest import make_user
from tests.pages.helpers import run_page

OTHERS = [make_user("executive"), make_user("display"),
          *(make_user("division_head", d) for d in ("civic", "brand", "service", "newmedia", "rapid"))]


@pytest.mark.parametrize("path", ["pages/admin_audit.py", "pages/admin_import.py"])
@pytest.mark.parametrize("user", OTHERS, ids=lambda u: u.username)
def test_admin_page_refuses_other_roles(demo_app_env, path, user):
    at = run_page(path, user)
    assert not at.exception, at.exception
    assert any("이 화면을 볼 권한이 없습니다" in e.value for e in at.error)
    assert not at.dataframe
    assert not at.get("file_uploader")
    assert not at.get("download_button")
    assert [b.key for b in at.button] == ["dash_logout_refusal"]  # and a way out


def test_audit_page_filters_by_user_for_admin(demo_app_env):
    from auth import accounts
    from data_access import db

    accounts.record_event(db.get_engine(), username="audit.probe", event="user_added", detail="probe")
    at = run_page("pages/admin_audit.py", make_user("admin"))
    assert not at.exception, at.exception
    assert at.multiselect(key="audit_events").proto.placeholder == "전체 (고르면 그것만)"  # not "Choose options"
    at.text_input(key="audit_user").input("audit.probe").run()
    assert not at.exception, at.exception
    frame = at.dataframe[0].value
    assert frame.iloc[:, 1].tolist() == ["audit.probe"]
    assert any("1건 중 1–1번째" in c.value for c in at.caption)
