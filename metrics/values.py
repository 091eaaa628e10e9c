"""`value()`: one metric for one scope, as-of date and filters, as a picklable `MetricValue`.

All rate, change and status arithmetic of the product's KPIs is here (and the display strings in
`metrics.display`). The inputs come from the `data_access` function named in the registry, always
with the caller's scope. Missing inputs give value None ("no value"), never 0.

The series: the last 12 periods of the metric's natural grain (calendar months; weeks ending on
the as-of date for SNS; surveys for satisfaction), columns period_end (date), value (float, NaN when
missing), target (float or NaN). For a year-to-date average or total the month's own figure is shown
(visitors per open day of the month, the month's participants); for a stock, its level at the
period's end (open complaints, cumulative visitors or cases); for a window rate, the rate of the
window ending on each period's end (SNS growth).

The partial last month, one rule: a FLOW (a count or sum over each month: complaints due,
participants, reach, Eungdapso cases) ends on the last COMPLETE month: when the as-of date is not
its month's last day the month so far is left out and the series is the 12 complete months before
it (a month-to-date total reads as a fall on a sparkline). Stocks, rates and averages keep the
month to date as their last point (a level or a rate on the as-of date compares with the others).
Eungdapso's months end where its reporting window does (the month before the as-of month).
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from config.i18n import MONTH_NAMES_EN, t
from config.rules import HALL_OPENING, IMMINENT_DAYS, SNS_MAIN_KINDS, eungdapso_window
from config.targets import execution_target_on
from data_access import brand, budget, citizen_hall, complaints, org, services, sns
from data_access import targets as kpi_targets
from data_access.scope import Scope
from config.formats import fmt_date
from metrics.reading import Reader, direct
from metrics.registry import Metric, get

SERIES_LENGTH = 12
SERIES_COLUMNS = ["period_end", "value", "target"]


@dataclass(frozen=True)
class Period:
    """A span of days (start = end for a stock on one date) and how a card names it."""

    start: dt.date
    end: dt.date
    label_ko: str
    label_en: str

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_ko


@dataclass(frozen=True)
class MetricValue:
    """A metric's figure for one scope and as-of date (see `metrics.display` for its texts)."""

    metric_id: str
    value: float | None
    previous: float | None
    change: float | None  # value − previous (percentage points for a percent)
    target: float | None
    status: str | None  # 'on_track' | 'watch' | 'off_track' | None (no target or no value)
    period: Period
    comparison_period: Period | None
    as_of: dt.date
    scope_code: str | None  # the division the figure covers; None: the whole office (기획관 전체)
    scope_label_ko: str
    scope_label_en: str
    series: pd.DataFrame = field(compare=False)
    details: tuple[tuple[str, Any], ...] = ()  # extra figures for help texts (e.g. ('due', 6000))

    @property
    def metric(self) -> Metric:
        return get(self.metric_id)

    @property
    def gap(self) -> float | None:
        """value − target (None without either): how far above (+) or below (−) the target."""
        return self.value - self.target if self.value is not None and self.target is not None else None

    def detail(self, key: str, default: Any = None) -> Any:
        return dict(self.details).get(key, default)

    def scope_label(self, lang: str) -> str:
        return self.scope_label_en if lang == "en" else self.scope_label_ko

    # the display strings (one place: metrics.display)
    def label(self, lang: str) -> str:
        return self.metric.label(lang)

    def value_text(self, lang: str) -> str:
        from metrics.display import fmt_value
        return fmt_value(self.metric, self.value, lang)

    def previous_text(self, lang: str) -> str:
        from metrics.display import fmt_value
        return fmt_value(self.metric, self.previous, lang)

    def target_text(self, lang: str) -> str | None:
        from metrics.display import fmt_value
        return fmt_value(self.metric, self.target, lang) if self.target is not None else None

    def change_text(self, lang: str) -> str | None:
        from metrics.display import fmt_change
        return fmt_change(self.metric, self.change, lang)

    def comparison_text(self, lang: str) -> str | None:
        from metrics.display import comparison_text
        return comparison_text(self, lang)

    def delta_text(self, lang: str) -> str | None:
        from metrics.display import delta_text
        return delta_text(self, lang)

    def status_text(self, lang: str) -> str | None:
        from metrics.display import status_text
        return status_text(self, lang)

    def caption(self, lang: str) -> str:
        from metrics.display import caption
        return caption(self, lang)


