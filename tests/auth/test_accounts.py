"""Users, lockout, sessions, cookies and audit in the database (SQLite and PostgreSQL), no Streamlit run."""
from __future__ import annotations

import datetime as dt

import jwt
import pandas as pd
import pytest

from auth.tokens import (
    CookieKeyError,
    decode_session_cookie,
    encode_session_cookie,
    validate_cookie_key,
    verify_session_cookie,
)
from config import auth as policy
from config.settings import DEMO_COOKIE_KEY, PLACEHOLDER_KEYS
from auth import accounts
from loading.demo.org import DIVISIONS
from tests.auth.conftest import PASSWORD, STRONG_KEY, T0, demo_settings, prod_settings

MIN = dt.timedelta(minutes=1)


def _fail(engine, username="kim.exec", now=T0, password="wrong-password!"):
    return accounts.authenticate(engine, username=username, password=password, now=now, demo_mode=False)


def _login(engine, username="kim.exec", now=T0):
    result = accounts.authenticate(engine, username=username, password=PASSWORD, now=now, demo_mode=False)
    assert result.ok, result
    return result


def _cookie(result, key=STRONG_KEY):
    s = result.session
    return encode_session_cookie(username=s.username, session_id=s.session_id, issued_at=s.issued_at,
                                 expires_at=s.expires_at, key=key)


def _verify(engine, token, now, *, demo_mode=False, key=STRONG_KEY):
    return verify_session_cookie(engine, token, key=key, now=now, demo_mode=demo_mode)


# --- users ----------------------------------------------------------------------------------


def test_add_user_stores_bcrypt_hash_and_lists_user(users):
    """add_user stores a bcrypt hash (never the password) and list_users shows role and division."""
    from streamlit_authenticator.utilities.hasher import Hasher

    frame = accounts.list_users(users, now=T0)
    assert list(frame.columns) == accounts.LIST_USER_COLUMNS
    row = frame.set_index("username").loc["lee.civic"]
    assert (row["role"], row["division_code"], bool(row["disabled"])) == ("division_head", "civic", False)
    with users.connect() as conn:
        from sqlalchemy import select

        from data_access.models import AppUser

        stored = conn.execute(select(AppUser.password_hash).where(AppUser.username == "lee.civic")).scalar_one()
    assert stored != PASSWORD and Hasher.is_hash(stored) and Hasher.check_pw(PASSWORD, stored)


def test_library_hasher_and_accounts_accept_each_others_hashes():
    """auth.accounts hashes with bcrypt directly (no Streamlit import): streamlit-authenticator's
    Hasher must still accept its hashes, and it must accept the Hasher's (cost 12 both ways)."""
    from streamlit_authenticator.utilities.hasher import Hasher

    ours = accounts.hash_password(PASSWORD)
    assert ours.startswith("$2b$12$") and Hasher.check_pw(PASSWORD, ours)
    theirs = Hasher.hash(PASSWORD)
    assert accounts._check_password(PASSWORD, theirs) and not accounts._check_password(PASSWORD + "x", theirs)


def test_list_users_counts_open_sessions_and_last_login(users):
    """list_users reports open (unrevoked, unexpired) sessions and the last login time."""
    _login(users, now=T0)
    _login(users, now=T0 + MIN)
    row = accounts.list_users(users, now=T0 + 2 * MIN).set_index("username").loc["kim.exec"]
    assert row["open_sessions"] == 2
    assert row["last_login_at"] == T0 + MIN


@pytest.mark.parametrize("kwargs, message", [
    ({"role": "boss"}, "unknown role"),
    ({"role": "division_head"}, "division code"),
    ({"role": "executive", "division_code": "civic"}, "takes no division"),
    ({"password": "short"}, "at least"),
    ({"password": " padded-password "}, "blanks"),
    ({"password": policy.DEMO_PASSWORD}, "demo password"),
    ({"username": "x"}, "username must be"),
    ({"username": "wall"}, "reserved"),
    ({"username": "kim.exec"}, "already exists"),
])
def test_add_user_refuses_invalid_input(users, kwargs, message):
    """add_user refuses bad roles, weak passwords, reserved demo names and duplicates with a clear error."""
    args = {"username": "new.user", "name": "New", "password": PASSWORD, "role": "executive",
            "division_code": None, "demo_mode": False, "now": T0} | kwargs
    with pytest.raises(accounts.AccountError, match=message):
        accounts.add_user(users, **args)


