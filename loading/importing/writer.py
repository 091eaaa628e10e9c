"""Write a validated file: all or nothing in one transaction, upserting by natural key.

Each dataset has a writer that receives the typed chunks while the validator reads the file
(`stage`), and, once the whole file has proved valid, merges them (`merge`): rows whose key is
new are inserted, rows whose values differ are updated, the rest are left alone, and nothing is
ever deleted. The counts are exact, so importing the same file twice inserts 0 and updates 0.

- complaints (large): the chunks go into a temporary staging table - COPY on PostgreSQL, batched
  executemany on SQLite - and one INSERT ... SELECT ... ON CONFLICT DO UPDATE merges them; the
  counts and the affected day range come from SQL on the staging table. Memory does not grow
  with the file.
- the other datasets are small by nature (a row per day or per budget item and date): they are
  compared in Python against the stored rows of the file's key range.
"""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

import numpy as np
import pandas as pd
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    bindparam,
    func,
    insert,
    literal_column,
    or_,
    select,
    text,
    true,
    type_coerce,
    update,
)

from config.targets import METRICS
from data_access.db import SEOUL, as_utc
from loading.importing.validate import BudgetItemRef, Reference, Validator
from loading.importing.versions import Changes, id_ranges
from data_access.models import (
    BrandCampaign,
    BrandCampaignReach,
    BudgetItem,
    BudgetSnapshot,
    CitizenHallDay,
    Complaint,
    ComplaintChannel,
    Department,
    Division,
    ForeignChannel,
    ForeignChannelDaily,
    KpiTarget,
    SnsChannel,
    SnsSnapshot,
)
from loading.rollups import rebuild_complaint_daily


def load_reference(conn: Connection) -> Reference:
    """The codes that exist in the database (what an import file may refer to)."""
    divisions = conn.execute(select(Division.code, Division.id, Division.sort_order)).all()
    division_code = {i: c for c, i, _ in divisions}
    items = conn.execute(select(BudgetItem.id, BudgetItem.fiscal_year, BudgetItem.code, BudgetItem.division_id,
                                BudgetItem.level, BudgetItem.parent_id)).all()
    item_code = {i: code for i, _, code, _, _, _ in items}
    return Reference(
        divisions={c: i for c, i, _ in divisions},
        division_order={c: o for c, _, o in divisions},
        departments={c: (i, d) for c, i, d in conn.execute(select(Department.code, Department.id,
                                                                  Department.division_id))},
        complaint_channels=dict(conn.execute(select(ComplaintChannel.code, ComplaintChannel.id)).all()),
        campaigns={c: (i, s, e) for c, i, s, e in conn.execute(select(BrandCampaign.code, BrandCampaign.id,
                                                                      BrandCampaign.start_date,
                                                                      BrandCampaign.end_date))},
        foreign_channels=dict(conn.execute(select(ForeignChannel.code, ForeignChannel.id)).all()),
        sns_channels={c: (i, o) for c, i, o in conn.execute(select(SnsChannel.code, SnsChannel.id,
                                                                   SnsChannel.opened_on))},
        budget_items={(fy, code): BudgetItemRef(i, division_code.get(div, ""), level, item_code.get(parent))
                      for i, fy, code, div, level, parent in items},
        metrics={code: info.direction for code, info in METRICS.items()},
    )


