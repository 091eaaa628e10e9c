"""The Streamlit side of sign-in: a fast cookie restore, streamlit-authenticator's login form with
database-backed checks, logout, role page access and the division scope.

How a page load goes (every full page load is a new Streamlit session):

1. Signed in earlier in this session (`st.session_state`): return the user. Every
   REVALIDATE_SECONDS the session is re-checked in the database, so a logout elsewhere, a disable
   or a password reset also ends sessions that are open.
2. FAST PATH, first run of a new session: the signed cookie is read from `st.context.cookies`
   (sent with the websocket handshake, no component involved), its JWT signature and expiry are
   checked, then one indexed query checks the server-side session (not revoked, not expired,
   issued after the user's last reset/disable, within the role's lifetime, user enabled). On
   success `st.session_state` gets what streamlit-authenticator itself would set
   (authentication_status, username, name, email, roles) plus our `CurrentUser`, and the library
   is never touched: it is not even imported, no `Authenticate` object is built (building one
   renders the extra-streamlit-components CookieManager, a component round trip followed by a
   rerun), and its `login()` (with its `time.sleep(login_sleep_time)`, 0.7 s by default) never
   runs.
3. No valid cookie: streamlit-authenticator's `Authenticate.login()` renders the login form and
   runs its login flow, with these hooks (see `_library()`):
   - the password check (`AuthenticationModel.check_credentials`) is replaced by
     `auth.accounts.authenticate`: the library's own check counts failures in a dict per
     process and returns early for an unknown user, so it can neither hold a lockout across
     sessions and restarts nor spend equal work on unknown and known users. The credentials dict
     the library sees is empty and gets the one user only after the database accepted the
     password, so the library's own bookkeeping (session_state, callback) runs on that entry.
   - the cookie model is replaced by one whose `get_cookie` returns nothing (the library's
     re-authentication from its own cookie is disabled: restores go through step 2 only), whose
     `set_cookie` does nothing, and which creates the library's CookieManager component only when
     a cookie must be written or deleted, so the login page itself has no component round trip
     (`Authenticate.__init__` would render it at once; `GateAuthenticate` sets the same
     attributes without that). After a successful login the gate removes the form and writes its
     own payload (username + revocable session id, `auth.tokens`) with the role's lifetime as
     expiry. Under asgi.py (every deployment) the server sets it: `auth.cookie_route` hands the
     value to a route of st.App under a one-time id and a 1-pixel image makes the browser fetch
     it, so the cookie is HttpOnly, SameSite=Strict and Secure behind TLS (sign-out deletes it the
     same way). Under a plain `streamlit run app.py` (no routes) it is written through that
     CookieManager (SameSite=Strict, Secure on https, readable by scripts). Either write is
     rendered again on the following runs until the browser has it, so an early rerun cannot lose
     it. `login_sleep_time` is 0.
   The per-client throttle (`auth.throttle`) refuses an address with too many recent failures
   before any password check.
   Messages: one message for unknown user / wrong password / disabled account, one for a lock.
4. Logout: the server-side session is revoked (audit `logout`), session_state is cleared, and the
   next run (the login form) deletes the browser cookie (server route, or the CookieManager).
5. Fragments run without this gate: they call `still_signed_in` (ui.context.check_sign_in), so
   an open page (the wall's panels) ends when its sign-in does.

Database errors anywhere raise `AuthUnavailable`; a weak cookie key outside demo mode raises
`auth.tokens.CookieKeyError`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from auth import cookie_route
from auth.throttle import THROTTLE, client_address
from auth.tokens import CookieKeyError, encode_session_cookie, validate_cookie_key, verify_session_cookie
from config import auth as policy
from config.settings import Settings, get_settings
from auth import accounts
from data_access.db import UTC
from data_access.scope import Scope

__all__ = [
    "AuthUnavailable", "CookieKeyError", "CurrentUser", "DEFAULT_LABELS", "NotSignedIn",
    "current_scope", "current_user", "logout_button", "page_allowed", "require_user", "sign_out",
    "still_signed_in",
    "validate_cookie_key",
]

Clock = Callable[[], dt.datetime]


class AuthUnavailable(RuntimeError):
    """The user database cannot be reached (or refused a query): sign-in state is unknown."""


class NotSignedIn(PermissionError):
    """A scope or user was asked for while nobody is signed in."""


@dataclass(frozen=True)
class CurrentUser:
    username: str
    name: str
    role: str
    division_code: str | None
    scope: Scope
    email: str = ""
    session_id: str = field(default="", repr=False, compare=False)

    @property
    def allowed_pages(self) -> tuple[str, ...]:
        return policy.allowed_pages(self.role, self.division_code)

    @property
    def start_page(self) -> str | None:
        return policy.start_page(self.role)

    @property
    def is_admin(self) -> bool:
        return self.role == policy.ADMIN


# session_state keys of the gate (the library's own keys are LIBRARY_KEYS)
USER_STATE_KEY = "dash_auth_user"
_CHECKED = "dash_auth_checked_at"
_ENGINE = "dash_auth_engine"
_SIGNED_OUT = "dash_auth_signed_out"
_REJECTED = "dash_auth_rejected_cookie"
_PENDING_COOKIE = "dash_auth_pending_cookie"
_PENDING_REVOKE = "dash_auth_pending_revoke"  # a logout the database could not record yet
_COOKIE_DELETE_PATH = "dash_auth_cookie_delete_path"  # the server route's delete image (auth.cookie_route)
# A written cookie is confirmed by the component's reply; until then (at most this many runs) the
# write is rendered again, so a rerun that comes before the browser ran it cannot lose the cookie.
MAX_COOKIE_WRITE_RUNS = 20
LIBRARY_KEYS = ("name", "username", "authentication_status", "email", "roles")
LOGIN_FORM_KEY = "dash_login"
COOKIE_SET_KEY = "dash_cookie_set"
COOKIE_DELETE_KEY = "dash_cookie_delete"

DEFAULT_LABELS: dict[str, dict[str, str]] = {
    "ko": {
        "form_name": "로그인", "username": "아이디", "password": "비밀번호", "submit": "로그인",
        "failed": "아이디 또는 비밀번호가 올바르지 않습니다.",
        "locked": "로그인 시도가 너무 많아 잠시 잠겼습니다. {minutes}분 뒤에 다시 시도하세요.",
        "throttled": "이 컴퓨터에서 로그인 실패가 너무 많습니다. {minutes}분 뒤에 다시 시도하세요.",
        "logout": "로그아웃", "demo_hint": "",
    },
    "en": {
        "form_name": "Sign in", "username": "Username", "password": "Password", "submit": "Sign in",
        "failed": "The username or password is incorrect.",
        "locked": "Too many sign-in attempts: locked for now. Try again in {minutes} minutes.",
        "throttled": "Too many failed sign-ins from this computer. Try again in {minutes} minutes.",
        "logout": "Sign out", "demo_hint": "",
    },
}
# The same labels from config/i18n.py when it has them (the app's single source of strings).
_I18N_KEYS = {"form_name": "login.title", "username": "login.username", "password": "login.password",
              "submit": "login.submit", "failed": "login.failed", "locked": "login.locked",
              "throttled": "login.throttled",
              "logout": "user.logout", "demo_hint": "login.demo_hint"}


def _labels(lang: str, labels: dict[str, str] | None) -> dict[str, str]:
    lang = lang if lang in DEFAULT_LABELS else "ko"
    merged = dict(DEFAULT_LABELS[lang])
    try:
        from config.i18n import STRINGS, t

        merged.update({name: t(key, lang) for name, key in _I18N_KEYS.items() if key in STRINGS})
    except ImportError:  # pragma: no cover - i18n is part of the app
        pass
    merged.update(labels or {})
    return merged


def _utcnow() -> dt.datetime:
    return dt.datetime.now(UTC)


def _db(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a database function; any SQLAlchemy error becomes AuthUnavailable."""
    try:
        return fn(*args, **kwargs)
    except SQLAlchemyError as exc:
        raise AuthUnavailable(f"user database unavailable: {type(exc).__name__}") from exc