@dataclass(frozen=True)
class _Raw:
    value: float | None
    previous: float | None
    period: Period
    comparison: Period | None
    series: pd.DataFrame | None = None  # period_end, value (target added later)
    details: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class _Ctx:
    read: Reader
    scope: Scope
    metric: Metric
    as_of: dt.date
    division: str | None  # the division filter within the scope (scope.restrict)
    filters: dict

    def fetch(self, fn: Callable[..., Any], **params: Any) -> Any:
        """The data_access read `fn(**params)` in the caller's scope, through the caller's reader."""
        return self.read(fn, scope=self.scope, **params)


# --- helpers --------------------------------------------------------------------------------------


def _num(v: Any) -> float | None:
    if v is None or v is pd.NA:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _on(day: dt.date) -> Period:
    return Period(day, day, t("metrics.period.on", "ko", date=fmt_date(day, "ko")),
                  t("metrics.period.on", "en", date=fmt_date(day, "en")))


def _span(start: dt.date, end: dt.date) -> Period:
    if start.year == end.year:  # compact: 2016. 1. 1.~8. 10. / 1 Jan–10 Aug 2016
        ko = t("metrics.period.span_year", "ko", start=fmt_date(start, "ko"), end=f"{end.month}. {end.day}.")
        en = t("metrics.period.span_year", "en", start=f"{start.day} {MONTH_NAMES_EN[start.month - 1]}",
               end=fmt_date(end, "en"))
        return Period(start, end, ko, en)
    return Period(start, end, t("metrics.period.span", "ko", start=fmt_date(start, "ko"), end=fmt_date(end, "ko")),
                  t("metrics.period.span", "en", start=fmt_date(start, "en"), end=fmt_date(end, "en")))


def _year(year: int, key: str = "metrics.period.year") -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), t(key, "ko", year=year), t(key, "en", year=year))


def _labelled(start: dt.date, end: dt.date, key: str, **kw) -> Period:
    return Period(start, end, t(key, "ko", **{k: fmt_date(v, "ko") if isinstance(v, dt.date) else v for k, v in kw.items()}),
                  t(key, "en", **{k: fmt_date(v, "en") if isinstance(v, dt.date) else v for k, v in kw.items()}))


def month_ends(as_of: dt.date, n: int = SERIES_LENGTH, *, complete: bool = False) -> list[tuple[dt.date, dt.date]]:
    """(month start, period end) of the last n calendar months; the last period ends on `as_of`, or
    with `complete` (a flow, see the module doc) on the last month end on or before `as_of`."""
    if complete and (as_of + dt.timedelta(days=1)).day != 1:
        as_of = dt.date(as_of.year, as_of.month, 1) - dt.timedelta(days=1)
    out = []
    y, m = as_of.year, as_of.month
    for i in range(n):
        start = dt.date(y, m, 1)
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        out.append((start, min(as_of, nxt - dt.timedelta(days=1))))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def week_ends(as_of: dt.date, n: int = SERIES_LENGTH) -> list[dt.date]:
    """The ends of the last n weeks ending on `as_of` (as_of − 7k days), oldest first."""
    return [as_of - dt.timedelta(days=7 * k) for k in range(n - 1, -1, -1)]


def _series(ends: list[dt.date], values: list[float | None]) -> pd.DataFrame:
    return pd.DataFrame({"period_end": ends, "value": [math.nan if v is None else float(v) for v in values]})


def _monthly(as_of: dt.date, frame: pd.DataFrame, column: str, *, complete: bool = False) -> pd.DataFrame:
    """A (year, month, column) frame laid onto the last 12 months (NaN where a month is absent);
    `complete`: a flow's 12 complete months (see the module doc)."""
    months = month_ends(as_of, complete=complete)
    lookup = {(int(r.year), int(r.month)): _num(getattr(r, column)) for r in frame.itertuples()} if len(frame) else {}
    return _series([e for _, e in months], [lookup.get((s.year, s.month)) for s, _ in months])


