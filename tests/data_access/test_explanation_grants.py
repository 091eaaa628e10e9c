"""deploy/postgres_roles.sql, explanations block: the app role may INSERT and SELECT `explanation`, never
UPDATE, DELETE or TRUNCATE it (versions, not edits). PostgreSQL only; same setup as test_db_roles.py."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from data_access import explanations as ex
from data_access.scope import Scope
from tests.data_access import test_db_roles

roles = test_db_roles.roles  # the module fixture: roles applied, migrated, budget loaded, a user added
_denied = test_db_roles._denied

T0 = dt.datetime(2016, 8, 11, 1, 0, tzinfo=dt.timezone.utc)


def _save(engine) -> int:
    author = ex.Author("roles.exec", "Roles Exec", "executive", Scope.office())
    return ex.add_explanation(engine=engine, author=author, division_code="civic", subject_kind="metric",
                              subject_key="execution_rate", reason="사유", plan="대책", now=T0)


def test_app_role_saves_and_reads_explanations(roles):
    """add_explanation as the app role inserts the row and its audit event; the app reads it back."""
    new_id = _save(roles["app"])
    latest = ex.latest_explanations(engine=roles["app"], scope=Scope("civic"))
    assert new_id in set(latest["id"])


@pytest.mark.parametrize("statement", ["UPDATE explanation SET reason = 'edited'", "DELETE FROM explanation",
                                       "TRUNCATE explanation"])
def test_app_role_cannot_edit_or_delete_explanations(roles, statement):
    """UPDATE, DELETE and TRUNCATE on explanation fail with permission denied for the app role."""
    _save(roles["app"])
    _denied(roles["app"], statement)
    with roles["app"].connect() as conn:
        assert "edited" not in set(conn.execute(text("SELECT reason FROM explanation")).scalars())


@pytest.mark.parametrize("table", ["mail_subscription", "mail_delivery"])
def test_app_role_cannot_write_mail_tables(roles, table):
    """The mail tables belong to manage.py (the writer): the app role only reads them."""
    _denied(roles["app"], f"DELETE FROM {table}")
    with roles["app"].connect() as conn:
        conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