def _py(value):
    """A typed-frame cell as a plain Python value (None for blanks)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date() if value.tzinfo is None else value.to_pydatetime()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _records(frames: list[pd.DataFrame], columns: list[str]) -> list[dict]:
    if not frames:
        return []
    frame = pd.concat(frames, ignore_index=True)
    out = []
    for values in zip(*(frame[c].tolist() for c in columns)):
        out.append({c: _py(v) for c, v in zip(columns, values)})
    return out


class _Writer:
    dataset = ""

    def __init__(self, conn: Connection, ref: Reference, validator: Validator):
        self.conn = conn
        self.ref = ref
        self.validator = validator
        self.frames: list[pd.DataFrame] = []
        self.details: dict[str, object] = {}
        self.changes = Changes.empty()  # filled by writers that record their own before-image (complaints)

    @property
    def present(self) -> set[str]:
        """The dataset's columns that the file has (known once the header has been read)."""
        return set(self.validator.present)

    def start(self) -> None:
        pass

    def stage(self, typed: pd.DataFrame) -> None:
        self.frames.append(typed)

    def merge(self) -> tuple[int, int]:
        raise NotImplementedError

    def after(self, *, as_of: dt.date, previous_as_of: dt.date | None) -> None:
        pass

    def cleanup(self) -> None:
        pass

    # shared helper for the small datasets ----------------------------------------------------

    def _upsert(self, table: Table, key: list[str], records: list[dict], fields: list[str],
                defaults: dict[str, object], existing: dict[tuple, dict],
                always: tuple[str, ...] = ()) -> tuple[int, int]:
        """Insert new keys; update rows whose `fields` differ (absent optional fields keep their value)."""
        present = self.present | set(always)
        compare = [f for f in fields if f in present or f not in defaults]
        inserts, updates = [], []
        for record in records:
            k = tuple(record[c] for c in key)
            stored = existing.get(k)
            if stored is None:
                row = {c: record[c] for c in key}
                for f in fields:
                    row[f] = record[f] if f in compare else defaults[f]
                inserts.append(row)
            elif any(stored[f] != record[f] for f in compare):
                updates.append({"_id": stored["id"], **{f"v_{f}": record[f] for f in compare}})
        if inserts:
            self.conn.execute(insert(table), inserts)
        if updates:
            stmt = (update(table).where(table.c.id == bindparam("_id"))
                    .values({f: bindparam(f"v_{f}") for f in compare}))
            self.conn.execute(stmt, updates)
        return len(inserts), len(updates)


# --- citizen hall, SNS, brand reach, targets -----------------------------------------------------


class HallVisitsWriter(_Writer):
    dataset = "hall_visits"
    FIELDS = ["visitors", "closed", "closure_reason", "programmes", "rentals", "weddings"]
    DEFAULTS = {"closed": False, "closure_reason": None, "programmes": 0, "rentals": 0, "weddings": 0}

    def merge(self) -> tuple[int, int]:
        records = _records(self.frames, ["day", *[f for f in self.FIELDS if f in self.present]])
        for r in records:
            for f, default in self.DEFAULTS.items():
                if f in self.present and r.get(f) in (None, ""):
                    r[f] = default
                r.setdefault(f, default)
        if not records:
            return 0, 0
        days = [r["day"] for r in records]
        table = CitizenHallDay.__table__
        stored = {row.day: dict(row._mapping) for row in self.conn.execute(
            select(table).where(table.c.day.between(min(days), max(days))))}
        # citizen_hall_day is keyed by day itself: update by day, not by id.
        compare = [f for f in self.FIELDS if f in self.present or f not in self.DEFAULTS]
        inserts, updates = [], []
        for r in records:
            old = stored.get(r["day"])
            if old is None:
                inserts.append({"day": r["day"], **{f: r[f] for f in self.FIELDS}})
            elif any(old[f] != r[f] for f in compare):
                updates.append({"_day": r["day"], **{f"v_{f}": r[f] for f in compare}})
        if inserts:
            self.conn.execute(insert(table), inserts)
        if updates:
            self.conn.execute(update(table).where(table.c.day == bindparam("_day"))
                              .values({f: bindparam(f"v_{f}") for f in compare}), updates)
        return len(inserts), len(updates)


class SnsFollowersWriter(_Writer):
    dataset = "sns_followers"

    def merge(self) -> tuple[int, int]:
        records = _records(self.frames, ["channel_code", "day", "followers",
                                         *(["posts"] if "posts" in self.present else [])])
        if not records:
            return 0, 0
        for r in records:
            r["channel_id"] = self.ref.sns_channels[r["channel_code"]][0]
            if r.get("posts") is None:
                r["posts"] = 0
        table = SnsSnapshot.__table__
        days = [r["day"] for r in records]
        existing = {(row.channel_id, row.day): dict(row._mapping) for row in self.conn.execute(
            select(table).where(table.c.day.between(min(days), max(days))))}
        return self._upsert(table, ["channel_id", "day"], records, ["followers", "posts"], {"posts": 0}, existing)