def _empty_series(ctx: _Ctx) -> pd.DataFrame:
    ends = week_ends(ctx.as_of) if ctx.metric.series_grain == "week" else [e for _, e in month_ends(ctx.as_of)]
    return _series(ends, [None] * len(ends))


# --- budget ---------------------------------------------------------------------------------------

_BUDGET_FIELD = {"budget_execution_rate": "execution_rate", "budget_original": "budget_won",
                 "budget_current": "current_budget_won", "budget_executed": "executed_won",
                 "budget_carry_over": "carry_over_won"}


def _carry(summary) -> dict:
    """The budget amounts of a snapshot, with carry_over_won = 예산현액 − 예산액."""
    out = dict(vars(summary)) if not isinstance(summary, dict) else dict(summary)
    out["carry_over_won"] = out["current_budget_won"] - out["budget_won"]
    return out


def _budget(ctx: _Ctx) -> _Raw:
    column = _BUDGET_FIELD[ctx.metric.id]
    now = ctx.fetch(budget.office_execution, as_of=ctx.as_of, division=ctx.division)
    amounts = _carry(now)
    if now.snapshot_date is None:
        return _Raw(None, None, _on(ctx.as_of), None)
    dates = ctx.fetch(budget.budget_snapshot_dates, as_of=now.snapshot_date, fiscal_year=ctx.as_of.year,
                                         division=ctx.division)
    earlier = [d for d in dates if d < now.snapshot_date]
    previous, comparison = None, None
    if earlier:
        before = ctx.fetch(budget.office_execution, as_of=earlier[-1], division=ctx.division)
        previous = _num(_carry(before)[column])
        comparison = _labelled(earlier[-1], earlier[-1], "metrics.period.snapshot", date=earlier[-1])
    trend = pd.concat([ctx.fetch(budget.execution_trend, as_of=ctx.as_of, fiscal_year=year, division=ctx.division)
                       for year in sorted({ctx.as_of.year - 1, ctx.as_of.year})], ignore_index=True)
    trend["carry_over_won"] = trend["current_budget_won"] - trend["budget_won"]
    ends, values, targets = [], [], []
    for start, end in month_ends(ctx.as_of):
        rows = trend[(trend["as_of"] >= start) & (trend["as_of"] <= end)] if len(trend) else trend
        ends.append(end)
        values.append(_num(rows[column].iloc[-1]) if len(rows) else None)
        targets.append(execution_target_on(end) if column == "execution_rate" else math.nan)
    series = _series(ends, values).assign(target=targets)
    period = _labelled(now.snapshot_date, now.snapshot_date, "metrics.period.snapshot", date=now.snapshot_date)
    return _Raw(_num(amounts[column]), previous, period, comparison, series,
                (("snapshot_date", now.snapshot_date),))


# --- complaints -----------------------------------------------------------------------------------


def _delay(ctx: _Ctx) -> _Raw:
    start = ctx.filters.get("start") or dt.date(ctx.as_of.year, 1, 1)
    end = ctx.as_of
    if start > end:
        raise ValueError(f"metric {ctx.metric.id}: start {start} is after the as-of date {end}")
    now = ctx.fetch(complaints.delay_rate, start=start, end=end, division=ctx.division)
    if start == dt.date(end.year, 1, 1) and ctx.metric.comparison == "last_year":  # the report's 전년
        comparison = _year(end.year - 1, "metrics.period.last_year")
    else:
        comparison = _span(_year_earlier(start), _year_earlier(end))
    before = ctx.fetch(complaints.delay_rate, start=comparison.start, end=comparison.end, division=ctx.division)
    first = month_ends(ctx.as_of, complete=True)[0][0]  # the earlier start of both rules
    by_month = ctx.fetch(complaints.delay_rate_by_month, start=first, end=ctx.as_of, division=ctx.division)
    if ctx.metric.id == "complaints_due":
        value = float(now.due) if now.due else None
        previous = float(before.due) if before.due else None
        series = _monthly(ctx.as_of, by_month, "due", complete=True)  # a flow
    else:
        value, previous = _num(now.delay_rate), _num(before.delay_rate)
        series = _monthly(ctx.as_of, by_month, "delay_rate")
    return _Raw(value, previous, _span(start, end), comparison, series,
                (("due", now.due), ("delayed", now.delayed)))


