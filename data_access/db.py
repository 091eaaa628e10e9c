"""One engine per process, short sessions, and dialect-neutral SQL helpers."""
from __future__ import annotations

import datetime as dt
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


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys on and a busy timeout for concurrent readers."""
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
