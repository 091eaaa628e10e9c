"""Budget queries against the demo data: every figure of the report's budget tables, on SQLite and PostgreSQL.

Figures are checked as the report prints them: won amounts rounded half-up to 백만원, rates rounded
half-up to two decimals (shares to one). Where the report's own figures are inconsistent the
computed value is pinned and the printed one noted:
- 신속행정담당관 share: printed 4.5%, 188 / 41,018 = 0.46%.
- 구성별 증감: printed 4,644 and 4,616, 41,018 - 36,372 = 4,646 and 40,350 - 35,732 = 4,618.
- 신속행정담당관 집행률 25.77% and its 기본경비 40.55%: no amounts reproduce both together with the
  printed 49/188 and 15/35 and the other rapid rows (tools/solve_budget_2016.py); computed 25.85% and 41.07%.
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest
from sqlalchemy import select

from data_access import budget as B
from data_access.models import BudgetItem, BudgetSnapshot
from data_access.scope import Scope, ScopeError
from tests.data_access.subset import demo_subset

AS_OF = dt.date(2016, 8, 10)
OFFICE = Scope.office()

# The report's "2016년 예산편성 세부내역" (2016-08-10), in report order:
# (row_key, level, 부서/사업명, 예산액, 예산현액, 집행액 in 백만원, 집행률 %)
DETAIL = [
    ("office", "office", "시민소통기획관 예산 합계", 41_018, 42_360, 22_481, "53.07"),
    ("office.programme", "office_category", "사업예산", 40_350, 41_692, 22_089, "52.98"),
    ("office.basic", "office_category", "기본경비(행정운영경비)", 668, 668, 392, "58.68"),
    ("civic", "division", "시민소통담당관", 12_198, 13_540, 6_135, "45.31"),
    ("civic.goal", "policy", "시민과 함께하는 참여와 소통 시정구현", 11_741, 13_082, 5_840, "44.64"),
    ("civic.goal.01", "programme", "언론매체를 통한 시정정보제공", 2_917, 2_917, 962, "32.99"),
    ("civic.goal.02", "programme", "소통관리 및 시정정보제공", 2_607, 2_607, 1_125, "43.15"),
    ("civic.goal.03", "programme", "시정여론조사 운영", 355, 355, 126, "35.39"),
    ("civic.goal.04", "programme", "희망서울 재능나눔", 15, 15, 6, "40.00"),
    ("civic.goal.05", "programme", "시민청 운영 및 확산", 3_123, 4_464, 1_476, "33.07"),
    ("civic.goal.06", "programme", "현장소통프로그램운영", 87, 87, 23, "25.90"),
    ("civic.goal.07", "programme", "구청사 활용 주민청 조성(주민참여예산)", 750, 750, 750, "100.00"),
    ("civic.goal.08", "programme", "서울시청방송운영", 159, 159, 98, "61.53"),
    ("civic.goal.09", "programme", "시정영상물 제작·관리", 381, 381, 128, "33.63"),
    ("civic.goal.10", "programme", "시정종합 월간지 '서울사랑' 발간", 944, 944, 793, "84.01"),
    ("civic.goal.11", "programme", "어린이신문 '내친구서울' 발간", 343, 343, 320, "93.37"),
    ("civic.goal.12", "programme", "서울특별시보 발행", 60, 60, 33, "54.31"),
    ("civic.basic", "basic", "기본경비(행정운영경비)", 458, 458, 295, "64.49"),
    ("brand", "division", "도시브랜드담당관", 2_960, 2_960, 2_610, "88.16"),
    ("brand.goal", "policy", "시민 자긍심 고취 및 도시경쟁력 제고", 2_930, 2_930, 2_592, "88.47"),
    ("brand.goal.01", "programme", "시민주도형 서울브랜드 확산", 656, 656, 348, "53.09"),
    ("brand.goal.02", "programme", "서울시 도시브랜드 마케팅", 2_274, 2_274, 2_244, "98.68"),
    ("brand.basic", "basic", "기본경비(행정운영경비)", 30, 30, 17, "57.52"),
    ("service", "division", "시민봉사담당관", 21_341, 21_341, 11_053, "51.79"),
    ("service.goal", "policy", "시민중심의 민원행정서비스 제공", 21_234, 21_234, 11_012, "51.86"),
    ("service.goal.01", "programme", "일반여권 발급업무 대행", 787, 787, 787, "100.00"),
    ("service.goal.02", "programme", "민원서비스 품질관리 및 시상", 265, 265, 63, "23.94"),
    ("service.goal.03", "programme", "통합민원 처리 및 열린민원실 운영", 75, 75, 30, "39.71"),
    ("service.goal.04", "programme", "120다산콜센터 운영", 16_866, 16_866, 7_446, "44.15"),
    ("service.goal.05", "programme", "120다산콜센터 관리 및 고도화", 2_808, 2_808, 2_272, "80.90"),
    ("service.goal.06", "programme", "민원제안통합관리시스템 운영", 432, 432, 413, "95.75"),
    ("service.basic", "basic", "기본경비(행정운영경비)", 107, 107, 41, "37.81"),
    ("newmedia", "division", "뉴미디어담당관", 4_331, 4_331, 2_635, "60.84"),
    ("newmedia.goal", "policy", "뉴미디어 활용 시민과의 소통 활성화", 4_294, 4_294, 2_611, "60.80"),
    ("newmedia.goal.01", "programme", "소셜미디어를 통한 시민과의 소통활성화", 418, 418, 303, "72.39"),
    ("newmedia.goal.02", "programme", "시민참여프로그램을 통한 시정공감대 확산", 90, 90, 5, "5.93"),
    ("newmedia.goal.03", "programme", "소셜특별시 서울", 417, 417, 191, "45.83"),
    ("newmedia.goal.04", "programme", "현장중심의 의견수렴 및 환류", 152, 152, 78, "51.07"),
    ("newmedia.goal.05", "programme", "뉴미디어 웹사이트 운영", 1_447, 1_447, 1_148, "79.31"),
    ("newmedia.goal.06", "programme", "민간포털 협력마케팅", 756, 756, 388, "51.38"),
    ("newmedia.goal.07", "programme", "인터넷언론사 활용 시정안내", 333, 333, 167, "50.29"),
    ("newmedia.goal.08", "programme", "모바일 등 다양한 매체활용정보제공", 450, 450, 177, "39.40"),
    ("newmedia.goal.09", "programme", "뉴미디어용 콘텐츠 제작 및 활용", 231, 231, 154, "66.46"),
    ("newmedia.basic", "basic", "기본경비(행정운영경비)", 38, 38, 24, "65.05"),
    # printed 25.77: computed from the amounts (see the module docstring)
    ("rapid", "division", "신속행정담당관", 188, 188, 49, "25.85"),
    ("rapid.goal", "policy", "시민에게 감동을 주는 통합행정서비스 기반 구축", 152, 152, 34, "22.32"),
    ("rapid.goal.01", "programme", "신속행정 현안조정 및 홍보", 122, 122, 30, "24.24"),
    ("rapid.goal.02", "programme", "시·구간 신속행정 협력체계 강화", 31, 31, 4, "14.66"),
    # printed 40.55: computed from the amounts (see the module docstring)
    ("rapid.basic", "basic", "기본경비(행정운영경비)", 35, 35, 15, "41.07"),
]
RAPID_KEYS = ["rapid", "rapid.goal", "rapid.goal.01", "rapid.goal.02", "rapid.basic"]

# 부서별: 2016 예산 (백만원) and 비율 (%); rapid printed 4.5% but 188 / 41,018 = 0.46%.
DIVISION_SHARES = [
    ("civic", 12_198, "29.7"),
    ("brand", 2_960, "7.2"),
    ("service", 21_341, "52.0"),
    ("newmedia", 4_331, "10.6"),
    ("rapid", 188, "0.46"),
]
PROGRAMME_SHARES = [
    ("service.goal.04", "120다산콜센터 운영", "41.1"),
    ("civic.goal.05", "시민청 운영 및 확산", "7.6"),
    ("civic.goal.01", "언론매체를 통한 시정정보제공", "7.1"),
    ("civic.goal.02", "소통관리 및 시정정보제공", "6.4"),
    ("brand.goal.02", "서울시 도시브랜드 마케팅", "5.5"),
]
# 구성별: (year, category, 예산 백만원, 비중 %, 증감 백만원, 증감률 %); 증감 printed 4,644 / 4,616 (slip)
COMPOSITION = [
    (2015, "programme", 35_732, "98.2", None, None),
    (2015, "basic", 639, "1.8", None, None),
    (2015, "total", 36_372, "100.0", None, None),
    (2016, "programme", 40_350, "98.4", 4_618, "12.9"),
    (2016, "basic", 668, "1.6", 29, "4.5"),
    (2016, "total", 41_018, "100.0", 4_646, "12.8"),
]
MONTH_ENDS = [dt.date(2016, 1, 31), dt.date(2016, 2, 29), dt.date(2016, 3, 31), dt.date(2016, 4, 30),
              dt.date(2016, 5, 31), dt.date(2016, 6, 30), dt.date(2016, 7, 31)]


def million(won: int) -> int:
    """Won to 백만원, rounded half-up as the report rounds."""
    return int((Decimal(int(won)) / 1_000_000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent(value: float, places: str = "0.01") -> Decimal:
    """A float percent rounded half-up (on its exact binary value) to the report's decimals."""
    return Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)


