"""Write the early-warning history after each data load (import, load-demo, gen-scale).

`record_history(engine)` evaluates every rule for the whole office as of the current period (the
latest as-of in the load log) and updates alert_history: a warning that holds and has no open row
gets one (first_seen = this as-of date); an open row whose warning holds is refreshed (last_seen,
wording); an open row whose warning no longer holds is closed (cleared_on = this as-of date).
Called after the load's own commit, in a transaction of its own: a failure here is reported and
leaves the load in place.
"""
from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import Engine, select, update
from sqlalchemy import insert as sa_insert

from data_access.models import AlertHistory
from data_access.scope import Scope
from data_access.status import latest_as_of

log = logging.getLogger(__name__)


def record_history(engine: Engine, *, as_of: dt.date | None = None) -> dict[str, int] | None:
    """Update alert_history for the current period; returns counts (opened, kept, cleared), None on failure."""
    from metrics.alerts import current_alerts

    try:
        as_of = as_of or latest_as_of(engine=engine)
        if as_of is None:
            return {"opened": 0, "kept": 0, "cleared": 0}
        alerts = {a.key: a for a in current_alerts(engine=engine, scope=Scope.office(), as_of=as_of)}
        now = dt.datetime.now(dt.timezone.utc)
        counts = {"opened": 0, "kept": 0, "cleared": 0}
        h = AlertHistory
        with engine.begin() as conn:
            open_rows = conn.execute(select(h.id, h.rule_id, h.division_code).where(h.cleared_on.is_(None))).all()
            seen = set()
            for row_id, rule_id, division in open_rows:
                alert = alerts.get((rule_id, division))
                if alert is None:
                    conn.execute(update(h).where(h.id == row_id).values(cleared_on=as_of, recorded_at=now))
                    counts["cleared"] += 1
                else:
                    conn.execute(update(h).where(h.id == row_id).values(
                        last_seen=as_of, text_ko=alert.text_ko[:500], text_en=alert.text_en[:500],
                        severity=alert.severity, recorded_at=now))
                    seen.add(alert.key)
                    counts["kept"] += 1
            new = [{"rule_id": a.rule_id, "division_code": a.division_code or "", "severity": a.severity,
                    "since": a.since, "first_seen": as_of, "last_seen": as_of, "cleared_on": None,
                    "text_ko": a.text_ko[:500], "text_en": a.text_en[:500], "recorded_at": now}
                   for key, a in alerts.items() if key not in seen]
            if new:
                conn.execute(sa_insert(h), new)
            counts["opened"] = len(new)
        return counts
    except Exception:  # noqa: BLE001 - the load itself succeeded; say so and keep it
        log.exception("early-warning history not updated")
        return None
