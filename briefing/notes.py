"""Explanations (부진사유·대책) as the briefing shows them: plain, picklable notes keyed by subject.

`briefing_notes(engine=, briefing=)` reads the latest explanation of every lagging programme and
every off-target figure of a Briefing (with the briefing's scope) and returns `Note`s whose texts are
ready to print: reason and plan as written (line breaks kept), the byline "division · author · date"
with the date in Seoul time as the screen writes dates.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from briefing.model import Briefing
from config.formats import fmt_date
from config.i18n import t
from data_access.db import SEOUL
from data_access.explanations import latest_explanations
from data_access.scope import Scope


@dataclass(frozen=True)
class Note:
    division_code: str
    subject_kind: str
    subject_key: str
    reason: str
    plan: str
    author_name: str
    created_at: dt.datetime
    byline: str

    @property
    def subject(self) -> tuple[str, str, str]:
        return (self.division_code, self.subject_kind, self.subject_key)


def written_at(value: dt.datetime | pd.Timestamp, lang: str) -> str:
    """A save time as the screen writes it: 2016. 8. 11. 10:00 (Seoul time)."""
    local = pd.Timestamp(value).tz_convert(SEOUL)
    return f"{fmt_date(local.date(), lang)} {local:%H:%M}"


def notes_from_frame(frame: pd.DataFrame, names: dict[str, str], lang: str) -> tuple[Note, ...]:
    return tuple(Note(division_code=r.division_code, subject_kind=r.subject_kind, subject_key=r.subject_key,
                      reason=r.reason, plan=r.plan, author_name=r.author_name, created_at=r.created_at.to_pydatetime(),
                      byline=t("explain.byline", lang, division=names.get(r.division_code, r.division_code),
                               author=r.author_name, date=written_at(r.created_at, lang)))
                 for r in frame.itertuples())


def briefing_subjects(b: Briefing) -> list[tuple[str, str, str]]:
    """The subjects a briefing can carry explanations for: its lagging programmes and off-target figures."""
    return ([(p.division_code, "programme", p.code) for p in b.lagging]
            + [(o.division_code, "metric", o.metric) for o in b.off_target])


def briefing_notes(*, engine: Engine, briefing: Briefing) -> tuple[Note, ...]:
    """The latest explanation of each lagging programme and off-target figure of `briefing`, in its scope."""
    subjects = briefing_subjects(briefing)
    if not subjects:
        return ()
    scope = Scope(briefing.division_code) if briefing.division_code else Scope.office()
    frame = latest_explanations(engine=engine, scope=scope, subjects=subjects)
    names = {p.division_code: p.division_name for p in briefing.lagging}
    names |= {o.division_code: o.division_name for o in briefing.off_target}
    return notes_from_frame(frame, names, briefing.lang)