class BrandReachWriter(_Writer):
    dataset = "brand_reach"

    def merge(self) -> tuple[int, int]:
        records = _records(self.frames, ["target_type", "code", "day", "reach",
                                         *(["items"] if "items" in self.present else [])])
        campaigns = [r for r in records if r["target_type"] == "campaign"]
        channels = [r for r in records if r["target_type"] == "channel"]
        inserted = updated = 0
        if campaigns:
            table = BrandCampaignReach.__table__
            for r in campaigns:
                r["campaign_id"] = self.ref.campaigns[r["code"]][0]
                r["participants"] = r["reach"]
            days = [r["day"] for r in campaigns]
            existing = {(row.campaign_id, row.day): dict(row._mapping) for row in self.conn.execute(
                select(table).where(table.c.day.between(min(days), max(days))))}
            i, u = self._upsert(table, ["campaign_id", "day"], campaigns, ["participants"], {}, existing)
            inserted, updated = inserted + i, updated + u
        if channels:
            table = ForeignChannelDaily.__table__
            for r in channels:
                r["channel_id"] = self.ref.foreign_channels[r["code"]]
                if r.get("items") is None:
                    r["items"] = 0
            days = [r["day"] for r in channels]
            existing = {(row.channel_id, row.day): dict(row._mapping) for row in self.conn.execute(
                select(table).where(table.c.day.between(min(days), max(days))))}
            i, u = self._upsert(table, ["channel_id", "day"], channels, ["reach", "items"], {"items": 0}, existing)
            inserted, updated = inserted + i, updated + u
        return inserted, updated


class TargetsWriter(_Writer):
    dataset = "targets"

    def merge(self) -> tuple[int, int]:
        cols = ["metric", "division_code", "year", "target",
                *[c for c in ("direction", "tolerance") if c in self.present]]
        records = _records(self.frames, cols)
        for r in records:
            r["division_code"] = r["division_code"] or ""
            if not r.get("direction"):
                r["direction"] = self.ref.metrics[r["metric"]]
            if r.get("tolerance") is None:
                r["tolerance"] = Decimal(0)
        table = KpiTarget.__table__
        existing = {(row.metric, row.division_code, row.year): dict(row._mapping)
                    for row in self.conn.execute(select(table))}
        # direction always follows the metric (checked), so it is compared even when the column is absent.
        return self._upsert(table, ["metric", "division_code", "year"], records, ["target", "direction", "tolerance"],
                            {"tolerance": Decimal(0), "direction": None}, existing, always=("direction",))


# --- budget ---------------------------------------------------------------------------------


