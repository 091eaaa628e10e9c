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


_MARKDOWN_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_{}[]<>#+!|$~:"})


def plain(text: str) -> str:
    """Text for a Markdown-rendering element (caption, label) shown as it is."""
    return text.translate(_MARKDOWN_SPECIAL)


def kpi(label: str, value: str, *, lang: str, delta: str | None = None, delta_color: str = "normal",
        status: str | None = None, help: str | None = None, caption: str | None = None,
        series: list[float] | None = None, delta_description: str | None = None) -> None:
    """A KPI card: value, change against the previous period (with what it is against), a status
    badge against target, the sparkline of the last periods and what the figure covers (caption)."""
    points = [x for x in (series or []) if x is not None and x == x]  # NaN != NaN
    with st.container(border=True):
        st.metric(label, value, delta=delta, delta_color=delta_color, help=help,
                  chart_data=points if len(points) > 1 else None, delta_description=delta_description,
                  delta_arrow="auto" if delta is None or delta[:1] in "+-" else "off")
        if status in STATUS_BADGE:
            key, colour = STATUS_BADGE[status]
            st.badge(t(key, lang), color=colour)
        if caption:
            st.caption(plain(caption))


def metric_card(v, *, lang: str, label: str | None = None, help: str | None = None) -> None:
    """The card of a `metrics.MetricValue`: every screen's card of a metric shows the same strings."""
    from metrics.display import delta_color

    extra = f"{v.metric.definition(lang)} {help}" if help else v.metric.definition(lang)
    kpi(label or v.label(lang), v.value_text(lang), lang=lang, delta=v.change_text(lang) if v.comparison_text(lang) else None,
        delta_color=delta_color(v.metric), status=v.status, help=extra, caption=v.caption(lang),
        series=list(v.series["value"]), delta_description=v.comparison_text(lang))


def chart(spec: alt.Chart | alt.LayerChart | alt.VConcatChart | alt.HConcatChart) -> None:
    st.altair_chart(spec, width="stretch", theme=None)  # our registered theme, not Streamlit's


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
    st.dataframe(frame, hide_index=True, width="stretch", height=height, column_config=column_config)
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

    `formats` maps a column to a function giving the cell's text; missing values show as blank.
    """
    shown = frame.copy()
    for column, fmt in (formats or {}).items():
        shown[column] = shown[column].map(lambda v, f=fmt: "" if pd.isna(v) else f(v))
    shown = shown.set_index(shown.columns[0])
    numeric = [c for c in (formats or {}) if c in shown.columns]
    st.table(shown.style.set_properties(subset=numeric, **{"text-align": "right"}))
