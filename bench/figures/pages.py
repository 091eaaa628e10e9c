"""Figures 1-3: page loads in Chromium, as ratios against the bare page (bench/apps/bare_app.py).

Every load is a new navigation, hence a new Streamlit session, with the sign-in cookie in the
browser; the time is navigation start to "fully drawn" (bench/browser.py). Subject and bare page
are loaded alternately, so drift on the machine (2 shared cores) hits both alike.

1. overview: `/` (the overview, exec's start page) with the server's cache warm: median of N
   loads after warm-up loads / the bare page's median of N, same browser context.
2. complaints_cold: `/complaints` as the first request of a freshly started server (nothing
   imported, Streamlit cache empty) / the bare page's first load after ITS server started;
   median over several restarts. The note gives it against the warm bare page too.
3. signin: a one-chart page behind auth.gate.require_user (bench/apps/chart_signed.py) / bare, with
   the same chart without sign-in (bench/apps/chart_plain.py) for the part sign-in adds.
1b-1d. pages_warm: warm /complaints and /budget (exec) and /divisions (civic) / the bare page.
2b. complaints_signin: the first /complaints after signing in through the form, the data cache
   cold (server started, one login page served) / the warm bare page.

Notes break each page down: server script time, time to the last chart drawn, websocket bytes.
"""
from __future__ import annotations

import statistics

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.browser import WsRecorder, context_page, load_time, page_clock, wait_drawn
from testkit.chromium import DEMO_PASSWORD, wait_for_app
from bench.common import APPS_DIR, BARE_APP, Bench, Row, Section, fmt_ratio

BARE_TEXT = "ok"


def _loads(page, targets: dict[str, tuple[str, dict]], rounds: int, warmup: int,
           recorder: WsRecorder | None = None, cookies: dict[str, dict] | None = None) -> dict[str, list[float]]:
    """Alternate loads of each target; returns ms per target (warm-up loads left out).

    With a recorder, also "<name>:server" (ms of the server's script runs during each load, from
    each run's new_session to its script_finished), "<name>:runs" (script runs per load) and
    "<name>:bytes" (websocket bytes the browser received during the load) and "<name>:cpu" (the
    document's main-thread CPU ms, CDP Performance TaskDuration). Always "<name>:chart"
    (ms to the last chart drawn) for pages with charts. `cookies` (target -> storage state) signs
    the browser in as another user before that target's loads (cookies are per host).
    """
    times: dict[str, list[float]] = {name: [] for name in targets}
    for i in range(warmup + rounds):
        for name, (url, kwargs) in targets.items():
            if cookies and name in cookies:
                page.context.add_cookies(cookies[name]["cookies"])
            mark = recorder.now() if recorder else 0.0
            bytes_before = recorder.bytes_received if recorder else 0
            load = load_time(page, url, **kwargs)
            if i >= warmup:
                times[name].append(load.ms)
                if load.last_chart_ms is not None:
                    times.setdefault(f"{name}:chart", []).append(load.last_chart_ms)
                if recorder:
                    runs = recorder.script_runs(since=mark)
                    times.setdefault(f"{name}:server", []).append(sum(f - s for s, f, _ in runs) * 1000)
                    times.setdefault(f"{name}:runs", []).append(len(runs))
                    times.setdefault(f"{name}:bytes", []).append(recorder.bytes_received - bytes_before)
                    times.setdefault(f"{name}:cpu", []).append(recorder.main_thread_ms())
    return times


def _breakdown(times: dict[str, list[float]], name: str) -> str:
    """The note's breakdown of one target: server script time, last chart drawn, websocket bytes."""
    med = {k: statistics.median(times[f"{name}:{k}"]) for k in ("server", "runs", "bytes", "chart", "cpu")
           if times.get(f"{name}:{k}")}
    parts = []
    if "server" in med:
        parts.append(f"server script {med['server']:,.0f} ms ({med['runs']:.0f} run(s))")
    parts.append(f"last chart drawn at {med['chart']:,.0f} ms" if "chart" in med else "no charts")
    if "bytes" in med:
        parts.append(f"websocket {med['bytes'] / 1024:,.0f} KiB to the browser")
    if "cpu" in med:
        parts.append(f"browser main thread {med['cpu']:,.0f} ms CPU")
    return ", ".join(parts)


