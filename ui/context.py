"""What every page starts from: the signed-in user, their scope, the language and the as-of date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

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


def page_context() -> PageContext:
    """The page's context; stops the page (renders nothing) when nobody is signed in.

    app.py stores the user after the sign-in gate; a page run any other way shows no data.
    """
    user = st.session_state.get(USER_KEY)
    lang = current_lang()
    if user is None:
        st.stop()
    with guard(lang):
        as_of = current_as_of()
    if as_of is None:
        st.info(t("common.no_data", lang))
        st.stop()
    return PageContext(user=user, scope=user.scope, lang=lang, as_of=as_of)
