"""import_file (loading/importing/__init__.py and writer.py): damaged files refused clearly with
nothing written, round trips, idempotent re-import, the load log, rollups, cancel and progress - on
SQLite and PostgreSQL. Engines: conftest.py; the other modules: test_<module>.py beside this one.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, text

from data_access import models as m
from loading.importing import (
    DATASET_NAMES,
    ImportCancelled,
    ImportRefused,
    import_file,
    validate_file,
)
from loading.importing import writer as writer_module
from loading.importing.specs import SPECS
from loading.rollups import rebuild_complaint_daily
from data_access.status import dataset_as_of
from tests.loading.importing.helpers import (
    D,
    clear,
    complaint_lines,
    csv_bytes,
    daily_rows,
    export_bytes,
    exported_rows,
    load_log_count,
)


# --- round trips ----------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", DATASET_NAMES)
def test_round_trip_reproduces_the_export_and_reimport_changes_nothing(fresh, demo_exports, dataset, tmp_path):
    """Export -> import into an empty database -> export gives the same bytes; importing again changes nothing."""
    source = demo_exports[dataset]
    clear(fresh, dataset)
    result = import_file(fresh, dataset, source, user="test")
    assert result.inserted == result.rows > 0
    assert export_bytes(fresh, dataset, tmp_path) == source.read_bytes()
    again = import_file(fresh, dataset, source, user="test")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, again.rows)


def test_complaint_rollup_after_import_equals_the_demo_rollup(fresh, demo_exports, demo_engine):
    """The importer rebuilds complaint_daily exactly as the demo loader built it."""
    with fresh.connect() as conn:
        loaded = conn.execute(select(func.count()).select_from(m.Complaint)).scalar_one()
    if loaded == 0:  # when run on its own
        import_file(fresh, "complaints", demo_exports["complaints"], user="test")
    with fresh.connect() as a, demo_engine.connect() as b:
        fresh_ids = dict(a.execute(select(m.Department.id, m.Department.code)).all())
        demo_ids = dict(b.execute(select(m.Department.id, m.Department.code)).all())
        fresh_rows = sorted((r[0], fresh_ids[r[1]], *r[2:]) for r in daily_rows(a))
        demo_rows = sorted((r[0], demo_ids[r[1]], *r[2:]) for r in daily_rows(b))
    assert fresh_rows == demo_rows


# --- damaged files: refused, every problem with row and column, nothing written -------------------------


def set_cell(index: int, column: str, value: str):
    def make(dataset, rows):
        rows = [list(r) for r in rows]
        rows[index][SPECS[dataset].names.index(column)] = value
        return csv_bytes(dataset, rows)
    return make


def duplicate_first(dataset, rows):
    return csv_bytes(dataset, [*rows, rows[0]])


def drop_column(column: str):
    def make(dataset, rows):
        names = SPECS[dataset].names
        keep = [i for i, n in enumerate(names) if n != column]
        return csv_bytes(dataset, [[r[i] for i in keep] for r in rows], [names[i] for i in keep])
    return make


def extra_column(dataset, rows):
    return csv_bytes(dataset, [[*r, "x"] for r in rows], [*SPECS[dataset].names, "remarks"])


def raw(data: bytes, filename: str = "file.csv"):
    def make(dataset, rows):
        return data, filename
    return make


def xlsx_bytes() -> bytes:
    book = Workbook()
    book.active.append(["day", "visitors"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


KEY = "fiscal_year+item_code+as_of"
CORPUS = [
    # (id, dataset, make(dataset, base rows) -> bytes | (bytes, filename), [(row, column, key), ...])
    ("budget-month-13", "budget", set_cell(1, "as_of", "2016-13-01"), [(3, "as_of", "import.invalid_date")]),
    ("budget-2016-02-30", "budget", set_cell(0, "as_of", "2016-02-30"), [(2, "as_of", "import.invalid_date")]),
    ("budget-not-a-date", "budget", set_cell(0, "as_of", "10th of May"), [(2, "as_of", "import.not_date")]),
    ("budget-negative", "budget", set_cell(2, "budget_won", "-1000"), [(4, "budget_won", "import.negative")]),
    ("budget-text-in-number", "budget", set_cell(3, "executed_won", "1억"),
     [(5, "executed_won", "import.not_integer")]),
    ("budget-executed-over-current", "budget", set_cell(4, "executed_won", "999999999999"),
     [(6, "executed_won", "import.executed_over_current")]),
    ("budget-duplicate-key", "budget", duplicate_first, [(7, KEY, "import.duplicate_key")]),
    ("budget-huge-field", "budget", set_cell(1, "name_en", "x" * 1001), [(3, "name_en", "import.huge_field")]),
    ("budget-unknown-division", "budget", set_cell(0, "division_code", "nowhere"),
     [(2, "division_code", "import.unknown_division")]),
    ("budget-missing-column", "budget", drop_column("executed_won"), [(1, None, "import.missing_columns")]),
    ("budget-extra-column", "budget", extra_column, [(1, None, "import.unknown_columns")]),
    ("budget-empty-required", "budget", set_cell(2, "name_ko", ""), [(4, "name_ko", "import.required")]),
    ("complaints-closed-before-received", "complaints", set_cell(1, "closed_at", "2016-07-01T10:00:00+09:00"),
     [(3, "closed_at", "import.closed_before_received")]),
    ("complaints-bad-timestamp", "complaints", set_cell(0, "received_at", "yesterday"),
     [(2, "received_at", "import.not_timestamp")]),
    ("complaints-2016-02-30", "complaints", set_cell(2, "due_at", "2016-02-30T10:00:00+09:00"),
     [(4, "due_at", "import.invalid_timestamp")]),
    ("complaints-unknown-department", "complaints", set_cell(3, "department_code", "nope"),
     [(5, "department_code", "import.unknown_department")]),
    ("complaints-unknown-channel", "complaints", set_cell(0, "channel_code", "pigeon"),
     [(2, "channel_code", "import.unknown_channel")]),
    ("complaints-duplicate-id", "complaints", duplicate_first, [(7, "external_id", "import.duplicate_key")]),
    ("hall-negative-visitors", "hall_visits", set_cell(0, "visitors", "-3"), [(2, "visitors", "import.negative")]),
    ("hall-bad-boolean", "hall_visits", set_cell(1, "closed", "maybe"), [(3, "closed", "import.not_boolean")]),
    ("hall-2016-02-30", "hall_visits", set_cell(2, "day", "2016-02-30"), [(4, "day", "import.invalid_date")]),
    ("hall-future-day", "hall_visits", set_cell(4, "day", "2099-01-01"), [(6, "day", "import.future_date")]),
    ("complaints-closed-in-the-future", "complaints", set_cell(4, "closed_at", "2099-01-01T10:00:00+09:00"),
     [(6, "closed_at", "import.future_date")]),
    ("hall-decimal-count", "hall_visits", set_cell(3, "rentals", "2.5"), [(5, "rentals", "import.not_integer")]),
    ("brand-unknown-campaign", "brand_reach", set_cell(0, "code", "no_such_campaign"),
     [(2, "code", "import.unknown_campaign")]),
    ("brand-items-on-campaign", "brand_reach", set_cell(1, "items", "5"), [(3, "items", "import.campaign_items")]),
    ("brand-bad-target-type", "brand_reach", set_cell(2, "target_type", "web"),
     [(4, "target_type", "import.not_choice")]),
    ("sns-fraction", "sns_followers", set_cell(0, "followers", "12.5"), [(2, "followers", "import.not_integer")]),
    ("sns-unknown-channel", "sns_followers", set_cell(1, "channel_code", "myspace"),
     [(3, "channel_code", "import.unknown_sns_channel")]),
    ("targets-unknown-metric", "targets", set_cell(0, "metric", "happiness"), [(2, "metric", "import.unknown_metric")]),
    ("targets-too-many-decimals", "targets", set_cell(1, "target", "55.12345"),
     [(3, "target", "import.too_many_decimals")]),
    ("targets-direction", "targets", set_cell(2, "direction", "lower"),
     [(4, "direction", "import.direction_mismatch")]),
    ("targets-year", "targets", set_cell(3, "year", "1999"), [(5, "year", "import.year_out_of_range")]),
    ("file-empty", "hall_visits", raw(b""), [(None, None, "import.empty_file")]),
    ("file-binary", "hall_visits", raw(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
     [(None, None, "import.binary_file")]),
    ("file-utf16", "hall_visits", raw("day,visitors\n2016-01-01,3\n".encode("utf-16")), [(None, None, "import.utf16")]),
    ("file-undecodable", "hall_visits", raw(b"day,visitors\n2016-01-01,3\n2016-01-02,\xff\xfe\xff\n"),
     [(3, None, "import.bad_encoding")]),
    ("file-header-only", "hall_visits", raw(b"day,visitors\n"), [(None, None, "import.no_data_rows")]),
    ("file-xlsx-named-csv", "hall_visits", raw(xlsx_bytes()), [(None, None, "import.xlsx_as_csv")]),
    ("file-unclosed-quote", "hall_visits", raw(b'day,visitors\n2016-01-01,3\n"2016-01-02,4\n'),
     [(3, None, "import.unclosed_quote")]),
    ("file-too-many-fields", "hall_visits", raw(b"day,visitors\n2016-01-01,3\n2016-01-02,4,5\n"),
     [(3, None, "import.too_many_fields")]),
    ("file-wrong-extension", "hall_visits", raw(b"day,visitors\n2016-01-01,3\n", "visits.txt"),
     [(None, None, "import.unsupported_format")]),
    ("file-not-xlsx", "hall_visits", raw(b"day,visitors\n2016-01-01,3\n", "visits.xlsx"),
     [(None, None, "import.bad_xlsx")]),
]


@pytest.mark.parametrize("case_id,dataset,make,expected", CORPUS, ids=[c[0] for c in CORPUS])
def test_damaged_file_is_refused_with_row_and_column_and_writes_nothing(work, tmp_path, case_id, dataset, make,
                                                                        expected):
    """Each damaged file is refused, its problems carry row and column, and the database is unchanged."""
    base = exported_rows(work, dataset, tmp_path)[:5]
    made = make(dataset, base)
    data, filename = made if isinstance(made, tuple) else (made, f"{dataset}.csv")
    before, logs = export_bytes(work, dataset, tmp_path), load_log_count(work)
    with pytest.raises(ImportRefused) as refused:
        import_file(work, dataset, data, filename, user="test")
    report = refused.value.report
    found = {(p.row, p.column, p.key) for p in report.errors}
    for row, column, key in expected:
        assert (row, column, key) in found, (case_id, report.lines("en"))
    for problem in report.errors:
        line = problem.line("ko")
        if problem.row is not None:
            assert f"{problem.row:,}행" in line
        if problem.column:
            assert f"[{problem.column}]" in line
    assert export_bytes(work, dataset, tmp_path) == before
    assert load_log_count(work) == logs


def test_all_problems_reported_in_one_run_capped_at_200(work, tmp_path):
    """250 bad rows give 250 errors, the first 200 listed in row order and "…and 50 more"."""
    rows = complaint_lines("CAP", 250)
    for row in rows:
        row[1] = "not a time"
    report = validate_file("complaints", csv_bytes("complaints", rows), "cap.csv", engine=work)
    assert report.error_count == 250
    assert [p.row for p in report.errors] == list(range(2, 202))
    assert report.lines("en")[-1] == "…and 50 more"
    assert report.lines("ko")[-1] == "…외 50건 더"


def test_messages_in_english_have_no_hangul(work):
    """With lang='en' the messages are English (no Hangul)."""
    rows = complaint_lines("EN", 2)
    rows[0][4] = "carrier-pigeon"
    report = validate_file("complaints", csv_bytes("complaints", rows), "en.csv", "en", engine=work)
    line = report.lines("en")[0]
    assert line.startswith("Row 2 [channel_code]: Unknown complaint channel code")
    assert not any("\uac00" <= ch <= "\ud7a3" for ch in line)


def test_validate_file_writes_nothing(work, tmp_path):
    """validate_file checks a valid file and leaves the database and the load log alone."""
    data = csv_bytes("complaints", complaint_lines("VAL", 5))
    logs = load_log_count(work)
    report = validate_file("complaints", data, "ok.csv", engine=work)
    assert report.ok and report.rows == 5
    assert load_log_count(work) == logs
    assert "VAL00000" not in export_bytes(work, "complaints", tmp_path).decode("utf-8-sig")


def test_naive_timestamps_are_seoul_time(work):
    """A timestamp without an offset is Seoul local time (stored as UTC)."""
    rows = [["NAIVE1", "2016-08-02 09:00:00", "2016-08-09 09:00", "2016/8/3 18:30", "visit", "rapid_admin"]]
    import_file(work, "complaints", csv_bytes("complaints", rows), "naive.csv", user="test")
    with work.connect() as conn:
        stored = conn.execute(select(m.Complaint.received_at, m.Complaint.closed_at)
                              .where(m.Complaint.external_id == "NAIVE1")).one()
    utc = [v.replace(tzinfo=None) if v.tzinfo is None else v.astimezone(dt.timezone.utc).replace(tzinfo=None)
           for v in stored]
    assert utc == [dt.datetime(2016, 8, 2, 0, 0), dt.datetime(2016, 8, 3, 9, 30)]


# --- writing: counts, optional columns, load log, as-of -----------------------------------------------------


def test_changed_row_counts_as_updated(work, tmp_path):
    """Changing one value of an existing day updates exactly that row."""
    rows = [r for r in exported_rows(work, "hall_visits", tmp_path) if r[0].startswith("2014-06")]
    rows[3][1] = str(int(rows[3][1]) + 7)
    result = import_file(work, "hall_visits", csv_bytes("hall_visits", rows), "june.csv", user="test")
    assert (result.inserted, result.updated, result.unchanged) == (0, 1, len(rows) - 1)
    after = {r[0]: r for r in exported_rows(work, "hall_visits", tmp_path)}
    assert after[rows[3][0]] == rows[3]


def test_absent_optional_column_keeps_stored_values(work, tmp_path):
    """A file without an optional column leaves that column of existing rows as stored; new rows get defaults."""
    existing = next(r for r in exported_rows(work, "hall_visits", tmp_path) if r[0] == "2015-04-15")
    data = csv_bytes(None, [["2015-04-15", "777"], ["2021-01-05", "10"]], ["day", "visitors"])
    result = import_file(work, "hall_visits", data, "partial.csv", user="test", accept_warnings=True)
    assert (result.inserted, result.updated) == (1, 1)
    after = {r[0]: r for r in exported_rows(work, "hall_visits", tmp_path)}
    assert after["2015-04-15"] == ["2015-04-15", "777", *existing[2:]]
    assert after["2021-01-05"] == ["2021-01-05", "10", "false", "", "0", "0", "0"]


def test_load_log_records_the_import(work):
    """The load log row holds dataset, file name, sha256, rows, inserted, updated, user and time."""
    data = csv_bytes("complaints", complaint_lines("LOG", 4, D(2016, 8, 3)))
    started = dt.datetime.now(dt.timezone.utc)
    result = import_file(work, "complaints", data, "log.csv", user="kim")
    with work.connect() as conn:
        log = conn.execute(select(m.LoadLog.__table__).where(m.LoadLog.id == result.load_log_id)).one()
    assert (log.dataset, log.source, log.rows, log.rows_inserted, log.rows_updated, log.loaded_by) == \
        ("complaints", "log.csv", 4, 4, 0, "kim")
    assert log.file_hash == hashlib.sha256(data).hexdigest() == result.sha256
    loaded_at = log.loaded_at if log.loaded_at.tzinfo else log.loaded_at.replace(tzinfo=dt.timezone.utc)
    assert started - dt.timedelta(seconds=5) <= loaded_at <= dt.datetime.now(dt.timezone.utc)


def test_as_of_is_the_latest_date_in_the_file(work):
    """A file with later data moves the dataset's as-of date to its latest day."""
    rows = [["campaign", "fest_hangang", "2016-08-14", "300", ""],
            ["campaign", "fest_hangang", "2016-08-13", "250", ""]]
    result = import_file(work, "brand_reach", csv_bytes("brand_reach", rows), "late.csv", user="test")
    assert result.as_of == D(2016, 8, 14) == dataset_as_of(engine=work, dataset="brand_reach")