def test_username_is_case_insensitive(users):
    """Usernames are stored and matched trimmed and in lower case."""
    assert accounts.authenticate(users, username="  KIM.Exec ", password=PASSWORD, now=T0,
                                 demo_mode=False).ok


# --- sign-in and lockout --------------------------------------------------------------------


def test_unknown_user_and_wrong_password_answer_alike_with_one_bcrypt_each(users, monkeypatch):
    """An unknown username and a wrong password both cost exactly one bcrypt check and return 'failed'."""
    accounts.add_user(users, username="real.cost", name="Real", password=PASSWORD, role="executive",
                      demo_mode=False, now=T0 - MIN)  # the Hasher's real cost (12)
    hasher = accounts._hasher()
    calls: list[str] = []
    original = hasher.check_pw.__func__

    def spy(cls, password, hashed):
        calls.append(hashed)
        return original(cls, password, hashed)

    monkeypatch.setattr(hasher, "check_pw", classmethod(spy))
    unknown = _fail(users, username="nobody.here")
    wrong = _fail(users, username="real.cost")
    assert unknown == wrong == accounts.LoginResult("failed")
    assert len(calls) == 2 and calls[0] == accounts.DUMMY_HASH and calls[1] != accounts.DUMMY_HASH
    # the dummy hash costs what a real one costs
    assert calls[0].split("$")[2] == calls[1].split("$")[2] == "12"


def test_five_failures_lock_for_fifteen_minutes_then_unlock(users):
    """Five failures within 15 minutes lock the username, even for the right password, for 15 minutes."""
    statuses = [_fail(users, now=T0 + i * MIN).status for i in range(5)]
    assert statuses == ["failed"] * 4 + ["locked"]
    locked_at = T0 + 4 * MIN
    refused = accounts.authenticate(users, username="kim.exec", password=PASSWORD,
                                    now=locked_at + 14 * MIN, demo_mode=False)
    assert refused.status == "locked" and refused.locked_until == locked_at + policy.LOCKOUT_DURATION
    assert accounts.minutes_left(refused.locked_until, locked_at + 14 * MIN) == 1
    assert _login(users, now=locked_at + 15 * MIN).ok


def test_lock_holds_across_processes_because_it_is_in_the_database(users):
    """The lock is read from login_failure rows: a fresh engine (another process) sees it too."""
    from data_access.db import make_engine

    for i in range(5):
        _fail(users, now=T0 + i * MIN)
    other = make_engine(users.url.render_as_string(hide_password=False))
    try:
        status = accounts.lock_status(other, username="KIM.EXEC", now=T0 + 10 * MIN)
    finally:
        other.dispose()
    assert status.locked and status.recent_failures == 5


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(users):
    """Five failures spanning 15 minutes or more never lock."""
    for i in range(5):
        assert _fail(users, now=T0 + i * 4 * MIN).status == "failed"  # 0, 4, 8, 12, 16 minutes
    assert not accounts.lock_status(users, username="kim.exec", now=T0 + 16 * MIN).locked


def test_unknown_usernames_lock_like_known_ones(users):
    """The lock does not reveal whether a username exists: unknown names lock after five failures too."""
    assert [_fail(users, username="ghost", now=T0).status for _ in range(5)][-1] == "locked"


def test_attempts_during_a_lock_do_not_extend_it(users):
    """Attempts refused while locked are not counted, so the lock lifts 15 minutes after it began."""
    for i in range(5):
        _fail(users, now=T0 + i * MIN)
    for i in range(5, 18):
        assert _fail(users, now=T0 + i * MIN).status == "locked"
    assert _login(users, now=T0 + 19 * MIN).ok


