"""ui.widgets: the chart spec cache (a chart's spec built once per (builder, data, arguments), keyed by
the frames' content through `frame_digest`, not Streamlit's per-cell DataFrame hashing: the same data
read again finds the same spec, any change in the data builds a new one) and the report-style table."""
from __future__ import annotations

import datetime as dt
import pickle

import altair as alt
import pandas as pd
import pytest

from ui import widgets

BUILDS: list[pd.DataFrame] = []


def counting_bars(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """A stand-in chart builder: records each real build."""
    BUILDS.append(frame.copy())
    return alt.Chart(frame).mark_bar().encode(x="name:N", y="value:Q").properties(title=lang)


def frame(values=(1.0, 2.5), names=("시민소통", "도시브랜드")) -> pd.DataFrame:
    return pd.DataFrame({"name": list(names), "value": list(values),
                         "day": [dt.date(2016, 8, 10), dt.date(2016, 8, 11)]})


@pytest.fixture(autouse=True)
def fresh_cache():
    widgets._cached_spec.clear()
    BUILDS.clear()
    yield
    widgets._cached_spec.clear()


def spec_of(data: pd.DataFrame, lang: str = "ko") -> dict:
    path = f"{counting_bars.__module__}.{counting_bars.__qualname__}"
    return widgets._cached_spec(path, (data, lang), ())


def test_the_same_data_read_again_finds_the_same_spec():
    # as the data cache hands it out: a fresh unpickled copy on every run
    first = spec_of(pickle.loads(pickle.dumps(frame())))
    again = spec_of(pickle.loads(pickle.dumps(frame())))
    assert len(BUILDS) == 1
    assert list(first["datasets"]) == list(again["datasets"])  # the same spec, dataset names and all


@pytest.mark.parametrize("changed", [
    frame(values=(1.0, 2.6)),                      # a value
    frame(names=("시민소통", "뉴미디어")),            # a text cell
    frame().astype({"value": "int64"}),            # a dtype (1.0 -> 1)
    frame().rename(columns={"value": "rate"}),     # a column name
    frame().iloc[::-1],                            # the row order (the index moves with it)
    frame().set_axis([5, 6]),                      # the index alone
])
def test_any_change_in_the_data_builds_a_new_spec(changed):
    spec_of(frame())
    spec_of(changed)
    assert len(BUILDS) == 2
    pd.testing.assert_frame_equal(BUILDS[1], changed)


def test_other_arguments_stay_in_the_key():
    spec_of(frame(), "ko")
    english = spec_of(frame(), "en")
    assert len(BUILDS) == 2 and english["title"] == "en"


def test_frame_digest_is_not_streamlits_cell_hashing(monkeypatch):
    """The point of the digest: neither the key nor the dataset names go through pandas' per-cell hash."""
    def refuse(*_a, **_k):
        raise AssertionError("pandas.util.hash_pandas_object called for a chart's cache key")

    monkeypatch.setattr(pd.util, "hash_pandas_object", refuse)
    monkeypatch.setattr("pandas.core.util.hashing.hash_pandas_object", refuse)
    spec_of(frame())
    spec_of(frame())
    assert len(BUILDS) == 1


def test_report_table_formats_cells_and_marks_missing_ones(monkeypatch):
    """The report-style table: the first column as row headings, `formats` giving the figures' text
    (right-aligned), every missing cell "–", other cells as they are."""
    from ui.cards import MISSING, table_html

    drawn: list[str] = []
    monkeypatch.setattr(widgets.st, "html", drawn.append)
    frame = pd.DataFrame({"부서": ["시민소통담당관", "도시브랜드담당관", None],
                          "예산": pd.array([1234567, None, 89], dtype="Int64"),
                          "집행률": [12.345, 7.0, float("nan")],
                          "비고": ["=1+2", None, float("nan")]})
    widgets.report_table(frame, formats={"예산": "{:,}".format, "집행률": "{:.2f}".format})
    expected = pd.DataFrame({"예산": ["1,234,567", MISSING, "89"], "집행률": ["12.35", "7.00", MISSING],
                             "비고": ["=1+2", MISSING, MISSING]},
                            index=pd.Index(["시민소통담당관", "도시브랜드담당관", MISSING], name="부서"))
    assert drawn == [table_html(expected, right=["예산", "집행률"])]
