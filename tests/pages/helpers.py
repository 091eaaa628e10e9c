"""Helpers of the page tests: run a page as a user (AppTest), read all its text, find a figure in it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.pages.conftest import make_user

ROOT = Path(__file__).resolve().parents[2]
EXEC = make_user("executive")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass
class KpiCard:
    """A KPI card as the reader sees it (ui/cards.py's markup, read back from the st.html element)."""
    label: str = ""
    value: str = ""
    delta: str | None = None
    delta_description: str | None = None
    status: str | None = None
    badge: str | None = None
    caption: str | None = None
    help: str | None = None
    sparkline_alt: str | None = None
    trend: str | None = None  # the change's colour: "up" (good), "down" (bad) or "flat"


class _CardReader(HTMLParser):
    FIELDS = {"kpi-label": "label", "kpi-value": "value", "kpi-delta-value": "delta",
              "kpi-delta-desc": "delta_description", "kpi-caption": "caption", "kpi-badge": "badge"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cards: list[KpiCard] = []
        self.field: str | None = None
        self.depth = 0  # element depth inside the field being read
        self.in_help = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if "kpi-card" in classes:
            self.cards.append(KpiCard(status=a.get("data-status") or None))
        elif "kpi-delta" in classes and self.cards:
            self.cards[-1].trend = next((c[4:] for c in classes if c in ("kpi-up", "kpi-down", "kpi-flat")), None)
        elif tag == "img" and "kpi-spark" in classes and self.cards:
            self.cards[-1].sparkline_alt = a.get("alt")
        elif tag == "details" and "kpi-help" in classes:
            self.in_help = True
        elif tag == "p" and self.in_help:
            self.field, self.depth = "help", 0
            return
        if self.field is not None:
            self.depth += 1
            return
        for cls in classes:
            if cls in self.FIELDS:
                self.field, self.depth = self.FIELDS[cls], 0

    def handle_endtag(self, tag):
        if tag == "details":
            self.in_help = False
        if self.field is not None:
            if self.depth == 0:
                self.field = None
            else:
                self.depth -= 1

    def handle_data(self, data):
        if self.field is not None and self.cards:
            card = self.cards[-1]
            setattr(card, self.field, (getattr(card, self.field) or "") + data)


class _TextReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "script") and self.skip > 0

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.parts.append(data.strip())


def html_text(at: AppTest) -> str:
    """The text a reader sees in the page's st.html elements (cards, warnings), tags and styles left out."""
    reader = _TextReader()
    for el in at.get("html"):
        reader.feed(el.proto.body)
    return " ".join(reader.parts)


class _TableReader(HTMLParser):
    """The static tables (ui/cards.table_html) of one st.html element: rows of cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("th", "td") and self.tables:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables(at: AppTest) -> list[pd.DataFrame]:
    """Every static table on the page as the reader sees it (cell texts), in order; a table with row
    headings has them as its index (named by the top-left heading)."""
    frames: list[pd.DataFrame] = []
    for el in at.get("html"):
        if "<table" not in el.proto.body:
            continue
        reader = _TableReader()
        reader.feed(el.proto.body)
        for rows in reader.tables:
            head, body = rows[0], rows[1:]
            frame = pd.DataFrame(body, columns=head, dtype=object)
            if 'scope="row"' in el.proto.body:
                frame = frame.set_index(head[0])
            frames.append(frame)
    return frames


def kpi_cards(at: AppTest) -> list[KpiCard]:
    """Every KPI card on the page, in order (the rows are st.html elements of ui/cards.py)."""
    cards: list[KpiCard] = []
    for el in at.get("html"):
        if 'class="kpi-card"' in el.proto.body:
            reader = _CardReader()
            reader.feed(el.proto.body)
            cards += reader.cards
    return cards


def page_text(at: AppTest) -> str:
    """All text a user reads on the page: headings, markdown, captions, metrics and table cells."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success", "text"):
        parts += [str(el.value) for el in getattr(at, kind)]
    parts += [f"{m.label} {m.value} {m.delta or ''} {m.proto.delta_description}" for m in at.metric]
    parts.append(html_text(at))  # the KPI cards, warnings and tables (ui/cards.py, ui/alerts.py)
    for frame in at.dataframe:  # integers as the browser shows them (format="localized")
        shown = frame.value.map(lambda v: f"{v:,}" if isinstance(v, (int, np.integer)) else v)
        parts.append(shown.to_string())
    parts += [str(el.proto.label) for el in at.get("expandable")] + [str(el.label) for el in at.expander]
    return "\n".join(parts)


def shows(text: str, figure: str) -> bool:
    """True when `figure` stands in `text` as a whole figure: '1천명' is not found inside '681천명',
    nor '53.07' inside '153.07' or '53.075'."""
    return re.search(rf"(?<![\d.,]){re.escape(figure)}(?![\d])", text) is not None


def missing_figures(text: str, figures: list[str]) -> list[str]:
    return [f for f in figures if not shows(text, f)]


def run_page(path: str, user, *, lang: str | None = None, query: dict | None = None,
             state: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=180)
    at.session_state["current_user"] = user
    for key, value in (state or {}).items():  # e.g. an expander opened (ui.explanations.form_open_key)
        at.session_state[key] = value
    if lang:
        at.session_state["lang"] = lang
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    return at


def english_labels_are_english(at: AppTest) -> list[str]:
    """The Korean titles, headings and KPI labels left on an English page (data names excepted)."""
    labels = [el.value for el in at.title] + [el.value for el in at.subheader] + [m.label for m in at.metric] + [c.label for c in kpi_cards(at)]
    return [label for label in labels if HANGUL.search(label)]
