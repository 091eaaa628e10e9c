"""A/B page loads across checkouts: which of two (or more) versions of the code loads a page faster.

    python -m bench.ab DIR[@ENV=VALUE,...] DIR[@...] [--pages /complaints,/budget] [--user exec] [--reps 11]

Each DIR (a checkout, e.g. a `git worktree`; ENV=VALUE pairs after `@` go to its server's
environment) is served by its own `streamlit run asgi.py` on the same demo SQLite database (made once
in a temporary directory by `manage.py load-demo`), with the sign-in cookie of `--user`. One Chromium
tab per server loads every page in turn (HTTP cache warm, as in `make bench`); the order of the
servers alternates every round, one warm-up round is dropped, and the median time to fully drawn
(bench/browser.py) is printed per page and server with every load sorted. The figures quoted in
issue notes as "A/B, N alternated loads" come from this.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.browser import VIEWPORT, launch, load_time, signed_in_state
from bench.common import prepare_demo_sqlite
from testkit.appserver import free_port, stop_process, wait_healthy


def _start(target: str, database_url: str, workdir: Path) -> tuple[str, subprocess.Popen, object]:
    directory, _, extra = target.partition("@")
    env = {**os.environ, "DATABASE_URL": database_url, "DASHBOARD_DEMO": "1", "PYTHONPATH": directory,
           **dict(pair.split("=", 1) for pair in extra.split(",") if pair)}
    port = free_port()
    log = open(workdir / f"server-{port}.log", "w")  # noqa: SIM115 - closed with the server
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "asgi.py", "--server.port", str(port),
                             "--server.headless", "true", "--server.address", "127.0.0.1",
                             "--browser.gatherUsageStats", "false"], cwd=directory, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, proc)
    return url, proc, log


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="+", metavar="DIR[@ENV=VALUE,...]")
    parser.add_argument("--pages", default="/complaints", help="paths to load, comma-separated")
    parser.add_argument("--user", default="exec", help="the demo account whose cookie the browser holds")
    parser.add_argument("--reps", type=int, default=11)
    parser.add_argument("--min-charts", type=int, default=0, help="charts a page must show to count as drawn")
    args = parser.parse_args(argv)
    pages = args.pages.split(",")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="dash-ab-") as tmp:
        workdir = Path(tmp)
        database_url = prepare_demo_sqlite(workdir / "demo.sqlite3")
        servers = []
        try:
            for target in args.targets:
                servers.append((target, *_start(target, database_url, workdir)))
            state = signed_in_state(database_url, args.user)
            times: dict[tuple[str, str], list[float]] = {}
            with sync_playwright() as playwright:
                browser = launch(playwright)
                tabs = {target: browser.new_context(viewport=VIEWPORT, locale="ko-KR", storage_state=state).new_page()
                        for target, *_ in servers}
                for round_ in range(args.reps + 1):
                    for target, url, _proc, _log in (servers if round_ % 2 == 0 else servers[::-1]):
                        for path in pages:
                            ms = load_time(tabs[target], url + path, min_charts=args.min_charts).ms
                            if round_:
                                times.setdefault((path, target), []).append(ms)
                browser.close()
        finally:
            for _target, _url, proc, log in servers:
                stop_process(proc)
                log.close()
    for (path, target), values in sorted(times.items()):
        print(f"{path:14} {target:40} median {statistics.median(values):7,.0f} ms  {sorted(round(v) for v in values)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