def test_as_of_keeps_the_previous_date_for_older_data(work, tmp_path):
    """Re-importing an old day keeps the dataset's (later) as-of date."""
    previous = dataset_as_of(engine=work, dataset="sns_followers")
    old = [r for r in exported_rows(work, "sns_followers", tmp_path) if r[1] == "2015-03-01"]
    old[0][2] = str(int(old[0][2]) + 1)
    result = import_file(work, "sns_followers", csv_bytes("sns_followers", old), "old.csv", user="test")
    assert result.updated == 1
    assert result.as_of == previous == dataset_as_of(engine=work, dataset="sns_followers")


def test_complaint_rollup_matches_a_full_rebuild_after_updates(work):
    """After inserting and changing complaints the rollup equals a full rebuild at the load's as-of date."""
    first = complaint_lines("RU", 12, D(2016, 8, 5))
    import_file(work, "complaints", csv_bytes("complaints", first), "ru1.csv", user="test")
    changed = [list(r) for r in first]
    changed[0][3] = "2016-08-20T10:00:00+09:00"  # closes an open one, late
    changed[1][1] = "2016-07-20T08:00:00+09:00"  # received on another day
    changed[2][4] = "mail"  # another channel
    result = import_file(work, "complaints", csv_bytes("complaints", changed), "ru2.csv", user="test")
    assert (result.inserted, result.updated) == (0, 3)
    with work.connect() as conn:
        incremental = daily_rows(conn)
        rebuild_complaint_daily(conn, as_of=result.as_of)
        full = daily_rows(conn)
        conn.rollback()
    assert incremental == full


