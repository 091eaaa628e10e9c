"""Each division's own figures from the report, shared by the overview cards and the division page.

A figure is (label, value, help). The data comes through the shared cache with the caller's scope,
so a division head only ever sees their own division's rows.
"""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from config.i18n import t
import metrics
from data_access import services, sns
from data_access.scope import Scope
from ui.data import q
from config.formats import fmt_count, fmt_date, fmt_thousands


class Figure(NamedTuple):
    label: str
    value: str
    help: str | None = None
    caption: str | None = None  # what the figure covers: scope (기획관 전체 or the division) · period
    delta: str | None = None  # the change (+1.73%p)
    delta_description: str | None = None  # what it is against (전년 6.07%)
    status: str | None = None
    series: tuple[float, ...] = ()
    metric_id: str | None = None  # the registry entry behind the figure (None: not a registry metric)


def _unit(key: str, lang: str) -> str:
    return t(key, lang) if lang == "ko" else ""


def _fig(scope: Scope, as_of: dt.date, lang: str, metric_id: str, *, label: str | None = None,
         help: str | None = None, **filters) -> Figure:
    """A figure of the metric layer, with the same texts as every other screen's card."""
    v = q(metrics.value, scope=scope, metric_id=metric_id, as_of=as_of, **filters)
    against = v.comparison_text(lang)
    return Figure(label or v.label(lang), v.value_text(lang), help or v.metric.definition(lang), v.caption(lang),
                  v.change_text(lang) if against else None, against, v.status, tuple(v.series["value"]), metric_id)


def _civic(scope: Scope, as_of: dt.date, lang: str) -> list[Figure]:
    daily = q(metrics.value, scope=scope, metric_id="hall_daily_visitors", as_of=as_of)
    survey = q(metrics.value, scope=scope, metric_id="hall_satisfaction", as_of=as_of)
    return [
        _fig(scope, as_of, lang, "hall_daily_visitors",
             help=t("hall.kpi.per_day_help", lang, year=as_of.year, days=daily.detail("ytd_open_days"))),
        *[_fig(scope, as_of, lang, m) for m in ("hall_cumulative_visitors", "hall_programmes", "hall_rentals",
                                                 "hall_weddings")],
        _fig(scope, as_of, lang, "hall_satisfaction",
             help=t("hall.kpi.satisfaction_help", lang, date=fmt_date(survey.detail("survey_date"), lang))),
    ]


def _brand(scope: Scope, as_of: dt.date, lang: str) -> list[Figure]:
    return [_fig(scope, as_of, lang, m) for m in ("foreign_sns_views", "foreign_site_visits",
                                                  "brand_festival_participants", "brand_overseas_participants")]


def _service(scope: Scope, as_of: dt.date, lang: str) -> list[Figure]:
    delay = q(metrics.value, scope=scope, metric_id="complaint_delay_rate", as_of=as_of)
    eung = q(metrics.value, scope=scope, metric_id="eungdapso_cases", as_of=as_of)
    return [
        _fig(scope, as_of, lang, "complaint_delay_rate"),
        Figure(f"{delay.label(lang)} ({delay.comparison_period.label(lang)})", delay.previous_text(lang),
               caption=delay.scope_label(lang)),
        _fig(scope, as_of, lang, "eungdapso_cases",
             help=t("complaints.kpi.eungdapso_help", lang, start=fmt_date(eung.period.start, lang),
                    end=fmt_date(eung.period.end, lang), days=eung.detail("working_days"),
                    per_day=fmt_count(eung.detail("per_day")))),
    ]


def _newmedia(scope: Scope, as_of: dt.date, lang: str) -> list[Figure]:
    latest = q(sns.sns_latest, scope=scope, as_of=as_of, kinds=("sns", "blog", "messenger"))
    figures = [_fig(scope, as_of, lang, "sns_total_followers")]
    for row in latest.itertuples():
        name = row.name_en if lang == "en" else row.name_ko
        figures.append(Figure(name, fmt_thousands(row.followers, lang)))
    return figures


def _rapid(scope: Scope, as_of: dt.date, lang: str) -> list[Figure]:
    totals = q(services.service_totals, scope=scope, as_of=as_of)
    figures = [_fig(scope, as_of, lang, "rapid_admin_cases")] if (totals["service"] == "rapid_admin").any() else []
    for code, group in totals[totals["service"] != "rapid_admin"].groupby("service", sort=False):
        first = group.iloc[0]
        name = first["service_name_en"] if lang == "en" else first["service_name_ko"]
        parts = " / ".join(f"{(r.category_name_en if lang == 'en' else r.category_name_ko)} {fmt_count(r.cases)}"
                           for r in group.itertuples()) if len(group) > 1 else None
        figures.append(Figure(name, fmt_count(group["cases"].sum(), _unit("unit.cases", lang)),
                              " · ".join(filter(None, [t("services.since", lang, date=fmt_date(first["started_on"], lang)), parts]))))
    return figures


FIGURES = {"civic": _civic, "brand": _brand, "service": _service, "newmedia": _newmedia, "rapid": _rapid}


def division_figures(division_code: str, *, scope: Scope, as_of: dt.date, lang: str) -> list[Figure]:
    """The division's own figures (the first is its key figure); empty outside the caller's scope."""
    if not scope.allows(division_code):
        return []
    return FIGURES[division_code](scope, as_of, lang)
