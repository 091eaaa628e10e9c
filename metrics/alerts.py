"""Early warnings (조기 경보): the rules of config/alerts.py evaluated on the metric layer.

`evaluate(...)` is pure: it reads each metric through a *provider* - a callable
(metric_id, division or None, as_of) -> an object with `value`, `target` and `series` (a
DataFrame period_end, value, target), i.e. a `metrics.MetricValue` - and the datasets' as-of dates.
`metric_layer_provider(engine, scope)` is the one adapter to `metrics.value`; `current_alerts` is
what pages call through the shared cache (`ui.data.q`), and `loading` calls `record_history` after
each load so the history (first seen, cleared) is written with the writer role.

Each warning says why, with the numbers, in Korean and English, its division (None: 기획관 전체),
severity and since when: the first period in which the rule held without a break up to now.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from config.alerts import DATASET_OWNERS, RULES, AlertRule
from config.formats import fmt_date, fmt_rate
from config.i18n import t
from config.targets import DIVISION_CODES, execution_target_on
from metrics.reading import Reader, direct

Provider = Callable[[str, "str | None", dt.date], Any]
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class Alert:
    rule_id: str
    severity: str
    division_code: str | None  # None: the whole office (기획관 전체)
    metric_id: str | None
    since: dt.date
    as_of: dt.date
    text_ko: str
    text_en: str

    @property
    def key(self) -> tuple[str, str]:
        """(rule, division) - one warning per rule and division at a time ("" = the office)."""
        return self.rule_id, self.division_code or ""

    def text(self, lang: str) -> str:
        return self.text_en if lang == "en" else self.text_ko

    def title(self, lang: str) -> str:
        return rule(self.rule_id).title(lang)


def rule(rule_id: str) -> AlertRule:
    return next(r for r in RULES if r.id == rule_id)


def _num(value) -> float | None:
    if value is None or value is pd.NA:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _fmt(metric_id: str | None, value: float | None, lang: str) -> str:
    from metrics.display import fmt_value
    from metrics.registry import get

    return fmt_value(get(metric_id), value, lang)


def _words(r: AlertRule, **fields: Callable[[str], str]) -> tuple[str, str]:
    """The rule's Korean and English wording with each field formatted for that language."""
    return (r.text_ko.format(**{k: f("ko") for k, f in fields.items()}),
            r.text_en.format(**{k: f("en") for k, f in fields.items()}))


def _points(series: pd.DataFrame) -> list[tuple[dt.date, float | None, float | None]]:
    return [(row.period_end, _num(row.value), _num(row.target)) for row in series.itertuples()]


# --- conditions: (rule, metric value(s)) -> (since, ko, en) or None -------------------------------------


def above_target_run(r: AlertRule, mv) -> tuple[dt.date, str, str] | None:
    """The last `months` monthly values all above target (lower is better); since = start of the run."""
    n = int(r.params["months"])
    points = [p for p in _points(mv.series) if p[1] is not None]
    run: list[tuple] = []
    for point in reversed(points):
        if point[2] is None or point[1] <= point[2]:
            break
        run.insert(0, point)
    if len(run) < n:
        return None
    shown, more = run[-n:], len(run) > n  # the last n values; "… →" when the run is longer

    def values(lang: str) -> str:
        return ("… → " if more else "") + " → ".join(_fmt(r.metric, p[1], lang) for p in shown)

    ko, en = _words(r, n=lambda _l: str(len(run)), values=values,
                    target=lambda lang: _fmt(r.metric, run[-1][2], lang))
    return run[0][0].replace(day=1), ko, en


def below_target_curve(r: AlertRule, mv) -> tuple[dt.date, str, str] | None:
    """The value on its date more than `pp` below the curve; since = first month end of the run before it."""
    value = _num(mv.value)
    day = (dict(mv.details).get("snapshot_date") if getattr(mv, "details", None) else None) or mv.as_of
    if value is None:
        return None
    target = execution_target_on(day)
    gap = target - value
    if gap <= float(r.params["pp"]):
        return None
    since = day
    for end, v, tgt in reversed(_points(mv.series)[:-1]):  # the last point is this month's (the value above)
        if v is None or tgt is None or end.year != day.year or tgt - v <= float(r.params["pp"]):
            break
        since = end
    ko, en = _words(r, value=lambda _l: fmt_rate(value), target=lambda _l: fmt_rate(target),
                    gap=lambda lang: f"{gap:.2f}%p" if lang == "ko" else f"{gap:.2f} pp")
    return since, ko, en


def falling_run(r: AlertRule, mv) -> tuple[dt.date, str, str] | None:
    """The weekly series fell in each of the last `weeks` weeks; since = the first week that fell."""
    n = int(r.params["weeks"])
    points = [p for p in _points(mv.series) if p[1] is not None]
    falls = 0
    for (_d0, v0, _t0), (_d1, v1, _t1) in zip(reversed(points[:-1]), reversed(points[1:])):
        if v1 >= v0:
            break
        falls += 1
    if falls < n:
        return None
    run = points[-(falls + 1):]
    ko, en = _words(r, n=lambda _l: str(falls),
                    values=lambda lang: " → ".join(_fmt(r.metric, p[1], lang) for p in run))
    return run[1][0], ko, en


