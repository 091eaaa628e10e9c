"""The meeting-room wall display: which panels it shows, in what order, for how long.

Rotation and refresh come from the settings (DASHBOARD_WALL_ROTATE_SECONDS, DASHBOARD_REFRESH_SECONDS);
a panel's own `seconds` overrides the rotation for that panel.
"""
from __future__ import annotations

from dataclasses import dataclass

from config.settings import get_settings


@dataclass(frozen=True)
class WallPanel:
    key: str  # overview | budget | complaints | citizen_hall | brand | sns
    seconds: int | None = None  # None: DASHBOARD_WALL_ROTATE_SECONDS


PLAYLIST: tuple[WallPanel, ...] = (
    WallPanel("overview"),
    WallPanel("budget"),
    WallPanel("complaints"),
    WallPanel("citizen_hall"),
    WallPanel("brand"),
    WallPanel("sns"),
)


def schedule(playlist: tuple[WallPanel, ...] = PLAYLIST, rotate_seconds: int | None = None) -> list[tuple[str, int]]:
    """(panel key, seconds on screen) in playlist order."""
    default = rotate_seconds or get_settings().dashboard_wall_rotate_seconds
    return [(panel.key, panel.seconds or default) for panel in playlist]


def advance(index: int | None, shown_at: float | None, now: float, plan: list[tuple[str, int]]) -> tuple[int, float]:
    """The panel to show at `now`: the same one until its seconds are up, then the next (wrapping).

    Returns (index, shown_at); a screen that has shown nothing yet starts with the first panel.
    """
    if index is None or shown_at is None or index >= len(plan):
        return 0, now
    if now - shown_at >= plan[index][1]:
        return (index + 1) % len(plan), now
    return index, shown_at


# How often the panel fragment checks the rotation and redraws from the cache (seconds):
# DASHBOARD_WALL_TICK_SECONDS, default 2, at least 0.2 (the benchmark's soak runs it fast).
WALL_TICK_SECONDS: float = get_settings().dashboard_wall_tick_seconds
