"""Widgets every metric page shares: header with as-of date, KPI cards, filters, detail tables."""
from __future__ import annotations

import hashlib
import importlib
import threading
from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from config.i18n import t
from config.formats import fmt_date
from ui import chart_tables, downloads
from ui.cards import MISSING, Card, row_html, table_html



_ALTAIR_LOCK = threading.Lock()
PAGE_HEADING = "ui.page_heading"  # (title, as-of date) of the page being drawn: what its downloads say they are


def page_header(title: str, lang: str, as_of) -> None:
    st.session_state[PAGE_HEADING] = (title, as_of)
    st.title(title)
    st.caption(t("common.as_of", lang, date=fmt_date(as_of, lang)))


WALL_SPARK_COLOUR = {"up": "#5fd38d", "down": "#ff8a7d", "flat": "#56b4e9"}  # the same meaning on the wall's dark cards


def spark_points(values) -> list[float | None]:
    """A metric series' values as sparkline points: a missing value (None, NaN) is a gap."""
    return [None if x is None or x != x else float(x) for x in (values if values is not None else [])]  # NaN != NaN


def wall_sparkline(label: str, points: list[float | None], lang: str, delta: str | None, delta_color: str) -> None:
    """A wall card's sparkline: light strokes on the dark card (nothing with fewer than two points)."""
    from ui.cards import sparkline_html

    markup = sparkline_html(label, points, lang, delta, delta_color, palette=WALL_SPARK_COLOUR, height_rem=2.6, stroke=4)
    if markup:
        st.html(markup)


def kpi_row(cards: list[Card], *, lang: str, columns: int | None = None) -> None:
    """A row of KPI cards as one element (ui/cards.py): value, change against the previous period
    (with what it is against), sparkline, status badge, what the figure covers and its definition."""
    if cards:
        st.html(row_html(cards, lang, columns))


def kpi(label: str, value: str, *, lang: str, delta: str | None = None, delta_color: str = "normal",
        status: str | None = None, help: str | None = None, caption: str | None = None,
        series: list[float] | None = None, delta_description: str | None = None) -> None:
    """One KPI card (in a column of the caller's): the same card as `kpi_row`'s."""
    kpi_row([Card(label, value, delta, delta_color, delta_description, status, help, caption,
                  tuple(spark_points(series)))], lang=lang)


def metric_value_card(v, *, lang: str, label: str | None = None, help: str | None = None,
                      extra_caption: str | None = None) -> Card:
    """The card of a `metrics.MetricValue`: every screen's card of a metric shows the same strings
    (`extra_caption`: a page's own line under what the figure covers, e.g. 응답소's cases a day)."""
    from metrics.display import delta_color

    extra = f"{v.metric.definition(lang)} {help}" if help else v.metric.definition(lang)
    caption = " · ".join(x for x in (v.caption(lang), extra_caption) if x) or None
    return Card(label or v.label(lang), v.value_text(lang), v.change_text(lang) if v.comparison_text(lang) else None,
                delta_color(v.metric), v.comparison_text(lang), v.status, extra, caption,
                tuple(spark_points(list(v.series["value"]))))


def metric_cards(values, *, lang: str, columns: int | None = None, labels: dict | None = None,
                 helps: dict | None = None) -> None:
    """A row of `metrics.MetricValue` cards, one element (labels/helps by metric id, optional)."""
    labels, helps = labels or {}, helps or {}
    kpi_row([metric_value_card(v, lang=lang, label=labels.get(v.metric_id), help=helps.get(v.metric_id)) for v in values],
            lang=lang, columns=columns)


def _dataset_name(data: pd.DataFrame) -> str:
    """A name that follows the dataset's content (columns, dtypes, index, values: `frame_digest`), so an
    unchanged chart keeps its dataset names from run to run, as st.altair_chart's own names do.
    (pandas' per-cell hash, used before, was ~2.5 ms a chart of every spec built.)"""
    return f"data-{frame_digest(data).hex()[:20]}"