def _eungdapso(ctx: _Ctx) -> _Raw:
    start, end = eungdapso_window(ctx.as_of)
    now = ctx.fetch(complaints.channel_volume, channel="eungdapso", start=start, end=end, division=ctx.division)
    p_start, p_end = _year_earlier(start), _year_earlier(end)
    before = ctx.fetch(complaints.channel_volume, channel="eungdapso", start=p_start, end=p_end,
                                       division=ctx.division)
    # the 12 complete months to the window's end (a flow): one statement for all twelve
    months = month_ends(end)
    by_month = ctx.fetch(complaints.channel_received_by_month, channel="eungdapso", start=months[0][0], end=end,
                         division=ctx.division)
    return _Raw(float(now.cases) if now.cases else None, float(before.cases) if before.cases else None,
                _span(start, end), _span(p_start, p_end), _monthly(end, by_month, "received"),
                (("working_days", now.working_days), ("per_day", now.per_day)))


def _open(ctx: _Ctx) -> _Raw:
    lights = ctx.fetch(complaints.open_traffic_light, as_of=ctx.as_of, division=ctx.division,
                                          imminent_days=IMMINENT_DAYS)
    counts = dict(zip(lights["status"], lights["complaints"], strict=True)) if len(lights) else {}
    value = float(sum(counts.values())) if counts else None
    return _Raw(value, None, _on(ctx.as_of), None, _open_series(ctx, value),
                tuple((s, int(counts.get(s, 0))) for s in ("normal", "imminent", "delayed"))
                + (("imminent_days", IMMINENT_DAYS),))


def _open_series(ctx: _Ctx, value: float | None) -> pd.DataFrame | None:
    """Open complaints at each month's end (the last: the as-of day): today's count less what was
    received and plus what was closed after that day (the daily rollup's received and closed)."""
    if value is None:
        return None
    months = month_ends(ctx.as_of)
    daily = ctx.fetch(complaints.daily_volume, start=months[0][0], end=ctx.as_of, division=ctx.division)
    net = pd.Series(daily["received"].astype(float).to_numpy() - daily["closed"].astype(float).to_numpy(),
                    index=list(daily["day"])) if len(daily) else pd.Series(dtype=float)
    values = []
    for _, end in months:
        after = float(net[[d > end for d in net.index]].sum()) if len(net) else 0.0
        values.append(value - after if value - after >= 0 else None)
    return _series([e for _, e in months], values)


# --- 시민청 ---------------------------------------------------------------------------------------

_HALL_FIELD = {"hall_cumulative_visitors": ("cumulative_visitors", "visitors"),
               "hall_programmes": ("programmes", "programmes"), "hall_rentals": ("rentals", "rentals"),
               "hall_weddings": ("weddings", "weddings")}


def _hall(ctx: _Ctx) -> _Raw:
    s = ctx.fetch(citizen_hall.hall_summary, as_of=ctx.as_of)
    months = month_ends(ctx.as_of)
    monthly = ctx.fetch(citizen_hall.hall_monthly, start=months[0][0], end=ctx.as_of)
    if s.first_day is None:
        return _Raw(None, None, _span(HALL_OPENING, ctx.as_of), None)
    if ctx.metric.id == "hall_daily_visitors":
        year_start = dt.date(ctx.as_of.year, 1, 1)
        before = ctx.fetch(citizen_hall.hall_summary, as_of=_year_earlier(ctx.as_of))
        return _Raw(_num(s.daily_average), _num(before.daily_average), _span(year_start, ctx.as_of),
                    _span(_year_earlier(year_start), _year_earlier(ctx.as_of)),
                    _monthly(ctx.as_of, monthly, "avg_per_open_day"),
                    (("ytd_visitors", s.ytd_visitors), ("ytd_open_days", s.ytd_open_days)))
    summary_field, month_column = _HALL_FIELD[ctx.metric.id]
    total = float(getattr(s, summary_field))
    # the stock at each month's end: today's total less what came after that month
    per_month = _monthly(ctx.as_of, monthly, month_column)["value"].fillna(0).tolist()
    after = [sum(per_month[i + 1:]) for i in range(len(per_month))]
    series = _series([e for _, e in months], [total - a if total - a > 0 else None for a in after])
    return _Raw(total, None, _span(max(HALL_OPENING, s.first_day), ctx.as_of), None, series)


