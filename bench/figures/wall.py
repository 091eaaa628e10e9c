"""Figures 4 and 5: the meeting-room wall (/wall) with many screens, and a soak of one screen.

Of the 30 screens, one is Chromium (a TV, as it sees the wall) and 29 are sessions that speak
Streamlit's websocket protocol exactly as the frontend does (bench/ws_screens.py): 30 Chromium
renderers redrawing the wall took 115-130% of this 2-core machine and starved the server they
were meant to load, even at nice 19; a real office's TVs each have their own processor. The
server does the same work for a protocol session as for a browser. A browser screen is a context
signed in as `wall` (whose start page, `/`, is the wall). The
server runs with DASHBOARD_QUERY_LOG, so every SQL statement it sends is a line in a file
(timestamp, hash of statement + parameters); fragment runs are read from each screen's websocket
(bench/browser.py WsRecorder, CDP frame timestamps).

4. wall - DASHBOARD_REFRESH_SECONDS=30 (the cache TTL) and DASHBOARD_WALL_ROTATE_SECONDS=5. With 6
   panels x 5 s, one screen shows every panel within one TTL, so 1 screen and 30 screens need the
   same cache keys per TTL: with a shared cache that computes a key once per expiry, the SQL per
   refresh interval must be the same (a 5 s TTL would compare 1 screen's one panel per interval
   with 30 screens' six panels: a ratio of ~6 that says nothing about sessions).
   (a) statements per refresh interval with 30 screens / the distinct statements (statement +
       parameters) one screen's full rotation needs, both over a steady window. The rotation
       takes exactly one TTL, so one screen alone meets each key either just before or just after
       it expires: its own count per interval swings between about half and all of its distinct
       statements with timer jitter (it is in the note). What the demand of one screen per TTL is,
       is the set of its distinct statements; 30 screens with one shared cache must send no more.
       Plus the repeat fetches: a statement with the same parameters sent again less than 0.9 TTL
       after its previous execution (a cache miss the shared cache should have absorbed).
   (b) p95 of the panel fragment's rerun time on all screens in the window: from the browser
       sending the fragment's rerun request to its script_finished message arriving (so waiting
       behind the screen's clock fragment and the server's other sessions counts); the server-side
       part (new_session to script_finished) is in the note.
   (c) server RSS per open screen: (median RSS with 30 screens - median RSS with 0 screens after
       the 1-screen warm-up) / 30; then RSS after all screens closed, their sessions expired and the
       server's janitor ran (asgi.py: a full collection and malloc_trim every 30 s)
       (server.disconnectedSessionTTL=15 for the bench; Streamlit's default keeps a disconnected
       session 120 s) against the RSS before they opened.
5. soak - DASHBOARD_REFRESH_SECONDS=5, ROTATE=5, DASHBOARD_WALL_TICK_SECONDS=0.2: one screen until its
   panel fragment has completed 2,000 runs (counted from the server's script_finished messages
   tagged with the panel fragment) or the time limit; server RSS and the page's JS heap (after a
   forced GC, CDP) at the end against the same after the first 300 runs (warm-up).
"""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.browser import WsRecorder, js_heap_mb
from bench.ws_screens import WsScreens
from bench.common import Bench, BenchServer, CpuMeter, Row, Section, rss_mb, sample_rss
from config.wall import CLOCK_SECONDS, schedule, tick_seconds
from server.lifespan import JANITOR_SECONDS

# Half of the wall's 1920x1080: the server's work does not depend on the size, the browser's raster work does
# (and on 2 cores the bench's 30 renderers compete with the server).
WALL_VIEWPORT = {"width": 960, "height": 540}
OPEN_BOUND_S = 180  # all screens must show a panel within this, or they are counted as not showing
WALL_PATH = "/"  # the wall is the display role's start page (a `/wall` URL answers "Page not found" + the start page)
PANEL_SELECTOR = "[data-testid='stMetric']"
CLOCK_EVERY = CLOCK_SECONDS


