"""The sign-in gate in a Streamlit run (AppTest on tests/auth/gate_app.py), SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jwt
import pytest
from streamlit.testing.v1 import AppTest

from auth import gate
from auth.tokens import encode_session_cookie
from config import auth as policy
from auth import accounts
from data_access.db import make_engine
from tests.auth import harness
from tests.auth.conftest import PASSWORD, STRONG_KEY, T0, demo_settings, prod_settings

APP = str(Path(__file__).with_name("gate_app.py"))
COOKIE = prod_settings().dashboard_cookie_name
MIN = dt.timedelta(minutes=1)


@pytest.fixture
def app(users, clock, browser_cookies):
    """The gate app wired to a database with one user per role, production settings, a fixed clock."""
    harness.engine, harness.settings, harness.clock, harness.lang = users, prod_settings(), clock, "en"
    yield users
    harness.engine, harness.settings = None, None


def new_session() -> AppTest:
    """A new browser page load (a new Streamlit session), run once."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def submit(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click()
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def signed_in_as(at: AppTest) -> str | None:
    for text in texts(at):
        if text.startswith("SIGNED IN AS "):
            return text.removeprefix("SIGNED IN AS ")
    return None


def shows_login_form(at: AppTest) -> bool:
    return [t.label for t in at.text_input] == ["Username", "Password"] and [b.label for b in at.button] == ["Sign in"]


def components(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.json_args) for c in at.get("component_instance")]


def cookie_written(at: AppTest) -> dict | None:
    sets = [c for c in components(at) if c.get("method") == "set" and c.get("cookie") == COOKIE]
    return sets[0] if sets else None


def issue_cookie(engine, username: str, now: dt.datetime = T0) -> str:
    result = accounts.authenticate(engine, username=username, password=PASSWORD, now=now, demo_mode=False)
    assert result.ok
    s = result.session
    return encode_session_cookie(username=s.username, session_id=s.session_id, issued_at=s.issued_at,
                                 expires_at=s.expires_at, key=STRONG_KEY)


def test_no_cookie_shows_login_form_and_no_data(app):
    """A browser without a cookie gets the library's login form and nothing of the page."""
    at = new_session()
    assert shows_login_form(at)
    assert "SECRET DATA" not in texts(at) and signed_in_as(at) is None
    assert at.session_state["authentication_status"] is None
    assert components(at) == []  # the CookieManager is created only to write or delete the cookie


def test_correct_password_signs_in_and_writes_session_cookie(app):
    """The right password signs in, removes the form, and writes our signed cookie with the role's lifetime."""
    at = submit(new_session(), "lee.civic", PASSWORD)
    assert signed_in_as(at) == "lee.civic (division_head) scope=civic" and "SECRET DATA" in texts(at)
    assert not at.text_input
    written = cookie_written(at)
    claims = jwt.decode(written["value"], STRONG_KEY, algorithms=["HS256"], options={"verify_exp": False})
    assert claims["sub"] == "lee.civic" and claims["sid"]
    assert written["options"]["expires"] == (T0 + dt.timedelta(days=1)).isoformat()
    assert written["options"]["sameSite"] == "strict"
    assert at.session_state["authentication_status"] is True and at.session_state["roles"] == ["division_head"]


def test_cookie_write_is_repeated_until_the_browser_confirms_it(app):
    """After sign-in the cookie write is rendered on each run until its component reports success, then never."""
    at = submit(new_session(), "kim.exec", PASSWORD)
    first = cookie_written(at)
    at.run()
    assert cookie_written(at) == first  # a rerun before the browser ran it does not lose the cookie
    at.session_state[gate.COOKIE_SET_KEY] = True  # what the component sends once the cookie is stored
    at.run()
    assert components(at) == [] and signed_in_as(at) is not None
    at.run()
    assert components(at) == []


