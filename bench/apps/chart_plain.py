"""Figure 3's reference: the one-chart page without sign-in (same imports as chart_signed.py)."""
import altair as alt
import pandas as pd
import streamlit as st

import auth.gate  # noqa: F401  (the same modules in memory as the signed page)
from data_access.db import get_engine  # noqa: F401

st.altair_chart(alt.Chart(pd.DataFrame({"month": range(1, 13), "rate": [7.3, 7.5, 5.9, 6.2, 5.6, 5.4, 6.6, 6.5,
                                                                           5.8, 5.4, 5.0, 6.0]}))
                .mark_line().encode(x="month:O", y="rate:Q"), width="stretch")