class BudgetWriter(_Writer):
    dataset = "budget"
    ITEM_FIELDS = ["division_id", "parent_id", "level", "category", "name_ko", "name_en", "sort_order"]

    def merge(self) -> tuple[int, int]:
        p = self.present
        cols = ["fiscal_year", "item_code", "as_of", "division_code", "level", "category", "name_ko",
                "budget_won", "current_budget_won", "executed_won",
                *[c for c in ("parent_code", "parent_name_ko", "parent_name_en", "name_en", "sort_order") if c in p]]
        records = _records(self.frames, cols)
        self.created: list[tuple[str, int, str, str]] = []  # (goal | item, fiscal year, code, Korean name)
        items_table, snaps = BudgetItem.__table__, BudgetSnapshot.__table__
        years = sorted({r["fiscal_year"] for r in records})
        stored_items = {(row.fiscal_year, row.code): dict(row._mapping) for row in self.conn.execute(
            select(items_table).where(items_table.c.fiscal_year.in_(years)))}

        # 1. policy goals (parents): create the missing ones, rename the ones whose names changed.
        parents: dict[tuple[int, str], dict] = {}
        for r in records:
            code = r.get("parent_code") or ""
            if code:
                entry = parents.setdefault((r["fiscal_year"], code), {"division_code": r["division_code"],
                                                                       "name_ko": "", "name_en": ""})
                if r.get("parent_name_ko"):
                    entry["name_ko"] = r["parent_name_ko"]
                    entry["name_en"] = r.get("parent_name_en") or r["parent_name_ko"]
        created = renamed = 0
        for (year, code), entry in parents.items():
            stored = stored_items.get((year, code))
            if stored is None:
                row = {"fiscal_year": year, "code": code, "division_id": self.ref.divisions[entry["division_code"]],
                       "parent_id": None, "level": "policy", "category": "programme", "name_ko": entry["name_ko"],
                       "name_en": entry["name_en"],
                       "sort_order": self.ref.division_order.get(entry["division_code"], 0)}
                new_id = self.conn.execute(insert(items_table).values(row).returning(items_table.c.id)).scalar_one()
                stored_items[(year, code)] = {**row, "id": new_id}
                created += 1
                self.created.append(("goal", year, code, entry["name_ko"]))
            elif entry["name_ko"] and (stored["name_ko"], stored["name_en"]) != (entry["name_ko"], entry["name_en"]):
                self.conn.execute(update(items_table).where(items_table.c.id == stored["id"])
                                  .values(name_ko=entry["name_ko"], name_en=entry["name_en"]))
                stored.update(name_ko=entry["name_ko"], name_en=entry["name_en"])
                renamed += 1

        # 2. leaf items: one per (fiscal_year, item_code), attributes from its first row (all agree).
        compare = ["division_id", "level", "category", "name_ko"]
        compare += [f for f, col in (("parent_id", "parent_code"), ("name_en", "name_en"),
                                     ("sort_order", "sort_order")) if col in p]
        changed_items: set[tuple[int, str]] = set()
        new_items: set[tuple[int, str]] = set()
        seen: set[tuple[int, str]] = set()
        for r in records:
            key = (r["fiscal_year"], r["item_code"])
            if key in seen:
                continue
            seen.add(key)
            parent_code = r.get("parent_code") or None
            values = {
                "division_id": self.ref.divisions[r["division_code"]],
                "parent_id": stored_items[(key[0], parent_code)]["id"] if parent_code else None,
                "level": r["level"], "category": r["category"], "name_ko": r["name_ko"],
                "name_en": r.get("name_en") or r["name_ko"],
                "sort_order": r.get("sort_order") if r.get("sort_order") is not None else 0,
            }
            stored = stored_items.get(key)
            if stored is None:
                row = {"fiscal_year": key[0], "code": key[1], **values}
                new_id = self.conn.execute(insert(items_table).values(row).returning(items_table.c.id)).scalar_one()
                stored_items[key] = {**row, "id": new_id}
                new_items.add(key)
                self.created.append(("item", key[0], key[1], r["name_ko"]))
            elif any(stored[f] != values[f] for f in compare):
                self.conn.execute(update(items_table).where(items_table.c.id == stored["id"])
                                  .values({f: values[f] for f in compare}))
                changed_items.add(key)

        # 3. snapshots.
        item_ids = [stored_items[(r["fiscal_year"], r["item_code"])]["id"] for r in records]
        stored_snaps = {}
        for start in range(0, len(set(item_ids)), 500):
            ids = sorted(set(item_ids))[start:start + 500]
            stored_snaps.update({(row.item_id, row.as_of): dict(row._mapping) for row in self.conn.execute(
                select(snaps).where(snaps.c.item_id.in_(ids)))})
        amounts = ["budget_won", "current_budget_won", "executed_won"]
        inserts, updates, updated_rows = [], [], 0
        for r, item_id in zip(records, item_ids):
            stored = stored_snaps.get((item_id, r["as_of"]))
            if stored is None:
                inserts.append({"item_id": item_id, "as_of": r["as_of"], **{a: r[a] for a in amounts}})
                continue
            snapshot_changed = any(stored[a] != r[a] for a in amounts)
            if snapshot_changed:
                updates.append({"_id": stored["id"], **{f"v_{a}": r[a] for a in amounts}})
            if snapshot_changed or (r["fiscal_year"], r["item_code"]) in changed_items:
                updated_rows += 1
        if inserts:
            self.conn.execute(insert(snaps), inserts)
        if updates:
            self.conn.execute(update(snaps).where(snaps.c.id == bindparam("_id"))
                              .values({a: bindparam(f"v_{a}") for a in amounts}), updates)
        self.details = {"items_created": len(new_items), "items_updated": len(changed_items),
                        "goals_created": created, "goals_renamed": renamed, "created": self.created}
        return len(inserts), updated_rows


