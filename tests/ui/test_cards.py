"""ui/cards.table_html: the static tables' markup (text as typed, "–" for a missing cell, figures right)."""
from __future__ import annotations

import pandas as pd

from tests.pages.helpers import _TableReader
from ui.cards import table_html


def _read(markup: str) -> list[list[str]]:
    reader = _TableReader()
    reader.feed(markup)
    assert len(reader.tables) == 1
    return reader.tables[0]


def test_text_from_data_is_escaped_and_shown_as_typed():
    names = ["<img src=x onerror=alert(1)>", "[공지](http://evil)", "**굵게**", "A & B", "'서울사랑' 발간"]
    frame = pd.DataFrame({"단위사업": names, "집행률": ["1.00%"] * len(names)})
    markup = table_html(frame, right=["집행률"], index=False)
    assert "<img" not in markup and "&lt;img" in markup
    assert [row[0] for row in _read(markup)[1:]] == names  # decoded back, exactly as typed


def test_missing_cells_read_a_dash_never_none_or_nan():
    frame = pd.DataFrame({"a": [None, float("nan"), "x"], "b": [1.5, None, pd.NA]}, dtype=object)
    rows = _read(table_html(frame, right=["b"], index=False))
    assert rows == [["a", "b"], ["–", "1.5"], ["–", "–"], ["x", "–"]]


def test_figures_right_aligned_and_row_headings_marked():
    frame = pd.DataFrame({"예산액": ["1,234", "56"], "비고": ["가", "나"]},
                         index=pd.Index(["사업예산", "기본경비"], name="구분"))
    markup = table_html(frame, right=["예산액"])
    assert markup.count('class="num"') == 3  # the heading and both cells of 예산액, none of 비고
    assert '<th scope="row">사업예산</th>' in markup and '<th scope="col">구분</th>' in markup
    assert _read(markup) == [["구분", "예산액", "비고"], ["사업예산", "1,234", "가"], ["기본경비", "56", "나"]]


def test_an_unnamed_index_leaves_the_corner_cell_empty_not_an_empty_heading():
    markup = table_html(pd.DataFrame({"a": ["1"]}, index=["r"]), right=[])
    assert markup.startswith('<div class="static-table"><table><thead><tr><td></td><th scope="col">a</th>')
