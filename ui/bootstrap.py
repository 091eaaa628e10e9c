"""First start: the embedded demo database is created, migrated and loaded once per process.
(The warm-up and janitor asgi.py runs are in server/lifespan.py.)"""
from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy import Engine

from config.settings import get_settings
from data_access.db import get_engine

logger = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def ensure_database() -> Engine:
    """The process engine; in demo mode the demo database is brought to head and loaded if empty."""
    engine = get_engine()
    if get_settings().demo_mode:
        from loading.bootstrap import prepare_demo

        prepare_demo(engine)
    return engine
