"""Helpers of the page tests: run a page as a user (AppTest), read all its text, find a figure in it."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from tests.pages.conftest import make_user

ROOT = Path(__file__).resolve().parents[2]
EXEC = make_user("executive")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def page_text(at: AppTest) -> str:
    """All text a user reads on the page: headings, markdown, captions, metrics and table cells."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success", "text"):
        parts += [str(el.value) for el in getattr(at, kind)]
    parts += [f"{m.label} {m.value} {m.delta or ''} {m.proto.delta_description}" for m in at.metric]
    for frame in at.dataframe:  # integers as the browser shows them (format="localized")
        shown = frame.value.map(lambda v: f"{v:,}" if isinstance(v, (int, np.integer)) else v)
        parts.append(shown.to_string())
    for table in at.table:
        parts.append(table.value.reset_index().to_string())
    parts += [str(el.proto.label) for el in at.get("expandable")]
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
    labels = [el.value for el in at.title] + [el.value for el in at.subheader] + [m.label for m in at.metric]
    return [label for label in labels if HANGUL.search(label)]
