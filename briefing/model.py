"""The executive briefing as data: headline KPIs, summary sentences, laggards and off-target figures.

`build_briefing(engine=, scope=, as_of=, lang=)` reads the query layer (every query with the
caller's scope) and returns a frozen, picklable `Briefing` whose texts are already formatted as
the screen shows them (rates with two decimals and %, counts with separators, money in 억원).
The overview page gets it through the shared cache (`ui.data.q`), which passes its reader as `read`
(metrics.reading): the metric values, tables and forecast the briefing reads are then the same cache
entries the overview's warnings and forecast block read, computed once per refresh interval. The PDF
is drawn from it; the mail and the bench call it without a reader (straight to the database).

Definitions: the headline KPIs and the figures of the summary come from the metric layer
(`metrics.value`, see metrics/registry.py), so the cards, the summary, the PDF, the wall and every
page show the same strings. The overview cards are `KPI_METRICS`.
- Lagging programmes: `budget.lagging_programmes` below the execution target curve on the as-of
  date (`config.targets.execution_target_on`), the three lowest.
- Off-target figures: per division the budget execution rate and, where complaints fell due this
  year, the delay rate (the query layer's by-division rows), plus the metrics a division owns
  (시민청 일평균 방문객 and 만족도, SNS 친구 수, 외국어 홈페이지/SNS 일평균) from the metric layer, each
  against `target_for(..., division=code)`. Listed when not on track, off track first.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from config.i18n import t
from config.targets import execution_target_on
import metrics
from data_access import budget, citizen_hall, complaints, org
from metrics import MetricValue
from metrics.divisions import DivisionReading, division_statuses, readings
from metrics.display import delta_color, fmt_change, fmt_value
from metrics.reading import Reader, direct
from data_access.scope import Scope
from config.formats import fmt_count, fmt_date, fmt_pp, fmt_rate, round_half_up

SEVERITY = {"off_track": 0, "watch": 1}
METRIC_ORDER = {m.id: i for i, m in enumerate(metrics.METRICS)}


# --- the dataclasses ------------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return isinstance(value, float) and math.isnan(value)
    except TypeError:
        return False


def _plain(value: Any) -> Any:
    """A cell as a plain Python value (numpy scalars unwrapped, NaN/NA as None)."""
    if _missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


@dataclass(frozen=True)
class Table:
    """A small immutable table (chart data inside the Briefing): hashable, comparable, picklable."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    @classmethod
    def of(cls, frame: pd.DataFrame, columns: list[str]) -> Table:
        rows = tuple(tuple(_plain(v) for v in row) for row in frame[columns].itertuples(index=False, name=None))
        return cls(tuple(columns), rows)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(list(self.rows), columns=list(self.columns))

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class Kpi:
    """A headline figure as the overview card shows it (texts formatted; status a code or None)."""

    key: str
    label: str
    value: str
    delta: str | None = None  # the change (+1.73%p)
    delta_color: str = "normal"
    help: str | None = None
    target: str | None = None  # the target value, formatted
    status: str | None = None  # 'on_track' | 'watch' | 'off_track'
    caption: str | None = None  # what the figure covers: scope · period
    delta_description: str | None = None  # what the change is against (전년 6.07%)
    series: tuple[float | None, ...] = ()  # the sparkline: the metric's last 12 periods
    metric_id: str | None = None  # the registry entry behind the card

    @property
    def delta_line(self) -> str | None:
        """The change and what it is against in one line, as the wall and the PDF print it."""
        return f"{self.delta} ({self.delta_description})" if self.delta and self.delta_description else self.delta


@dataclass(frozen=True)
class LaggingProgramme:
    """A unit programme below the execution target curve (amounts in won, rate in percent)."""

    code: str
    name: str
    division_code: str
    division_name: str
    current_budget_won: int
    executed_won: int
    execution_rate: float
    rate_text: str


@dataclass(frozen=True)
class OffTarget:
    """A division figure that misses its target."""

    division_code: str
    division_name: str
    metric: str
    metric_name: str
    value: float
    value_text: str
    target: float
    target_text: str
    status: str  # 'watch' | 'off_track'


