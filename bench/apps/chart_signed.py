"""Figure 3: a one-chart page behind the sign-in gate (auth.gate.require_user, the app's fast cookie path)."""
import altair as alt
import pandas as pd
import streamlit as st

from auth.gate import require_user
from data_access.db import get_engine

if require_user(get_engine(), lang="ko") is None:
    st.stop()  # no cookie: the login form is shown (the benchmark always sends the cookie)
st.altair_chart(alt.Chart(pd.DataFrame({"month": range(1, 13), "rate": [7.3, 7.5, 5.9, 6.2, 5.6, 5.4, 6.6, 6.5,
                                                                           5.8, 5.4, 5.0, 6.0]}))
                .mark_line().encode(x="month:O", y="rate:Q"), width="stretch")
