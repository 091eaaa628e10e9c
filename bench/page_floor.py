"""What the dashboard's chart pages would cost with charts that draw nothing worth drawing.

    python -m bench.page_floor [--pages /complaints@exec,/budget@exec,/divisions@civic] [--reps 9]

Serves the app three times on one demo SQLite database - as it is, with every chart of the pages
(`ui.widgets.chart`) replaced by bench/apps/charts_floor.py's two-bar chart (`trivial`), and with no
charts (`none`): BENCH_CHARTS through bench/apps/floor_site/sitecustomize.py - plus the bare page
(bench/apps/bare_app.py), and loads them alternately in one Chromium tab per server and reader (HTTP
cache warm, as in `make bench`), one warm-up round, then `--reps` rounds with a bare-page load after
each. Prints each page's median time to fully drawn (bench/browser.py) and its ratio to the bare
page's median, as `make bench` reports figures 1b-1d, and the two differences that say where a chart
page's time goes: `real - trivial` is what the charts' own content costs (data, marks, axes,
tooltips), `trivial - none` what the chart elements cost whatever they draw (Streamlit's chart
element and a Vega view each). Issue 17's goals are ratios of the `real` column.
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from contextlib import ExitStack
from pathlib import Path

from bench.browser import VIEWPORT, load_time
from bench.common import APPS_DIR, ROOT, Bench
from bench.figures.pages import BARE_TEXT

FLOOR_SITE = APPS_DIR / "floor_site"
VARIANTS = ("real", "trivial", "none")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default="/complaints@exec,/budget@exec,/divisions@civic",
                        help="PATH@READER, comma-separated (readers are demo accounts)")
    parser.add_argument("--reps", type=int, default=9)
    args = parser.parse_args(argv)
    pages = [tuple(item.split("@", 1)) for item in args.pages.split(",")]
    with tempfile.TemporaryDirectory(prefix="dash-page-floor-") as tmp:
        bench = Bench(Path(tmp), quick=True)
        with ExitStack() as stack:
            stack.callback(bench.close)  # last: after every server below has stopped
            bare = bench.bare()
            servers = {variant: stack.enter_context(bench.server(
                f"floor-{variant}", env={} if variant == "real" else {
                    "BENCH_CHARTS": variant, "PYTHONPATH": os.pathsep.join((str(FLOOR_SITE), str(ROOT)))}))
                for variant in VARIANTS}
            tabs = {(variant, reader): bench.browser.new_context(viewport=VIEWPORT, locale="ko-KR",
                                                                 storage_state=bench.state(reader)).new_page()
                    for variant in VARIANTS for _path, reader in pages}
            bare_tab = bench.browser.new_page(viewport=VIEWPORT)
            times: dict[tuple[str, str], list[float]] = {}
            bare_times: list[float] = []
            for round_ in range(1 + args.reps):
                for variant in VARIANTS if round_ % 2 == 0 else reversed(VARIANTS):
                    for path, reader in pages:
                        ms = load_time(tabs[(variant, reader)], servers[variant].url + path,
                                       min_charts=0 if variant == "none" else 1).ms
                        bare_ms = load_time(bare_tab, bare.url + "/", text=BARE_TEXT).ms
                        if round_:
                            times.setdefault((path, variant), []).append(ms)
                            bare_times.append(bare_ms)
    base = statistics.median(bare_times)
    print(f"bare page: median {base:,.0f} ms of {len(bare_times)}")
    for path, reader in pages:
        median = {variant: statistics.median(times[(path, variant)]) for variant in VARIANTS}
        cells = ", ".join(f"{variant} {median[variant]:,.0f} ms ({median[variant] / base:.2f}×)" for variant in VARIANTS)
        print(f"{path} ({reader}): {cells}; the charts' content {median['real'] - median['trivial']:+,.0f} ms, "
              f"the chart elements {median['trivial'] - median['none']:+,.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
