"""City-brand figures of the 2016 report (campaigns, foreign-language channels) on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pytest

from data_access import brand
from data_access.scope import Scope
from tests.data_access.subset import demo_subset

AS_OF = dt.date(2016, 8, 10)
YEAR_START = dt.date(2016, 1, 1)
OFFICE = Scope.office()

engine = demo_subset(["brand_reach"], "brand")


@pytest.fixture(scope="module")
def festivals(engine):
    return brand.campaign_reach(engine=engine, scope=OFFICE, start=YEAR_START, end=AS_OF, kind="festival")


def test_eight_festival_tie_ins(festivals):
    """8 bureau festivals from '16.5월, including the three the report names."""
    assert len(festivals) == 8
    assert min(festivals["start_date"]) >= dt.date(2016, 5, 1)
    names = " ".join(festivals["name_ko"])
    for name in ("여성마라톤대회", "한강몽땅", "지구촌 나눔한마당"):
        assert name in names


def test_festival_participants_about_48_thousand(festivals):
    """약 48천명 took part in the festival tie-ins."""
    assert round(festivals["participants"].sum() / 1000) == 48


def test_shanghai_booth_about_280_thousand(engine):
    """상하이 동방명주 서울 홍보부스 ('16.8월): 약 28만명."""
    overseas = brand.campaign_reach(engine=engine, scope=OFFICE, start=YEAR_START, end=AS_OF, kind="overseas")
    assert len(overseas) == 1
    row = overseas.iloc[0]
    assert "상하이" in row["name_ko"] and row["start_date"].strftime("%Y-%m") == "2016-08"
    assert round(row["participants"] / 10_000) == 28


def test_reach_by_kind_matches_campaigns(engine):
    """campaign_reach_by_kind adds the campaigns up per kind, with marketing history too."""
    by_kind = brand.campaign_reach_by_kind(engine=engine, scope=OFFICE, start=dt.date(2015, 1, 1), end=AS_OF)
    campaigns = brand.campaign_reach(engine=engine, scope=OFFICE, start=dt.date(2015, 1, 1), end=AS_OF)
    assert set(by_kind["kind"]) == {"festival", "overseas", "marketing"}
    expected = campaigns.groupby("kind")["participants"].sum().to_dict()
    assert dict(zip(by_kind["kind"], by_kind["participants"])) == expected
    assert dict(zip(by_kind["kind"], by_kind["campaigns"]))["festival"] == 8


def test_campaign_reach_over_time_adds_up(engine, festivals):
    """Monthly festival participants add up to the festival total, from May 2016."""
    monthly = brand.campaign_reach_over_time(engine=engine, scope=OFFICE, start=YEAR_START, end=AS_OF,
                                             kind="festival")
    assert monthly["participants"].sum() == festivals["participants"].sum()
    assert monthly[["year", "month"]].values.tolist() == [[2016, 5], [2016, 6], [2016, 7], [2016, 8]]


def test_reach_stops_at_the_range_end(engine):
    """A campaign running past the range counts only the days in it (한강몽땅 to 2016-08-10)."""
    to_july = brand.campaign_reach(engine=engine, scope=OFFICE, start=YEAR_START, end=dt.date(2016, 7, 31))
    to_as_of = brand.campaign_reach(engine=engine, scope=OFFICE, start=YEAR_START, end=AS_OF)
    july = dict(zip(to_july["code"], to_july["participants"]))
    later = dict(zip(to_as_of["code"], to_as_of["participants"]))
    assert 0 < july["fest_hangang"] < later["fest_hangang"]
    assert "overseas_shanghai" not in july


def test_foreign_sites_totals(engine):
    """6 foreign-language sites: 방문수 1,788,628명, 정보제공 2,933건 (2016-01-01 to 2016-08-10)."""
    totals = brand.foreign_totals(engine=engine, scope=OFFICE, start=YEAR_START, end=AS_OF)
    site = totals.set_index("kind").loc["site"]
    assert (site["channels"], site["reach"], site["items"]) == (6, 1_788_628, 2_933)


def test_foreign_sns_totals(engine):
    """11 foreign-language SNS channels: 조회건수 25,724,111건, 정보제공 2,617건."""
    totals = brand.foreign_totals(engine=engine, scope=OFFICE, start=YEAR_START, end=AS_OF)
    sns = totals.set_index("kind").loc["sns"]
    assert (sns["channels"], sns["reach"], sns["items"]) == (11, 25_724_111, 2_617)


def test_foreign_site_languages(engine):
    """The sites are 영어, 중국어 간체, 일어, 중국어 번체, 불어, 스페인어."""
    sites = brand.foreign_reach(engine=engine, scope=OFFICE, start=YEAR_START, end=AS_OF, kind="site")
    assert sorted(sites["language"]) == sorted(["en", "zh-CN", "ja", "zh-TW", "fr", "es"])
    assert sites["reach"].sum() == 1_788_628