def test_budget_import_creates_items_and_policy_goals(work, tmp_path):
    """A new fiscal year's leaves are created, with their policy goal made from parent_name_ko."""
    rows = [[
        "2017", "civic.goal.99", "2017-03-31", "civic", "civic.goal", "새 정책목표", "New goal", "programme",
        "programme", "새 사업", "New programme", "1", "1000000", "1000000", "250000",
    ], [
        "2017", "civic.basic", "2017-03-31", "civic", "", "", "", "basic", "basic", "기본경비", "Basic", "2",
        "500000", "400000", "100000",
    ]]
    result = import_file(work, "budget", csv_bytes("budget", rows), "b2017.csv", user="test", accept_warnings=True)
    assert (result.inserted, result.details["items_created"], result.details["goals_created"]) == (2, 2, 1)
    assert result.warning_count == 1 and result.warnings[0].key == "import.current_below_budget"
    exported = [r for r in exported_rows(work, "budget", tmp_path) if r[0] == "2017"]
    assert exported == [rows[1], rows[0]]  # ordered by item code
    again = import_file(work, "budget", csv_bytes("budget", rows), "b2017.csv", user="test")
    assert (again.inserted, again.updated) == (0, 0)


def test_budget_unknown_parent_without_a_name_is_refused(work):
    """A policy goal the database lacks, without parent_name_ko, is refused on every row naming it."""
    row = ["2018", "civic.goal.01", "2018-01-31", "civic", "civic.goal", "", "", "programme", "programme",
           "사업", "Programme", "1", "10", "10", "1"]
    with pytest.raises(ImportRefused) as refused:
        import_file(work, "budget", csv_bytes("budget", [row]), "b.csv", user="test")
    problems = [(p.row, p.column, p.key) for p in refused.value.report.errors]
    assert problems == [(2, "parent_code", "import.unknown_parent")]


