"""City-scale synthetic history for PostgreSQL (`manage.py gen-scale`): load tests at 10 M complaints.

Adds, to a database that already holds the demo (or real data), history that leaves every figure
of the current period untouched. The rule is simple: synthetic rows go only where no query of the
current period (as of the latest load) can see them.

* Complaints: `n` complaints received from 1 January of the first history year to 31 December
  before the first year of the existing complaints (with the demo: 2007-2014 for ten years, the
  demo holding 2015-2016). Every synthetic complaint is received, due AND closed within that span
  (a complaint received in the last fortnight gets 31 December 23:59:59 Seoul as its deadline at
  the latest, and every closure is capped there), so complaint_daily rows of 2015 and later - the
  delay rates 6.07 % / 5.85 %, 응답소 72,168 - and the open-complaint signal are unchanged. The shape
  follows the demo generator (weekdays, holidays, seasons, hours of day, the same department and
  channel profiles), with slow growth, online complaints gaining on visits and mail over the
  years, and a delay rate that improves from about 11.5 % to 6.6 %. The level is set by `n`
  (10 M over eight years is about 3,400 a day, far above the demo's ~600: a load test, not a
  forecast). External ids are 'SYN-' and ten digits.
* Holidays: public holidays of the history years that the holiday table lacks (2007-2012 are
  listed here with their lunar dates; older years get the fixed-date holidays only).
* Budget: 200 unit programmes in all over the fiscal years before the first existing one
  (2007-2013 with the demo, whose synthetic history holds 2014-2015; at most the 31 programmes of
  the 2016 structure a year, so fewer than 200 when --years leaves fewer than seven such years), each year with one policy goal and one
  기본경비 row per division and a snapshot at every month end. A year whose totals by category
  already exist in budget_annual_total (2015 in the demo) is split so its leaves sum to them
  exactly; other years get their totals written from their leaves. The 2016 table is untouched.
* SNS: up to 50 channels. The report's channels keep every snapshot they have and get a daily
  back-history from their opening (or the first history day) to the day before their first
  snapshot, rising to just below it. The added channels have kind 'other' (YouTube, Band, district
  accounts, other languages...), which the report's table (kinds 'sns', 'blog', 'messenger')
  never selects; they get daily snapshots from their opening to the as-of date.
* Citizen Hall (시민청): nothing is added. The hall opened on 2013-01-12 and the demo already has
  every day from the opening to the as-of date, i.e. every day of the ten-year window on which
  the hall existed. A row for a day before the opening would claim the hall was open (changing
  the since-opening 누적 방문객 6,276,585) or closed (moving its first day, which the page shows as
  the opening), and a second hall needs a schema change, so the least surprising choice is no
  fabricated hall days at all. The table stays at ~1,300 rows, trivially fast at any scale.

Complaints are generated with numpy in chunks of ~500 k rows and streamed with binary
`COPY ... FROM STDIN`; the complaint table's indexes and constraints are dropped before the load
and rebuilt after it (from their own definitions, so later migrations are covered), then
complaint_daily is rebuilt for the history span in SQL and the touched tables are analysed. All
of it runs in one transaction: an error or Ctrl-C leaves the database as it was. After the commit
complaint_daily and the snapshot tables are vacuumed, so the covering indexes of migration 0003
give index-only scans. Deterministic for a given seed, n, years and existing data.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection, Engine, func, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert

from data_access.db import seoul_day_start_utc
from data_access.status import record_db_rows
from loading.demo import budget as demo_budget
from loading.demo import complaints as demo_complaints
from loading.demo import sns as demo_sns
from data_access.models import (
    BudgetAnnualTotal,
    BudgetItem,
    BudgetSnapshot,
    Complaint,
    ComplaintChannel,
    Department,
    Division,
    Holiday,
    LoadLog,
    SnsChannel,
    SnsSnapshot,
)
from loading.rollups import rebuild_complaint_daily

SEED = 20_160_810
DEFAULT_COMPLAINTS = 10_000_000
DEFAULT_YEARS = 10
BUDGET_PROGRAMMES = 200
SNS_CHANNELS = 50
CHUNK_ROWS = 500_000
EXTERNAL_PREFIX = "SYN-"
EXTERNAL_DIGITS = 10
SOURCE = "gen-scale: synthetic history"

PG_EPOCH = np.datetime64("2000-01-01", "D")  # PostgreSQL binary timestamps count microseconds from here
US_PER_DAY = 86_400 * 1_000_000
US_PER_HOUR = 3_600 * 1_000_000
KST_US = 9 * US_PER_HOUR

Phase = Callable[[str], None]
Advance = Callable[[int], None]


class ScaleError(ValueError):
    """gen-scale cannot run on this database as asked (a clear one-line reason)."""


# --- holidays of years before the demo's (the demo lists 2013-2016) ---------------------------

_FIXED_HOLIDAYS = [("01-01", "신정", "New Year's Day"), ("03-01", "삼일절", "Independence Movement Day"),
                   ("05-05", "어린이날", "Children's Day"), ("06-06", "현충일", "Memorial Day"),
                   ("08-15", "광복절", "Liberation Day"), ("10-03", "개천절", "National Foundation Day"),
                   ("12-25", "성탄절", "Christmas Day")]
# 설날 and 추석 (the day itself; the days before and after are holidays too), 부처님오신날, elections.
_LUNAR = {
    2007: ("02-18", "09-25", "05-24"), 2008: ("02-07", "09-14", "05-12"), 2009: ("01-26", "10-03", "05-02"),
    2010: ("02-14", "09-22", "05-21"), 2011: ("02-03", "09-12", "05-10"), 2012: ("01-23", "09-30", "05-28"),
}
# Fixed-date days off only in some years: (month-day, name_ko, name_en, first year, last year).
_FIXED_SOME_YEARS = [("04-05", "식목일", "Arbor Day", 1949, 2005), ("07-17", "제헌절", "Constitution Day", 1949, 2007),
                     ("10-09", "한글날", "Hangul Day", 1949, 1990), ("10-09", "한글날", "Hangul Day", 2013, 9999)]
_OTHER_HOLIDAYS = [("2007-12-19", "대통령선거", "Presidential election"),
                   ("2008-04-09", "국회의원선거", "General election"), ("2010-06-02", "지방선거", "Local elections"),
                   ("2012-04-11", "국회의원선거", "General election"),
                   ("2012-12-19", "대통령선거", "Presidential election")]


def extra_holidays(first_year: int, last_year: int) -> dict[dt.date, tuple[str, str]]:
    """Public holidays of the given years as far as listed here (lunar ones for 2007-2012 only)."""
    out: dict[dt.date, tuple[str, str]] = {}
    for year in range(first_year, last_year + 1):
        for md, ko, en in _FIXED_HOLIDAYS:
            out[dt.date.fromisoformat(f"{year}-{md}")] = (ko, en)
        for md, ko, en, first, last in _FIXED_SOME_YEARS:
            if first <= year <= last:
                out[dt.date.fromisoformat(f"{year}-{md}")] = (ko, en)
        if year in _LUNAR:
            seollal, chuseok, buddha = (dt.date.fromisoformat(f"{year}-{md}") for md in _LUNAR[year])
            for base, ko, en in ((seollal, "설날", "Seollal"), (chuseok, "추석", "Chuseok")):
                out[base - dt.timedelta(days=1)] = (f"{ko} 연휴", f"{en} holiday")
                out[base + dt.timedelta(days=1)] = (f"{ko} 연휴", f"{en} holiday")
                out[base] = (ko, en)  # 2009: 추석 falls on 개천절 and keeps its name
            out.setdefault(buddha, ("부처님오신날", "Buddha's Birthday"))
    for day, ko, en in _OTHER_HOLIDAYS:
        d = dt.date.fromisoformat(day)
        if first_year <= d.year <= last_year:
            out.setdefault(d, (ko, en))
    return out


# --- the plan: what goes where ---------------------------------------------------------------


@dataclass(frozen=True)
class ScalePlan:
    as_of: dt.date  # the current period's date (latest load); nothing is written after it
    history_start: dt.date  # first day of the synthetic history
    complaints_end: dt.date  # last day of synthetic complaints (before the existing ones)
    budget_years: tuple[int, ...]  # synthetic fiscal years
    complaints: int
    years: int
    seed: int


def make_plan(conn: Connection, *, complaints: int, years: int, seed: int) -> ScalePlan:
    """Check the database and decide the spans; raises ScaleError with a clear reason."""
    if conn.dialect.name != "postgresql":
        raise ScaleError("gen-scale needs PostgreSQL (it streams with COPY); set DATABASE_URL to a "
                         "postgresql:// database. The embedded SQLite demo is meant for the demo data only")
    if complaints < 0:
        raise ScaleError("--complaints must be zero or more")
    if not 2 <= years <= 40:
        raise ScaleError("--years must be between 2 and 40")
    if conn.execute(select(func.count()).select_from(Department)).scalar_one() == 0 or \
            conn.execute(select(func.count()).select_from(ComplaintChannel)).scalar_one() == 0:
        raise ScaleError("no divisions, departments or complaint channels: run `manage.py load-demo` first")
    earlier_runs = select(func.count()).select_from(LoadLog).where(LoadLog.loaded_by == "gen-scale")
    other_channels = select(func.count()).select_from(SnsChannel).where(SnsChannel.kind == "other")
    if conn.execute(earlier_runs).scalar_one() or conn.execute(other_channels).scalar_one():
        raise ScaleError("this database already has gen-scale history; run `manage.py load-demo` to start "
                         "from the demo again")
    as_of = conn.execute(select(func.max(LoadLog.as_of)).where(LoadLog.reverted_at.is_(None))).scalar_one_or_none()
    if as_of is None:
        raise ScaleError("the load log is empty, so there is no current period: run `manage.py load-demo` first")
    history_start = dt.date(as_of.year - years + 1, 1, 1)

    first_received = conn.execute(select(func.min(Complaint.received_at))).scalar_one_or_none()
    first_year = (first_received + dt.timedelta(hours=9)).year if first_received else as_of.year - 1
    complaints_end = dt.date(min(first_year, as_of.year - 1) - 1, 12, 31)
    if complaints_end < history_start:
        raise ScaleError(f"--years {years} leaves no year before the existing complaints (from {first_year}); "
                         "ask for more years")
    first_budget_year = conn.execute(select(func.min(BudgetItem.fiscal_year))).scalar_one_or_none() or as_of.year
    budget_years = tuple(range(history_start.year, min(first_budget_year, as_of.year)))
    return ScalePlan(as_of=as_of, history_start=history_start, complaints_end=complaints_end,
                     budget_years=budget_years, complaints=complaints, years=years, seed=seed)


# --- complaints: numpy generation ------------------------------------------------------------


@dataclass(frozen=True)
class ComplaintModel:
    """Everything the chunk generator needs, as arrays (departments and channels of the database)."""

    days: np.ndarray  # datetime64[D], the Seoul days of the history
    counts: np.ndarray  # int64 [day, channel]: complaints received
    channel_ids: np.ndarray  # int32 [channel]
    hour_cdf: np.ndarray  # float [channel, 24]
    dept_cdf: np.ndarray  # float [channel, dept]
    dept_ids: np.ndarray  # int32 [dept]
    dept_division_ids: np.ndarray  # int32 [dept]
    long_share: np.ndarray  # float [dept]: share of 14-day processing periods
    dept_lateness: np.ndarray  # float [dept]
    channel_lateness: np.ndarray  # float [channel]
    month_lateness: np.ndarray  # float [13] by month number
    year_rate: np.ndarray  # float [day]: the delay rate aimed at on that day
    cutoff_us: int  # end of the history (PG microseconds): nothing due or closed at or after it


def _day_start_us(days: np.ndarray) -> np.ndarray:
    """PostgreSQL-epoch microseconds of the start of each Seoul day."""
    return (days - PG_EPOCH).astype(np.int64) * US_PER_DAY - KST_US


def complaint_model(*, plan: ScalePlan, departments: list[tuple[int, str, int, str]], channels: dict[str, int],
                    holidays: set[dt.date]) -> ComplaintModel:
    """Daily volumes per channel (a multinomial draw summing to plan.complaints) and the profiles."""
    rng = np.random.default_rng([plan.seed, 1])
    dc = demo_complaints
    days = np.arange(np.datetime64(plan.history_start, "D"), np.datetime64(plan.complaints_end, "D") + 1)
    n_days = len(days)
    weekday = ((days - np.datetime64("1970-01-05", "D")).astype(np.int64)) % 7  # 0 = Monday
    months = (days.astype("datetime64[M]").astype(np.int64) % 12) + 1
    off = np.isin(days, np.array(sorted(holidays), dtype="datetime64[D]")) | (weekday == 6)
    t = np.linspace(0.0, 1.0, n_days)
    codes = [c for c in dc.CHANNEL_BASE if c in channels]
    if not codes:
        raise ScaleError("none of the complaint channels eungdapso, call120, visit, mail exists")
    # Online complaints grow over the years, visits and mail decline (relative channel mix).
    drift = {"eungdapso": (0.55, 1.0), "call120": (1.0, 1.0), "visit": (1.8, 1.0), "mail": (2.5, 1.0)}
    expected = np.zeros((n_days, len(codes)))
    month_factor = np.array([0.0] + [dc.MONTH_FACTOR[m] for m in range(1, 13)])
    weekday_factor = np.array(list(dc.WEEKDAY_FACTOR) + [0.0, 0.0])
    for j, code in enumerate(codes):
        sat, sun = dc.CHANNEL_OFF_DAY[code]
        dow = np.where(off, sun, np.where(weekday == 5, sat, weekday_factor[weekday]))
        mix = drift[code][0] + (drift[code][1] - drift[code][0]) * t
        growth = 0.6 + 0.4 * t
        noise = rng.lognormal(0.0, 0.08, n_days)
        expected[:, j] = dc.CHANNEL_BASE[code] * dow * month_factor[months] * mix * growth * noise
    p = expected.ravel() / expected.sum()
    counts = rng.multinomial(plan.complaints, p).reshape(n_days, len(codes))

    hour_cdf = np.array([np.cumsum(dc.HOUR_WEIGHTS[c]) / sum(dc.HOUR_WEIGHTS[c]) for c in codes])
    dept_codes = [d[1] for d in departments]
    dept_cdf = []
    for code in codes:
        boost = dc.CHANNEL_DEPARTMENT_BOOST.get(code, {})
        w = np.array([dc.DEPARTMENT_WEIGHT.get(d, 1.0) * boost.get(d, 1.0) for d in dept_codes])
        dept_cdf.append(np.cumsum(w) / w.sum())
    first_year, last_year = plan.history_start.year, plan.complaints_end.year
    rate_by_year = np.linspace(0.115, 0.066, last_year - first_year + 1) if last_year > first_year \
        else np.array([0.066])
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    cutoff = seoul_day_start_utc(plan.complaints_end + dt.timedelta(days=1))
    cutoff_us = int((cutoff - dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)) / dt.timedelta(microseconds=1))
    return ComplaintModel(
        days=days,
        counts=counts,
        channel_ids=np.array([channels[c] for c in codes], dtype=np.int32),
        hour_cdf=hour_cdf,
        dept_cdf=np.array(dept_cdf),
        dept_ids=np.array([d[0] for d in departments], dtype=np.int32),
        dept_division_ids=np.array([d[2] for d in departments], dtype=np.int32),
        long_share=np.array([dc.LONG_PERIOD_SHARE.get(d[3], 0.3) for d in departments]),
        dept_lateness=np.array([dc.DEPARTMENT_LATENESS.get(d, 1.0) for d in dept_codes]),
        channel_lateness=np.array([dc.CHANNEL_LATENESS.get(c, 1.0) for c in codes]),
        month_lateness=np.array([1.0] + [dc.MONTH_LATENESS[m] for m in range(1, 13)]),
        year_rate=rate_by_year[years - first_year],
        cutoff_us=cutoff_us,
    )


def day_chunks(counts: np.ndarray, chunk_rows: int = CHUNK_ROWS) -> list[tuple[int, int]]:
    """Consecutive day ranges [start, stop) holding about `chunk_rows` complaints each."""
    per_day = counts.sum(axis=1)
    cum = np.cumsum(per_day)
    out, start, taken = [], 0, 0
    while start < len(per_day):
        stop = int(np.searchsorted(cum, taken + chunk_rows, side="right"))
        stop = max(stop, start + 1)
        out.append((start, stop))
        taken = int(cum[stop - 1])
        start = stop
    return out


def generate_chunk(model: ComplaintModel, day_start: int, day_stop: int, *, seed: int, chunk_index: int,
                   first_number: int) -> dict[str, np.ndarray]:
    """The complaints received on days [day_start, day_stop): column arrays, sorted by received_at.

    Timestamps are PostgreSQL-epoch microseconds (UTC). `first_number` numbers the external ids.
    """
    rng = np.random.default_rng([seed, 2, chunk_index])
    block = model.counts[day_start:day_stop]
    n = int(block.sum())
    n_channels = block.shape[1]
    day_idx = np.repeat(np.repeat(np.arange(day_start, day_stop), n_channels), block.ravel())
    ch = np.repeat(np.tile(np.arange(n_channels), day_stop - day_start), block.ravel())

    hour = (rng.random(n)[:, None] > model.hour_cdf[ch]).sum(axis=1)
    seconds = hour * 3600 + rng.integers(0, 3600, n)
    received = _day_start_us(model.days[day_idx]) + seconds * 1_000_000
    order = np.argsort(received, kind="stable")
    day_idx, ch, received = day_idx[order], ch[order], received[order]

    dept = (rng.random(n)[:, None] > model.dept_cdf[ch]).sum(axis=1)
    dept = np.minimum(dept, len(model.dept_ids) - 1)
    period_days = np.where(rng.random(n) < model.long_share[dept], 14, 7)
    due = received + period_days * US_PER_DAY

    months = (model.days[day_idx].astype("datetime64[M]").astype(np.int64) % 12) + 1
    weight = (model.dept_lateness[dept] * model.channel_lateness[ch] * model.month_lateness[months]
              * np.where(period_days == 14, 1.25, 1.0))
    late = rng.random(n) < np.minimum(model.year_rate[day_idx] * weight / weight.mean(), 0.95)

    # On time: most answered early, a minority close to the deadline; never within 30 minutes.
    near = rng.random(n) < demo_complaints.NEAR_DEADLINE_SHARE
    share = np.where(near, rng.beta(5.0, 1.3, n), rng.beta(1.5, 3.0, n))
    on_time = np.minimum(received + np.maximum(1_800_000_000, (share * (due - received)).astype(np.int64)), due)
    # Late: some days after the deadline, moved into office hours (09-18 Seoul) on a weekday.
    lagged = due + 60_000_000 + rng.exponential(3.0 * US_PER_DAY, n).astype(np.int64)
    local = lagged + KST_US
    local_day, tod = np.divmod(local, US_PER_DAY)
    reopen = 9 * US_PER_HOUR + rng.integers(0, US_PER_HOUR, n)
    local_day = np.where(tod >= 18 * US_PER_HOUR, local_day + 1, local_day)
    tod = np.where((tod < 9 * US_PER_HOUR) | (tod >= 18 * US_PER_HOUR), reopen, tod)
    weekday = (local_day + 5) % 7  # 2000-01-01 was a Saturday
    local_day = local_day + np.where(weekday == 5, 2, np.where(weekday == 6, 1, 0))
    late_closed = np.maximum(local_day * US_PER_DAY + tod - KST_US, due + 60_000_000)
    closed = np.where(late, late_closed, on_time)

    cap = model.cutoff_us - 1_000_000  # 23:59:59 Seoul on the last history day
    due = np.minimum(due, cap)
    closed = np.minimum(closed, cap)

    numbers = np.arange(first_number, first_number + n, dtype=np.int64)
    digits = (numbers[:, None] // (10 ** np.arange(EXTERNAL_DIGITS - 1, -1, -1, dtype=np.int64))) % 10
    text_ids = np.empty((n, len(EXTERNAL_PREFIX) + EXTERNAL_DIGITS), dtype=np.uint8)
    text_ids[:, :len(EXTERNAL_PREFIX)] = np.frombuffer(EXTERNAL_PREFIX.encode(), dtype=np.uint8)
    text_ids[:, len(EXTERNAL_PREFIX):] = digits.astype(np.uint8) + ord("0")
    return {
        "number": numbers,
        "external_id": text_ids.view(f"S{text_ids.shape[1]}").ravel(),
        "received_at": received,
        "due_at": due,
        "closed_at": closed,
        "channel_id": model.channel_ids[ch],
        "department_id": model.dept_ids[dept],
        "division_id": model.dept_division_ids[dept],
    }


COPY_COLUMNS = ("id", "external_id", "received_at", "due_at", "closed_at", "channel_id", "department_id",
                "division_id")
_BINARY_HEADER = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
_BINARY_TRAILER = (-1).to_bytes(2, "big", signed=True)


def binary_copy_payload(chunk: dict[str, np.ndarray], first_id: int) -> bytes:
    """The chunk as a PostgreSQL binary COPY stream (columns COPY_COLUMNS; no NULLs, fixed widths)."""
    n = len(chunk["received_at"])
    ext_width = chunk["external_id"].dtype.itemsize
    fields = [("count", ">i2")]
    for name, kind in (("id", ">i8"), ("external_id", f"S{ext_width}"), ("received_at", ">i8"), ("due_at", ">i8"),
                       ("closed_at", ">i8"), ("channel_id", ">i4"), ("department_id", ">i4"),
                       ("division_id", ">i4")):
        fields += [(f"{name}_len", ">i4"), (name, kind)]
    rows = np.empty(n, dtype=np.dtype(fields))
    rows["count"] = len(COPY_COLUMNS)
    rows["id"] = np.arange(first_id, first_id + n, dtype=np.int64)
    for name in COPY_COLUMNS[1:]:
        rows[name] = chunk[name]
        rows[f"{name}_len"] = rows.dtype[name].itemsize
    rows["id_len"] = 8
    return _BINARY_HEADER + rows.tobytes() + _BINARY_TRAILER


# --- complaint table: indexes and constraints around the bulk load ---------------------------


def _complaint_ddl(conn: Connection) -> tuple[list[str], list[str]]:
    """(drop statements, create statements) for the complaint table's constraints and indexes."""
    constraints = conn.execute(text(
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'complaint'::regclass AND contype IN ('p', 'u', 'f') ORDER BY conname")).all()
    indexes = conn.execute(text(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE i.indrelid = 'complaint'::regclass "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY c.relname")).all()
    rank = {"f": 0, "u": 1, "p": 2}
    ordered = sorted(constraints, key=lambda r: rank[r[1]])
    drops = [f'ALTER TABLE complaint DROP CONSTRAINT "{name}"' for name, kind, _ in ordered if kind == "f"]
    drops += [f'DROP INDEX "{name}"' for name, _ in indexes]
    drops += [f'ALTER TABLE complaint DROP CONSTRAINT "{name}"' for name, kind, _ in ordered if kind != "f"]
    creates = [f'ALTER TABLE complaint ADD CONSTRAINT "{name}" {definition}'
               for name, kind, definition in reversed(ordered) if kind != "f"]
    creates += [definition for _, definition in indexes]
    creates += [f'ALTER TABLE complaint ADD CONSTRAINT "{name}" {definition}'
                for name, kind, definition in ordered if kind == "f"]
    return drops, creates


def load_complaints(conn: Connection, plan: ScalePlan, *, phase: Phase, advance: Advance) -> int:
    """Generate and COPY the synthetic complaints, rebuild the indexes and the daily rollup."""
    departments = [tuple(r) for r in conn.execute(
        select(Department.id, Department.code, Department.division_id, Division.code)
        .join(Division, Division.id == Department.division_id).order_by(Department.id))]
    channels = dict(conn.execute(select(ComplaintChannel.code, ComplaintChannel.id)).all())
    holidays = set(conn.execute(select(Holiday.day)).scalars())
    model = complaint_model(plan=plan, departments=departments, channels=channels, holidays=holidays)
    if plan.complaints == 0:
        return 0
    raw = conn.connection.dbapi_connection
    cursor = raw.cursor()
    existing_max = conn.execute(select(func.coalesce(func.max(Complaint.id), 0))).scalar_one()
    existing_rows = conn.execute(select(func.count()).select_from(Complaint)).scalar_one()
    drops, creates = _complaint_ddl(conn)
    phase(f"dropping {len(drops)} indexes and constraints of complaint")
    for statement in drops:
        conn.execute(text(statement))
    phase(f"streaming {plan.complaints:,} complaints "
          f"({plan.history_start:%Y-%m-%d}..{plan.complaints_end:%Y-%m-%d}) with COPY")
    copy_sql = f"COPY complaint ({', '.join(COPY_COLUMNS)}) FROM STDIN WITH (FORMAT binary)"
    next_id, number = existing_max + 1, 1
    for index, (start, stop) in enumerate(day_chunks(model.counts)):
        chunk = generate_chunk(model, start, stop, seed=plan.seed, chunk_index=index, first_number=number)
        rows = len(chunk["received_at"])
        if rows:
            cursor.copy_expert(copy_sql, io.BytesIO(binary_copy_payload(chunk, next_id)), size=1 << 20)
        next_id += rows
        number += rows
        advance(rows)
    phase(f"rebuilding {len(creates)} indexes and constraints on {existing_rows + plan.complaints:,} complaints")
    for statement in creates:
        conn.execute(text(statement))
    conn.execute(text("SELECT setval(pg_get_serial_sequence('complaint', 'id'), :v)"), {"v": next_id - 1})
    phase(f"rebuilding complaint_daily for {plan.history_start}..{plan.complaints_end}")
    rebuild_complaint_daily(conn, as_of=plan.as_of, start=plan.history_start, end=plan.complaints_end)
    return plan.complaints


# --- budget ----------------------------------------------------------------------------------


def _split_thousands(rng: np.random.Generator, total_won: int, weights: np.ndarray) -> list[int]:
    """Integer won amounts (multiples of 1,000 where the total allows) proportional to weights, summing to total."""
    thousands, rest = divmod(total_won, 1000)
    exact = thousands * weights / weights.sum()
    parts = np.floor(exact).astype(np.int64)
    short = int(thousands - parts.sum())
    parts[np.argsort(-(exact - parts), kind="stable")[:short]] += 1
    out = [int(p) * 1000 for p in parts]
    out[0] += rest
    return out


def load_budget(conn: Connection, plan: ScalePlan) -> int:
    """Budget items of the synthetic fiscal years with month-end snapshots; totals where missing."""
    if not plan.budget_years:
        return 0
    rng = np.random.default_rng([plan.seed, 3])
    division_ids = dict(conn.execute(select(Division.code, Division.id)).all())
    spec = {d: s for d, s in demo_budget.HIERARCHY.items() if d in division_ids}
    known_totals = {(y, c): int(w) for y, c, w in conn.execute(
        select(BudgetAnnualTotal.fiscal_year, BudgetAnnualTotal.category, BudgetAnnualTotal.budget_won))}
    latest = demo_budget.read_leaf_amounts()
    level = {"programme": sum(v[0] for k, v in latest.items() if ".basic" not in k),
             "basic": sum(v[0] for k, v in latest.items() if ".basic" in k)}
    years = list(plan.budget_years)
    per_year = np.floor(np.linspace(0.8, 1.2, len(years)) / np.linspace(0.8, 1.2, len(years)).sum()
                        * BUDGET_PROGRAMMES).astype(int)
    per_year[-1] += BUDGET_PROGRAMMES - per_year.sum()
    cap = sum(len(s["programmes"]) for s in spec.values())
    spill = int(np.maximum(per_year - cap, 0).sum())  # at most the structure's programmes a year:
    per_year = np.minimum(per_year, cap)  # the rest goes to the years with room, smallest first
    for j in np.argsort(per_year, kind="stable"):
        take = min(spill, cap - int(per_year[j]))
        per_year[j] += take
        spill -= take
    sizes = np.array([len(s["programmes"]) for s in spec.values()], dtype=float)
    rows = 0
    for year, k in zip(years, per_year, strict=True):
        # programmes per division: proportional to the 2016 structure, at least one each
        alloc = np.maximum(1, np.floor(sizes / sizes.sum() * k)).astype(int)
        while alloc.sum() > k:
            alloc[np.argmax(alloc)] -= 1
        while alloc.sum() < k:
            alloc[np.argmax(sizes - alloc)] += 1
        ago = plan.as_of.year - year
        totals = {c: known_totals.get((year, c))
                  or int(level[c] * 0.95 ** ago * rng.uniform(0.93, 1.05)) // 1000 * 1000
                  for c in ("programme", "basic")}
        policies = [{"fiscal_year": year, "code": demo_budget.policy_code(d), "division_id": division_ids[d],
                     "parent_id": None, "level": "policy", "category": "programme", "name_ko": s["policy"][1],
                     "name_en": s["policy"][2], "sort_order": order}
                    for order, (d, s) in enumerate(spec.items(), start=1)]
        policy_ids = dict(conn.execute(insert(BudgetItem).returning(BudgetItem.code, BudgetItem.id), policies).all())
        leaves: list[dict] = []
        for (d, s), count in zip(spec.items(), alloc, strict=True):
            chosen = sorted(rng.choice(len(s["programmes"]), size=min(count, len(s["programmes"])), replace=False))
            for i in chosen:
                suffix, ko, en, profile = s["programmes"][i]
                leaves.append({"fiscal_year": year, "code": demo_budget.programme_code(d, suffix),
                               "division_id": division_ids[d], "parent_id": policy_ids[demo_budget.policy_code(d)],
                               "level": "programme", "category": "programme", "name_ko": ko, "name_en": en,
                               "sort_order": 0, "_profile": profile})
            leaves.append({"fiscal_year": year, "code": demo_budget.basic_code(d), "division_id": division_ids[d],
                           "parent_id": None, "level": "basic", "category": "basic",
                           "name_ko": demo_budget.BASIC_NAME[0], "name_en": demo_budget.BASIC_NAME[1],
                           "sort_order": 0, "_profile": demo_budget.STEADY})
        for order, leaf in enumerate(leaves, start=len(policies) + 1):
            leaf["sort_order"] = order
        amounts: dict[str, int] = {}
        for category in ("programme", "basic"):
            mine = [leaf for leaf in leaves if leaf["category"] == category]
            split = _split_thousands(rng, totals[category], rng.lognormal(0.0, 0.8, len(mine)))
            amounts.update({leaf["code"]: won for leaf, won in zip(mine, split, strict=True)})
        profiles = {leaf["code"]: leaf.pop("_profile") for leaf in leaves}
        leaf_ids = dict(conn.execute(insert(BudgetItem).returning(BudgetItem.code, BudgetItem.id), leaves).all())
        month_ends = [dt.date(year, m, 1) + dt.timedelta(days=-1) for m in range(2, 13)] + [dt.date(year, 12, 31)]
        month_ends = [d for d in month_ends if d <= plan.as_of]
        snapshots = []
        for code, won in amounts.items():
            final = int(won * rng.uniform(0.86, 0.995)) // 1000 * 1000
            power = {demo_budget.FRONT: 0.6, demo_budget.BACK: 1.8}.get(profiles[code], 1.0) * rng.uniform(0.85, 1.15)
            executed = 0
            for d in month_ends:
                x = d.month / 12
                path = int(final * x ** power * rng.uniform(0.93, 1.04)) // 1000 * 1000
                value = final if d.month == 12 else min(final, path)
                executed = max(executed, value)
                snapshots.append({"item_id": leaf_ids[code], "as_of": d, "budget_won": won,
                                  "current_budget_won": won, "executed_won": executed})
        conn.execute(insert(BudgetSnapshot), snapshots)
        new_totals = [{"fiscal_year": year, "category": c, "budget_won": totals[c]}
                      for c in ("programme", "basic") if (year, c) not in known_totals]
        if new_totals:
            conn.execute(insert(BudgetAnnualTotal), new_totals)
        rows += len(policies) + len(leaves) + len(snapshots) + len(new_totals)
    return rows


# --- SNS -------------------------------------------------------------------------------------

_PLATFORMS = [("youtube", "유튜브", "YouTube"), ("naver_post", "네이버 포스트", "Naver Post"),
              ("band", "밴드", "Band"), ("flickr", "플리커", "Flickr"), ("line", "라인", "LINE"),
              ("weibo", "웨이보", "Weibo"), ("daum_blog", "다음 블로그", "Daum blog"),
              ("podcast", "팟캐스트", "Podcast")]
_ACCOUNTS = [("hall", "시민청", "Citizens Hall", "ko"), ("library", "서울도서관", "Seoul Library", "ko"),
             ("dasan", "120다산콜", "120 Dasan Call", "ko"), ("plaza", "서울광장", "Seoul Plaza", "ko"),
             ("hangang", "한강사업본부", "Hangang Park", "ko"), ("tour_en", "서울관광 (영문)", "Visit Seoul (English)", "en"),
             ("tour_zh", "서울관광 (중문)", "Visit Seoul (Chinese)", "zh-CN"),
             ("tour_ja", "서울관광 (일문)", "Visit Seoul (Japanese)", "ja"),
             ("news", "내 손안에 서울", "Seoul in My Hand", "ko"), ("youth", "서울청년", "Seoul Youth", "ko"),
             ("safety", "서울안전", "Seoul Safety", "ko"), ("culture", "서울문화", "Seoul Culture", "ko")]


def _sns_rows(rng: np.random.Generator, channel_id: int, days: np.ndarray, followers: np.ndarray,
              plan_per_week: float) -> list[tuple]:
    weekday = ((days - np.datetime64("1970-01-05", "D")).astype(np.int64)) % 7
    rate = plan_per_week / 7 * np.where(weekday >= 5, 0.45, 1.12)
    posts = rng.poisson(rate)
    return [(channel_id, str(d), int(f), int(p)) for d, f, p in zip(days, followers, posts, strict=True)]


def _copy_csv(cursor, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)", buffer, size=1 << 20)


def load_sns(conn: Connection, plan: ScalePlan) -> int:
    """Back-history for the existing channels; channels of kind 'other' up to SNS_CHANNELS in all."""
    rng = np.random.default_rng([plan.seed, 4])
    start = np.datetime64(plan.history_start, "D")
    rows: list[tuple] = []
    first = (select(SnsSnapshot.channel_id, func.min(SnsSnapshot.day).label("day"))
             .group_by(SnsSnapshot.channel_id).subquery("first"))
    existing = conn.execute(
        select(SnsChannel.id, SnsChannel.opened_on, SnsChannel.posts_per_week_plan, first.c.day, SnsSnapshot.followers)
        .join(first, first.c.channel_id == SnsChannel.id)
        .join(SnsSnapshot, (SnsSnapshot.channel_id == SnsChannel.id) & (SnsSnapshot.day == first.c.day))
        .order_by(SnsChannel.id)).all()
    for channel_id, opened, plan_per_week, first_day, first_followers in existing:
        days = np.arange(max(start, np.datetime64(opened, "D")), np.datetime64(first_day, "D"))
        if len(days) == 0:
            continue
        # Rising from a few followers at the opening (or a share at the history start) to just below
        # the first existing snapshot; non-decreasing, never above it.
        t = np.linspace(0.0, 1.0, len(days) + 1)[:-1]
        floor = 0.02 if np.datetime64(opened, "D") >= start else 0.35
        shape = floor + (1 - floor) * t ** 1.3
        wobble = np.maximum.accumulate(shape * rng.uniform(0.985, 1.0, len(days)))
        followers = np.minimum(np.floor(first_followers * wobble), first_followers).astype(np.int64)
        rows += _sns_rows(rng, channel_id, days, followers, plan_per_week or demo_sns.MESSENGER_POSTS_PER_WEEK)
    count = conn.execute(select(func.count()).select_from(SnsChannel)).scalar_one()
    next_id = (conn.execute(select(func.coalesce(func.max(SnsChannel.id), 0))).scalar_one()) + 1
    new_channels = []
    combos = [(p, a) for a in _ACCOUNTS for p in _PLATFORMS]
    picks = rng.choice(len(combos), size=max(0, SNS_CHANNELS - count), replace=False)
    end = np.datetime64(plan.as_of, "D")
    span = int((end - start).astype(np.int64))
    for offset, pick in enumerate(sorted(picks)):
        (platform, p_ko, p_en), (account, a_ko, a_en, language) = combos[pick]
        channel_id = next_id + offset
        opened = start + int(rng.integers(0, max(1, span - 60)))
        weekly = [None, 2, 3, 5, 7][int(rng.integers(0, 5))]
        new_channels.append({"id": channel_id, "code": f"x_{account}_{platform}", "kind": "other",
                             "platform": platform, "language": language, "name_ko": f"{a_ko} {p_ko}",
                             "name_en": f"{a_en} on {p_en}", "opened_on": opened.item(),
                             "posts_per_week_plan": weekly})
        days = np.arange(opened, end + 1)
        final = rng.lognormal(np.log(12_000), 1.0)
        t = np.linspace(0.0, 1.0, len(days))
        shape = 0.01 + 0.99 * t ** rng.uniform(0.6, 1.6)
        curve = np.maximum.accumulate(final * shape * rng.uniform(0.97, 1.0, len(days)))
        rows += _sns_rows(rng, channel_id, days, curve.astype(np.int64), weekly or 2)
    if new_channels:
        conn.execute(insert(SnsChannel), new_channels)
        conn.execute(text("SELECT setval(pg_get_serial_sequence('sns_channel', 'id'), :v)"),
                     {"v": next_id + len(new_channels) - 1})
    if rows:
        _copy_csv(conn.connection.dbapi_connection.cursor(), "sns_snapshot",
                  ("channel_id", "day", "followers", "posts"), rows)
    return len(new_channels) + len(rows)


# --- the command -----------------------------------------------------------------------------


def generate_scale(engine: Engine, *, complaints: int = DEFAULT_COMPLAINTS, years: int = DEFAULT_YEARS,
                   seed: int = SEED, phase: Phase | None = None, advance: Advance | None = None) -> dict[str, int]:
    """Add the synthetic history in one transaction; returns rows written per dataset.

    `phase` receives a line per step, `advance` the number of complaints streamed so far in each chunk.
    """
    phase = phase or (lambda _msg: None)
    advance = advance or (lambda _n: None)
    written: dict[str, int] = {}
    started = time.monotonic()
    with engine.begin() as conn:
        plan = make_plan(conn, complaints=complaints, years=years, seed=seed)
        if conn.execute(select(func.count()).select_from(Complaint)
                        .where(Complaint.received_at < seoul_day_start_utc(plan.complaints_end
                                                                           + dt.timedelta(days=1)))).scalar_one():
            raise ScaleError(f"complaints before {plan.complaints_end + dt.timedelta(days=1)} exist already; "
                             "run `manage.py load-demo` to start from the demo again")
        for setting, value in (("maintenance_work_mem", "1GB"), ("work_mem", "256MB"),
                               ("synchronous_commit", "off")):
            conn.execute(text("SELECT set_config(:k, :v, true)"), {"k": setting, "v": value})
        phase(f"as of {plan.as_of}: history {plan.history_start}..{plan.complaints_end} (complaints), "
              f"fiscal years {plan.budget_years[0] if plan.budget_years else '-'}.."
              f"{plan.budget_years[-1] if plan.budget_years else '-'} (budget)")
        holidays = extra_holidays(plan.history_start.year, plan.complaints_end.year)
        result = conn.execute(pg_insert(Holiday).values([{"day": d, "name_ko": ko, "name_en": en}
                                                        for d, (ko, en) in sorted(holidays.items())])
                              .on_conflict_do_nothing()) if holidays else None
        written["holidays"] = result.rowcount if result is not None else 0
        written["complaints"] = load_complaints(conn, plan, phase=phase, advance=advance)
        phase("budget programmes and SNS channels")
        written["budget"] = load_budget(conn, plan)
        written["sns_followers"] = load_sns(conn, plan)
        written["hall_visits"] = 0  # see the module docstring: no hall days before the opening
        phase("analysing tables")
        for table in ("complaint", "complaint_daily", "holiday", "budget_item", "budget_snapshot",
                      "budget_annual_total", "sns_channel", "sns_snapshot"):
            conn.execute(text(f"ANALYZE {table}"))
        source = f"{SOURCE} (--complaints {complaints} --years {years} --seed {seed})"
        now = dt.datetime.now(dt.timezone.utc)
        for dataset in ("complaints", "budget", "sns_followers"):
            if written[dataset]:
                conn.execute(insert(LoadLog).values(dataset=dataset, source=source, rows=written[dataset],
                                                    rows_inserted=written[dataset], rows_updated=0, as_of=plan.as_of,
                                                    loaded_at=now, loaded_by="gen-scale"))
                record_db_rows(conn, dataset)  # /data-status's rows in the database, counted once here
    # After the commit (VACUUM cannot run in a transaction): the visibility map lets the complaint
    # page's aggregates use index-only scans on complaint_daily's covering indexes.
    phase("vacuuming complaint_daily and the snapshot tables")
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        for table in ("complaint_daily", "sns_snapshot", "budget_snapshot"):
            conn.execute(text(f"VACUUM (ANALYZE) {table}"))
    from loading.alerts import record_history  # the early-warning history with the new history in place

    record_history(engine)
    written["seconds"] = int(round(time.monotonic() - started))
    return written