def _browser_cookie(name: str) -> str | None:
    """The cookie sent with this session's websocket handshake (no component round trip)."""
    try:
        value = st.context.cookies.get(name)
    except Exception:  # noqa: BLE001 - no client context (bare mode)
        return None
    return value or None


def _set_signed_in(record: accounts.UserRecord, session_id: str, now: dt.datetime) -> CurrentUser:
    scope = Scope(record.division_code) if record.role == policy.DIVISION_HEAD else Scope.office()
    user = CurrentUser(username=record.username, name=record.display_name, role=record.role,
                       division_code=record.division_code, scope=scope, email=record.email,
                       session_id=session_id)
    state = st.session_state
    state[USER_STATE_KEY] = user
    state[_CHECKED] = now
    state.pop(_SIGNED_OUT, None)
    # what streamlit-authenticator sets after a login, for code that reads the library's keys
    state["authentication_status"] = True
    state["username"] = record.username
    state["name"] = record.display_name
    state["email"] = record.email
    state["roles"] = [record.role]
    state["logout"] = None
    return user


def _clear_signed_in(*, signed_out: bool) -> None:
    state = st.session_state
    state.pop(USER_STATE_KEY, None)
    state.pop(_CHECKED, None)
    state.pop(_PENDING_COOKIE, None)
    for key in LIBRARY_KEYS:
        state[key] = None
    state["logout"] = True if signed_out else None
    if signed_out:
        state[_SIGNED_OUT] = True


