"""City-brand demo data: I·SEOUL·U campaigns with daily participants, foreign-language channels.

Calibrated to the 2016 report (as of 2016-08-10):
- 8 festival tie-ins of the city's bureaus from '16.5월 (kind 'festival'; 여성마라톤대회,
  한강몽땅축제, 2016 지구촌 나눔한마당 and five more) with 48,212 participants in all (약 48천명).
- 상하이 동방명주 서울 홍보부스 (kind 'overseas', 2016-08-01..07): 281,240 participants (약 28만명).
- Two I·SEOUL·U marketing campaigns (kind 'marketing') for history.
- Foreign-language channels, 2016-01-01 to the as-of date: 6 websites with 1,788,628 visits and
  2,933 items; 11 SNS channels with 25,724,111 views and 2,617 items.
Reach after the report date (a later as_of) continues at the report period's pace.
"""
from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert
from sqlalchemy.orm import Session

from loading.demo import DEMO_AS_OF
from loading.demo._alloc import allocate, days_between, noise, scatter
from data_access.models import BrandCampaign, BrandCampaignReach, ForeignChannel, ForeignChannelDaily

REPORT_DATE = DEMO_AS_OF
FOREIGN_START = dt.date(2016, 1, 1)
SEED = 20161028  # I·SEOUL·U was proclaimed on 2015-10-28

# code, kind, name_ko, name_en, start, end, participants to the report date
CAMPAIGNS = [
    ("isu_launch", "marketing", "I·SEOUL·U 브랜드 선포 기념 캠페인", "I·SEOUL·U brand launch campaign",
     dt.date(2015, 10, 28), dt.date(2015, 12, 31), 96_480),
    ("isu_gocheok", "marketing", "고척스카이돔 서울브랜드 홍보", "Seoul brand at Gocheok Sky Dome",
     dt.date(2016, 7, 1), dt.date(2016, 7, 31), 61_350),
    ("fest_women_marathon", "festival", "2016 서울여성마라톤대회", "2016 Seoul Women's Marathon",
     dt.date(2016, 5, 15), dt.date(2016, 5, 15), 11_860),
    ("fest_urban_farming", "festival", "2016 서울도시농업박람회", "2016 Seoul Urban Agriculture Expo",
     dt.date(2016, 5, 20), dt.date(2016, 5, 22), 6_540),
    ("fest_sports", "festival", "2016 서울시민 생활체육대축전", "2016 Seoul Sports-for-All Festival",
     dt.date(2016, 5, 28), dt.date(2016, 5, 29), 3_310),
    ("fest_bike_parade", "festival", "2016 서울자전거대행진", "2016 Seoul Bicycle Parade",
     dt.date(2016, 6, 5), dt.date(2016, 6, 5), 5_180),
    ("fest_global_sharing", "festival", "2016 지구촌 나눔한마당", "2016 Global Sharing Festival",
     dt.date(2016, 6, 11), dt.date(2016, 6, 12), 7_820),
    ("fest_drum", "festival", "2016 서울드럼페스티벌", "2016 Seoul Drum Festival",
     dt.date(2016, 6, 25), dt.date(2016, 6, 26), 4_090),
    ("fest_plaza_cinema", "festival", "서울광장 여름밤 영화제", "Seoul Plaza Summer Night Cinema",
     dt.date(2016, 7, 8), dt.date(2016, 7, 30), 2_960),
    ("fest_hangang", "festival", "2016 한강몽땅 여름축제", "2016 Hangang Summer Festival",
     dt.date(2016, 7, 22), dt.date(2016, 8, 21), 6_452),
    ("overseas_shanghai", "overseas", "상하이 동방명주 서울 홍보부스", "Seoul booth at Shanghai Oriental Pearl Tower",
     dt.date(2016, 8, 1), dt.date(2016, 8, 7), 281_240),
]
# Days a campaign actually ran within its span (None: every day).
EVENT_DAYS = {"fest_plaza_cinema": {4, 5}}  # Friday and Saturday evenings

# Foreign-language channels: code, kind, language, platform, name_ko, name_en, share of the kind's reach,
# share of the kind's items.
SITES = [
    ("site_en", "site", "en", "website", "영어 홈페이지", "English website", 0.52, 0.31),
    ("site_zh_cn", "site", "zh-CN", "website", "중국어(간체) 홈페이지", "Chinese (Simplified) website", 0.19, 0.21),
    ("site_ja", "site", "ja", "website", "일어 홈페이지", "Japanese website", 0.15, 0.18),
    ("site_zh_tw", "site", "zh-TW", "website", "중국어(번체) 홈페이지", "Chinese (Traditional) website", 0.07, 0.11),
    ("site_fr", "site", "fr", "website", "불어 홈페이지", "French website", 0.04, 0.104),
    ("site_es", "site", "es", "website", "스페인어 홈페이지", "Spanish website", 0.03, 0.096),
]
SNS = [
    ("sns_en_facebook", "sns", "en", "facebook", "영어 페이스북", "English Facebook", 0.21, 0.126),
    ("sns_en_twitter", "sns", "en", "twitter", "영어 트위터", "English Twitter", 0.052, 0.117),
    ("sns_en_instagram", "sns", "en", "instagram", "영어 인스타그램", "English Instagram", 0.061, 0.082),
    ("sns_en_youtube", "sns", "en", "youtube", "영어 유튜브", "English YouTube", 0.039, 0.021),
    ("sns_zh_weibo", "sns", "zh-CN", "weibo", "중국어 웨이보", "Chinese Weibo", 0.309, 0.158),
    ("sns_zh_wechat", "sns", "zh-CN", "wechat", "중국어 위챗", "Chinese WeChat", 0.081, 0.069),
    ("sns_zh_youku", "sns", "zh-CN", "youku", "중국어 요우쿠", "Chinese Youku", 0.029, 0.018),
    ("sns_zh_qq", "sns", "zh-CN", "tencent_weibo", "중국어 텐센트 웨이보", "Chinese Tencent Weibo", 0.048, 0.097),
    ("sns_zh_tw_facebook", "sns", "zh-TW", "facebook", "중국어(번체) 페이스북", "Chinese (Traditional) Facebook",
     0.071, 0.089),
    ("sns_ja_blog", "sns", "ja", "blog", "일어 블로그", "Japanese blog", 0.063, 0.122),
    ("sns_ja_twitter", "sns", "ja", "twitter", "일어 트위터", "Japanese Twitter", 0.047, 0.101),
]
FOREIGN_TOTALS = {  # kind: (reach, items) from FOREIGN_START to the report date
    "site": (1_788_628, 2_933),
    "sns": (25_724_111, 2_617),
}

