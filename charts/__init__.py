"""Pure chart builders: DataFrame in, `alt.Chart` out. No Streamlit here.

Importing the package registers and enables the shared theme.
"""
from charts import theme as _theme  # noqa: F401  (registers the theme)