def test_success_clears_the_failure_count(users):
    """A successful sign-in resets the count: four more failures after it do not lock."""
    for i in range(4):
        _fail(users, now=T0 + i * MIN)
    _login(users, now=T0 + 5 * MIN)
    assert [_fail(users, now=T0 + (6 + i) * MIN).status for i in range(4)] == ["failed"] * 4


def test_disabled_user_cannot_sign_in(users):
    """A disabled user gets the ordinary 'failed' answer, even with the right password."""
    accounts.disable_user(users, username="kim.exec", now=T0)
    assert accounts.authenticate(users, username="kim.exec", password=PASSWORD, now=T0 + MIN,
                                 demo_mode=False) == accounts.LoginResult("failed")


def test_over_long_password_fails_without_error(users):
    """Input over bcrypt's 72 bytes is refused as a plain failure (no exception)."""
    assert _fail(users, password="x" * 200).status == "failed"


# --- sessions and cookies -------------------------------------------------------------------


def test_cookie_round_trip_restores_the_user(users):
    """A cookie made from a successful sign-in verifies to that user and session."""
    result = _login(users)
    verified = _verify(users, _cookie(result), T0 + MIN)
    assert verified.user.username == "kim.exec" and verified.session_id == result.session.session_id


def test_cookie_claims_differ_from_the_library_cookie(users):
    """Our payload has no `username`/`exp_date`, so the library's own cookie path cannot use it."""
    payload = jwt.decode(_cookie(_login(users)), STRONG_KEY, algorithms=["HS256"], options={"verify_exp": False})
    assert {"sub", "sid", "iat", "exp"} <= payload.keys() and not {"username", "exp_date"} & payload.keys()


def test_session_id_is_stored_hashed(users):
    """The database keeps only a SHA-256 of the session id, not the secret from the cookie."""
    from sqlalchemy import select

    from data_access.models import AuthSession

    result = _login(users)
    with users.connect() as conn:
        ids = list(conn.execute(select(AuthSession.id)).scalars())
    assert ids == [accounts.session_key(result.session.session_id)]
    assert result.session.session_id not in ids


def test_forged_or_tampered_cookie_is_refused(users):
    """A cookie signed with another key, or with an edited payload, or of another type, is refused."""
    result = _login(users)
    assert _verify(users, _cookie(result, key="another-key-of-at-least-32-bytes-xxxxx"), T0) is None
    header, payload, sig = _cookie(result).split(".")
    assert _verify(users, ".".join([header, payload[:-2] + "AA", sig]), T0) is None
    other = jwt.encode({"sub": "kim.exec", "sid": result.session.session_id, "iat": 0, "exp": 2**40},
                       STRONG_KEY, algorithm="HS256")
    assert _verify(users, other, T0) is None  # no `typ`
    assert decode_session_cookie("not-a-jwt", key=STRONG_KEY, now=T0) is None


def test_cookie_for_another_username_is_refused(users):
    """A session id only restores the username it was issued to."""
    result = _login(users)
    s = result.session
    forged = encode_session_cookie(username="choi.admin", session_id=s.session_id, issued_at=s.issued_at,
                                   expires_at=s.expires_at, key=STRONG_KEY)
    assert _verify(users, forged, T0 + MIN) is None


def test_logout_revokes_the_cookie(users):
    """After logout the cookie issued before it is refused; other sessions of the user stay valid."""
    first, second = _login(users, now=T0), _login(users, now=T0 + MIN)
    accounts.logout(users, username="kim.exec", session_id=first.session.session_id, now=T0 + 2 * MIN)
    assert _verify(users, _cookie(first), T0 + 3 * MIN) is None
    assert _verify(users, _cookie(second), T0 + 3 * MIN) is not None


def test_disable_revokes_issued_cookies(users):
    """Disabling a user revokes every cookie issued to them (and enabling does not bring them back)."""
    result = _login(users)
    accounts.disable_user(users, username="kim.exec", now=T0 + MIN)
    assert _verify(users, _cookie(result), T0 + 2 * MIN) is None
    accounts.enable_user(users, username="kim.exec", now=T0 + 3 * MIN)
    assert _verify(users, _cookie(result), T0 + 4 * MIN) is None
    assert _login(users, now=T0 + 5 * MIN).ok


