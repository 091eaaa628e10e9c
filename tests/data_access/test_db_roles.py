"""deploy/postgres_roles.sql: the app role reads the reporting tables and writes only its sign-in tables.

PostgreSQL only (roles are a PostgreSQL feature); like tests/conftest.py, a missing PostgreSQL or
psql skips locally and fails in CI. The roles get names unique to this run (roles are
cluster-wide) and are dropped at the end together with the test database.
"""
from __future__ import annotations

import os
import secrets
import shutil
import subprocess

import psycopg2
import pytest
from psycopg2 import sql as pgsql
from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from auth import accounts
from data_access import migrate
from data_access.db import make_engine
from data_access.models import AuditEvent, Base, BudgetSnapshot, LoginFailure
from tests import pg
from tests.conftest import ROOT

SQL_FILE = ROOT / "deploy" / "postgres_roles.sql"
SIGN_IN_TABLES = {"app_user", "auth_session", "login_failure", "audit_event"}
REPORTING_TABLES = sorted(t.name for t in Base.metadata.sorted_tables if t.name not in SIGN_IN_TABLES)
PASSWORD = "roles-test-password-9f3k2"
PERMISSION_DENIED = "42501"


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _psql_apply(database: str, app_role: str, admin_role: str) -> subprocess.CompletedProcess:
    """Apply the SQL file as documented in README.md (psql, ON_ERROR_STOP, roles and passwords as variables)."""
    dsn = f"{pg.ADMIN_DSN} dbname={database}".replace("dbname=postgres ", "")
    return subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", f"app_role={app_role}", "-v", f"admin_role={admin_role}",
         "-v", f"app_password={secrets.token_hex(8)}", "-v", f"admin_password={secrets.token_hex(8)}",
         "-d", dsn, "-f", str(SQL_FILE)],
        capture_output=True, text=True, check=True)


def _drop_roles(*roles: str) -> None:
    conn = psycopg2.connect(pg.ADMIN_DSN)
    conn.autocommit = True
    with conn.cursor() as cur:
        for role in roles:
            cur.execute(pgsql.SQL("DROP ROLE IF EXISTS {}").format(pgsql.Identifier(role)))
    conn.close()


@pytest.fixture(scope="module")
def roles():
    """A fresh database set up as documented: roles, migrate + demo (budget) + a user as the writer, roles again."""
    if shutil.which("psql") is None:
        _unavailable("psql is not installed")
    url = pg.fresh_database("dash_test_roles")
    if url is None:
        _unavailable("PostgreSQL is not reachable on 127.0.0.1:5432 and could not be started")
    suffix = f"{os.getpid()}_{secrets.token_hex(3)}"
    app_role, admin_role = f"dash_app_t{suffix}", f"dash_admin_t{suffix}"
    database = make_url(url).database
    engines = []
    try:
        first = _psql_apply(database, app_role, admin_role)
        as_role = lambda role: make_url(url).set(username=role).render_as_string(hide_password=False)  # noqa: E731
        writer = make_engine(as_role(admin_role))
        app = make_engine(as_role(app_role))
        engines += [writer, app]
        migrate.upgrade(writer)
        from loading.demo import load_demo

        load_demo(writer, only=["budget"])
        accounts.add_user(writer, username="roles.exec", name="Roles Exec", password=PASSWORD, role="executive",
                          demo_mode=False)
        _psql_apply(database, app_role, admin_role)
        yield {"app": app, "writer": writer, "app_role": app_role, "admin_role": admin_role,
               "first_run_notices": first.stderr}
    finally:
        for engine in engines:
            engine.dispose()
        pg.drop_database(database)
        _drop_roles(app_role, admin_role)


def _denied(engine, statement: str) -> None:
    with pytest.raises(ProgrammingError) as raised:
        with engine.begin() as conn:
            conn.execute(text(statement))
    assert raised.value.orig.pgcode == PERMISSION_DENIED, raised.value


def test_first_run_before_migration_says_to_apply_again(roles):
    """Applied to an empty database, the file notes that the sign-in grants need a second run."""
    assert "apply this file again after manage.py init-db" in roles["first_run_notices"]


def test_writer_owns_every_table(roles):
    """The writer role (manage.py) owns every table, so it can migrate and load data."""
    with roles["writer"].connect() as conn:
        owners = dict(conn.execute(text("SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public'")).all())
    assert set(owners) >= set(REPORTING_TABLES) | SIGN_IN_TABLES
    assert set(owners.values()) == {roles["admin_role"]}


