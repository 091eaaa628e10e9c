"""Early warnings on screen: a card per warning (severity, division, why with the numbers, since when).

Text from data (division names) is shown as plain text, never Markdown.
"""
from __future__ import annotations

import html

import streamlit as st

from config.formats import fmt_date
from config.i18n import t
from metrics.alerts import Alert

SEVERITIES = ("high", "medium", "low")


def division_label(code: str | None, names: dict[str, str], lang: str) -> str:
    return t("alerts.office", lang) if code is None else names.get(code, code)


def card_html(alert: Alert, names: dict[str, str], lang: str) -> str:
    """One warning: severity and title (a badge, in words), why with the numbers, whose and since when.
    Every text escaped: division names are data. One element for all cards (ui/cards.py says why)."""
    severity = alert.severity if alert.severity in SEVERITIES else "low"
    e = html.escape
    return (f'<div class="alert-card" data-severity="{severity}">'
            f'<p><span class="kpi-badge alert-badge-{severity}">'
            f'{e(t(f"alerts.severity.{alert.severity}", lang))} · {e(alert.title(lang))}</span></p>'
            f'<p class="alert-text">{e(alert.text(lang))}</p>'
            f'<p class="alert-meta">{e(division_label(alert.division_code, names, lang))} · '
            f'{e(t("alerts.since", lang, date=fmt_date(alert.since, lang)))}</p></div>')


def cards(alerts: list[Alert], names: dict[str, str], lang: str, *, limit: int | None = None) -> None:
    """The warnings, most severe first (at most `limit`); a calm line when there are none."""
    if not alerts:
        st.success(t("alerts.none", lang))
        return
    st.html('<div class="alert-list">' + "".join(card_html(a, names, lang) for a in (alerts[:limit] if limit else alerts))
            + "</div>")


def division_names(frame, lang: str) -> dict[str, str]:
    column = "name_en" if lang == "en" else "name_ko"
    return dict(zip(frame["division_code"], frame[column])) if len(frame) else {}


def attention(scope, as_of, lang: str, *, division: str | None = None, limit: int | None = 3,
              heading: str = "alerts.attention") -> None:
    """The overview's "주의 필요" (or a division page's) warnings, with a link to /alerts."""
    from data_access import org
    from metrics.alerts import current_alerts
    from ui.data import guard, q
    from ui.widgets import link_to_page

    with guard(lang):
        alerts = q(current_alerts, scope=scope, as_of=as_of)
        names = division_names(q(org.divisions, scope=scope), lang)
    if division is not None:
        alerts = [a for a in alerts if a.division_code == division]
    st.subheader(t(heading, lang))
    cards(alerts, names, lang, limit=limit)
    if alerts:
        link_to_page("pages/alerts.py", label=t("alerts.more", lang, n=len(alerts)))
