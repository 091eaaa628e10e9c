"""Chromium (Playwright) for the benchmark: launch, sign-in cookies, "fully drawn" timing, websocket capture.

"Fully drawn" (`load_time`): after a navigation, the moment from which all of these hold for
STABLE_MS without interruption (the time reported is the start of that stretch, so a page that
briefly looks finished between two script runs is not caught early):
  - the app root's `data-test-script-state` is `notRunning` (a script run has completed; it is
    `initial` before the first run and `running` during one),
  - the status widget shows no "Running" indicator,
  - every Vega chart container (`stVegaLiteChart`) holds its drawing: the number of
    `.vega-embed canvas, .vega-embed svg` equals the number of containers (and there are at least
    `min_charts` of them),
  - the main area holds at least one element (and the page's marker text, when given);
and, watched LATE_MS longer, no further chart or sparkline drawing appears (one that does moves the
time to its own moment: Streamlit loads sparklines lazily, so READY_JS cannot see one coming).
Times come from the page's own clock (`performance.now()`, zero at navigation start), polled
every 10 ms, so Playwright's round trips do not add to them.

`WsRecorder` reads the Streamlit websocket through the Chrome DevTools protocol: every frame with
the browser's own timestamp, decoded with Streamlit's protobuf classes.
"""
from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from testkit.chromium import CHROMIUM, CHROMIUM_ARGS, COOKIE_NAME, sign_in, wait_for_app  # noqa: F401

# A wall screen is a foreground window: keep Chromium from throttling timers of pages it thinks hidden.
BENCH_ARGS = [*CHROMIUM_ARGS, "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
              "--disable-backgrounding-occluded-windows", "--js-flags=--expose-gc"]
STABLE_MS = 300
VIEWPORT = {"width": 1600, "height": 1000}

READY_JS = """
(opts) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const now = performance.now();
  let ok = false, charts = 0, drawn = 0;
  if (app) {
    const state = app.getAttribute('data-test-script-state');
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    const running = !!status && /Running|실행/.test(status.innerText || '');
    charts = document.querySelectorAll('[data-testid="stVegaLiteChart"]').length;
    // charts, and the metric cards' sparklines (stMetricChart, also a vega-embed) apart
    const chart = '.vega-embed:not([data-testid="stMetricChart"])';
    drawn = document.querySelectorAll(chart + ' canvas, ' + chart + ' svg').length;
    const sparks = document.querySelectorAll('[data-testid="stMetricChart"]');
    const sparksDrawn = Array.from(sparks).every(e => e.querySelector('canvas, svg'));
    // the moment the last drawing (chart or sparkline) appeared: each new one moves it on
    const drawings = document.querySelectorAll('.vega-embed canvas, .vega-embed svg').length;
    if (drawings > (window.__benchDrawings || 0)) { window.__benchDrawings = drawings; window.__benchLastChart = now; }
    const main = document.querySelector('[data-testid="stMain"]');
    const elements = main ? main.querySelectorAll('[data-testid="stElementContainer"]').length : 0;
    const text = opts.text ? (main ? main.innerText : '') : '';
    ok = state === 'notRunning' && !running && charts >= opts.minCharts && drawn === charts && sparksDrawn
         && elements > 0
         && (!opts.text || text.includes(opts.text));
  }
  if (!ok) { window.__benchSince = undefined; return false; }
  if (window.__benchSince === undefined) window.__benchSince = now;
  if (now - window.__benchSince < opts.stableMs) return false;
  return {ms: window.__benchSince, charts: charts, drawn: drawn, lastChart: window.__benchLastChart ?? null,
          origin: performance.timeOrigin};
}
"""


# Streamlit loads a metric card's sparkline lazily: until it has, the card shows no drawing and READY_JS
# cannot know one is coming. So after the stable stretch the count is watched LATE_MS longer; a
# drawing that appears then moves "fully drawn" to its moment.
LATE_MS = 1000
LATE_JS = """
(ms) => new Promise(resolve => {
  const end = performance.now() + ms;
  const tick = () => {
    const drawings = document.querySelectorAll('.vega-embed canvas, .vega-embed svg').length;
    if (drawings > (window.__benchDrawings || 0)) { window.__benchDrawings = drawings; window.__benchLastChart = performance.now(); }
    if (performance.now() >= end) resolve(window.__benchLastChart ?? null); else setTimeout(tick, 10);
  };
  tick();
})
"""


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=BENCH_ARGS)


