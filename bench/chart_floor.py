"""What Streamlit's chart element costs a page load, whatever the chart draws (issue 17's floor).

    python -m bench.chart_floor [--reps 11] [--counts 0,1,3,6]

Serves bench/apps/charts_floor.py (`?n=N` charts of two bars each, two to a row, drawn by
st.vega_lite_chart as the dashboard's ui.widgets.chart draws its charts) and the bare page
(bench/apps/bare_app.py), each under its own `streamlit run`, and loads them alternately in one
Chromium tab per server (HTTP cache warm, as in `make bench`), 2 warm-up rounds, then `--reps`
rounds. Prints the median time to fully drawn (bench/browser.py) of each count against the bare
page. The dashboard's chart pages cannot be faster than this page with as many charts: on
/complaints (six charts) the floor is the goal's measure of what the platform allows.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from bench.browser import VIEWPORT, load_time
from bench.common import Bench

FLOOR_APP = Path(__file__).resolve().parent / "apps" / "charts_floor.py"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=11)
    parser.add_argument("--counts", default="0,1,3,6", help="chart counts to load, comma-separated")
    args = parser.parse_args(argv)
    counts = [int(c) for c in args.counts.split(",")]
    with tempfile.TemporaryDirectory(prefix="dash-chart-floor-") as tmp:
        bench = Bench(Path(tmp), quick=True)
        try:
            bare = bench.bare()
            with bench.server("charts-floor", script=FLOOR_APP) as floor:
                tabs = {"bare": bench.browser.new_page(viewport=VIEWPORT)}
                tabs.update({n: bench.browser.new_page(viewport=VIEWPORT) for n in counts})
                times: dict = {key: [] for key in tabs}
                for round_ in range(2 + args.reps):
                    order = list(tabs) if round_ % 2 == 0 else list(reversed(tabs))
                    for key in order:
                        url = f"{bare.url}/" if key == "bare" else f"{floor.url}/?n={key}"
                        ms = load_time(tabs[key], url, min_charts=0 if key == "bare" else key).ms
                        if round_ >= 2:
                            times[key].append(ms)
                base = statistics.median(times["bare"])
                print(f"bare page: median {base:,.0f} ms of {args.reps}")
                for n in counts:
                    median = statistics.median(times[n])
                    print(f"{n} chart(s) of two bars: median {median:,.0f} ms, {median / base:.2f}× the bare page")
        finally:
            bench.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
