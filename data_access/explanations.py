"""Explanations (부진사유·대책): a division's reason and action plan for one of its lagging figures.

A subject is (division_code, subject_kind, subject_key): subject_kind 'metric' (a KPI id such as
`execution_rate`), 'programme' (a unit programme's budget code) or 'alert' (an early-warning rule
id). Versions, not edits: `add_explanation` inserts a new row every time; the latest row of a
subject is its current text, the earlier ones its history. Nothing here updates or deletes.

Scope is enforced here exactly as for reading (`Scope.restrict`): a division head's scope reads and
writes only their own division, whatever division a URL, parameter or widget asks for; executives
and admins (office scope) may write for any division; the display role may not write at all.
`add_explanation` is the one write the app makes on reporting-side data; each write is also an
audit event (`explanation_saved`) in the same transaction.

Text is plain text (no Markdown or HTML is ever rendered from it); line breaks are kept (a
browser's CRLF becomes LF), surrounding blank space trimmed; reason and plan are each 1 to 1,000
characters.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, and_, func, insert, select, tuple_

from data_access.db import UTC
from data_access.models import AuditEvent, BudgetItem, Division, Explanation
from data_access.scope import Scope, ScopeError

SUBJECT_KINDS = ("metric", "programme", "alert")
MAX_CHARS = 1000
WRITER_ROLES = ("admin", "executive", "division_head")
SUBJECT_KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,59}$")
AUDIT_EVENT = "explanation_saved"

COLUMNS = ["id", "division_code", "subject_kind", "subject_key", "reason", "plan", "author", "author_name",
           "author_role", "created_at"]


class ExplanationError(ValueError):
    """A refused explanation (empty or too long text, unknown subject ...); the text says what and where."""


@dataclass(frozen=True)
class Author:
    """Who writes: the signed-in user's name, role and data scope (as the pages read with)."""

    username: str
    name: str
    role: str
    scope: Scope


def _clean(text: str | None, field: str) -> str:
    value = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not value:
        raise ExplanationError(f"{field}: empty; write at least one character")
    if len(value) > MAX_CHARS:
        raise ExplanationError(f"{field}: {len(value):,} characters; at most {MAX_CHARS:,}")
    if "\x00" in value:
        raise ExplanationError(f"{field}: contains a NUL character")
    return value


def _check_writer(author: Author, division_code: str) -> str:
    """The division the author may write for (= division_code), or ScopeError."""
    if author.role not in WRITER_ROLES:
        raise ScopeError(f"role {author.role!r} may not write explanations")
    if author.role == "division_head" and author.scope.is_office:
        raise ScopeError("a division head writes only with their division's scope")
    if not division_code:
        raise ExplanationError("division_code: missing")
    return author.scope.restrict(division_code)


def add_explanation(*, engine: Engine, author: Author, division_code: str, subject_kind: str, subject_key: str,
                    reason: str, plan: str, now: dt.datetime | None = None) -> int:
    """Save a new version of the explanation of (division_code, subject_kind, subject_key); returns its id.

    Refused with ScopeError when the author's scope does not include `division_code` (a division
    head writing for another division) or the role may not write; with ExplanationError for bad
    input (unknown division, unknown kind, a programme code that is not the division's, empty or
    over-long text). Inserts the row and the audit event `explanation_saved` in one transaction.
    """
    division = _check_writer(author, division_code)
    if subject_kind not in SUBJECT_KINDS:
        raise ExplanationError(f"subject_kind: {subject_kind!r}; expected one of {', '.join(SUBJECT_KINDS)}")
    if not SUBJECT_KEY_RE.match(subject_key or ""):
        raise ExplanationError(f"subject_key: {subject_key!r}; letters, digits and . _ : - up to 60 characters")
    reason, plan = _clean(reason, "reason"), _clean(plan, "plan")
    now = (now or dt.datetime.now(UTC)).astimezone(UTC)
    with engine.begin() as conn:
        division_id = conn.execute(select(Division.id).where(Division.code == division)).scalar_one_or_none()
        if division_id is None:
            raise ExplanationError(f"division_code: unknown division {division!r}")
        if subject_kind == "programme":
            owners = set(conn.execute(select(BudgetItem.division_id)
                                      .where(BudgetItem.code == subject_key, BudgetItem.level == "programme")).scalars())
            if division_id not in owners:
                raise ExplanationError(f"subject_key: programme {subject_key!r} is not a programme of division {division!r}")
        new_id = conn.execute(insert(Explanation).values(
            division_code=division, subject_kind=subject_kind, subject_key=subject_key, reason=reason, plan=plan,
            author=author.username[:60], author_name=(author.name or author.username)[:80], author_role=author.role,
            created_at=now).returning(Explanation.id)).scalar_one()
        conn.execute(insert(AuditEvent).values(
            occurred_at=now, username=author.username[:60], event=AUDIT_EVENT,
            detail=f"explanation {new_id}: {division}/{subject_kind}/{subject_key}"))
    return new_id


