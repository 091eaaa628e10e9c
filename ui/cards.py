"""KPI cards and static tables as HTML: a row of cards is one element, not five Streamlit elements a
card; a table is one element, not `st.table` (see `table_html`).

Why: each Streamlit element is a React subtree the browser mounts and re-renders as the run's
messages arrive. A card drawn as container + st.metric + sparkline + st.badge + st.caption was about
30 elements and 8 layout blocks for the overview's six cards; measured in Chromium (a page of six
such cards against the same six as one st.html block), the HTML row cost about half the browser's
main-thread time. The card reads and looks as before: label, figure, change with its arrow and what
it is against, sparkline, status badge, what the figure covers, and the definition behind a "?"
that opens in the card (a <details>: keyboard and touch reach it, no script).

Every text comes from code or data and is escaped here (`html.escape`): a name typed with `<`, `*`
or `[` reads as typed, never as markup. st.html sanitises again (DOMPurify). The look (sizes,
colours at WCAG AA contrast, one column on a phone) is the static CSS in `ui/print_css.SCREEN_CSS`.

No Streamlit here: `row_html` and `table_html` are pure functions, tested on their own; `ui/widgets.kpi_row`
and `ui/widgets.static_table` draw them.
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from config.i18n import t

STATUS_KEYS = {"on_track": "status.on_track", "watch": "status.watch", "off_track": "status.off_track"}
SPARK_COLOUR = {"up": "#177233", "down": "#bd2f34", "flat": "#4e79a7"}  # ≥ 3:1 on the card (WCAG 1.4.11)


@dataclass(frozen=True)
class Card:
    """What a KPI card shows. `delta_color` as st.metric's: "normal" (up is good), "inverse", "off"."""
    label: str
    value: str
    delta: str | None = None
    delta_color: str = "normal"
    delta_description: str | None = None
    status: str | None = None
    help: str | None = None
    caption: str | None = None
    series: tuple[float | None, ...] = ()


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _spark_number(v: float) -> str:
    """A series point for the sparkline's spoken name: whole numbers with separators, else 2 digits."""
    return f"{v:,.0f}" if abs(v) >= 100 or float(v).is_integer() else f"{v:,.2f}"


def direction(delta: str | None, delta_color: str) -> str:
    """"up" (good), "down" (bad) or "flat" (no sign, or a change that is neither): the colour of the
    change and of the sparkline, as st.metric colours its delta."""
    sign = delta[:1] if delta else ""
    good = {"+": "up", "-": "down"}.get(sign, "flat") if delta_color in ("normal", "inverse") else "flat"
    if delta_color == "inverse" and good != "flat":
        good = "down" if good == "up" else "up"
    return good


def sparkline_html(label: str, points: Sequence[float | None], lang: str, delta: str | None, delta_color: str,
                   *, palette: dict[str, str] = SPARK_COLOUR, height_rem: float = 2.5, stroke: float = 2.0) -> str:
    """The card's sparkline (charts/sparkline.py), named for a screen reader by its first and last
    points; "" with fewer than two known points."""
    from charts.sparkline import img

    known = [x for x in points if x is not None]
    if len(known) < 2:
        return ""
    name = t("kpi.sparkline", lang, label=label, n=len(points), first=_spark_number(known[0]),
             last=_spark_number(known[-1]))
    return img(points, label=name, colour=palette[direction(delta, delta_color)], height_rem=height_rem, stroke=stroke)


def help_html(name: str, text: str, lang: str) -> str:
    """The "?" of a card (top right) that opens `text` inside the card; `name` is what it explains."""
    return (f'<details class="kpi-help"><summary title="{_e(t("kpi.help", lang))}" '
            f'aria-label="{_e(t("kpi.help", lang))}: {_e(name)}">?</summary><p>{_e(text)}</p></details>')


def card_html(card: Card, lang: str) -> str:
    """One card's markup (see the module doc); `data-status` carries the status for tests and CSS."""
    parts = [f'<div class="kpi-card" data-status="{_e(card.status or "")}">',
             f'<p class="kpi-label">{_e(card.label)}</p>',
             f'<p class="kpi-value">{_e(card.value)}</p>']
    if card.delta or card.delta_description:
        trend = direction(card.delta, card.delta_color)
        arrow = {"+": "▲", "-": "▼"}.get((card.delta or "")[:1], "")
        delta = (f'<span class="kpi-arrow" aria-hidden="true">{arrow}</span>' if arrow else "") + \
            (f'<span class="kpi-delta-value">{_e(card.delta)}</span>' if card.delta else "")
        desc = f' <span class="kpi-delta-desc">{_e(card.delta_description)}</span>' if card.delta_description else ""
        parts.append(f'<p class="kpi-delta kpi-{trend}">{delta}{desc}</p>')
    parts.append(sparkline_html(card.label, list(card.series), lang, card.delta, card.delta_color))
    if card.status in STATUS_KEYS:
        parts.append(f'<p><span class="kpi-badge kpi-badge-{_e(card.status)}">{_e(t(STATUS_KEYS[card.status], lang))}</span></p>')
    if card.caption:
        parts.append(f'<p class="kpi-caption">{_e(card.caption)}</p>')
    if card.help:
        parts.append(help_html(card.label, card.help, lang))
    parts.append("</div>")
    return "".join(parts)


def row_html(cards: Sequence[Card], lang: str, columns: int | None = None) -> str:
    """A row of cards, `columns` across (default: one per card), equally tall; one a row on a phone."""
    n = max(1, columns or len(cards))
    return (f'<div class="kpi-row" style="--kpi-cols:{int(n)}">' + "".join(card_html(c, lang) for c in cards)
            + "</div>")


MISSING = "–"  # a missing cell reads "–", never "None" or "nan"


def _cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return MISSING
    return _e(str(value))


def table_html(frame: pd.DataFrame, *, right: Sequence[str] = (), index: bool = True) -> str:
    """A static table's markup: the columns' names as column headings, each row's index (with `index`)
    as its row heading, the `right` columns' cells right-aligned (figures), every text escaped.

    Why not `st.table`: it sends the frame as Arrow and the browser loads Streamlit's table and
    Arrow-formatting code (about 1 MB of script, compiled on every page load) and builds each cell;
    measured in Chromium, the overview's two tables as HTML cut its main-thread time by about a fifth.
    A cell's text is the frame's, as typed: nothing here reads Markdown or HTML in it."""
    aligned = {str(c) for c in right}
    cls = lambda c: ' class="num"' if str(c) in aligned else ""  # noqa: E731
    corner = (f'<th scope="col">{_e(str(frame.index.name))}</th>' if frame.index.name else "<td></td>") if index else ""
    head = corner + "".join(
        f'<th scope="col"{cls(c)}>{_e(str(c))}</th>' for c in frame.columns)
    rows = []
    for label, values in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        cells = "".join(f"<td{cls(c)}>{_cell(v)}</td>" for c, v in zip(frame.columns, values, strict=True))
        heading = f'<th scope="row">{_cell(label)}</th>' if index else ""
        rows.append(f"<tr>{heading}{cells}</tr>")
    return (f'<div class="static-table"><table><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')
