"""The current language: `?lang=en` or the sidebar toggle; Korean by default."""
from __future__ import annotations

import streamlit as st

from config.i18n import DEFAULT_LANG, LANGS, t


def current_lang() -> str:
    requested = st.query_params.get("lang")
    if requested in LANGS:
        st.session_state["lang"] = requested
    return st.session_state.get("lang", DEFAULT_LANG)


def language_toggle() -> str:
    """A sidebar toggle between Korean and English; keeps `?lang=` in the URL for deep links."""
    lang = current_lang()
    english = st.sidebar.toggle(t("lang.toggle", lang), value=(lang == "en"), key="lang_toggle")
    chosen = "en" if english else "ko"
    if chosen != lang:
        st.session_state["lang"] = chosen
        _sync_query_param(chosen)
        st.rerun()
    _sync_query_param(chosen)
    return chosen


def _sync_query_param(lang: str) -> None:
    if lang == DEFAULT_LANG:
        if "lang" in st.query_params:
            del st.query_params["lang"]
    elif st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
