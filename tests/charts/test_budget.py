"""Budget charts built from the demo's query frames, and from arbitrary frames of the same shape."""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from charts import budget as charts
from charts.common import RATE
from config.i18n import name_col, t
from tests.charts import strategies as gen
from tests.charts.spec import (
    LANGS,
    assert_language,
    assert_no_data,
    assert_tooltips_formatted,
    build,
    dataset,
    enc,
    field_type,
    marks,
    units,
)

AMOUNTS = ("budget_won", "current_budget_won", "executed_won")


# --- execution_by_division ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_by_division_marks_and_encodings(frames, lang):
    """Bars of execution_rate (Q) per division (N), labelled with the rate as text."""
    spec = build(charts.execution_by_division(frames.by_division, lang))
    assert marks(spec) == ["bar", "text"]
    bars, labels = units(spec)
    assert field_type(bars, "x") == ("execution_rate", "quantitative")
    assert field_type(bars, "y") == ("division", "nominal")
    assert enc(labels, "text")["field"] == "execution_rate" and enc(labels, "text")["format"] == RATE


@pytest.mark.parametrize("lang", LANGS)
def test_by_division_titles(frames, lang):
    """Title and rate axis are in the chosen language (no Hangul in English)."""
    spec = assert_language(charts.execution_by_division(frames.by_division, lang), lang, "budget.chart.by_division")
    bars = units(spec)[0]
    assert enc(bars, "x")["title"] == t("budget.col.rate", lang)
    assert enc(bars, "y")["title"] is None  # division names speak for themselves


@pytest.mark.parametrize("lang", LANGS)
def test_by_division_tooltips(frames, lang):
    """Tooltips show division, 예산현액, 집행액 (백만원) and 집행률, numbers formatted."""
    spec = build(charts.execution_by_division(frames.by_division, lang))
    assert_tooltips_formatted(spec)
    tips = {tip["field"]: tip["title"] for tip in units(spec)[0]["encoding"]["tooltip"]}
    assert tips == {"division": t("common.division", lang), "current_m": t("budget.col.current_m", lang),
                    "executed_m": t("budget.col.executed_m", lang), "execution_rate": t("budget.col.rate", lang)}


@pytest.mark.parametrize("lang", LANGS)
def test_by_division_data(frames, lang):
    """One bar per division, named in the language, with amounts converted from won to 백만원."""
    spec = build(charts.execution_by_division(frames.by_division, lang))
    rows = dataset(spec)
    assert [r["division"] for r in rows] == list(frames.by_division[name_col(lang)])
    assert [r["current_m"] for r in rows] == pytest.approx(list(frames.by_division["current_budget_won"] / 1e6))
    assert [r["execution_rate"] for r in rows] == pytest.approx(list(frames.by_division["execution_rate"]))


# --- execution_trend ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_trend_marks_and_encodings(frames, lang):
    """Two lines over time: actual execution with points, the target curve dashed."""
    spec = build(charts.execution_trend(frames.trend, frames.target_curve, lang))
    assert marks(spec) == ["line", "line"]
    actual, target = units(spec)
    assert actual["mark"].get("point") is True
    assert target["mark"].get("strokeDash")
    for unit in (actual, target):
        assert field_type(unit, "x") == ("as_of", "temporal")
        assert field_type(unit, "y") == ("execution_rate", "quantitative")
        assert field_type(unit, "color") == ("series", "nominal")


@pytest.mark.parametrize("lang", LANGS)
def test_trend_titles_and_tooltips(frames, lang):
    """Title and axis in the language; tooltips show the date and a formatted rate."""
    spec = assert_language(charts.execution_trend(frames.trend, frames.target_curve, lang), lang,
                           "budget.chart.trend")
    assert enc(units(spec)[0], "y")["title"] == t("budget.col.rate", lang)
    assert_tooltips_formatted(spec)


@pytest.mark.parametrize("lang", LANGS)
def test_trend_series(frames, lang):
    """The actual series has one point per snapshot date, the target one per curve point, each labelled."""
    spec = build(charts.execution_trend(frames.trend, frames.target_curve, lang))
    actual, target = (dataset(spec, u) for u in units(spec))
    assert len(actual) == len(frames.trend) > 1
    assert len(target) == len(frames.target_curve) > 1
    assert {r["series"] for r in actual} == {t("budget.series.actual", lang)}
    assert {r["series"] for r in target} == {t("budget.series.target", lang)}


