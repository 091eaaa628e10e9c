"""Router: page config, sign-in gate, `st.navigation`. No queries here.

Every page URL is registered on every run, also before sign-in, so a deep link such as /budget
survives the sign-in (streamlit-authenticator issue 179): a signed-out visitor gets the login form
instead of the page, and a page the user's role may not open answers with a clear refusal that
links to the user's start page and offers sign-out (ui.refusal).

Every page keeps its own URL for every role allowed it (/wall, /divisions, /overview ...); `/` is
a hidden page of its own that shows the role's start page, so no page is served only at `/`.
"""
from __future__ import annotations

import streamlit as st

from ui.bootstrap import ensure_database, route_by_navigation

route_by_navigation()  # a fresh `streamlit run app.py`: leave the pages-directory mode before any widget
st.set_page_config(page_title="시민소통기획관 대시보드", page_icon="🏛️", layout="wide")

from auth.gate import AuthUnavailable, CookieKeyError, logout_button, page_allowed, require_user  # noqa: E402
from config.auth import START_PAGE  # noqa: E402
from config.i18n import t  # noqa: E402
from config.pages import PAGES, SECTIONS  # noqa: E402
from config.settings import get_settings  # noqa: E402
from ui.context import USER_KEY, watch_sign_in  # noqa: E402
from ui.data import rerun_when_database_returns  # noqa: E402
from ui.kiosk import apply_kiosk_style  # noqa: E402
from ui.text import plain  # noqa: E402
from ui.chart_tables import tables_toggle  # noqa: E402
from ui.lang import current_lang, language_toggle  # noqa: E402
from ui.print_css import inject_print_css  # noqa: E402
from ui.refusal import refuse  # noqa: E402

HOME_URL_PATH = "start"  # the hidden page served at `/` (its own url_path never appears in a link)


def _forbidden(page_key: str, lang: str, start_pages: dict[str, st.Page]):
    def refusal() -> None:
        user = st.session_state.get(USER_KEY)
        refuse(user, page_key, lang, start_pages.get("start"))

    refusal.__name__ = f"forbidden_{page_key}"
    return refusal


def _pages(user, lang: str) -> tuple[dict[str, list[st.Page]], dict[int, tuple[str, bool]]]:
    """The navigation sections, and which page key each page object stands for (and if allowed)."""
    start_key = START_PAGE[user.role] if user else "overview"
    start_pages: dict[str, st.Page] = {}
    sections: dict[str, list[st.Page]] = {}
    keys: dict[int, tuple[str, bool]] = {}
    for page in PAGES:
        allowed = user is not None and page_allowed(user, page.key)
        target = page.file if allowed else _forbidden(page.key, lang, start_pages)
        st_page = st.Page(target, title=t(f"nav.{page.key}", lang), icon=page.icon, url_path=page.url_path,
                          visibility="visible" if allowed else "hidden")
        keys[id(st_page)] = (page.key, allowed)
        if page.key == start_key and allowed:
            start_pages["start"] = st_page
        sections.setdefault(t(f"nav.section.{page.section}", lang), []).append(st_page)
    # `/`: the start page's own script under a hidden page of its own, so /overview, /divisions
    # and /wall stay the same page for every role (a default page would lose its URL).
    start_file = next(p.file for p in PAGES if p.key == start_key)
    home_allowed = user is not None and page_allowed(user, start_key)
    home = st.Page(start_file if home_allowed else _forbidden(start_key, lang, start_pages),
                   title=t(f"nav.{start_key}", lang), url_path=HOME_URL_PATH, default=True, visibility="hidden")
    keys[id(home)] = (start_key, home_allowed)
    ordered = {name: sections[name] for name in (t(f"nav.section.{s}", lang) for s in SECTIONS) if name in sections}
    last = next(reversed(ordered))  # after the real pages: st.page_link("pages/x.py") finds /x first
    ordered[last] = [*ordered[last], home]
    return ordered, keys


lang = current_lang()
try:
    engine = ensure_database()
    user = require_user(engine, lang=lang)
except AuthUnavailable:
    st.warning(t("common.db_unavailable", lang), icon=":material/warning:")
    if st.button(t("common.retry", lang)):
        st.rerun()
    rerun_when_database_returns()  # unattended screens (the wall) recover by themselves
    st.stop()
except CookieKeyError as exc:  # a deployment error: the text names the fix and holds no secret
    st.error(str(exc))
    st.stop()

kiosk_role = user is not None and user.role == "display"
sections, page_keys = _pages(user, lang)
# expanded: every page the role may open is listed (collapsed, Streamlit adds an English "View 4 more")
navigation = st.navigation(sections, position="sidebar" if user and not kiosk_role else "hidden", expanded=True)
if user is None:
    st.session_state.pop(USER_KEY, None)
    st.stop()  # require_user rendered the login form; no page runs before sign-in
st.session_state[USER_KEY] = user

page_key, allowed = page_keys.get(id(navigation), ("", False))
if page_key == "wall" and allowed:  # the meeting-room screen: kiosk look, nothing but the panels
    apply_kiosk_style()  # its fragments check the sign-in themselves (pages/wall.py)
    navigation.run()
    st.stop()
if get_settings().demo_mode:
    st.sidebar.warning(t("app.demo_banner", lang), icon=":material/info:")
lang = language_toggle()
tables_toggle(lang)  # "표로 보기": every chart's figures as a table (ui/chart_tables.py)
st.sidebar.caption(t("user.signed_in_as", lang, name=plain(user.name), role=t(f"role.{user.role}", lang)))
logout_button(user, t("user.logout", lang))
with st.sidebar:
    watch_sign_in()  # a page left open ends within a minute of a disable, reset or revocation
inject_print_css()  # browser print: A4 landscape, no sidebar or buttons
navigation.run()