def test_signed_in_browser_is_restored_without_the_library(app, browser_cookies, monkeypatch):
    """A valid cookie signs in on the first run: no form, no component (round trip), no library call or sleep."""
    browser_cookies[COOKIE] = issue_cookie(app, "park.wall")

    def refuse():
        raise AssertionError("the login path (streamlit-authenticator) must not run")

    monkeypatch.setattr(gate, "_library", refuse)
    at = new_session()
    assert signed_in_as(at) == "park.wall (display) scope=office"
    assert not at.text_input and components(at) == []
    assert at.session_state["authentication_status"] is True and at.session_state["username"] == "park.wall"


def test_unknown_user_and_wrong_password_show_the_same_message_after_bcrypt(app, monkeypatch):
    """Unknown username and wrong password: the identical single message, each after one bcrypt check."""
    hasher = accounts._hasher()
    checks: list[str] = []
    original = hasher.check_pw.__func__
    monkeypatch.setattr(hasher, "check_pw",
                        classmethod(lambda cls, pw, hashed: checks.append(hashed) or original(cls, pw, hashed)))
    unknown = submit(new_session(), "no.such.user", "whatever-password")
    wrong = submit(new_session(), "kim.exec", "whatever-password")
    assert [e.value for e in unknown.error] == [e.value for e in wrong.error] == [
        "The username or password is incorrect."]
    assert len(checks) == 2 and checks[0] == accounts.DUMMY_HASH and checks[1] != accounts.DUMMY_HASH
    assert shows_login_form(unknown) and shows_login_form(wrong) and "SECRET DATA" not in texts(wrong)


def test_lockout_after_five_failures_holds_across_sessions_and_lifts_after_15_minutes(app, clock):
    """Five failures lock the username (also in a new session, right password refused) until 15 minutes pass."""
    at = new_session()
    for _ in range(4):
        submit(at, "kim.exec", "not-the-password")
        assert [e.value for e in at.error] == ["The username or password is incorrect."]
        clock.advance(minutes=1)
    submit(at, "kim.exec", "not-the-password")
    assert [e.value for e in at.error] == ["Too many sign-in attempts: locked for now. Try again in 15 minutes."]
    locked_at = clock.now
    clock.advance(minutes=10)
    other = submit(new_session(), "kim.exec", PASSWORD)
    assert signed_in_as(other) is None
    assert [e.value for e in other.error] == ["Too many sign-in attempts: locked for now. Try again in 5 minutes."]
    clock.now = locked_at + policy.LOCKOUT_DURATION
    assert signed_in_as(submit(new_session(), "kim.exec", PASSWORD)) == "kim.exec (executive) scope=office"


def test_logout_revokes_the_cookie_and_deletes_it_in_the_browser(app, browser_cookies, clock):
    """Sign out: back to the form, a cookie delete is sent, and the old cookie no longer signs in."""
    at = submit(new_session(), "kim.exec", PASSWORD)
    token = cookie_written(at)["value"]
    clock.advance(minutes=1)
    at.button(key="dash_logout").click()
    at.run()
    assert shows_login_form(at) and "SECRET DATA" not in texts(at)
    assert any(c.get("method") == "delete" and c.get("cookie") == COOKIE for c in components(at))
    assert at.session_state["authentication_status"] is None
    browser_cookies[COOKIE] = token
    clock.advance(minutes=1)
    assert shows_login_form(new_session())
    assert accounts.audit_events(app, 1)["event"].tolist() == ["logout"]


def test_logout_during_an_outage_signs_out_and_revokes_once_the_database_is_back(app, browser_cookies, clock):
    """Sign out while the database is down: signed out at once, cookie deleted, revocation recorded later."""
    at = submit(new_session(), "kim.exec", PASSWORD)
    token = cookie_written(at)["value"]
    broken = make_engine("postgresql+psycopg2://postgres@127.0.0.1:1/nothing")
    harness.engine = broken
    try:
        at.button(key="dash_logout").click()
        at.run()
        assert "AUTH UNAVAILABLE" in [w.value for w in at.warning] and "SECRET DATA" not in texts(at)
        assert any(c.get("method") == "delete" and c.get("cookie") == COOKIE for c in components(at))
    finally:
        broken.dispose()
    harness.engine = app
    clock.advance(minutes=1)
    at.run()
    assert shows_login_form(at)
    assert accounts.audit_events(app, 1)["event"].tolist() == ["logout"]
    browser_cookies[COOKIE] = token
    assert shows_login_form(new_session())