def test_password_reset_revokes_issued_cookies(users):
    """A password reset refuses every cookie issued before it; the new password works, the old not."""
    result = _login(users)
    accounts.reset_password(users, username="kim.exec", password="brand-new-password", demo_mode=False,
                            now=T0 + MIN)
    assert _verify(users, _cookie(result), T0 + 2 * MIN) is None
    assert _fail(users, password=PASSWORD, now=T0 + 2 * MIN).status == "failed"
    assert accounts.authenticate(users, username="kim.exec", password="brand-new-password",
                                 now=T0 + 3 * MIN, demo_mode=False).ok


def test_sessions_valid_after_alone_refuses_older_cookies(users):
    """Even without revoked_at, a session issued before sessions_valid_after is refused."""
    from sqlalchemy import update

    from data_access.models import AppUser

    result = _login(users)
    with users.begin() as conn:
        conn.execute(update(AppUser).where(AppUser.username == "kim.exec").values(sessions_valid_after=T0 + MIN))
    assert _verify(users, _cookie(result), T0 + 2 * MIN) is None


@pytest.mark.parametrize("username, lifetime", [("kim.exec", dt.timedelta(days=1)),
                                                ("lee.civic", dt.timedelta(days=1)),
                                                ("choi.admin", dt.timedelta(days=1)),
                                                ("park.wall", dt.timedelta(days=30))])
def test_cookie_lifetime_by_role(users, username, lifetime):
    """A display's cookie lasts 30 days, everyone else's 1 day, checked server-side."""
    result = _login(users, username=username)
    assert result.session.expires_at - result.session.issued_at == lifetime
    token = _cookie(result)
    assert _verify(users, token, T0 + lifetime - MIN) is not None
    assert _verify(users, token, T0 + lifetime) is None


def test_role_lifetime_is_enforced_even_for_a_cookie_claiming_longer(users):
    """A validly signed cookie with a 30-day expiry still dies after 1 day for a non-display role."""
    result = _login(users, username="kim.exec")
    long_lived = encode_session_cookie(username="kim.exec", session_id=result.session.session_id,
                                       issued_at=T0, expires_at=T0 + dt.timedelta(days=30), key=STRONG_KEY)
    assert _verify(users, long_lived, T0 + dt.timedelta(hours=23)) is not None
    assert _verify(users, long_lived, T0 + dt.timedelta(days=2)) is None


def test_role_change_applies_the_new_lifetime(users):
    """A display session whose user became an executive ends after 1 day, as the new role says."""
    from sqlalchemy import update

    from data_access.models import AppUser

    token = _cookie(_login(users, username="park.wall"))
    with users.begin() as conn:
        conn.execute(update(AppUser).where(AppUser.username == "park.wall").values(role="executive"))
    assert _verify(users, token, T0 + dt.timedelta(hours=2)).user.role == "executive"
    assert _verify(users, token, T0 + dt.timedelta(days=2)) is None


# --- cookie key -----------------------------------------------------------------------------


@pytest.mark.parametrize("key", [None, "too-short-key", *sorted(k for k in PLACEHOLDER_KEYS if k)])
def test_weak_cookie_key_is_refused_outside_demo_mode(key, monkeypatch):
    """Outside demo mode a missing, short (< 32 bytes) or placeholder cookie key raises CookieKeyError."""
    monkeypatch.setattr("auth.tokens._secrets_cookie_key", lambda: None)
    with pytest.raises(CookieKeyError, match="DASHBOARD_COOKIE_KEY"):
        validate_cookie_key(prod_settings(DASHBOARD_COOKIE_KEY=key))


def test_strong_cookie_key_is_accepted_outside_demo_mode():
    """A 32+ byte key that is no placeholder is used as it is."""
    assert validate_cookie_key(prod_settings()) == STRONG_KEY