def test_foreign_sns_channels_by_language(engine):
    """SNS: 영어 4 (incl. Facebook), 중국어 5 (incl. Weibo), 일어 2 (incl. a blog)."""
    sns = brand.foreign_reach(engine=engine, scope=OFFICE, start=YEAR_START, end=AS_OF, kind="sns")
    chinese = sns[sns["language"].str.startswith("zh")]
    english, japanese = sns[sns["language"] == "en"], sns[sns["language"] == "ja"]
    assert (len(english), len(chinese), len(japanese)) == (4, 5, 2)
    assert "facebook" in set(english["platform"]) and "weibo" in set(chinese["platform"])
    assert "blog" in set(japanese["platform"])
    assert (sns["reach"].sum(), sns["items"].sum()) == (25_724_111, 2_617)


def test_foreign_period_starts_in_2016(engine):
    """The foreign-language figures' period begins on 2016-01-01: nothing earlier is on record."""
    before = brand.foreign_reach(engine=engine, scope=OFFICE, start=dt.date(2000, 1, 1),
                                 end=dt.date(2015, 12, 31))
    assert before.empty
    first_day = brand.foreign_totals(engine=engine, scope=OFFICE, start=YEAR_START, end=YEAR_START)
    assert first_day["channels"].sum() == 17


def test_foreign_over_time_adds_up(engine):
    """Monthly reach per kind adds up to the period totals."""
    monthly = brand.foreign_reach_over_time(engine=engine, scope=OFFICE, start=YEAR_START, end=AS_OF)
    sums = monthly.groupby("kind")[["reach", "items"]].sum()
    assert sums.loc["site"].tolist() == [1_788_628, 2_933]
    assert sums.loc["sns"].tolist() == [25_724_111, 2_617]
    assert len(monthly) == 16


def test_brand_scope_sees_everything(engine):
    """A brand division head sees the same totals as the office."""
    own = brand.foreign_totals(engine=engine, scope=Scope("brand"), start=YEAR_START, end=AS_OF)
    assert own["reach"].sum() == 1_788_628 + 25_724_111


def test_other_division_gets_empty_frames(engine):
    """Another division's scope gets empty frames, not an error."""
    other = Scope("civic")
    frames = [
        brand.campaign_reach(engine=engine, scope=other, start=YEAR_START, end=AS_OF),
        brand.campaign_reach_by_kind(engine=engine, scope=other, start=YEAR_START, end=AS_OF),
        brand.campaign_reach_over_time(engine=engine, scope=other, start=YEAR_START, end=AS_OF),
        brand.foreign_reach(engine=engine, scope=other, start=YEAR_START, end=AS_OF),
        brand.foreign_totals(engine=engine, scope=other, start=YEAR_START, end=AS_OF),
        brand.foreign_reach_over_time(engine=engine, scope=other, start=YEAR_START, end=AS_OF),
    ]
    assert all(frame.empty for frame in frames)


def test_empty_database(empty_engine):
    """An empty database gives empty frames with their columns."""
    cases = [
        (brand.campaign_reach(engine=empty_engine, scope=OFFICE, start=YEAR_START, end=AS_OF),
         brand.CAMPAIGN_COLUMNS),
        (brand.campaign_reach_by_kind(engine=empty_engine, scope=OFFICE, start=YEAR_START, end=AS_OF),
         brand.CAMPAIGN_KIND_COLUMNS),
        (brand.campaign_reach_over_time(engine=empty_engine, scope=OFFICE, start=YEAR_START, end=AS_OF),
         brand.CAMPAIGN_TIME_COLUMNS),
        (brand.foreign_reach(engine=empty_engine, scope=OFFICE, start=YEAR_START, end=AS_OF),
         brand.FOREIGN_COLUMNS),
        (brand.foreign_totals(engine=empty_engine, scope=OFFICE, start=YEAR_START, end=AS_OF),
         brand.FOREIGN_TOTAL_COLUMNS),
        (brand.foreign_reach_over_time(engine=empty_engine, scope=OFFICE, start=YEAR_START, end=AS_OF),
         brand.FOREIGN_TIME_COLUMNS),
    ]
    for frame, columns in cases:
        assert frame.empty and list(frame.columns) == columns


def test_generator_deterministic_and_history_stable():
    """The generator is deterministic, and a later as-of date keeps every earlier row."""
    from loading.demo import brand as demo

    rows = demo.generate(AS_OF)
    assert demo.generate(AS_OF) == rows
    later = demo.generate(dt.date(2016, 12, 31))
    for key in ("reach", "daily"):
        assert {tuple(r.values()) for r in rows[key]} <= {tuple(r.values()) for r in later[key]}
    assert max(r["day"] for r in later["daily"]) == dt.date(2016, 12, 31)