def signed_in_state(database_url: str, username: str) -> dict:
    """A browser storage state holding the sign-in cookie of a demo account.

    Made as the login makes it - `accounts.authenticate` checks the password and opens the
    server-side session, `auth.tokens.encode_session_cookie` signs it with the key every bench
    server uses (demo mode) - without driving the login form: no figure measures the form (the
    browser tests do), every figure measures page loads that find the cookie (the gate's fast path).
    Cookies are per host, not per port, so one cookie serves every server on 127.0.0.1.
    """
    import datetime as dt

    from auth.tokens import encode_session_cookie, validate_cookie_key
    from config.auth import DEMO_PASSWORD
    from config.settings import Settings
    from auth import accounts
    from data_access.db import make_engine

    engine = make_engine(database_url)
    try:
        result = accounts.authenticate(engine, username=username, password=DEMO_PASSWORD,
                                       now=dt.datetime.now(dt.timezone.utc), demo_mode=True)
    finally:
        engine.dispose()
    if not result.ok or result.session is None:
        raise RuntimeError(f"demo sign-in of {username!r} refused: {result.status}")
    s = result.session
    key = validate_cookie_key(Settings(DATABASE_URL=database_url, DASHBOARD_DEMO=True))
    token = encode_session_cookie(username=s.username, session_id=s.session_id, issued_at=s.issued_at,
                                  expires_at=s.expires_at, key=key)
    cookie = {"name": COOKIE_NAME, "value": token, "domain": "127.0.0.1", "path": "/",
              "expires": s.expires_at.timestamp(), "httpOnly": False, "secure": False, "sameSite": "Strict"}
    return {"cookies": [cookie], "origins": []}


@dataclass
class Load:
    ms: float  # navigation start (or `since`) to fully drawn
    charts: int
    last_chart_ms: float | None = None  # to the last chart or sparkline drawn (None: the page has none)


def load_time(page, url: str, *, min_charts: int = 0, text: str | None = None,
              timeout_ms: float = 90_000) -> Load:
    """Navigate to `url` (a new Streamlit session) and return the time to fully drawn (see module doc)."""
    page.goto(url, wait_until="commit", timeout=timeout_ms)
    return wait_drawn(page, min_charts=min_charts, text=text, timeout_ms=timeout_ms)


def wait_drawn(page, *, min_charts: int = 0, text: str | None = None, since: float = 0.0,
               timeout_ms: float = 90_000) -> Load:
    """Wait until the current page is fully drawn.

    Times are from navigation start; with `since` (a `page_clock()` reading, epoch ms) from then,
    across a reload in between.
    """
    handle = page.wait_for_function(READY_JS, arg={"minCharts": min_charts, "text": text, "stableMs": STABLE_MS},
                                    polling=10, timeout=timeout_ms)
    value = handle.json_value()
    last = page.evaluate(LATE_JS, LATE_MS)  # a drawing that appears later (a lazily loaded sparkline) counts
    if last is not None:
        value["ms"] = max(float(value["ms"]), float(last))
    shift = float(value["origin"]) - since if since else 0.0
    return Load(ms=float(value["ms"]) + shift, charts=int(value["charts"]),
                last_chart_ms=None if last is None else float(last) + shift)


def page_clock(page) -> float:
    """The page's clock as epoch ms (timeOrigin + now), comparable across navigations."""
    return float(page.evaluate("() => performance.timeOrigin + performance.now()"))


@contextmanager
def context_page(browser, storage_state: dict | None = None) -> Iterator:
    context = browser.new_context(viewport=VIEWPORT, locale="ko-KR", storage_state=storage_state)
    try:
        yield context, context.new_page()
    finally:
        context.close()


# --- the websocket, decoded -------------------------------------------------------------------


@dataclass
class Frame:
    ts: float  # the browser's monotonic clock, seconds
    sent: bool
    kind: str  # rerun (sent) | new_session | finished | auto_rerun (received)
    fragment_ids: tuple[str, ...] = ()
    run_id: str = ""
    status: int | None = None  # script_finished status
    interval: float | None = None  # auto_rerun interval


@dataclass
class FragmentRun:
    requested: float  # the browser sent the rerun request (the earliest one this run served)
    started: float  # the run's new_session arrived
    finished: float  # the run's script_finished arrived

    @property
    def total(self) -> float:
        return self.finished - self.requested

    @property
    def server(self) -> float:
        return self.finished - self.started


