"""Every import is a version: the before-image of what it changed, and an exact revert.

While an import runs (in its transaction) the rows of the dataset's tables are captured before the
merge and compared after it: every row the load changed is kept whole (all its columns, as JSON)
and every row it added is named by its primary key (complaints, which can be a million rows, are
written by the staging merge and record their added ids as ranges). These go into `load_change`
with the load's id. Reverting a load restores the changed rows from their images, deletes the
added ones, marks the load reverted (who, when) - a reverted load no longer counts for any as-of
date - and rebuilds the complaint rollup; the dataset's export is then byte-identical to the one
before the load.

Only the latest load that is still in force can be reverted (then the one before it, and so on):
a later load may have changed the same rows, so undoing an earlier one first could not be exact.
Loads without a before-image (the demo, gen-scale) cannot be reverted.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Connection, Engine, Table, and_, delete, func, insert, select, update

from config.i18n import t
from data_access.db import as_utc
from data_access.status import record_db_rows
from data_access.models import (
    BrandCampaignReach,
    BudgetItem,
    BudgetSnapshot,
    CitizenHallDay,
    Complaint,
    ForeignChannelDaily,
    KpiTarget,
    LoadChange,
    LoadLog,
    SnsSnapshot,
)

# The tables each dataset's writer changes, parents before children (deletes run in reverse).
DATASET_TABLES: dict[str, list[Table]] = {
    "budget": [BudgetItem.__table__, BudgetSnapshot.__table__],
    "hall_visits": [CitizenHallDay.__table__],
    "brand_reach": [BrandCampaignReach.__table__, ForeignChannelDaily.__table__],
    "sns_followers": [SnsSnapshot.__table__],
    "targets": [KpiTarget.__table__],
    "complaints": [Complaint.__table__],  # recorded by the complaints writer itself (staging merge)
}
TABLES: dict[str, Table] = {table.name: table for tables in DATASET_TABLES.values() for table in tables}


# --- values as JSON (exact round trip through the column's type) -----------------------------


def _encode(value):
    if isinstance(value, dt.datetime):
        return as_utc(value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _decode(table: Table, name: str, value):
    if value is None:
        return None
    try:
        kind = table.c[name].type.python_type
    except NotImplementedError:  # pragma: no cover - every column of these tables has one
        return value
    if kind is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    if kind is Decimal:
        return Decimal(value)
    return value


def _pk_columns(table: Table) -> list[str]:
    return [c.name for c in table.primary_key.columns]


def _dump(values) -> str:
    return json.dumps([_encode(v) for v in values], ensure_ascii=False)


# --- capture -------------------------------------------------------------------------------


@dataclass
class Changes:
    """What one load did to the tables: rows added (by key), rows changed (key and before-image)."""

    inserts: dict[str, list[tuple]]
    updates: dict[str, list[tuple[tuple, tuple]]]  # table -> [(pk, all columns before)]
    ranges: dict[str, list[tuple[int, int]]]  # table -> [(first id, last id)] added

    @classmethod
    def empty(cls) -> Changes:
        return cls({}, {}, {})

    def rows(self) -> int:
        return (sum(map(len, self.inserts.values())) + sum(map(len, self.updates.values()))
                + sum(hi - lo + 1 for ranges in self.ranges.values() for lo, hi in ranges))


def snapshot(conn: Connection, table: Table) -> dict[tuple, tuple]:
    """Every row of a (small) table: primary key -> all columns."""
    keys = _pk_columns(table)
    positions = [list(table.c.keys()).index(k) for k in keys]
    return {tuple(row[p] for p in positions): tuple(row) for row in conn.execute(select(table))}


def diff(conn: Connection, table: Table, before: dict[tuple, tuple], changes: Changes) -> dict[tuple, tuple]:
    """Compare a table with its snapshot taken before the merge; add what changed to `changes`.
    Returns the table after the merge (primary key -> all columns)."""
    after = snapshot(conn, table)
    added = [pk for pk in after if pk not in before]
    changed = [(pk, before[pk]) for pk, row in after.items() if pk in before and before[pk] != row]
    if added:
        changes.inserts.setdefault(table.name, []).extend(added)
    if changed:
        changes.updates.setdefault(table.name, []).extend(changed)
    return after


def id_ranges(ids: list[int]) -> list[tuple[int, int]]:
    """Sorted ids as contiguous (first, last) ranges."""
    out: list[tuple[int, int]] = []
    for i in sorted(ids):
        if out and i == out[-1][1] + 1:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


def store(conn: Connection, load_id: int, changes: Changes) -> None:
    """Write the load's before-image into load_change (in the import's transaction)."""
    rows = []
    for name, pks in changes.inserts.items():
        rows += [{"load_id": load_id, "table_name": name, "kind": "insert", "pk": _dump(pk), "before": None}
                 for pk in pks]
    for name, items in changes.updates.items():
        rows += [{"load_id": load_id, "table_name": name, "kind": "update", "pk": _dump(pk), "before": _dump(row)}
                 for pk, row in items]
    for name, ranges in changes.ranges.items():
        rows += [{"load_id": load_id, "table_name": name, "kind": "insert_range", "pk": json.dumps([lo, hi]),
                  "before": None} for lo, hi in ranges]
    for start in range(0, len(rows), 5_000):
        conn.execute(insert(LoadChange), rows[start:start + 5_000])


# --- revert --------------------------------------------------------------------------------


class RevertRefused(ValueError):
    """The load cannot be reverted (unknown, already reverted, no before-image, or not the latest)."""


@dataclass(frozen=True)
class RevertResult:
    load_id: int
    dataset: str
    source: str
    restored: int  # rows put back as they were
    deleted: int  # rows the load had added
    as_of_before: dt.date | None  # the dataset's as-of date with the load
    as_of_after: dt.date | None  # ... and after reverting it
    reverted_by: str

    def summary(self, lang: str = "ko") -> str:
        return t("revert.done", lang, id=self.load_id, dataset=t(f"dataset.{self.dataset}", lang),
                 source=self.source, restored=f"{self.restored:,}", deleted=f"{self.deleted:,}",
                 before=_day(self.as_of_before), after=_day(self.as_of_after))


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else "-"


def active_as_of(conn: Connection, dataset: str | None = None) -> dt.date | None:
    """The latest as-of date of the loads still in force (of one dataset, or of all)."""
    stmt = select(func.max(LoadLog.as_of)).where(LoadLog.reverted_at.is_(None))
    if dataset is not None:
        stmt = stmt.where(LoadLog.dataset == dataset)
    return conn.execute(stmt).scalar_one_or_none()


def _where_pk(table: Table, pk: list):
    return and_(*(table.c[name] == _decode(table, name, value) for name, value in zip(_pk_columns(table), pk)))


def revert_load(engine: Engine, load_id: int, *, user: str, lang: str = "ko") -> RevertResult:
    """Undo one load exactly, in one transaction; raises RevertRefused with a clear message."""
    from loading.rollups import rebuild_complaint_daily
    from loading.importing.writer import seoul_today

    with engine.begin() as conn:
        log = conn.execute(select(LoadLog).where(LoadLog.id == load_id)).mappings().first()
        if log is None:
            raise RevertRefused(t("revert.unknown", lang, id=load_id))
        if log["reverted_at"] is not None:
            raise RevertRefused(t("revert.already", lang, id=load_id, user=log["reverted_by"] or "",
                                  at=as_utc(log["reverted_at"]).isoformat(timespec="minutes")))
        if not log["revertible"]:
            raise RevertRefused(t("revert.not_revertible", lang, id=load_id, source=log["source"]))
        later = conn.execute(select(LoadLog.id).where(LoadLog.id > load_id, LoadLog.reverted_at.is_(None))
                             .order_by(LoadLog.id)).scalars().all()
        if later:
            raise RevertRefused(t("revert.not_latest", lang, id=load_id, later=", ".join(map(str, later))))
        dataset = log["dataset"]
        as_of_before = active_as_of(conn, dataset)
        changes = conn.execute(select(LoadChange.table_name, LoadChange.kind, LoadChange.pk, LoadChange.before)
                               .where(LoadChange.load_id == load_id).order_by(LoadChange.id)).all()
        restored = deleted = 0
        tables = DATASET_TABLES[dataset]
        for table in tables:  # 1. changed rows back to their before-image (parents first)
            for name, kind, pk, before in changes:
                if name != table.name or kind != "update":
                    continue
                values = dict(zip(table.c.keys(), json.loads(before)))
                conn.execute(update(table).where(_where_pk(table, json.loads(pk)))
                             .values({k: _decode(table, k, v) for k, v in values.items()
                                      if k not in _pk_columns(table)}))
                restored += 1
        for table in reversed(tables):  # 2. added rows removed (children first)
            pks = [json.loads(pk) for name, kind, pk, _ in changes if name == table.name and kind == "insert"]
            if table.name == "budget_item" and pks:  # items before the policy goals they belong to
                ids = [pk[0] for pk in pks]
                for leaves in (True, False):
                    condition = table.c.parent_id.is_not(None) if leaves else table.c.parent_id.is_(None)
                    for start in range(0, len(ids), 500):
                        deleted += conn.execute(delete(table).where(table.c.id.in_(ids[start:start + 500]),
                                                                    condition)).rowcount
            else:
                for pk in pks:
                    deleted += conn.execute(delete(table).where(_where_pk(table, pk))).rowcount
            for name, kind, pk, _ in changes:
                if name == table.name and kind == "insert_range":
                    lo, hi = json.loads(pk)
                    deleted += conn.execute(delete(table).where(table.c.id.between(lo, hi))).rowcount
        conn.execute(update(LoadLog).where(LoadLog.id == load_id)
                     .values(reverted_at=dt.datetime.now(dt.timezone.utc), reverted_by=user[:60]))
        as_of_after = active_as_of(conn, dataset)
        record_db_rows(conn, dataset)  # the count on the load now in force is the table's again
        if dataset == "complaints":
            rollup_as_of = as_of_after or active_as_of(conn) or seoul_today()
            rebuild_complaint_daily(conn, as_of=rollup_as_of)
    from loading.alerts import record_history  # the warnings follow the data back, as after an import

    record_history(engine)
    return RevertResult(load_id=load_id, dataset=dataset, source=log["source"], restored=restored,
                        deleted=deleted, as_of_before=as_of_before, as_of_after=as_of_after,
                        reverted_by=user[:60])