def _satisfaction(ctx: _Ctx) -> _Raw:
    surveys = ctx.fetch(citizen_hall.hall_surveys)
    surveys = surveys[surveys["survey_date"] <= ctx.as_of] if len(surveys) else surveys
    if not len(surveys):
        return _Raw(None, None, _on(ctx.as_of), None)
    last = surveys.iloc[-1]
    prev = surveys.iloc[-2] if len(surveys) > 1 else None
    series = _series(list(surveys["survey_date"].iloc[-SERIES_LENGTH:]),
                     [_num(v) for v in surveys["satisfaction_pct"].iloc[-SERIES_LENGTH:]])
    survey = lambda d: _labelled(d, d, "metrics.period.survey", date=d)  # noqa: E731
    return _Raw(_num(last["satisfaction_pct"]), _num(prev["satisfaction_pct"]) if prev is not None else None,
                survey(last["survey_date"]), survey(prev["survey_date"]) if prev is not None else None, series,
                (("survey_date", last["survey_date"]), ("respondents", _num(last["respondents"]))))


# --- 도시브랜드 -----------------------------------------------------------------------------------

_BRAND_KIND = {"brand_event_participants": ("festival", "overseas"), "brand_festival_participants": "festival", "brand_overseas_participants": "overseas",
               "foreign_site_visits": "site", "foreign_sns_views": "sns",
               "foreign_site_daily_visits": "site", "foreign_sns_daily_views": "sns"}


def _brand(ctx: _Ctx) -> _Raw:
    kind = _BRAND_KIND[ctx.metric.id]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    campaign = kinds[0] in ("festival", "overseas")
    daily = ctx.metric.id.endswith("_daily_visits") or ctx.metric.id.endswith("_daily_views")
    start, end = dt.date(ctx.as_of.year, 1, 1), ctx.as_of
    p_start, p_end = _year_earlier(start), _year_earlier(end)

    def total(a: dt.date, b: dt.date) -> tuple[float | None, dict]:
        if campaign:
            frame = ctx.fetch(brand.campaign_reach_by_kind, start=a, end=b)
            frame = frame[frame["kind"].isin(kinds)]
            if not len(frame):
                return None, {}
            return _num(frame["participants"].sum()), {"campaigns": int(frame["campaigns"].sum())}
        frame = ctx.fetch(brand.foreign_totals, start=a, end=b).set_index("kind")
        if kind not in frame.index:
            return None, {}
        reach = _num(frame.loc[kind, "reach"])
        info = {"items": int(frame.loc[kind, "items"]), "channels": int(frame.loc[kind, "channels"]),
                "days": (b - a).days + 1}
        return (reach / info["days"] if daily and reach is not None else reach), info

    value, info = total(start, end)
    previous, _ = total(p_start, p_end)
    months = month_ends(ctx.as_of, complete=not daily)  # a month's total is a flow; per day, a rate
    first = month_ends(ctx.as_of, complete=True)[0][0]
    if campaign:
        over = ctx.fetch(brand.campaign_reach_over_time, start=first, end=ctx.as_of)
        over = over[over["kind"].isin(kinds)].groupby(["year", "month"], as_index=False)["participants"].sum()
        series = _monthly(ctx.as_of, over, "participants", complete=True)
    else:
        over = ctx.fetch(brand.foreign_reach_over_time, start=first, end=ctx.as_of, kind=kind)
        series = _monthly(ctx.as_of, over, "reach", complete=not daily)
        if daily:
            days = [(e - s).days + 1 for s, e in months]
            series = series.assign(value=series["value"] / days)
    return _Raw(value, previous, _span(start, end), _span(p_start, p_end), series, tuple(info.items()))


# --- SNS ------------------------------------------------------------------------------------------


def _sns_kinds(metric_id: str) -> tuple[str, ...]:
    return ("messenger",) if metric_id == "sns_plusfriend_followers" else SNS_MAIN_KINDS


def _weekly_followers(ctx: _Ctx, codes: list[str]) -> tuple[list[dt.date], pd.DataFrame]:
    """(week ends, day × channel followers carried forward) for the series."""
    ends = week_ends(ctx.as_of)
    history = ctx.fetch(sns.sns_followers_over_time, start=ends[0] - dt.timedelta(days=7), end=ctx.as_of,
                                          channels=tuple(codes))
    if not len(history):
        return ends, pd.DataFrame()
    return ends, history