@dataclass
class WsRecorder:
    """All Streamlit websocket frames of one page, decoded (only what the benchmark needs is kept).

    Every run the server starts is announced by a `new_session` message and closed by a
    `script_finished` message, both tagged with the run's id and the fragments it runs; the
    browser's `rerun_script` requests name the fragment (a fragment's `run_every` timer lives in
    the browser, which the server configures with `auto_rerun` messages).
    """

    frames: list[Frame] = field(default_factory=list)
    bytes_received: int = 0

    @classmethod
    def attach(cls, context, page) -> WsRecorder:
        recorder = cls()
        cdp = context.new_cdp_session(page)
        cdp.on("Network.webSocketFrameSent", lambda p: recorder._on(p, sent=True))
        cdp.on("Network.webSocketFrameReceived", lambda p: recorder._on(p, sent=False))
        cdp.send("Network.enable")
        cdp.send("Performance.enable")
        recorder.cdp = cdp
        return recorder

    def main_thread_ms(self) -> float:
        """CPU time of the current document's main thread so far (CDP Performance TaskDuration, ms):
        on a shared machine a steadier measure of the browser's work than the wall clock."""
        metrics = {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}
        return metrics["TaskDuration"] * 1000

    def _on(self, params: dict, *, sent: bool) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        response = params["response"]
        if response.get("opcode") != 2:
            return
        data = base64.b64decode(response["payloadData"])
        ts = float(params["timestamp"])
        if sent:
            msg = BackMsg.FromString(data)
            if msg.WhichOneof("type") == "rerun_script":
                fid = msg.rerun_script.fragment_id
                self.frames.append(Frame(ts, True, "rerun", (fid,) if fid else ()))
            return
        self.bytes_received += len(data)
        msg = ForwardMsg.FromString(data)
        kind = msg.WhichOneof("type")
        if kind in ("new_session", "script_finished"):
            run = msg.metadata.run
            self.frames.append(Frame(ts, False, "new_session" if kind == "new_session" else "finished",
                                     tuple(run.fragment_ids), run.script_run_id,
                                     status=int(msg.script_finished) if kind == "script_finished" else None))
        elif kind == "auto_rerun":
            self.frames.append(Frame(ts, False, "auto_rerun", (msg.auto_rerun.fragment_id,),
                                     interval=float(msg.auto_rerun.interval)))

    def intervals(self) -> dict[str, float]:
        """fragment id -> its run_every interval (from the server's auto_rerun messages)."""
        return {f.fragment_ids[0]: f.interval for f in self.frames if f.kind == "auto_rerun"}

    def fragment_id(self, interval: float) -> str | None:
        """The fragment whose run_every is `interval` seconds."""
        return next((fid for fid, every in self.intervals().items() if abs(every - interval) < 1e-6), None)

    def fragment_runs(self, fragment_id: str, *, since: float = 0.0) -> list[FragmentRun]:
        """Completed runs of one fragment whose request came at or after `since`."""
        runs: list[FragmentRun] = []
        pending: list[float] = []
        started: dict[str, tuple[float, float]] = {}  # run id -> (requested, started)
        for frame in self.frames:
            if frame.kind == "rerun" and frame.fragment_ids == (fragment_id,):
                pending.append(frame.ts)
            elif frame.kind == "new_session" and fragment_id in frame.fragment_ids and pending:
                served = [t for t in pending if t <= frame.ts]
                if served:
                    pending = [t for t in pending if t > frame.ts]
                    started[frame.run_id] = (served[0], frame.ts)
            elif frame.kind == "finished" and frame.run_id in started:
                requested, start = started.pop(frame.run_id)
                if requested >= since:
                    runs.append(FragmentRun(requested, start, frame.ts))
        return runs

    def requests(self, fragment_id: str | None, *, since: float = 0.0) -> int:
        """Rerun requests the browser sent for the fragment after `since`."""
        return sum(1 for f in self.frames if f.kind == "rerun" and f.ts >= since and f.fragment_ids == (fragment_id,))

    def completed_runs(self, fragment_id: str) -> int:
        """Runs of the fragment that finished (by the server's own tags, requested or not)."""
        runs = {f.run_id for f in self.frames if f.kind == "new_session" and fragment_id in f.fragment_ids}
        return sum(1 for f in self.frames if f.kind == "finished" and f.run_id in runs)

    def script_runs(self, *, since: float = 0.0) -> list[tuple[float, float, tuple[str, ...]]]:
        """Every run that started after `since` and finished: (started, finished, fragment ids)."""
        started = {f.run_id: f for f in self.frames if f.kind == "new_session" and f.ts > since}
        return [(started[f.run_id].ts, f.ts, started[f.run_id].fragment_ids)
                for f in self.frames if f.kind == "finished" and f.run_id in started]

    def now(self) -> float:
        return self.frames[-1].ts if self.frames else 0.0


def js_heap_mb(cdp) -> float:
    """Used JS heap (MB) after a forced garbage collection (CDP HeapProfiler + Performance)."""
    cdp.send("Performance.enable")
    cdp.send("HeapProfiler.enable")
    cdp.send("HeapProfiler.collectGarbage")
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return metrics["JSHeapUsedSize"] / 1024 / 1024


def screenshot(page, path: Path) -> None:
    page.screenshot(path=str(path))
