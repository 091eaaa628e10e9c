"""Time `import_file` on a large complaints file (the goal: 1,000,000 rows in under 30 s on PostgreSQL).

    python -m bench.import_complaints [--rows N] [--url DATABASE_URL] [--sqlite]

Without --url, a scratch PostgreSQL database is made on the local server (testkit/pg.py) - or a
scratch SQLite file with --sqlite - migrated, loaded with the organisation only, and dropped at
the end. It generates the file (bench/make_complaints_csv.py), then times:
  1. the first import (every row inserted; validation, COPY to staging, merge, rollup, load log),
  2. the same file again (every row unchanged: the idempotent re-import),
and prints rows, seconds and rows per second for each. Nothing is asserted: it reports.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench.make_complaints_csv import write
from data_access import migrate
from data_access.db import make_engine
from loading.demo import load_demo
from loading.importing import import_file


def run(url: str, rows: int, workdir: Path) -> list[tuple[str, int, float]]:
    engine = make_engine(url)
    migrate.upgrade(engine)
    load_demo(engine, only=[])  # organisation, departments and channels only
    path = workdir / f"complaints_{rows}.csv"
    started = time.perf_counter()
    write(path, rows)
    figures = [("generate file", rows, time.perf_counter() - started)]
    for label in ("first import (all inserted)", "re-import (all unchanged)"):
        started = time.perf_counter()
        result = import_file(engine, "complaints", path, user="bench")
        figures.append((f"{label}: +{result.inserted:,} ~{result.updated:,} ={result.unchanged:,}", result.rows,
                        time.perf_counter() - started))
    engine.dispose()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--url", help="database URL (default: a scratch database)")
    parser.add_argument("--sqlite", action="store_true", help="scratch SQLite instead of PostgreSQL")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        scratch = None
        url = args.url
        if url is None and args.sqlite:
            url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        elif url is None:
            from testkit import pg

            url = pg.fresh_database("dash_bench_import")
            if url is None:
                print("PostgreSQL is not reachable; pass --url or --sqlite", file=sys.stderr)
                return 2
            scratch = url.rsplit("/", 1)[1]
        try:
            figures = run(url, args.rows, workdir)
        finally:
            if scratch:
                from testkit import pg

                pg.drop_database(scratch)
    dialect = url.split(":", 1)[0]
    print(f"complaints import benchmark on {dialect}")
    for label, rows, seconds in figures:
        print(f"  {label:<55} {rows:>10,} rows {seconds:7.1f} s {rows / seconds:>10,.0f} rows/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