MONTH_FACTOR = {1: 0.86, 2: 0.9, 3: 0.97, 4: 1.04, 5: 1.06, 6: 1.0, 7: 1.08, 8: 1.12, 9: 1.05,
                10: 1.1, 11: 0.98, 12: 0.95}


def _campaign_rows(rng: random.Random, as_of: dt.date) -> tuple[list[dict], list[dict]]:
    campaigns, reach = [], []
    for cid, (code, kind, ko, en, start, end, participants) in enumerate(CAMPAIGNS, start=1):
        campaigns.append({"id": cid, "code": code, "kind": kind, "name_ko": ko, "name_en": en,
                          "start_date": start, "end_date": end})
        run_days = [d for d in days_between(start, end)
                    if code not in EVENT_DAYS or d.weekday() in EVENT_DAYS[code]]
        calibrated = [d for d in run_days if d <= REPORT_DATE]
        weights = [(1.5 if d.weekday() >= 5 else 1.0) * noise(rng, 0.15) for d in run_days]
        counts = allocate(participants, weights[: len(calibrated)]) if calibrated else []
        pace = participants / sum(weights[: len(calibrated)]) if calibrated else 0.0
        counts += [round(w * pace) for w in weights[len(calibrated):]]
        reach += [{"campaign_id": cid, "day": d, "participants": n}
                  for d, n in zip(run_days, counts, strict=True) if d <= as_of]
    return campaigns, reach


def _foreign_rows(as_of: dt.date) -> tuple[list[dict], list[dict]]:
    channels, daily = [], []
    last_day = max(as_of, REPORT_DATE)
    days = list(days_between(FOREIGN_START, last_day))
    n_cal = sum(1 for d in days if d <= REPORT_DATE)
    cid = 0
    for kind, specs in (("site", SITES), ("sns", SNS)):
        total_reach, total_items = FOREIGN_TOTALS[kind]
        reach_split = allocate(total_reach, [s[6] for s in specs])
        item_split = allocate(total_items, [s[7] for s in specs])
        for spec, ch_reach, ch_items in zip(specs, reach_split, item_split, strict=True):
            cid += 1
            code, _kind, language, platform, ko, en = spec[:6]
            channels.append({"id": cid, "code": code, "kind": kind, "language": language,
                             "platform": platform, "name_ko": ko, "name_en": en})
            growth = 0.0006 if kind == "site" else 0.0012  # per day, compounding
            weekday = [1.08, 1.1, 1.07, 1.04, 0.98, 0.86, 0.87] if kind == "site" else \
                [0.97, 0.99, 1.0, 1.0, 1.02, 1.02, 1.0]
            # One generator per channel and series: a later as_of only appends days, never rewrites history.
            rng_reach = random.Random(f"{SEED}:{code}:reach")
            rng_items = random.Random(f"{SEED}:{code}:items")
            reach_w = [(1 + growth) ** i * weekday[d.weekday()] * MONTH_FACTOR[d.month] * noise(rng_reach, 0.12)
                       for i, d in enumerate(days)]
            item_w = [(1.0 if d.weekday() < 5 else 0.35) * noise(rng_items, 0.3) for d in days]
            reach = allocate(ch_reach, reach_w[:n_cal])
            items = scatter(random.Random(f"{SEED}:{code}:posting"), ch_items, item_w[:n_cal])
            if len(days) > n_cal:
                pace = ch_reach / sum(reach_w[:n_cal])
                reach += [round(w * pace) for w in reach_w[n_cal:]]
                later_items = round(ch_items * (len(days) - n_cal) / n_cal)
                items += scatter(random.Random(f"{SEED}:{code}:later"), later_items, item_w[n_cal:])
            daily += [{"channel_id": cid, "day": d, "reach": r, "items": n}
                      for d, r, n in zip(days, reach, items, strict=True) if d <= as_of]
    return channels, daily


def generate(as_of: dt.date) -> dict[str, list[dict]]:
    """Rows per table up to `as_of` (deterministic)."""
    rng = random.Random(SEED)
    campaigns, reach = _campaign_rows(rng, as_of)
    channels, daily = _foreign_rows(as_of)
    return {"campaigns": campaigns, "reach": reach, "channels": channels, "daily": daily}


def load(session: Session, *, as_of: dt.date) -> int:
    """Insert campaigns, their daily participants and the foreign-language channels; returns rows."""
    rows = generate(as_of)
    for model, key in ((BrandCampaign, "campaigns"), (BrandCampaignReach, "reach"),
                       (ForeignChannel, "channels"), (ForeignChannelDaily, "daily")):
        if rows[key]:
            session.execute(insert(model), rows[key])
    return sum(len(v) for v in rows.values())
