"""A KPI card's sparkline as a small static SVG: one polyline per run of known values, from numbers only.

Why not `st.metric(chart_data=...)`: Streamlit draws each of those as a Vega chart the browser
compiles and renders (six of them were half of the overview's load). This SVG is a plain image
drawn with the rest of the card, and scales to the card's width (viewBox with
preserveAspectRatio="none" and a stroke that does not scale).

Geometry (`geometry`): the series of n values is laid on a VIEW_W × VIEW_H box with PAD units of
margin on every side; point i sits at x = PAD + i·(VIEW_W − 2·PAD)/(n − 1), the lowest value at
y = VIEW_H − PAD and the highest at y = PAD (a flat series on the middle line). Missing values
(None, NaN) break the line; a value alone between gaps is a dot. The first and last known points
are what the accessible name reads out (`label`, escaped: the only text in the markup).

`img` is what a card shows: the SVG as a data-URI `<img>` whose `alt` is the name. st.html
sanitises with DOMPurify's HTML profile, which drops inline `<svg>` but keeps an `<img>` with a
data URI; the browser decodes it as a plain image (no script, no chart library).
"""
from __future__ import annotations

import base64
import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

VIEW_W = 100.0
VIEW_H = 30.0
PAD = 2.0


@dataclass(frozen=True)
class Geometry:
    runs: tuple[tuple[tuple[float, float], ...], ...]  # runs of (x, y) points between gaps
    first: float | None  # the first and last known values
    last: float | None


def _known(v: float | None) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v)) and math.isfinite(v)


def geometry(values: Sequence[float | None]) -> Geometry:
    """The polyline runs of `values` in the VIEW_W × VIEW_H box (see the module doc)."""
    known = [float(v) for v in values if _known(v)]
    if not known:
        return Geometry((), None, None)
    lo, hi = min(known), max(known)
    n = len(values)
    step = (VIEW_W - 2 * PAD) / (n - 1) if n > 1 else 0.0
    runs, run = [], []
    for i, v in enumerate(values):
        if not _known(v):
            if run:
                runs.append(tuple(run))
            run = []
            continue
        x = PAD + i * step if n > 1 else VIEW_W / 2
        y = VIEW_H / 2 if hi == lo else VIEW_H - PAD - (float(v) - lo) * (VIEW_H - 2 * PAD) / (hi - lo)
        run.append((round(x, 2), round(y, 2)))
    if run:
        runs.append(tuple(run))
    return Geometry(tuple(runs), known[0], known[-1])


def _points(run: tuple[tuple[float, float], ...]) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in run)


def _check_colour(colour: str) -> None:
    if not (colour.startswith("#") and len(colour) in (4, 7) and all(c in "0123456789abcdefABCDEF" for c in colour[1:])):
        raise ValueError(f"sparkline colour must be #rgb or #rrggbb, got {colour!r}")


def _marks(values: Sequence[float | None], colour: str, stroke: float = 2.0) -> str:
    """The polylines (a dot for a lone point); `colour` must be a hex literal from code, never data."""
    _check_colour(colour)
    g = geometry(values)
    marks = []
    for run in g.runs:
        if len(run) == 1:
            x, y = run[0]
            marks.append(f'<circle cx="{x:g}" cy="{y:g}" r="1.2" fill="{colour}"/>')
        else:
            marks.append(f'<polyline points="{_points(run)}" fill="none" stroke="{colour}" stroke-width="{stroke:g}" '
                         'stroke-linejoin="round" stroke-linecap="round" vector-effect="non-scaling-stroke"/>')
    return "".join(marks)


def img(values: Sequence[float | None], *, label: str, colour: str = "#4e79a7", height_rem: float = 2.5,
        stroke: float = 2.0) -> str:
    """The sparkline as an `<img>` (SVG data URI) with `label` (escaped) as its `alt` text."""
    inner = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW_W:g} {VIEW_H:g}" '
             f'preserveAspectRatio="none">{_marks(values, colour, float(stroke))}</svg>')
    data = base64.b64encode(inner.encode()).decode()
    return (f'<img class="kpi-spark" src="data:image/svg+xml;base64,{data}" alt="{html.escape(label, quote=True)}" '
            f'style="display:block;width:100%;height:{height_rem:g}rem">')
