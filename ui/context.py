"""What every page starts from: the signed-in user, their scope, the language and the as-of date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from config.i18n import t
from data_access.scope import Scope
from server import internals
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
    user = st.session_state.get(USER_KEY)
    if user is None:
        if internals.in_pages_directory_mode():
            internals.route_by_navigation()
            st.rerun()
        st.stop()
    return user


def page_context() -> PageContext:
    """The page's context; stops the page (renders nothing) when nobody is signed in.

    app.py stores the user after the sign-in gate; a page run any other way shows no data.
    """
    user = signed_in_user()
    lang = current_lang()
    with guard(lang):
        as_of = current_as_of()
    if as_of is None:
        st.info(t("common.no_data", lang))
        st.stop()
    return PageContext(user=user, scope=user.scope, lang=lang, as_of=as_of)