def test_cookie_key_from_streamlit_secrets(monkeypatch):
    """Without DASHBOARD_COOKIE_KEY, `cookie_key` from Streamlit secrets is used (and checked)."""
    monkeypatch.setattr("auth.tokens._secrets_cookie_key", lambda: "s" * 40)
    assert validate_cookie_key(prod_settings(DASHBOARD_COOKIE_KEY=None)) == "s" * 40
    monkeypatch.setattr("auth.tokens._secrets_cookie_key", lambda: "short")
    with pytest.raises(CookieKeyError):
        validate_cookie_key(prod_settings(DASHBOARD_COOKIE_KEY=None))


def test_demo_mode_falls_back_to_the_demo_key(monkeypatch):
    """In demo mode a missing key means config.settings.DEMO_COOKIE_KEY."""
    monkeypatch.setattr("auth.tokens._secrets_cookie_key", lambda: None)
    assert validate_cookie_key(demo_settings(DASHBOARD_COOKIE_KEY=None)) == DEMO_COOKIE_KEY


# --- demo accounts --------------------------------------------------------------------------


def test_demo_accounts_created_once_with_one_hash(empty_engine, monkeypatch):
    """ensure_demo_accounts creates the eight accounts hashing once, and does nothing the second time."""
    hasher = accounts._hasher()
    hashes: list[str] = []
    original = hasher.hash.__func__
    monkeypatch.setattr(hasher, "hash", classmethod(lambda cls, pw: hashes.append(pw) or original(cls, pw)))
    assert accounts.ensure_demo_accounts(empty_engine, demo_mode=True, now=T0) == 8
    assert accounts.ensure_demo_accounts(empty_engine, demo_mode=True, now=T0) == 0
    assert len(hashes) == 1
    frame = accounts.list_users(empty_engine, now=T0).set_index("username")
    expected = {a.username: (a.role, a.division_code) for a in policy.DEMO_ACCOUNTS}
    got = {u: (r["role"], None if pd.isna(r["division_code"]) else r["division_code"]) for u, r in frame.iterrows()}
    assert got == expected
    assert expected["exec"] == ("executive", None) and expected["wall"] == ("display", None)


def test_demo_accounts_sign_in_in_demo_mode(empty_engine):
    """In demo mode every demo account signs in with seoul-demo-2016."""
    accounts.ensure_demo_accounts(empty_engine, demo_mode=True, now=T0)
    for account in policy.DEMO_ACCOUNTS[:2]:
        assert accounts.authenticate(empty_engine, username=account.username, password=policy.DEMO_PASSWORD,
                                     now=T0, demo_mode=True).ok


def test_demo_accounts_absent_outside_demo_mode(empty_engine):
    """Outside demo mode ensure_demo_accounts creates nothing."""
    assert accounts.ensure_demo_accounts(empty_engine, demo_mode=False, now=T0) == 0
    assert accounts.list_users(empty_engine, now=T0).empty


def test_demo_accounts_present_are_refused_outside_demo_mode(empty_engine):
    """Demo accounts left in a database cannot sign in, nor restore a cookie, outside demo mode."""
    accounts.ensure_demo_accounts(empty_engine, demo_mode=True, now=T0)
    demo_login = accounts.authenticate(empty_engine, username="exec", password=policy.DEMO_PASSWORD, now=T0,
                                       demo_mode=True)
    assert accounts.authenticate(empty_engine, username="exec", password=policy.DEMO_PASSWORD, now=T0,
                                 demo_mode=False) == accounts.LoginResult("failed")
    token = _cookie(demo_login)
    assert _verify(empty_engine, token, T0 + MIN, demo_mode=True) is not None
    assert _verify(empty_engine, token, T0 + MIN, demo_mode=False) is None


def test_purge_demo_accounts(empty_engine):
    """purge_demo_accounts removes the demo accounts and their sessions."""
    accounts.ensure_demo_accounts(empty_engine, demo_mode=True, now=T0)
    accounts.authenticate(empty_engine, username="wall", password=policy.DEMO_PASSWORD, now=T0, demo_mode=True)
    assert accounts.purge_demo_accounts(empty_engine, now=T0) == 8
    assert accounts.list_users(empty_engine, now=T0).empty


# --- audit ----------------------------------------------------------------------------------


