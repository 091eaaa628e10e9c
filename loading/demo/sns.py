"""The city's Korean-language SNS demo data: channels and daily follower/post snapshots.

Calibrated to the report's SNS table at 2016-08-10 (친구수 rounded to 천명 there):
카카오스토리 158,214 ('13.5, 10개/주), 페이스북 284,391 ('11.3, 10/주), 트위터 85,127 ('09.12, 15/주),
인스타그램 80,436 ('14.6, 5/주), 폴라 1,046 ('15.6, 5/주), 블로그 서울나들이(Naver) 681,302
('09.11, 10/주), and the 카카오톡 플러스친구 (kind 'messenger') 290,415 members (회원수 29만명).
The report gives opening months only; opened_on is the 1st of that month.
Snapshots run daily from 2015-01-01 (or the opening day, if later) to the as-of date; the posts of
the 7 days ending on the report date equal each channel's weekly plan.
"""
from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert
from sqlalchemy.orm import Session

from loading.demo import DEMO_AS_OF
from loading.demo._alloc import allocate, days_between, noise, scatter
from data_access.models import SnsChannel, SnsSnapshot

REPORT_DATE = DEMO_AS_OF
HISTORY_START = dt.date(2015, 1, 1)
SEED = 20091101

# code, kind, platform, name_ko, name_en, opened_on, posts/week plan, followers at the report
# date, followers at HISTORY_START (or at opening), growth shape (>1 accelerating, <1 slowing)
CHANNELS = [
    ("kakaostory", "sns", "kakaostory", "카카오스토리", "KakaoStory", dt.date(2013, 5, 1), 10, 158_214, 118_300, 0.9),
    ("facebook", "sns", "facebook", "페이스북", "Facebook", dt.date(2011, 3, 1), 10, 284_391, 226_800, 1.0),
    ("twitter", "sns", "twitter", "트위터", "Twitter", dt.date(2009, 12, 1), 15, 85_127, 81_950, 0.7),
    ("instagram", "sns", "instagram", "인스타그램", "Instagram", dt.date(2014, 6, 1), 5, 80_436, 21_400, 1.4),
    ("pola", "sns", "pola", "폴라", "Pola", dt.date(2015, 6, 1), 5, 1_046, 12, 0.8),
    ("blog_seoul_outing", "blog", "naver_blog", "서울나들이 (네이버 블로그)", "Seoul Outing (Naver blog)",
     dt.date(2009, 11, 1), 10, 681_302, 571_600, 1.0),
    ("kakaotalk_plusfriend", "messenger", "kakaotalk", "카카오톡 플러스친구 '서울시'", "KakaoTalk Plus Friend 'Seoul'",
     dt.date(2014, 3, 1), None, 290_415, 176_200, 1.1),
]
MESSENGER_POSTS_PER_WEEK = 2  # the messenger has no plan; it sends about two messages a week
POST_WEEKDAY = [1.0, 1.0, 1.0, 1.0, 1.0, 0.45, 0.4]


def _follower_series(rng: random.Random, days: list[dt.date], n_cal: int, first: int, last: int,
                     shape: float) -> list[int]:
    """Followers at the end of each day: `first` on days[0], `last` on days[n_cal-1], then the same pace."""
    weights = []
    for i, day in enumerate(days):
        w = (1 + i / max(1, n_cal)) ** (shape * 2 - 2) * (1.15 if day.weekday() < 5 else 0.9) * noise(rng, 0.25, 0.05)
        if rng.random() < 0.012:  # a post that went viral
            w *= rng.uniform(3, 7)
        weights.append(w)
    gains = [0] + allocate(last - first, weights[1:n_cal])
    pace = (last - first) / sum(weights[1:n_cal])
    gains += [round(w * pace) for w in weights[n_cal:]]
    followers, level = [], first
    for gain in gains:
        level += gain
        followers.append(level)
    return followers


def _post_series(rng: random.Random, days: list[dt.date], plan: int) -> list[int]:
    """Posts per day in 7-day blocks aligned on the report date; the block ending on it equals `plan`."""
    posts = [0] * len(days)
    index = {d: i for i, d in enumerate(days)}
    # block k covers REPORT_DATE + 7k - 6 .. REPORT_DATE + 7k
    k_min = -((REPORT_DATE - days[0]).days // 7) - 1
    k_max = (days[-1] - REPORT_DATE).days // 7 + 1
    for k in range(k_min, k_max + 1):
        block_end = REPORT_DATE + dt.timedelta(days=7 * k)
        block = [block_end - dt.timedelta(days=6 - j) for j in range(7)]
        inside = [d for d in block if d in index]
        if not inside:
            continue
        count = plan if k == 0 else max(0, round(plan * noise(rng, 0.18) * len(inside) / 7))
        for d, n in zip(inside, scatter(rng, count, [POST_WEEKDAY[d.weekday()] for d in inside]), strict=True):
            posts[index[d]] = n
    return posts


def generate(as_of: dt.date) -> tuple[list[dict], list[dict]]:
    """Channel rows and daily snapshot rows up to `as_of` (deterministic)."""
    channels, snapshots = [], []
    last_day = max(as_of, REPORT_DATE)
    for cid, (code, kind, platform, ko, en, opened, plan, last, first, shape) in enumerate(CHANNELS, start=1):
        channels.append({"id": cid, "code": code, "kind": kind, "platform": platform, "language": "ko",
                         "name_ko": ko, "name_en": en, "opened_on": opened, "posts_per_week_plan": plan})
        days = list(days_between(max(HISTORY_START, opened), last_day))
        n_cal = sum(1 for d in days if d <= REPORT_DATE)
        # One generator per channel and series: a later as_of only appends days, never rewrites history.
        followers = _follower_series(random.Random(f"{SEED}:{code}:followers"), days, n_cal, first, last, shape)
        posts = _post_series(random.Random(f"{SEED}:{code}:posts"), days,
                             plan if plan is not None else MESSENGER_POSTS_PER_WEEK)
        snapshots += [{"channel_id": cid, "day": d, "followers": f, "posts": p}
                      for d, f, p in zip(days, followers, posts, strict=True) if d <= as_of]
    return channels, snapshots


def load(session: Session, *, as_of: dt.date) -> int:
    """Insert the SNS channels and their daily snapshots up to `as_of`; returns the rows written."""
    channels, snapshots = generate(as_of)
    session.execute(insert(SnsChannel), channels)
    if snapshots:
        session.execute(insert(SnsSnapshot), snapshots)
    return len(channels) + len(snapshots)