def test_app_role_reads_every_reporting_table(roles):
    """SELECT works on every reporting table as the app role, and sees the writer's demo data."""
    with roles["app"].connect() as conn:
        for table in REPORTING_TABLES:
            conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
        assert conn.execute(select(func.count()).select_from(BudgetSnapshot)).scalar_one() > 0


@pytest.mark.parametrize("table", ["complaint", "budget_snapshot", "load_log"])
@pytest.mark.parametrize("statement", ['INSERT INTO "{t}" DEFAULT VALUES', 'UPDATE "{t}" SET id = id',
                                       'DELETE FROM "{t}"'])
def test_app_role_cannot_write_reporting_tables(roles, table, statement):
    """INSERT/UPDATE/DELETE on a reporting table fails with permission denied for the app role."""
    _denied(roles["app"], statement.format(t=table))


APP_WRITES = {  # table -> privileges the app role holds beyond SELECT (deploy/postgres_roles.sql, section 4)
    "auth_session": {"INSERT", "DELETE", "UPDATE (revoked_at)"},
    "login_failure": {"INSERT", "DELETE"},
    "audit_event": {"INSERT"},
    "explanation": {"INSERT"},  # versions, never edits (tests/data_access/test_explanation_grants.py)
}


def test_app_role_writes_exactly_what_the_app_does(roles):
    """Of all tables, the app role may only: open/revoke/drop sessions, record/clear failures, append audit
    events. app_user is read-only (user administration is manage.py's), audit_event insert-only."""
    with roles["app"].connect() as conn:
        found: dict[str, set[str]] = {}
        for table, privilege in conn.execute(text(
                "SELECT c.relname, p.privilege FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " CROSS JOIN (VALUES ('INSERT'), ('UPDATE'), ('DELETE'), ('TRUNCATE')) AS p(privilege)"
                " WHERE n.nspname = 'public' AND c.relkind = 'r' AND has_table_privilege(c.oid, p.privilege)")):
            found.setdefault(table, set()).add(privilege)
        for table, column in conn.execute(text(
                "SELECT c.relname, a.attname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                " WHERE n.nspname = 'public' AND c.relkind = 'r'"
                " AND NOT has_table_privilege(c.oid, 'UPDATE') AND has_column_privilege(c.oid, a.attnum, 'UPDATE')")):
            found.setdefault(table, set()).add(f"UPDATE ({column})")
    assert found == APP_WRITES


@pytest.mark.parametrize("statement", [
    "INSERT INTO app_user (username, display_name, email, password_hash, role, disabled, created_at)"
    " VALUES ('intruder', 'x', '', 'x', 'admin', false, now())",
    "UPDATE app_user SET role = 'admin'",
    "UPDATE app_user SET password_hash = 'x'",
    "UPDATE app_user SET disabled = false",
    "DELETE FROM app_user",
    "UPDATE audit_event SET detail = 'edited'",
    "DELETE FROM audit_event",
    "TRUNCATE audit_event",
    "UPDATE auth_session SET expires_at = now() + interval '10 years'",
    "UPDATE auth_session SET username = 'admin'",
    "UPDATE login_failure SET attempted_at = now() - interval '1 day'",
])
def test_app_role_cannot_make_admins_or_edit_the_audit_trail(roles, statement):
    """What a compromised app would try: create or promote users, edit or erase the audit trail, stretch
    or steal a session, age its own failures away. Each fails with permission denied."""
    _denied(roles["app"], statement)


def test_app_role_revokes_a_session(roles):
    """Signing in, then revoking that session (UPDATE revoked_at only) works as the app role."""
    app = roles["app"]
    result = accounts.authenticate(app, username="roles.exec", password=PASSWORD, demo_mode=False)
    assert accounts.revoke_session(app, session_id=result.session.session_id)
    assert accounts.session_user(app, username="roles.exec", session_id=result.session.session_id,
                                 demo_mode=False) is None


def test_app_role_inserts_audit_event_and_login_failure(roles):
    """The app role can insert into audit_event and login_failure (their id sequences included)."""
    now = accounts._now(None)
    with roles["app"].begin() as conn:
        audit_id = conn.execute(insert(AuditEvent).values(occurred_at=now, username="roles.t", event="test",
                                                          detail="").returning(AuditEvent.id)).scalar_one()
        failure_id = conn.execute(insert(LoginFailure).values(username="roles.t", attempted_at=now)
                                  .returning(LoginFailure.id)).scalar_one()
    assert audit_id > 0 and failure_id > 0


def test_authenticate_as_app_role(roles):
    """accounts.authenticate opens a session as the app role; session_user and logout work as well."""
    app = roles["app"]
    result = accounts.authenticate(app, username="roles.exec", password=PASSWORD, demo_mode=False)
    assert result.ok
    assert accounts.session_user(app, username="roles.exec", session_id=result.session.session_id,
                                 demo_mode=False) is not None
    accounts.logout(app, username="roles.exec", session_id=result.session.session_id)


