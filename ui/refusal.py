"""A refusal is never a trap: the message, the way to the user's start page and sign-out.

Rendered in the normal look (never the wall's kiosk look), by the router for a page the role may
not open and by a page that checks the role itself (ui.context.require_page).
"""
from __future__ import annotations

import streamlit as st

from config.i18n import t


def refuse(user, page_key: str, lang: str, start_page: st.Page | str | None = None) -> None:
    """Show the refusal for `page_key` with a link to `user`'s start page and a sign-out button."""
    from auth.gate import logout_button

    st.error(t("auth.forbidden", lang, page=t(f"nav.{page_key}", lang)), icon=":material/lock:")
    if user is None:
        return
    start_key = user.start_page
    if start_key and start_key != page_key:
        target = start_page
        if target is None:
            from config.pages import PAGES

            target = next(p.file for p in PAGES if p.key == start_key)
        try:
            st.page_link(target, label=t("auth.to_start", lang, page=t(f"nav.{start_key}", lang)),
                         icon=":material/home:")
        except Exception:  # noqa: BLE001 - outside the navigation (AppTest): the sign-out still shows
            pass
    logout_button(user, t("user.logout", lang), location="main", key="dash_logout_refusal")
