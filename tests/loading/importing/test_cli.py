"""manage.py import --dry-run / --accept-warnings, revert, loads, and template/export into a missing
folder, run as an administrator would (a subprocess) on SQLite and PostgreSQL."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from loading.importing.specs import SPECS
from tests.loading.importing.helpers import D, complaint_lines, csv_bytes, export_bytes, exported_rows, load_log_count

ROOT = Path(__file__).resolve().parents[3]


def manage(engine, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": engine.url.render_as_string(hide_password=False),
           "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8"}
    env.pop("LC_ALL", None)
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], capture_output=True, text=True,
                          env=env, timeout=180, cwd=ROOT)


def test_mistyped_date_is_previewed_and_needs_accept_warnings(work, tmp_path):
    """--dry-run shows counts, as-of before → after and the 2016-12-08 review item; a plain import is refused
    (exit 2, nothing written) until --accept-warnings; then revert puts the export back byte for byte."""
    rows = complaint_lines("CLI", 12, D(2016, 8, 3))
    rows[4][3] = "2016.12.08 10:00"
    path = tmp_path / "complaints.csv"
    path.write_bytes(csv_bytes("complaints", rows))
    before, logs = export_bytes(work, "complaints", tmp_path), load_log_count(work)

    dry = manage(work, "import", "complaints", str(path), "--dry-run", "--lang", "en")
    assert dry.returncode == 0, dry.stderr
    assert "12 to add, 0 to change, 0 unchanged" in dry.stdout and "→ 2016-12-08" in dry.stdout
    assert "! Row 6 [closed_at]: 2016-12-08 is" in dry.stdout
    refused = manage(work, "import", "complaints", str(path), "--lang", "en")
    assert refused.returncode == 2 and "--accept-warnings" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert export_bytes(work, "complaints", tmp_path) == before and load_log_count(work) == logs

    done = manage(work, "import", "complaints", str(path), "--accept-warnings", "--user", "kim")
    assert done.returncode == 0, done.stderr
    load_id = int(done.stdout.split("#")[-1].split()[0])
    history = manage(work, "loads")
    assert history.returncode == 0 and "complaints.csv" in history.stdout
    reverted = manage(work, "revert", str(load_id), "--user", "lee", "--lang", "en")
    assert reverted.returncode == 0, reverted.stderr
    assert f"Reverted load #{load_id}" in reverted.stdout and "2016-12-08 →" in reverted.stdout
    assert export_bytes(work, "complaints", tmp_path) == before
    again = manage(work, "revert", str(load_id), "--lang", "en")
    assert again.returncode == 2 and len(again.stderr.strip().splitlines()) == 1 and "already" in again.stderr


def test_budget_code_typo_is_listed_as_created(work, tmp_path):
    """civic.goal.1 in a budget file: the dry run names the code it would create and asks for confirmation."""
    rows = exported_rows(work, "budget", tmp_path)
    latest = max(r[2] for r in rows)
    row = next(list(r) for r in rows if r[1] == "civic.goal.01" and r[2] == latest)
    row[1] = "civic.goal.1"
    path = tmp_path / "budget.csv"
    path.write_bytes(csv_bytes("budget", [row]))
    dry = manage(work, "import", "budget", str(path), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "item civic.goal.1" in dry.stdout and "'civic.goal.1'" in dry.stdout
    refused = manage(work, "import", "budget", str(path))
    assert refused.returncode == 2 and "--accept-warnings" in refused.stderr


def test_full_width_digits_and_korean_dates_import(work, tmp_path):
    """４，８７３ visitors on 2016. 8. 9. (full-width digits, the official date style) import without a crash."""
    existing = next(r for r in exported_rows(work, "hall_visits", tmp_path) if r[0] == "2016-08-09")
    path = tmp_path / "visits.csv"
    path.write_text("day,visitors\n2016. 8. 9.,４，８７３\n", encoding="utf-8")
    done = manage(work, "import", "hall_visits", str(path), "--user", "kim")
    assert done.returncode == 0, done.stderr
    after = next(r for r in exported_rows(work, "hall_visits", tmp_path) if r[0] == "2016-08-09")
    assert after == ["2016-08-09", "4873", *existing[2:]]
    bad = tmp_path / "bad.csv"
    bad.write_text("day,visitors\n2016. 8. 9.,١٢\n", encoding="utf-8")
    refused = manage(work, "import", "hall_visits", str(bad), "--lang", "en")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "Row 2 [visitors]" in refused.stderr and "130,000,000" in refused.stderr


def test_template_and_export_into_a_missing_folder(work, tmp_path):
    """The folder is created; the template's header carries Korean names and the importer reads it."""
    template = tmp_path / "new" / "deeper" / "complaints.csv"
    made = manage(work, "template", "complaints", str(template))
    assert made.returncode == 0 and "Traceback" not in made.stderr, made.stderr
    header = template.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert [h.split(" (")[0] for h in header] == SPECS["complaints"].names and "접수일시" in header[1]
    exported = manage(work, "export", "hall_visits", str(tmp_path / "out" / "visits.xlsx"))
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "out" / "visits.xlsx").stat().st_size > 0
    blocked = tmp_path / "file"
    blocked.write_text("x")
    refused = manage(work, "export", "hall_visits", str(blocked / "sub" / "v.csv"))
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1, refused.stderr
