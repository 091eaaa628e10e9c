"""The metric registry: one entry per KPI the product shows (pure data, no Streamlit).

Each `Metric` says what the figure is (Korean/English label and one-sentence definition), how it
is shown (unit, decimals), which way is better, at which grain it exists, which `data_access`
function it reads, its period rule and comparison, its target (a `kpi_target` metric code, status
by `data_access.targets.status`) and the division that owns it. `metrics.value()` computes every
entry; a test checks that every entry has a computation and every field is filled.

Period rules: 'as_of' (a stock on the as-of date / 집계일), 'year_to_date' (1 January to the as-of
date, or a chosen start), 'since_opening' (시민청's opening to the as-of date), 'last_complete_month'
(1 January to the end of the last complete month, config.rules.eungdapso_window), 'latest_survey',
'last_7_days', 'window' (the `days` filter).
Comparisons: 'previous_snapshot' (the budget snapshot before), 'same_period_last_year' (the same
dates a year earlier), 'last_year' (a span from 1 January compares with the whole previous year, as
the report does: "전년 6.07%"; any other span, e.g. 7–8월, with the same span a year earlier),
'previous_week', 'previous_survey', or None.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Unit = Literal["%", "won", "people", "cases", "times", "couples"]
Direction = Literal["higher", "lower"]
OFFICE = ""  # the owner code of office-wide metrics (기획관)


@dataclass(frozen=True)
class Metric:
    id: str
    label_ko: str
    label_en: str
    definition_ko: str
    definition_en: str
    unit: Unit
    direction: Direction | None  # None: neither is better (a volume)
    grain: tuple[str, ...]  # 'office', 'division', 'channel', 'service', …: the levels it exists at
    query: str  # the data_access function it reads, "module.function"
    period: str
    comparison: str | None
    target: str | None  # the kpi_target metric code, None: no target
    owner: str  # the division that owns (manages) it; OFFICE for the whole office
    page: str  # the page key (config/pages.py) that shows it in its KPI row
    series_grain: Literal["month", "week", "survey"] = "month"
    digits: int = 2  # decimals of a percent
    filters: tuple[str, ...] = ()  # the keyword filters value() accepts besides as_of

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_ko

    def definition(self, lang: str) -> str:
        return self.definition_en if lang == "en" else self.definition_ko


_BUDGET = dict(grain=("office", "division"), query="data_access.budget.office_execution", period="as_of",
               comparison="previous_snapshot", owner=OFFICE, page="budget", filters=("division",))
_DELAY = dict(grain=("office", "division"), query="data_access.complaints.delay_rate", period="year_to_date",
              comparison="last_year", owner="service", page="complaints", filters=("division", "start"))
_HALL = dict(grain=("office",), query="data_access.citizen_hall.hall_summary", owner="civic", page="citizen_hall")
_BRAND = dict(grain=("office",), period="year_to_date", comparison="same_period_last_year", owner="brand",
              page="brand")
_SNS = dict(grain=("office",), query="data_access.sns.sns_latest", owner="newmedia", page="sns")

METRICS: tuple[Metric, ...] = (
    Metric("budget_execution_rate", "예산 집행률", "Budget execution rate",
           "집행액 ÷ 예산현액 × 100, 집계일 기준 (누적 집행액).",
           "Spent ÷ current budget × 100 on the snapshot date (cumulative spending).",
           "%", "higher", target="budget_execution_rate", **_BUDGET),
    Metric("budget_original", "예산액", "Budget",
           "당초 편성된 예산액의 합계, 집계일 기준.", "The budget as adopted, summed, on the snapshot date.",
           "won", None, target=None, **_BUDGET),
    Metric("budget_current", "예산현액", "Current budget",
           "예산액에 이월·전용 등을 더한 예산현액의 합계, 집계일 기준.",
           "The budget after carry-overs and transfers, summed, on the snapshot date.",
           "won", None, target=None, **_BUDGET),
    Metric("budget_carry_over", "예산현액 증감 (이월 등)", "Carried over and transferred",
           "예산현액 − 예산액: 전년도 사고이월액 등으로 늘어난 예산, 집계일 기준.",
           "Current budget − budget: what carry-overs from last year and transfers added, on the snapshot date.",
           "won", None, target=None, **_BUDGET),
    Metric("budget_executed", "집행액", "Spent",
           "연초부터 집계일까지 누적 집행액의 합계.", "Cumulative spending from 1 January to the snapshot date.",
           "won", "higher", target=None, **_BUDGET),
    Metric("complaint_delay_rate", "민원처리지연율", "Complaint delay rate",
           "처리기한이 기간 안에 도래한 민원 중 기한을 넘겨 처리된 민원의 비율 (지연 ÷ 도래 × 100).",
           "Complaints closed after their deadline ÷ complaints due in the period × 100.",
           "%", "lower", target="complaint_delay_rate", **_DELAY),
    Metric("complaints_due", "처리기한 도래", "Complaints due",
           "처리기한이 기간 안에 도래한 민원 수.", "Complaints whose deadline fell in the period.",
           "cases", None, target=None, **{**_DELAY, "comparison": "same_period_last_year"}),
    Metric("eungdapso_cases", "응답소 민원", "Eungdapso cases",
           "응답소로 접수된 민원 수, 1월 1일부터 집계일 전 마지막 완결 월말까지.",
           "Complaints received through Eungdapso from 1 January to the end of the last complete month.",
           "cases", None, grain=("office", "division"), query="data_access.complaints.channel_volume",
           period="last_complete_month", comparison="same_period_last_year", target=None, owner="service",
           page="complaints", filters=("division",)),
    Metric("complaints_open", "미처리 민원", "Open complaints",
           "집계일이 끝날 때 처리되지 않은 민원 수 (정상·임박·지연).",
           "Complaints still open at the end of the as-of day (normal, imminent, overdue).",
           "cases", "lower", grain=("office", "division"), query="data_access.complaints.open_traffic_light",
           period="as_of", comparison=None, target=None, owner="service", page="complaints",
           filters=("division",)),
    Metric("hall_cumulative_visitors", "시민청 누적 방문객", "Citizen Hall visitors to date",
           "2013. 1. 12. 개관부터 집계일까지 방문객 합계.", "Visitors from the opening (12 Jan 2013) to the as-of date.",
           "people", "higher", period="since_opening", comparison=None, target=None, **_HALL),
    Metric("hall_daily_visitors", "시민청 일평균 방문객", "Citizen Hall visitors per day",
           "올해 방문객 ÷ 올해 개관일 수 (1월 1일부터 집계일까지).",
           "This year's visitors ÷ this year's open days (1 January to the as-of date).",
           "people", "higher", period="year_to_date", comparison="same_period_last_year",
           target="hall_daily_visitors", **_HALL),
    Metric("hall_satisfaction", "시민청 시민만족도", "Citizen Hall satisfaction",
           "집계일 이전 가장 최근 시민만족도 조사의 만족 비율.", "Percent satisfied in the latest survey on or before the as-of date.",
           "%", "higher", period="latest_survey", comparison="previous_survey", target="hall_satisfaction",
           series_grain="survey", digits=1, **_HALL),
    Metric("hall_programmes", "시민청 프로그램", "Citizen Hall programmes",
           "개관부터 집계일까지 운영한 프로그램 횟수.", "Programmes held from the opening to the as-of date.",
           "times", "higher", period="since_opening", comparison=None, target=None, **_HALL),
    Metric("hall_rentals", "시민청 대관", "Citizen Hall rentals",
           "개관부터 집계일까지 대관 건수.", "Rentals from the opening to the as-of date.",
           "cases", "higher", period="since_opening", comparison=None, target=None, **_HALL),
    Metric("hall_weddings", "시민청 결혼식", "Citizen Hall weddings",
           "개관부터 집계일까지 열린 결혼식 수.", "Weddings held from the opening to the as-of date.",
           "couples", "higher", period="since_opening", comparison=None, target=None, **_HALL),
    Metric("brand_event_participants", "브랜드 행사 참여", "Brand event participants",
           "올해 축제 연계 마케팅과 해외 현지 마케팅 참여 인원 합계.",
           "Participants of this year's festival tie-in and overseas brand events.",
           "people", "higher", query="data_access.brand.campaign_reach_by_kind", target=None, **_BRAND),
    Metric("brand_festival_participants", "축제 연계 마케팅 참여", "Festival tie-in participants",
           "올해 실·국 축제 연계 브랜드 마케팅 참여 인원 합계.", "Participants of this year's festival tie-in brand events.",
           "people", "higher", query="data_access.brand.campaign_reach_by_kind", target=None, **_BRAND),
    Metric("brand_overseas_participants", "해외 현지 마케팅 참여", "Overseas event participants",
           "올해 해외 현지 브랜드 마케팅 참여 인원 합계.", "Participants of this year's overseas brand events.",
           "people", "higher", query="data_access.brand.campaign_reach_by_kind", target=None, **_BRAND),
    Metric("foreign_site_visits", "외국어 홈페이지 방문", "Foreign-language site visits",
           "올해 외국어 홈페이지(6개) 방문 수 합계.", "Visits to the foreign-language sites this year.",
           "people", "higher", query="data_access.brand.foreign_totals", target=None, **_BRAND),
    Metric("foreign_sns_views", "외국어 SNS 조회", "Foreign-language SNS views",
           "올해 외국어 SNS 채널 조회 수 합계.", "Views of the foreign-language SNS channels this year.",
           "cases", "higher", query="data_access.brand.foreign_totals", target=None, **_BRAND),
    Metric("foreign_site_daily_visits", "외국어 홈페이지 일평균 방문수", "Foreign-language site visits per day",
           "올해 외국어 홈페이지 방문 수 ÷ 1월 1일부터 집계일까지 일수.",
           "This year's foreign-language site visits ÷ calendar days to the as-of date.",
           "people", "higher", query="data_access.brand.foreign_totals", target="foreign_site_daily_visits",
           **_BRAND),
    Metric("foreign_sns_daily_views", "외국어 SNS 일평균 조회수", "Foreign-language SNS views per day",
           "올해 외국어 SNS 조회 수 ÷ 1월 1일부터 집계일까지 일수.",
           "This year's foreign-language SNS views ÷ calendar days to the as-of date.",
           "cases", "higher", query="data_access.brand.foreign_totals", target="foreign_sns_daily_views", **_BRAND),
    Metric("sns_total_followers", "SNS 친구 수", "SNS followers",
           "서울시 SNS·블로그 채널 친구(팔로워) 수 합계, 집계일 기준 (플러스친구 제외).",
           "Followers of the city's SNS and blog channels on the as-of date (Plus Friend excluded).",
           "people", "higher", period="as_of", comparison="previous_week", target="sns_total_followers",
           series_grain="week", **_SNS),
    Metric("sns_follower_growth", "SNS 친구 수 증가율", "SNS follower growth",
           "SNS·블로그 친구 수의 기간(일) 증가분 ÷ 기간 시작 친구 수 × 100.",
           "Growth of SNS and blog followers over the window ÷ followers at its start × 100.",
           "%", "higher", grain=("office",), query="data_access.sns.sns_growth", period="window",
           comparison=None, target=None, owner="newmedia", page="sns", series_grain="week", filters=("days",)),
    Metric("sns_plusfriend_followers", "카카오톡 플러스친구", "KakaoTalk Plus Friend",
           "카카오톡 플러스친구 친구 수, 집계일 기준.", "Plus Friend followers on the as-of date.",
           "people", "higher", period="as_of", comparison="previous_week", target=None, series_grain="week", **_SNS),
    Metric("sns_posts_week", "최근 7일 게시", "Posts, last 7 days",
           "SNS·블로그 채널에 집계일까지 7일 동안 올린 게시물 수.", "Posts on the SNS and blog channels in the 7 days to the as-of date.",
           "cases", "higher", period="last_7_days", comparison="previous_week", target=None, series_grain="week",
           **_SNS),
    Metric("rapid_admin_cases", "신속행정 지원", "Rapid administration support",
           "신속행정 지원(절차 컨설팅·건축허가 상담·임의규제 개선) 운영개시부터 집계일까지 건수.",
           "Rapid administration support cases from its start to the as-of date.",
           "cases", "higher", grain=("office",), query="data_access.services.service_totals", period="since_opening",
           comparison=None, target=None, owner="rapid", page="divisions"),
)

REGISTRY: dict[str, Metric] = {m.id: m for m in METRICS}


def get(metric_id: str) -> Metric:
    """The registry entry; a clear error naming the id when there is none."""
    try:
        return REGISTRY[metric_id]
    except KeyError:
        raise KeyError(f"unknown metric {metric_id!r}; known: {', '.join(REGISTRY)}") from None