@dataclass(frozen=True)
class Briefing:
    """Everything the overview and the PDF show, texts formatted in `lang`; chart data as `Table`s
    (execution_by_division, execution_trend, delay_by_month for last year and this, hall_monthly)."""

    lang: str
    division_code: str | None  # the scope (None: the whole office)
    as_of: dt.date
    unit_name: str  # 시민소통기획관 or the division's name
    title: str
    kpis: tuple[Kpi, ...]
    summary: tuple[str, ...]
    lagging: tuple[LaggingProgramme, ...]
    lagging_target: float  # the execution target curve on the as-of date, percent
    off_target: tuple[OffTarget, ...]
    execution_by_division: Table
    execution_trend: Table
    delay_by_month: Table
    hall_monthly: Table
    # the year-end execution projection (metrics.forecast): "전망: ..." sentence, labelled, or None
    forecast: str | None = None


# --- formatting helpers ---------------------------------------------------------------------------


def _unit(key: str, lang: str) -> str:
    return t(key, lang) if lang == "ko" else ""


def _gap_pp(value: float, lang: str) -> str:
    """An unsigned gap in percentage points: 1.93%p / 1.93 pp."""
    return fmt_pp(abs(value), lang).lstrip("+")


def _sentence(lead: str, values: dict, clauses: list[tuple[str, dict]], lang: str) -> str:
    """A lead clause and comparison clauses as one sentence; the last clause uses its '.end' form."""
    if not clauses:
        return t(f"{lead}.end", lang, **values)
    parts = [t(lead, lang, **values)]
    parts += [t(key, lang, **kw) for key, kw in clauses[:-1]]
    key, kw = clauses[-1]
    parts.append(t(f"{key}.end", lang, **kw))
    return " ".join(parts)


def _change_clause(prefix: str, delta: float, lang: str, **kw) -> tuple[str, dict]:
    """'…보다 2.10%p 올랐고' style: up/down/same by the change rounded as shown (two decimals)."""
    shown = round_half_up(delta, 2)
    direction = "up" if shown > 0 else "down" if shown < 0 else "same"
    return f"{prefix}_{direction}", {**kw, "delta": _gap_pp(delta, lang)}


# --- the pieces -----------------------------------------------------------------------------------


# The overview's cards, in order: (card key, metric id); the briefing reads these and the
# off-target figures through the metric layer (metrics.value), as every screen does.
KPI_METRICS: tuple[tuple[str, str], ...] = (
    ("execution", "budget_execution_rate"), ("delay", "complaint_delay_rate"), ("hall", "hall_cumulative_visitors"),
    ("brand", "brand_event_participants"), ("foreign", "foreign_sns_views"), ("sns", "sns_total_followers"),
)
READ = ("budget_execution_rate", "budget_current", "budget_executed", "complaint_delay_rate",
        "hall_cumulative_visitors", "hall_daily_visitors", "hall_satisfaction", "brand_event_participants",
        "foreign_sns_views", "foreign_site_daily_visits", "foreign_sns_daily_views", "sns_total_followers")


def read_metrics(engine: Engine, scope: Scope, as_of: dt.date, read: Reader | None = None) -> dict[str, MetricValue]:
    """Every metric the briefing shows, for the scope at the as-of date (`read`: as build_briefing's)."""
    read = read or direct(engine)
    return {m: read(metrics.value, scope=scope, metric_id=m, as_of=as_of) for m in READ}


def kpi_of(key: str, v: MetricValue, lang: str, daily: MetricValue | None = None) -> Kpi:
    """The overview card of a metric value (the same texts as every other screen's card)."""
    delta, against = (v.change_text(lang), v.comparison_text(lang)) if v.comparison_text(lang) else (None, None)
    if key == "hall" and daily is not None and daily.value is not None:  # the report's headline pair
        delta, against = t("overview.hall_avg", lang, value=daily.value_text(lang)), None
    return Kpi(key, v.label(lang), v.value_text(lang), delta=delta,
               delta_color="off" if key == "hall" else delta_color(v.metric), help=v.metric.definition(lang),
               target=v.target_text(lang), status=v.status, caption=v.caption(lang), delta_description=against,
               series=tuple(None if math.isnan(x) else float(x) for x in v.series["value"]), metric_id=v.metric_id)


