"""What every page starts from: the signed-in user, their scope, the language and the as-of date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from config.auth import WATCH_SECONDS
from config.i18n import t
from data_access.scope import Scope
from ui.data import current_as_of, guard
from ui.lang import current_lang

USER_KEY = "current_user"


@dataclass(frozen=True)
class PageContext:
    user: object
    scope: Scope
    lang: str
    as_of: dt.date


def signed_in_user():
    """The user app.py stored after the sign-in gate; without one the page stops and shows nothing.

    A fresh server's first session that starts on a deep link (say /budget) runs pages/budget.py
    directly: Streamlit keeps its old pages-directory mode until app.py has called st.navigation once.
    Such a run is handed back to app.py (the router and sign-in gate) for the same URL.
    """
    from ui.bootstrap import route_by_navigation

    user = st.session_state.get(USER_KEY)
    if user is None:
        route_by_navigation()
        st.stop()
    return user


def check_sign_in() -> None:
    """Run at the start of a fragment (which reruns without the router's gate): when the sign-in
    has ended (disabled, reset, revoked, expired; re-checked every REVALIDATE_SECONDS), rerun the
    whole app, which shows the login form instead of the page. A database outage is left to the
    page's own outage handling (the wall keeps its last figures under a warning)."""
    from auth.gate import AuthUnavailable, still_signed_in

    try:
        user = still_signed_in()
    except AuthUnavailable:
        return
    if user is None:
        st.session_state.pop(USER_KEY, None)
        st.rerun(scope="app")


@st.fragment(run_every=WATCH_SECONDS)
def watch_sign_in() -> None:
    """A fragment without elements that checks the sign-in every WATCH_SECONDS (app.py renders it
    on every page but the wall, whose own fragments check): a page left open shows the login form
    within REVALIDATE_SECONDS + WATCH_SECONDS of a revocation."""
    check_sign_in()


def require_page(user, page_key: str, lang: str) -> None:
    """Each page checks its role itself (not only the router): a refusal, and the page stops."""
    from auth.gate import page_allowed
    from ui.refusal import refuse

    if not page_allowed(user, page_key):
        refuse(user, page_key, lang)
        st.stop()


def page_context(page_key: str | None = None) -> PageContext:
    """The page's context; stops the page (renders nothing) when nobody is signed in, and with
    `page_key` refuses (ui.refusal) a user whose role may not open that page.

    app.py stores the user after the sign-in gate; a page run any other way shows no data.
    """
    user = signed_in_user()
    lang = current_lang()
    if page_key is not None:
        require_page(user, page_key, lang)
    with guard(lang):
        as_of = current_as_of()
    if as_of is None:
        st.info(t("common.no_data", lang))
        st.stop()
    return PageContext(user=user, scope=user.scope, lang=lang, as_of=as_of)
