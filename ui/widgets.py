"""Widgets every metric page shares: header with as-of date, KPI cards, filters, detail tables."""
from __future__ import annotations

import io
from collections.abc import Callable
import altair as alt
import pandas as pd
import streamlit as st

from config.i18n import t
from config.formats import fmt_date

STATUS_BADGE = {  # status -> (string key, badge colour)
    "on_track": ("status.on_track", "green"),
    "watch": ("status.watch", "orange"),
    "off_track": ("status.off_track", "red"),
}


def page_header(title: str, lang: str, as_of) -> None:
    st.title(title)
    st.caption(t("common.as_of", lang, date=fmt_date(as_of, lang)))


def kpi(label: str, value: str, *, lang: str, delta: str | None = None, delta_color: str = "normal",
        status: str | None = None, help: str | None = None, series=None, chart_type: str = "line") -> None:
    """A KPI card: value, change against the previous period, a status badge against target and,
    when `series` is given (a list or Series of the metric's recent values, oldest first), a sparkline
    under the value (st.metric's chart_data). Cards of a row share one height (CSS), with or without one.
    """
    with st.container(border=True):
        chart_data = None if series is None or len(series) == 0 else list(series)
        st.metric(label, value, delta=delta, delta_color=delta_color, help=help,
                  chart_data=chart_data, chart_type=chart_type, border=False)
        if status in STATUS_BADGE:
            key, colour = STATUS_BADGE[status]
            st.badge(t(key, lang), color=colour)


def chart(spec: alt.Chart | alt.LayerChart | alt.VConcatChart | alt.HConcatChart) -> None:
    st.altair_chart(spec, width="stretch", theme=None)  # our registered theme, not Streamlit's


MISSING = "–"


def _xlsx_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="data")
    return buffer.getvalue()


def detail_table(frame: pd.DataFrame, *, lang: str, filename: str, key: str,
                 column_config: dict | None = None, height: int | str = "auto") -> None:
    """A table with Korean (or English) column labels, scrolling inside itself, plus CSV/XLSX downloads.

    `frame` already carries the display labels as column names and display units (e.g. 백만원).
    """
    if frame.empty:
        st.info(t("common.no_data", lang))
        return
    st.dataframe(frame, hide_index=True, width="stretch", height=height, column_config=column_config,
                 placeholder=MISSING)  # a missing value reads "–", not "None"
    left, right = st.columns(2)
    left.download_button(t("common.download_csv", lang), data=lambda: frame.to_csv(index=False).encode("utf-8-sig"),
                         file_name=f"{filename}.csv", mime="text/csv", key=f"{key}_csv", width="stretch")
    right.download_button(t("common.download_xlsx", lang), data=lambda: _xlsx_bytes(frame),
                          file_name=f"{filename}.xlsx", key=f"{key}_xlsx", width="stretch",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def empty_state(lang: str) -> None:
    st.info(t("common.no_data", lang))


def division_filter(scope, lang: str, *, key: str) -> str | None:
    """Division filter: the office picks one or all; a division head's own division is fixed."""
    from data_access.org import divisions
    from ui.data import q

    frame = q(divisions, scope=scope)
    names = dict(zip(frame["division_code"], frame["name_en" if lang == "en" else "name_ko"], strict=True))
    if not scope.is_office:
        st.selectbox(t("common.division", lang), [scope.division_code], format_func=names.get, disabled=True, key=key)
        return None
    options = [None, *names]
    return st.selectbox(t("common.division", lang), options, key=key,
                        format_func=lambda c: t("common.all_divisions", lang) if c is None else names[c])


def link_to_page(page: str, *, label: str, query_params: dict[str, str] | None = None) -> None:
    """A link to another page of the navigation (nothing when the page runs outside it, as in AppTest)."""
    from streamlit.errors import StreamlitPageNotFoundError

    try:
        st.page_link(page, label=label, icon=":material/arrow_forward:", query_params=query_params)
    except StreamlitPageNotFoundError:
        pass


def report_table(frame: pd.DataFrame, *, formats: dict[str, Callable[[object], str]] | None = None) -> None:
    """A static table laid out like the report's own tables (text, so it prints and reads as printed).

    `formats` maps a column to a function giving the cell's text; missing values read "–".
    """
    shown = frame.copy()
    for column, fmt in (formats or {}).items():
        shown[column] = shown[column].map(lambda v, f=fmt: MISSING if pd.isna(v) else f(v))
    shown = shown.astype(object).where(shown.notna(), MISSING)
    shown = shown.set_index(shown.columns[0])
    numeric = [c for c in (formats or {}) if c in shown.columns]
    st.table(shown.style.set_properties(subset=numeric, **{"text-align": "right"}))
