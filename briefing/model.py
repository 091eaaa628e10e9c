"""The executive briefing as data: headline KPIs, summary sentences, laggards and off-target figures.

`build_briefing(engine=, scope=, as_of=, lang=)` reads the query layer (every query with the
caller's scope) and returns a frozen, picklable `Briefing` whose texts are already formatted as
the screen shows them (rates with two decimals and %, counts with separators, money in 억원).
The overview page gets it through the shared cache (`ui.data.q`); the PDF is drawn from it.

Definitions:
- Headline KPIs: as on the overview cards. 예산 집행률 = 집행액 / 예산현액 at the as-of date, change
  against the previous budget snapshot; 민원처리지연율 for 1 January to the as-of date, change
  against the whole previous year; statuses from `data_access.targets.status` against the scope's
  target row (a division falls back to the office row).
- Lagging programmes: `budget.lagging_programmes` below the execution target curve on the as-of
  date (`config.targets.execution_target_on`), the three lowest.
- Off-target figures: per division the budget execution rate and, where complaints fell due this
  year, the delay rate, plus the figures of the datasets a division owns (시민청 일평균 방문객 and
  만족도 for civic, SNS·블로그 친구 수 for newmedia, 외국어 홈페이지/SNS 일평균 for brand), each against
  `target_for(..., division=code)`. Listed when not on track ('watch' or 'off_track'), off track
  first.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from config.i18n import t
from config.targets import METRICS, execution_target_on
from data_access import brand, budget, citizen_hall, complaints, org, sns
from data_access import targets as kpi_targets
from data_access.ownership import BRAND_OWNER, HALL_OWNER, SNS_OWNER
from data_access.scope import Scope
from config.formats import fmt_count, fmt_date, fmt_money_headline, fmt_pp, fmt_rate, round_half_up

SEVERITY = {"off_track": 0, "watch": 1}
METRIC_ORDER = {code: i for i, code in enumerate(METRICS)}


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
    delta: str | None = None
    delta_color: str = "normal"
    help: str | None = None
    target: str | None = None  # the target value, formatted
    status: str | None = None  # 'on_track' | 'watch' | 'off_track'


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


def fmt_metric(value: float, metric: str, lang: str) -> str:
    """A metric value as the screen shows it: rates 53.07%, counts 5,315명 (no unit in English)."""
    unit = METRICS[metric].unit
    if unit == "%":
        return fmt_rate(value)
    return fmt_count(value, unit if lang == "ko" else "")


def _gap_metric(value: float, metric: str, lang: str) -> str:
    return _gap_pp(value, lang) if METRICS[metric].unit == "%" else fmt_metric(abs(value), metric, lang)


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


def _target_clause(value: float, target: kpi_targets.TargetLike, metric: str, lang: str) -> tuple[str, dict]:
    state = kpi_targets.status(value, target)
    kw = {"target": fmt_metric(target.target, metric, lang), "status": t(f"status.{state}", lang)}
    gap = value - float(target.target)
    if target.direction == "higher":
        if state == "on_track":
            return "briefing.s.target_met", kw
        return "briefing.s.target_short", {**kw, "gap": _gap_metric(gap, metric, lang)}
    if state == "on_track":
        return "briefing.s.target_within", kw
    return "briefing.s.target_over", {**kw, "gap": _gap_metric(gap, metric, lang)}


# --- the pieces -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Figures:
    """Everything the briefing reads, queried once."""

    execution: budget.BudgetSummary
    previous: budget.BudgetSummary | None
    execution_target: Any
    delay: complaints.DelayRate
    delay_last: complaints.DelayRate
    delay_target: Any
    hall: citizen_hall.HallSummary
    hall_target: Any
    campaigns: pd.DataFrame
    foreign: pd.DataFrame
    followers: pd.DataFrame
    sns_target: Any


def _read(engine: Engine, scope: Scope, as_of: dt.date) -> _Figures:
    year_start = dt.date(as_of.year, 1, 1)
    dates = budget.budget_snapshot_dates(engine=engine, scope=scope, as_of=as_of)
    target = lambda metric: kpi_targets.target_for(engine=engine, scope=scope, metric=metric, year=as_of.year)  # noqa: E731
    return _Figures(
        execution=budget.office_execution(engine=engine, scope=scope, as_of=as_of),
        previous=budget.office_execution(engine=engine, scope=scope, as_of=dates[-2]) if len(dates) > 1 else None,
        execution_target=target("budget_execution_rate"),
        delay=complaints.delay_rate(engine=engine, scope=scope, start=year_start, end=as_of),
        delay_last=complaints.delay_rate(engine=engine, scope=scope, start=dt.date(as_of.year - 1, 1, 1),
                                         end=dt.date(as_of.year - 1, 12, 31)),
        delay_target=target("complaint_delay_rate"),
        hall=citizen_hall.hall_summary(engine=engine, scope=scope, as_of=as_of),
        hall_target=target("hall_daily_visitors"),
        campaigns=brand.campaign_reach_by_kind(engine=engine, scope=scope, start=year_start, end=as_of),
        foreign=brand.foreign_totals(engine=engine, scope=scope, start=year_start, end=as_of).set_index("kind"),
        followers=sns.sns_latest(engine=engine, scope=scope, as_of=as_of, kinds=("sns", "blog")),
        sns_target=target("sns_total_followers"),
    )


def _status(value: float | None, target) -> str | None:
    return kpi_targets.status(value, target) if target is not None and not _missing(value) else None


def _kpis(f: _Figures, lang: str) -> list[Kpi]:
    people = _unit("unit.people", lang)
    cards: list[Kpi] = []
    if f.execution.execution_rate is not None:
        delta = None
        if f.previous is not None and f.previous.execution_rate is not None:
            delta = fmt_pp(f.execution.execution_rate - f.previous.execution_rate, lang)
        cards.append(Kpi("execution", t("overview.kpi.execution", lang), fmt_rate(f.execution.execution_rate),
                         delta=delta, help=t("overview.help.execution", lang),
                         target=fmt_rate(f.execution_target.target) if f.execution_target else None,
                         status=_status(f.execution.execution_rate, f.execution_target)))
    if f.delay.delay_rate is not None:
        delta = None
        if f.delay_last.delay_rate is not None:
            delta = t("overview.delta.vs_last_year", lang, delta=fmt_pp(f.delay.delay_rate - f.delay_last.delay_rate, lang),
                      value=fmt_rate(f.delay_last.delay_rate))
        cards.append(Kpi("delay", t("overview.kpi.delay", lang), fmt_rate(f.delay.delay_rate), delta=delta,
                         delta_color="inverse", help=t("overview.help.delay", lang),
                         target=fmt_rate(f.delay_target.target) if f.delay_target else None,
                         status=_status(f.delay.delay_rate, f.delay_target)))
    if f.hall.cumulative_visitors:
        cards.append(Kpi("hall", t("overview.kpi.hall", lang), fmt_count(f.hall.cumulative_visitors, people),
                         delta=t("overview.hall_avg", lang, value=fmt_count(f.hall.daily_average, people)),
                         delta_color="off", help=t("overview.help.hall", lang)))
    if len(f.campaigns):
        participants = f.campaigns[f.campaigns["kind"].isin(["festival", "overseas"])]["participants"].sum()
        cards.append(Kpi("brand", t("overview.kpi.brand", lang), fmt_count(participants, people),
                         help=t("overview.help.brand", lang)))
    if "sns" in f.foreign.index:
        cards.append(Kpi("foreign", t("overview.kpi.foreign", lang), fmt_count(f.foreign.loc["sns", "reach"])))
    if len(f.followers):
        total = int(f.followers["followers"].sum())
        cards.append(Kpi("sns", t("overview.kpi.sns", lang), fmt_count(total, people), help=t("overview.help.sns", lang),
                         target=fmt_metric(f.sns_target.target, "sns_total_followers", lang) if f.sns_target else None,
                         status=_status(total, f.sns_target)))
    return cards


def _lagging(frame: pd.DataFrame, lang: str) -> list[LaggingProgramme]:
    en = lang == "en"
    return [LaggingProgramme(code=r.code, name=r.name_en if en else r.name_ko, division_code=r.division_code,
                             division_name=r.division_name_en if en else r.division_name_ko,
                             current_budget_won=int(r.current_budget_won), executed_won=int(r.executed_won),
                             execution_rate=float(r.execution_rate), rate_text=fmt_rate(r.execution_rate))
            for r in frame.itertuples()]


def _readings(scope: Scope, as_of: dt.date, f: _Figures, by_division: pd.DataFrame,
              delay_by_division: pd.DataFrame) -> list[tuple[str, str, float]]:
    """(division_code, metric, value) of every division figure that has a target."""
    out = [(r.division_code, "budget_execution_rate", float(r.execution_rate))
           for r in by_division.itertuples() if not _missing(r.execution_rate)]
    out += [(r.division_code, "complaint_delay_rate", float(r.delay_rate))
            for r in delay_by_division.itertuples() if r.due > 0 and not _missing(r.delay_rate)]
    if scope.allows(HALL_OWNER) and f.hall.daily_average is not None:
        out.append((HALL_OWNER, "hall_daily_visitors", f.hall.daily_average))
        if f.hall.satisfaction_pct is not None:
            out.append((HALL_OWNER, "hall_satisfaction", f.hall.satisfaction_pct))
    if scope.allows(SNS_OWNER) and len(f.followers):
        out.append((SNS_OWNER, "sns_total_followers", float(f.followers["followers"].sum())))
    if scope.allows(BRAND_OWNER):
        days = (as_of - dt.date(as_of.year, 1, 1)).days + 1  # calendar days to the as-of date
        for kind, metric in (("site", "foreign_site_daily_visits"), ("sns", "foreign_sns_daily_views")):
            if kind in f.foreign.index:
                out.append((BRAND_OWNER, metric, float(f.foreign.loc[kind, "reach"]) / days))
    return out


def _off_target(engine: Engine, scope: Scope, as_of: dt.date, readings: list[tuple[str, str, float]],
                names: dict[str, str], order: dict[str, int], lang: str) -> list[OffTarget]:
    rows = []
    for code, metric, value in readings:
        target = kpi_targets.target_for(engine=engine, scope=scope, metric=metric, year=as_of.year, division=code)
        if target is None:
            continue
        state = kpi_targets.status(value, target)
        if state == "on_track":
            continue
        info = METRICS[metric]
        rows.append(OffTarget(division_code=code, division_name=names.get(code, code), metric=metric,
                              metric_name=info.name_en if lang == "en" else info.name_ko, value=value,
                              value_text=fmt_metric(value, metric, lang), target=float(target.target),
                              target_text=fmt_metric(target.target, metric, lang), status=state))
    rows.sort(key=lambda r: (SEVERITY[r.status], order.get(r.division_code, 99), METRIC_ORDER[r.metric]))
    return rows


def _summary(f: _Figures, as_of: dt.date, lagging: list[LaggingProgramme], lagging_target: float,
             off: list[OffTarget], lang: str) -> list[str]:
    people = _unit("unit.people", lang)
    sentences = []
    ex = f.execution
    if ex.execution_rate is not None:
        clauses = []
        if f.previous is not None and f.previous.execution_rate is not None:
            clauses.append(_change_clause("briefing.s.prev", ex.execution_rate - f.previous.execution_rate, lang,
                                          date=fmt_date(f.previous.snapshot_date, lang)))
        if f.execution_target is not None:
            clauses.append(_target_clause(ex.execution_rate, f.execution_target, "budget_execution_rate", lang))
        sentences.append(_sentence("briefing.s.execution", dict(
            date=fmt_date(ex.snapshot_date, lang), rate=fmt_rate(ex.execution_rate),
            current=fmt_money_headline(ex.current_budget_won, lang),
            executed=fmt_money_headline(ex.executed_won, lang)), clauses, lang))
    d = f.delay
    if d.delay_rate is not None:
        clauses = []
        if f.delay_last.delay_rate is not None:
            clauses.append(_change_clause("briefing.s.last_year", d.delay_rate - f.delay_last.delay_rate, lang,
                                          value=fmt_rate(f.delay_last.delay_rate)))
        if f.delay_target is not None:
            clauses.append(_target_clause(d.delay_rate, f.delay_target, "complaint_delay_rate", lang))
        sentences.append(_sentence("briefing.s.delay", dict(
            year=as_of.year,
            rate=fmt_rate(d.delay_rate), due=fmt_count(d.due), delayed=fmt_count(d.delayed)), clauses, lang))
    h = f.hall
    if h.cumulative_visitors and h.daily_average is not None:
        clauses = [_target_clause(h.daily_average, f.hall_target, "hall_daily_visitors", lang)] if f.hall_target else []
        sentences.append(_sentence("briefing.s.hall", dict(
            opened=fmt_date(h.first_day, lang), cumulative=fmt_count(h.cumulative_visitors, people),
            average=fmt_count(h.daily_average, people)), clauses, lang))
    if len(f.followers):
        total = int(f.followers["followers"].sum())
        clauses = [_target_clause(total, f.sns_target, "sns_total_followers", lang)] if f.sns_target else []
        sentences.append(_sentence("briefing.s.sns", dict(followers=fmt_count(total, people)), clauses, lang))
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


def build_briefing(*, engine: Engine, scope: Scope, as_of: dt.date, lang: str) -> Briefing:
    """The briefing of `scope` at `as_of` in `lang` ('ko' or 'en'); every figure within the scope."""
    divisions = org.divisions(engine=engine, scope=scope)
    name_column = "name_en" if lang == "en" else "name_ko"
    names = dict(zip(divisions["division_code"], divisions[name_column], strict=True))
    order = {code: i for i, code in enumerate(divisions["division_code"])}
    unit_name = t("briefing.office", lang) if scope.is_office else names.get(scope.division_code, scope.division_code)

    f = _read(engine, scope, as_of)
    year_start = dt.date(as_of.year, 1, 1)
    by_division = budget.execution_by_division(engine=engine, scope=scope, as_of=as_of)
    delay_by_division = complaints.delay_by_division(engine=engine, scope=scope, start=year_start, end=as_of)
    lagging_target = execution_target_on(as_of)
    lagging = _lagging(budget.lagging_programmes(engine=engine, scope=scope, as_of=as_of,
                                                 below_rate=lagging_target, limit=3), lang)
    off = _off_target(engine, scope, as_of, _readings(scope, as_of, f, by_division, delay_by_division),
                      names, order, lang)
    trend = budget.execution_trend(engine=engine, scope=scope, as_of=as_of)
    by_month = complaints.delay_rate_by_month(engine=engine, scope=scope, start=dt.date(as_of.year - 1, 1, 1), end=as_of)
    hall_months = citizen_hall.hall_monthly(engine=engine, scope=scope, start=dt.date(as_of.year - 1, 1, 1), end=as_of)
    return Briefing(
        lang=lang, division_code=scope.division_code, as_of=as_of, unit_name=unit_name,
        title=t("briefing.title", lang, unit=unit_name),
        kpis=tuple(_kpis(f, lang)),
        summary=tuple(_summary(f, as_of, lagging, lagging_target, off, lang)),
        lagging=tuple(lagging), lagging_target=lagging_target, off_target=tuple(off),
        execution_by_division=Table.of(by_division, ["division_code", "name_ko", "name_en", "current_budget_won",
                                                     "executed_won", "execution_rate"]),
        execution_trend=Table.of(trend, ["as_of", "execution_rate"]),
        delay_by_month=Table.of(by_month, ["year", "month", "due", "delayed", "delay_rate"]),
        hall_monthly=Table.of(hall_months, ["year", "month", "visitors", "avg_per_open_day"]),
        forecast=_forecast(engine, scope, as_of, lang),
    )


def _forecast(engine: Engine, scope: Scope, as_of: dt.date, lang: str) -> str | None:
    """The scope's year-end projection in one sentence, labelled as a projection (None without budget)."""
    from metrics import forecast

    item = forecast.headline(forecast.execution_forecast(engine=engine, scope=scope, as_of=as_of),
                             None if scope.is_office else scope.division_code)
    if item is None:
        return None
    return f"{t('forecast.badge', lang)}: {forecast.sentence(item, lang)}"
