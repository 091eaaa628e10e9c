"""Sign-in policy: roles, the pages each role may open, start pages, cookie lifetimes, lockout
limits and the demo accounts.

Pure data and small pure functions: no Streamlit, no database. `auth.gate` and
`auth.accounts` read everything they enforce from here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# --- roles and divisions ---------------------------------------------------------------------

ADMIN = "admin"
EXECUTIVE = "executive"
DIVISION_HEAD = "division_head"
DISPLAY = "display"
ROLES: tuple[str, ...] = (ADMIN, EXECUTIVE, DIVISION_HEAD, DISPLAY)

# Same codes and order as loading/demo/org.py (a test keeps them in step).
DIVISION_CODES: tuple[str, ...] = ("civic", "brand", "service", "newmedia", "rapid")

# --- pages -----------------------------------------------------------------------------------

PAGE_KEYS: tuple[str, ...] = (
    "overview", "budget", "complaints", "citizen_hall", "brand", "sns", "metrics", "divisions", "alerts",
    "data_status", "wall", "admin_audit", "admin_import", "admin_loads",
)
ADMIN_PAGES: tuple[str, ...] = ("admin_audit", "admin_import", "admin_loads")

# The page a division owns; a division head of that division may open it.
DIVISION_PAGES: dict[str, str] = {"civic": "citizen_hall", "brand": "brand", "newmedia": "sns"}
DIVISION_HEAD_BASE_PAGES: tuple[str, ...] = ("overview", "budget", "complaints", "metrics", "divisions",
                                             "alerts", "data_status")

START_PAGES: dict[str, str] = {
    ADMIN: "overview",
    EXECUTIVE: "overview",
    DIVISION_HEAD: "divisions",
    DISPLAY: "wall",
}
START_PAGE = START_PAGES  # the name app.py uses


def allowed_pages(role: str, division_code: str | None = None) -> tuple[str, ...]:
    """The page keys `role` may open, in PAGE_KEYS order; empty for an unknown role.

    admin: every page. executive: every page but the admin pages (the wall included).
    division_head: overview, budget, complaints, metrics, divisions, alerts, data_status, plus the page their
    division owns (civic → citizen_hall, brand → brand, newmedia → sns). display: the wall only.
    """
    if role == ADMIN:
        allowed = set(PAGE_KEYS)
    elif role == EXECUTIVE:
        allowed = set(PAGE_KEYS) - set(ADMIN_PAGES)
    elif role == DIVISION_HEAD:
        if division_code not in DIVISION_CODES:
            return ()
        allowed = set(DIVISION_HEAD_BASE_PAGES)
        if division_code in DIVISION_PAGES:
            allowed.add(DIVISION_PAGES[division_code])
    elif role == DISPLAY:
        allowed = {"wall"}
    else:
        return ()
    return tuple(key for key in PAGE_KEYS if key in allowed)


def start_page(role: str) -> str | None:
    """The page a role lands on after signing in (None for an unknown role)."""
    return START_PAGES.get(role)


def validate_role(role: str, division_code: str | None) -> None:
    """Raise ValueError unless (role, division_code) is a valid pair.

    A division head needs one of DIVISION_CODES; every other role has no division.
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    if role == DIVISION_HEAD:
        if division_code not in DIVISION_CODES:
            raise ValueError(f"a division head needs a division code, one of {', '.join(DIVISION_CODES)}")
    elif division_code is not None:
        raise ValueError(f"role {role!r} takes no division code (got {division_code!r})")


# --- sessions and cookies --------------------------------------------------------------------

# How long a sign-in lasts, by role; enforced server-side (AuthSession.expires_at and a check of
# issued_at + lifetime against the user's current role on every restore).
COOKIE_LIFETIMES: dict[str, dt.timedelta] = {
    ADMIN: dt.timedelta(days=1),
    EXECUTIVE: dt.timedelta(days=1),
    DIVISION_HEAD: dt.timedelta(days=1),
    DISPLAY: dt.timedelta(days=30),
}
DEFAULT_COOKIE_LIFETIME = dt.timedelta(days=1)


def cookie_lifetime(role: str) -> dt.timedelta:
    """The sign-in lifetime of a role (display: 30 days, others: 1 day)."""
    return COOKIE_LIFETIMES.get(role, DEFAULT_COOKIE_LIFETIME)


# An open Streamlit session re-checks its sign-in against the database this often, so a logout
# elsewhere, a disable or a password reset also ends sessions that are already open: every page
# watches its sign-in every WATCH_SECONDS (ui.context.watch_sign_in; the wall in its clock, every
# 10 s), so an open page ends at most REVALIDATE_SECONDS + WATCH_SECONDS (30 s) after the change,
# well inside the minute the issue allows, also on a loaded server.
REVALIDATE_SECONDS = 20
WATCH_SECONDS = 10
MIN_COOKIE_KEY_BYTES = 32

# --- lockout ---------------------------------------------------------------------------------

MAX_FAILED_ATTEMPTS = 5
FAILURE_WINDOW = dt.timedelta(minutes=15)  # five failures within this window ...
LOCKOUT_DURATION = dt.timedelta(minutes=15)  # ... lock the username for this long
# Per client address (auth.throttle): this many failed sign-ins within CLIENT_WINDOW, from any
# usernames, refuse the address's further attempts until the oldest leaves the window.
CLIENT_MAX_FAILURES = 20
CLIENT_WINDOW = dt.timedelta(minutes=15)

# --- passwords -------------------------------------------------------------------------------

MIN_PASSWORD_LENGTH = 10

# --- demo accounts ---------------------------------------------------------------------------

DEMO_PASSWORD = "seoul-demo-2016"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: str
    division_code: str | None = None


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("exec", "시민소통기획관 (데모)", EXECUTIVE),
    DemoAccount("civic", "시민소통담당관 (데모)", DIVISION_HEAD, "civic"),
    DemoAccount("brand", "도시브랜드담당관 (데모)", DIVISION_HEAD, "brand"),
    DemoAccount("service", "시민봉사담당관 (데모)", DIVISION_HEAD, "service"),
    DemoAccount("newmedia", "뉴미디어담당관 (데모)", DIVISION_HEAD, "newmedia"),
    DemoAccount("rapid", "신속행정담당관 (데모)", DIVISION_HEAD, "rapid"),
    DemoAccount("wall", "상황판 (데모)", DISPLAY),
    DemoAccount("admin", "관리자 (데모)", ADMIN),
)
# Reserved outside demo mode: sign-in to these names is refused and add_user will not create them.
DEMO_USERNAMES: frozenset[str] = frozenset(a.username for a in DEMO_ACCOUNTS)
