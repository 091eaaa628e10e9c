"""Shared pieces of `make bench`: result rows, Streamlit servers, the bench database, RSS, timing.

Servers reuse the helpers the browser tests use (testkit/appserver.py: AppServer, free_port,
wait_healthy); `BenchServer` adds what the benchmark needs: any script (the app or a tiny page),
extra `streamlit run` options, its log kept in the run's work directory, and its RSS.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from testkit.appserver import ROOT, AppServer, free_port, stop_process, wait_healthy

BENCH_DIR = ROOT / "bench"
APPS_DIR = BENCH_DIR / "apps"
BARE_APP = APPS_DIR / "bare_app.py"
RESULTS_DIR = BENCH_DIR / "results"


@dataclass
class Row:
    """One line of the results table."""

    figure: str
    value: str
    goal: str = ""
    ok: bool | None = None  # None: no goal (informational) or not measured
    note: str = ""

    @property
    def verdict(self) -> str:
        return {True: "pass", False: "FAIL", None: "–"}[self.ok]


@dataclass
class Section:
    """What one figure module produced: rows for the table and free-text details for RESULTS.md."""

    name: str
    rows: list[Row] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    seconds: float = 0.0


def skipped(name: str, figure: str, goal: str, why: str) -> Section:
    return Section(name, [Row(figure, "skipped", goal, None, why)])


class BenchServer(AppServer):
    """`streamlit run SCRIPT` on a free loopback port with the bench database and extra options."""

    def __init__(self, database_url: str, workdir: Path, *, script: Path | str = "asgi.py",
                 env_extra: dict[str, str] | None = None, options: dict[str, str] | None = None,
                 name: str = "app"):
        super().__init__(database_url, env_extra)  # demo mode: every server signs cookies with the same key
        self.script = str(script)
        self.options = {"server.headless": "true", "server.address": "127.0.0.1",
                        "browser.gatherUsageStats": "false", **(options or {})}
        self.workdir, self.name = workdir, name

    def start(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = self.workdir / f"server-{self.name}-{self.port}.log"
        self.log_file = open(self.log, "w")  # noqa: SIM115 - closed in stop()
        args = [sys.executable, "-m", "streamlit", "run", self.script, "--server.port", str(self.port)]
        for key, value in self.options.items():
            args += [f"--{key}", value]
        self.proc = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=self.log_file, stderr=subprocess.STDOUT)
        wait_healthy(self.url, self.proc)

    def stop(self) -> None:
        stop_process(self.proc)
        if getattr(self, "log_file", None):
            self.log_file.close()  # the log stays in the run's work directory

    def rss_mb(self) -> float:
        return rss_mb(self.proc.pid)

    def __enter__(self) -> BenchServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def rss_mb(pid: int) -> float:
    """Resident set size of a process in MB (VmRSS from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    raise RuntimeError(f"no VmRSS for pid {pid}")


def sample_rss(server: BenchServer, seconds: float, every: float = 1.0) -> float:
    """Median RSS (MB) over `seconds` (bounded), to smooth allocator noise."""
    values = []
    deadline = time.monotonic() + seconds
    while True:
        values.append(server.rss_mb())
        if time.monotonic() + every > deadline:
            break
        time.sleep(every)
    return statistics.median(values)


def prepare_demo_sqlite(path: Path) -> str:
    """A fresh SQLite file with the demo data and demo accounts (`manage.py load-demo`); returns its URL."""
    url = f"sqlite:///{path}"
    env = {**os.environ, "DATABASE_URL": url, "DASHBOARD_DEMO": "1", "PYTHONPATH": str(ROOT)}
    env.pop("DASHBOARD_QUERY_LOG", None)
    subprocess.run([sys.executable, "manage.py", "load-demo"], cwd=ROOT, env=env, check=True, capture_output=True,
                   timeout=600)
    return url


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def fmt_ratio(value: float) -> str:
    return f"{value:.2f}×"


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


class Bench:
    """What the figures share in one run: the work directory, the demo database, Chromium, the bare page.

    Everything is made on first use and closed by `close()`, so `--only` runs pay only for what
    they need.
    """

    def __init__(self, workdir: Path, *, quick: bool, streamlit_options: dict[str, str] | None = None):
        self.workdir = workdir
        self.quick = quick
        self.streamlit_options = streamlit_options or {}  # --set: for every server, the bare page's too
        self._demo_url: str | None = None
        self._playwright = None
        self._browser = None
        self._bare: BenchServer | None = None
        self._states: dict[str, dict] = {}

    @property
    def demo_url(self) -> str:
        """A SQLite file with the demo data and accounts, made once per run."""
        if self._demo_url is None:
            print("  preparing the demo database (manage.py load-demo on SQLite)...", flush=True)
            self._demo_url = prepare_demo_sqlite(self.workdir / "demo.sqlite3")
        return self._demo_url

    @property
    def browser(self):
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            from bench.browser import launch

            self._playwright = sync_playwright().start()
            self._browser = launch(self._playwright)
        return self._browser

    def state(self, username: str) -> dict:
        """Browser storage state with the sign-in cookie of a demo account."""
        if username not in self._states:
            from bench.browser import signed_in_state

            self._states[username] = signed_in_state(self.demo_url, username)
        return self._states[username]

    def bare(self) -> BenchServer:
        """The bare page (bench/apps/bare_app.py) under its own `streamlit run`, started once."""
        if self._bare is None:
            self._bare = self.server("bare", script=BARE_APP)
            self._bare.start()
        return self._bare

    def server(self, name: str, *, script: Path | str = "asgi.py", env: dict[str, str] | None = None,
               options: dict[str, str] | None = None) -> BenchServer:
        return BenchServer(self.demo_url, self.workdir, script=script, env_extra=env,
                           options={**self.streamlit_options, **(options or {})}, name=name)

    def close(self) -> None:
        if self._bare is not None:
            self._bare.stop()
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()


def _proc_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, CPU ticks user+system) of every process we can read."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            table[int(entry)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return table


def _descendants(table: dict[int, tuple[int, int]], root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        for child in children.get(pid, []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _machine_busy_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine since boot (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


class CpuMeter:
    """CPU used between start() and stop(), in % of one core: the server process, the bench's own
    processes (this Python, Playwright's driver, Chromium), and everything else on the machine."""

    def __init__(self, server_pid: int):
        self.server_pid = server_pid

    def _snap(self):
        table = _proc_table()
        ours = _descendants(table, os.getpid()) | {os.getpid()}
        server = {self.server_pid} | _descendants(table, self.server_pid)
        rig = ours - server
        return (sum(table[p][1] for p in server if p in table), sum(table[p][1] for p in rig if p in table),
                _machine_busy_ticks(), time.monotonic())

    def start(self) -> None:
        self._start = self._snap()

    def stop(self) -> dict[str, float]:
        end = self._snap()
        hz = os.sysconf("SC_CLK_TCK")
        seconds = end[3] - self._start[3]
        server = (end[0] - self._start[0]) / hz / seconds * 100
        rig = (end[1] - self._start[1]) / hz / seconds * 100
        busy = end[2][0] - self._start[2][0]
        total = end[2][1] - self._start[2][1]
        machine = busy / total * 100 * (os.cpu_count() or 1) if total else 0.0
        return {"server": server, "rig": rig, "other": max(machine - server - rig, 0.0),
                "capacity": 100.0 * (os.cpu_count() or 1)}
