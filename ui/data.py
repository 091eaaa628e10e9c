"""The one caching layer between pages and `data_access`, shared by all sessions.

Pages call `q(fn, scope=..., **params)`. Results are cached per (function, scope, parameters) with the
TTL `DASHBOARD_REFRESH_SECONDS`; Streamlit computes a missing key once even when many sessions ask
at the same time (no stampede). A widget change that needs no new data hits the cache and runs no SQL.
A database outage becomes `DataUnavailable`, which `guard()` turns into a visible warning.

The metric layer (`metrics.value`, `metrics.alerts.current_alerts`: the functions that take a
`read` keyword, metrics.reading) is given this cache as its reader, so the data_access reads inside
a metric value are entries of this cache too: a read that many metric values make (the division
names, a target row, a budget snapshot) runs once per TTL, not once per metric value that needs it.
"""
from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st
from sqlalchemy.exc import DBAPIError, OperationalError

from config.i18n import t
from config.settings import get_settings
from data_access.db import get_engine
from data_access.scope import Scope
from metrics.reading import takes_reader

_TTL = get_settings().dashboard_refresh_seconds


class DataUnavailable(RuntimeError):
    """The reporting database could not be reached."""


@st.cache_data(ttl=_TTL, show_spinner=False, max_entries=2000)
def _cached(fn_path: str, scope: Scope | None, params: tuple[tuple[str, Any], ...]) -> Any:
    module_name, fn_name = fn_path.rsplit(".", 1)
    fn = getattr(importlib.import_module(module_name), fn_name)
    kwargs = dict(params)
    if takes_reader(fn):  # the metric layer: its own data_access reads go through this cache too
        kwargs["read"] = _read
    if scope is None:
        return fn(engine=get_engine(), **kwargs)
    return fn(engine=get_engine(), scope=scope, **kwargs)


def _read(fn: Callable[..., Any], /, *, scope: Scope | None, **params: Any) -> Any:
    """The shared cache as a metrics.reading reader (errors stay database errors: `q` turns them)."""
    return _cached(f"{fn.__module__}.{fn.__qualname__}", scope, tuple(sorted(params.items())))


def q(fn: Callable[..., Any], *, scope: Scope | None, **params: Any) -> Any:
    """Call a data_access query through the shared cache (scope None: office-wide metadata)."""
    try:
        return _read(fn, scope=scope, **params)
    except (OperationalError, DBAPIError) as exc:
        raise DataUnavailable(str(exc.orig if hasattr(exc, "orig") else exc)) from exc


@st.cache_data(ttl=_TTL, show_spinner=False)
def _as_of() -> dt.date | None:
    from data_access.status import latest_as_of

    return latest_as_of(engine=get_engine())


def current_as_of() -> dt.date | None:
    """The current period: the latest as-of date in the database (not the clock)."""
    try:
        return _as_of()
    except (OperationalError, DBAPIError) as exc:
        raise DataUnavailable(str(exc)) from exc


@contextmanager
def guard(lang: str) -> Iterator[None]:
    """Render a clear warning with a retry button instead of a traceback when the DB is down."""
    try:
        yield
    except DataUnavailable:
        st.warning(t("common.db_unavailable", lang), icon=":material/warning:")
        if st.button(t("common.retry", lang), key="db_retry"):
            st.rerun()  # failures are never cached, so a rerun asks the database again
        st.stop()


def uncached(fn: Callable[..., Any], **params: Any) -> Any:
    """Call a data_access function directly (for data that must be live, e.g. the audit trail)."""
    try:
        return fn(engine=get_engine(), **params)
    except (OperationalError, DBAPIError) as exc:
        raise DataUnavailable(str(exc)) from exc


def database_reachable() -> bool:
    """True when the reporting database answers a trivial query."""
    from sqlalchemy import text

    try:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except (OperationalError, DBAPIError):
        return False


@st.fragment(run_every=15)
def rerun_when_database_returns() -> None:
    """For unattended screens: rerun the whole app by itself once the database answers again."""
    if database_reachable():
        st.rerun()
