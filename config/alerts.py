"""Early-warning rules (조기 경보): one declarative entry per rule, evaluated by metrics/alerts.py.

Each rule names a metric of the metric layer (metrics/registry.py), a condition with its
parameters, a severity and its wording in Korean and English. The wording's fields are filled
by the evaluator with the numbers that made the rule hold:

- above_target_run (months=n): the metric's monthly series above its target in each of the last n
  months. Fields: {n}, {values} (the run, oldest first, "6.4% → 6.9% → 7.1%"), {target}.
- below_target_curve (pp=x): the value on the as-of date more than x percentage points below the
  target curve (budget execution). Fields: {value}, {target}, {gap}.
- falling_run (weeks=n): the weekly series fell week on week in each of the last n weeks.
  Fields: {n}, {values}.
- below_last_year (pct=y): the latest month (to the as-of date) more than y% below the same days of
  that month a year earlier (the metric as of the same date last year).
  Fields: {month}, {value}, {previous}, {drop}.
- stale (days=d): a dataset's as-of date more than d days behind the newest dataset's.
  Fields: {dataset}, {as_of}, {latest}, {days}.

grain 'office_and_divisions': evaluated for the office (기획관 전체) and each division, the warning
belongs to that division (or the office); 'owner': evaluated once, the warning belongs to `owner`.
Severity: 'high' | 'medium' | 'low'.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class AlertRule:
    id: str
    metric: str | None  # a metric id of the metric layer; None for the dataset rule
    condition: str
    params: dict = field(default_factory=dict, hash=False)
    severity: str = "medium"
    grain: str = "office_and_divisions"
    owner: str | None = None
    title_ko: str = ""
    title_en: str = ""
    text_ko: str = ""
    text_en: str = ""

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_ko


# The division each dataset belongs to (None: office-wide data, shown to executives only).
DATASET_OWNERS: dict[str, str | None] = {
    "budget": None, "complaints": None, "hall_visits": "civic", "brand_reach": "brand",
    "sns_followers": "newmedia", "services": "rapid",
}

RULES: tuple[AlertRule, ...] = (
    AlertRule(
        id="delay_above_target", metric="complaint_delay_rate", condition="above_target_run",
        params={"months": 3}, severity="high",
        title_ko="민원처리지연율 목표 초과 지속", title_en="Complaint delay rate above target",
        text_ko="{n}개월 연속 목표 초과: {values} (목표 {target})",
        text_en="Above target {n} months running: {values} (target {target})"),
    AlertRule(
        id="execution_below_curve", metric="budget_execution_rate", condition="below_target_curve",
        params={"pp": 15.0}, severity="high",
        title_ko="예산 집행 부진", title_en="Budget execution lagging",
        text_ko="집행률 {value}: 목표 곡선 {target}보다 {gap} 낮음",
        text_en="Execution {value}: {gap} below the target curve's {target}"),
    AlertRule(
        id="sns_followers_falling", metric="sns_total_followers", condition="falling_run",
        params={"weeks": 1}, severity="medium", grain="owner", owner="newmedia",
        title_ko="SNS 친구 수 감소", title_en="SNS followers falling",
        text_ko="{n}주 연속 전주 대비 감소: {values}",
        text_en="Down week on week {n} week(s) running: {values}"),
    AlertRule(
        id="hall_visitors_below_last_year", metric="hall_daily_visitors", condition="below_last_year",
        params={"pct": 20.0}, severity="medium", grain="owner", owner="civic",
        title_ko="시민청 방문객 감소", title_en="Citizen Hall visitors down",
        text_ko="{month} 일평균 {value}: 전년 같은 기간 {previous}보다 {drop} 적음",
        text_en="{month}: {value} a day, {drop} below the same days last year ({previous})"),
    AlertRule(
        id="dataset_stale", metric=None, condition="stale", params={"days": 35}, severity="low",
        grain="dataset",
        title_ko="자료 갱신 중단", title_en="Dataset stopped arriving",
        text_ko="'{dataset}' 기준일 {as_of}: 최신 자료({latest})보다 {days}일 늦음",
        text_en="'{dataset}' as of {as_of}: {days} days behind the newest data ({latest})"),
)