budget_engine = demo_subset(["budget"], "budget")


@pytest.fixture(scope="module")
def table(budget_engine) -> pd.DataFrame:
    return B.budget_table(engine=budget_engine, scope=OFFICE, as_of=AS_OF).set_index("row_key", drop=False)


# --- 세부내역 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("key,level,name,budget,current,executed,rate", DETAIL, ids=[d[0] for d in DETAIL])
def test_detail_row_matches_report(table, key, level, name, budget, current, executed, rate):
    """Each 세부내역 row's 예산액/예산현액/집행액 (백만원) and 집행률 reproduce the report."""
    row = table.loc[key]
    assert (row["level"], row["name_ko"]) == (level, name)
    assert (million(row["budget_won"]), million(row["current_budget_won"]), million(row["executed_won"])) == (
        budget, current, executed)
    assert percent(row["execution_rate"]) == Decimal(rate)


def test_detail_rows_in_report_order(table):
    """The office table lists exactly the report's rows in the report's order."""
    assert list(table["row_key"]) == [d[0] for d in DETAIL]


def test_detail_parent_keys_form_the_hierarchy(table):
    """Office rows hang off 'office', divisions off the office, programmes off their policy goal."""
    parents = dict(zip(table["row_key"], table["parent_key"]))
    assert pd.isna(parents["office"])
    assert parents["office.programme"] == parents["office.basic"] == parents["civic"] == "office"
    assert parents["civic.goal"] == parents["civic.basic"] == "civic"
    assert parents["civic.goal.05"] == "civic.goal"


