"""시민청 charts built from the demo's query frames, and from arbitrary frames of the same shape."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from charts import citizen_hall as charts
from config.i18n import month_label, t
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


# --- monthly_visitors --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_monthly_marks_and_encodings(frames, lang):
    """Bars of visitors (Q) per month (T, year-month)."""
    spec = build(charts.monthly_visitors(frames.hall_monthly, lang))
    assert marks(spec) == ["bar"]
    unit = units(spec)[0]
    assert field_type(unit, "x") == ("yearmonth(month_start)", "temporal")
    assert field_type(unit, "y") == ("visitors", "quantitative")
    assert len(dataset(spec)) == len(frames.hall_monthly) == 8  # January to August 2016


@pytest.mark.parametrize("lang", LANGS)
def test_monthly_titles_and_tooltips(frames, lang):
    """Title and visitors axis in the language; visitors and the per-open-day average formatted."""
    spec = assert_language(charts.monthly_visitors(frames.hall_monthly, lang), lang, "hall.chart.monthly")
    unit = units(spec)[0]
    assert enc(unit, "y")["title"] == t("hall.col.visitors", lang)
    assert_tooltips_formatted(spec)
    assert {tip["field"] for tip in unit["encoding"]["tooltip"]} >= {"visitors", "avg_per_open_day"}


# --- daily_visitors ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_daily_marks_encodings_titles(frames, lang):
    """Faint daily visitors (Q) per day (T) under the 7-day average line, titled in the language."""
    spec = assert_language(charts.daily_visitors(frames.hall_daily, lang), lang, "hall.chart.daily")
    assert marks(spec) == ["line", "line"]
    assert field_type(units(spec)[1], "y") == ("avg7", "quantitative")
    unit = units(spec)[0]
    assert field_type(unit, "x") == ("day", "temporal")
    assert field_type(unit, "y") == ("visitors", "quantitative")
    assert enc(unit, "y")["title"] == t("hall.col.visitors", lang)
    assert_tooltips_formatted(spec)
    assert len(dataset(spec)) == len(frames.hall_daily)


# --- cumulative_visitors -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_cumulative_marks_encodings_titles(frames, lang):
    """An area of cumulative visitors (Q) per day (T) since opening, titled in the language."""
    spec = assert_language(charts.cumulative_visitors(frames.hall_cumulative, lang), lang, "hall.chart.cumulative")
    assert marks(spec) == ["area"]
    unit = units(spec)[0]
    assert field_type(unit, "x") == ("day", "temporal")
    assert field_type(unit, "y") == ("cumulative", "quantitative")
    assert enc(unit, "y")["title"] == t("hall.col.cumulative", lang)
    assert_tooltips_formatted(spec)


def test_cumulative_ends_at_the_running_total(frames):
    """The last point is the since-opening total of the frame (nothing dropped or re-summed)."""
    rows = dataset(build(charts.cumulative_visitors(frames.hall_cumulative, "ko")))
    assert rows[-1]["cumulative"] == frames.hall_cumulative["cumulative"].iloc[-1]
    assert len(rows) == len(frames.hall_cumulative)


# --- weekday_month_heatmap ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_heatmap_marks_and_encodings(frames, lang):
    """Rectangles: month (N, calendar order) by weekday (N, Monday first), coloured by average visitors (Q)."""
    spec = build(charts.weekday_month_heatmap(frames.hall_heatmap, lang))
    assert marks(spec) == ["rect"]
    unit = units(spec)[0]
    assert field_type(unit, "x") == ("month_label", "nominal")
    assert enc(unit, "x")["sort"] == [month_label(m, lang) for m in range(1, 13)]
    assert field_type(unit, "y") == ("weekday_label", "nominal")
    assert enc(unit, "y")["sort"] == [t(f"weekday.{d}", lang) for d in range(7)]
    assert field_type(unit, "color") == ("avg_visitors", "quantitative")
    assert len(dataset(spec)) == 7 * 12


@pytest.mark.parametrize("lang", LANGS)
def test_heatmap_titles_and_tooltips(frames, lang):
    """Title and colour legend in the language; every tooltip titled and formatted."""
    spec = assert_language(charts.weekday_month_heatmap(frames.hall_heatmap, lang), lang, "hall.chart.heatmap")
    assert enc(units(spec)[0], "color")["title"] == t("hall.col.avg_visitors", lang)
    assert_tooltips_formatted(spec)


# --- any frame of the query's shape builds a valid spec -----------------------------------------


MONTHLY_ROW = {"year": 2016, "month": 8, "visitors": 53_150, "open_days": 10, "closed_days": 0,
               "avg_per_open_day": 5_315.0, "programmes": 40, "rentals": 12, "weddings": 2}
DAILY_ROW = {"day": dt.date(2016, 8, 10), "visitors": 5_315, "closed": False, "closure_reason": None,
             "programmes": 4, "rentals": 1, "weddings": 0}
CUMULATIVE_ROW = {"day": dt.date(2016, 8, 10), "visitors": 5_315, "cumulative": 6_350_000}
HEATMAP_ROW = {"weekday": 5, "month": 8, "open_days": 14, "avg_visitors": 8_100.5}
HALL_COUNTS = ("visitors", "open_days", "closed_days", "programmes", "rentals", "weddings")

monthly_frames = gen.frames({"year": gen.year(), "month": gen.month(), **{c: gen.count() for c in HALL_COUNTS},
                             "avg_per_open_day": gen.rate()}, ints=("year", "month", *HALL_COUNTS))
daily_frames = gen.frames({"day": gen.day(), "visitors": gen.count(), "closed": st.booleans(),
                           "closure_reason": st.sampled_from([None, "설날", "추석"]),
                           "programmes": gen.count(), "rentals": gen.count(), "weddings": gen.count()},
                          ints=("visitors", "programmes", "rentals", "weddings"))
cumulative_frames = gen.frames({"day": gen.day(), "visitors": gen.count(), "cumulative": gen.count()},
                               ints=("visitors", "cumulative"))
heatmap_frames = gen.frames({"weekday": gen.weekday(), "month": gen.month(), "open_days": gen.count(),
                             "avg_visitors": gen.rate()}, ints=("weekday", "month", "open_days"))


@gen.PROPERTY
@gen.with_edges(MONTHLY_ROW, measures=(*HALL_COUNTS, "avg_per_open_day"), keys=("year", "month"),
                years=("year",))
@given(frame=monthly_frames, lang=st.sampled_from(LANGS))
def test_monthly_builds_for_any_frame(frame, lang):
    """Empty months, NULL or zero open days and visitors, future months give a valid spec."""
    build(charts.monthly_visitors(frame, lang))


@gen.PROPERTY
@gen.with_edges(DAILY_ROW, measures=("visitors", "programmes", "rentals", "weddings"), dates=("day",))
@given(frame=daily_frames, lang=st.sampled_from(LANGS))
def test_daily_builds_for_any_frame(frame, lang):
    """Any daily frame (closed days, NULL visitors, future days) gives a valid spec."""
    build(charts.daily_visitors(frame, lang))


@gen.PROPERTY
@gen.with_edges(CUMULATIVE_ROW, measures=("visitors", "cumulative"), dates=("day",))
@given(frame=cumulative_frames, lang=st.sampled_from(LANGS))
def test_cumulative_builds_for_any_frame(frame, lang):
    """Any cumulative frame (NULL, zero, negative, future-dated) gives a valid spec."""
    build(charts.cumulative_visitors(frame, lang))


@gen.PROPERTY
@gen.with_edges(HEATMAP_ROW, measures=("open_days", "avg_visitors"), keys=("weekday", "month"))
@given(frame=heatmap_frames, lang=st.sampled_from(LANGS))
def test_heatmap_builds_for_any_frame(frame, lang):
    """Any weekday × month frame (NULL cells or keys, zero open days) gives a valid spec;
    cells without a weekday or month are left out."""
    spec = build(charts.weekday_month_heatmap(frame, lang))
    if not frame.empty:
        assert len(dataset(spec)) == len(frame.dropna(subset=["weekday", "month"]))


# --- an empty database gives the no-data chart -------------------------------------------------


CHARTS = {  # title key -> the chart as its page builds it
    "hall.chart.monthly": lambda f, lang: charts.monthly_visitors(f.hall_monthly, lang),
    "hall.chart.daily": lambda f, lang: charts.daily_visitors(f.hall_daily, lang),
    "hall.chart.cumulative": lambda f, lang: charts.cumulative_visitors(f.hall_cumulative, lang),
    "hall.chart.heatmap": lambda f, lang: charts.weekday_month_heatmap(f.hall_heatmap, lang),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("title_key", CHARTS)
def test_empty_database_gives_no_data_charts(empty_frames, title_key, lang):
    """Without visits every 시민청 chart says there is no data, titled in the language."""
    assert_no_data(CHARTS[title_key](empty_frames, lang), lang, title_key)