def test_budget_policy_goal_cannot_take_amounts(work):
    """A policy goal's code in item_code is refused (only leaves have snapshots)."""
    row = ["2016", "civic.goal", "2016-08-31", "civic", "", "", "", "programme", "programme",
           "정책", "Policy", "1", "10", "10", "1"]
    with pytest.raises(ImportRefused) as refused:
        import_file(work, "budget", csv_bytes("budget", [row]), "b.csv", user="test")
    assert ("import.item_is_policy", "item_code") in {(p.key, p.column) for p in refused.value.report.errors}


# --- cancel and progress -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", ["complaints", "hall_visits"])
def test_cancel_rolls_everything_back(work, tmp_path, dataset):
    """cancel() returning True after the first chunk leaves no rows and no load-log entry."""
    if dataset == "complaints":
        data = csv_bytes("complaints", complaint_lines("CAN", 20, D(2016, 8, 4)))
    else:
        data = csv_bytes(None, [[f"2022-01-{d:02d}", "5"] for d in range(1, 21)], ["day", "visitors"])
    before, logs = export_bytes(work, dataset, tmp_path), load_log_count(work)
    with pytest.raises(ImportCancelled):
        import_file(work, dataset, data, "cancel.csv", user="test", cancel=lambda: True, chunk_rows=5)
    assert export_bytes(work, dataset, tmp_path) == before
    assert load_log_count(work) == logs
    result = import_file(work, dataset, data, "cancel.csv", user="test", accept_warnings=True)  # nothing was left behind
    assert result.inserted == 20