def require_user(engine: Engine, *, lang: str = "ko", labels: dict[str, str] | None = None,
                 settings: Settings | None = None, clock: Clock | None = None) -> CurrentUser | None:
    """The signed-in user, or None after rendering the login form (the caller then st.stop()s).

    `labels` overrides the form texts: form_name, username, password, submit, failed, locked
    (with `{minutes}`), demo_hint. `settings` defaults to get_settings(); `clock` (returns an aware
    datetime) defaults to the current UTC time. Raises AuthUnavailable when the user database
    cannot be reached, CookieKeyError when the cookie key is unfit outside demo mode.
    """
    settings = settings or get_settings()
    key = validate_cookie_key(settings)
    now_fn = clock or _utcnow
    state = st.session_state
    state[_ENGINE] = engine

    user: CurrentUser | None = state.get(USER_STATE_KEY)
    if user is not None:
        user = _recheck(engine, user, settings=settings, now_fn=now_fn)
        if user is not None:
            _finish_cookie_write()
            return user
    elif not state.get(_SIGNED_OUT):
        token = _browser_cookie(settings.dashboard_cookie_name)
        if token and token != state.get(_REJECTED):
            now = now_fn()
            verified = _db(verify_session_cookie, engine, token, key=key, now=now,
                           demo_mode=settings.demo_mode)
            if verified is not None:
                return _set_signed_in(verified.user, verified.session_id, now)
            state[_REJECTED] = token  # do not query again for the same cookie in this session
    return _login(engine, settings=settings, key=key, now_fn=now_fn, labels=_labels(lang, labels))


def _recheck(engine: Engine, user: CurrentUser, *, settings: Settings, now_fn: Clock) -> CurrentUser | None:
    """`user` if still signed in: re-checked in the database once every REVALIDATE_SECONDS
    (revoked, disabled, reset, expired); None after clearing the sign-in when it ended."""
    now = now_fn()
    checked: dt.datetime | None = st.session_state.get(_CHECKED)
    if checked is not None and checked <= now < checked + dt.timedelta(seconds=policy.REVALIDATE_SECONDS):
        return user
    record = _db(accounts.session_user, engine, username=user.username,
                 session_id=user.session_id, now=now, demo_mode=settings.demo_mode)
    if record is not None:
        return _set_signed_in(record, user.session_id, now)
    _clear_signed_in(signed_out=True)  # revoked or expired meanwhile: drop the browser cookie too
    return None


def still_signed_in(*, settings: Settings | None = None, clock: Clock | None = None) -> CurrentUser | None:
    """For code that runs without the router, i.e. fragments (the wall's panels, the page watcher):
    the signed-in user, re-checked in the database every REVALIDATE_SECONDS like require_user does;
    None when nobody is signed in or the sign-in ended (account disabled, password reset, session
    revoked, lifetime over), in which case the sign-in is cleared and the next full run shows the
    login form and deletes the cookie. Raises AuthUnavailable when the database cannot answer."""
    state = st.session_state
    user: CurrentUser | None = state.get(USER_STATE_KEY)
    engine = state.get(_ENGINE)
    if user is None or engine is None:
        return None
    return _recheck(engine, user, settings=settings or get_settings(), now_fn=clock or _utcnow)


def _cookie_manager() -> Any:
    """The library's CookieManager (extra-streamlit-components), rendered where this is called:
    the same component and key ("init") that streamlit-authenticator's CookieModel creates."""
    import extra_streamlit_components as stx

    return stx.CookieManager()