@pytest.mark.parametrize("action", ["disable", "reset", "revoke"])
def test_cookie_issued_before_disable_reset_or_revoke_is_refused(app, browser_cookies, clock, action):
    """A cookie that worked is refused on the next page load after disable, password reset or revoke-all."""
    browser_cookies[COOKIE] = issue_cookie(app, "kim.exec")
    assert signed_in_as(new_session()) is not None
    clock.advance(minutes=1)
    if action == "disable":
        accounts.disable_user(app, username="kim.exec", now=clock.now)
    elif action == "reset":
        accounts.reset_password(app, username="kim.exec", password="a-brand-new-one", demo_mode=False, now=clock.now)
    else:
        accounts.revoke_user_sessions(app, username="kim.exec", now=clock.now)
    clock.advance(minutes=1)
    assert shows_login_form(new_session())


def test_open_session_ends_when_revoked_elsewhere(app, clock):
    """An open session re-checks the database every REVALIDATE_SECONDS and ends after a disable."""
    at = submit(new_session(), "kim.exec", PASSWORD)
    accounts.disable_user(app, username="kim.exec", now=clock.now + dt.timedelta(seconds=1))
    clock.advance(seconds=policy.REVALIDATE_SECONDS - 10)
    at.run()
    assert signed_in_as(at) is not None  # within the re-check interval
    clock.advance(seconds=20)
    at.run()
    assert shows_login_form(at) and "SECRET DATA" not in texts(at)


@pytest.mark.parametrize("username, lifetime", [("park.wall", dt.timedelta(days=30)),
                                                ("kim.exec", dt.timedelta(days=1))])
def test_cookie_lifetime_by_role_in_the_app(app, browser_cookies, clock, username, lifetime):
    """A display stays signed in for 30 days, an executive for 1 day, then gets the form."""
    browser_cookies[COOKIE] = issue_cookie(app, username)
    clock.now = T0 + lifetime - MIN
    assert signed_in_as(new_session()) is not None
    clock.now = T0 + lifetime
    assert shows_login_form(new_session())


def test_weak_cookie_key_stops_the_app_outside_demo_mode(app, monkeypatch):
    """Outside demo mode a short cookie key raises CookieKeyError before anything is shown."""
    monkeypatch.setattr("auth.tokens._secrets_cookie_key", lambda: None)
    harness.settings = prod_settings(DASHBOARD_COOKIE_KEY="short-key")
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert [e.value for e in at.error][0].startswith("COOKIE KEY: the cookie key is only 9 bytes long")
    assert not at.text_input and "SECRET DATA" not in texts(at)


def test_cookie_key_from_streamlit_secrets_in_the_app(app):
    """With no DASHBOARD_COOKIE_KEY, st.secrets['cookie_key'] signs the cookie."""
    harness.settings = prod_settings(DASHBOARD_COOKIE_KEY=None)
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets["cookie_key"] = "s" * 48
    at.run()
    submit(at, "kim.exec", PASSWORD)
    jwt.decode(cookie_written(at)["value"], "s" * 48, algorithms=["HS256"], options={"verify_exp": False})


def test_demo_accounts_work_only_in_demo_mode(app):
    """A demo account signs in in demo mode, and gets the ordinary failure message outside it."""
    accounts.ensure_demo_accounts(app, demo_mode=True, now=T0 - MIN)
    refused = submit(new_session(), "exec", policy.DEMO_PASSWORD)
    assert signed_in_as(refused) is None and [e.value for e in refused.error] == [
        "The username or password is incorrect."]
    harness.settings = demo_settings(DASHBOARD_COOKIE_KEY=None)
    assert signed_in_as(submit(new_session(), "exec", policy.DEMO_PASSWORD)) == "exec (executive) scope=office"