def test_progress_reports_rows_read(work):
    """progress(rows, total) is called per chunk with growing counts and ends at (rows, rows)."""
    calls = []
    data = csv_bytes("complaints", complaint_lines("PRO", 23, D(2016, 8, 6)))
    import_file(work, "complaints", data, "p.csv", user="test", progress=lambda n, total: calls.append((n, total)),
                chunk_rows=10)
    done = [n for n, _ in calls]
    assert done == sorted(done) and calls[-1] == (23, 23) and len(calls) >= 3


def test_postgresql_bulk_mode_restores_indexes_and_foreign_keys(work, monkeypatch):
    """A bulk load on PostgreSQL drops and recreates complaint's indexes and foreign keys in the transaction."""
    if work.dialect.name != "postgresql":
        pytest.skip("bulk mode is PostgreSQL only")
    catalog = text("SELECT indexdef FROM pg_indexes WHERE tablename = 'complaint' UNION ALL "
                   "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'complaint'::regclass")
    with work.connect() as conn:
        before = sorted(conn.execute(catalog).scalars())
    monkeypatch.setattr(writer_module, "BULK_MIN_ROWS", 1)
    with work.begin() as conn:  # make the table's row estimate small
        conn.exec_driver_sql("ANALYZE complaint")
    first = complaint_lines("BULK", 400, D(2016, 8, 7))
    result = import_file(work, "complaints", csv_bytes("complaints", first), "bulk.csv", user="test")
    assert result.details["bulk_mode"] is True and result.inserted == 400
    second = [list(r) for r in first] + complaint_lines("BULKB", 600, D(2016, 8, 8))
    for row in second[:10]:
        row[5] = "civic_pub"  # moved to another department (and division)
    result = import_file(work, "complaints", csv_bytes("complaints", second), "bulk2.csv", user="test")
    assert result.details["bulk_mode"] is True and (result.inserted, result.updated) == (600, 10)
    with work.connect() as conn:
        assert sorted(conn.execute(catalog).scalars()) == before
        moved = conn.execute(select(func.count()).select_from(m.Complaint).join(m.Department)
                             .where(m.Complaint.external_id.like("BULK0%"), m.Department.code == "civic_pub",
                                    m.Complaint.division_id == m.Department.division_id)).scalar_one()
        assert moved == 10
        incremental = daily_rows(conn)
        rebuild_complaint_daily(conn, as_of=result.as_of)
        assert daily_rows(conn) == incremental
        conn.rollback()


