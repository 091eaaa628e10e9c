"""Page-load cost of sign-in, measured in a real browser (Debian's Chromium through Playwright).

Three tiny apps run under `streamlit run` on loopback ports, each showing one line once the
visitor is signed in:

- bare:    no sign-in at all (the floor);
- library: streamlit-authenticator 0.4.2 as documented (Authenticate + login(), default
           login_sleep_time 0.7 s, its CookieManager component);
- gate:    auth.gate.require_user (fast cookie path).

For the library and the gate the browser signs in once; then every measured load is a new page
load (a new Streamlit session) with the cookie in the browser. Reported per app: median and max
time from navigation to the signed-in line, script runs per load (a counter file), and component
iframes in the page.

Run:  PYTHONPATH=. .venv/bin/python bench/auth_page_load.py [--loads 10] [--post-script-gc false]
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
READY = "CONTENT READY"

# Every app imports the same modules, so the Python heap (and so Streamlit's post-run garbage
# collection, `runner.postScriptGC`, which delays sending the page by a few hundred ms on a heap
# with pandas and SQLAlchemy) is alike: the difference between them is sign-in alone.
COMMON = textwrap.dedent("""
    import os, streamlit as st
    import pandas, sqlalchemy, streamlit_authenticator, auth.accounts, auth.gate  # noqa
    with open(os.environ["RUNLOG"], "a") as f:
        f.write("run\\n")
""")
APPS = {
    "bare": COMMON + textwrap.dedent(f"""
        st.markdown("{READY}")
    """),
    "library": COMMON + textwrap.dedent(f"""
        import streamlit_authenticator as stauth
        from config.auth import DEMO_ACCOUNTS, DEMO_PASSWORD

        @st.cache_resource
        def credentials():
            hashed = stauth.Hasher.hash(DEMO_PASSWORD)
            return {{"usernames": {{a.username: {{"name": a.display_name, "password": hashed}}
                                   for a in DEMO_ACCOUNTS}}}}

        authenticator = stauth.Authenticate(credentials(), "bench_lib_cookie", "x" * 40, 1.0)
        authenticator.login()
        if st.session_state.get("authentication_status"):
            st.markdown("{READY}")
    """),
    "gate": COMMON + textwrap.dedent(f"""
        import time
        from auth.gate import require_user
        from data_access.db import get_engine

        t0 = time.perf_counter()
        user = require_user(get_engine(), lang="en")
        with open(os.environ["RUNLOG"] + ".ms", "a") as f:
            f.write(f"{{(time.perf_counter() - t0) * 1000:.2f}}\\n")
        if user is not None:
            st.markdown("{READY}")
    """),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(script: Path, env: dict[str, str], post_script_gc: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
                             "--server.headless", "true", "--server.address", "127.0.0.1",
                             "--browser.gatherUsageStats", "false", "--runner.postScriptGC", post_script_gc],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise TimeoutError(script.name)


def runs(runlog: Path) -> int:
    return len(runlog.read_text().splitlines()) if runlog.exists() else 0


def prepare(browser, name: str, url: str, runlog: Path) -> tuple[object, object, dict[str, int]]:
    """A browser context for one app, signed in once (its cookie kept), after a warm-up load;
    and what the login page (no cookie yet) cost: script runs and component iframes."""
    context = browser.new_context()
    page = context.new_page()
    before = runs(runlog)
    page.goto(url)
    login_page = {"login_runs": 0, "login_iframes": 0}
    if name != "bare":
        page.get_by_label("Password").first.wait_for(timeout=30_000)
        page.wait_for_timeout(1500)
        login_page = {"login_runs": runs(runlog) - before, "login_iframes": page.locator("iframe").count()}
    if name != "bare":  # sign in once
        page.get_by_label("Username").first.fill("exec")
        page.get_by_label("Password").first.fill("seoul-demo-2016")
        page.get_by_role("button").filter(has_text="Sign in").or_(
            page.get_by_role("button").filter(has_text="Login")).first.click()
    page.get_by_text(READY).first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # let the cookie component write the cookie
    page.goto(url)  # warm-up load (imports, caches)
    page.get_by_text(READY).first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    return context, page, login_page


def load_once(page, url: str, runlog: Path) -> tuple[float, int, int]:
    """One new page load: seconds to the signed-in line, script runs it caused, iframes in the page."""
    before = runs(runlog)
    start_t = time.perf_counter()
    page.goto(url)
    page.get_by_text(READY).first.wait_for(timeout=30_000)
    elapsed = time.perf_counter() - start_t
    page.wait_for_timeout(1500)  # any component round trip and its rerun happen within this
    return elapsed, runs(runlog) - before, page.locator("iframe").count()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--loads", type=int, default=10)
    parser.add_argument("--post-script-gc", choices=["true", "false"], default="true",
                        help="Streamlit's runner.postScriptGC for all three apps (default: Streamlit's default)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from auth import accounts
    from data_access import migrate
    from data_access.db import make_engine

    work = Path(tempfile.mkdtemp(prefix="auth-bench-"))
    db_url = f"sqlite:///{work / 'bench.sqlite3'}"
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    accounts.ensure_demo_accounts(engine, demo_mode=True)
    engine.dispose()

    results: dict[str, dict[str, float]] = {}
    procs: list[subprocess.Popen] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            apps = {}
            for name, code in APPS.items():
                script = work / f"{name}_app.py"
                script.write_text(code)
                runlog = work / f"{name}.runs"
                env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": db_url, "DASHBOARD_DEMO": "1",
                       "RUNLOG": str(runlog)}
                proc, url = start(script, env, args.post_script_gc)
                procs.append(proc)
                context, page, login_page = prepare(browser, name, url, runlog)
                apps[name] = (page, url, runlog)
                results[name] = dict(login_page)
            samples: dict[str, list[tuple[float, int, int]]] = {name: [] for name in apps}
            for _ in range(args.loads):  # interleaved, so drift on the machine hits all three alike
                for name, (page, url, runlog) in apps.items():
                    samples[name].append(load_once(page, url, runlog))
            for name, rows in samples.items():
                times = [r[0] for r in rows]
                results[name].update({"median_s": statistics.median(times), "max_s": max(times),
                                      "runs_per_load": statistics.median(r[1] for r in rows),
                                      "iframes": max(r[2] for r in rows)})
        finally:
            browser.close()
            for proc in procs:
                proc.terminate()
                proc.wait(timeout=10)

    print("signed-in page loads (cookie in the browser):")
    print(f"{'app':<8} {'median s':>9} {'max s':>7} {'runs/load':>10} {'iframes':>8}   login page: runs, iframes")
    for name, r in results.items():
        print(f"{name:<8} {r['median_s']:>9.3f} {r['max_s']:>7.3f} {r['runs_per_load']:>10.0f} {r['iframes']:>8.0f}"
              f"   {r['login_runs']:>5.0f} {r['login_iframes']:>7.0f}")
    gate, library, bare = results["gate"], results["library"], results["bare"]
    gate_ms = [float(x) for x in (work / "gate.runs.ms").read_text().split()][-args.loads:]
    print(f"require_user() in the measured gate loads: median {statistics.median(gate_ms):.1f} ms, "
          f"max {max(gate_ms):.1f} ms")
    print(f"gate / bare = {gate['median_s'] / bare['median_s']:.2f}x; "
          f"library / bare = {library['median_s'] / bare['median_s']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
