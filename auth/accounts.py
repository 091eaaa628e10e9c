"""Users, sign-in sessions, failed attempts and the audit trail, in the database.

Everything the sign-in gate (`auth.gate`) and the admin CLI (`manage.py`) need, without Streamlit:

- users: `add_user`, `disable_user`, `enable_user`, `reset_password`, `get_user`, `list_users`;
  passwords are bcrypt hashes as streamlit-authenticator's `Hasher` makes them (bcrypt, cost 12).
- sign-in: `authenticate` checks a password with the lockout (five failures on a username within
  15 minutes lock it for 15 minutes, counted in `login_failure`, so the lock holds across sessions,
  processes and restarts), does the same bcrypt work for an unknown user as for a wrong password
  (a dummy hash), and on success opens a revocable session (`auth_session`).
- sessions: `session_user` is the database half of restoring a cookie (session not revoked, not
  expired, issued after the user's `sessions_valid_after`, within the lifetime of the user's
  current role, user enabled); `logout`, `disable_user`, `reset_password` and
  `revoke_user_sessions` revoke.
- demo accounts: `ensure_demo_accounts` (demo mode only), `purge_demo_accounts`.
- audit: `record_event`, `audit_events` (for the admin page).

Every function takes the engine first and everything else by keyword; those that depend on the
time take `now` (an aware datetime, default: the current UTC time) so tests inject a clock, and
those that depend on demo mode take `demo_mode` (default: `get_settings().demo_mode`).
Validation errors raise `AccountError` (a ValueError with a clear text, shown by manage.py).
Database errors propagate as SQLAlchemy errors; `auth.gate` turns them into `AuthUnavailable`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import bcrypt
import pandas as pd
from sqlalchemy import Engine, delete, func, insert, select, update

from config import auth as policy
from config.settings import get_settings
from data_access.db import UTC, as_utc
from data_access.models import AppUser, AuditEvent, AuthSession, LoginFailure

# A bcrypt hash (cost 12, the cost `Hasher.hash` uses) of a random secret nobody knows. An attempt
# on an unknown username is checked against it, so it costs the same bcrypt work as a wrong
# password for a real user and cannot tell the two apart by timing. A literal, so no process pays
# for hashing it at start-up.
DUMMY_HASH = "$2b$12$LcvkxCBaAYnvFPbJA5JBo.4Gp0Pg7ofgGpCrvoJ5kjuYw0n3p3me6"

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,59}$")
BCRYPT_MAX_BYTES = 72
USERNAME_MAX = 60  # login_failure.username / audit_event.username width

LoginStatus = Literal["ok", "failed", "locked", "throttled"]  # throttled: auth.throttle, per client


class AccountError(ValueError):
    """A refused account change (unknown user, bad role, weak password, reserved name ...)."""


@dataclass(frozen=True)
class UserRecord:
    username: str
    display_name: str
    email: str
    role: str
    division_code: str | None
    disabled: bool
    sessions_valid_after: dt.datetime | None
    created_at: dt.datetime


@dataclass(frozen=True)
class LockStatus:
    locked: bool
    locked_until: dt.datetime | None  # UTC; None when not locked
    recent_failures: int  # failures within the last FAILURE_WINDOW



@dataclass(frozen=True)
class IssuedSession:
    session_id: str = ""  # the secret that travels in the signed cookie (only its hash is stored)
    username: str = ""
    issued_at: dt.datetime | None = None
    expires_at: dt.datetime | None = None


@dataclass(frozen=True)
class LoginResult:
    status: LoginStatus
    user: UserRecord | None = None
    session: IssuedSession | None = None
    locked_until: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


# --- helpers --------------------------------------------------------------------------------


def normalize_username(username: str | None) -> str:
    """The stored form of a username: trimmed, lower case (as streamlit-authenticator does)."""
    return (username or "").strip().lower()[:USERNAME_MAX]


def _now(now: dt.datetime | None) -> dt.datetime:
    if now is None:
        return dt.datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)


def _demo_mode(demo_mode: bool | None) -> bool:
    return get_settings().demo_mode if demo_mode is None else demo_mode


def session_key(session_id: str) -> str:
    """The primary key stored for a session: SHA-256 of its secret id (a database reader cannot
    rebuild a cookie from it, even with the cookie key)."""
    return hashlib.sha256(session_id.encode()).hexdigest()


class _Bcrypt:
    """The two calls of streamlit-authenticator 0.4.2's `Hasher` the accounts need, on bcrypt
    (pinned) directly: the same hashes (`$2b$12$`, bcrypt's default cost), without importing the
    library, which imports Streamlit and declares its components (logging "missing
    ScriptRunContext" outside a Streamlit run, e.g. in manage.py). tests/auth checks that the
    library's `Hasher` accepts these hashes and that these accept the library's."""

    @classmethod
    def hash(cls, password: str) -> str:
        return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()

    @classmethod
    def check_pw(cls, password: str, hashed_password: str) -> bool:
        return bcrypt.checkpw(password.encode(), hashed_password.encode())


def _hasher() -> type[_Bcrypt]:
    """The password hasher (a seam for tests that count bcrypt calls)."""
    return _Bcrypt


def hash_password(password: str) -> str:
    """A bcrypt hash as streamlit-authenticator's `Hasher` makes it (cost 12)."""
    return _hasher().hash(password)


def _check_password(password: str, hashed: str) -> bool:
    """One bcrypt check that never raises. Input over bcrypt's 72 bytes (no stored password is
    that long) is checked against DUMMY_HASH instead, so it still costs one full bcrypt, and fails."""
    too_long = len(password.encode()) > BCRYPT_MAX_BYTES
    try:
        matched = _hasher().check_pw(password.encode()[:BCRYPT_MAX_BYTES].decode("utf-8", "ignore"),
                                     DUMMY_HASH if too_long else hashed)
    except (ValueError, TypeError):
        return False
    return matched and not too_long


def check_password_policy(password: str, *, demo_mode: bool | None = None) -> None:
    """Raise AccountError unless `password` may be set.

    At least MIN_PASSWORD_LENGTH characters, at most 72 bytes (bcrypt's limit), no leading or
    trailing blanks (the login form strips them), and outside demo mode not the demo password.
    """
    if len(password) < policy.MIN_PASSWORD_LENGTH:
        raise AccountError(f"password must be at least {policy.MIN_PASSWORD_LENGTH} characters")
    if len(password.encode()) > BCRYPT_MAX_BYTES:
        raise AccountError(f"password must be at most {BCRYPT_MAX_BYTES} bytes")
    if password != password.strip():
        raise AccountError("password must not start or end with blanks")
    if not _demo_mode(demo_mode) and password == policy.DEMO_PASSWORD:
        raise AccountError("the demo password cannot be used outside demo mode")


def _user_from_row(row) -> UserRecord:
    return UserRecord(
        username=row.username, display_name=row.display_name, email=row.email or "", role=row.role,
        division_code=row.division_code, disabled=bool(row.disabled),
        sessions_valid_after=as_utc(row.sessions_valid_after) if row.sessions_valid_after else None,
        created_at=as_utc(row.created_at),
    )


_USER_COLUMNS = (AppUser.username, AppUser.display_name, AppUser.email, AppUser.role,
                 AppUser.division_code, AppUser.disabled, AppUser.sessions_valid_after,
                 AppUser.created_at)


def _audit(conn, *, username: str, event: str, detail: str, now: dt.datetime) -> None:
    conn.execute(insert(AuditEvent).values(occurred_at=now, username=username[:USERNAME_MAX],
                                           event=event, detail=detail))


def _require_user_row(conn, username: str):
    row = conn.execute(select(AppUser.id, AppUser.role).where(AppUser.username == username)).first()
    if row is None:
        raise AccountError(f"no such user: {username!r}")
    return row


# --- users ----------------------------------------------------------------------------------


def add_user(engine: Engine, *, username: str, name: str, password: str, role: str,
             division_code: str | None = None, email: str = "", actor: str = "cli",
             demo_mode: bool | None = None, now: dt.datetime | None = None) -> UserRecord:
    """Create a user with a bcrypt-hashed password; audit event `user_added`.

    Refuses (AccountError) a malformed or taken username, a bad role/division pair, a weak
    password and, outside demo mode, the reserved demo usernames.
    """
    now = _now(now)
    demo = _demo_mode(demo_mode)
    uname = normalize_username(username)
    if not USERNAME_RE.match(uname):
        raise AccountError("username must be 2-60 characters: a-z, 0-9, '.', '_' or '-'")
    if not demo and uname in policy.DEMO_USERNAMES:
        raise AccountError(f"{uname!r} is reserved for the demo accounts; choose another username")
    try:
        policy.validate_role(role, division_code)
    except ValueError as exc:
        raise AccountError(str(exc)) from exc
    check_password_policy(password, demo_mode=demo)
    name = (name or "").strip() or uname
    hashed = hash_password(password)
    with engine.begin() as conn:
        if conn.execute(select(AppUser.id).where(AppUser.username == uname)).first() is not None:
            raise AccountError(f"user {uname!r} already exists")
        conn.execute(insert(AppUser).values(
            username=uname, display_name=name[:80], email=(email or "")[:120], password_hash=hashed,
            role=role, division_code=division_code, disabled=False,
            # a session row left by an earlier account of the same name can never restore this one
            sessions_valid_after=now, created_at=now))
        _audit(conn, username=uname, event="user_added", now=now,
               detail=f"by {actor}: role={role}" + (f" division={division_code}" if division_code else ""))
    return get_user(engine, username=uname)  # type: ignore[return-value]


def get_user(engine: Engine, *, username: str) -> UserRecord | None:
    """One user by username (case-insensitive), or None."""
    with engine.connect() as conn:
        row = conn.execute(select(*_USER_COLUMNS)
                           .where(AppUser.username == normalize_username(username))).first()
    return _user_from_row(row) if row else None


def _revoke_all(conn, *, username: str, now: dt.datetime) -> int:
    """Set sessions_valid_after = now and mark every open session revoked; the number revoked."""
    conn.execute(update(AppUser).where(AppUser.username == username).values(sessions_valid_after=now))
    return conn.execute(update(AuthSession)
                        .where(AuthSession.username == username, AuthSession.revoked_at.is_(None))
                        .values(revoked_at=now)).rowcount


def disable_user(engine: Engine, *, username: str, actor: str = "cli",
                 now: dt.datetime | None = None) -> None:
    """Disable a user and revoke every cookie issued to them; audit event `user_disabled`."""
    now = _now(now)
    uname = normalize_username(username)
    with engine.begin() as conn:
        _require_user_row(conn, uname)
        conn.execute(update(AppUser).where(AppUser.username == uname).values(disabled=True))
        revoked = _revoke_all(conn, username=uname, now=now)
        _audit(conn, username=uname, event="user_disabled", now=now,
               detail=f"by {actor}; {revoked} open session(s) revoked")


def enable_user(engine: Engine, *, username: str, actor: str = "cli",
                now: dt.datetime | None = None) -> None:
    """Enable a disabled user again (old cookies stay revoked); audit event `user_enabled`."""
    now = _now(now)
    uname = normalize_username(username)
    with engine.begin() as conn:
        _require_user_row(conn, uname)
        conn.execute(update(AppUser).where(AppUser.username == uname).values(disabled=False))
        _audit(conn, username=uname, event="user_enabled", now=now, detail=f"by {actor}")


def reset_password(engine: Engine, *, username: str, password: str, actor: str = "cli",
                   demo_mode: bool | None = None, now: dt.datetime | None = None) -> None:
    """Set a new password, revoke every cookie issued before, clear the user's failure counter
    (an administrator vouched for them); audit event `password_reset`."""
    now = _now(now)
    uname = normalize_username(username)
    check_password_policy(password, demo_mode=demo_mode)
    hashed = hash_password(password)
    with engine.begin() as conn:
        _require_user_row(conn, uname)
        conn.execute(update(AppUser).where(AppUser.username == uname).values(password_hash=hashed))
        revoked = _revoke_all(conn, username=uname, now=now)
        conn.execute(delete(LoginFailure).where(LoginFailure.username == uname))
        _audit(conn, username=uname, event="password_reset", now=now,
               detail=f"by {actor}; {revoked} open session(s) revoked")


def revoke_user_sessions(engine: Engine, *, username: str, actor: str = "cli",
                         now: dt.datetime | None = None) -> int:
    """Sign a user out everywhere (every cookie issued so far is refused); audit event
    `sessions_revoked`. Returns the number of open sessions revoked."""
    now = _now(now)
    uname = normalize_username(username)
    with engine.begin() as conn:
        _require_user_row(conn, uname)
        revoked = _revoke_all(conn, username=uname, now=now)
        _audit(conn, username=uname, event="sessions_revoked", now=now,
               detail=f"by {actor}; {revoked} open session(s) revoked")
    return revoked


LIST_USER_COLUMNS = ["username", "display_name", "email", "role", "division_code", "disabled",
                     "created_at", "last_login_at", "open_sessions"]


def list_users(engine: Engine, *, now: dt.datetime | None = None) -> pd.DataFrame:
    """All users, by username.

    Columns: username, display_name, email, role, division_code, disabled, created_at (UTC),
    last_login_at (UTC, latest `login` audit event, NaT if never), open_sessions (sessions not
    revoked and not yet expired at `now`).
    """
    now = _now(now)
    last_login = (select(func.max(AuditEvent.occurred_at))
                  .where(AuditEvent.username == AppUser.username, AuditEvent.event == "login")
                  .scalar_subquery())
    open_sessions = (select(func.count(AuthSession.id))
                     .where(AuthSession.username == AppUser.username,
                            AuthSession.revoked_at.is_(None), AuthSession.expires_at > now)
                     .scalar_subquery())
    stmt = (select(AppUser.username, AppUser.display_name, AppUser.email, AppUser.role,
                   AppUser.division_code, AppUser.disabled, AppUser.created_at,
                   last_login.label("last_login_at"), open_sessions.label("open_sessions"))
            .order_by(AppUser.username))
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(stmt).mappings().all(), columns=LIST_USER_COLUMNS)
    for column in ("created_at", "last_login_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    frame["disabled"] = frame["disabled"].astype(bool)
    frame["open_sessions"] = frame["open_sessions"].astype("int64")
    return frame


# --- lockout --------------------------------------------------------------------------------


def _lock_until(failures: list[dt.datetime], now: dt.datetime) -> dt.datetime | None:
    """When the lock lifts, if `failures` (ascending, UTC) lock the username at `now`.

    A lock starts at any failure that is the MAX_FAILED_ATTEMPTS-th within FAILURE_WINDOW
    (it and the four before it span less than the window) and lasts LOCKOUT_DURATION from
    that failure. Attempts refused during a lock are not recorded as failures, so a lock lifts
    on time and the failures before it have left the window by then.
    """
    n = policy.MAX_FAILED_ATTEMPTS
    until: dt.datetime | None = None
    for i in range(n - 1, len(failures)):
        if failures[i] - failures[i - n + 1] < policy.FAILURE_WINDOW:
            candidate = failures[i] + policy.LOCKOUT_DURATION
            until = candidate if until is None or candidate > until else until
    return until if until is not None and now < until else None


def _lock_status(conn, username: str, now: dt.datetime, *, include_later: bool = False) -> LockStatus:
    """`include_later`: count failures stamped after `now` too (a parallel attempt that took its
    clock reading later but reached the lock first)."""
    since = now - policy.FAILURE_WINDOW - policy.LOCKOUT_DURATION
    stmt = select(LoginFailure.attempted_at).where(LoginFailure.username == username,
                                                   LoginFailure.attempted_at > since)
    if not include_later:
        stmt = stmt.where(LoginFailure.attempted_at <= now)
    times = [as_utc(t) for t in conn.execute(stmt.order_by(LoginFailure.attempted_at)).scalars()]
    until = _lock_until(times, now)
    recent = sum(1 for t in times if t > now - policy.FAILURE_WINDOW)
    return LockStatus(locked=until is not None, locked_until=until, recent_failures=recent)


def lock_status(engine: Engine, *, username: str, now: dt.datetime | None = None) -> LockStatus:
    """Whether sign-in to `username` (known or not) is locked at `now`, and until when."""
    now = _now(now)
    with engine.connect() as conn:
        return _lock_status(conn, normalize_username(username), now)


def minutes_left(status_or_until: LockStatus | dt.datetime | None, now: dt.datetime | None = None) -> int:
    """Whole minutes (rounded up, at least 1 while locked) until a lock lifts."""
    until = status_or_until.locked_until if isinstance(status_or_until, LockStatus) else status_or_until
    if until is None:
        return 0
    seconds = (until - _now(now)).total_seconds()
    return max(1, -(-int(seconds) // 60)) if seconds > 0 else 0


# --- sign-in --------------------------------------------------------------------------------


def authenticate(engine: Engine, *, username: str, password: str, now: dt.datetime | None = None,
                 demo_mode: bool | None = None, client: str | None = None) -> LoginResult:
    """Check a sign-in attempt; on success open a session for the cookie.

    1. Locked username (known or not): refused without a password check, audit `login_blocked`.
    2. Exactly one bcrypt check: against the user's hash, or DUMMY_HASH for an unknown username,
       so an unknown user and a wrong password cost the same and answer the same ("failed").
    3. Refused as "failed" as well: a disabled user, a user whose role/division is invalid, and
       outside demo mode a demo account (DEMO_USERNAMES), even with the right password.
    4. A failure is recorded in `login_failure` (audit `login_failed`, the reason in the detail
       for administrators only); the failure that completes five within 15 minutes returns
       "locked" (audit `locked`).
    5. Success: the user's failures are cleared, a session (AuthSession) is opened with the role's
       lifetime, audit `login`; the result carries the session id for the cookie.
    Steps 1-5 run in one transaction holding the username's lock (`_locked_transaction`), so
    parallel attempts cannot all pass the lock check before any failure is counted.
    `client` (the client's address, from auth.gate) is added to the audit details.
    """
    now = _now(now)
    demo = _demo_mode(demo_mode)
    uname = normalize_username(username)
    password = password or ""
    source = f" from {client}" if client else ""
    # One transaction holding the username's lock from the lock check to the failure insert:
    # parallel attempts on one name queue here, so no more than MAX_FAILED_ATTEMPTS reach bcrypt.
    with _locked_transaction(engine, uname) as conn:
        lock = _lock_status(conn, uname, now, include_later=True)
        if lock.locked:
            _audit(conn, username=uname, event="login_blocked", now=now,
                   detail=f"locked until {lock.locked_until.isoformat()}{source}")
            return LoginResult("locked", locked_until=lock.locked_until)
        row = conn.execute(select(AppUser.password_hash, *_USER_COLUMNS).where(AppUser.username == uname)).first()

        password_ok = _check_password(password, row.password_hash if row is not None else DUMMY_HASH)
        user = _user_from_row(row) if row is not None else None
        reason = None
        if user is None:
            reason = "unknown username"
        elif not password_ok:
            reason = "wrong password"
        elif user.disabled:
            reason = "user disabled"
        elif not demo and uname in policy.DEMO_USERNAMES:
            reason = "demo account outside demo mode"
        else:
            try:
                policy.validate_role(user.role, user.division_code)
            except ValueError:
                reason = "invalid role"

        if reason is None:
            conn.execute(delete(LoginFailure).where(LoginFailure.username == uname))
            session = _open_session(conn, user=user, now=now)
            _audit(conn, username=uname, event="login", now=now, detail=f"role={user.role}{source}")
            return LoginResult("ok", user=user, session=session)
        conn.execute(insert(LoginFailure).values(username=uname, attempted_at=now))
        _audit(conn, username=uname, event="login_failed", now=now, detail=reason + source)
        lock = _lock_status(conn, uname, now, include_later=True)
        if lock.locked:
            _audit(conn, username=uname, event="locked", now=now,
                   detail=f"{policy.MAX_FAILED_ATTEMPTS} failed attempts within "
                          f"{int(policy.FAILURE_WINDOW.total_seconds() // 60)} minutes; "
                          f"locked until {lock.locked_until.isoformat()}")
            return LoginResult("locked", locked_until=lock.locked_until)
    return LoginResult("failed")


# advisory-lock class id for sign-in attempts (the second key is the username's hash)
_PG_LOCK_CLASS = 0x5E0C
_local_locks: dict[str, threading.Lock] = {}
_local_locks_guard = threading.Lock()


@contextmanager
def _locked_transaction(engine: Engine, username: str) -> Iterator:
    """A transaction holding `username`'s sign-in lock until it has committed.

    PostgreSQL: a transaction-level advisory lock keyed by the username (unknown names too, so
    there is no row to lock), released by the commit; every replica queues on it. SQLite (the
    single-process demo): a lock per username in this process, taken before the transaction
    begins and released after it committed.
    """
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(select(func.pg_advisory_xact_lock(_PG_LOCK_CLASS, func.hashtext(username))))
            yield conn
        return
    with _local_locks_guard:
        lock = _local_locks.setdefault(username, threading.Lock())
    with lock, engine.begin() as conn:
        yield conn


def _open_session(conn, *, user: UserRecord, now: dt.datetime) -> IssuedSession:
    session_id = secrets.token_urlsafe(32)
    expires_at = now + policy.cookie_lifetime(user.role)
    # housekeeping: sessions long past their expiry and old failures
    conn.execute(delete(AuthSession).where(AuthSession.expires_at < now - dt.timedelta(days=7)))
    conn.execute(delete(LoginFailure).where(LoginFailure.attempted_at < now - dt.timedelta(days=1)))
    conn.execute(insert(AuthSession).values(id=session_key(session_id), username=user.username,
                                            issued_at=now, expires_at=expires_at, revoked_at=None))
    return IssuedSession(session_id=session_id, username=user.username, issued_at=now,
                         expires_at=expires_at)


def session_user(engine: Engine, *, username: str, session_id: str, now: dt.datetime | None = None,
                 demo_mode: bool | None = None) -> UserRecord | None:
    """The user behind a session id from a (signature-checked) cookie, or None if refused.

    Refused when the session is unknown, belongs to another username, is revoked, has expired
    (`expires_at`), was issued at or before the user's `sessions_valid_after`, is older than the
    lifetime of the user's *current* role, or the user is disabled, has an invalid role, or is a
    demo account outside demo mode. One indexed query.
    """
    now = _now(now)
    uname = normalize_username(username)
    stmt = (select(AuthSession.issued_at, AuthSession.expires_at, AuthSession.revoked_at,
                   *_USER_COLUMNS)
            .join(AppUser, AppUser.username == AuthSession.username)
            .where(AuthSession.id == session_key(session_id), AuthSession.username == uname))
    with engine.connect() as conn:
        row = conn.execute(stmt).first()
    if row is None or row.revoked_at is not None:
        return None
    issued_at, expires_at = as_utc(row.issued_at), as_utc(row.expires_at)
    user = _user_from_row(row)
    if now >= expires_at or now < issued_at:
        return None
    if now >= issued_at + policy.cookie_lifetime(user.role):
        return None
    if user.sessions_valid_after is not None and issued_at <= user.sessions_valid_after:
        return None
    if user.disabled or (not _demo_mode(demo_mode) and uname in policy.DEMO_USERNAMES):
        return None
    try:
        policy.validate_role(user.role, user.division_code)
    except ValueError:
        return None
    return user


def revoke_session(engine: Engine, *, session_id: str, now: dt.datetime | None = None) -> bool:
    """Revoke one session; True if it was open."""
    now = _now(now)
    with engine.begin() as conn:
        return conn.execute(update(AuthSession)
                            .where(AuthSession.id == session_key(session_id),
                                   AuthSession.revoked_at.is_(None))
                            .values(revoked_at=now)).rowcount > 0


def logout(engine: Engine, *, username: str, session_id: str | None,
           now: dt.datetime | None = None) -> None:
    """Sign out one browser: revoke its session, audit event `logout`."""
    now = _now(now)
    uname = normalize_username(username)
    with engine.begin() as conn:
        if session_id:
            conn.execute(update(AuthSession)
                         .where(AuthSession.id == session_key(session_id),
                                AuthSession.username == uname, AuthSession.revoked_at.is_(None))
                         .values(revoked_at=now))
        _audit(conn, username=uname, event="logout", now=now, detail="")


# --- demo accounts --------------------------------------------------------------------------


def ensure_demo_accounts(engine: Engine, *, demo_mode: bool | None = None,
                         now: dt.datetime | None = None) -> int:
    """Create the missing demo accounts (config.auth.DEMO_ACCOUNTS, password DEMO_PASSWORD).

    Demo mode only: outside it this does nothing and returns 0 (sign-in to such names is refused
    anyway). Idempotent: existing accounts are left as they are. The password is hashed once for
    all missing accounts, and not at all when none is missing. Returns the number created.
    """
    if not _demo_mode(demo_mode):
        return 0
    now = _now(now)
    with engine.begin() as conn:
        existing = set(conn.execute(select(AppUser.username)
                                    .where(AppUser.username.in_(policy.DEMO_USERNAMES))).scalars())
        missing = [a for a in policy.DEMO_ACCOUNTS if a.username not in existing]
        if not missing:
            return 0
        hashed = hash_password(policy.DEMO_PASSWORD)
        conn.execute(insert(AppUser), [
            {"username": a.username, "display_name": a.display_name, "email": "", "password_hash": hashed,
             "role": a.role, "division_code": a.division_code, "disabled": False,
             "sessions_valid_after": None, "created_at": now}
            for a in missing])
        _audit(conn, username="system", event="demo_accounts_created", now=now,
               detail=", ".join(a.username for a in missing))
    return len(missing)


def purge_demo_accounts(engine: Engine, *, actor: str = "cli", now: dt.datetime | None = None) -> int:
    """Delete the demo accounts and their sessions (for a database leaving demo mode).

    Returns the number of accounts deleted; audit event `demo_accounts_removed` when any.
    """
    now = _now(now)
    names = sorted(policy.DEMO_USERNAMES)
    with engine.begin() as conn:
        conn.execute(delete(AuthSession).where(AuthSession.username.in_(names)))
        removed = conn.execute(delete(AppUser).where(AppUser.username.in_(names))).rowcount
        if removed:
            _audit(conn, username="system", event="demo_accounts_removed", now=now, detail=f"by {actor}")
    return removed


# --- audit ----------------------------------------------------------------------------------

AUDIT_COLUMNS = ["occurred_at", "username", "event", "detail"]
AUDIT_EVENTS = ("login", "login_failed", "locked", "login_blocked", "login_throttled", "logout", "user_added",
                "user_disabled", "user_enabled", "password_reset", "sessions_revoked",
                "demo_accounts_created", "demo_accounts_removed",
                "explanation_saved")  # data_access.explanations.add_explanation


def record_event(engine: Engine, *, username: str, event: str, detail: str = "",
                 now: dt.datetime | None = None) -> None:
    """Append one audit event (e.g. an admin action such as a data import)."""
    now = _now(now)
    with engine.begin() as conn:
        _audit(conn, username=username, event=event[:30], detail=detail, now=now)


def audit_events(engine: Engine, limit: int = 200, *, username: str | None = None,
                 events: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """The latest audit events, newest first (at most `limit`; ties broken by insertion order).

    Events: login, login_failed (detail: the reason, for administrators only), locked (the failure
    that started a lock), login_blocked (an attempt refused during a lock), logout, and admin
    actions (user_added, user_disabled, user_enabled, password_reset, sessions_revoked,
    demo_accounts_created, demo_accounts_removed, or any `record_event`).
    Optional filters: one username, a list of event names.
    Columns: occurred_at (tz-aware UTC timestamp), username, event, detail.
    """
    stmt = select(AuditEvent.occurred_at, AuditEvent.username, AuditEvent.event, AuditEvent.detail)
    if username is not None:
        stmt = stmt.where(AuditEvent.username == normalize_username(username))
    if events:
        stmt = stmt.where(AuditEvent.event.in_(list(events)))
    stmt = stmt.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()).limit(max(0, int(limit)))
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(stmt).mappings().all(), columns=AUDIT_COLUMNS)
    frame["occurred_at"] = pd.to_datetime(frame["occurred_at"], utc=True)
    return frame


@dataclass(frozen=True)
class AuditPage:
    rows: pd.DataFrame  # AUDIT_COLUMNS, newest first
    total: int  # events matching the filters, over the whole trail


def audit_page(engine: Engine, *, username: str | None = None,
               events: list[str] | tuple[str, ...] | None = None, since: dt.datetime | None = None,
               before: dt.datetime | None = None, limit: int = 100, offset: int = 0) -> AuditPage:
    """One page of the audit trail over every event (the admin page pages through it all, so a
    flood of failed sign-ins cannot push older events out of sight).

    Filters (all optional, combined): `username` (exact, normalised), `events` (event names),
    `since` (inclusive) and `before` (exclusive), aware datetimes. Newest first, ties by insertion
    order; `limit` rows from `offset`. `total` counts every matching event. Bound parameters only.
    """
    conditions = []
    if username:
        conditions.append(AuditEvent.username == normalize_username(username))
    if events:
        conditions.append(AuditEvent.event.in_(list(events)))
    if since is not None:
        conditions.append(AuditEvent.occurred_at >= _now(since))
    if before is not None:
        conditions.append(AuditEvent.occurred_at < _now(before))
    stmt = (select(AuditEvent.occurred_at, AuditEvent.username, AuditEvent.event, AuditEvent.detail)
            .where(*conditions).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
            .limit(max(0, int(limit))).offset(max(0, int(offset))))
    with engine.connect() as conn:
        total = conn.execute(select(func.count(AuditEvent.id)).where(*conditions)).scalar_one()
        frame = pd.DataFrame(conn.execute(stmt).mappings().all(), columns=AUDIT_COLUMNS)
    frame["occurred_at"] = pd.to_datetime(frame["occurred_at"], utc=True)
    return AuditPage(rows=frame, total=int(total))
