"""The report's SNS table and 플러스친구 figure at 2016-08-10, on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data_access import sns
from data_access.scope import Scope
from tests.data_access.subset import demo_subset

AS_OF = dt.date(2016, 8, 10)
OFFICE = Scope.office()

# code: (followers rounded to 천명, opened 'yy.m, posts per week) — the report's table
REPORT_TABLE = {
    "kakaostory": (158, "2013-05", 10),
    "facebook": (284, "2011-03", 10),
    "twitter": (85, "2009-12", 15),
    "instagram": (80, "2014-06", 5),
    "pola": (1, "2015-06", 5),
    "blog_seoul_outing": (681, "2009-11", 10),
}

engine = demo_subset(["sns_followers"], "sns")


@pytest.fixture(scope="module")
def latest(engine):
    return sns.sns_latest(engine=engine, scope=OFFICE, as_of=AS_OF).set_index("code")


def test_followers_round_to_the_report(latest):
    """Each channel's 친구수 rounds to the report's 천명 figure."""
    for code, (thousands, _, _) in REPORT_TABLE.items():
        assert round(latest.loc[code, "followers"] / 1000) == thousands, code


def test_plus_friend_members(latest):
    """카카오톡 플러스친구 (kind 'messenger') has 29만명 members."""
    messenger = latest[latest["kind"] == "messenger"]
    assert len(messenger) == 1
    assert round(messenger["followers"].iloc[0] / 10_000) == 29


def test_opening_months_and_kinds(latest):
    """Opening months match the table; five SNS and one blog."""
    for code, (_, opened, _) in REPORT_TABLE.items():
        assert latest.loc[code, "opened_on"].strftime("%Y-%m") == opened, code
    assert latest.loc[list(REPORT_TABLE), "kind"].value_counts().to_dict() == {"sns": 5, "blog": 1}


def test_posts_last_week_equal_plan(latest):
    """Posts in the 7 days to 2016-08-10 equal each channel's weekly plan."""
    for code, (_, _, plan) in REPORT_TABLE.items():
        assert latest.loc[code, "posts_per_week_plan"] == plan
        assert latest.loc[code, "posts_last_7_days"] == plan, code
    assert pd.isna(latest.loc["kakaotalk_plusfriend", "posts_per_week_plan"])


def test_shares_sum_to_100(engine, latest):
    """share_pct is each channel's part of the returned total, also with a kinds filter."""
    assert latest["share_pct"].sum() == pytest.approx(100.0)
    table = sns.sns_latest(engine=engine, scope=OFFICE, as_of=AS_OF, kinds=["sns", "blog"])
    assert set(table["code"]) == set(REPORT_TABLE)
    assert table["share_pct"].sum() == pytest.approx(100.0)
    blog = table.set_index("code").loc["blog_seoul_outing"]
    assert blog["share_pct"] == pytest.approx(blog["followers"] * 100 / table["followers"].sum())


def test_latest_snapshot_on_or_before_as_of(engine):
    """sns_latest at a date takes each channel's snapshot of that day."""
    earlier = sns.sns_latest(engine=engine, scope=OFFICE, as_of=dt.date(2015, 3, 1)).set_index("code")
    assert "pola" not in earlier.index  # opened 2015-06
    assert set(earlier["snapshot_day"]) == {dt.date(2015, 3, 1)}


def test_daily_snapshots_from_2015_or_opening(engine):
    """Snapshots are daily, from 2015-01-01 (or the opening day, if later) to the as-of date."""
    history = sns.sns_followers_over_time(engine=engine, scope=OFFICE, start=dt.date(2000, 1, 1), end=AS_OF)
    for code, days in history.groupby("code")["day"]:
        first = dt.date(2015, 6, 1) if code == "pola" else dt.date(2015, 1, 1)
        assert days.min() == first and days.max() == AS_OF, code
        assert len(days) == (AS_OF - first).days + 1, code


def test_followers_grow(engine):
    """Every channel has more followers at the as-of date than a year before."""
    growth = sns.sns_growth(engine=engine, scope=OFFICE, as_of=AS_OF, days=365)
    assert len(growth) == 7
    assert (growth["growth"] > 0).all() and (growth["growth_pct"] > 0).all()
    row = growth.iloc[0]
    assert row["growth"] == row["followers"] - row["base_followers"]
    assert row["base_day"] == AS_OF - dt.timedelta(days=365)


