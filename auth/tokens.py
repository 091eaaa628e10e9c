"""The sign-in cookie: which key signs it, how it is encoded, and how a restored one is verified.

The cookie value is a JWT (HS256, signed with the cookie key) carrying the username (`sub`), the
id of a revocable server-side session (`sid`), and its issue and expiry instants (`iat`, `exp`).
Its claim names differ from streamlit-authenticator's own cookie (`username`, `exp_date`), so the
library's re-authentication path could never accept it. Verification checks the signature and the
expiry here, then the database (`auth.accounts.session_user`): session not revoked, user
enabled, issued after the user's last password reset/disable, within the lifetime of the role.

Importable without a Streamlit run (manage.py can call `validate_cookie_key`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import jwt
from sqlalchemy import Engine

from config import auth as policy
from config.settings import DEMO_COOKIE_KEY, PLACEHOLDER_KEYS, Settings
from auth import accounts
from data_access.db import UTC

TOKEN_TYPE = "seoul-dash-session"


class CookieKeyError(RuntimeError):
    """The cookie key is missing, too short or a placeholder (outside demo mode)."""


def _secrets_cookie_key() -> str | None:
    """`cookie_key` from Streamlit secrets, or None when there is no secrets file or no such key."""
    try:
        import streamlit as st

        value = st.secrets.get("cookie_key")
    except Exception:  # noqa: BLE001 - no secrets file, unreadable file: treated as "not set"
        return None
    return str(value) if value else None


def validate_cookie_key(settings: Settings) -> str:
    """The key that signs the sign-in cookie; raises CookieKeyError when it is unfit.

    Source: DASHBOARD_COOKIE_KEY, else `cookie_key` in Streamlit secrets. Outside demo mode the key
    must be set, at least MIN_COOKIE_KEY_BYTES (32) bytes long, and not one of
    config.settings.PLACEHOLDER_KEYS (which include the demo key). In demo mode a missing key
    falls back to config.settings.DEMO_COOKIE_KEY.
    """
    key = settings.dashboard_cookie_key or _secrets_cookie_key()
    if settings.demo_mode:
        return key or DEMO_COOKIE_KEY
    hint = ("set DASHBOARD_COOKIE_KEY (or cookie_key in .streamlit/secrets.toml) to at least "
            f"{policy.MIN_COOKIE_KEY_BYTES} random bytes, e.g. "
            "`python -c \"import secrets; print(secrets.token_urlsafe(48))\"`")
    if not key:
        raise CookieKeyError(f"no cookie key is configured outside demo mode: {hint}")
    if key.strip().lower() in PLACEHOLDER_KEYS or key in PLACEHOLDER_KEYS:
        raise CookieKeyError(f"the cookie key is a placeholder or the demo key: {hint}")
    if len(key.encode()) < policy.MIN_COOKIE_KEY_BYTES:
        raise CookieKeyError(f"the cookie key is only {len(key.encode())} bytes long: {hint}")
    return key


@dataclass(frozen=True)
class CookieClaims:
    username: str
    session_id: str
    issued_at: dt.datetime
    expires_at: dt.datetime


def encode_session_cookie(*, username: str, session_id: str, issued_at: dt.datetime,
                          expires_at: dt.datetime, key: str) -> str:
    """The signed cookie value for a session (JWT, HS256)."""
    return jwt.encode({"typ": TOKEN_TYPE, "sub": username, "sid": session_id,
                       "iat": int(issued_at.timestamp()), "exp": int(expires_at.timestamp())},
                      key, algorithm="HS256")


def decode_session_cookie(token: str, *, key: str, now: dt.datetime) -> CookieClaims | None:
    """The claims of a cookie whose signature, type and expiry (at `now`) check out, else None."""
    try:
        payload = jwt.decode(token, key, algorithms=["HS256"],
                             options={"verify_exp": False, "verify_iat": False,
                                      "require": ["sub", "sid", "iat", "exp"]})
    except jwt.PyJWTError:
        return None
    if payload.get("typ") != TOKEN_TYPE:
        return None
    sub, sid, iat, exp = payload["sub"], payload["sid"], payload["iat"], payload["exp"]
    if not (isinstance(sub, str) and isinstance(sid, str) and isinstance(iat, int)
            and isinstance(exp, int)):
        return None
    if now.timestamp() >= exp:
        return None
    return CookieClaims(username=sub, session_id=sid,
                        issued_at=dt.datetime.fromtimestamp(iat, UTC),
                        expires_at=dt.datetime.fromtimestamp(exp, UTC))


@dataclass(frozen=True)
class VerifiedSession:
    user: accounts.UserRecord
    session_id: str
    expires_at: dt.datetime


def verify_session_cookie(engine: Engine, token: str, *, key: str, now: dt.datetime,
                          demo_mode: bool) -> VerifiedSession | None:
    """A restored cookie, fully checked: signature and expiry, then the database session (not
    revoked, not expired, issued after the user's sessions_valid_after, within the lifetime of the
    user's current role, user enabled, no demo account outside demo mode). None when refused.
    Database errors propagate (SQLAlchemyError)."""
    claims = decode_session_cookie(token, key=key, now=now)
    if claims is None:
        return None
    user = accounts.session_user(engine, username=claims.username, session_id=claims.session_id,
                                 now=now, demo_mode=demo_mode)
    if user is None:
        return None
    return VerifiedSession(user=user, session_id=claims.session_id, expires_at=claims.expires_at)
