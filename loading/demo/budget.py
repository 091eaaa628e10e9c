"""The 2016 budget: hierarchy, leaf amounts in won and their monthly execution history.

Reproduces the report's "3 2016년 예산현황" and "2016년 예산편성 세부내역" (as of 2016-08-10).

- Hierarchy (fiscal year 2016): per division one policy goal (정책사업, level 'policy'), its unit
  programmes (level 'programme', parent = the policy goal) and one 기본경비(행정운영경비) row
  (level 'basic', category 'basic', no parent).
- Leaf amounts in integer won come from `data/budget_2016.csv`, made by
  `tools/solve_budget_2016.py`: the report prints 백만원 figures that are rounded, so the won
  amounts were solved (a linear feasibility problem) such that every printed row of the table -
  leaves, policy goals, divisions, 사업예산, 기본경비 and the office total - is reproduced by SUMs over
  the leaves, rounded half-up to 백만원, and every printed 집행률 by 집행액/예산현액.
- 예산현액 equals 예산액 except for 시민청 운영 및 확산, which carries the 2015 사고이월액
  (동남권역 시민청 조성비, 1,341백만원).
- History: one snapshot per leaf at each month end January-July 2016 and on the report date; 예산액 and
  예산현액 are constant, 집행액 is cumulative, non-decreasing and ends at the solved amount.
- 2015 totals by category (BudgetAnnualTotal) come from `data/budget_2015_totals.csv`.
- Past years (synthetic, for the year-end forecast's seasonal shape): fiscal years 2014 and 2015
  hold the same structure, each leaf with a snapshot at every month end to 31 December, except
  `NEW_PROGRAMMES` (new in 2016: no history, so no forecast). 2015's leaves sum to the 2015 totals
  by category exactly; 2014 gets its totals written from its leaves. Amounts follow 2016's at
  about -5% a year; each leaf ends its year 86-99% executed along its profile's seasonal path.
"""
from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from data_access.models import BudgetAnnualTotal, BudgetItem, BudgetSnapshot, Division

FISCAL_YEAR = 2016
REPORT_DATE = dt.date(2016, 8, 10)
DATA_DIR = Path(__file__).resolve().parent / "data"
LEAVES_CSV = DATA_DIR / "budget_2016.csv"
PRIOR_CSV = DATA_DIR / "budget_2015_totals.csv"
SEED = 20160810
HISTORY_YEARS = (2014, 2015)
HISTORY_SEED = 20151231
# Unit programmes new in 2016 (no past years): 주민청 조성 started with the 2016 participatory budget.
NEW_PROGRAMMES = frozenset({"civic.goal.07"})

# Execution profiles of the monthly history (see `execution_path`).
STEADY, FRONT, BACK, STEPS = "steady", "front", "back", "steps"