def test_detail_totals_are_sums_of_children(table):
    """Every policy, division and office row equals the sum of its leaf rows, in won."""
    leaves = table[table["level"].isin(["programme", "basic"])]
    amounts = ["budget_won", "current_budget_won", "executed_won"]
    for key in ["civic.goal", "brand.goal", "service.goal", "newmedia.goal", "rapid.goal"]:
        assert table.loc[key, amounts].tolist() == leaves[leaves["parent_key"] == key][amounts].sum().tolist()
    for division in ["civic", "brand", "service", "newmedia", "rapid"]:
        assert (table.loc[division, amounts].tolist()
                == leaves[leaves["division_code"] == division][amounts].sum().tolist())
    assert table.loc["office", amounts].tolist() == leaves[amounts].sum().tolist()
    assert table.loc["office.basic", amounts].tolist() == leaves[leaves["level"] == "basic"][amounts].sum().tolist()


def test_execution_rate_is_executed_over_current(table):
    """집행률 is exactly float(집행액 × 100) / float(예산현액), the same IEEE double on both databases."""
    for _, row in table.iterrows():
        assert row["execution_rate"] == float(int(row["executed_won"]) * 100) / float(int(row["current_budget_won"]))


def test_amounts_are_integer_won(table):
    """Money stays integer won (no floats, no 백만원)."""
    for col in ["budget_won", "current_budget_won", "executed_won"]:
        assert pd.api.types.is_integer_dtype(table[col])
    assert table.loc["office", "budget_won"] > 41_000_000_000