# --- complaints (large): staging table and a set-based merge -----------------------------------------

STAGE_NAME = "import_complaint_stage"
TIMES = ("received_at", "due_at", "closed_at")
COMPLAINT_FIELDS = [*TIMES, "channel_id", "department_id", "division_id"]
# PostgreSQL bulk mode: at least this many new rows, and at least a quarter of the table's rows.
BULK_MIN_ROWS = 100_000
_NAT = np.iinfo(np.int64).min


def _stage_table(dialect: str) -> Table:
    """PostgreSQL: timestamps staged as UTC microseconds since the epoch (cheap to COPY);
    SQLite: as the exact text SQLAlchemy stores for DateTime (so comparisons are exact)."""
    if dialect == "postgresql":
        times = [Column(f"{name}_us", BigInteger) for name in TIMES]
        kwargs = {"postgresql_on_commit": "DROP"}
    else:
        times = [Column(name, DateTime(timezone=True)) for name in TIMES]
        kwargs = {}
    return Table(
        STAGE_NAME, MetaData(),
        Column("external_id", String(40)), *times,
        Column("channel_id", Integer), Column("department_id", Integer), Column("division_id", Integer),
        prefixes=["TEMPORARY"], **kwargs,
    )


def _staged(stage: Table, dialect: str):
    """The staging table as complaint-shaped rows (a subquery the merge statements read)."""
    if dialect == "postgresql":
        epoch = literal_column("TIMESTAMPTZ 'epoch'")
        micro = literal_column("INTERVAL '1 microsecond'")
        times = [type_coerce(epoch + stage.c[f"{name}_us"] * micro, DateTime(timezone=True)).label(name)
                 for name in TIMES]
    else:
        times = [stage.c[name] for name in TIMES]
    return select(stage.c.external_id, *times, stage.c.channel_id, stage.c.department_id,
                  stage.c.division_id).subquery("staged")


def _positions(codes: pd.Series, mapping: dict) -> np.ndarray:
    """Positions of codes in `mapping`'s keys (all known: the validator checked them), vectorised."""
    positions = pd.Index(list(mapping)).get_indexer(codes.to_numpy(dtype=object))
    assert (positions >= 0).all(), "unknown code passed validation"
    return positions


def _utc_micros(values: pd.Series) -> np.ndarray:
    return values.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[us]").view(np.int64)


def _sqlite_text(micros: np.ndarray) -> np.ndarray:
    """UTC microseconds as SQLAlchemy's SQLite DateTime text 'YYYY-MM-DD HH:MM:SS.ffffff' (None for NaT)."""
    texts = np.datetime_as_string(micros.view("datetime64[us]"), unit="us").astype(object)
    texts = np.array([v.replace("T", " ", 1) for v in texts], dtype=object)
    texts[micros == _NAT] = None
    return texts


def _copy_payload(ids: np.ndarray, columns: list[np.ndarray]) -> str:
    """CSV text for COPY: ids (quoted only when needed) then the other columns (blank = NULL)."""
    joined = "\x1f".join(ids.tolist())
    if any(ch in joined for ch in ",\"\r\n"):  # ids are never empty (required)
        frame = pd.DataFrame({"external_id": ids, **{str(i): c for i, c in enumerate(columns)}})
        return frame.to_csv(index=False, header=False, lineterminator="\n")
    line = ids.astype(object)
    for column in columns:
        line = line + "," + column
    return "".join(line + "\n")


