"""City-brand charts built from the demo's query frames, and from arbitrary frames of the same shape."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from charts import brand as charts
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

# title key -> (measure column, frame attribute, stacked) of the two monthly series charts, as the page draws them
OVER_TIME = {
    "brand.chart.campaign_time": ("participants", "campaign_time", True),
    "brand.chart.foreign_time": ("reach", "foreign_time", False),
}


# --- campaign_reach ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_campaign_marks_and_encodings(frames, lang):
    """Bars of participants (Q) per campaign (N), coloured by kind (N)."""
    spec = build(charts.campaign_reach(frames.campaigns, lang))
    assert marks(spec) == ["bar"]
    unit = units(spec)[0]
    assert field_type(unit, "x") == ("participants", "quantitative")
    assert field_type(unit, "y") == ("campaign", "nominal")
    assert field_type(unit, "color") == ("kind_label", "nominal")


@pytest.mark.parametrize("lang", LANGS)
def test_campaign_titles_and_tooltips(frames, lang):
    """Title and participants axis in the language; tooltips titled and formatted."""
    spec = assert_language(charts.campaign_reach(frames.campaigns, lang), lang, "brand.chart.campaigns")
    assert enc(units(spec)[0], "x")["title"] == t("brand.col.participants", lang)
    assert_tooltips_formatted(spec)


@pytest.mark.parametrize("lang", LANGS)
def test_campaign_data(frames, lang):
    """One bar per campaign named in the language, its kind translated."""
    rows = dataset(build(charts.campaign_reach(frames.campaigns, lang)))
    assert [r["campaign"] for r in rows] == list(frames.campaigns[name_col(lang)])
    assert {r["kind_label"] for r in rows} == {t(f"brand.kind.{k}", lang) for k in frames.campaigns["kind"]}


# --- foreign_reach -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["site", "sns"])
def test_foreign_marks_encodings_titles(frames, kind, lang):
    """Bars of reach (Q) per channel (N); visits for sites, views for SNS, in the language."""
    frame = getattr(frames, f"foreign_{kind}")
    spec = assert_language(charts.foreign_reach(frame, lang, kind), lang, f"brand.chart.foreign_{kind}")
    assert marks(spec) == ["bar"]
    unit = units(spec)[0]
    assert field_type(unit, "x") == ("reach", "quantitative")
    assert field_type(unit, "y") == ("channel", "nominal")
    assert enc(unit, "x")["title"] == t(f"brand.col.reach_{kind}", lang)
    assert_tooltips_formatted(spec)
    assert [r["channel"] for r in dataset(spec)] == list(frame[name_col(lang)])


# --- reach_over_time ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("title_key", OVER_TIME)
def test_over_time_marks_and_encodings(frames, title_key, lang):
    """Per kind (N): the monthly measure (Q) over year-months (T), as stacked bars or as lines."""
    value, frame_name, stacked = OVER_TIME[title_key]
    frame = getattr(frames, frame_name)
    spec = build(charts.reach_over_time(frame, lang, value, title_key, stacked=stacked))
    assert marks(spec) == (["bar"] if stacked else ["line"])
    unit = units(spec)[0]
    assert field_type(unit, "x") == ("yearmonth(month_start)", "temporal")
    assert field_type(unit, "y") == (value, "quantitative")
    assert enc(unit, "y").get("stack") == ("zero" if stacked else None)
    assert field_type(unit, "color") == ("series", "nominal")
    assert len(dataset(spec)) == len(frame)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("title_key", OVER_TIME)
def test_over_time_titles_and_tooltips(frames, title_key, lang):
    """Title and measure axis in the language; tooltips titled and formatted."""
    value, frame_name, stacked = OVER_TIME[title_key]
    spec = assert_language(charts.reach_over_time(getattr(frames, frame_name), lang, value, title_key,
                                                  stacked=stacked), lang, title_key)
    assert enc(units(spec)[0], "y")["title"] == t(f"brand.col.{value}", lang)
    assert_tooltips_formatted(spec)


# --- any frame of the query's shape builds a valid spec -----------------------------------------


CAMPAIGN_ROW = {"campaign_id": 1, "code": "festival_lantern", "kind": "festival", "name_ko": "서울빛초롱축제",
                "name_en": "Seoul Lantern Festival", "start_date": dt.date(2016, 5, 1), "end_date": dt.date(2016, 5, 17),
                "active_days": 17, "participants": 6_000}
FOREIGN_ROW = {"channel_id": 1, "code": "site_en", "kind": "site", "language": "en", "platform": "web",
               "name_ko": "영문 홈페이지", "name_en": "English website", "reach": 900_000, "items": 1_200}
CAMPAIGN_TIME_ROW = {"year": 2016, "month": 5, "kind": "festival", "participants": 12_000}
FOREIGN_TIME_ROW = {"year": 2016, "month": 5, "kind": "sns", "reach": 3_200_000, "items": 300}

campaign_frames = gen.named({
    "campaign_id": st.integers(1, 20), "code": st.text(max_size=8),
    "kind": st.sampled_from(["festival", "overseas", "marketing"]),
    "start_date": gen.day(), "end_date": gen.day(), "active_days": gen.count(), "participants": gen.count(),
}, ints=("active_days", "participants"))
foreign_frames = gen.named({
    "channel_id": st.integers(1, 20), "code": st.text(max_size=8), "kind": st.sampled_from(["site", "sns"]),
    "language": st.sampled_from(["en", "zh", "ja"]), "platform": st.sampled_from(["web", "facebook"]),
    "reach": gen.count(), "items": gen.count(),
}, ints=("reach", "items"))
campaign_time_frames = gen.frames({"year": gen.year(), "month": gen.month(),
                                   "kind": st.sampled_from(["festival", "overseas", "marketing"]),
                                   "participants": gen.count()}, ints=("year", "month", "participants"))
foreign_time_frames = gen.frames({"year": gen.year(), "month": gen.month(), "kind": st.sampled_from(["site", "sns"]),
                                  "reach": gen.count(), "items": gen.count()}, ints=("year", "month", "reach", "items"))


@gen.PROPERTY
@gen.with_edges(CAMPAIGN_ROW, measures=("active_days", "participants"), dates=("start_date", "end_date"))
@given(frame=campaign_frames, lang=st.sampled_from(LANGS))
def test_campaign_builds_for_any_frame(frame, lang):
    """Any campaign frame (NULL or zero participants, future campaigns) gives a valid spec."""
    build(charts.campaign_reach(frame, lang))


@gen.PROPERTY
@gen.with_edges(FOREIGN_ROW, measures=("reach", "items"), extra={"kind": "site"})
@given(frame=foreign_frames, lang=st.sampled_from(LANGS), kind=st.sampled_from(["site", "sns"]))
def test_foreign_builds_for_any_frame(frame, lang, kind):
    """Any foreign-channel frame (NULL, zero or negative reach) gives a valid spec for sites and SNS."""
    build(charts.foreign_reach(frame, lang, kind))


@gen.PROPERTY
@gen.with_edges(CAMPAIGN_TIME_ROW, measures=("participants",), keys=("year", "month"), years=("year",),
                extra={"stacked": True})
@given(frame=campaign_time_frames, lang=st.sampled_from(LANGS), stacked=st.booleans())
def test_campaign_time_builds_for_any_frame(frame, lang, stacked):
    """Any monthly campaign frame (NULL months or participants, future months) gives a valid spec,
    as bars or lines; months without a year or month are left out."""
    spec = build(charts.reach_over_time(frame, lang, "participants", "brand.chart.campaign_time", stacked=stacked))
    if not frame.empty:
        assert len(dataset(spec)) == len(frame.dropna(subset=["year", "month"]))


@gen.PROPERTY
@gen.with_edges(FOREIGN_TIME_ROW, measures=("reach", "items"), keys=("year", "month"), years=("year",))
@given(frame=foreign_time_frames, lang=st.sampled_from(LANGS))
def test_foreign_time_builds_for_any_frame(frame, lang):
    """Any monthly reach frame (NULL months or reach, future months) gives a valid spec."""
    build(charts.reach_over_time(frame, lang, "reach", "brand.chart.foreign_time"))


# --- an empty database gives the no-data chart -------------------------------------------------


CHARTS = {  # title key -> the chart as its page builds it
    "brand.chart.campaigns": lambda f, lang: charts.campaign_reach(f.campaigns, lang),
    "brand.chart.foreign_site": lambda f, lang: charts.foreign_reach(f.foreign_site, lang, "site"),
    "brand.chart.foreign_sns": lambda f, lang: charts.foreign_reach(f.foreign_sns, lang, "sns"),
    **{key: (lambda f, lang, key=key: charts.reach_over_time(getattr(f, OVER_TIME[key][1]), lang, OVER_TIME[key][0],
                                                            key, stacked=OVER_TIME[key][2])) for key in OVER_TIME},
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("title_key", CHARTS)
def test_empty_database_gives_no_data_charts(empty_frames, title_key, lang):
    """Without brand data every brand chart says there is no data, titled in the language."""
    assert_no_data(CHARTS[title_key](empty_frames, lang), lang, title_key)
