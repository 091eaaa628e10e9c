"""Explanations (부진사유·대책) beside the figures they explain: the latest text, its history, a form.

`explanations(subjects, user=, lang=, key=)` shows, for each subject that has one, the latest reason
and plan with "division · author · date" and an expander with the earlier versions; below, for
those allowed to write (a division head for their own division, executives and admins for any),
a form that saves a new version. Everything read from the database is shown with `st.text` or
`st.dataframe` (never Markdown or HTML), so line breaks are kept and no text is interpreted.
Explanations are read through a cache keyed on `explanations_version` (row count and highest id),
read live on every run: one cheap aggregate instead of the versions themselves, and a saved version
(from this session or any other) changes the key, so it shows at once.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st
from sqlalchemy.exc import DBAPIError, OperationalError

from briefing.notes import notes_from_frame, written_at
from config.i18n import t
from data_access import explanations as ex
from data_access.scope import ScopeError
from config.settings import get_settings
from data_access.db import get_engine
from data_access.scope import Scope
from ui.data import DataUnavailable, uncached

_SAVED = "explain_saved"


@st.cache_data(ttl=get_settings().dashboard_refresh_seconds, show_spinner=False, max_entries=500)
def _versions_cached(scope: Scope, subjects: tuple[tuple[str, str, str], ...], version: tuple[int, int]) -> pd.DataFrame:
    del version  # only the cache key: a new saved version is a new key
    return ex.explanation_versions(engine=get_engine(), scope=scope, subjects=list(subjects))


def _versions(scope: Scope, subjects: tuple[tuple[str, str, str], ...]) -> pd.DataFrame:
    """`explanation_versions` of the subjects, as of the latest save (see the module doc)."""
    version = uncached(ex.explanations_version)
    try:
        return _versions_cached(scope, subjects, version)
    except (OperationalError, DBAPIError) as exc:
        raise DataUnavailable(str(exc)) from exc


@dataclass(frozen=True)
class Subject:
    division_code: str
    subject_kind: str  # metric | programme | alert
    subject_key: str
    label: str  # what the reader sees: the programme's or figure's name (plain text)
    division_name: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.division_code, self.subject_kind, self.subject_key)


def may_write(user, division_code: str) -> bool:
    """Whether the form is offered (the data layer checks again on save)."""
    return getattr(user, "role", None) in ex.WRITER_ROLES and user.scope.allows(division_code)


def _author(user) -> ex.Author:
    return ex.Author(username=user.username, name=getattr(user, "name", "") or user.username, role=user.role,
                     scope=user.scope)


def _history(frame: pd.DataFrame, lang: str) -> None:
    st.dataframe(pd.DataFrame({
        t("explain.history.col.date", lang): [written_at(v, lang) for v in frame["created_at"]],
        t("explain.history.col.author", lang): frame["author_name"],
        t("explain.reason", lang): frame["reason"],
        t("explain.plan", lang): frame["plan"],
    }), hide_index=True, width="stretch")


def _note(subject: Subject, versions: pd.DataFrame, lang: str) -> None:
    [note] = notes_from_frame(versions.head(1), {subject.division_code: subject.division_name}, lang)
    with st.container(border=True):
        st.text(subject.label)
        st.caption(t("explain.reason", lang))
        st.text(note.reason)
        st.caption(t("explain.plan", lang))
        st.text(note.plan)
        st.text(note.byline)
        if len(versions) > 1:
            with st.expander(t("explain.history", lang, count=len(versions) - 1)):
                _history(versions.iloc[1:], lang)


def form_open_key(key: str) -> str:
    """The session-state key of the "write" expander's open state (tests open it through it)."""
    return f"{key}_open"


