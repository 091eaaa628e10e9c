"""Streamlit-side glue shared by pages: language, cached data access, common widgets."""
