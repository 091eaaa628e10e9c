"""The floor under every chart page: `?n=N` trivial charts (two bars each), laid out as /complaints lays out its
six (two to a row), through st.vega_lite_chart as ui.widgets.chart draws them. bench/chart_floor.py loads it."""
import streamlit as st

SPEC = {"data": {"values": [{"k": "a", "v": 1}, {"k": "b", "v": 2}]}, "mark": "bar",
        "encoding": {"x": {"field": "k", "type": "nominal"}, "y": {"field": "v", "type": "quantitative"}}}

if __name__ == "__main__":  # as Streamlit runs it; bench/apps/floor_site imports only SPEC
    n = int(st.query_params.get("n", "0"))
    st.write("ok")
    for row in range(0, n, 2):
        for col in st.columns(2)[: min(2, n - row)]:
            with col:
                st.vega_lite_chart(spec=SPEC, width="stretch", theme=None)
