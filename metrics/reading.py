"""How the metric layer reads `data_access`: through a *reader*, so that the caller decides whether
the reads are cached (the metric layer itself stays pure: no Streamlit, no cache of its own).

A reader is `read(fn, *, scope, **params)`: the `data_access` function `fn` called with the engine,
`scope` (None: office-wide metadata, called without a scope) and `params`, exactly as
`ui.data.q` calls it. `direct(engine)` calls straight through (tests, the briefing, the loaders).
The dashboard gives `metrics.value` and `metrics.alerts.current_alerts` its shared cache's reader
(`ui.data`), so a read that several metric values make (the division names, a target row, a budget
snapshot, the latest SNS figures) is one cache entry and one statement per refresh interval,
whichever value asks first, and is shared with the pages' own reads of the same data.

A function of the metric layer that reads takes the reader as its keyword `read`; a reader passes
itself on to such a function (`takes_reader`), so the metric values the alerts read go through
the same reader as theirs.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Protocol


class Reader(Protocol):
    def __call__(self, fn: Callable[..., Any], /, *, scope: Any, **params: Any) -> Any: ...


@lru_cache(maxsize=256)
def takes_reader(fn: Callable[..., Any]) -> bool:
    """Whether `fn` reads through a reader given as its keyword `read` (a metric-layer function)."""
    try:
        return "read" in inspect.signature(fn).parameters
    except (TypeError, ValueError):  # a builtin without a signature
        return False


def direct(engine: Any) -> Reader:
    """The reader that calls `fn(engine=engine, [scope=scope,] **params)` every time (no cache)."""

    def read(fn: Callable[..., Any], /, *, scope: Any, **params: Any) -> Any:
        if takes_reader(fn):
            params["read"] = read
        if scope is None:
            return fn(engine=engine, **params)
        return fn(engine=engine, scope=scope, **params)

    return read
