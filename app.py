"""Router: page config, sign-in gate, `st.navigation`. No queries here.

Every page URL is registered on every run, also before sign-in, so a deep link such as /budget
survives the sign-in (streamlit-authenticator issue 179): a signed-out visitor gets the login form
instead of the page, and a page the user's role may not open answers with a clear refusal.
"""
from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="시민소통기획관 대시보드", page_icon="🏛️", layout="wide")

from auth.gate import AuthUnavailable, CookieKeyError, logout_button, page_allowed, require_user  # noqa: E402
from config.auth import START_PAGE  # noqa: E402
from config.i18n import t  # noqa: E402
from config.pages import PAGES, SECTIONS  # noqa: E402
from config.settings import get_settings  # noqa: E402
from ui.bootstrap import ensure_database  # noqa: E402
from ui.context import USER_KEY  # noqa: E402
from ui.data import rerun_when_database_returns  # noqa: E402
from ui.kiosk import apply_kiosk_style  # noqa: E402
from ui.text import plain  # noqa: E402
from ui.lang import current_lang, language_toggle  # noqa: E402
from ui.print_css import inject_print_css  # noqa: E402


def _forbidden(page_key: str, lang: str):
    def refuse() -> None:
        st.error(t("auth.forbidden", lang, page=t(f"nav.{page_key}", lang)), icon="🔒")

    refuse.__name__ = f"forbidden_{page_key}"
    return refuse


def _pages(user, lang: str) -> tuple[dict[str, list[st.Page]], dict[int, str]]:
    """The navigation sections, and which page key each page object stands for."""
    start = START_PAGE[user.role] if user else "overview"
    sections: dict[str, list[st.Page]] = {}
    keys: dict[int, str] = {}
    for page in PAGES:
        allowed = user is not None and page_allowed(user, page.key)
        target = page.file if allowed else _forbidden(page.key, lang)
        st_page = st.Page(target, title=t(f"nav.{page.key}", lang), icon=page.icon, url_path=page.url_path,
                          default=(page.key == start), visibility="visible" if allowed else "hidden")
        keys[id(st_page)] = page.key
        sections.setdefault(t(f"nav.section.{page.section}", lang), []).append(st_page)
    ordered = {name: sections[name] for name in (t(f"nav.section.{s}", lang) for s in SECTIONS) if name in sections}
    return ordered, keys


lang = current_lang()
try:
    engine = ensure_database()
    user = require_user(engine, lang=lang)
except AuthUnavailable:
    st.warning(t("common.db_unavailable", lang), icon="⚠️")
    if st.button(t("common.retry", lang)):
        st.rerun()
    rerun_when_database_returns()  # unattended screens (the wall) recover by themselves
    st.stop()
except CookieKeyError as exc:  # a deployment error: the text names the fix and holds no secret
    st.error(str(exc))
    st.stop()

kiosk_role = user is not None and user.role == "display"
sections, page_keys = _pages(user, lang)
navigation = st.navigation(sections, position="sidebar" if user and not kiosk_role else "hidden")
if user is None:
    st.session_state.pop(USER_KEY, None)
    st.stop()  # require_user rendered the login form; no page runs before sign-in
st.session_state[USER_KEY] = user

if page_keys.get(id(navigation)) == "wall":  # the meeting-room screen: kiosk look, nothing but the panels
    apply_kiosk_style()
    navigation.run()
    st.stop()
if get_settings().demo_mode:
    st.sidebar.warning(t("app.demo_banner", lang), icon="ℹ️")
lang = language_toggle()
st.sidebar.caption(t("user.signed_in_as", lang, name=plain(user.name), role=t(f"role.{user.role}", lang)))
logout_button(user, t("user.logout", lang))
inject_print_css()  # browser print: A4 landscape, no sidebar or buttons
navigation.run()
