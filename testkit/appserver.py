"""The dashboard under its own `streamlit run asgi.py`, for the browser tests and the benchmarks."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not become healthy")


def stop_process(proc: subprocess.Popen | None) -> None:
    """Terminate a child process, killing it if it has not exited after 10 s."""
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


class AppServer:
    def __init__(self, database_url: str, env_extra: dict[str, str] | None = None, entry: str = "asgi.py"):
        self.entry = entry  # asgi.py (deployments, make run) or app.py (the plain `streamlit run app.py`)
        self.database_url = database_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DATABASE_URL": database_url, "DASHBOARD_DEMO": "1",
                    "PYTHONPATH": str(ROOT), **(env_extra or {})}
        self.log = ROOT / "tests" / "e2e" / f"server-{self.port}.log"
        self.proc: subprocess.Popen | None = None

    def prepare(self) -> None:
        subprocess.run([sys.executable, "manage.py", "load-demo"], cwd=ROOT, env=self.env, check=True,
                       capture_output=True)

    def start(self) -> None:
        self.log_file = open(self.log, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", self.entry, "--server.port", str(self.port),
             "--server.headless", "true", "--server.address", "127.0.0.1"],
            cwd=ROOT, env=self.env, stdout=self.log_file, stderr=subprocess.STDOUT)
        wait_healthy(self.url, self.proc)

    def stop(self) -> None:
        stop_process(self.proc)
        if getattr(self, "log_file", None):
            self.log_file.close()
            self.log.unlink(missing_ok=True)