def test_carry_over_is_in_citizen_hall_current_budget(table):
    """예산현액 of 시민청 운영 및 확산 carries the 1,341백만원 사고이월액; elsewhere it equals 예산액."""
    hall = table.loc["civic.goal.05"]
    assert million(hall["current_budget_won"] - hall["budget_won"]) == 1_341
    others = table[table["level"].isin(["programme", "basic"]) & (table["row_key"] != "civic.goal.05")]
    assert (others["current_budget_won"] == others["budget_won"]).all()


def test_fully_executed_rows_are_exactly_executed(table):
    """The 100.00% rows (주민청 조성, 일반여권 발급 대행) have 집행액 equal to 예산현액 to the won."""
    for key in ["civic.goal.07", "service.goal.01"]:
        assert table.loc[key, "executed_won"] == table.loc[key, "current_budget_won"]


def test_english_names_present(table):
    """Every row carries an English name."""
    assert table["name_en"].str.len().min() > 3


# --- 부서별 and 주요 사업별 shares ---------------------------------------------------------------


@pytest.mark.parametrize("code,budget,share", DIVISION_SHARES, ids=[d[0] for d in DIVISION_SHARES])
def test_division_budget_share(budget_engine, code, budget, share):
    """Division 2016 예산 and its share of the office budget (rapid: computed 0.46%, printed 4.5%)."""
    frame = B.execution_by_division(engine=budget_engine, scope=OFFICE, as_of=AS_OF).set_index("division_code")
    assert million(frame.loc[code, "budget_won"]) == budget
    places = "0.01" if code == "rapid" else "0.1"
    assert percent(frame.loc[code, "budget_share"], places) == Decimal(share)


def test_division_shares_sum_to_hundred(budget_engine):
    """The division shares add up to 100% and the divisions come in org order."""
    frame = B.execution_by_division(engine=budget_engine, scope=OFFICE, as_of=AS_OF)
    assert list(frame["division_code"]) == ["civic", "brand", "service", "newmedia", "rapid"]
    assert frame["budget_share"].sum() == pytest.approx(100.0)


def test_division_rows_match_detail_table(budget_engine, table):
    """execution_by_division agrees with the division rows of the 세부내역 table."""
    frame = B.execution_by_division(engine=budget_engine, scope=OFFICE, as_of=AS_OF).set_index("division_code")
    cols = ["budget_won", "current_budget_won", "executed_won", "execution_rate"]
    for code in frame.index:
        assert frame.loc[code, cols].tolist() == table.loc[code, cols].tolist()


@pytest.mark.parametrize("code,name,share", PROGRAMME_SHARES, ids=[p[0] for p in PROGRAMME_SHARES])
def test_major_programme_share(budget_engine, code, name, share):
    """주요 사업별 share of the office 예산액 (the report names five; 120 관리 및 고도화 6.8% is unnamed)."""
    frame = B.programme_shares(engine=budget_engine, scope=OFFICE, as_of=AS_OF, limit=6).set_index("code")
    assert frame.loc[code, "name_ko"] == name
    assert percent(frame.loc[code, "budget_share"], "0.1") == Decimal(share)