# --- templates ---------------------------------------------------------------------------------------------------




def test_commit_hooks_run_inside_the_import_transaction(work, tmp_path, monkeypatch):
    """COMMIT_HOOKS see the committed result and its load-log row in the same transaction; a failing hook
    rolls the whole import back."""
    import loading.importing as importing

    seen = []

    def hook(conn, result):
        seen.append((result.load_log_id, conn.execute(select(m.LoadLog.source)
                                                      .where(m.LoadLog.id == result.load_log_id)).scalar_one()))

    monkeypatch.setattr(importing, "COMMIT_HOOKS", [hook])
    data = csv_bytes(None, [["2016-08-10", "4873"]], ["day", "visitors"])
    result = import_file(work, "hall_visits", data, "hook.csv", user="test")
    assert seen == [(result.load_log_id, "hook.csv")]

    def broken(conn, result):
        raise RuntimeError("alert history unavailable")

    monkeypatch.setattr(importing, "COMMIT_HOOKS", [broken])
    before, logs = export_bytes(work, "hall_visits", tmp_path), load_log_count(work)
    with pytest.raises(RuntimeError):
        import_file(work, "hall_visits", csv_bytes(None, [["2016-08-10", "4874"]], ["day", "visitors"]), "x.csv",
                    user="test")
    assert export_bytes(work, "hall_visits", tmp_path) == before and load_log_count(work) == logs