def _form(writable: list[Subject], latest: dict, *, user, lang: str, key: str) -> None:
    """The "write" expander. Its form is built only while it is open (on_change="rerun"): a closed
    expander's widgets would still be sent and mounted on every load (a select, two text areas and a
    button per page: a quarter of the overview's browser time, measured in `make bench`)."""
    expander = st.expander(t("explain.write", lang), key=form_open_key(key), on_change="rerun")
    if not expander.open:
        return
    with expander:
        labels = {s.key: f"{s.label} · {s.division_name}" for s in writable}
        picked = st.selectbox(t("explain.pick", lang), list(labels), format_func=labels.get, key=f"{key}_pick")
        subject = next(s for s in writable if s.key == picked)
        current = latest.get(picked)
        widget = f"{key}_{'_'.join(picked)}"
        with st.form(f"{widget}_form", clear_on_submit=False, border=False):
            if current is not None:
                st.caption(t("explain.edit", lang))
            reason = st.text_area(t("explain.reason", lang), value=current.reason if current is not None else "",
                                  max_chars=ex.MAX_CHARS, key=f"{widget}_reason")
            plan = st.text_area(t("explain.plan", lang), value=current.plan if current is not None else "",
                                max_chars=ex.MAX_CHARS, key=f"{widget}_plan", help=t("explain.limit", lang))
            submitted = st.form_submit_button(t("explain.save", lang), type="primary")
        if submitted:
            try:
                uncached(ex.add_explanation, author=_author(user), division_code=subject.division_code,
                         subject_kind=subject.subject_kind, subject_key=subject.subject_key, reason=reason, plan=plan)
            except (ScopeError, ex.ExplanationError) as exc:
                st.error(t("explain.refused", lang, reason=str(exc)), icon=":material/warning:")
                return
            st.session_state[_SAVED] = True
            st.rerun()


def explanations(subjects: list[Subject], *, user, lang: str, key: str) -> None:
    """The explanations of `subjects` (those in the user's scope) and, for writers, the form."""
    subjects = [s for s in subjects if user.scope.allows(s.division_code)]
    if not subjects:
        return
    if st.session_state.pop(_SAVED, False):
        st.toast(t("explain.saved", lang), icon=":material/check_circle:")
    versions = _versions(user.scope, tuple(s.key for s in subjects))
    by_subject = {k: frame for k, frame in versions.groupby(["division_code", "subject_kind", "subject_key"], sort=False)}
    latest = {}
    for subject in subjects:
        frame = by_subject.get(subject.key)
        if frame is not None and len(frame):
            latest[subject.key] = frame.iloc[0]
            _note(subject, frame, lang)
    writable = [s for s in subjects if may_write(user, s.division_code)]
    if writable:
        _form(writable, latest, user=user, lang=lang, key=key)


def division_metric_subjects(division_code: str, division_name: str, lang: str) -> list[Subject]:
    """The figures of one division that have targets: its budget execution and complaint delay rates,
    plus those of the datasets it owns (시민청 for civic, foreign channels for brand, SNS for newmedia)."""
    from config.targets import METRICS
    from data_access.ownership import BRAND_OWNER, HALL_OWNER, SNS_OWNER

    codes = ["budget_execution_rate", "complaint_delay_rate"]
    codes += {HALL_OWNER: ["hall_daily_visitors", "hall_satisfaction"], SNS_OWNER: ["sns_total_followers"],
              BRAND_OWNER: ["foreign_site_daily_visits", "foreign_sns_daily_views"]}.get(division_code, [])
    return [Subject(division_code, "metric", code, METRICS[code].name_en if lang == "en" else METRICS[code].name_ko,
                    division_name) for code in codes]


def programme_subjects(frame: pd.DataFrame, lang: str) -> list[Subject]:
    """Subjects of the rows of `budget.lagging_programmes` (code, names, division)."""
    en = lang == "en"
    return [Subject(r.division_code, "programme", str(r.code), r.name_en if en else r.name_ko,
                    r.division_name_en if en else r.division_name_ko) for r in frame.itertuples()]


def briefing_subjects(b, kind: str = "programme") -> list[Subject]:
    """Subjects of a Briefing's lagging programmes ('programme') or off-target figures ('metric')."""
    if kind == "programme":
        return [Subject(p.division_code, "programme", p.code, p.name, p.division_name) for p in b.lagging]
    return [Subject(o.division_code, "metric", o.metric, o.metric_name, o.division_name) for o in b.off_target]
