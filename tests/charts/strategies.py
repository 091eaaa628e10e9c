"""Hypothesis strategies for frames shaped like the query results the charts consume.

Each frame has exactly the query's columns (so an empty frame still has them) and 0..6 rows whose
numbers may be NULL (None or NaN), zero, negative or huge, and whose dates may lie far in the future.
Half of the frames carry their integer columns as pandas' nullable Int64 (as some queries return
them, e.g. posts_per_week_plan), the other half as plain float/object columns.
"""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from hypothesis import settings
from hypothesis import strategies as st

# Modest example counts keep the suite fast; charts compile to Vega once per example.
PROPERTY = settings(max_examples=25, deadline=None)

NULL = st.sampled_from([None, math.nan])
FUTURE = dt.date(2099, 12, 31)


def count() -> st.SearchStrategy:
    """A count or an amount in won: NULL, zero, negative, or up to trillions."""
    return st.one_of(NULL, st.just(0), st.integers(-10**12, 10**13))


def rate() -> st.SearchStrategy:
    """A percent (may exceed 100 or go below 0), NULL or zero."""
    return st.one_of(NULL, st.just(0.0), st.floats(-1_000, 1_000, allow_nan=False, allow_infinity=False))


def day() -> st.SearchStrategy:
    """A day from the hall's opening to far in the future, or NULL."""
    return st.one_of(st.none(), st.dates(dt.date(2013, 1, 1), FUTURE))


def year() -> st.SearchStrategy:
    return st.one_of(NULL, st.integers(2013, FUTURE.year))


def month() -> st.SearchStrategy:
    return st.one_of(NULL, st.integers(1, 12))


def weekday() -> st.SearchStrategy:
    return st.one_of(NULL, st.integers(0, 6))


def names() -> st.SearchStrategy:
    """(name_ko, name_en) pairs: real-looking ones and arbitrary text."""
    return st.one_of(
        st.sampled_from([("시민소통담당관", "Citizen Communication Division"), ("응답소", "Eungdapso"),
                         ("페이스북", "Facebook"), ("", "")]),
        st.tuples(st.text(max_size=12), st.text(max_size=12)),
    )


def _frame(rows: list[dict], columns: list[str], ints: tuple[str, ...], nullable: bool) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    if nullable:
        for col in ints:
            frame[col] = pd.array([None if pd.isna(v) else int(v) for v in frame[col]], dtype="Int64")
    return frame


def frames(columns: dict[str, st.SearchStrategy], *, ints: tuple[str, ...] = (),
           max_rows: int = 6) -> st.SearchStrategy[pd.DataFrame]:
    """Frames with exactly `columns`; `ints` are the integer columns (sometimes given as Int64)."""
    rows = st.lists(st.fixed_dictionaries(columns), max_size=max_rows)
    return st.builds(_frame, rows, st.just(list(columns)), st.just(ints), st.booleans())


def named(columns: dict[str, st.SearchStrategy], *, ints: tuple[str, ...] = (),
          max_rows: int = 6) -> st.SearchStrategy[pd.DataFrame]:
    """Like `frames`, with name_ko / name_en columns filled from `names()`."""
    def split(frame_and_names):
        frame, pairs = frame_and_names
        frame = frame.copy()
        frame["name_ko"] = [p[0] for p in pairs[: len(frame)]]
        frame["name_en"] = [p[1] for p in pairs[: len(frame)]]
        return frame

    return st.tuples(frames(columns, ints=ints, max_rows=max_rows),
                     st.lists(names(), min_size=max_rows, max_size=max_rows)).map(split)


def edge_frames(row: dict, *, measures: tuple[str, ...], dates: tuple[str, ...] = (),
                years: tuple[str, ...] = (), keys: tuple[str, ...] = ()) -> dict[str, pd.DataFrame]:
    """Hand-picked frames around one realistic `row`: empty, one row, NULL / NaN / <NA> measures,
    zeros, negatives, and a row dated far in the future (each next to the realistic row).
    `keys` (numeric keys such as year or month) are NULL in the NULL cases too, never zero or negative."""
    def pair(**changes) -> pd.DataFrame:
        return pd.DataFrame([row, {**row, **changes}], columns=list(row))

    future = {c: FUTURE for c in dates} | {c: FUTURE.year for c in years}
    nullable = pd.DataFrame([row, row], columns=list(row))
    for col in (*measures, *keys):
        if isinstance(row[col], int):
            nullable[col] = pd.array([row[col], None], dtype="Int64")
        else:
            nullable[col] = pd.array([row[col], None], dtype="Float64")
    return {
        "empty": pd.DataFrame(columns=list(row)),
        "one_row": pd.DataFrame([row], columns=list(row)),
        "none": pair(**{c: None for c in (*measures, *keys)}),
        "nan": pair(**{c: math.nan for c in (*measures, *keys)}),
        "all_null": pd.DataFrame([{**row, **{c: None for c in (*measures, *keys)}}], columns=list(row)),
        "nullable_na": nullable,
        "zeros": pd.DataFrame([{**row, **{c: 0 for c in measures}}] * 2, columns=list(row)),
        "negative": pair(**{c: -abs(row[c]) - 1 for c in measures}),
        "future": pair(**future),
    }


def with_edges(row: dict, *, extra: dict | None = None, **kinds):
    """Decorator: run a @given(frame=..., lang=...) property on every `edge_frames` case too, in both
    languages (`extra`: fixed values for the property's other arguments)."""
    from hypothesis import example

    def decorate(test):
        for frame in edge_frames(row, **kinds).values():
            for lang in ("ko", "en"):
                test = example(frame=frame, lang=lang, **(extra or {}))(test)
        return test
    return decorate
