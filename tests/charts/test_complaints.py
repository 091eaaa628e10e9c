"""Complaint charts built from the demo's query frames, and from arbitrary frames of the same shape."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from charts import complaints as charts
from charts.common import COUNT, RATE
from charts.theme import STATUS_COLORS
from config.i18n import month_label, name_col, t
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

# chart title key -> (frame attribute, the tooltip title naming one bar)
GROUPS = {
    "complaints.chart.by_division": ("delay_by_division", "common.division"),
    "complaints.chart.by_department": ("delay_by_department", "common.department"),
    "complaints.chart.by_channel": ("delay_by_channel", "common.channel"),
}


# --- delay_by_month ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_by_month_marks_and_encodings(frames, lang):
    """One line per year: month (N, in calendar order) by delay rate (Q)."""
    spec = build(charts.delay_by_month(frames.by_month, lang))
    assert marks(spec) == ["line"]
    unit = units(spec)[0]
    assert field_type(unit, "x") == ("month_label", "nominal")
    assert enc(unit, "x")["sort"] == [month_label(m, lang) for m in range(1, 13)]
    assert field_type(unit, "y") == ("delay_rate", "quantitative")
    assert field_type(unit, "color") == ("year_label", "nominal")


@pytest.mark.parametrize("lang", LANGS)
def test_by_month_titles_and_tooltips(frames, lang):
    """Title, rate axis and year legend in the language; due, delayed and rate formatted in tooltips."""
    spec = assert_language(charts.delay_by_month(frames.by_month, lang), lang, "complaints.chart.by_month")
    unit = units(spec)[0]
    assert enc(unit, "y")["title"] == t("complaints.col.delay_rate", lang)
    assert enc(unit, "color")["title"] == t("common.year", lang)
    assert_tooltips_formatted(spec)
    formats = {tip["field"]: tip.get("format") for tip in unit["encoding"]["tooltip"]}
    assert formats["due"] == formats["delayed"] == COUNT and formats["delay_rate"] == RATE


def test_by_month_has_this_year_and_last(frames):
    """The demo's months of 2015 and 2016 to the as-of date become two year series."""
    spec = build(charts.delay_by_month(frames.by_month, "ko"))
    rows = dataset(spec)
    assert {r["year_label"] for r in rows} == {"2015", "2016"}
    assert len(rows) == len(frames.by_month)


# --- delay_by_group ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("title_key", GROUPS)
def test_by_group_marks_and_encodings(frames, title_key, lang):
    """Bars of delay rate (Q) per group (N), labelled with the rate."""
    frame = getattr(frames, GROUPS[title_key][0])
    spec = build(charts.delay_by_group(frame, lang, title_key))
    assert marks(spec) == ["bar", "text"]
    bars, labels = units(spec)
    assert field_type(bars, "x") == ("delay_rate", "quantitative")
    assert field_type(bars, "y") == ("group", "nominal")
    assert enc(labels, "text")["format"] == RATE
    assert [r["group"] for r in dataset(spec)] == list(frame[name_col(lang)])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("title_key", GROUPS)
def test_by_group_titles_and_tooltips(frames, title_key, lang):
    """Title and rate axis in the language; the tooltip names what a bar is (division, team or channel)."""
    frame_name, group_key = GROUPS[title_key]
    spec = assert_language(charts.delay_by_group(getattr(frames, frame_name), lang, title_key), lang, title_key)
    bars = units(spec)[0]
    assert enc(bars, "x")["title"] == t("complaints.col.delay_rate", lang)
    assert_tooltips_formatted(spec)
    tips = {tip["field"]: tip["title"] for tip in bars["encoding"]["tooltip"]}
    assert tips["group"] == t(group_key, lang)


# --- daily_volume ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_daily_volume_marks_and_encodings(frames, lang):
    """Received and closed counts (Q) over days (T), coloured by kind (N): faint daily lines, 7-day average lines."""
    spec = build(charts.daily_volume(frames.volume, lang))
    assert marks(spec) == ["line", "line"]
    assert field_type(units(spec)[1], "y") == ("avg7", "quantitative")
    unit = units(spec)[0]
    assert field_type(unit, "x") == ("day", "temporal")
    assert field_type(unit, "y") == ("count", "quantitative")
    assert field_type(unit, "color") == ("kind_label", "nominal")
    rows = dataset(spec)
    assert len(rows) == 2 * len(frames.volume)
    assert {r["kind_label"] for r in rows} == {t("complaints.col.received", lang), t("complaints.col.closed", lang)}


@pytest.mark.parametrize("lang", LANGS)
def test_daily_volume_titles_and_tooltips(frames, lang):
    """Title and count axis in the language; every tooltip titled and formatted."""
    spec = assert_language(charts.daily_volume(frames.volume, lang), lang, "complaints.chart.daily")
    assert enc(units(spec)[0], "y")["title"] == t("complaints.col.count", lang)
    assert_tooltips_formatted(spec)


