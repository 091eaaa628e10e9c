"""Explanations (부진사유·대책): scope enforced on write and read, versions not edits, an audit event per save.

On SQLite and PostgreSQL (the `budget_engine` fixture: the demo's organisation and budget).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import func, select

from auth import accounts
from data_access import explanations as ex
from data_access.models import Explanation
from data_access.scope import Scope, ScopeError

T0 = dt.datetime(2016, 8, 11, 1, 0, tzinfo=dt.timezone.utc)
CIVIC_HEAD = ex.Author("civic", "시민소통담당관", "division_head", Scope("civic"))
BRAND_HEAD = ex.Author("brand", "도시브랜드담당관", "division_head", Scope("brand"))
EXEC = ex.Author("exec", "기획관", "executive", Scope.office())
WALL = ex.Author("wall", "상황판", "display", Scope.office())
REASON = "행사 일정이 하반기로 미뤄졌습니다.\n계약은 9월에 체결합니다."
PLAN = "9월 중 계약 체결 후\n10월까지 80% 집행"


@pytest.fixture
def engine(empty_engine):
    from loading.demo import load_demo

    load_demo(empty_engine, only=["budget"])
    return empty_engine


def _programme(engine, division: str) -> str:
    from data_access import budget

    frame = budget.lagging_programmes(engine=engine, scope=Scope(division), as_of=dt.date(2016, 8, 10),
                                      below_rate=101.0, limit=1)
    return str(frame["code"].iloc[0])


def _count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Explanation)).scalar_one()


def test_division_head_writes_own_division_and_it_reads_back(engine):
    """A division head's explanation of its own programme is stored as written (line breaks kept)."""
    code = _programme(engine, "civic")
    ex.add_explanation(engine=engine, author=CIVIC_HEAD, division_code="civic", subject_kind="programme",
                       subject_key=code, reason=REASON.replace("\n", "\r\n"), plan=PLAN, now=T0)
    latest = ex.latest_explanations(engine=engine, scope=Scope("civic"))
    assert len(latest) == 1
    row = latest.iloc[0]
    assert (row.division_code, row.subject_kind, row.subject_key) == ("civic", "programme", code)
    assert row.reason == REASON and row.plan == PLAN
    assert (row.author, row.author_name) == ("civic", "시민소통담당관")
    assert row.created_at == pd.Timestamp(T0)


@pytest.mark.parametrize("requested", ["brand", "rapid", None, ""])
def test_division_head_cannot_write_for_another_division(engine, requested):
    """Asking for any other division (or none) is refused by the data layer and writes nothing."""
    with pytest.raises((ScopeError, ex.ExplanationError)):
        ex.add_explanation(engine=engine, author=CIVIC_HEAD, division_code=requested, subject_kind="metric",
                           subject_key="execution_rate", reason="r", plan="p", now=T0)
    assert _count(engine) == 0


def test_division_head_with_office_scope_is_refused(engine):
    """A division head whose scope was widened to the office (a forged user object) may not write."""
    forged = ex.Author("civic", "x", "division_head", Scope.office())
    with pytest.raises(ScopeError):
        ex.add_explanation(engine=engine, author=forged, division_code="civic", subject_kind="metric",
                           subject_key="execution_rate", reason="r", plan="p", now=T0)
    assert _count(engine) == 0


def test_display_role_cannot_write(engine):
    """The wall display may read but never write."""
    with pytest.raises(ScopeError):
        ex.add_explanation(engine=engine, author=WALL, division_code="civic", subject_kind="metric",
                           subject_key="execution_rate", reason="r", plan="p", now=T0)
    assert _count(engine) == 0


def test_executive_writes_for_any_division(engine):
    """An executive (office scope) may write for every division."""
    for division in ("civic", "brand", "rapid"):
        ex.add_explanation(engine=engine, author=EXEC, division_code=division, subject_kind="metric",
                           subject_key="execution_rate", reason=f"r {division}", plan="p", now=T0)
    assert _count(engine) == 3
    assert set(ex.latest_explanations(engine=engine, scope=Scope.office())["division_code"]) == {"civic", "brand", "rapid"}


def test_programme_of_another_division_is_refused(engine):
    """A programme code must belong to the division written for (no misfiling under one's own division)."""
    brand_code = _programme(engine, "brand")
    with pytest.raises(ex.ExplanationError, match="not a programme of division 'civic'"):
        ex.add_explanation(engine=engine, author=CIVIC_HEAD, division_code="civic", subject_kind="programme",
                           subject_key=brand_code, reason="r", plan="p", now=T0)
    assert _count(engine) == 0


@pytest.mark.parametrize(("reason", "plan", "message"), [
    ("", "p", "reason: empty"), ("r", "   \n ", "plan: empty"),
    ("가" * 1001, "p", "reason: 1,001 characters; at most 1,000"), ("r", "x" * 1001, "plan: 1,001 characters")])
def test_bad_text_is_refused_with_a_clear_message(engine, reason, plan, message):
    """Empty or over-long text is refused, naming the field and the limit."""
    with pytest.raises(ex.ExplanationError, match=message):
        ex.add_explanation(engine=engine, author=EXEC, division_code="civic", subject_kind="metric",
                           subject_key="execution_rate", reason=reason, plan=plan, now=T0)