def _note_load(times: dict[str, list[float]], name: str, load, recorder: WsRecorder, mark: float,
               bytes_before: int) -> None:
    """Add one load's breakdown (as `_loads` records it) to `times`."""
    runs = recorder.script_runs(since=mark)
    times.setdefault(f"{name}:server", []).append(sum(f - s for s, f, _ in runs) * 1000)
    times.setdefault(f"{name}:runs", []).append(len(runs))
    times.setdefault(f"{name}:bytes", []).append(recorder.bytes_received - bytes_before)
    times.setdefault(f"{name}:cpu", []).append(recorder.main_thread_ms())
    if load.last_chart_ms is not None:
        times.setdefault(f"{name}:chart", []).append(load.last_chart_ms)


def _fmt_ms_list(values: list[float]) -> str:
    return ", ".join(f"{v:,.0f}" for v in values)


def overview(bench: Bench) -> Section:
    rounds, warmup = (3, 1) if bench.quick else (7, 2)
    section = Section("overview")
    with bench.server("overview") as app:
        bare = bench.bare()
        with context_page(bench.browser, bench.state("exec")) as (ctx, page):
            recorder = WsRecorder.attach(ctx, page)
            times = _loads(page, {"overview": (app.url + "/", {}),
                                  "bare": (bare.url + "/", {"text": BARE_TEXT})}, rounds, warmup, recorder)
    app_ms, bare_ms = statistics.median(times["overview"]), statistics.median(times["bare"])
    ratio = app_ms / bare_ms
    section.rows.append(Row("1. Browser, warm overview `/` / bare page", fmt_ratio(ratio), "≤ 2×", ratio <= 2.0,
                            f"median of {rounds} (exec): {app_ms:,.0f} ms vs {bare_ms:,.0f} ms; "
                            f"{_breakdown(times, 'overview')} (bare: {_breakdown(times, 'bare')})"))
    section.details += [f"{key} : {_fmt_ms_list(values)}" for key, values in times.items()]
    return section


def _deep_link_first_works(bench: Bench, state: dict) -> bool:
    """Does `/complaints` draw when it is the very first request of a fresh server?

    Until the first run of app.py has called st.navigation, Streamlit routes a URL such as
    /complaints to the file pages/complaints.py itself (its automatic `pages/` directory), which
    renders nothing without the app's sign-in; so the check is bounded (45 s).
    """
    with bench.server("complaints-first") as app, context_page(bench.browser, state) as (_ctx, page):
        try:
            load_time(page, app.url + "/complaints", min_charts=1, timeout_ms=45_000)
            return True
        except PlaywrightTimeout:
            return False