class ComplaintsWriter(_Writer):
    dataset = "complaints"

    def start(self) -> None:
        self.dialect = self.conn.dialect.name
        self.stage_table = _stage_table(self.dialect)
        if self.dialect == "sqlite":
            self.conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{STAGE_NAME}")
        self.stage_table.create(self.conn)
        self.department_id = {c: i for c, (i, _) in self.ref.departments.items()}
        self.department_division = {c: d for c, (_, d) in self.ref.departments.items()}
        self.range: tuple[dt.date | None, dt.date | None] = (None, None)

    def cleanup(self) -> None:
        if getattr(self, "dialect", "") == "sqlite":
            try:
                self.conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{STAGE_NAME}")
            except Exception:  # noqa: BLE001 - best effort on a connection going back to the pool
                pass

    def stage(self, typed: pd.DataFrame) -> None:
        if typed.empty:
            return
        ids = typed["external_id"].to_numpy(dtype=object)
        channel = _positions(typed["channel_code"], self.ref.complaint_channels)
        department = _positions(typed["department_code"], self.department_id)
        channel_ids = np.array(list(self.ref.complaint_channels.values()), dtype=np.int64)
        department_ids = np.array(list(self.department_id.values()), dtype=np.int64)
        division_ids = np.array(list(self.department_division.values()), dtype=np.int64)
        micros = [_utc_micros(typed[name]) for name in TIMES]
        if self.dialect == "postgresql":
            columns = []
            for values in micros:
                text_values = values.astype(str).astype(object)
                text_values[values == _NAT] = ""
                columns.append(text_values)
            for ids_of, pos in ((channel_ids, channel), (department_ids, department), (division_ids, department)):
                columns.append(ids_of.astype(str).astype(object)[pos])  # a few distinct strings, picked
            payload = _copy_payload(ids, columns)
            names = ["external_id", *(f"{n}_us" for n in TIMES), "channel_id", "department_id", "division_id"]
            raw = self.conn.connection.dbapi_connection
            with raw.cursor() as cursor:
                cursor.copy_expert(f"COPY {STAGE_NAME} ({', '.join(names)}) FROM STDIN WITH (FORMAT csv)",
                                   io.StringIO(payload), size=1 << 20)
        else:
            texts = [_sqlite_text(values) for values in micros]
            refs = [channel_ids[channel], department_ids[department], division_ids[department]]
            rows = list(zip(ids.tolist(), *(t.tolist() for t in texts), *(r.tolist() for r in refs)))
            self.conn.exec_driver_sql(f"INSERT INTO {STAGE_NAME} VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    def merge(self) -> tuple[int, int]:
        c = Complaint.__table__
        if self.dialect == "postgresql":
            self.conn.exec_driver_sql(f"ANALYZE {STAGE_NAME}")
        s = _staged(self.stage_table, self.dialect)
        joined = s.outerjoin(c, c.c.external_id == s.c.external_id)
        changed = or_(*(c.c[f].is_distinct_from(s.c[f]) for f in COMPLAINT_FIELDS))
        is_new, is_changed = c.c.id.is_(None), and_(c.c.id.is_not(None), changed)
        # One pass: the counts, and the extreme timestamps of the new values (new or changed rows) and
        # of the replaced values (changed rows) - their Seoul days bound the rollup to rebuild.
        bounds = []
        for table, rows in ((s, or_(is_new, is_changed)), (c, is_changed)):
            for col in TIMES:
                bounds += [func.min(table.c[col]).filter(rows), func.max(table.c[col]).filter(rows)]
        inserted, updated, *extremes = self.conn.execute(
            select(func.count().filter(is_new), func.count().filter(is_changed), *bounds).select_from(joined)
        ).one()
        if inserted + updated == 0:
            return 0, 0
        # The before-image (versions.py): the rows about to change, whole, and the ids about to be added.
        self.changes.updates["complaint"] = [
            ((row[0],), tuple(row)) for row in self.conn.execute(
                select(*c.c).select_from(joined).where(is_changed).order_by(c.c.id))] if updated else []
        max_before = self.conn.execute(select(func.max(c.c.id))).scalar_one_or_none() or 0
        days = [as_utc(v if isinstance(v, dt.datetime) else dt.datetime.fromisoformat(v)).astimezone(SEOUL).date()
                for v in extremes if v is not None]
        self.range = (min(days), max(days)) if days else (None, None)

        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        else:
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        columns = ["external_id", *COMPLAINT_FIELDS]
        stmt = dialect_insert(c).from_select(columns, select(*(s.c[k] for k in columns)).where(true()))
        stmt = stmt.on_conflict_do_update(
            index_elements=[c.c.external_id],
            set_={f: stmt.excluded[f] for f in COMPLAINT_FIELDS},
            where=or_(*(c.c[f].is_distinct_from(stmt.excluded[f]) for f in COMPLAINT_FIELDS)),
        )
        recreate = self._enter_bulk_mode(inserted) if self.dialect == "postgresql" else []
        if recreate:
            # Bulk mode holds an exclusive lock on complaint (no concurrent writer), so a plain
            # UPDATE of the changed rows and an anti-join INSERT of the new ones replace the upsert:
            # the same result without the upsert's speculative insertion, about twice as fast.
            target = c.alias("target")
            if updated:
                self.conn.execute(
                    update(c).where(c.c.external_id == s.c.external_id)
                    .where(or_(*(c.c[f].is_distinct_from(s.c[f]) for f in COMPLAINT_FIELDS)))
                    .values({f: s.c[f] for f in COMPLAINT_FIELDS}))
            new_rows = select(*(s.c[k] for k in columns)).where(
                ~select(target.c.id).where(target.c.external_id == s.c.external_id).exists())
            self.conn.execute(insert(c).from_select(columns, new_rows))
        else:
            self.conn.execute(stmt)
        for statement in recreate:
            self.conn.exec_driver_sql(statement)
        self.details["bulk_mode"] = bool(recreate)
        if inserted:
            stage = self.stage_table
            self.changes.ranges["complaint"] = id_ranges(self.conn.execute(
                select(c.c.id).join(stage, stage.c.external_id == c.c.external_id)
                .where(c.c.id > max_before)).scalars().all())
        return inserted, updated

    def _enter_bulk_mode(self, new_rows: int) -> list[str]:
        """For a large load on PostgreSQL, drop complaint's secondary indexes and foreign keys (in this
        transaction) and return the statements that recreate them after the merge.

        Maintaining six indexes and three foreign-key checks row by row costs several times more than
        rebuilding them once when the load is large next to the table. The unique key on external_id
        stays (the merge's conflict arbiter). The codes were all checked against the reference tables
        before, and re-adding the foreign keys validates them again. Dropping takes an exclusive lock
        on complaint until the commit: dashboard queries on complaints wait for the import.
        """
        existing = self.conn.execute(text("SELECT GREATEST(reltuples, 0)::bigint FROM pg_class "
                                          "WHERE oid = 'complaint'::regclass")).scalar_one()
        if new_rows < BULK_MIN_ROWS or new_rows * 4 < existing:
            return []
        self.conn.exec_driver_sql("LOCK TABLE complaint IN ACCESS EXCLUSIVE MODE")
        foreign_keys = self.conn.execute(text(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'complaint'::regclass AND contype = 'f' ORDER BY conname")).all()
        indexes = self.conn.execute(text(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = 'complaint'::regclass AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY c.relname")).all()
        for name, _ in foreign_keys:
            self.conn.exec_driver_sql(f'ALTER TABLE complaint DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            self.conn.exec_driver_sql(f'DROP INDEX "{name}"')
        return ([definition for _, definition in indexes]
                + [f'ALTER TABLE complaint ADD CONSTRAINT "{name}" {definition}' for name, definition in foreign_keys])

    def after(self, *, as_of: dt.date, previous_as_of: dt.date | None) -> None:
        start, end = self.range
        if previous_as_of is None:
            start = end = None  # first load: the whole rollup
        elif as_of > previous_as_of:  # days now past due at the new as-of date change their delay count
            low, high = previous_as_of + dt.timedelta(days=1), as_of
            start = low if start is None else min(start, low)
            end = high if end is None else max(end, high)
        elif start is None:
            return  # nothing changed
        rebuild_complaint_daily(self.conn, as_of=as_of, start=start, end=end)
        self.details.update(rollup_from=start, rollup_to=end)


WRITERS: dict[str, type[_Writer]] = {w.dataset: w for w in (BudgetWriter, ComplaintsWriter, HallVisitsWriter,
                                                           BrandReachWriter, SnsFollowersWriter, TargetsWriter)}

ProgressFn = Callable[[int, int], None]


def seoul_today() -> dt.date:
    return dt.datetime.now(SEOUL).date()

