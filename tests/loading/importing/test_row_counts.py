"""/data-status's rows in the database are the count each loader records when it commits
(data_access.status.record_db_rows), so the page never counts 10 M rows - and never shows a stale
count: after an import, after a revert (the rows it deletes), after load-demo. The expected counts
are plain SQL count(*) over the dataset's tables, on SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import event, text, update

from data_access import models as m
from data_access.status import dataset_status
from loading.importing import import_file, revert_load
from tests.loading.importing.helpers import D, complaint_lines, csv_bytes

TABLES = {"complaints": ("complaint",), "hall_visits": ("citizen_hall_day",),
          "brand_reach": ("brand_campaign_reach", "foreign_channel_daily"), "targets": ("kpi_target",)}


def counted(engine, dataset: str) -> int:
    with engine.connect() as conn:
        return sum(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in TABLES[dataset])


def shown(engine, dataset: str) -> int:
    frame = dataset_status(engine=engine)
    return int(frame.loc[frame["dataset"] == dataset, "db_rows"].iloc[0])


def statements_of(engine, fn) -> list[str]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_the_count_follows_an_import_and_its_revert(work):
    before = counted(work, "complaints")
    assert shown(work, "complaints") == before
    result = import_file(work, "complaints", csv_bytes("complaints", complaint_lines("CNT", 7, D(2016, 8, 9))),
                         "count.csv", user="kim", accept_warnings=True)
    assert counted(work, "complaints") == before + 7
    assert shown(work, "complaints") == before + 7
    with work.connect() as conn:  # recorded by the import itself, in its transaction
        assert conn.execute(text("SELECT db_rows FROM load_log WHERE id = :id"),
                            {"id": result.load_log_id}).scalar_one() == before + 7
    revert_load(work, result.load_log_id, user="lee")  # deletes the 7 rows again
    assert counted(work, "complaints") == before
    assert shown(work, "complaints") == before


def test_an_import_that_only_updates_keeps_the_count_and_a_new_day_adds_one(work):
    before = counted(work, "hall_visits")
    import_file(work, "hall_visits", csv_bytes(None, [["2016-08-01", "4321"]], ["day", "visitors"]), "upd.csv",
                user="kim", accept_warnings=True)
    assert shown(work, "hall_visits") == counted(work, "hall_visits") == before
    result = import_file(work, "hall_visits", csv_bytes(None, [["2016-08-20", "10"]], ["day", "visitors"]),
                         "new.csv", user="kim", accept_warnings=True)
    assert shown(work, "hall_visits") == counted(work, "hall_visits") == before + 1
    revert_load(work, result.load_log_id, user="lee")
    assert shown(work, "hall_visits") == counted(work, "hall_visits") == before


def test_the_page_reads_the_recorded_count_without_counting_the_tables(work):
    statements = statements_of(work, lambda: dataset_status(engine=work))
    assert statements and not [s for s in statements if "count(*)" in s.lower() and "load_log" not in s]


def test_a_load_without_a_recorded_count_is_counted(work):
    """Loads from before the column (db_rows NULL) are counted on the spot, exactly."""
    with work.begin() as conn:
        saved = dict(conn.execute(text("SELECT id, db_rows FROM load_log WHERE dataset = 'brand_reach'")).all())
        conn.execute(update(m.LoadLog).where(m.LoadLog.dataset == "brand_reach").values(db_rows=None))
    try:
        assert shown(work, "brand_reach") == counted(work, "brand_reach")
    finally:
        with work.begin() as conn:
            for load_id, rows in saved.items():
                conn.execute(update(m.LoadLog).where(m.LoadLog.id == load_id).values(db_rows=rows))


def test_load_demo_records_every_dataset(demo_engine):
    frame = dataset_status(engine=demo_engine).set_index("dataset")
    for dataset in TABLES:
        assert int(frame.loc[dataset, "db_rows"]) == counted(demo_engine, dataset), dataset
    with demo_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM load_log WHERE db_rows IS NULL")).scalar_one() == 0