def _sns(ctx: _Ctx) -> _Raw:
    kinds = _sns_kinds(ctx.metric.id)
    now = ctx.fetch(sns.sns_latest, as_of=ctx.as_of, kinds=kinds)
    week_before = ctx.as_of - dt.timedelta(days=7)
    before = ctx.fetch(sns.sns_latest, as_of=week_before, kinds=kinds)
    column = "posts_last_7_days" if ctx.metric.id == "sns_posts_week" else "followers"
    value = _num(now[column].sum()) if len(now) else None
    previous = _num(before[column].sum()) if len(before) else None
    ends, history = _weekly_followers(ctx, list(now["code"]))
    values: list[float | None] = [None] * len(ends)
    if len(history):
        if column == "followers":
            wide = history.pivot_table(index="day", columns="code", values="followers", aggfunc="last").sort_index().ffill()
            values = [_num(wide[wide.index <= e].iloc[-1].sum()) if (wide.index <= e).any() else None for e in ends]
        else:
            posts = history.groupby("day")["posts"].sum()
            values = [_num(posts[(posts.index > e - dt.timedelta(days=7)) & (posts.index <= e)].sum()) for e in ends]
    details: tuple = ()
    if ctx.metric.id == "sns_posts_week" and len(now):
        plan = now["posts_per_week_plan"].dropna()
        details = (("plan", int(plan.sum()) if len(plan) else None),)
    period = _span(ctx.as_of - dt.timedelta(days=6), ctx.as_of) if column != "followers" else _on(ctx.as_of)
    comparison = (_span(week_before - dt.timedelta(days=6), week_before) if column != "followers"
                  else _labelled(week_before, week_before, "metrics.period.week_before", date=week_before))
    return _Raw(value, previous, period, comparison, _series(ends, values), details)


def _growth(ctx: _Ctx) -> _Raw:
    days = int(ctx.filters.get("days") or 30)
    if days <= 0:
        raise ValueError(f"metric {ctx.metric.id}: days must be positive, got {days}")
    ends = week_ends(ctx.as_of)  # the window's growth ending on each week end (the last: the as-of date)
    values = [_growth_on(ctx, end, days) for end in ends]
    start = ctx.as_of - dt.timedelta(days=days)
    return _Raw(values[-1], None, _span(start, ctx.as_of), None, _series(ends, values), (("days", days),))


def _growth_on(ctx: _Ctx, as_of: dt.date, days: int) -> float | None:
    """Followers' growth over the `days` days to `as_of` ÷ followers at the start × 100 (channels with a start)."""
    growth = ctx.fetch(sns.sns_growth, as_of=as_of, days=days, kinds=SNS_MAIN_KINDS)
    based = growth[growth["base_followers"].notna()] if len(growth) else growth
    base = float(based["base_followers"].sum()) if len(based) else 0.0
    return float(based["growth"].sum()) * 100.0 / base if base else None


# --- support services -----------------------------------------------------------------------------


def _services(ctx: _Ctx) -> _Raw:
    totals = ctx.fetch(services.service_totals, as_of=ctx.as_of)
    rows = totals[totals["service"] == "rapid_admin"] if len(totals) else totals
    if not len(rows):
        return _Raw(None, None, _on(ctx.as_of), None)
    started = rows["started_on"].iloc[0]
    parts = tuple((r.category, int(r.cases)) for r in rows.itertuples())
    total = float(rows["cases"].sum())
    months = month_ends(ctx.as_of)  # the cumulative count at each month's end: today's less what came after
    monthly = ctx.fetch(services.service_monthly, start=months[0][0], end=ctx.as_of, service="rapid_admin")
    per_month = _monthly(ctx.as_of, monthly.groupby(["year", "month"], as_index=False)["cases"].sum(),
                         "cases")["value"].fillna(0).tolist()
    levels = [total - sum(per_month[i + 1:]) for i in range(len(per_month))]
    series = _series([e for _, e in months], [x if x > 0 and e >= started else None
                                              for x, (_, e) in zip(levels, months, strict=True)])
    return _Raw(total, None, _span(started, ctx.as_of), None, series,
                (("started_on", started), ("categories", parts)))


