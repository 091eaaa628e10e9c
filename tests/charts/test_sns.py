"""SNS charts built from the demo's query frames, and from arbitrary frames of the same shape."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from charts import sns as charts
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


# --- followers_over_time -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_followers_marks_and_encodings(frames, lang):
    """A line per channel (N): followers (Q) per day (T)."""
    spec = build(charts.followers_over_time(frames.sns_history, lang))
    assert marks(spec) == ["line"]
    unit = units(spec)[0]
    assert field_type(unit, "x") == ("day", "temporal")
    assert field_type(unit, "y") == ("followers", "quantitative")
    assert field_type(unit, "color") == ("channel", "nominal")
    assert {r["channel"] for r in dataset(spec)} == set(frames.sns_history[name_col(lang)])


@pytest.mark.parametrize("lang", LANGS)
def test_followers_titles_and_tooltips(frames, lang):
    """Title and followers axis in the language; tooltips titled and formatted."""
    spec = assert_language(charts.followers_over_time(frames.sns_history, lang), lang, "sns.chart.followers")
    assert enc(units(spec)[0], "y")["title"] == t("sns.col.followers", lang)
    assert_tooltips_formatted(spec)


# --- follower_share ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_share_marks_and_encodings(frames, lang):
    """A donut: arcs with followers (Q) as the angle, coloured by channel (N)."""
    spec = build(charts.follower_share(frames.sns_latest, lang))
    assert marks(spec) == ["arc"]
    unit = units(spec)[0]
    assert unit["mark"]["innerRadius"] > 0
    assert field_type(unit, "theta") == ("followers", "quantitative")
    assert field_type(unit, "color") == ("channel", "nominal")
    assert [r["channel"] for r in dataset(spec)] == list(frames.sns_latest[name_col(lang)])


@pytest.mark.parametrize("lang", LANGS)
def test_share_titles_and_tooltips(frames, lang):
    """Title in the language; followers and share (%) formatted in the tooltip."""
    spec = assert_language(charts.follower_share(frames.sns_latest, lang), lang, "sns.chart.share")
    assert_tooltips_formatted(spec)
    tips = {tip["field"]: tip["title"] for tip in units(spec)[0]["encoding"]["tooltip"]}
    assert tips["share_pct"] == t("sns.col.share", lang)


def test_share_without_followers_is_the_no_data_chart():
    """Channels that all have zero (or NULL) followers give the no-data chart, not a 0/0 donut."""
    frame = pd.DataFrame({"name_ko": ["페이스북", "트위터"], "name_en": ["Facebook", "Twitter"],
                          "followers": [0, None], "share_pct": [None, None]})
    spec = build(charts.follower_share(frame, "en"))
    assert marks(spec) == ["text"]
    assert dataset(spec) == [{"message": t("common.no_data", "en")}]


# --- posts_against_plan ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_posts_marks_and_encodings(frames, lang):
    """Bars of posts in the last 7 days (Q) per channel (N) with the weekly plan as ticks."""
    spec = build(charts.posts_against_plan(frames.sns_latest, lang))
    assert marks(spec) == ["bar", "tick"]
    bars, ticks = units(spec)
    assert field_type(bars, "x") == ("posts_last_7_days", "quantitative")
    assert field_type(bars, "y") == ("channel", "nominal")
    assert field_type(ticks, "x") == ("posts_per_week_plan", "quantitative")
    assert field_type(ticks, "y") == ("channel", "nominal")
    planned = frames.sns_latest[frames.sns_latest["posts_per_week_plan"].notna()]
    assert [r["channel"] for r in dataset(spec)] == list(planned[name_col(lang)])


@pytest.mark.parametrize("lang", LANGS)
def test_posts_titles_and_tooltips(frames, lang):
    """Title and posts axis in the language; posts and plan formatted in the tooltip."""
    spec = assert_language(charts.posts_against_plan(frames.sns_latest, lang), lang, "sns.chart.posts")
    assert enc(units(spec)[0], "x")["title"] == t("sns.col.posts_week", lang)
    assert_tooltips_formatted(spec)


# --- any frame of the query's shape builds a valid spec -----------------------------------------


HISTORY_ROW = {"day": dt.date(2016, 8, 10), "channel_id": 2, "code": "facebook", "name_ko": "페이스북",
               "name_en": "Facebook", "kind": "sns", "followers": 284_000, "posts": 2}
LATEST_ROW = {"channel_id": 2, "code": "facebook", "name_ko": "페이스북", "name_en": "Facebook",
              "platform": "facebook", "kind": "sns", "opened_on": dt.date(2011, 3, 1),
              "snapshot_day": dt.date(2016, 8, 10), "followers": 284_000, "share_pct": 22.3,
              "posts_last_7_days": 11, "posts_per_week_plan": 10}

history_frames = gen.named({"day": gen.day(), "channel_id": st.integers(1, 7), "code": st.text(max_size=8),
                            "kind": st.sampled_from(["sns", "blog"]), "followers": gen.count(),
                            "posts": gen.count()}, ints=("followers", "posts"))
latest_frames = gen.named({
    "channel_id": st.integers(1, 7), "code": st.text(max_size=8), "platform": st.text(max_size=8),
    "kind": st.sampled_from(["sns", "blog", "messenger"]), "opened_on": gen.day(), "snapshot_day": gen.day(),
    "followers": gen.count(), "share_pct": gen.rate(), "posts_last_7_days": gen.count(),
    "posts_per_week_plan": gen.count(),
}, ints=("followers", "posts_last_7_days", "posts_per_week_plan"))


@gen.PROPERTY
@gen.with_edges(HISTORY_ROW, measures=("followers", "posts"), dates=("day",))
@given(frame=history_frames, lang=st.sampled_from(LANGS))
def test_followers_builds_for_any_frame(frame, lang):
    """Any follower history (NULL or negative followers, future days) gives a valid spec."""
    build(charts.followers_over_time(frame, lang))


@gen.PROPERTY
@gen.with_edges(LATEST_ROW, measures=("followers", "share_pct", "posts_last_7_days", "posts_per_week_plan"),
                dates=("opened_on", "snapshot_day"))
@given(frame=latest_frames, lang=st.sampled_from(LANGS))
def test_share_builds_for_any_frame(frame, lang):
    """Any latest-followers frame (zero total, NULL or negative followers) gives a valid donut spec,
    and the donut draws only channels with followers."""
    spec = build(charts.follower_share(frame, lang))
    if marks(spec) == ["arc"]:
        assert all(r["followers"] > 0 for r in dataset(spec))


@gen.PROPERTY
@gen.with_edges(LATEST_ROW, measures=("followers", "share_pct", "posts_last_7_days", "posts_per_week_plan"),
                dates=("opened_on", "snapshot_day"))
@given(frame=latest_frames, lang=st.sampled_from(LANGS))
def test_posts_builds_for_any_frame(frame, lang):
    """Any latest-posts frame (no plan, NULL or zero posts) gives a valid spec."""
    build(charts.posts_against_plan(frame, lang))


# --- an empty database gives the no-data chart -------------------------------------------------


CHARTS = {  # title key -> the chart as its page builds it
    "sns.chart.followers": lambda f, lang: charts.followers_over_time(f.sns_history, lang),
    "sns.chart.share": lambda f, lang: charts.follower_share(f.sns_latest, lang),
    "sns.chart.posts": lambda f, lang: charts.posts_against_plan(f.sns_latest, lang),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("title_key", CHARTS)
def test_empty_database_gives_no_data_charts(empty_frames, title_key, lang):
    """Without SNS data every SNS chart says there is no data, titled in the language."""
    assert_no_data(CHARTS[title_key](empty_frames, lang), lang, title_key)