def test_growth_without_base_is_missing(engine):
    """A channel opened after the base date has no growth rate (폴라 over 500 days)."""
    growth = sns.sns_growth(engine=engine, scope=OFFICE, as_of=AS_OF, days=500).set_index("code")
    assert pd.isna(growth.loc["pola", "growth_pct"]) and pd.isna(growth.loc["pola", "base_followers"])
    assert growth.loc["facebook", "growth_pct"] > 0


def test_growth_needs_positive_days(engine):
    """sns_growth refuses a non-positive window."""
    with pytest.raises(ValueError):
        sns.sns_growth(engine=engine, scope=OFFICE, as_of=AS_OF, days=0)


def test_followers_over_time_channel_filter(engine):
    """sns_followers_over_time keeps only the requested channels."""
    frame = sns.sns_followers_over_time(engine=engine, scope=OFFICE, start=dt.date(2016, 8, 1), end=AS_OF,
                                        channels=["facebook", "pola"])
    assert set(frame["code"]) == {"facebook", "pola"} and len(frame) == 20
    assert frame[frame["day"] == AS_OF].set_index("code").loc["facebook", "followers"] == 284_391


def test_followers_over_time_rows_carry_their_channel(engine, latest):
    """Every row's code and names are its channel's; rows are ordered by day, then channel id."""
    history = sns.sns_followers_over_time(engine=engine, scope=OFFICE, start=dt.date(2016, 7, 1), end=AS_OF)
    channels = latest.reset_index().set_index("channel_id")
    for column in ("code", "name_ko", "name_en", "kind"):
        assert list(history[column]) == list(channels.loc[history["channel_id"], column]), column
    keys = list(zip(history["day"], history["channel_id"], strict=True))
    assert keys == sorted(keys) and len(set(keys)) == len(keys) == 41 * len(channels)
    assert list(history.columns) == sns.OVER_TIME_COLUMNS
    assert history.dtypes.astype(str).to_dict() == {"day": "object", "channel_id": "int64", "code": "str",
                                                    "name_ko": "str", "name_en": "str", "kind": "str",
                                                    "followers": "int64", "posts": "int64"}
    assert isinstance(history["day"].iloc[0], dt.date)


def test_newmedia_scope_sees_channels(engine, latest):
    """A 뉴미디어담당관 scope sees the same table as the office."""
    own = sns.sns_latest(engine=engine, scope=Scope("newmedia"), as_of=AS_OF)
    assert own.set_index("code")["followers"].equals(latest["followers"])


def test_other_division_gets_empty_frames(engine):
    """Another division's scope gets empty frames, not an error."""
    other = Scope("rapid")
    assert sns.sns_latest(engine=engine, scope=other, as_of=AS_OF).empty
    assert sns.sns_followers_over_time(engine=engine, scope=other, start=AS_OF, end=AS_OF).empty
    assert sns.sns_growth(engine=engine, scope=other, as_of=AS_OF, days=30).empty


def test_empty_database(empty_engine):
    """An empty database gives empty frames with their columns."""
    cases = [
        (sns.sns_latest(engine=empty_engine, scope=OFFICE, as_of=AS_OF), sns.LATEST_COLUMNS),
        (sns.sns_followers_over_time(engine=empty_engine, scope=OFFICE, start=AS_OF, end=AS_OF),
         sns.OVER_TIME_COLUMNS),
        (sns.sns_growth(engine=empty_engine, scope=OFFICE, as_of=AS_OF, days=30), sns.GROWTH_COLUMNS),
    ]
    for frame, columns in cases:
        assert frame.empty and list(frame.columns) == columns


def test_generator_deterministic_and_history_stable():
    """The generator is deterministic, and a later as-of date keeps every earlier snapshot."""
    from loading.demo import sns as demo

    channels, snapshots = demo.generate(AS_OF)
    assert demo.generate(AS_OF) == (channels, snapshots)
    _, later = demo.generate(dt.date(2016, 12, 31))
    assert {tuple(r.values()) for r in snapshots} <= {tuple(r.values()) for r in later}
    assert max(r["day"] for r in later) == dt.date(2016, 12, 31)