@lru_cache(maxsize=1)
def _library() -> type:
    """streamlit-authenticator, imported on the login path only, with the gate's hooks into it.

    Returns GateAuthenticate, the library's `Authenticate` (its `login()` renders the form and runs
    the library's login flow) wired to a database password check and to a cookie model that
    neither reads nor writes the library's own cookie.
    """
    from streamlit_authenticator import Authenticate
    from streamlit_authenticator.controllers import AuthenticationController, CookieController
    from streamlit_authenticator.models import AuthenticationModel, CookieModel
    from streamlit_authenticator.utilities import Encryptor

    class DbAuthenticationModel(AuthenticationModel):
        """The library's model with the password check done by the database.

        `check_credentials` is the single place where the library decides a password; replacing
        it (rather than passing a credentials dict with every user's hash) gives the DB lockout,
        the dummy-hash check for unknown users, the disabled/demo refusals and the audit trail,
        while the library keeps rendering the form and setting its session_state keys.
        """

        def __init__(self, engine: Engine, *, secret_key: str, now_fn: Clock, demo_mode: bool,
                     client: str = "") -> None:
            super().__init__({"usernames": {}}, False, None, None, secret_key, None, None)
            self.engine = engine
            self.now_fn = now_fn
            self.demo_mode = demo_mode
            self.client = client
            self.last_result: accounts.LoginResult | None = None

        def check_credentials(self, username: str, password: str) -> bool:
            now = self.now_fn()
            until = THROTTLE.blocked_until(self.client, now)
            if until is not None:  # this address failed too often: refused before any password check
                _db(accounts.record_event, self.engine, username=accounts.normalize_username(username),
                    event="login_throttled", now=now,
                    detail=f"from {self.client}; too many failed sign-ins until {until.isoformat()}")
                result = accounts.LoginResult("throttled", locked_until=until)
            else:
                result = _db(accounts.authenticate, self.engine, username=username, password=password or "",
                             now=now, demo_mode=self.demo_mode, client=self.client)
                if not result.ok:
                    THROTTLE.record_failure(self.client, now)
            self.last_result = result
            if not result.ok:
                return False
            self.credentials["usernames"][username] = {
                "name": result.user.display_name, "email": result.user.email, "roles": [result.user.role]}
            return True

    class GateCookieModel(CookieModel):
        """The library's cookie model without the library's cookie.

        Reading is the gate's fast path (so `get_cookie` returns nothing and the library never
        re-authenticates from a cookie), writing is done by the gate once the form is gone (a
        signed payload with a revocable session id, so `set_cookie` does nothing). The
        CookieManager component is created on first use only (to write or delete the cookie), so
        a login page does not pay its round trip and rerun.
        """

        def __init__(self, cookie_name: str, cookie_key: str) -> None:
            # CookieModel.__init__ would render the CookieManager at once; set its attributes.
            self.cookie_name = cookie_name
            self.cookie_key = cookie_key
            self.cookie_expiry_days = None
            self.token = None
            self.exp_date = None
            self._cookie_manager: Any = None

        @property
        def cookie_manager(self) -> Any:
            if self._cookie_manager is None:
                self._cookie_manager = _cookie_manager()
            return self._cookie_manager

        def get_cookie(self) -> None:
            return None

        def set_cookie(self) -> None:
            return None

        def delete_cookie(self) -> None:
            if cookie_route.enabled:  # an HttpOnly cookie: only the server can delete it
                _server_cookie_delete(self.cookie_name)
            else:
                _delete_browser_cookie(self.cookie_manager, self.cookie_name)

    class GateAuthenticate(Authenticate):
        """`Authenticate` built with the gate's models.

        `Authenticate.__init__` would create a CookieController whose CookieModel renders the
        CookieManager component immediately (a round trip whose reply reruns the login page);
        this sets the same attributes as `Authenticate.__init__` in 0.4.2 (a test compares them)
        with the lazy GateCookieModel and the DbAuthenticationModel. `login_sleep_time` is 0.
        """

        def __init__(self, engine: Engine, *, cookie_name: str, cookie_key: str, now_fn: Clock,
                     demo_mode: bool, client: str = "") -> None:
            self.api_key = None
            self.attrs = {"login_sleep_time": 0}
            self.secret_key = cookie_key
            self.path = None
            self.cookie_controller = CookieController.__new__(CookieController)
            self.cookie_controller.cookie_model = GateCookieModel(cookie_name, cookie_key)
            self.authentication_controller = AuthenticationController(
                {"usernames": {}}, None, False, None, None, cookie_key, None)
            self.authentication_controller.authentication_model = DbAuthenticationModel(
                engine, secret_key=cookie_key, now_fn=now_fn, demo_mode=demo_mode, client=client)
            self.encryptor = Encryptor(cookie_key)

        @property
        def last_result(self) -> accounts.LoginResult | None:
            """The database's answer to this run's form submission (None: nothing submitted)."""
            return self.authentication_controller.authentication_model.last_result

    return GateAuthenticate