def test_exactly_1000_korean_characters_fit(engine):
    """1,000 Hangul characters (3,000 bytes in UTF-8) are accepted: the limit counts characters."""
    ex.add_explanation(engine=engine, author=EXEC, division_code="civic", subject_kind="metric",
                       subject_key="execution_rate", reason="가" * 1000, plan="나" * 1000, now=T0)
    assert ex.latest_explanations(engine=engine, scope=Scope.office())["reason"].iloc[0] == "가" * 1000


def test_unknown_kind_is_refused(engine):
    with pytest.raises(ex.ExplanationError, match="subject_kind"):
        ex.add_explanation(engine=engine, author=EXEC, division_code="civic", subject_kind="figure",
                           subject_key="x", reason="r", plan="p", now=T0)


def test_a_save_is_a_new_version_and_history_stays(engine):
    """Saving twice keeps both rows; the latest is current, the history lists both newest first."""
    first = ex.add_explanation(engine=engine, author=CIVIC_HEAD, division_code="civic", subject_kind="metric",
                               subject_key="execution_rate", reason="첫 사유", plan="첫 대책", now=T0)
    second = ex.add_explanation(engine=engine, author=EXEC, division_code="civic", subject_kind="metric",
                                subject_key="execution_rate", reason="둘째 사유", plan="둘째 대책",
                                now=T0 + dt.timedelta(days=1))
    assert second != first
    latest = ex.latest_explanations(engine=engine, scope=Scope("civic"))
    assert list(latest["reason"]) == ["둘째 사유"]
    history = ex.explanation_history(engine=engine, scope=Scope("civic"), division_code="civic",
                                     subject_kind="metric", subject_key="execution_rate")
    assert list(history["reason"]) == ["둘째 사유", "첫 사유"]
    assert list(history["author"]) == ["exec", "civic"]


def test_reads_are_scoped(engine):
    """A division head reads only their division; asking for another one is refused."""
    for division in ("civic", "brand"):
        ex.add_explanation(engine=engine, author=EXEC, division_code=division, subject_kind="metric",
                           subject_key="execution_rate", reason="r", plan="p", now=T0)
    assert list(ex.latest_explanations(engine=engine, scope=Scope("brand"))["division_code"]) == ["brand"]
    with pytest.raises(ScopeError):
        ex.latest_explanations(engine=engine, scope=Scope("brand"), division="civic")
    with pytest.raises(ScopeError):
        ex.explanation_history(engine=engine, scope=Scope("brand"), division_code="civic", subject_kind="metric",
                               subject_key="execution_rate")
    subjects = [("civic", "metric", "execution_rate"), ("brand", "metric", "execution_rate")]
    assert list(ex.latest_explanations(engine=engine, scope=Scope("brand"), subjects=subjects)["division_code"]) == ["brand"]
    assert len(ex.latest_explanations(engine=engine, scope=Scope.office(), subjects=subjects)) == 2


def test_each_save_is_an_audit_event(engine):
    """Every save appends `explanation_saved` by the author, naming the subject."""
    ex.add_explanation(engine=engine, author=BRAND_HEAD, division_code="brand", subject_kind="alert",
                       subject_key="delay_rate_rising", reason="r", plan="p", now=T0)
    events = accounts.audit_events(engine, username="brand", events=["explanation_saved"])
    assert len(events) == 1
    assert events["detail"].iloc[0].endswith("brand/alert/delay_rate_rising")


def test_refused_write_records_no_audit_event(engine):
    with pytest.raises(ScopeError):
        ex.add_explanation(engine=engine, author=BRAND_HEAD, division_code="civic", subject_kind="metric",
                           subject_key="execution_rate", reason="r", plan="p", now=T0)
    assert accounts.audit_events(engine, username="brand", events=["explanation_saved"]).empty


def test_versions_of_many_subjects_in_one_query(engine):
    """explanation_versions lists every version of the asked subjects, newest first, within the scope."""
    for i, division in enumerate(("civic", "civic", "brand")):
        ex.add_explanation(engine=engine, author=EXEC, division_code=division, subject_kind="metric",
                           subject_key="execution_rate", reason=f"v{i}", plan="p", now=T0 + dt.timedelta(hours=i))
    subjects = [("civic", "metric", "execution_rate"), ("brand", "metric", "execution_rate")]
    office = ex.explanation_versions(engine=engine, scope=Scope.office(), subjects=subjects)
    assert list(office["reason"]) == ["v2", "v1", "v0"]
    civic = ex.explanation_versions(engine=engine, scope=Scope("civic"), subjects=subjects)
    assert list(civic["reason"]) == ["v1", "v0"]
    assert list(ex.explanation_versions(engine=engine, scope=Scope("brand"))["reason"]) == ["v2"]


def test_version_changes_with_every_saved_version(engine):
    """The cache key of the explanation readers (ui/explanations.py): (rows, highest id), new on each save."""
    assert ex.explanations_version(engine=engine) == (0, 0)
    code = _programme(engine, "civic")
    seen = [ex.explanations_version(engine=engine)]
    for n in range(2):  # the same subject again: a new version, so a new key
        ex.add_explanation(engine=engine, author=CIVIC_HEAD, division_code="civic", subject_kind="programme",
                           subject_key=code, reason=f"{REASON} {n}", plan=PLAN, now=T0)
        seen.append(ex.explanations_version(engine=engine))
    with engine.connect() as conn:
        top = conn.execute(select(func.max(Explanation.id))).scalar_one()
    assert seen[-1] == (2, top) and len(set(seen)) == 3
