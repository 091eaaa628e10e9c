"""`make bench`: every performance figure measured in one run, written to bench/results/RESULTS.md.

    python -m bench.run [--only NAME ...] [--quick] [--out PATH] [--keep-workdir]

Browser figures are ratios against a bare one-line Streamlit page (bench/apps/bare_app.py) served by
the same Streamlit in the same run; the others are absolute times and sizes. The whole run is
bounded (about 25 minutes on 2 cores with the default 10 M complaints; BENCH_COMPLAINTS sets the
scale). A full run writes bench/results/RESULTS.md; a run with --only or --quick prints the table and
writes a file only with --out.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import itertools
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench.common import BENCH_DIR, RESULTS_DIR, Bench, Row, Section

# name -> (module, function, what it measures); run in this order
FIGURES: dict[str, tuple[str, str, str]] = {
    "overview": ("bench.figures.pages", "overview", "1. warm overview page load / bare page"),
    "pages_warm": ("bench.figures.pages", "pages_warm", "1b-1d. warm /complaints, /budget, /divisions / bare page"),
    "complaints_cold": ("bench.figures.pages", "complaints_cold", "2. cold-cache /complaints load / bare page"),
    "complaints_signin": ("bench.figures.pages", "complaints_signin",
                          "2b. first /complaints after sign-in, data cache cold / bare page"),
    "signin": ("bench.figures.pages", "signin", "3. signed-in one-chart page / bare page"),
    "wall": ("bench.figures.wall", "wall", "4. 30 wall screens: SQL per refresh, fragment p95, RSS per screen"),
    "soak": ("bench.figures.wall", "soak", "5. 2,000 wall refresh cycles: server RSS and JS heap growth"),
    "briefing": ("bench.figures.data", "briefing", "8. briefing PDF build time"),
    "import": ("bench.figures.data", "import_complaints", "7. 1 M-row complaints import on PostgreSQL"),
    "scale": ("bench.figures.data", "scale", "6. gen-scale 10 M complaints and the slowest page query"),
    "forecast": ("bench.figures.forecast", "forecast", "9. year-end execution forecast backtest vs a straight line"),
}
RESULTS = RESULTS_DIR / "RESULTS.md"

METHOD = """\
- **Page loads (1-3, 1b-1d, 2b)**: Chromium (Debian's, through Playwright), each load a new navigation and so a
  new Streamlit session, with the sign-in cookie in the browser (the gate's fast path). Time =
  navigation start to *fully drawn*, read from the page's own clock (`performance.now()`): the app's
  `data-test-script-state` is `notRunning`, no "Running" indicator, every Vega chart container
  (`stVegaLiteChart`) holds its drawn `svg`/`canvas`, the main area has content — all holding for
  300 ms (the start of that stretch is the time), and no further chart or sparkline drawing in the
  second after (Streamlit loads sparklines lazily: one that appears then moves the time to its
  own moment). Subject and bare page are loaded alternately.
  1: `/` (overview) with a warm cache, median of 7 after 2 warm-up loads each. 2: `/complaints` as
  the first request of a freshly started server against the bare page's first load after its own
  start, median of 3 restarts. 3: `bench/apps/chart_signed.py` (auth.gate.require_user + one Altair
  chart), with `bench/apps/chart_plain.py` (the same chart, no gate) to isolate the sign-in.
- **Warm chart pages (1b-1d)**: one server, its cache warm after 2 warm-up loads of each page; the
  pages loaded in turn with a bare-page load after each (median of 7 each against the median of all
  the bare loads of the run). Readers: `exec` (executive, the whole office: the most data) on
  1b `/complaints` and 1c `/budget`; `civic` (a division head, whose start page is `/divisions`:
  one division, its trends and figure cards) on 1d `/divisions`. The browser's cookie is switched
  to the page's reader before each load (cookies are per host).
- **First `/complaints` after sign-in (2b)**: a freshly started server (imports warm: `asgi.py`
  warms them before the port opens) that has served one login page (app.py has run once, no data
  read: data cache cold); `exec` opens `/complaints` without a cookie, signs in through the form,
  and the time runs from the click on 로그인 to `/complaints` fully drawn (the page's clock,
  across the reload if any), against the warm bare page's load (median of 3 after each); median
  of 3 servers. Figure 2 stays: the first request after the server starts.
- **Breakdown (notes of 1, 1b-1d, 2, 2b)**: *server script* = the server's script runs during the
  load (each run's `new_session` to its `script_finished` on the websocket, browser timestamps;
  runs counted); *last chart drawn* = the moment the last `svg`/`canvas` of a Vega chart or
  sparkline appeared (the page's clock, polled every 10 ms); *websocket* = bytes of the binary
  (protobuf) frames the browser received during the load (CDP `Network.webSocketFrameReceived`);
  *browser main thread* = the document's main-thread CPU time through fully drawn and the second
  after (CDP `Performance.getMetrics` TaskDuration): on a loaded machine steadier than wall time
  (for 2b it counts from the login page's load when sign-in keeps the document).
- **Servers**: the app as it is deployed, `streamlit run asgi.py` (st.App: the warm-up imports
  the pages' libraries before the port opens; data cache cold); the bare page `bench/apps/bare_app.py`
  under `streamlit run`; both with the project's `.streamlit/config.toml`.
- **Wall (4)**: 30 sessions signed in as `wall`: one Chromium screen and 29 sessions speaking
  Streamlit's websocket protocol as the frontend does (`bench/ws_screens.py`; 30 Chromium
  renderers took 115-130% of the 2 cores and starved the server). DASHBOARD_REFRESH_SECONDS=30
  (the cache TTL) and DASHBOARD_WALL_ROTATE_SECONDS=5, so one screen's rotation needs every panel's
  keys once per TTL. SQL is counted in the server process (DASHBOARD_QUERY_LOG: one line per
  statement, with a hash of statement + parameters). Fragment rerun time: rerun request sent →
  that run's `script_finished` received (Chromium: browser timestamps through the DevTools
  protocol; protocol sessions: their own clock). RSS from /proc; after closing, the sessions
  expire (disconnectedSessionTTL 15 s) and the server's janitor runs before the sample.
- **Soak (5)**: one wall screen with DASHBOARD_WALL_TICK_SECONDS=0.2 and a 5 s TTL until the panel
  fragment completed 2,000 runs (counted from the server's `script_finished` messages tagged with
  the panel fragment); server RSS and used JS heap (after a forced GC over CDP) at the end against
  after the first 300 runs (over a minute: every panel shown twice), with the RSS trend after it.
- **Scale (6)**: scratch PostgreSQL database, `manage.py load-demo`, `manage.py gen-scale
  --complaints N` (wall clock), then `bench/scale_queries.py`: every page query once on a fresh
  engine without the Streamlit cache; the slowest is reported. **Import (7)**: `import_file` of a
  generated 1,000,000-row CSV into a scratch PostgreSQL database. **Briefing (8)**:
  `build_briefing` on the demo data, then the first `build_pdf` in the process.
- **Forecast (9)**: a scratch SQLite demo plus gen-scale's budget history (2007-2013, its own
  generator without the complaints); every complete past year with two or more complete earlier
  years is projected at the ends of April, June, August and October from the earlier years only
  (`metrics.forecast.backtest`): the mean absolute error of the projected year-end 집행률 against
  the actual one, per grain (office, division, unit programme), beside the naive straight line
  (rate so far × days in the year / days elapsed, capped at 100%).
"""


def _sh(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=10, cwd=BENCH_DIR.parent).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def machine_facts() -> list[str]:
    mem = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal:")), "0")
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    import streamlit

    chromium = _sh(["/usr/bin/chromium", "--version"]) if Path("/usr/bin/chromium").exists() else "?"
    commit = _sh(["git", "rev-parse", "--short", "HEAD"])
    changed = [line for line in _sh(["git", "status", "--porcelain", "--untracked-files=no"]).splitlines()
               if not line.endswith("bench/results/RESULTS.md")]  # the file this run writes
    dirty = " + uncommitted changes" if changed else ""
    return [
        f"CPU: {os.cpu_count()} cores (nproc {_sh(['nproc'])}), {cpu}",
        f"memory: {int(mem) / 1024 / 1024:.1f} GiB",
        f"Python {platform.python_version()}, Streamlit {streamlit.__version__}, {chromium}, {platform.platform()}",
        f"code: {commit}{dirty}",
    ]


def run_figure(name: str, bench: Bench) -> Section:
    module, function, _ = FIGURES[name]
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    try:
        section = getattr(importlib.import_module(module), function)(bench)
    except Exception as exc:  # noqa: BLE001 - one failing figure must not lose the others
        section = Section(name, [Row(FIGURES[name][2], "error", "", False, f"{type(exc).__name__}: {exc}"[:300])],
                          ["".join(traceback.format_exception(exc))[-3000:]])
    section.seconds = time.monotonic() - started
    section.details.insert(0, f"took {section.seconds:.0f} s; load average {load_before:.1f} before, "
                              f"{os.getloadavg()[0]:.1f} after")
    return section


def table(rows: list[Row]) -> str:
    lines = ["| figure | value | goal | pass |", "|---|---|---|---|"]
    lines += [f"| {r.figure} | {r.value} | {r.goal} | {r.verdict} |" for r in rows]
    return "\n".join(lines)


def console_table(rows: list[Row]) -> str:
    widths = [max(len(x) for x in col) for col in zip(*[("figure", "value", "goal", "pass")] +
                                                         [(r.figure, r.value, r.goal, r.verdict) for r in rows],
                                                        strict=True)]
    fmt = " | ".join(f"{{:<{w}}}" for w in widths)
    out = [fmt.format("figure", "value", "goal", "pass"), "-+-".join("-" * w for w in widths)]
    out += [fmt.format(r.figure, r.value, r.goal, r.verdict) for r in rows]
    return "\n".join(out)


def sort_key(row: Row) -> tuple:
    digits = "".join(itertools.takewhile(str.isdigit, row.figure))
    return (int(digits) if digits else 99,)


def write_results(path: Path, sections: list[Section], command: str, started: dt.datetime, seconds: float,
                  load: tuple[float, float]) -> None:
    rows = sorted((r for s in sections for r in s.rows), key=sort_key)
    lines = [
        "# Benchmark results",
        "",
        "Generated by `bench/run.py`; do not edit by hand. Reproduce with:",
        "",
        "```",
        command,
        "```",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC, {seconds / 60:.1f} min; load average {load[0]:.1f} at the start, "
        f"{load[1]:.1f} at the end.",
        "",
        *[f"- {fact}" for fact in machine_facts()],
        "",
        "## Figures",
        "",
        table(rows),
        "",
        "Notes:",
        "",
        *[f"- **{r.figure}**: {r.note}" for r in rows if r.note],
        "",
        "## How each figure is measured",
        "",
        METHOD,
        "## Samples",
        "",
    ]
    for section in sections:
        lines.append(f"### {section.name}")
        lines.append("")
        lines += [f"    {line}" for detail in section.details for line in detail.splitlines()]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="Measure every performance figure in one run (ratios against a bare Streamlit page) and "
                    "write bench/results/RESULTS.md.",
        epilog="figures: " + "; ".join(f"{k} ({v[2]})" for k, v in FIGURES.items())
               + ". Environment: BENCH_COMPLAINTS (scale, default 10,000,000).")
    parser.add_argument("--only", nargs="+", choices=list(FIGURES), metavar="NAME",
                        help="run only these figures (names below)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: fewer loads, 6 wall screens, 200 soak cycles, small data sets")
    parser.add_argument("--out", type=Path, help="write the results here (default: bench/results/RESULTS.md for a full run)")
    parser.add_argument("--set", action="append", default=[], metavar="OPTION=VALUE",
                        help="a `streamlit run` option for every server, the bare page's too "
                             "(e.g. runner.postScriptGC=false), to compare a configuration")
    parser.add_argument("--keep-workdir", action="store_true", help="keep the scratch directory (server logs, query logs)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    names = args.only or list(FIGURES)
    if any("=" not in item for item in args.set):
        sys.exit("--set takes OPTION=VALUE, e.g. --set runner.postScriptGC=false")
    options = dict(item.split("=", 1) for item in args.set)
    partial = bool(args.only or args.quick or options)
    out = args.out or (None if partial else RESULTS)
    command = "make bench" if not partial else \
        ".venv/bin/python -m bench.run " + shlex.join(sys.argv[1:] if argv is None else argv)
    if os.environ.get("BENCH_COMPLAINTS"):
        command = f"BENCH_COMPLAINTS={os.environ['BENCH_COMPLAINTS']} {command}"
    started_at = dt.datetime.now(dt.timezone.utc)
    started = time.monotonic()
    load_start = os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="dash-bench-"))
    print(f"bench: {', '.join(names)}{' (quick)' if args.quick else ''}; work directory {workdir}", flush=True)
    bench = Bench(workdir, quick=args.quick, streamlit_options=options)
    sections: list[Section] = []
    try:
        for name in names:
            print(f"[{(time.monotonic() - started) / 60:5.1f} min] {name}: {FIGURES[name][2]}", flush=True)
            section = run_figure(name, bench)
            sections.append(section)
            for row in section.rows:
                print(f"    {row.figure}: {row.value} ({row.verdict}) {row.note}", flush=True)
    finally:
        bench.close()
        if not args.keep_workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    seconds = time.monotonic() - started
    rows = sorted((r for s in sections for r in s.rows), key=sort_key)
    print()
    print(console_table(rows))
    print(f"\n{seconds / 60:.1f} min in all")
    if out:
        write_results(out, sections, command, started_at, seconds, (load_start, os.getloadavg()[0]))
        print(f"written to {out}")
    return 1 if any(r.value == "error" for r in rows) else 0  # a missed goal is a result, not an error


if __name__ == "__main__":
    sys.exit(main())