def vega_lite_spec(spec: alt.Chart | alt.LayerChart | alt.VConcatChart | alt.HConcatChart) -> dict:
    """The chart's Vega-Lite dict with its data frames under top-level `datasets` (by name), as
    st.altair_chart builds it, without the JSON-schema validation pass: that pass was ~80% of the
    conversion (about 20 ms a chart, every run of every chart page). The charts' own tests
    (tests/charts) still validate every spec."""
    datasets: dict[str, pd.DataFrame] = {}

    def by_name(data):
        if isinstance(data, pd.DataFrame):
            name = _dataset_name(data)
            datasets[name] = data
            return {"name": name}
        return data

    with _ALTAIR_LOCK:  # alt.data_transformers is global to all sessions' threads
        alt.data_transformers.register("ui_by_name", by_name)
        with alt.data_transformers.enable("ui_by_name"):
            out = spec.to_dict(validate=False)
    if datasets:
        out["datasets"] = {**(out.get("datasets") or {}), **datasets}
    return out


def frame_digest(frame: pd.DataFrame) -> bytes:
    """A chart argument's cache key: its pickle's BLAKE2 digest (columns, dtypes, index, values).

    Streamlit hashes a DataFrame argument through pandas' per-cell hashing, about 2 ms a frame; a
    chart page hashed six to eight of them on every run. The pickle is ~0.1 ms. Equal bytes mean
    equal frames; equal frames whose pickles differ (the same text held as shared or separate
    objects) only miss the cache and build the spec again.
    """
    import pickle

    return hashlib.blake2b(pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL), digest_size=20).digest()


# No TTL: the key is the builder, its arguments and the frames' content, and a builder is a pure
# function of them (charts/), so an entry is never stale. With the data cache's TTL the specs expired
# with the data and every page read after an expiry built them again (~80 ms for /complaints' six)
# although the data read back was the same; now only changed data builds a new one (LRU, 500 entries).
@st.cache_data(ttl=None, show_spinner=False, max_entries=500, hash_funcs={pd.DataFrame: frame_digest})
def _cached_spec(builder_path: str, args: tuple, kwargs: tuple[tuple[str, Any], ...]) -> dict:
    module_name, fn_name = builder_path.rsplit(".", 1)
    builder = getattr(importlib.import_module(module_name), fn_name)
    return vega_lite_spec(builder(*args, **dict(kwargs)))


def chart(spec: alt.TopLevelMixin | Callable[..., alt.TopLevelMixin], *args: Any, **kwargs: Any) -> None:
    """Draw a chart: `chart(charts.x.builder, frame, lang, ...)` builds it once per (builder, data,
    arguments) in the shared cache, Vega-Lite spec and all (the data frames are hashed by content,
    so the same data from the data cache finds the same spec); `chart(altair_chart)` draws a chart
    built by the caller."""
    if isinstance(spec, alt.TopLevelMixin):
        built = vega_lite_spec(spec)
    else:
        built = _cached_spec(f"{spec.__module__}.{spec.__qualname__}", args, tuple(sorted(kwargs.items())))
    if chart_tables.tables_on():  # "표로 보기": the chart's figures as a static table instead
        chart_tables.show(built)
        return
    # our registered theme (in the spec's config), not Streamlit's
    st.vega_lite_chart(spec=built, width="stretch", theme=None)


def _download_meta(lang: str, title: str | None, unit: str | None, division: str | None,
                   column_config: dict | None = None) -> downloads.Meta:
    """Title and as-of date from the page header; scope from the division shown or the user's scope."""
    from ui.context import USER_KEY

    page_title, as_of = st.session_state.get(PAGE_HEADING, (None, None))
    user = st.session_state.get(USER_KEY)
    code = division or (user.scope.division_code if user is not None and not user.scope.is_office else None)
    scope = t("common.all_divisions", lang)
    if code is not None:
        from data_access.org import divisions
        from ui.data import q

        from data_access.scope import Scope

        frame = q(divisions, scope=Scope.office())  # names only: not limited by the reader's scope
        names = dict(zip(frame["division_code"], frame["name_en" if lang == "en" else "name_ko"], strict=True))
        scope = names.get(code, code)
    heading = " · ".join(x for x in (page_title, title) if x) or t("common.detail_table", lang)
    return downloads.Meta(title=heading, as_of=as_of, scope=scope, unit=unit or t("download.unit.table", lang),
                          lang=lang, decimals=downloads.decimals_of(column_config))