def _kpis(m: dict[str, MetricValue], lang: str) -> list[Kpi]:
    return [kpi_of(key, m[metric_id], lang, m["hall_daily_visitors"])
            for key, metric_id in KPI_METRICS if m[metric_id].value is not None]


def _lagging(frame: pd.DataFrame, lang: str) -> list[LaggingProgramme]:
    en = lang == "en"
    return [LaggingProgramme(code=r.code, name=r.name_en if en else r.name_ko, division_code=r.division_code,
                             division_name=r.division_name_en if en else r.division_name_ko,
                             current_budget_won=int(r.current_budget_won), executed_won=int(r.executed_won),
                             execution_rate=float(r.execution_rate), rate_text=fmt_rate(r.execution_rate))
            for r in frame.itertuples()]


def _off_target(statuses: list[DivisionReading], names: dict[str, str], order: dict[str, int],
                lang: str) -> list[OffTarget]:
    """The division figures off or near their target (metrics.divisions), worst first, as texts."""
    rows = []
    for r in statuses:
        if r.status == "on_track":
            continue
        info = metrics.get(r.metric_id)  # the registry's label and format, as on every card
        rows.append(OffTarget(division_code=r.division_code, division_name=names.get(r.division_code, r.division_code),
                              metric=r.metric_id, metric_name=info.label(lang), value=r.value,
                              value_text=fmt_value(info, r.value, lang), target=r.target,
                              target_text=fmt_value(info, r.target, lang), status=r.status))
    rows.sort(key=lambda r: (SEVERITY[r.status], order.get(r.division_code, 99), METRIC_ORDER[r.metric]))
    return rows


def _target_clause_of(v: MetricValue, lang: str) -> list[tuple[str, dict]]:
    """The target clause of a metric value ('목표(55.00%)에 1.93%p 못 미칩니다(주의)'), none without a status."""
    if v.status is None:
        return []
    kw = {"target": v.target_text(lang), "status": t(f"status.{v.status}", lang)}
    higher = v.metric.direction == "higher"
    if v.status == "on_track":
        return [("briefing.s.target_met" if higher else "briefing.s.target_within", kw)]
    gap = fmt_change(v.metric, abs(v.gap), lang).lstrip("+")
    return [("briefing.s.target_short" if higher else "briefing.s.target_over", {**kw, "gap": gap})]


def _summary(m: dict[str, MetricValue], as_of: dt.date, lagging: list[LaggingProgramme], lagging_target: float,
             off: list[OffTarget], lang: str) -> list[str]:
    sentences = []
    ex = m["budget_execution_rate"]
    if ex.value is not None:
        clauses = []
        if ex.change is not None:
            clauses.append(_change_clause("briefing.s.prev", ex.change, lang,
                                          date=fmt_date(ex.comparison_period.end, lang)))
        clauses += _target_clause_of(ex, lang)
        sentences.append(_sentence("briefing.s.execution", dict(
            date=fmt_date(ex.period.end, lang), rate=ex.value_text(lang),
            current=m["budget_current"].value_text(lang), executed=m["budget_executed"].value_text(lang)),
            clauses, lang))
    d = m["complaint_delay_rate"]
    if d.value is not None:
        clauses = []
        if d.change is not None:
            clauses.append(_change_clause("briefing.s.last_year", d.change, lang, value=d.previous_text(lang)))
        clauses += _target_clause_of(d, lang)
        sentences.append(_sentence("briefing.s.delay", dict(
            year=as_of.year, rate=d.value_text(lang), due=fmt_count(d.detail("due")),
            delayed=fmt_count(d.detail("delayed"))), clauses, lang))
    cumulative, daily = m["hall_cumulative_visitors"], m["hall_daily_visitors"]
    if cumulative.value is not None and daily.value is not None:
        sentences.append(_sentence("briefing.s.hall", dict(
            opened=fmt_date(cumulative.period.start, lang), cumulative=cumulative.value_text(lang),
            average=daily.value_text(lang)), _target_clause_of(daily, lang), lang))
    followers = m["sns_total_followers"]
    if followers.value is not None:
        sentences.append(_sentence("briefing.s.sns", dict(followers=followers.value_text(lang)),
                                   _target_clause_of(followers, lang), lang))
    counts = dict(count=len(off), off=sum(r.status == "off_track" for r in off),
                  watch=sum(r.status == "watch" for r in off))
    if lagging:
        first = lagging[0]
        closing = ("briefing.s.off_target", counts) if off else ("briefing.s.off_target_none", {})
        sentences.append(_sentence("briefing.s.lagging", dict(
            name=first.name, division=first.division_name, rate=first.rate_text, target=fmt_rate(lagging_target)),
            [closing], lang))
    elif sentences:
        sentences.append(t("briefing.s.off_target.end", lang, **counts) if off
                         else t("briefing.s.off_target_none_only.end", lang))
    return sentences