def test_programme_shares_largest_first(budget_engine):
    """programme_shares lists unit programmes by 예산액, largest first, up to the limit."""
    frame = B.programme_shares(engine=budget_engine, scope=OFFICE, as_of=AS_OF, limit=3)
    assert list(frame["code"]) == ["service.goal.04", "civic.goal.05", "civic.goal.01"]


# --- 구성별 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("year,category,budget,share,change,change_rate", COMPOSITION,
                         ids=[f"{c[0]}-{c[1]}" for c in COMPOSITION])
def test_composition_row(budget_engine, year, category, budget, share, change, change_rate):
    """구성별 table: 예산, 비중 and, for 2016, 증감 (computed: 4,646 / 4,618, printed 4,644 / 4,616) and 증감률."""
    frame = B.composition(engine=budget_engine, scope=OFFICE, as_of=AS_OF).set_index(["fiscal_year", "category"])
    row = frame.loc[(year, category)]
    assert million(row["budget_won"]) == budget
    assert percent(row["share"], "0.1") == Decimal(share)
    if change is None:
        assert pd.isna(row["change_won"]) and pd.isna(row["change_rate"])
    else:
        assert million(row["change_won"]) == change
        assert percent(row["change_rate"], "0.1") == Decimal(change_rate)


def test_composition_order_and_2016_from_items(budget_engine, table):
    """Composition lists 2015 then 2016 (programme, basic, total); 2016 equals the 세부내역 office rows."""
    frame = B.composition(engine=budget_engine, scope=OFFICE, as_of=AS_OF)
    assert list(zip(frame["fiscal_year"], frame["category"])) == [
        (2015, "programme"), (2015, "basic"), (2015, "total"), (2016, "programme"), (2016, "basic"), (2016, "total")]
    now = frame[frame["fiscal_year"] == 2016].set_index("category")["budget_won"]
    assert now["total"] == table.loc["office", "budget_won"]
    assert now["programme"] == table.loc["office.programme", "budget_won"]
    assert now["basic"] == table.loc["office.basic", "budget_won"]


def test_composition_division_scope_has_only_its_current_year(budget_engine, table):
    """A division head's composition has only their 2016 rows, shares of their own total, no change."""
    frame = B.composition(engine=budget_engine, scope=Scope("rapid"), as_of=AS_OF)
    assert list(frame["fiscal_year"].unique()) == [2016]
    assert frame.set_index("category").loc["total", "budget_won"] == table.loc["rapid", "budget_won"]
    assert frame["change_won"].isna().all()


# --- office summary, trend, laggards ----------------------------------------------------------------


def test_office_execution_summary(budget_engine):
    """office_execution gives the 합계 row: 41,018 / 42,360 / 22,481 백만원, 53.07%."""
    s = B.office_execution(engine=budget_engine, scope=OFFICE, as_of=AS_OF)
    assert (million(s.budget_won), million(s.current_budget_won), million(s.executed_won)) == (41_018, 42_360, 22_481)
    assert percent(s.execution_rate) == Decimal("53.07")
    assert s.snapshot_date == AS_OF


def test_office_execution_for_division_scope(budget_engine):
    """For 신속행정담당관's scope the summary is their division row (188 / 188 / 49, computed 25.85%)."""
    s = B.office_execution(engine=budget_engine, scope=Scope("rapid"), as_of=AS_OF)
    assert (million(s.budget_won), million(s.current_budget_won), million(s.executed_won)) == (188, 188, 49)
    assert percent(s.execution_rate) == Decimal("25.85")


def test_trend_has_month_ends_and_report_date(budget_engine):
    """The trend has one row per month end January-July 2016 plus 2016-08-10."""
    trend = B.execution_trend(engine=budget_engine, scope=OFFICE, as_of=AS_OF)
    assert list(trend["as_of"]) == [*MONTH_ENDS, AS_OF]