def test_failed_sign_in_as_app_role_is_recorded(roles):
    """A wrong password as the app role records a login_failure row and a login_failed audit event."""
    app = roles["app"]
    assert accounts.authenticate(app, username="roles.nobody", password="wrong-password-123",
                                 demo_mode=False).status == "failed"
    with app.connect() as conn:
        assert conn.execute(select(func.count()).select_from(LoginFailure)
                            .where(LoginFailure.username == "roles.nobody")).scalar_one() == 1
    events = accounts.audit_events(app, username="roles.nobody")
    assert list(events["event"]) == ["login_failed"]


def test_record_event_as_app_role(roles):
    """accounts.record_event appends an audit event as the app role."""
    accounts.record_event(roles["app"], username="roles.exec", event="roles_test", detail="from the app role")
    assert "roles_test" in set(accounts.audit_events(roles["app"], username="roles.exec")["event"])


def test_app_role_cannot_create_table(roles):
    """CREATE TABLE fails with permission denied for the app role."""
    _denied(roles["app"], "CREATE TABLE roles_probe (id integer)")


def test_app_role_cannot_migrate(roles):
    """Running migrations as the app role fails: the app cannot change the schema."""
    with pytest.raises(ProgrammingError) as raised:
        migrate.downgrade(roles["app"], "base")
    assert raised.value.orig.pgcode == PERMISSION_DENIED


def test_later_writer_tables_are_readable_not_writable_by_app(roles):
    """A table the writer creates after setup is SELECT-able by the app role (default privileges), not writable."""
    with roles["writer"].begin() as conn:
        conn.execute(text("CREATE TABLE later_report (id integer PRIMARY KEY)"))
        conn.execute(text("INSERT INTO later_report VALUES (1)"))
    with roles["app"].connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM later_report")).scalar_one() == 1
    _denied(roles["app"], "INSERT INTO later_report VALUES (2)")


def test_admin_upload_page_imports_as_the_writer(roles, tmp_path, monkeypatch):
    """The admin upload page on the production roles: the app runs as dash_app, the import writes through
    DASHBOARD_ADMIN_DATABASE_URL (the writer); the app role itself still cannot write the table."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from config import settings as settings_module
    from data_access import db
    from loading.demo import load_demo
    from loading.importing import export_dataset
    from tests.pages.conftest import make_user
    from ui import importing as imp

    load_demo(roles["writer"], only=["sns_followers"])
    path = tmp_path / "sns_followers.csv"
    rows = export_dataset(roles["writer"], "sns_followers", path)
    url = lambda engine: engine.url.render_as_string(hide_password=False)  # noqa: E731
    monkeypatch.setenv("DATABASE_URL", url(roles["app"]))
    monkeypatch.setenv("DASHBOARD_ADMIN_DATABASE_URL", url(roles["writer"]))
    monkeypatch.setenv("DASHBOARD_DEMO", "0")
    monkeypatch.setenv("DASHBOARD_COOKIE_KEY", "roles-test-cookie-key-" + "x" * 32)
    for cache in (settings_module.get_settings, db.get_engine, db._engine_for):
        cache.cache_clear()
    st.cache_data.clear()
    try:
        at = AppTest.from_file(str(ROOT / "pages/admin_import.py"), default_timeout=120)
        at.session_state["current_user"] = make_user("admin")
        at.run()
        at.selectbox(key="admin_import_dataset").set_value("sns_followers").run()
        at.file_uploader(key="admin_import_file").set_value((path.name, path.read_bytes(), "text/csv")).run()
        assert not at.exception, at.exception
        assert not at.warning, [w.value for w in at.warning]  # the preview ran as the writer too
        next(b for b in at.button if b.key == "admin_import_confirm").click().run()
        assert not at.exception, at.exception
        job = imp.wait("admin")  # the import runs in a server thread (ui/importing.py)
        assert job is not None and job.state == "done", (job and job.state, job and job.message)
        assert f"추가 0, 변경 0, 동일 {rows:,}" in " ".join(s.value for s in at.run().success)
        with roles["writer"].connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM load_log WHERE source = :s"),
                                {"s": path.name}).scalar_one() == 1
        _denied(roles["app"], "DELETE FROM sns_snapshot")
    finally:
        imp.dismiss("admin")
        for cache in (settings_module.get_settings, db.get_engine, db._engine_for):
            cache.cache_clear()
        st.cache_data.clear()
