"""First start: the embedded demo database is created, migrated and loaded once per process."""
from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from config.settings import get_settings
from data_access.db import get_engine


@st.cache_resource(show_spinner=False)
def ensure_database() -> Engine:
    """The process engine; in demo mode the demo database is brought to head and loaded if empty."""
    engine = get_engine()
    if get_settings().demo_mode:
        from data_access.bootstrap import prepare_demo

        prepare_demo(engine)
    return engine