@pytest.mark.parametrize("division", [None, "civic", "brand", "service", "newmedia", "rapid"])
def test_trend_is_cumulative_with_constant_budget(budget_engine, table, division):
    """Budget and 예산현액 are constant through the year; 집행액 never decreases and ends at the table's figure."""
    trend = B.execution_trend(engine=budget_engine, scope=OFFICE, as_of=AS_OF, division=division)
    key = division or "office"
    assert (trend["budget_won"] == table.loc[key, "budget_won"]).all()
    assert (trend["current_budget_won"] == table.loc[key, "current_budget_won"]).all()
    assert trend["executed_won"].is_monotonic_increasing
    assert trend["executed_won"].iloc[0] < trend["executed_won"].iloc[-1]
    assert trend["executed_won"].iloc[-1] == table.loc[key, "executed_won"]


def test_every_leaf_history_is_non_decreasing(budget_engine):
    """Each leaf's cumulative 집행액 never decreases and never exceeds its 예산현액."""
    stmt = (select(BudgetItem.fiscal_year, BudgetItem.code, BudgetSnapshot.as_of, BudgetSnapshot.executed_won,
                   BudgetSnapshot.current_budget_won)
            .join(BudgetItem, BudgetItem.id == BudgetSnapshot.item_id)
            .order_by(BudgetItem.fiscal_year, BudgetItem.code, BudgetSnapshot.as_of))
    with budget_engine.connect() as conn:
        snaps = pd.DataFrame(conn.execute(stmt).mappings().all())
    # 2016: 36 leaves x 8 snapshots; 2014 and 2015 (synthetic history): 35 leaves (주민청 조성 is new) x 12
    assert snaps.groupby("fiscal_year").size().to_dict() == {2014: 35 * 12, 2015: 35 * 12, 2016: 36 * 8}
    for _code, rows in snaps.groupby(["fiscal_year", "code"]):
        assert rows["executed_won"].is_monotonic_increasing
        assert (rows["executed_won"] <= rows["current_budget_won"]).all()


def test_fully_executed_rows_reach_hundred_percent_in_steps(budget_engine):
    """주민청 조성 and 일반여권 발급 대행 start below 100% and reach it by the report date."""
    with budget_engine.connect() as conn:
        for code in ["civic.goal.07", "service.goal.01"]:
            values = conn.execute(
                select(BudgetSnapshot.executed_won, BudgetSnapshot.current_budget_won)
                .join(BudgetItem, BudgetItem.id == BudgetSnapshot.item_id)
                .where(BudgetItem.code == code).order_by(BudgetSnapshot.as_of)).all()
            assert values[0][0] < values[0][1] and values[-1][0] == values[-1][1]


def test_earlier_as_of_uses_that_snapshot(budget_engine):
    """As of 2016-06-30 the table shows the June snapshot: same budget, the trend's 집행액 for that date."""
    june = dt.date(2016, 6, 30)
    earlier = B.budget_table(engine=budget_engine, scope=OFFICE, as_of=june).set_index("row_key")
    trend = B.execution_trend(engine=budget_engine, scope=OFFICE, as_of=AS_OF).set_index("as_of")
    assert earlier.loc["office", "executed_won"] == trend.loc[june, "executed_won"]
    assert million(earlier.loc["office", "budget_won"]) == 41_018
    assert earlier.loc["office", "executed_won"] < 22_000_000_000


def test_snapshot_dates(budget_engine):
    """budget_snapshot_dates lists the snapshot dates on or before the as-of date."""
    history = [dt.date(y, m, 1) - dt.timedelta(days=1) for y in (2014, 2015) for m in range(2, 13)]
    history = sorted([*history, dt.date(2014, 12, 31), dt.date(2015, 12, 31)])
    assert B.budget_snapshot_dates(engine=budget_engine, scope=OFFICE, as_of=AS_OF, fiscal_year=2016) == \
        [*MONTH_ENDS, AS_OF]
    assert B.budget_snapshot_dates(engine=budget_engine, scope=OFFICE, as_of=AS_OF) == [*history, *MONTH_ENDS, AS_OF]
    assert B.budget_snapshot_dates(engine=budget_engine, scope=Scope("rapid"), as_of=dt.date(2016, 5, 15),
                                   fiscal_year=2016) == MONTH_ENDS[:4]


