"""The overview page's sections, drawn from a `briefing.model.Briefing` (the data and texts live there).

KPI cards, the generated summary, the lagging programmes, the division figures below target, the
"브리핑 PDF" download (made only when clicked) and the division cards.
"""
from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import streamlit as st

from briefing.model import Briefing
from config.i18n import name_col, t
from config.settings import get_settings
from data_access import org
from data_access.scope import Scope
from ui.data import q
from ui.division_figures import key_figure
from config.formats import fmt_date, fmt_rate, won_to_million
from ui.text import plain
from ui.cards import Card, help_html
from ui.widgets import kpi_row, link_to_page, spark_points, static_table

_plain = plain  # data names may hold Markdown characters: shown as typed (ui/text.py)


def _table(frame: pd.DataFrame, *, right: list[str]) -> None:
    """A static text table without the index, numbers right-aligned (ui.widgets.static_table)."""
    static_table(frame, right=right, index=False)


def _status(state: str | None, lang: str) -> str:
    return t(f"status.{state}", lang) if state else "–"


def kpi_cards(b: Briefing) -> None:
    st.subheader(t("overview.kpis", b.lang))
    kpi_row([Card(c.label, c.value, c.delta, c.delta_color, c.delta_description, c.status, c.help, c.caption,
                  tuple(spark_points(list(c.series)))) for c in b.kpis], lang=b.lang, columns=3)


def summary(b: Briefing) -> None:
    if not b.summary:
        return
    st.subheader(t("briefing.summary", b.lang))
    with st.container(border=True):
        st.markdown("\n".join(f"- {_plain(sentence)}" for sentence in b.summary))


def lagging(b: Briefing) -> None:
    lang = b.lang
    st.subheader(t("briefing.lagging.title", lang))
    st.caption(t("briefing.lagging.caption", lang, date=fmt_date(b.as_of, lang), target=fmt_rate(b.lagging_target)))
    if not b.lagging:
        st.success(t("briefing.lagging.none", lang))
        return
    million = t("unit.million_won", lang)
    frame = pd.DataFrame({
        t("briefing.col.programme", lang): [p.name for p in b.lagging],
        t("briefing.col.division", lang): [p.division_name for p in b.lagging],
        f"{t('briefing.col.current', lang)} ({million})": [won_to_million(p.current_budget_won) for p in b.lagging],
        t("briefing.col.rate", lang): [p.rate_text for p in b.lagging],
    })
    frame[frame.columns[2]] = frame[frame.columns[2]].map("{:,}".format)
    _table(frame, right=list(frame.columns[2:]))


def off_target(b: Briefing) -> None:
    lang = b.lang
    st.subheader(t("briefing.off_target.title", lang))
    st.caption(t("briefing.off_target.caption", lang))
    if not b.off_target:
        st.success(t("briefing.off_target.none", lang))
        return
    frame = pd.DataFrame({
        t("briefing.col.division", lang): [o.division_name for o in b.off_target],
        t("briefing.col.metric", lang): [o.metric_name for o in b.off_target],
        t("briefing.col.value", lang): [o.value_text for o in b.off_target],
        t("briefing.col.target", lang): [o.target_text for o in b.off_target],
        t("briefing.col.status", lang): [_status(o.status, lang) for o in b.off_target],
    })
    _table(frame, right=list(frame.columns[2:4]))


def pdf_download(b: Briefing) -> None:
    """The "브리핑 PDF" button; the PDF is made only when it is clicked (deferred data)."""
    from briefing.document import pdf_bytes
    from briefing.pdf import font_paths, fonts_available
    from data_access.db import get_engine

    if not fonts_available():
        missing = next(p for p in font_paths().values() if not p.is_file())
        st.warning(t("briefing.pdf.font_missing", b.lang, path=missing), icon=":material/warning:")
        return
    scope = b.division_code or "office"
    st.download_button(t("briefing.pdf.download", b.lang), data=lambda: pdf_bytes(engine=get_engine(), briefing=b),  # with 부진사유·대책
                       file_name=f"briefing_{scope}_{b.as_of.isoformat()}_{b.lang}.pdf", mime="application/pdf",
                       icon=":material/picture_as_pdf:", help=t("briefing.pdf.help", b.lang), key="briefing_pdf",
                       on_click="ignore")


@st.cache_data(ttl=get_settings().dashboard_refresh_seconds, show_spinner=False, max_entries=500)
def _division_card_texts(rows: tuple[tuple[str, str, float], ...], scope: Scope, as_of: dt.date,
                         lang: str) -> tuple[tuple[str, str], ...]:
    """(division code, card HTML: every text escaped) of each division card, made once per (divisions' rates,
    scope, as-of, language) in the shared cache: a warm overview reads one small entry instead of
    each division's metric value and the staff table (five cached frames unpickled per run)."""
    staff = q(org.staff, scope=scope)
    quota = staff.groupby("division_code")[["quota", "current"]].sum()
    cards = []
    e = html.escape
    for code, name, rate in rows:
        key = key_figure(code, scope=scope, as_of=as_of, lang=lang)
        parts = [f'<div class="div-card"><p class="div-name">{e(name)}</p>',
                 f'<p class="kpi-caption">{e(t("budget.kpi.rate", lang))}</p><p class="div-rate">{e(fmt_rate(rate))}</p>']
        if key:  # its key figure, and whose figure it is (기획관 전체 or the division's own)
            parts.append(f'<p class="kpi-caption">{e(key.label)}</p><p class="div-key">{e(key.value)}</p>')
            if key.caption:
                parts.append(f'<p class="kpi-caption">{e(key.caption)}</p>')
        if code in quota.index:
            parts.append('<p class="kpi-caption">' + e(t("overview.division.staff", lang, quota=int(quota.loc[code, "quota"]),
                                                         current=int(quota.loc[code, "current"]))) + "</p>")
        if key and key.help:
            parts.append(help_html(key.label, f"{key.label}: {key.help}", lang))
        cards.append((code, "".join(parts) + "</div>"))
    return tuple(cards)


def division_cards(b: Briefing, *, scope: Scope, as_of: dt.date) -> None:
    """One card per division: its execution rate, its key figure and its staff, with a link to its page."""
    lang = b.lang
    by_division = b.execution_by_division.frame()
    st.subheader(t("overview.divisions", lang))
    rows = tuple((r.division_code, str(getattr(r, name_col(lang))), float(r.execution_rate))
                 for r in by_division.itertuples())
    cards = _division_card_texts(rows, scope, as_of, lang)[:5]
    # the cards' text is one element (ui/cards.py says why); each link sits under its card, in a
    # column of the same width, and opens the division's page in this session (st.page_link)
    st.html(f'<div class="kpi-row" style="--kpi-cols:{len(cards) or 1}">' + "".join(c for _, c in cards) + "</div>")
    names = {code: name for code, name, _ in rows}  # named links: on a phone they follow all the cards
    for col, (code, _) in zip(st.columns(len(cards) or 1), cards, strict=True):
        with col:
            link_to_page("pages/divisions.py", label=_plain(names[code]), query_params={"division": code})