def test_database_outage_raises_auth_unavailable(app, browser_cookies):
    """An unreachable user database surfaces as AuthUnavailable (the app shows a warning, no traceback)."""
    browser_cookies[COOKIE] = issue_cookie(app, "kim.exec")
    harness.engine = make_engine("postgresql+psycopg2://postgres@127.0.0.1:1/nothing")
    try:
        at = new_session()
        assert "AUTH UNAVAILABLE" in [w.value for w in at.warning] and "SECRET DATA" not in texts(at)
        browser_cookies.clear()
        at = submit(new_session(), "kim.exec", PASSWORD)
        assert "AUTH UNAVAILABLE" in [w.value for w in at.warning] and "SECRET DATA" not in texts(at)
    finally:
        harness.engine.dispose()


def test_scope_and_page_access_follow_the_role(app):
    """A division head sees their division's scope and not the wall; an executive may open the wall."""
    civic = submit(new_session(), "lee.civic", PASSWORD)
    assert "scope=civic" in signed_in_as(civic) and "wall allowed: False" in texts(civic)
    executive = submit(new_session(), "kim.exec", PASSWORD)
    assert "scope=office" in signed_in_as(executive) and "wall allowed: True" in texts(executive)


def test_gate_authenticate_has_the_attributes_of_the_library_authenticate():
    """GateAuthenticate sets every attribute Authenticate.__init__ sets (guards a library upgrade)."""
    at = AppTest.from_string(
        "import streamlit as st\n"
        "import streamlit_authenticator as stauth\n"
        "from auth import gate\n"
        "real = stauth.Authenticate({'usernames': {}}, 'c', 'k' * 40, 1.0)\n"
        "ours = gate._library()(None, cookie_name='c', cookie_key='k' * 40, now_fn=None, demo_mode=True)\n"
        "st.session_state['real'] = sorted(vars(real))\n"
        "st.session_state['ours'] = sorted(vars(ours))\n"
        "st.session_state['cookie'] = sorted(vars(real.cookie_controller.cookie_model))\n"
        "st.session_state['our_cookie'] = sorted(vars(ours.cookie_controller.cookie_model))\n",
        default_timeout=30)
    at.run()
    assert not at.exception
    assert at.session_state["ours"] == at.session_state["real"]
    assert set(at.session_state["cookie"]) - {"cookie_manager"} <= set(at.session_state["our_cookie"])


def test_current_scope_without_sign_in_raises():
    """current_scope() refuses when nobody is signed in."""
    at = AppTest.from_string(
        "import streamlit as st\nfrom auth.gate import current_scope, NotSignedIn\n"
        "try:\n    current_scope()\nexcept NotSignedIn:\n    st.markdown('NOT SIGNED IN')\n")
    at.run()
    assert [m.value for m in at.markdown] == ["NOT SIGNED IN"]


def test_korean_labels(app):
    """lang='ko' gives the Korean form labels (from config/i18n.py)."""
    harness.lang = "ko"
    at = new_session()
    assert [t.label for t in at.text_input] == ["아이디", "비밀번호"] and [b.label for b in at.button] == ["로그인"]
    submit(at, "nobody", "wrong-password")
    assert [e.value for e in at.error] == ["아이디 또는 비밀번호가 올바르지 않습니다."]


def test_custom_labels_override(app):
    """`labels` overrides single texts."""
    harness.lang = "en"
    at = AppTest.from_string(
        "from auth.gate import require_user\nfrom tests.auth import harness\n"
        "require_user(harness.engine, lang='en', labels={'username': 'ID'}, settings=harness.settings,"
        " clock=harness.clock)\n", default_timeout=30)
    at.run()
    assert [t.label for t in at.text_input] == ["ID", "Password"]