# division code -> (policy goal, [unit programmes], 기본경비), each (code suffix, Korean name, English name[, profile])
HIERARCHY: dict[str, dict] = {
    "civic": {
        "policy": ("goal", "시민과 함께하는 참여와 소통 시정구현",
                   "A participatory city government that communicates with citizens"),
        "programmes": [
            ("01", "언론매체를 통한 시정정보제공", "City information through the press and broadcast media", STEADY),
            ("02", "소통관리 및 시정정보제공", "Communication management and city information", STEADY),
            ("03", "시정여론조사 운영", "City public opinion surveys", BACK),
            ("04", "희망서울 재능나눔", "Hope Seoul talent sharing", STEADY),
            ("05", "시민청 운영 및 확산", "Citizens Hall operation and expansion", STEADY),
            ("06", "현장소통프로그램운영", "Field communication programmes", BACK),
            ("07", "구청사 활용 주민청 조성(주민참여예산)",
             "Residents' halls in former district offices (participatory budget)", STEPS),
            ("08", "서울시청방송운영", "Seoul City Hall broadcasting", STEADY),
            ("09", "시정영상물 제작·관리", "City video production and management", BACK),
            ("10", "시정종합 월간지 '서울사랑' 발간", "Monthly city magazine 'Seoul Sarang'", FRONT),
            ("11", "어린이신문 '내친구서울' 발간", "Children's newspaper 'My Friend Seoul'", FRONT),
            ("12", "서울특별시보 발행", "Seoul Metropolitan Government Gazette", STEADY),
        ],
    },
    "brand": {
        "policy": ("goal", "시민 자긍심 고취 및 도시경쟁력 제고",
                   "Civic pride and the city's competitiveness"),
        "programmes": [
            ("01", "시민주도형 서울브랜드 확산", "Citizen-led spread of the Seoul brand", STEADY),
            ("02", "서울시 도시브랜드 마케팅", "Seoul city brand marketing", FRONT),
        ],
    },
    "service": {
        "policy": ("goal", "시민중심의 민원행정서비스 제공", "Citizen-centred civil service administration"),
        "programmes": [
            ("01", "일반여권 발급업무 대행", "Ordinary passport issuance (agency work)", STEPS),
            ("02", "민원서비스 품질관리 및 시상", "Civil service quality management and awards", BACK),
            ("03", "통합민원 처리 및 열린민원실 운영",
             "Integrated complaint handling and the Open Complaints Office", STEADY),
            ("04", "120다산콜센터 운영", "120 Dasan Call Centre operation", STEADY),
            ("05", "120다산콜센터 관리 및 고도화", "120 Dasan Call Centre management and upgrade", FRONT),
            ("06", "민원제안통합관리시스템 운영", "Integrated complaint and proposal management system", FRONT),
        ],
    },
    "newmedia": {
        "policy": ("goal", "뉴미디어 활용 시민과의 소통 활성화", "Communicating with citizens through new media"),
        "programmes": [
            ("01", "소셜미디어를 통한 시민과의 소통활성화", "Communicating with citizens on social media", STEADY),
            ("02", "시민참여프로그램을 통한 시정공감대 확산",
             "Building consensus through citizen participation programmes", BACK),
            ("03", "소셜특별시 서울", "Social Special City Seoul", STEADY),
            ("04", "현장중심의 의견수렴 및 환류", "Field-based listening and feedback", STEADY),
            ("05", "뉴미디어 웹사이트 운영", "New media website operation", FRONT),
            ("06", "민간포털 협력마케팅", "Joint marketing with private portals", STEADY),
            ("07", "인터넷언론사 활용 시정안내", "City information through internet news outlets", STEADY),
            ("08", "모바일 등 다양한 매체활용정보제공", "Information through mobile and other media", STEADY),
            ("09", "뉴미디어용 콘텐츠 제작 및 활용", "New media content production and use", STEADY),
        ],
    },
    "rapid": {
        "policy": ("goal", "시민에게 감동을 주는 통합행정서비스 기반 구축",
                   "Integrated administrative services that win citizens' hearts"),
        "programmes": [
            ("01", "신속행정 현안조정 및 홍보", "Rapid administration: issue coordination and publicity", BACK),
            ("02", "시·구간 신속행정 협력체계 강화", "Stronger city-district rapid administration cooperation", BACK),
        ],
    },
}
BASIC_NAME = ("기본경비(행정운영경비)", "Basic expenses (administrative operations)")


def policy_code(division: str) -> str:
    return f"{division}.goal"


def programme_code(division: str, suffix: str) -> str:
    return f"{division}.goal.{suffix}"


def basic_code(division: str) -> str:
    return f"{division}.basic"


def leaves() -> list[dict]:
    """The leaf items (unit programmes and 기본경비 rows) in report order: code, division, level, profile."""
    out: list[dict] = []
    for division, spec in HIERARCHY.items():
        for suffix, ko, en, profile in spec["programmes"]:
            out.append({"code": programme_code(division, suffix), "division": division, "level": "programme",
                        "name_ko": ko, "name_en": en, "profile": profile})
        out.append({"code": basic_code(division), "division": division, "level": "basic",
                    "name_ko": BASIC_NAME[0], "name_en": BASIC_NAME[1], "profile": STEADY})
    return out


def snapshot_dates(as_of: dt.date = REPORT_DATE) -> list[dt.date]:
    """Month ends January-July 2016 and the report date, those not after `as_of`."""
    month_ends = [dt.date(FISCAL_YEAR, month + 1, 1) - dt.timedelta(days=1) for month in range(1, 8)]
    return [d for d in [*month_ends, REPORT_DATE] if d <= as_of]


def read_leaf_amounts() -> dict[str, tuple[int, int, int]]:
    """code -> (budget_won, current_budget_won, executed_won) on the report date."""
    with LEAVES_CSV.open(encoding="utf-8", newline="") as fh:
        return {row["code"]: (int(row["budget_won"]), int(row["current_budget_won"]), int(row["executed_won"]))
                for row in csv.DictReader(fh)}