def _delete_browser_cookie(cookie_manager: Any, name: str) -> None:
    try:
        cookie_manager.delete(name, key=COOKIE_DELETE_KEY)
    except KeyError:  # the CookieManager had not read that cookie (yet): the delete is still sent
        pass


def _pixel(path: str) -> None:
    """The 1-pixel image whose request makes the server set or delete the cookie (auth.cookie_route)."""
    st.html(f'<img src="{path}" alt="" width="1" height="1" style="position:absolute;opacity:0">')


def _server_cookie_delete(name: str) -> None:
    """Delete the HttpOnly cookie through the server route; one image per session until fetched."""
    state = st.session_state
    path = state.get(_COOKIE_DELETE_PATH)
    if path is not None and cookie_route.delivered(path):
        return
    if path is None:
        path = state[_COOKIE_DELETE_PATH] = cookie_route.offer(name, "", None)
    _pixel(path)


def _write_cookie(cookie_model: Any, *, name: str, token: str, expires_at: dt.datetime) -> None:
    """Queue the sign-in cookie and render its write: set by the server (HttpOnly) under asgi.py,
    else through the library's CookieManager."""
    pending = {"name": name, "token": token, "expires_at": expires_at, "secure": _is_https() or None, "runs": 0}
    st.session_state.pop(_COOKIE_DELETE_PATH, None)
    if cookie_route.enabled:
        pending["image"] = cookie_route.offer(name, token, expires_at)
        st.session_state[_PENDING_COOKIE] = pending
        _finish_cookie_write()
        return
    st.session_state[_PENDING_COOKIE] = pending
    _finish_cookie_write(cookie_model.cookie_manager)


def _finish_cookie_write(cookie_manager: Any | None = None) -> None:
    """Render the pending cookie write until the browser confirms it (the component's value under
    COOKIE_SET_KEY turns True), at most MAX_COOKIE_WRITE_RUNS runs. Nothing is rendered when no
    write is pending, i.e. always on a page load restored from the cookie."""
    state = st.session_state
    pending = state.get(_PENDING_COOKIE)
    if pending is None:
        return
    if (pending["runs"] > 0 and state.get(COOKIE_SET_KEY) is True) or pending["runs"] >= MAX_COOKIE_WRITE_RUNS:
        state.pop(_PENDING_COOKIE, None)
        return
    if "image" in pending:  # the server route sets it: done once the browser fetched the image
        if cookie_route.delivered(pending["image"]) or pending["runs"] >= MAX_COOKIE_WRITE_RUNS:
            state.pop(_PENDING_COOKIE, None)
            return
        pending["runs"] += 1
        _pixel(pending["image"])
        return
    pending["runs"] += 1
    if cookie_manager is None:
        cookie_manager = _cookie_manager()
    cookie_manager.set(pending["name"], pending["token"], key=COOKIE_SET_KEY, expires_at=pending["expires_at"],
                       same_site="strict", secure=pending["secure"])


def _client(settings: Settings) -> str:
    """This session's client address (auth.throttle.client_address): the websocket peer, or what
    a trusted proxy (DASHBOARD_TRUSTED_PROXIES, nginx on loopback) forwards."""
    try:
        peer, headers = st.context.ip_address, st.context.headers
    except Exception:  # noqa: BLE001 - no client context (bare mode)
        peer, headers = None, None
    return client_address(peer, headers, settings.trusted_proxies)


def _is_https() -> bool:
    try:
        return str(st.context.url or "").startswith("https://")
    except Exception:  # noqa: BLE001
        return False