def below_last_year(r: AlertRule, mv, last_year) -> tuple[dt.date, str, str] | None:
    """The latest month more than `pct`% below the same month a year earlier (from `last_year`'s series)."""
    now = [p for p in _points(mv.series) if p[1] is not None]
    before = {(d.year, d.month): v for d, v, _t in _points(last_year.series)} if last_year is not None else {}
    if not now:
        return None
    end, value, _t = now[-1]
    previous = before.get((end.year - 1, end.month))
    if previous is None or previous <= 0:
        return None
    drop = (previous - value) / previous * 100
    if drop <= float(r.params["pct"]):
        return None
    ko, en = _words(r, month=lambda lang: f"{end.year}. {end.month}." if lang == "ko" else end.strftime("%b %Y"),
                    value=lambda lang: _fmt(r.metric, value, lang), previous=lambda lang: _fmt(r.metric, previous, lang),
                    drop=lambda _l: f"{drop:.1f}%")
    return end.replace(day=1), ko, en


def stale(r: AlertRule, datasets: pd.DataFrame, as_of: dt.date) -> list[tuple[str, dt.date, str, str]]:
    """(dataset, since, ko, en) for each dataset whose as-of is more than `days` behind the newest."""
    known = datasets[datasets["dataset"].isin(list(DATASET_OWNERS))]
    if known.empty:
        return []
    latest = max(known["as_of"])
    out = []
    for row in known.itertuples():
        behind = (latest - row.as_of).days
        if behind > int(r.params["days"]):
            ko, en = _words(r, dataset=lambda lang, d=row.dataset: t(f"dataset.{d}", lang),
                            as_of=lambda lang, d=row.as_of: fmt_date(d, lang),
                            latest=lambda lang: fmt_date(latest, lang), days=lambda _l, b=behind: str(b))
            out.append((row.dataset, row.as_of + dt.timedelta(days=1), ko, en))
    return out


# --- evaluation ------------------------------------------------------------------------------------


def evaluate(*, scope, as_of: dt.date, provider: Provider, datasets: pd.DataFrame | None = None,
             rules: tuple[AlertRule, ...] = RULES, divisions: tuple[str, ...] = DIVISION_CODES) -> list[Alert]:
    """Every warning that holds as of `as_of` for what `scope` may see, most severe first.

    Office scope: the office and every division; a division head's scope: their division only
    (office-wide warnings and other divisions' are never evaluated for them).
    """
    out: list[Alert] = []
    for r in rules:
        if r.grain == "dataset":
            for dataset, since, ko, en in stale(r, datasets if datasets is not None else pd.DataFrame(
                    columns=["dataset", "as_of"]), as_of):
                owner = DATASET_OWNERS.get(dataset)
                if scope.allows(owner) and (owner is not None or scope.is_office):
                    out.append(Alert(r.id, r.severity, owner, None, since, as_of, ko, en))
            continue
        if r.grain == "owner":
            targets = [r.owner] if scope.allows(r.owner) else []
        else:
            targets = ([None, *divisions] if scope.is_office else [scope.division_code])
        for division in targets:
            query_division = None if r.grain == "owner" else division
            mv = provider(r.metric, query_division, as_of)
            if mv is None:
                continue
            if r.condition == "above_target_run":
                held = above_target_run(r, mv)
            elif r.condition == "below_target_curve":
                held = below_target_curve(r, mv)
            elif r.condition == "falling_run":
                held = falling_run(r, mv)
            elif r.condition == "below_last_year":
                try:
                    last = provider(r.metric, query_division, as_of.replace(year=as_of.year - 1))
                except ValueError:  # 29 February
                    last = provider(r.metric, query_division, as_of - dt.timedelta(days=365))
                held = below_last_year(r, mv, last)
            else:
                raise ValueError(f"rule {r.id}: unknown condition {r.condition!r}")
            if held is not None:
                since, ko, en = held
                out.append(Alert(r.id, r.severity, division, r.metric, since, as_of, ko, en))
    return sorted(out, key=lambda a: (SEVERITY_ORDER.get(a.severity, 9), a.division_code or "", a.rule_id))


def metric_layer_provider(engine, scope, read: Reader | None = None) -> Provider:
    """The adapter to the metric layer: metrics.value for (metric, division, as_of) in `scope`,
    read through `read` (metrics.reading; default: straight to `engine`)."""
    from metrics import value

    read = read or direct(engine)

    def provide(metric_id: str, division: str | None, as_of: dt.date):
        filters = {"division": division} if division is not None else {}
        return read(value, scope=scope, metric_id=metric_id, as_of=as_of, **filters)

    return provide


def current_alerts(*, engine, scope, as_of: dt.date, read: Reader | None = None) -> list[Alert]:
    """The warnings that hold now for `scope` (what /alerts, the overview, the wall show; cache it).
    `read`: as metrics.value's (the dashboard's shared cache: the metric values are the pages' own)."""
    from data_access.status import dataset_status

    read = read or direct(engine)
    return evaluate(scope=scope, as_of=as_of, provider=metric_layer_provider(engine, scope, read),
                    datasets=read(dataset_status, scope=None))