# --- execution_forecast ------------------------------------------------------------------------

PATH = pd.DataFrame({"as_of": [dt.date(2016, 8, 10), dt.date(2016, 8, 31), dt.date(2016, 12, 31)],
                     "rate": [53.07, 57.0, 84.0], "low": [53.07, 56.0, 82.7], "high": [53.07, 58.0, 85.3]})


@pytest.mark.parametrize("lang", LANGS)
def test_forecast_band_and_projection_continue_the_trend(frames, lang):
    """A band (low to high) and a dotted projection line from the as-of date, after actual and target."""
    spec = assert_language(charts.execution_forecast(frames.trend, frames.target_curve, PATH, lang), lang,
                           "budget.chart.forecast")
    assert marks(spec) == ["area", "line", "line", "line"]
    band, actual, target, projected = units(spec)
    assert (enc(band, "y")["field"], enc(band, "y2")["field"]) == ("low", "high")
    assert projected["mark"]["strokeDash"] != target["mark"]["strokeDash"]
    rows = dataset(spec, projected)
    assert [r["execution_rate"] for r in rows] == [53.07, 57.0, 84.0]
    assert {r["series"] for r in rows} == {t("budget.series.projection", lang)}
    assert [(r["low"], r["high"]) for r in dataset(spec, band)][-1] == (82.7, 85.3)
    assert len(dataset(spec, actual)) == len(frames.trend)
    assert_tooltips_formatted(spec)


def test_forecast_without_path_is_the_trend(frames):
    """No projection (empty path): exactly the trend chart, no band, no projection series."""
    empty = PATH.iloc[0:0]
    assert charts.execution_forecast(frames.trend, frames.target_curve, empty, "ko").to_dict() == \
        charts.execution_trend(frames.trend, frames.target_curve, "ko").to_dict()


# --- composition -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_composition_marks_and_encodings(frames, lang):
    """Stacked bars: year (N) by amount in 백만원 (Q), coloured by category (N)."""
    spec = build(charts.composition(frames.composition, lang))
    assert marks(spec) == ["bar"]
    bars = units(spec)[0]
    assert field_type(bars, "x") == ("year", "nominal")
    assert field_type(bars, "y") == ("amount_m", "quantitative")
    assert enc(bars, "y")["stack"] == "zero"
    assert field_type(bars, "color") == ("category_label", "nominal")


@pytest.mark.parametrize("lang", LANGS)
def test_composition_titles_and_tooltips(frames, lang):
    """Title and the 백만원 axis in the language; tooltips formatted."""
    spec = assert_language(charts.composition(frames.composition, lang), lang, "budget.chart.composition")
    assert enc(units(spec)[0], "y")["title"] == t("unit.million_won", lang)
    assert_tooltips_formatted(spec)


@pytest.mark.parametrize("lang", LANGS)
def test_composition_leaves_out_the_total(frames, lang):
    """Only 사업비 and 기본경비 are stacked (the 계 row would double the bar), amounts in 백만원."""
    spec = build(charts.composition(frames.composition, lang))
    rows = dataset(spec)
    parts = frames.composition[frames.composition["category"] != "total"]
    assert {r["category_label"] for r in rows} == {t("budget.category.programme", lang),
                                                  t("budget.category.basic", lang)}
    assert len(rows) == len(parts) >= 2
    assert sorted(r["amount_m"] for r in rows) == pytest.approx(sorted(parts["budget_won"] / 1e6))


# --- any frame of the query's shape builds a valid spec -----------------------------------------


BY_DIVISION_ROW = {"division_code": "civic", "name_ko": "시민소통담당관", "name_en": "Citizen Communication Division",
                   "budget_won": 10_349_000_000, "current_budget_won": 11_690_000_000,
                   "executed_won": 6_203_000_000, "execution_rate": 53.07, "budget_share": 40.5}
