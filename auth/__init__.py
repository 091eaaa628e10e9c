"""Sign-in for the dashboard: streamlit-authenticator 0.4.2, hardened (see auth/gate.py).

- `auth.gate`: the Streamlit side — `require_user`, `logout_button`, `sign_out`, `page_allowed`,
  `current_user`, `current_scope`, `CurrentUser`, `AuthUnavailable`.
- `auth.tokens`: the signed cookie and `validate_cookie_key` (no Streamlit run needed).
- `auth.accounts`: users, sessions, lockout and audit in the database.
- `config.auth`: roles, page access, start pages, cookie lifetimes, demo accounts.

The names are re-exported here lazily, so `import auth.tokens` (e.g. in manage.py) does not load
Streamlit.
"""
from __future__ import annotations

from typing import Any

_GATE = {"AuthUnavailable", "CurrentUser", "NotSignedIn", "current_scope", "current_user",
         "logout_button", "page_allowed", "require_user", "sign_out"}
_TOKENS = {"CookieKeyError", "validate_cookie_key"}

__all__ = sorted(_GATE | _TOKENS)


def __getattr__(name: str) -> Any:
    if name in _GATE:
        from auth import gate

        return getattr(gate, name)
    if name in _TOKENS:
        from auth import tokens

        return getattr(tokens, name)
    raise AttributeError(f"module 'auth' has no attribute {name!r}")
