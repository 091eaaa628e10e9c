"""Each division's own figures from the report, shared by the overview cards and the division page.

A figure is (label, value, help). The data comes through the shared cache with the caller's scope,
so a division head only ever sees their own division's rows.
"""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from config.i18n import t
from data_access import brand, citizen_hall, complaints, services, sns
from data_access.scope import Scope
from ui.data import q
from config.formats import fmt_count, fmt_date, fmt_rate, fmt_thousands


class Figure(NamedTuple):
    label: str
    value: str
    help: str | None = None


def _unit(key: str, lang: str) -> str:
    return t(key, lang) if lang == "ko" else ""


def _civic(scope: Scope, as_of: dt.date, lang: str) -> list[Figure]:
    s = q(citizen_hall.hall_summary, scope=scope, as_of=as_of)
    return [
        Figure(t("overview.division.key.civic", lang), fmt_count(s.daily_average, _unit("unit.people", lang)),
               t("hall.kpi.per_day_help", lang, year=as_of.year, days=s.ytd_open_days)),
        Figure(t("hall.kpi.cumulative", lang), fmt_count(s.cumulative_visitors, _unit("unit.people", lang))),
        Figure(t("hall.kpi.programmes", lang), fmt_count(s.programmes, _unit("unit.times", lang))),
        Figure(t("hall.kpi.rentals", lang), fmt_count(s.rentals, _unit("unit.cases", lang))),
        Figure(t("hall.kpi.weddings", lang), fmt_count(s.weddings, _unit("unit.couples", lang))),
        Figure(t("hall.kpi.satisfaction", lang), fmt_rate(s.satisfaction_pct, 1),
               t("hall.kpi.satisfaction_help", lang, date=fmt_date(s.survey_date, lang))),
    ]


def _brand(scope: Scope, as_of: dt.date, lang: str) -> list[Figure]:
    start = dt.date(as_of.year, 1, 1)
    totals = q(brand.foreign_totals, scope=scope, start=start, end=as_of).set_index("kind")
    kinds = q(brand.campaign_reach_by_kind, scope=scope, start=start, end=as_of).set_index("kind")
    figures = []
    if "sns" in totals.index:
        figures.append(Figure(t("overview.division.key.brand", lang), fmt_count(totals.loc["sns", "reach"], _unit("unit.cases", lang)),
                              t("brand.kpi.items_help", lang, items=fmt_count(totals.loc["sns", "items"]),
                                channels=int(totals.loc["sns", "channels"]))))
    if "site" in totals.index:
        figures.append(Figure(t("brand.kpi.sites", lang), fmt_count(totals.loc["site", "reach"], _unit("unit.people", lang)),
                              t("brand.kpi.items_help", lang, items=fmt_count(totals.loc["site", "items"]),
                                channels=int(totals.loc["site", "channels"]))))
    for kind, key in (("festival", "brand.kpi.festivals"), ("overseas", "brand.kpi.overseas")):
        if kind in kinds.index:
            figures.append(Figure(t(key, lang), fmt_count(kinds.loc[kind, "participants"], _unit("unit.people", lang))))
    return figures


def _service(scope: Scope, as_of: dt.date, lang: str) -> list[Figure]:
    this_year = q(complaints.delay_rate, scope=scope, start=dt.date(as_of.year, 1, 1), end=as_of)
    last_year = q(complaints.delay_rate, scope=scope, start=dt.date(as_of.year - 1, 1, 1),
                  end=dt.date(as_of.year - 1, 12, 31))
    month_end = dt.date(as_of.year, as_of.month, 1) - dt.timedelta(days=1)
    eung = q(complaints.channel_volume, scope=scope, channel="eungdapso", start=dt.date(month_end.year, 1, 1),
             end=month_end)
    return [
        Figure(t("overview.division.key.service", lang), fmt_rate(this_year.delay_rate), t("overview.help.delay", lang)),
        Figure(t("overview.kpi.delay", lang) + f" ({as_of.year - 1})", fmt_rate(last_year.delay_rate)),
        Figure(t("complaints.kpi.eungdapso", lang), fmt_count(eung.cases, _unit("unit.cases", lang)),
               t("complaints.kpi.eungdapso_help", lang, start=fmt_date(dt.date(month_end.year, 1, 1), lang),
                 end=fmt_date(month_end, lang), days=eung.working_days, per_day=fmt_count(eung.per_day))),
    ]


def _newmedia(scope: Scope, as_of: dt.date, lang: str) -> list[Figure]:
    latest = q(sns.sns_latest, scope=scope, as_of=as_of, kinds=("sns", "blog", "messenger"))
    main = latest[latest["kind"].isin(["sns", "blog"])]
    figures = [Figure(t("overview.division.key.newmedia", lang),
                      fmt_count(main["followers"].sum(), _unit("unit.people", lang)), t("overview.help.sns", lang))]
    for row in latest.itertuples():
        name = row.name_en if lang == "en" else row.name_ko
        figures.append(Figure(name, fmt_thousands(row.followers, lang)))
    return figures


def _rapid(scope: Scope, as_of: dt.date, lang: str) -> list[Figure]:
    totals = q(services.service_totals, scope=scope, as_of=as_of)
    figures = []
    for code, group in totals.groupby("service", sort=False):
        first = group.iloc[0]
        name = first["service_name_en"] if lang == "en" else first["service_name_ko"]
        parts = " / ".join(f"{(r.category_name_en if lang == 'en' else r.category_name_ko)} {fmt_count(r.cases)}"
                           for r in group.itertuples()) if len(group) > 1 else None
        label = t("overview.division.key.rapid", lang) if code == "rapid_admin" else name
        figures.append(Figure(label, fmt_count(group["cases"].sum(), _unit("unit.cases", lang)),
                              " · ".join(filter(None, [t("services.since", lang, date=fmt_date(first["started_on"], lang)), parts]))))
    return figures


FIGURES = {"civic": _civic, "brand": _brand, "service": _service, "newmedia": _newmedia, "rapid": _rapid}


def division_figures(division_code: str, *, scope: Scope, as_of: dt.date, lang: str) -> list[Figure]:
    """The division's own figures (the first is its key figure); empty outside the caller's scope."""
    if not scope.allows(division_code):
        return []
    return FIGURES[division_code](scope, as_of, lang)