def test_lagging_programmes_lowest_first(budget_engine):
    """Unit programmes below 30% executed, lowest first: 5.93, 14.66, 23.94, 24.24, 25.90."""
    frame = B.lagging_programmes(engine=budget_engine, scope=OFFICE, as_of=AS_OF, below_rate=30.0, limit=10)
    assert list(frame["code"]) == ["newmedia.goal.02", "rapid.goal.02", "service.goal.02", "rapid.goal.01",
                                   "civic.goal.06"]
    assert [str(percent(r)) for r in frame["execution_rate"]] == ["5.93", "14.66", "23.94", "24.24", "25.90"]
    assert list(frame["division_name_ko"][:2]) == ["뉴미디어담당관", "신속행정담당관"]


def test_lagging_programmes_limit_and_no_basic_rows(budget_engine):
    """The limit caps the rows and 기본경비 rows (e.g. 시민봉사 37.81%) are not programmes."""
    frame = B.lagging_programmes(engine=budget_engine, scope=OFFICE, as_of=AS_OF, below_rate=40.0, limit=3)
    assert len(frame) == 3
    everything = B.lagging_programmes(engine=budget_engine, scope=OFFICE, as_of=AS_OF, below_rate=40.0, limit=100)
    assert not everything["code"].str.endswith(".basic").any()
    assert (everything["execution_rate"] < 40.0).all()


# --- division scope ---------------------------------------------------------------------------------


def test_division_scope_sees_only_its_rows(budget_engine, table):
    """Scope('rapid') gets only 신속행정담당관's rows, division row first, no office rows."""
    frame = B.budget_table(engine=budget_engine, scope=Scope("rapid"), as_of=AS_OF)
    assert list(frame["row_key"]) == RAPID_KEYS
    assert set(frame["division_code"]) == {"rapid"}
    assert pd.isna(frame["parent_key"].iloc[0])
    cols = ["budget_won", "current_budget_won", "executed_won", "execution_rate"]
    assert frame[cols].values.tolist() == table.loc[RAPID_KEYS, cols].values.tolist()


def test_division_scope_gets_no_office_share(budget_engine):
    """A division head's execution_by_division has their row only and no share of the office total."""
    frame = B.execution_by_division(engine=budget_engine, scope=Scope("rapid"), as_of=AS_OF)
    assert list(frame["division_code"]) == ["rapid"]
    assert frame["budget_share"].isna().all()
    shares = B.programme_shares(engine=budget_engine, scope=Scope("rapid"), as_of=AS_OF)
    assert set(shares["division_code"]) == {"rapid"} and shares["budget_share"].isna().all()


def test_division_scope_lagging_and_trend(budget_engine):
    """Laggards and trend for Scope('rapid') cover only its programmes and its budget."""
    lag = B.lagging_programmes(engine=budget_engine, scope=Scope("rapid"), as_of=AS_OF, below_rate=100.0, limit=10)
    assert set(lag["division_code"]) == {"rapid"}
    trend = B.execution_trend(engine=budget_engine, scope=Scope("rapid"), as_of=AS_OF)
    assert million(trend["budget_won"].iloc[-1]) == 188