@dataclass
class Screen:
    context: object
    page: object
    recorder: WsRecorder

    def close(self) -> None:
        try:
            self.context.close()
        except Exception:  # noqa: BLE001 - closing at the end, best effort
            pass


def open_screen(bench: Bench, server: BenchServer) -> Screen:
    """A new browser context on the wall. The navigation is started, not awaited: an overloaded
    server must not stall the opening of the other screens (whether it shows a panel is checked later)."""
    context = bench.browser.new_context(viewport=WALL_VIEWPORT, locale="ko-KR", storage_state=bench.state("wall"))
    page = context.new_page()
    recorder = WsRecorder.attach(context, page)
    page.evaluate("url => { window.location.href = url; }", server.url + WALL_PATH)
    return Screen(context, page, recorder)


def pump(page, seconds: float) -> None:
    """Let the browser run for `seconds` while Playwright delivers the websocket events."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        page.wait_for_timeout(min(500.0, left * 1000))


def read_queries(path: Path, start: float, end: float) -> list[tuple[float, str, str]]:
    """(timestamp, statement key, statement head) of the statements logged between start and end (epoch s)."""
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and start <= float(parts[0]) < end:
            rows.append((float(parts[0]), parts[1], parts[2]))
    return rows


SIGN_IN_TABLES = ("auth_session", "app_user", "login_failure", "audit")


def is_sign_in(statement: str) -> bool:
    """A statement of the sign-in gate (cookie check, revalidation), as opposed to the data.

    The query log keeps a statement's first 80 characters, and a SELECT of a few qualified columns
    ends there before its FROM ("SELECT auth_session.issued_at, auth_session.expires_at, ..."): a
    column qualified with a sign-in table names the statement as well."""
    head = statement.split(" WHERE ", 1)[0]
    return any(f"FROM {table}" in head or f"INTO {table}" in head or f"UPDATE {table}" in head
               or head.startswith(f"SELECT {table}.") for table in SIGN_IN_TABLES)


def repeat_fetches(rows: list[tuple[float, str]], ttl: float) -> int:
    """Statements sent again with the same parameters less than 0.9 TTL after their previous run."""
    last: dict[str, float] = {}
    repeats = 0
    for ts, key, _statement in sorted(rows):
        if key in last and ts - last[key] < 0.9 * ttl:
            repeats += 1
        last[key] = ts
    return repeats


def p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def panel_runs(screens: list[Screen], marks: list[float], panel_every: float):
    """Panel and clock fragment runs of every screen requested after its mark."""
    panel, clock = [], []
    for screen, mark in zip(screens, marks, strict=True):
        rec = screen.recorder
        if (pid := rec.fragment_id(panel_every)) is not None:
            panel += rec.fragment_runs(pid, since=mark)
        if (cid := rec.fragment_id(CLOCK_EVERY)) is not None:
            clock += rec.fragment_runs(cid, since=mark)
    return panel, clock


def _window(screens: list[Screen], server: BenchServer, seconds: float, qlog: Path, rss_every: float = 3.0):
    """Run a steady window: queries logged, fragment runs, RSS samples, CPU use."""
    marks = [s.recorder.now() for s in screens]
    cpu = CpuMeter(server.proc.pid)
    cpu.start()
    start = time.time()
    rss: list[float] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pump(screens[0].page, min(rss_every, max(deadline - time.monotonic(), 0.01)))
        rss.append(server.rss_mb())
    end = time.time()
    return read_queries(qlog, start, end), end - start, marks, rss, cpu.stop()


def wall(bench: Bench) -> Section:
    ttl, rotate = 30, 5
    tick = tick_seconds(schedule(rotate_seconds=rotate), ttl)  # the wall's own default: at every panel change
    n = 6 if bench.quick else 30
    window = ttl if bench.quick else 2 * ttl
    session_ttl = 15
    qlog = bench.workdir / "queries-wall.log"
    section = Section("wall")
    server = bench.server("wall", env={"DASHBOARD_REFRESH_SECONDS": str(ttl),
                                       "DASHBOARD_WALL_ROTATE_SECONDS": str(rotate),
                                       "DASHBOARD_QUERY_LOG": str(qlog)},
                          options={"server.disconnectedSessionTTL": str(session_ttl)})
    screens: list[Screen] = []
    with server:
        # one screen: warm-up (every panel once, the cache filled), then a steady window
        one = open_screen(bench, server)
        one.page.wait_for_selector(PANEL_SELECTOR, timeout=90_000)
        pump(one.page, ttl + rotate)
        q1, secs1, marks1, _, cpu1 = _window([one], server, window, qlog)
        panel1, _clock1 = panel_runs([one], marks1, tick)
        one.close()
        pump_idle(session_ttl + 5)
        rss0 = sample_rss(server, 6)

        # n screens, opened one after another; a screen that shows no panel within the bound still counts
        opened = time.monotonic()
        protocol = WsScreens()
        cookies = {c["name"]: c["value"] for c in bench.state("wall")["cookies"]}
        screens.append(open_screen(bench, server))  # the TV: Chromium
        for _ in range(n - 1):
            pump(screens[0].page, 0.5)
            screens.append(protocol.open(server.url, cookies))
        showing = 0
        for screen in screens:
            left = OPEN_BOUND_S - (time.monotonic() - opened)
            if wait_shown(screen, left):
                showing += 1
        open_s = time.monotonic() - opened
        pump(screens[0].page, 10)
        qn, secsn, marksn, rss_samples, cpun = _window(screens, server, window, qlog)
        panel, clock = panel_runs(screens, marksn, tick)
        requested = sum(s.recorder.requests(s.recorder.fragment_id(tick), since=m) for s, m in zip(screens, marksn))
        showing_end = sum(1 for screen in screens if _shows_panel(screen))
        rss_n = statistics.median(rss_samples[len(rss_samples) // 2:])
        tv_runs = panel_runs(screens[:1], marksn[:1], tick)[0]
        errors = protocol.errors()
        screens[0].close()
        protocol.close()
        pump_idle(session_ttl + JANITOR_SECONDS + 10)  # sessions expire, then the server's janitor runs
        rss_after = sample_rss(server, 6)

    data1 = [q for q in q1 if not is_sign_in(q[2])]
    datan = [q for q in qn if not is_sign_in(q[2])]
    per1 = len(data1) / (secs1 / ttl)
    pern = len(datan) / (secsn / ttl)
    distinct1 = len({key for _ts, key, _statement in data1})
    ratio = pern / distinct1 if distinct1 else float("inf")
    all_showing = showing_end == n
    not_judged = "" if all_showing else (f"NOT JUDGED: only {showing_end} of {n} screens showed a panel by the end "
                                          f"(saturated machine, see 4b/4d); ")
    section.rows.append(Row(f"4a. Wall: SQL statements per refresh interval, {n} screens / one screen's distinct statements",
                            f"{ratio:.2f}×", "≤ 1.5×", ratio <= 1.5 if all_showing else None,
                            f"{not_judged}{n} screens: {pern:.1f} data statements per {ttl} s TTL ({len(datan)} in "
                            f"{secsn:.0f} s); one screen's rotation needs {distinct1} distinct statements, and alone it "
                            f"sent {per1:.1f} per TTL ({len(data1)} in {secs1:.0f} s); the same statement + parameters again within 0.9 TTL: "
                            f"{repeat_fetches(datan, ttl)}; sign-in statements (one cookie check per new session) "
                            f"{len(qn) - len(datan)} vs {len(q1) - len(data1)}"))
    totals = [r.total for r in panel]
    servers = [r.server for r in panel]
    p95_total = p95(totals)
    expected = n * secsn / tick
    section.rows.append(Row(f"4b. Wall: p95 panel fragment rerun, {n} screens", f"{p95_total * 1000:,.0f} ms",
                            "< 1 s", p95_total < 1.0,
                            f"{showing} of {n} screens showed a panel within {OPEN_BOUND_S} s, {showing_end} by the "
                            f"end of the window; "
                            f"{len(totals)} runs completed for {requested} requests ({expected:.0f} due at one per "
                            f"{tick:.0f} s per screen), request→finished (server part p95 {p95(servers) * 1000:,.0f} ms; "
                            f"the Chromium screen's own panel p95 {p95([r.total for r in tv_runs]) * 1000:,.0f} ms over "
                            f"{len(tv_runs)} runs; protocol session errors: {len(errors)}; "
                            f"clock fragment p95 {p95([r.total for r in clock]) * 1000:,.0f} ms; one screen: panel p95 "
                            f"{p95([r.total for r in panel1]) * 1000:,.0f} ms)"))
    per_session = (rss_n - rss0) / n
    section.rows.append(Row(f"4c. Wall: server RSS per open screen ({n} screens)", f"{per_session:.1f} MB", "< 15 MB",
                            per_session < 15 if all_showing else None,
                            f"{not_judged}RSS {rss0:,.0f} MB with 0 screens, {rss_n:,.0f} MB with {n} open"
                            + ("" if all_showing or not showing_end else
                               f" ({(rss_n - rss0) / showing_end:.1f} MB per screen that showed a panel)")))
    kept = rss_after - rss0
    section.rows.append(Row("4c. Wall: RSS kept after all screens closed", f"{kept:+.1f} MB",
                            "< 15 MB (one screen's budget)", kept < 15,
                            f"{rss_after:,.0f} MB after close + {session_ttl + JANITOR_SECONDS + 10} s vs {rss0:,.0f} MB before"))
    per_screen = cpu1["server"]
    section.rows.append(Row("4d. Wall: server CPU per screen (one screen alone)", f"{per_screen:.1f} % of a core", "–",
                            None,
                            f"a Streamlit process runs Python on one core at a time (GIL), so one server carries "
                            f"about {100 / max(per_screen, 0.01):.0f} screens. CPU in the {n}-screen window (% of one "
                            f"core, {cpun['capacity']:.0f} on this machine): server {cpun['server']:.0f}, the bench's "
                            f"Chromium + Playwright {cpun['rig']:.0f}, other processes {cpun['other']:.0f}"))
    section.details += [
        f"{showing} of {n} screens showed a panel within {open_s:.0f} s of opening the first",
        f"panel rerun request→finished ms (sorted, every 10th): "
        f"{', '.join(f'{v * 1000:.0f}' for v in sorted(totals)[::10])}",
        f"RSS samples with {n} screens (MB): {', '.join(f'{v:.0f}' for v in rss_samples)}",
    ]
    return section


def _slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of y over x (0 with fewer than two distinct x)."""
    if len({x for x, _ in points}) < 2:
        return 0.0
    mx = statistics.fmean(x for x, _ in points)
    my = statistics.fmean(y for _, y in points)
    return sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)


