"""versions.py through the import path: every import is a version that reverts exactly - the export
byte-identical to the one before the load, the rollup rebuilt, the as-of date back, who recorded -
on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from data_access import models as m
from data_access.status import dataset_as_of, latest_as_of
from loading.importing import RevertRefused, import_file, revert_load
from loading.rollups import rebuild_complaint_daily
from tests.loading.importing.helpers import D, complaint_lines, csv_bytes, daily_rows, export_bytes, exported_rows


def _changed_file(work, dataset: str, tmp_path) -> bytes:
    """A file that changes two existing rows and adds two."""
    rows = exported_rows(work, dataset, tmp_path)
    if dataset == "complaints":
        changed = [list(r) for r in rows[:2]]
        changed[0][3] = "2016-08-09T18:00:00+09:00"
        changed[1][4] = "mail"
        return csv_bytes(dataset, changed + complaint_lines("VER", 2, D(2016, 8, 8)))
    if dataset == "hall_visits":
        changed = [list(r) for r in rows if r[0] in ("2016-08-01", "2016-08-02")]
        changed[0][1] = str(int(changed[0][1]) + 1)
        changed[1][2] = "true"
        return csv_bytes(dataset, changed + [["2016-08-11", "4000", "false", "", "1", "0", "0"],
                                             ["2016-08-12", "4100", "false", "", "2", "0", "0"]])
    if dataset == "budget":
        latest = max(r[2] for r in rows)
        changed = [list(r) for r in rows if r[2] == latest][:2]
        changed[0][14] = str(int(changed[0][14]) + 1000)
        changed[1][9] = changed[1][9] + " (변경)"  # an item attribute
        added = [list(r) for r in rows if r[2] == latest][2:4]
        for r in added:
            r[2] = "2016-08-11"
        new_item = [list(rows[0])]
        new_item[0][1], new_item[0][2] = "civic.goal.77", latest
        return csv_bytes(dataset, changed + added + new_item)
    if dataset == "sns_followers":
        changed = [list(r) for r in rows if r[1] == "2016-08-10"][:2]
        changed[0][2] = str(int(changed[0][2]) + 5)
        changed[1][3] = "9"
        added = [[r[0], "2016-08-11", r[2], "1"] for r in changed]
        return csv_bytes(dataset, changed + added)
    if dataset == "brand_reach":
        campaigns = [list(r) for r in rows if r[0] == "campaign"][:1]
        channels = [list(r) for r in rows if r[0] == "channel" and r[2] == "2016-08-10"][:1]
        campaigns[0][3] = str(int(campaigns[0][3]) + 1)
        channels[0][4] = str(int(channels[0][4] or 0) + 1)
        added = [[c[0], c[1], "2016-08-11", c[3], c[4]] for c in channels] + [["channel", channels[0][1], "2016-08-12",
                                                                              "10", "1"]]
        return csv_bytes(dataset, campaigns + channels + added)
    if dataset == "targets":
        changed = [list(r) for r in rows[:2]]
        changed[0][3] = "77"
        changed[1][5] = "1.5"
        added = [[changed[0][0], changed[0][1], "2030", "60", changed[0][4], "0"],
                 [changed[0][0], changed[0][1], "2031", "50", changed[0][4], "1"]]
        return csv_bytes(dataset, changed + added)
    raise AssertionError(dataset)


@pytest.mark.parametrize("dataset", ["complaints", "hall_visits", "budget", "sns_followers", "brand_reach", "targets"])
def test_revert_restores_the_export_byte_for_byte(work, tmp_path, dataset):
    """Import a file that changes and adds rows, revert it: the export is the one before, the load is
    marked reverted by whom, and the as-of dates are back."""
    before, as_of, office = export_bytes(work, dataset, tmp_path), dataset_as_of(engine=work, dataset=dataset), \
        latest_as_of(engine=work)
    result = import_file(work, dataset, _changed_file(work, dataset, tmp_path), "change.csv", user="kim",
                         accept_warnings=True)
    assert result.inserted >= 2 and result.updated >= 2
    assert export_bytes(work, dataset, tmp_path) != before
    reverted = revert_load(work, result.load_log_id, user="lee")
    assert export_bytes(work, dataset, tmp_path) == before
    assert (reverted.deleted, reverted.restored) >= (2, 2)
    assert dataset_as_of(engine=work, dataset=dataset) == as_of and latest_as_of(engine=work) == office
    with work.connect() as conn:
        log = conn.execute(select(m.LoadLog.__table__).where(m.LoadLog.id == result.load_log_id)).mappings().one()
    assert (log["reverted_by"], log["previous_as_of"]) == ("lee", as_of) and log["reverted_at"] is not None
    with pytest.raises(RevertRefused, match="이미"):
        revert_load(work, result.load_log_id, user="lee")


def test_revert_rebuilds_the_complaint_rollup(work, tmp_path):
    """After reverting a complaints load the rollup is the one before the load (= a full rebuild)."""
    with work.connect() as conn:
        rollup_before = daily_rows(conn)
    result = import_file(work, "complaints", csv_bytes("complaints", complaint_lines("ROLL", 9, D(2016, 8, 9))),
                         "roll.csv", user="kim", accept_warnings=True)
    with work.connect() as conn:
        assert daily_rows(conn) != rollup_before
    revert_load(work, result.load_log_id, user="lee")
    with work.connect() as conn:
        assert daily_rows(conn) == rollup_before
        rebuild_complaint_daily(conn, as_of=dataset_as_of(engine=work, dataset="complaints"))
        assert daily_rows(conn) == rollup_before
        conn.rollback()


def test_only_the_latest_load_in_force_reverts_then_the_one_before(work, tmp_path):
    """Reverting an earlier load while a later one is in force is refused; in order, both revert exactly."""
    before = export_bytes(work, "hall_visits", tmp_path)
    first = import_file(work, "hall_visits", csv_bytes(None, [["2016-08-13", "10"]], ["day", "visitors"]),
                        "a.csv", user="kim", accept_warnings=True)
    second = import_file(work, "hall_visits", csv_bytes(None, [["2016-08-13", "11"], ["2016-08-14", "12"]],
                                                        ["day", "visitors"]), "b.csv", user="kim", accept_warnings=True)
    with pytest.raises(RevertRefused, match=str(second.load_log_id)):
        revert_load(work, first.load_log_id, user="lee")
    revert_load(work, second.load_log_id, user="lee")
    revert_load(work, first.load_log_id, user="lee")
    assert export_bytes(work, "hall_visits", tmp_path) == before


def test_demo_loads_cannot_be_reverted(work):
    """A load without a before-image (the demo loader) is refused with a clear message."""
    with work.connect() as conn:
        demo_id = conn.execute(select(m.LoadLog.id).where(m.LoadLog.revertible.is_(False))
                               .order_by(m.LoadLog.id)).scalars().first()
    with pytest.raises(RevertRefused, match="되돌릴 수 없습니다"):
        revert_load(work, demo_id, user="lee")
    with pytest.raises(RevertRefused):
        revert_load(work, 10_000_000, user="lee")