def complaints_cold(bench: Bench) -> Section:
    samples = 1 if bench.quick else 3
    section = Section("complaints_cold")
    cold, bare_cold, bare_warm, server_ms, runs = [], [], [], [], []
    detail: dict[str, list[float]] = {}
    state = bench.state("exec")
    direct = _deep_link_first_works(bench, state)
    for _ in range(samples):
        with bench.server("complaints-cold") as app, \
                bench.server("bare-cold", script=BARE_APP) as bare, \
                context_page(bench.browser, state) as (ctx, page):
            recorder = WsRecorder.attach(ctx, page)
            # the bare server first: its cold load does not compete with the app's imports
            bare_cold.append(load_time(page, bare.url + "/", text=BARE_TEXT).ms)
            if not direct:  # one run of app.py (the login page, no cookie, no data) registers the navigation
                with context_page(bench.browser) as (_c, login):
                    login.goto(app.url + "/", wait_until="commit")
                    login.wait_for_selector("input[type=password]", timeout=90_000)
            mark, bytes_before = recorder.now(), recorder.bytes_received
            load = load_time(page, app.url + "/complaints", min_charts=1)
            cold.append(load.ms)
            script_runs = recorder.script_runs(since=mark)
            server_ms.append(sum(f - s for s, f, _ in script_runs) * 1000)
            runs.append(len(script_runs))
            _note_load(detail, "complaints", load, recorder, mark, bytes_before)
            bare_warm.append(statistics.median(load_time(page, bare.url + "/", text=BARE_TEXT).ms for _ in range(3)))
    c, b, w = statistics.median(cold), statistics.median(bare_cold), statistics.median(bare_warm)
    ratio = c / b
    how = "the first request after the server started" if direct else (
        "the first signed-in request after the server started, after one login page: /complaints as the very first "
        "request stays EMPTY (Streamlit runs pages/complaints.py directly until app.py has run once)")
    section.rows.append(Row("2. Browser, cold-cache `/complaints` / bare page (both first load after server start)",
                            fmt_ratio(ratio), "≤ 3×", ratio <= 3.0,
                            f"median of {samples} restarts: {c:,.0f} ms vs bare's first load {b:,.0f} ms "
                            f"(vs the warm bare page, {w:,.0f} ms: {fmt_ratio(c / w)}); "
                            f"{_breakdown(detail, 'complaints')}; {how}"))
    section.details += [f"complaints cold ms: {_fmt_ms_list(cold)}", f"bare cold ms: {_fmt_ms_list(bare_cold)}",
                        f"bare warm ms (median of 3 per restart): {_fmt_ms_list(bare_warm)}",
                        f"complaints cold, server script runs ms: {_fmt_ms_list(server_ms)} (runs: {runs})",
                        f"/complaints as the very first request draws: {direct}"]
    return section


# The pages executives and division heads open most, each with its reader: `exec` (office-wide scope, the
# heaviest data) on /complaints and /budget; `civic` (a division head, whose start page is /divisions,
# one division) on /divisions.
WARM_PAGES = {"complaints": ("1b", "exec", "/complaints", 1), "budget": ("1c", "exec", "/budget", 1),
              "divisions": ("1d", "civic", "/divisions", 1)}


def pages_warm(bench: Bench) -> Section:
    rounds, warmup = (3, 1) if bench.quick else (7, 2)
    section = Section("pages_warm")
    with bench.server("pages-warm") as app:
        bare = bench.bare()
        targets: dict[str, tuple[str, dict]] = {}
        cookies: dict[str, dict] = {}
        for name, (_num, user, path, charts) in WARM_PAGES.items():
            targets[name] = (app.url + path, {"min_charts": charts})
            cookies[name] = bench.state(user)
            targets[f"bare-{name}"] = (bare.url + "/", {"text": BARE_TEXT})
        with context_page(bench.browser) as (ctx, page):
            recorder = WsRecorder.attach(ctx, page)
            times = _loads(page, targets, rounds, warmup, recorder, cookies)
    bare_all = [v for name in WARM_PAGES for v in times[f"bare-{name}"]]
    bare_ms = statistics.median(bare_all)
    for name, (num, user, path, _charts) in WARM_PAGES.items():
        app_ms = statistics.median(times[name])
        ratio = app_ms / bare_ms
        section.rows.append(Row(f"{num}. Browser, warm `{path}` ({user}) / bare page", fmt_ratio(ratio), "≤ 3×",
                                ratio <= 3.0, f"median of {rounds}: {app_ms:,.0f} ms vs {bare_ms:,.0f} ms; "
                                              f"{_breakdown(times, name)}"))
    section.details += [f"{key} : {_fmt_ms_list(values)}" for key, values in times.items()]
    return section