def wait_shown(screen, seconds: float) -> bool:
    """Wait until a screen shows a panel (a metric card), at most `seconds` (at least 1 s)."""
    if not hasattr(screen, "page"):  # a protocol session: a metric element has arrived
        deadline = time.monotonic() + max(1.0, seconds)
        while not screen.shown and time.monotonic() < deadline:
            time.sleep(0.2)
        return screen.shown
    try:
        screen.page.wait_for_selector(PANEL_SELECTOR, timeout=max(1_000, seconds * 1000))
        return True
    except PlaywrightTimeout:
        return False


def _shows_panel(screen) -> bool:
    if not hasattr(screen, "page"):
        return screen.shown
    try:
        return screen.page.locator(PANEL_SELECTOR).count() > 0
    except Exception:  # noqa: BLE001 - a page that cannot answer shows nothing
        return False


def pump_idle(seconds: float) -> None:
    time.sleep(seconds)


def soak(bench: Bench) -> Section:
    target = 200 if bench.quick else 2000
    warm_runs = 50 if bench.quick else 300  # over a minute: every panel shown twice (6 x 5 s rotation)
    limit = 150 if bench.quick else 720
    tick, refresh = 0.2, 5
    qlog = bench.workdir / "queries-soak.log"
    section = Section("soak")
    server = bench.server("soak", env={"DASHBOARD_REFRESH_SECONDS": str(refresh), "DASHBOARD_WALL_ROTATE_SECONDS": "5",
                                       "DASHBOARD_WALL_TICK_SECONDS": str(tick), "DASHBOARD_QUERY_LOG": str(qlog)})
    with server:
        screen = open_screen(bench, server)
        try:
            screen.page.wait_for_selector(PANEL_SELECTOR, timeout=90_000)
            rec = screen.recorder
            started = time.monotonic()
            first = None
            samples: list[tuple[float, int, float]] = []
            runs = 0
            while time.monotonic() - started < limit:
                pump(screen.page, 2)
                pid = rec.fragment_id(tick)
                runs = rec.completed_runs(pid) if pid else 0
                samples.append((time.monotonic() - started, runs, server.rss_mb()))
                if first is None and runs >= warm_runs:
                    first = (runs, time.monotonic() - started, sample_rss(server, 2, 0.5), js_heap_mb(rec.cdp))
                if runs >= target:
                    break
            elapsed = time.monotonic() - started
            last = (runs, elapsed, sample_rss(server, 2, 0.5), js_heap_mb(rec.cdp))
            pid = rec.fragment_id(tick)
            run_times = [r.total for r in rec.fragment_runs(pid)] if pid else []
        finally:
            screen.close()
    queries = read_queries(qlog, 0, time.time())
    if first is None:
        section.rows.append(Row("5. Soak", f"{runs} runs", f"≥ {target} runs", False,
                                f"the warm-up ({warm_runs} runs) was not reached in {limit} s"))
        return section
    rss_growth, heap_growth = last[2] - first[2], last[3] - first[3]
    done = last[0] >= target
    cycles = f"{last[0]:,} panel runs in {last[1]:.0f} s" + ("" if done else f" (time limit; goal {target:,})")
    after = [(r, m) for _t, r, m in samples if r >= first[0]]
    slope = _slope(after) * 1000
    section.rows.append(Row("5. Soak: server RSS growth", f"{rss_growth:+.1f} MB", "< 30 MB",
                            rss_growth < 30 and done,
                            f"{cycles}; {first[2]:,.0f} MB after {first[0]} runs → {last[2]:,.0f} MB; trend over the "
                            f"{len(after)} samples after warm-up {slope:+.1f} MB per 1,000 runs"))
    section.rows.append(Row("5. Soak: browser JS heap growth", f"{heap_growth:+.1f} MB", "< 30 MB",
                            heap_growth < 30 and done,
                            f"used JS heap after forced GC: {first[3]:.1f} MB after {first[0]} runs → {last[3]:.1f} MB"))
    section.details += [
        f"{cycles}; panel fragment every {tick} s, cache TTL {refresh} s; {len(queries):,} SQL statements in all "
        f"({len(queries) / max(last[1], 1) * refresh:.1f} per TTL)",
        f"panel rerun request→finished: median {statistics.median(run_times) * 1000:.0f} ms, "
        f"p95 {p95(run_times) * 1000:.0f} ms" if run_times else "no panel runs decoded",
        "RSS (MB) by time: " + ", ".join(f"{t:.0f}s/{r}runs/{m:.0f}" for t, r, m in samples[::max(1, len(samples) // 12)]),
    ]
    return section


__all__ = ["rss_mb", "soak", "wall"]
