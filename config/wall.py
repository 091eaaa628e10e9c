"""The meeting-room wall display: which panels it shows, in what order, for how long.

Rotation and refresh come from the settings (DASHBOARD_WALL_ROTATE_SECONDS, DASHBOARD_REFRESH_SECONDS);
a panel's own `seconds` overrides the rotation for that panel.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from config.settings import get_settings


@dataclass(frozen=True)
class WallPanel:
    key: str  # overview | budget | complaints | citizen_hall | brand | sns | alerts
    seconds: int | None = None  # None: DASHBOARD_WALL_ROTATE_SECONDS


PLAYLIST: tuple[WallPanel, ...] = (
    WallPanel("overview"),
    WallPanel("budget"),
    WallPanel("complaints"),
    WallPanel("citizen_hall"),
    WallPanel("brand"),
    WallPanel("sns"),
    WallPanel("alerts"),  # 조기 경보: shown only while a warning holds (skipped otherwise)
)
CONDITIONAL_PANELS = ("alerts",)  # panels a screen skips when they have nothing to show


def schedule(playlist: tuple[WallPanel, ...] = PLAYLIST, rotate_seconds: int | None = None) -> list[tuple[str, int]]:
    """(panel key, seconds on screen) in playlist order."""
    default = rotate_seconds or get_settings().dashboard_wall_rotate_seconds
    return [(panel.key, panel.seconds or default) for panel in playlist]


def advance(index: int | None, shown_at: float | None, now: float, plan: list[tuple[str, int]],
            slack: float = 0.0) -> tuple[int, float]:
    """The panel to show at `now`: the same one until its seconds are up, then the next (wrapping).

    `slack`: a run that comes up to this many seconds early still changes the panel (the browser's
    timer that triggers the run is not exact; without it a tick landing a hair early would keep a
    panel for a whole extra tick). Returns (index, shown_at); a screen that has shown nothing yet
    starts with the first panel.
    """
    if index is None or shown_at is None or index >= len(plan):
        return 0, now
    if now - shown_at >= plan[index][1] - slack:
        return (index + 1) % len(plan), now
    return index, shown_at


def tick_seconds(plan: list[tuple[str, int]], refresh_seconds: float, configured: float | None = None) -> float:
    """How often the panel fragment runs: DASHBOARD_WALL_TICK_SECONDS when set; otherwise the
    longest interval that still lands on every panel change (the greatest common divisor of the
    panels' seconds: 30 s for the default playlist). Never longer than the cache TTL, so a new load
    reaches the screen within one refresh interval.

    Every run costs the server a script run and the screen a redraw, so a wall that runs only when
    something can change carries many more screens per server (make bench, figure 4).
    """
    every = configured if configured else float(math.gcd(*(seconds for _key, seconds in plan)))
    return min(every, float(refresh_seconds))


# The clock (HH:MM) is its own small fragment; it needs no more than this to stay within the minute.
CLOCK_SECONDS = 10.0
