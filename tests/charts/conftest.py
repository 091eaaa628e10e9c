"""Real query frames for the chart tests: the demo loaded once per session into a temporary SQLite database.

Each frame is fetched the way its page fetches it (office scope, the demo's as-of date 2016-08-10).
"""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pandas as pd
import pytest

from config.targets import execution_target_curve
from data_access import brand, budget, citizen_hall, complaints, migrate, sns
from data_access.db import make_engine
from loading.demo import DEMO_AS_OF, load_demo
from data_access.scope import Scope

AS_OF = DEMO_AS_OF
YEAR_START = dt.date(AS_OF.year, 1, 1)
HALL_OPENING = dt.date(2013, 1, 12)
SNS_MAIN_KINDS = ("sns", "blog")


@pytest.fixture(scope="session")
def chart_engine(tmp_path_factory):
    """A migrated SQLite database with the demo datasets the charts draw."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('charts') / 'demo.sqlite3'}")
    migrate.upgrade(engine)
    load_demo(engine, only=["budget", "complaints", "hall_visits", "brand_reach", "sns_followers"])
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def frames(chart_engine) -> SimpleNamespace:
    """Every frame a chart consumes, as its page queries it, from the demo data."""
    return query_frames(chart_engine)


@pytest.fixture(scope="session")
def empty_frames(tmp_path_factory) -> SimpleNamespace:
    """The same frames from a migrated database without any data (all empty, with their columns)."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('charts') / 'empty.sqlite3'}")
    migrate.upgrade(engine)
    yield query_frames(engine)
    engine.dispose()


def query_frames(e) -> SimpleNamespace:
    """Every frame a chart consumes, queried the way its page queries it (office scope)."""
    s, a = Scope.office(), AS_OF
    curve = pd.DataFrame(execution_target_curve(a.year), columns=["as_of", "execution_rate"])
    foreign = brand.foreign_reach(engine=e, scope=s, start=YEAR_START, end=a)
    history = sns.sns_followers_over_time(engine=e, scope=s, start=dt.date(a.year - 1, 1, 1), end=a)
    return SimpleNamespace(
        # budget
        by_division=budget.execution_by_division(engine=e, scope=s, as_of=a),
        trend=budget.execution_trend(engine=e, scope=s, as_of=a),
        target_curve=curve[curve["as_of"] <= a],
        composition=budget.composition(engine=e, scope=s, as_of=a),
        # complaints
        by_month=complaints.delay_rate_by_month(engine=e, scope=s, start=dt.date(a.year - 1, 1, 1), end=a),
        delay_by_division=complaints.delay_by_division(engine=e, scope=s, start=YEAR_START, end=a),
        delay_by_department=complaints.delay_by_department(engine=e, scope=s, start=YEAR_START, end=a),
        delay_by_channel=complaints.delay_by_channel(engine=e, scope=s, start=YEAR_START, end=a),
        volume=complaints.daily_volume(engine=e, scope=s, start=YEAR_START, end=a),
        signal=complaints.open_traffic_light(engine=e, scope=s, as_of=a, imminent_days=2),
        # citizen hall
        hall_monthly=citizen_hall.hall_monthly(engine=e, scope=s, start=YEAR_START, end=a),
        hall_daily=citizen_hall.hall_daily(engine=e, scope=s, start=YEAR_START, end=a),
        hall_cumulative=citizen_hall.hall_cumulative(engine=e, scope=s, start=HALL_OPENING, end=a),
        hall_heatmap=citizen_hall.hall_weekday_month(engine=e, scope=s, start=HALL_OPENING, end=a),
        # brand
        campaigns=brand.campaign_reach(engine=e, scope=s, start=YEAR_START, end=a),
        campaign_time=brand.campaign_reach_over_time(engine=e, scope=s, start=YEAR_START, end=a),
        foreign_site=foreign[foreign["kind"] == "site"],
        foreign_sns=foreign[foreign["kind"] == "sns"],
        foreign_time=brand.foreign_reach_over_time(engine=e, scope=s, start=YEAR_START, end=a),
        # sns
        sns_latest=sns.sns_latest(engine=e, scope=s, as_of=a, kinds=SNS_MAIN_KINDS),
        sns_history=history[history["kind"].isin(SNS_MAIN_KINDS)],
    )
