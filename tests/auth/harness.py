"""Shared state between the auth tests and the AppTest script `gate_app.py` (same process)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Engine

from config.settings import Settings
from data_access.db import UTC


@dataclass
class Clock:
    """A settable clock for the gate (the AppTest script runs in the test's process)."""

    now: dt.datetime = field(default_factory=lambda: dt.datetime(2016, 8, 10, 0, 0, tzinfo=UTC))

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


engine: Engine | None = None
settings: Settings | None = None
clock: Clock = Clock()
lang: str = "en"