TREND_ROW = {"as_of": dt.date(2016, 8, 10), "budget_won": 22_000_000_000, "current_budget_won": 23_000_000_000,
             "executed_won": 12_000_000_000, "execution_rate": 52.2}
COMPOSITION_ROW = {"fiscal_year": 2016, "category": "programme", "budget_won": 20_000_000_000, "share": 90.0,
                   "change_won": 1_000_000_000, "change_rate": 5.3}
CURVE = pd.DataFrame({"as_of": [dt.date(2016, 1, 1), dt.date(2016, 1, 31)], "execution_rate": [0.0, 5.0]})

by_division_frames = gen.named({
    "division_code": st.sampled_from(["civic", "brand", "service", "newmedia", "rapid"]),
    **{a: gen.count() for a in AMOUNTS}, "execution_rate": gen.rate(), "budget_share": gen.rate(),
}, ints=AMOUNTS)
trend_frames = gen.frames({"as_of": gen.day(), **{a: gen.count() for a in AMOUNTS}, "execution_rate": gen.rate()},
                          ints=AMOUNTS)
curve_frames = gen.frames({"as_of": gen.day(), "execution_rate": gen.rate()}, max_rows=13)
composition_frames = gen.frames({
    "fiscal_year": gen.year(), "category": st.sampled_from(["programme", "basic", "total"]),
    "budget_won": gen.count(), "share": gen.rate(), "change_won": gen.count(), "change_rate": gen.rate(),
}, ints=("fiscal_year", "budget_won", "change_won"))


@gen.PROPERTY
@gen.with_edges(BY_DIVISION_ROW, measures=(*AMOUNTS, "execution_rate", "budget_share"))
@given(frame=by_division_frames, lang=st.sampled_from(LANGS))
def test_by_division_builds_for_any_frame(frame, lang):
    """Empty, NULL, zero, negative and huge figures still give a valid execution-by-division spec."""
    build(charts.execution_by_division(frame, lang))


@gen.PROPERTY
@gen.with_edges(TREND_ROW, measures=(*AMOUNTS, "execution_rate"), dates=("as_of",), extra={"target": CURVE})
@given(frame=trend_frames, target=curve_frames, lang=st.sampled_from(LANGS))
def test_trend_builds_for_any_frame(frame, target, lang):
    """Any snapshot series and target curve (empty, NULL, future-dated) give a valid trend spec."""
    build(charts.execution_trend(frame, target, lang))


@gen.PROPERTY
@gen.with_edges(COMPOSITION_ROW, measures=("budget_won", "share", "change_won", "change_rate"),
                keys=("fiscal_year",), years=("fiscal_year",))
@given(frame=composition_frames, lang=st.sampled_from(LANGS))
def test_composition_builds_for_any_frame(frame, lang):
    """Any composition frame (only totals, NULL or zero shares, negative changes) gives a valid spec;
    rows without a fiscal year are left out and years read as plain years ('2016', not '2016.0')."""
    spec = build(charts.composition(frame, lang))
    parts = frame[frame["category"] != "total"].dropna(subset=["fiscal_year"])
    if len(parts):
        rows = dataset(spec)
        assert len(rows) == len(parts)
        assert all(re.fullmatch(r"\d{4}", r["year"]) for r in rows)


# --- an empty database gives the no-data chart -------------------------------------------------


CHARTS = {  # title key -> the chart as its page builds it
    "budget.chart.by_division": lambda f, lang: charts.execution_by_division(f.by_division, lang),
    "budget.chart.trend": lambda f, lang: charts.execution_trend(f.trend, f.target_curve, lang),
    "budget.chart.composition": lambda f, lang: charts.composition(f.composition, lang),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("title_key", CHARTS)
def test_empty_database_gives_no_data_charts(empty_frames, title_key, lang):
    """Without budget data every budget chart says there is no data, titled in the language."""
    assert_no_data(CHARTS[title_key](empty_frames, lang), lang, title_key)


def test_composition_of_totals_only_gives_no_data(frames):
    """A composition frame holding only the 계 rows has nothing to stack: the no-data chart."""
    totals = frames.composition[frames.composition["category"] == "total"]
    assert_no_data(charts.composition(totals, "ko"), "ko", "budget.chart.composition")