def detail_table(frame: pd.DataFrame, *, lang: str, filename: str, key: str,
                 column_config: dict | None = None, height: int | str = "auto", title: str | None = None,
                 unit: str | None = None, division: str | None = None,
                 formats: dict[str, Callable[[object], str]] | None = None) -> None:
    """A table with Korean (or English) column labels, scrolling inside itself, plus CSV/XLSX downloads.

    With `formats` (column -> cell text, as `report_table` takes) a short table is drawn static
    instead: it reads the same, fits a phone without a toolbar, and prints (a grid is a canvas).

    `frame` already carries the display labels as column names and display units (e.g. 백만원).
    The downloads (ui/downloads.py) say what they are: `title` (after the page title), `unit` (default:
    "as in each column heading"), the scope (`division` shown, else the user's own scope) and the
    page's as-of date; the file name carries the division. Formula-like text is neutralised.
    """
    if frame.empty:
        st.info(t("common.no_data", lang))
        return
    if formats is not None:
        report_table(frame, formats=formats)
    else:
        st.dataframe(frame, hide_index=True, width="stretch", height=height, column_config=column_config,
                     placeholder=MISSING)  # a missing value reads "–", not "None"
    from ui.context import USER_KEY

    user = st.session_state.get(USER_KEY)
    code = division or (user.scope.division_code if user is not None and not user.scope.is_office else None)
    stem = downloads.file_stem(filename, code)
    meta = _download_meta(lang, title, unit, code, column_config)  # now: the file is made after this run, on click
    left, right = st.columns(2)
    left.download_button(t("common.download_csv", lang), data=lambda: downloads.csv_bytes(frame),
                         file_name=f"{stem}.csv", mime="text/csv", key=f"{key}_csv", width="stretch")
    right.download_button(t("common.download_xlsx", lang),
                          data=lambda: downloads.xlsx_bytes(frame, meta),
                          file_name=f"{stem}.xlsx", key=f"{key}_xlsx", width="stretch",
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


def static_table(frame: pd.DataFrame, *, right: list[str], index: bool = True) -> None:
    """A static text table (prints as shown), the `right` columns' cells right-aligned: every static
    table of the app (report tables, charts read as tables, the overview's lists) is drawn here, as one
    HTML element (`ui.cards.table_html` says why it is not `st.table`). Cell text is shown as typed."""
    st.html(table_html(frame, right=right, index=index))


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def report_table(frame: pd.DataFrame, *, formats: dict[str, Callable[[object], str]] | None = None) -> None:
    """A static table laid out like the report's own tables (text, so it prints and reads as printed).

    `formats` maps a column to a function giving the cell's text; missing values read "–". The first
    column is the row header; the formatted columns are right-aligned.
    """
    formats = formats or {}
    columns = list(frame.columns)
    # cell by cell in Python: the frame's own copy/map/where/set_index was ~10 ms a table, every run
    cells = {column: [MISSING if _missing(v) else (formats[column](v) if column in formats else v)
                      for v in frame[column].tolist()] for column in columns}
    heading = pd.Index(cells.pop(columns[0]), name=columns[0], dtype=object)  # the first column: row headings
    shown = pd.DataFrame(cells, index=heading, columns=columns[1:], dtype=object)
    numeric = [c for c in formats if c in shown.columns]
    static_table(shown, right=numeric)  # names as typed (HTML, escaped)