def build_briefing(*, engine: Engine, scope: Scope, as_of: dt.date, lang: str, read: Reader | None = None) -> Briefing:
    """The briefing of `scope` at `as_of` in `lang` ('ko' or 'en'); every figure within the scope.
    `read`: how the reads are made (metrics.reading; default: straight to `engine`)."""
    read = read or direct(engine)
    divisions = read(org.divisions, scope=scope)
    name_column = "name_en" if lang == "en" else "name_ko"
    names = dict(zip(divisions["division_code"], divisions[name_column], strict=True))
    order = {code: i for i, code in enumerate(divisions["division_code"])}
    unit_name = t("briefing.office", lang) if scope.is_office else names.get(scope.division_code, scope.division_code)

    m = read_metrics(engine, scope, as_of, read)
    year_start = dt.date(as_of.year, 1, 1)
    by_division = read(budget.execution_by_division, scope=scope, as_of=as_of)
    delay_by_division = read(complaints.delay_by_division, scope=scope, start=year_start, end=as_of)
    lagging_target = execution_target_on(as_of)
    lagging = _lagging(read(budget.lagging_programmes, scope=scope, as_of=as_of, below_rate=lagging_target, limit=3),
                       lang)
    statuses = division_statuses(engine=engine, scope=scope, as_of=as_of,
                                 readings=readings(scope, m, by_division, delay_by_division), read=read)
    off = _off_target(statuses, names, order, lang)
    trend = read(budget.execution_trend, scope=scope, as_of=as_of)
    by_month = read(complaints.delay_rate_by_month, scope=scope, start=dt.date(as_of.year - 1, 1, 1), end=as_of)
    hall_months = read(citizen_hall.hall_monthly, scope=scope, start=dt.date(as_of.year - 1, 1, 1), end=as_of)
    return Briefing(
        lang=lang, division_code=scope.division_code, as_of=as_of, unit_name=unit_name,
        title=t("briefing.title", lang, unit=unit_name),
        kpis=tuple(_kpis(m, lang)),
        summary=tuple(_summary(m, as_of, lagging, lagging_target, off, lang)),
        lagging=tuple(lagging), lagging_target=lagging_target, off_target=tuple(off),
        execution_by_division=Table.of(by_division, ["division_code", "name_ko", "name_en", "current_budget_won",
                                                     "executed_won", "execution_rate"]),
        execution_trend=Table.of(trend, ["as_of", "execution_rate"]),
        delay_by_month=Table.of(by_month, ["year", "month", "due", "delayed", "delay_rate"]),
        hall_monthly=Table.of(hall_months, ["year", "month", "visitors", "avg_per_open_day"]),
        forecast=_forecast(read, scope, as_of, lang),
    )


def _forecast(read: Reader, scope: Scope, as_of: dt.date, lang: str) -> str | None:
    """The scope's year-end projection in one sentence, labelled as a projection (None without budget)."""
    from metrics import forecast

    item = forecast.headline(read(forecast.execution_forecast, scope=scope, as_of=as_of),
                             None if scope.is_office else scope.division_code)
    if item is None:
        return None
    return f"{t('forecast.badge', lang)}: {forecast.sentence(item, lang)}"