def test_audit_trail_records_login_failures_lock_and_logout(users):
    """login, login_failed, locked, login_blocked and logout events are recorded, newest first."""
    result = _login(users, now=T0)
    accounts.logout(users, username="kim.exec", session_id=result.session.session_id, now=T0 + MIN)
    for i in range(5):
        _fail(users, now=T0 + (2 + i) * MIN)
    _fail(users, now=T0 + 8 * MIN)
    frame = accounts.audit_events(users, 50, username="kim.exec")
    assert list(frame.columns) == accounts.AUDIT_COLUMNS
    assert list(frame["event"]) == ["login_blocked", "locked", "login_failed", "login_failed", "login_failed",
                                    "login_failed", "login_failed", "logout", "login", "user_added"]
    assert frame["occurred_at"].is_monotonic_decreasing and str(frame["occurred_at"].dt.tz) == "UTC"
    assert frame.iloc[2]["detail"] == "wrong password"


def test_audit_events_limit_and_event_filter(users):
    """audit_events honours `limit` and an event filter; an empty database gives the columns only."""
    _login(users)
    assert len(accounts.audit_events(users, 2)) == 2
    assert set(accounts.audit_events(users, 100, events=["login"])["event"]) == {"login"}
    assert list(accounts.audit_events(users, 100, events=["nothing"]).columns) == accounts.AUDIT_COLUMNS


def test_admin_actions_are_audited(users):
    """Disabling, resetting and revoking record who did it."""
    accounts.disable_user(users, username="kim.exec", actor="choi.admin", now=T0)
    accounts.reset_password(users, username="lee.civic", password="another-password", actor="cli",
                            demo_mode=False, now=T0 + MIN)
    accounts.revoke_user_sessions(users, username="park.wall", actor="choi.admin", now=T0 + 2 * MIN)
    frame = accounts.audit_events(users, 3)
    assert list(frame["event"]) == ["sessions_revoked", "password_reset", "user_disabled"]
    assert frame.iloc[2]["detail"].startswith("by choi.admin")


# --- roles and pages ------------------------------------------------------------------------


def test_division_codes_match_the_organisation():
    """config.auth.DIVISION_CODES lists the divisions of loading/demo/org.py, in order."""
    assert policy.DIVISION_CODES == tuple(code for code, _, _ in DIVISIONS)


def test_pages_per_role():
    """Page access per role and division, and each role's start page is among its pages."""
    every = set(policy.PAGE_KEYS)
    assert set(policy.allowed_pages("admin")) == every
    assert set(policy.allowed_pages("executive")) == every - {"admin_audit", "admin_import", "admin_loads"}
    assert policy.allowed_pages("display") == ("wall",)
    base = {"overview", "budget", "complaints", "metrics", "divisions", "alerts", "data_status"}
    assert set(policy.allowed_pages("division_head", "civic")) == base | {"citizen_hall"}
    assert set(policy.allowed_pages("division_head", "brand")) == base | {"brand"}
    assert set(policy.allowed_pages("division_head", "newmedia")) == base | {"sns"}
    assert set(policy.allowed_pages("division_head", "service")) == base
    assert set(policy.allowed_pages("division_head", "rapid")) == base
    assert policy.allowed_pages("division_head", None) == () and policy.allowed_pages("guest") == ()
    for role in policy.ROLES:
        assert policy.start_page(role) in policy.allowed_pages(role, "civic" if role == "division_head" else None)
    assert (policy.START_PAGE["executive"], policy.START_PAGE["division_head"], policy.START_PAGE["display"]) == (
        "overview", "divisions", "wall")


def test_recreated_username_does_not_inherit_old_sessions(users):
    """A cookie of a deleted account is refused for a new account created later under the same name."""
    from sqlalchemy import delete

    from data_access.models import AppUser

    token = _cookie(_login(users, username="kim.exec"))
    with users.begin() as conn:
        conn.execute(delete(AppUser).where(AppUser.username == "kim.exec"))
    accounts.add_user(users, username="kim.exec", name="Another Kim", password=PASSWORD, role="admin",
                      demo_mode=False, now=T0 + MIN)
    assert _verify(users, token, T0 + 2 * MIN) is None