def _fill_sign_in_form(page, url: str, username: str):
    """Open `url` without a cookie and fill the login form; returns its submit button."""
    page.goto(url, wait_until="commit")
    page.wait_for_selector("input[type=password]", timeout=120_000)
    wait_for_app(page)  # the form's first runs settle, or a rerun clears what was typed
    page.get_by_label("아이디").or_(page.get_by_label("Username")).first.fill(username)
    page.get_by_label("비밀번호").or_(page.get_by_label("Password")).first.fill(DEMO_PASSWORD)
    return page.get_by_role("button", name="로그인").or_(page.get_by_role("button", name="Sign in")).first


def complaints_signin(bench: Bench) -> Section:
    samples = 1 if bench.quick else 3
    section = Section("complaints_signin")
    after, bare_warm = [], []
    detail: dict[str, list[float]] = {}
    for _ in range(samples):
        with bench.server("complaints-signin") as app, context_page(bench.browser) as (ctx, page):
            bare = bench.bare()
            # the server has run app.py once (a login page): imports warm, the data cache cold
            with context_page(bench.browser) as (_c, login):
                login.goto(app.url + "/", wait_until="commit")
                login.wait_for_selector("input[type=password]", timeout=90_000)
            recorder = WsRecorder.attach(ctx, page)
            button = _fill_sign_in_form(page, app.url + "/complaints", "exec")
            mark, bytes_before = recorder.now(), recorder.bytes_received
            clicked = page_clock(page)
            button.click()
            load = wait_drawn(page, min_charts=1, since=clicked)
            after.append(load.ms)
            _note_load(detail, "complaints", load, recorder, mark, bytes_before)
            page.context.clear_cookies()
            bare_warm.append(statistics.median(load_time(page, bare.url + "/", text=BARE_TEXT).ms for _ in range(3)))
    a, w = statistics.median(after), statistics.median(bare_warm)
    ratio = a / w
    section.rows.append(Row("2b. Browser, first `/complaints` after sign-in through the form (exec), data cache cold "
                            "/ warm bare page", fmt_ratio(ratio), "≤ 4×", ratio <= 4.0,
                            f"median of {samples} servers: {a:,.0f} ms from the click on 로그인 vs {w:,.0f} ms; "
                            f"{_breakdown(detail, 'complaints')}"))
    section.details += [f"after sign-in ms: {_fmt_ms_list(after)}", f"bare warm ms: {_fmt_ms_list(bare_warm)}",
                        *[f"{key} : {_fmt_ms_list(values)}" for key, values in detail.items()]]
    return section


def signin(bench: Bench) -> Section:
    rounds, warmup = (3, 1) if bench.quick else (7, 2)
    section = Section("signin")
    with bench.server("chart-signed", script=APPS_DIR / "chart_signed.py") as signed, \
            bench.server("chart-plain", script=APPS_DIR / "chart_plain.py") as plain:
        bare = bench.bare()
        with context_page(bench.browser, bench.state("exec")) as (_ctx, page):
            times = _loads(page, {"signed": (signed.url + "/", {"min_charts": 1}),
                                  "plain": (plain.url + "/", {"min_charts": 1}),
                                  "bare": (bare.url + "/", {"text": BARE_TEXT})}, rounds, warmup)
    s, p, b = (statistics.median(times[k]) for k in ("signed", "plain", "bare"))
    ratio = s / b
    section.rows.append(Row("3. Sign-in: signed-in one-chart page / bare", fmt_ratio(ratio),
                            "≤ 1.6× (issue: library default ≈ 7×)", ratio <= 1.6,
                            f"median of {rounds}: {s:,.0f} ms vs {b:,.0f} ms; the same chart without sign-in "
                            f"{p:,.0f} ms ({fmt_ratio(p / b)}), so sign-in adds {s - p:,.0f} ms"))
    section.details += [f"signed chart ms: {_fmt_ms_list(times['signed'])}",
                        f"plain chart ms: {_fmt_ms_list(times['plain'])}", f"bare ms: {_fmt_ms_list(times['bare'])}"]
    return section
