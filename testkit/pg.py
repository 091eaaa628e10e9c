"""Reach the local PostgreSQL for tests: start the cluster if it is stopped, make fresh databases."""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import psycopg2
import pytest
from psycopg2 import sql

ADMIN_DSN = os.environ.get("TEST_PG_ADMIN_DSN", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")
URL_TEMPLATE = os.environ.get("TEST_PG_URL_TEMPLATE", "postgresql+psycopg2://postgres@127.0.0.1:5432/{db}")


def _reachable() -> bool:
    try:
        psycopg2.connect(ADMIN_DSN, connect_timeout=2).close()
        return True
    except psycopg2.OperationalError:
        return False


def ensure_running() -> bool:
    """True when PostgreSQL answers; tries to start the local cluster once when it does not."""
    if _reachable():
        return True
    versions = sorted(p.name for p in Path("/etc/postgresql").glob("*")) if Path("/etc/postgresql").exists() else []
    if not versions:
        return False
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"],
                   check=False, capture_output=True)
    for _ in range(30):
        if _reachable():
            return True
        time.sleep(0.5)
    return False


def fresh_database(name: str) -> str | None:
    """Drop and create database `name`; returns its SQLAlchemy URL, or None without PostgreSQL."""
    if not ensure_running():
        return None
    name = f"{name}_{os.getpid()}"
    conn = psycopg2.connect(ADMIN_DSN)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()
    return URL_TEMPLATE.format(db=name)


def database_or_skip(name: str, purpose: str = "the PostgreSQL tests") -> str:
    """A fresh database's URL; without PostgreSQL the test fails in CI (CI=true) and skips elsewhere."""
    url = fresh_database(name)
    if url is None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable on 127.0.0.1:5432 for {purpose}")
        pytest.skip("PostgreSQL not available")
    return url


def drop_database(name: str) -> None:
    """Drop a test database (closing its connections), so test runs leave nothing behind."""
    conn = psycopg2.connect(ADMIN_DSN)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    conn.close()
