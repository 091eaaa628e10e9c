"""bench/page_floor.py's switch: with BENCH_CHARTS=trivial every chart the pages draw through
`ui.widgets.chart` is the floor's two-bar chart (bench/apps/charts_floor.py's), with BENCH_CHARTS=none
no chart at all; everything else on the page is the app's own. Python imports this module at start-up
when this folder leads PYTHONPATH (bench/page_floor.py's servers only); without the variable it does
nothing. Never on the app's own path."""
import os

MODE = os.environ.get("BENCH_CHARTS", "")

if MODE in ("trivial", "none"):
    import streamlit as st

    import ui.widgets
    from bench.apps.charts_floor import SPEC

    def chart(*_args, **_kwargs) -> None:
        if MODE == "trivial":
            st.vega_lite_chart(spec=SPEC, width="stretch", theme=None)

    ui.widgets.chart = chart  # before any page or ui module imports it
elif MODE:
    raise SystemExit(f"BENCH_CHARTS={MODE!r}: expected 'trivial' or 'none'")
