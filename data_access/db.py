"""One engine per process, short sessions, and dialect-neutral SQL helpers."""
from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import Date, Engine, create_engine, event
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.functions import FunctionElement

from config.settings import get_settings

SEOUL = ZoneInfo("Asia/Seoul")
UTC = dt.timezone.utc


_query_log_lock = threading.Lock()


def _log_queries(engine: Engine, path: str) -> None:
    """DASHBOARD_QUERY_LOG (opt-in, for `make bench`): append one line per statement sent to the
    database - epoch seconds, a hash of statement + parameters (equal for a repeated query), the
    statement's first 80 characters - so the benchmark can count queries from outside the process."""

    @event.listens_for(engine, "before_cursor_execute")
    def _log(_conn, _cursor, statement, parameters, _context, _executemany):  # pragma: no cover - bench only
        key = hash((statement, repr(parameters))) & 0xFFFFFFFFFFFF
        line = f"{time.time():.3f}\t{key:012x}\t{' '.join(statement.split())[:80]}\n"
        with _query_log_lock, open(path, "a", encoding="utf-8") as fh:
            fh.write(line)


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys on and a busy timeout for concurrent readers."""
    engine = _make_engine(url)
    if get_settings().dashboard_query_log:
        _log_queries(engine, get_settings().dashboard_query_log)
    return engine


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, connect_args={"connect_timeout": 3})


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    """The process-wide engine for DATABASE_URL (or the embedded demo SQLite file)."""
    return make_engine(get_settings().effective_database_url)


def get_admin_engine() -> Engine:
    """The writer's engine for the admin upload page's import only (DASHBOARD_ADMIN_DATABASE_URL);
    the app's own engine when that is unset or the same URL."""
    settings = get_settings()
    if settings.effective_admin_database_url == settings.effective_database_url:
        return get_engine()
    return _engine_for(settings.effective_admin_database_url)


@lru_cache(maxsize=2)
def _engine_for(url: str) -> Engine:
    return make_engine(url)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A short transaction: commit on success, roll back on error."""
    factory = sessionmaker(bind=engine or get_engine(), expire_on_commit=False)
    with factory.begin() as session:
        yield session


class kst_date(FunctionElement):  # noqa: N801 - reads like SQL
    """The Seoul-local calendar date of a UTC timestamp column (Korea keeps no DST: UTC+9)."""

    type = Date()
    inherit_cache = True
    name = "kst_date"


@compiles(kst_date, "postgresql")
def _kst_date_pg(element, compiler, **kw):
    return "CAST((%s AT TIME ZONE 'Asia/Seoul') AS DATE)" % compiler.process(element.clauses, **kw)


@compiles(kst_date, "sqlite")
def _kst_date_sqlite(element, compiler, **kw):
    return "date(%s, '+9 hours')" % compiler.process(element.clauses, **kw)


def seoul_day_start_utc(day: dt.date) -> dt.datetime:
    """The UTC instant at which a Seoul-local day begins (a bound for timestamp ranges)."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=SEOUL).astimezone(UTC)


def as_utc(value: dt.datetime) -> dt.datetime:
    """Treat a naive timestamp read from SQLite as UTC; convert aware ones to UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def seoul_wall_clock(values):
    """A column of UTC instants as Seoul wall-clock times without a zone (pandas Series): what the
    admin grids show and sort, and what a spreadsheet download can hold."""
    import pandas as pd

    return pd.to_datetime(values, utc=True).dt.tz_convert(SEOUL).dt.tz_localize(None)