# --- traffic_light -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_traffic_light_marks_and_encodings(frames, lang):
    """Bars per status (N, 정상·임박·지연 order) by count (Q) in green, amber and red, labelled with counts."""
    spec = build(charts.traffic_light(frames.signal, lang))
    assert marks(spec) == ["bar", "text"]
    bars, labels = units(spec)
    order = [t(f"complaints.signal.{s}", lang) for s in ("normal", "imminent", "delayed")]
    assert field_type(bars, "x") == ("label", "nominal")
    assert enc(bars, "x")["sort"] == order
    assert field_type(bars, "y") == ("complaints", "quantitative")
    scale = enc(bars, "color")["scale"]
    assert scale["domain"] == order
    assert scale["range"] == [STATUS_COLORS[s] for s in ("normal", "imminent", "delayed")]
    assert enc(labels, "text")["format"] == COUNT


@pytest.mark.parametrize("lang", LANGS)
def test_traffic_light_titles_and_tooltips(frames, lang):
    """Title and count axis in the language; every tooltip titled and formatted."""
    spec = assert_language(charts.traffic_light(frames.signal, lang), lang, "complaints.chart.signal")
    assert enc(units(spec)[0], "y")["title"] == t("complaints.col.count", lang)
    assert_tooltips_formatted(spec)


# --- any frame of the query's shape builds a valid spec -----------------------------------------


MONTH_ROW = {"year": 2016, "month": 7, "due": 9_000, "delayed": 60, "delay_rate": 0.67}
GROUP_ROW = {"division_id": 3, "division_code": "service", "name_ko": "시민봉사담당관",
             "name_en": "Citizen Service Division", "received": 40_000, "due": 39_000, "delayed": 250,
             "delay_rate": 0.64}
VOLUME_ROW = {"day": dt.date(2016, 8, 10), "received": 500, "closed": 480}
SIGNAL_ROW = {"status": "normal", "name_ko": "정상", "name_en": "Normal", "complaints": 1_200}
COUNTS = ("received", "due", "delayed")

month_frames = gen.frames({"year": gen.year(), "month": gen.month(), "due": gen.count(), "delayed": gen.count(),
                           "delay_rate": gen.rate()}, ints=("year", "month", "due", "delayed"))
group_frames = gen.named({"division_id": st.integers(1, 5), "division_code": st.sampled_from(["civic", "service"]),
                          **{c: gen.count() for c in COUNTS}, "delay_rate": gen.rate()}, ints=COUNTS)
volume_frames = gen.frames({"day": gen.day(), "received": gen.count(), "closed": gen.count()},
                           ints=("received", "closed"))
signal_frames = gen.named({"status": st.sampled_from(["normal", "imminent", "delayed"]), "complaints": gen.count()},
                          ints=("complaints",), max_rows=3)


@gen.PROPERTY
@gen.with_edges(MONTH_ROW, measures=("due", "delayed", "delay_rate"), keys=("year", "month"), years=("year",))
@given(frame=month_frames, lang=st.sampled_from(LANGS))
def test_by_month_builds_for_any_frame(frame, lang):
    """Empty frames, NULL months or rates, zeros (nothing due) and negatives give a valid spec;
    rows without a year or month are left out and years read as plain years ('2016', not '2016.0')."""
    spec = build(charts.delay_by_month(frame, lang))
    placed = frame.dropna(subset=["year", "month"])
    if not frame.empty:
        rows = dataset(spec)
        assert len(rows) == len(placed)
        assert all(re.fullmatch(r"\d{4}", r["year_label"]) for r in rows)


@gen.PROPERTY
@gen.with_edges(GROUP_ROW, measures=(*COUNTS, "delay_rate"), extra={"title_key": "complaints.chart.by_channel"})
@given(frame=group_frames, lang=st.sampled_from(LANGS), title_key=st.sampled_from(list(GROUPS)))
def test_by_group_builds_for_any_frame(frame, lang, title_key):
    """Any per-group frame (NULL or zero counts, NaN rates) gives a valid spec for every grouping."""
    build(charts.delay_by_group(frame, lang, title_key))


@gen.PROPERTY
@gen.with_edges(VOLUME_ROW, measures=("received", "closed"), dates=("day",))
@given(frame=volume_frames, lang=st.sampled_from(LANGS))
def test_daily_volume_builds_for_any_frame(frame, lang):
    """Any daily volume frame (NULL days or counts, future days) gives a valid spec."""
    build(charts.daily_volume(frame, lang))


@gen.PROPERTY
@gen.with_edges(SIGNAL_ROW, measures=("complaints",))
@given(frame=signal_frames, lang=st.sampled_from(LANGS))
def test_traffic_light_builds_for_any_frame(frame, lang):
    """Any signal frame (missing statuses, NULL or zero counts) gives a valid spec."""
    build(charts.traffic_light(frame, lang))


# --- an empty database gives the no-data chart -------------------------------------------------


CHARTS = {  # title key -> the chart as its page builds it
    "complaints.chart.by_month": lambda f, lang: charts.delay_by_month(f.by_month, lang),
    **{key: (lambda f, lang, key=key: charts.delay_by_group(getattr(f, GROUPS[key][0]), lang, key)) for key in GROUPS},
    "complaints.chart.daily": lambda f, lang: charts.daily_volume(f.volume, lang),
    "complaints.chart.signal": lambda f, lang: charts.traffic_light(f.signal, lang),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("title_key", CHARTS)
def test_empty_database_gives_no_data_charts(empty_frames, title_key, lang):
    """Without complaints every complaint chart says there is no data, titled in the language."""
    assert_no_data(CHARTS[title_key](empty_frames, lang), lang, title_key)
