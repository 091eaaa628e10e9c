"""The baseline of every browser figure: a one-line Streamlit page, served by the same Streamlit."""
import streamlit as st

st.write("ok")