QUERIES = {
    "budget_table": lambda e, s: B.budget_table(engine=e, scope=s, as_of=AS_OF, division="civic"),
    "execution_by_division": lambda e, s: B.execution_by_division(engine=e, scope=s, as_of=AS_OF, division="civic"),
    "office_execution": lambda e, s: B.office_execution(engine=e, scope=s, as_of=AS_OF, division="civic"),
    "execution_trend": lambda e, s: B.execution_trend(engine=e, scope=s, as_of=AS_OF, division="civic"),
    "lagging_programmes": lambda e, s: B.lagging_programmes(engine=e, scope=s, as_of=AS_OF, below_rate=50.0,
                                                            limit=5, division="civic"),
    "programme_shares": lambda e, s: B.programme_shares(engine=e, scope=s, as_of=AS_OF, division="civic"),
    "composition": lambda e, s: B.composition(engine=e, scope=s, as_of=AS_OF, division="civic"),
    "budget_snapshot_dates": lambda e, s: B.budget_snapshot_dates(engine=e, scope=s, as_of=AS_OF, division="civic"),
}


@pytest.mark.parametrize("query", QUERIES)
def test_division_scope_cannot_ask_for_another_division(budget_engine, query):
    """Scope('rapid') asking for 시민소통담당관 raises ScopeError."""
    with pytest.raises(ScopeError):
        QUERIES[query](budget_engine, Scope("rapid"))


@pytest.mark.parametrize("query", QUERIES)
def test_office_scope_can_filter_to_a_division(budget_engine, query):
    """The office scope may filter any query to one division without error."""
    result = QUERIES[query](budget_engine, OFFICE)
    assert len(result) > 0 if not isinstance(result, B.BudgetSummary) else result.budget_won > 0


def test_office_filter_to_division_has_no_office_rows(budget_engine):
    """An office user filtering the table to a division gets that division's rows only."""
    frame = B.budget_table(engine=budget_engine, scope=OFFICE, as_of=AS_OF, division="rapid")
    assert list(frame["row_key"]) == RAPID_KEYS


# --- empty database ---------------------------------------------------------------------------------


def test_empty_database_returns_empty_frames(empty_engine):
    """Without data every query returns empty results with the right columns, never an error."""
    assert list(B.budget_table(engine=empty_engine, scope=OFFICE, as_of=AS_OF).columns) == B.TABLE_COLUMNS
    assert B.budget_table(engine=empty_engine, scope=OFFICE, as_of=AS_OF).empty
    frames = {
        tuple(B.DIVISION_COLUMNS): B.execution_by_division(engine=empty_engine, scope=OFFICE, as_of=AS_OF),
        tuple(B.TREND_COLUMNS): B.execution_trend(engine=empty_engine, scope=OFFICE, as_of=AS_OF),
        tuple(B.LAGGING_COLUMNS): B.lagging_programmes(engine=empty_engine, scope=OFFICE, as_of=AS_OF,
                                                       below_rate=50.0, limit=5),
        tuple(B.PROGRAMME_SHARE_COLUMNS): B.programme_shares(engine=empty_engine, scope=OFFICE, as_of=AS_OF),
        tuple(B.COMPOSITION_COLUMNS): B.composition(engine=empty_engine, scope=OFFICE, as_of=AS_OF),
    }
    for columns, frame in frames.items():
        assert list(frame.columns) == list(columns) and frame.empty
    assert B.budget_snapshot_dates(engine=empty_engine, scope=Scope("rapid"), as_of=AS_OF) == []


def test_empty_database_summary(empty_engine):
    """office_execution on an empty database: zero amounts, no rate, no snapshot date."""
    assert B.office_execution(engine=empty_engine, scope=OFFICE, as_of=AS_OF) == B.BudgetSummary(
        snapshot_date=None, budget_won=0, current_budget_won=0, executed_won=0, execution_rate=None)


def test_before_first_snapshot_is_empty(budget_engine):
    """Before the first snapshot (2016-01-15) there is nothing to show for 2016."""
    assert B.budget_table(engine=budget_engine, scope=OFFICE, as_of=dt.date(2016, 1, 15)).empty
    assert B.execution_trend(engine=budget_engine, scope=OFFICE, as_of=dt.date(2016, 1, 15)).empty
