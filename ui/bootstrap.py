"""First start: the embedded demo database is created, migrated and loaded once per process.
(The warm-up and janitor asgi.py runs are in server/lifespan.py.)"""
from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy import Engine

from config.settings import get_settings
from data_access.db import get_engine
from server import internals

logger = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def ensure_database() -> Engine:
    """The process engine; in demo mode the demo database is brought to head and loaded if empty."""
    engine = get_engine()
    if get_settings().demo_mode:
        from loading.bootstrap import prepare_demo

        prepare_demo(engine)
    return engine


def route_by_navigation() -> None:
    """Leave Streamlit's legacy pages-directory mode before this run creates any widget.

    A `pages/` folder next to the main script puts a fresh process in Streamlit's old multipage
    mode until the first `st.navigation` call. In that mode the first run of app.py gets other
    widget ids than every later run: the login form typed in that first run arrived empty at its
    submit, and the first sign-in after `streamlit run app.py` failed. This switches the process to
    st.navigation routing (through the guarded door, server.internals) and reruns the session. A
    no-op once any run has called st.navigation (and after the warm-up).
    """
    if internals.in_pages_directory_mode() and internals.route_by_navigation():
        st.rerun()