COMPUTE: dict[str, Callable[[_Ctx], _Raw]] = {
    "budget_execution_rate": _budget, "budget_original": _budget, "budget_current": _budget, "budget_executed": _budget,
    "budget_carry_over": _budget,
    "complaint_delay_rate": _delay, "complaints_due": _delay, "eungdapso_cases": _eungdapso, "complaints_open": _open,
    "hall_cumulative_visitors": _hall, "hall_daily_visitors": _hall, "hall_programmes": _hall, "hall_rentals": _hall,
    "hall_weddings": _hall, "hall_satisfaction": _satisfaction,
    "brand_event_participants": _brand, "brand_festival_participants": _brand, "brand_overseas_participants": _brand, "foreign_site_visits": _brand,
    "foreign_sns_views": _brand, "foreign_site_daily_visits": _brand, "foreign_sns_daily_views": _brand,
    "sns_total_followers": _sns, "sns_plusfriend_followers": _sns, "sns_posts_week": _sns,
    "sns_follower_growth": _growth, "rapid_admin_cases": _services,
}


# --- the call -------------------------------------------------------------------------------------


def _scope_labels(ctx: _Ctx) -> tuple[str, str]:
    division = ctx.division
    if division is None:
        return t("metrics.scope.office", "ko"), t("metrics.scope.office", "en")
    names = ctx.fetch(org.divisions).set_index("division_code")
    if division not in names.index:
        return division, division
    return str(names.loc[division, "name_ko"]), str(names.loc[division, "name_en"])


def _target_series(ctx: _Ctx, series: pd.DataFrame) -> pd.DataFrame:
    if "target" in series.columns:
        return series
    if ctx.metric.target is None or not len(series):
        return series.assign(target=math.nan)
    by_year = {}
    for year in sorted({d.year for d in series["period_end"]}):
        row = ctx.fetch(kpi_targets.target_for, metric=ctx.metric.target, year=year, division=ctx.division)
        by_year[year] = float(row.target) if row is not None else math.nan
    return series.assign(target=[by_year[d.year] for d in series["period_end"]])


def value(*, engine: Engine, scope: Scope, metric_id: str, as_of: dt.date, read: Reader | None = None,
          **filters: Any) -> MetricValue:
    """The metric `metric_id` for `scope` at `as_of` (see the registry for each metric's rules).

    Filters: `division` (a division within the scope, for metrics at division grain), `start`
    (complaint metrics: the period's first day; the period ends on `as_of`), `days` (growth window).
    An unknown filter raises TypeError; a division outside the scope raises ScopeError.
    `read`: how the data_access reads are made (metrics.reading; default: straight to `engine`);
    the dashboard passes its shared cache's reader.
    """
    metric = get(metric_id)
    unknown = set(filters) - set(metric.filters)
    if unknown:
        raise TypeError(f"metric {metric_id!r} takes no filter {', '.join(sorted(unknown))} "
                        f"(it takes: {', '.join(metric.filters) or 'none'})")
    division = scope.restrict(filters.get("division"))
    ctx = _Ctx(read or direct(engine), scope, metric, as_of, division, dict(filters))
    raw = COMPUTE[metric_id](ctx)
    series = raw.series if raw.series is not None else _empty_series(ctx)
    series = _target_series(ctx, series)[SERIES_COLUMNS].reset_index(drop=True)
    target_row = None
    if metric.target is not None:
        target_row = ctx.fetch(kpi_targets.target_for, metric=metric.target, year=raw.period.end.year,
                               division=division)
    status = kpi_targets.status(raw.value, target_row) if target_row is not None and raw.value is not None else None
    change = raw.value - raw.previous if raw.value is not None and raw.previous is not None else None
    ko, en = _scope_labels(ctx)
    return MetricValue(
        metric_id=metric_id, value=raw.value, previous=raw.previous, change=change,
        target=float(target_row.target) if target_row is not None else None, status=status,
        period=raw.period, comparison_period=raw.comparison,
        as_of=as_of, scope_code=division, scope_label_ko=ko, scope_label_en=en, series=series,
        details=raw.details)
