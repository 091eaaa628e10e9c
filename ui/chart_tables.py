"""Charts as tables ("표로 보기"): every chart's data as a static, labelled table (WCAG 2.1 AA / KWCAG 2.2).

One per-session switch in the sidebar (kept in the session and in `?tables=1` for a deep link) makes
`ui.widgets.chart` draw, instead of the chart, the figures the chart shows: the fields of each layer's
tooltip (the chart's own labels, with their units), formatted as the report writes them (dates
`2016. 8. 10.`, months `2016. 3.`, numbers with the tooltip's decimals, "–" when missing). The table
is read from the chart's Vega-Lite spec, so every chart built by `charts/` has one without code of its
own. Text from data is text (`ui.text.plain`). Nothing here runs while the switch is off.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd
import streamlit as st

from config.formats import fmt_date, round_half_up
from config.i18n import t
from ui.cards import MISSING  # one "–" for every missing figure

TABLES_KEY = "charts_as_tables"  # the session's choice (not the widget's key: it outlives a page without the sidebar)
QUERY = "tables"
LONG = 40  # rows: a longer table (a daily series) comes folded in an expander, not down the whole page
_NUMBER = re.compile(r"^(,)?\.(\d+)f$")  # the d3 formats charts/ uses: ",.0f", ".2f", ",.1f"
_MONTH = {"ko": "{y}. {m}.", "en": "%b %Y"}


def tables_on() -> bool:
    """Whether this session reads charts as tables (a dictionary look-up: the default path stays free)."""
    return bool(st.session_state.get(TABLES_KEY, False))


def tables_toggle(lang: str) -> None:
    """The sidebar switch "표로 보기"; `?tables=1` in the URL turns it on (a link can be shared)."""
    requested = st.query_params.get(QUERY)
    if requested is not None:
        st.session_state[TABLES_KEY] = requested == "1"
    on = st.sidebar.toggle(t("chart.as_tables", lang), value=tables_on(), key="charts_as_tables_toggle",
                           help=t("chart.as_tables.help", lang))
    if on != tables_on():
        st.session_state[TABLES_KEY] = on
    if on and st.query_params.get(QUERY) != "1":
        st.query_params[QUERY] = "1"
    elif not on and QUERY in st.query_params:
        del st.query_params[QUERY]


def _units(spec: dict, data: str | None = None) -> Iterator[tuple[str | None, dict]]:
    """(dataset name, encoding) of every mark in the spec, layers and concatenations included."""
    data = (spec.get("data") or {}).get("name", data)
    if "encoding" in spec and "mark" in spec:
        yield data, spec["encoding"]
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for part in spec.get(key, []):
            yield from _units(part, data)


def _columns(encoding: dict) -> list[dict]:
    """The fields a reader is told about: the tooltip's, and the colour's series when the tooltip leaves it out."""
    tooltip = encoding.get("tooltip")
    fields = [tooltip] if isinstance(tooltip, dict) else list(tooltip or [])
    fields = [f for f in fields if "field" in f]
    color = encoding.get("color") or {}
    if fields and "field" in color and all(f["field"] != color["field"] for f in fields):
        fields.insert(0, {"field": color["field"], "type": color.get("type", "nominal"),
                          "title": color.get("title") or None})
    return fields


def _formatter(field: dict, lang: str):
    kind, fmt, unit = field.get("type"), field.get("format") or "", field.get("timeUnit") or ""
    if kind == "temporal":
        month = "month" in str(unit) and "date" not in str(unit) or fmt in ("%Y. %-m.", "%b %Y")

        def when(v):
            day = pd.Timestamp(v)
            if month:
                return day.strftime(_MONTH["en"]) if lang == "en" else _MONTH["ko"].format(y=day.year, m=day.month)
            return fmt_date(day.date(), lang)
        return when
    if kind == "quantitative":
        match = _NUMBER.match(fmt)
        digits, comma = (int(match[2]), bool(match[1])) if match else (None, True)

        def number(v):
            if digits is None:
                return f"{int(v):,}" if float(v).is_integer() else f"{round_half_up(v, 2):,.2f}"
            return f"{round_half_up(v, digits):{',' if comma else ''}.{digits}f}"
        return number
    return str


def frames(spec: dict, lang: str) -> list[pd.DataFrame]:
    """The chart's figures as display frames (text cells, the chart's labels as column names): one per
    set of tooltip fields, layers with the same fields (e.g. actual and target lines) in one table."""
    datasets = spec.get("datasets") or {}
    tables: dict[tuple[str, ...], list[pd.DataFrame]] = {}
    seen: set[tuple] = set()
    for name, encoding in _units(spec):
        data = datasets.get(name)
        fields = _columns(encoding)
        if not isinstance(data, pd.DataFrame) or not fields:
            continue
        fields = [f for f in fields if f["field"] in data.columns]
        key = (name, tuple(f["field"] for f in fields))
        if key in seen or not fields:
            continue
        seen.add(key)
        titles: list[str] = []
        shown = {}
        for f in fields:
            title = str(f.get("title") or t("chart.table.series", lang))
            while title in titles:
                title += " "  # two columns of one title (rare) stay two columns
            titles.append(title)
            fmt = _formatter(f, lang)
            shown[title] = data[f["field"]].map(lambda v, fmt=fmt: MISSING if v is None or pd.isna(v) else fmt(v))
        tables.setdefault(tuple(titles), []).append(pd.DataFrame(shown))
    return [pd.concat(parts, ignore_index=True) for parts in tables.values()]


def chart_title(spec: dict) -> str:
    title = spec.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    text = " ".join(text) if isinstance(text, list) else str(text or "")
    subtitle = title.get("subtitle") if isinstance(title, dict) else None
    return f"{text} ({subtitle})" if subtitle else text


def show(spec: dict) -> None:
    """The chart's figures as static tables under the chart's title (instead of the chart)."""
    from ui.lang import current_lang
    from ui.text import plain
    from ui.widgets import static_table

    lang = current_lang()
    title = chart_title(spec)
    shown = frames(spec, lang)
    st.markdown(f"**{plain(title)}** · {t('chart.data_table', lang)}" if title else t("chart.data_table", lang))
    if not shown:
        st.info(t("common.no_data", lang))
        return
    for i, frame in enumerate(shown):
        numeric = [c for c in frame.columns[1:] if frame[c].str.fullmatch(r"[-+]?[\d,]+(\.\d+)?|–").all()]
        shown_frame = frame.set_index(frame.columns[0])  # row labels as typed (HTML, escaped)
        if len(frame) <= LONG:
            static_table(shown_frame, right=numeric)
            continue
        with st.expander(t("chart.table.rows", lang, title=plain(title), rows=f"{len(frame):,}")):
            static_table(shown_frame, right=numeric)  # a daily series: folded, one click away
