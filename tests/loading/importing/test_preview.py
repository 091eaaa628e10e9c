"""preview.py through import_file: a dry run reports exact counts and the as-of date before → after and
writes nothing; review items (the issue's mistyped date and code typo, ten-fold amounts, as-of jumps)
need accept_warnings - on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from data_access.status import dataset_as_of
from loading.importing import ImportNeedsConfirmation, import_file, revert_load
from tests.loading.importing.helpers import D, complaint_lines, csv_bytes, export_bytes, exported_rows, load_log_count


def test_dry_run_counts_exactly_and_writes_nothing(work, tmp_path):
    """A dry run of 2 changed + 1 new hall day says 1 / 2 / rest and as-of before → after; nothing changes."""
    rows = [list(r) for r in exported_rows(work, "hall_visits", tmp_path) if r[0].startswith("2016-07")]
    rows[0][1], rows[1][5] = str(int(rows[0][1]) + 3), "9"
    rows.append(["2016-08-11", "4200", "false", "", "0", "0", "0"])
    before, logs, as_of = export_bytes(work, "hall_visits", tmp_path), load_log_count(work), \
        dataset_as_of(engine=work, dataset="hall_visits")
    preview = import_file(work, "hall_visits", csv_bytes("hall_visits", rows), "july.csv", user="kim", dry_run=True)
    assert (preview.inserted, preview.updated, preview.unchanged) == (1, 2, len(rows) - 3)
    assert (preview.previous_as_of, preview.as_of) == (as_of, D(2016, 8, 11))
    assert preview.load_log_id is None and preview.reviews == []
    assert "2016-08-10 → 2016-08-11" in preview.summary("ko")
    assert export_bytes(work, "hall_visits", tmp_path) == before and load_log_count(work) == logs


def test_mistyped_closed_at_needs_confirmation(work, tmp_path):
    """closed_at 2016.12.08 (meant 08.12) is a review item with row and column, plus the as-of jump;
    without accept_warnings nothing is written; the corrected file imports without questions."""
    rows = complaint_lines("TYPO", 40, D(2016, 8, 2))
    rows[7][3] = "2016.12.08 10:00"
    data = csv_bytes("complaints", rows)
    before, logs = export_bytes(work, "complaints", tmp_path), load_log_count(work)
    preview = import_file(work, "complaints", data, "typo.csv", user="kim", dry_run=True)
    keys = {(p.row, p.column, p.key) for p in preview.reviews}
    assert (9, "closed_at", "import.date_outlier") in keys
    assert (None, None, "import.as_of_jump") in keys and preview.as_of == D(2016, 12, 8)
    with pytest.raises(ImportNeedsConfirmation) as refused:
        import_file(work, "complaints", data, "typo.csv", user="kim")
    assert refused.value.result.reviews and "--accept-warnings" in str(refused.value)
    assert export_bytes(work, "complaints", tmp_path) == before and load_log_count(work) == logs
    rows[7][3] = "2016.08.12 10:00"
    rows[7][3] = "2016-08-09 10:00"
    fixed = import_file(work, "complaints", csv_bytes("complaints", rows), "fixed.csv", user="kim")
    assert fixed.reviews == [] and fixed.as_of <= D(2016, 8, 11)
    revert_load(work, fixed.load_log_id, user="kim")


def test_budget_code_typo_is_a_new_code_to_confirm(work, tmp_path):
    """civic.goal.1 (meant civic.goal.01) would create a programme: listed as created and a review item."""
    rows = exported_rows(work, "budget", tmp_path)
    latest = max(r[2] for r in rows)
    row = next(list(r) for r in rows if r[1] == "civic.goal.01" and r[2] == latest)
    row[1] = "civic.goal.1"
    data = csv_bytes("budget", [row])
    preview = import_file(work, "budget", data, "typo.csv", user="kim", dry_run=True)
    assert [(kind, code) for kind, _, code, _ in preview.created] == [("item", "civic.goal.1")]
    assert [(p.column, p.key, p.values["code"]) for p in preview.reviews] == [
        ("item_code", "import.new_item", "civic.goal.1")]
    before = export_bytes(work, "budget", tmp_path)
    with pytest.raises(ImportNeedsConfirmation):
        import_file(work, "budget", data, "typo.csv", user="kim")
    assert export_bytes(work, "budget", tmp_path) == before
    accepted = import_file(work, "budget", data, "typo.csv", user="kim", accept_warnings=True)
    assert accepted.inserted == 1 and accepted.load_log_id is not None
    revert_load(work, accepted.load_log_id, user="kim")
    assert export_bytes(work, "budget", tmp_path) == before


def test_ten_fold_amount_is_a_review_item(work, tmp_path):
    """Followers ten times the previous day's (a typed extra zero) need confirmation; +5 % does not."""
    rows = [list(r) for r in exported_rows(work, "sns_followers", tmp_path) if r[1] == "2016-08-10"][:1]
    followers = int(rows[0][2])
    rows[0][1], rows[0][2] = "2016-08-11", str(followers * 10)
    preview = import_file(work, "sns_followers", csv_bytes("sns_followers", rows), "f.csv", user="kim", dry_run=True)
    assert [(p.column, p.key, p.values["what"]) for p in preview.reviews] == [
        ("followers", "import.amount_jump", rows[0][0])]
    rows[0][2] = str(int(followers * 1.05))
    assert import_file(work, "sns_followers", csv_bytes("sns_followers", rows), "f.csv", user="kim",
                       dry_run=True).reviews == []