def _login(engine: Engine, *, settings: Settings, key: str, now_fn: Clock,
           labels: dict[str, str]) -> CurrentUser | None:
    state = st.session_state
    if state.get("authentication_status") and state.get(USER_STATE_KEY) is None:
        state["authentication_status"] = None  # the library only renders the form when not set
    authenticator = _library()(engine, cookie_name=settings.dashboard_cookie_name, cookie_key=key,
                               now_fn=now_fn, demo_mode=settings.demo_mode, client=_client(settings))
    cookie_model = authenticator.cookie_controller.cookie_model
    if state.get(_SIGNED_OUT):
        cookie_model.delete_cookie()  # after a logout: repeated on each login-page run, idempotent
        _retry_pending_revoke(engine, now_fn())

    box = st.empty()
    with box.container():
        authenticator.login(location="main", key=LOGIN_FORM_KEY, fields={
            "Form name": labels["form_name"], "Username": labels["username"],
            "Password": labels["password"], "Login": labels["submit"]})
        if settings.demo_mode and labels.get("demo_hint"):
            st.caption(labels["demo_hint"])
    result = authenticator.last_result
    if result is None:
        return None
    now = now_fn()
    if result.ok and result.session is not None and result.user is not None:
        box.empty()
        session = result.session
        token = encode_session_cookie(username=session.username, session_id=session.session_id,
                                      issued_at=session.issued_at, expires_at=session.expires_at, key=key)
        # Rendered outside the emptied form box; repeated on the next runs until the browser
        # confirms it (see _finish_cookie_write).
        _write_cookie(cookie_model, name=settings.dashboard_cookie_name, token=token,
                      expires_at=session.expires_at)
        return _set_signed_in(result.user, session.session_id, now)
    state["authentication_status"] = False
    if result.status == "throttled":
        st.error(labels["throttled"].format(minutes=accounts.minutes_left(result.locked_until, now)))
    elif result.status == "locked":
        st.error(labels["locked"].format(minutes=accounts.minutes_left(result.locked_until, now)))
    else:
        st.error(labels["failed"])
    return None


def sign_out(*, engine: Engine | None = None, clock: Clock | None = None) -> None:
    """Sign this browser out: clear session_state, revoke the server-side session (audit
    `logout`); the next run of require_user deletes the browser cookie.

    When the database cannot record the revocation, the local sign-in is cleared all the same,
    the revocation is kept and retried by the next require_user run, and AuthUnavailable is
    raised."""
    state = st.session_state
    user: CurrentUser | None = state.get(USER_STATE_KEY)
    engine = engine or state.get(_ENGINE)
    _clear_signed_in(signed_out=True)
    if user is None:
        return
    if engine is None:
        from data_access.db import get_engine

        engine = get_engine()
    state[_PENDING_REVOKE] = (user.username, user.session_id)
    _db(accounts.logout, engine, username=user.username, session_id=user.session_id,
        now=(clock or _utcnow)())
    state.pop(_PENDING_REVOKE, None)


def _retry_pending_revoke(engine: Engine, now: dt.datetime) -> None:
    pending = st.session_state.get(_PENDING_REVOKE)
    if pending is not None:
        _db(accounts.logout, engine, username=pending[0], session_id=pending[1], now=now)
        st.session_state.pop(_PENDING_REVOKE, None)


def logout_button(user: CurrentUser | None, label: str | None = None, *,
                  location: Literal["sidebar", "main"] = "sidebar", key: str = "dash_logout",
                  engine: Engine | None = None, clock: Clock | None = None) -> None:
    """Render a logout button (in the sidebar by default); on click sign out (`sign_out`: revoke
    server-side, clear session_state) and rerun to the login form, which deletes the browser
    cookie. Renders nothing when `user` is None. `engine` defaults to the one require_user used."""
    if user is None:
        return
    container = st.sidebar if location == "sidebar" else st
    if container.button(label or DEFAULT_LABELS["ko"]["logout"], key=key):
        try:
            sign_out(engine=engine, clock=clock)
        except AuthUnavailable:
            pass  # signed out here; the revocation is retried by the next require_user run
        st.rerun()


def current_user() -> CurrentUser | None:
    """The user signed in to this session, or None."""
    return st.session_state.get(USER_STATE_KEY)


def current_scope() -> Scope:
    """The data scope of the signed-in user: the whole office for admin, executive and display,
    the own division for a division head. Raises NotSignedIn when nobody is signed in."""
    user = current_user()
    if user is None:
        raise NotSignedIn("nobody is signed in")
    return user.scope


def page_allowed(user: CurrentUser | None, page_key: str) -> bool:
    """Whether `user` may open the page `page_key` (config.auth.allowed_pages); False for None."""
    return user is not None and page_key in policy.allowed_pages(user.role, user.division_code)