def _frame(rows) -> pd.DataFrame:
    frame = pd.DataFrame([dict(r) for r in rows], columns=COLUMNS)
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    return frame


def latest_explanations(*, engine: Engine, scope: Scope, subject_kind: str | None = None,
                        subjects: list[tuple[str, str, str]] | tuple[tuple[str, str, str], ...] | None = None,
                        division: str | None = None) -> pd.DataFrame:
    """The current (latest) explanation of each subject in scope, newest first.

    Optional filters: one subject_kind, a list of (division_code, subject_kind, subject_key) subjects
    (those outside the scope are left out), a division (restricted by the scope). Columns: COLUMNS.
    """
    division = scope.restrict(division)
    newest = select(func.max(Explanation.id).label("id")).group_by(
        Explanation.division_code, Explanation.subject_kind, Explanation.subject_key)
    if division is not None:
        newest = newest.where(Explanation.division_code == division)
    if subject_kind is not None:
        newest = newest.where(Explanation.subject_kind == subject_kind)
    if subjects is not None:
        wanted = [s for s in subjects if scope.allows(s[0])]
        if not wanted:
            return _frame([])
        newest = newest.where(tuple_(Explanation.division_code, Explanation.subject_kind,
                                     Explanation.subject_key).in_([tuple(s) for s in wanted]))
    newest = newest.subquery()
    stmt = (select(*[getattr(Explanation, c) for c in COLUMNS])
            .join(newest, and_(newest.c.id == Explanation.id))
            .order_by(Explanation.id.desc()))
    with engine.connect() as conn:
        return _frame(conn.execute(stmt).mappings().all())


def explanation_history(*, engine: Engine, scope: Scope, division_code: str, subject_kind: str,
                        subject_key: str) -> pd.DataFrame:
    """Every version of one subject's explanation, newest first (ScopeError outside the scope)."""
    division = scope.restrict(division_code)
    stmt = (select(*[getattr(Explanation, c) for c in COLUMNS])
            .where(Explanation.division_code == division, Explanation.subject_kind == subject_kind,
                   Explanation.subject_key == subject_key)
            .order_by(Explanation.id.desc()))
    with engine.connect() as conn:
        return _frame(conn.execute(stmt).mappings().all())


def explanations_version(*, engine: Engine) -> tuple[int, int]:
    """(number of rows, highest id) of all explanations: changes with every saved version (rows are
    only ever inserted), so a page can read explanations through a cache keyed on it and still show
    a save at once. One indexed aggregate, far cheaper than reading the versions themselves."""
    with engine.connect() as conn:
        count, top = conn.execute(select(func.count(), func.max(Explanation.id))).one()
    return int(count), int(top or 0)


def explanation_versions(*, engine: Engine, scope: Scope,
                         subjects: list[tuple[str, str, str]] | tuple[tuple[str, str, str], ...] | None = None,
                         division: str | None = None) -> pd.DataFrame:
    """Every version of the listed subjects' explanations (or of every subject of `division`), in scope.

    Newest first within a subject; the first row of each subject is its current text. One query for
    a whole page (the screens show the latest of each subject and its history). Columns: COLUMNS.
    """
    division = scope.restrict(division)
    stmt = select(*[getattr(Explanation, c) for c in COLUMNS])
    if division is not None:
        stmt = stmt.where(Explanation.division_code == division)
    if subjects is not None:
        wanted = [tuple(s) for s in subjects if scope.allows(s[0])]
        if not wanted:
            return _frame([])
        stmt = stmt.where(tuple_(Explanation.division_code, Explanation.subject_kind,
                                 Explanation.subject_key).in_(wanted))
    stmt = stmt.order_by(Explanation.division_code, Explanation.subject_kind, Explanation.subject_key,
                         Explanation.id.desc())
    with engine.connect() as conn:
        return _frame(conn.execute(stmt).mappings().all())