def read_prior_totals() -> list[dict]:
    with PRIOR_CSV.open(encoding="utf-8", newline="") as fh:
        return [{"fiscal_year": int(r["fiscal_year"]), "category": r["category"], "budget_won": int(r["budget_won"])}
                for r in csv.DictReader(fh)]


def execution_path(final: int, current: int, dates: list[dt.date], profile: str,
                   rng: random.Random) -> list[int]:
    """Cumulative 집행액 on each of `dates` (the last being the report date), ending at `final`.

    steady: roughly even monthly payments; front: large early payments (contracts paid in advance);
    back: slow start; steps: a few lump-sum payments (e.g. 여권 발급 대행, 주민청 조성 reach 100%).
    Values are rounded down to 1,000 won (except the last) and never decrease.
    """
    horizon = (REPORT_DATE - dt.date(FISCAL_YEAR, 1, 1)).days + 1
    fractions: list[float] = []
    if profile == STEPS:
        # lump sums: e.g. 30% in March, 70% by May, everything by July
        first, second = rng.choice([(2, 4), (3, 5), (3, 6)])
        share_a, share_b = rng.uniform(0.2, 0.4), rng.uniform(0.6, 0.85)
        for d in dates:
            month = d.month if d != REPORT_DATE else 8
            fractions.append(0.0 if month < first else share_a if month < second else share_b if month < 7 else 1.0)
    else:
        power = {STEADY: rng.uniform(0.9, 1.15), FRONT: rng.uniform(0.45, 0.7), BACK: rng.uniform(1.5, 2.2)}[profile]
        for d in dates:
            x = ((d - dt.date(FISCAL_YEAR, 1, 1)).days + 1) / horizon
            fractions.append(min(1.0, x ** power * rng.uniform(0.93, 1.05)))
    path: list[int] = []
    level = 0
    for d, f in zip(dates, fractions):
        value = final if d == REPORT_DATE else min(final, int(final * f) // 1000 * 1000)
        level = max(level, value)
        path.append(level)
    assert path[-1] == final or dates[-1] != REPORT_DATE
    assert all(v <= current for v in path)
    return path


def history_fractions(profile: str, rng: random.Random) -> list[float]:
    """Cumulative share of the year's final 집행액 at each month end (12 values, the last 1.0)."""
    if profile == STEPS:
        first, second = rng.choice([(2, 4), (3, 5), (3, 6)])
        share_a, share_b = rng.uniform(0.2, 0.4), rng.uniform(0.6, 0.85)
        out = [0.0 if m < first else share_a if m < second else share_b if m < 7 else 1.0 for m in range(1, 13)]
    else:
        power = {STEADY: rng.uniform(0.9, 1.15), FRONT: rng.uniform(0.45, 0.7), BACK: rng.uniform(1.5, 2.2)}[profile]
        out = [min(1.0, (m / 12) ** power * rng.uniform(0.93, 1.05)) for m in range(1, 12)] + [1.0]
    return [max(out[: i + 1]) for i in range(12)]  # non-decreasing


def load_history(session: Session, *, as_of: dt.date, division_ids: dict[str, int]) -> int:
    """Fiscal years HISTORY_YEARS (before `as_of`'s year): items and month-end snapshots; returns rows."""
    rng = random.Random(HISTORY_SEED)
    amounts = read_leaf_amounts()
    known = {(r["fiscal_year"], r["category"]): r["budget_won"] for r in read_prior_totals()}
    rows = 0
    for year in HISTORY_YEARS:
        if year >= as_of.year:
            continue
        ago = FISCAL_YEAR - year
        policies: dict[str, BudgetItem] = {}
        for order, (division, spec) in enumerate(HIERARCHY.items(), start=1):
            _suffix, ko, en = spec["policy"]
            policies[division] = BudgetItem(fiscal_year=year, code=policy_code(division),
                                            division_id=division_ids[division], parent_id=None, level="policy",
                                            category="programme", name_ko=ko, name_en=en, sort_order=order)
        session.add_all(policies.values())
        session.flush()
        mine = [leaf for leaf in leaves() if leaf["code"] not in NEW_PROGRAMMES]
        raw = {leaf["code"]: amounts[leaf["code"]][0] * 0.95 ** ago * rng.uniform(0.9, 1.1) for leaf in mine}
        won: dict[str, int] = {}
        for category, level in (("programme", "programme"), ("basic", "basic")):
            codes = [leaf["code"] for leaf in mine if leaf["level"] == level]
            total = known.get((year, category)) or int(sum(raw[c] for c in codes)) // 1000 * 1000
            scale = total / sum(raw[c] for c in codes)
            parts = {c: int(raw[c] * scale) // 1000 * 1000 for c in codes}
            parts[max(codes, key=parts.get)] += total - sum(parts.values())  # exact total
            won.update(parts)
            if (year, category) not in known:
                session.add(BudgetAnnualTotal(fiscal_year=year, category=category, budget_won=total))
                rows += 1
        items: dict[str, BudgetItem] = {}
        for order, leaf in enumerate(mine, start=1):
            is_basic = leaf["level"] == "basic"
            items[leaf["code"]] = BudgetItem(
                fiscal_year=year, code=leaf["code"], division_id=division_ids[leaf["division"]],
                parent_id=None if is_basic else policies[leaf["division"]].id, level=leaf["level"],
                category="basic" if is_basic else "programme", name_ko=leaf["name_ko"], name_en=leaf["name_en"],
                sort_order=order)
        session.add_all(items.values())
        session.flush()
        snapshots = []
        for leaf in mine:
            budget = won[leaf["code"]]
            final = int(budget * rng.uniform(0.86, 0.99)) // 1000 * 1000
            for month, share in enumerate(history_fractions(leaf["profile"], rng), start=1):
                day = dt.date(year, 12, 31) if month == 12 else dt.date(year, month + 1, 1) - dt.timedelta(days=1)
                executed = final if month == 12 else min(final, int(final * share) // 1000 * 1000)
                snapshots.append({"item_id": items[leaf["code"]].id, "as_of": day, "budget_won": budget,
                                  "current_budget_won": budget, "executed_won": executed})
        session.execute(insert(BudgetSnapshot), snapshots)
        rows += len(policies) + len(items) + len(snapshots)
    return rows


def load(session: Session, *, as_of: dt.date) -> int:
    """Insert the 2016 budget items, their snapshots up to `as_of` and the 2015 totals; returns rows."""
    rng = random.Random(SEED)
    amounts = read_leaf_amounts()
    division_ids = dict(session.execute(select(Division.code, Division.id)).all())
    policies: dict[str, BudgetItem] = {}
    for order, (division, spec) in enumerate(HIERARCHY.items(), start=1):
        _suffix, ko, en = spec["policy"]
        policies[division] = BudgetItem(fiscal_year=FISCAL_YEAR, code=policy_code(division),
                                        division_id=division_ids[division], parent_id=None, level="policy",
                                        category="programme", name_ko=ko, name_en=en, sort_order=order)
    session.add_all(policies.values())
    session.flush()
    leaf_items: dict[str, BudgetItem] = {}
    for order, leaf in enumerate(leaves(), start=1):
        is_basic = leaf["level"] == "basic"
        leaf_items[leaf["code"]] = BudgetItem(
            fiscal_year=FISCAL_YEAR, code=leaf["code"], division_id=division_ids[leaf["division"]],
            parent_id=None if is_basic else policies[leaf["division"]].id, level=leaf["level"],
            category="basic" if is_basic else "programme", name_ko=leaf["name_ko"], name_en=leaf["name_en"],
            sort_order=order)
    session.add_all(leaf_items.values())
    session.flush()

    dates = snapshot_dates(as_of)
    snapshots: list[dict] = []
    for leaf in leaves():
        budget, current, executed = amounts[leaf["code"]]
        path = execution_path(executed, current, snapshot_dates(), leaf["profile"], rng)
        for day, value in zip(snapshot_dates(), path):
            if day in dates:
                snapshots.append({"item_id": leaf_items[leaf["code"]].id, "as_of": day, "budget_won": budget,
                                  "current_budget_won": current, "executed_won": value})
    if snapshots:
        session.execute(insert(BudgetSnapshot), snapshots)
    prior = read_prior_totals()
    session.execute(insert(BudgetAnnualTotal), prior)
    history = load_history(session, as_of=as_of, division_ids=division_ids)
    return len(policies) + len(leaf_items) + len(snapshots) + len(prior) + history
