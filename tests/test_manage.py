"""manage.py import / export / template, run as a user would: a subprocess on a temporary SQLite file.

Errors are one line on stderr (no traceback) with a non-zero exit; a file with several problems
gets a summary line and one line per problem, each with its row and column.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from data_access import migrate
from data_access.db import make_engine
from loading.demo import load_demo
from data_access.models import LoadLog

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """A temporary SQLite database with the organisation, 시민청 days and targets."""
    path = tmp_path_factory.mktemp("cli") / "cli.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    load_demo(engine, only=["hall_visits", "targets"])
    yield engine
    engine.dispose()


def manage(database, *args: str, lang_env: str = "C.UTF-8") -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": str(database.url), "PYTHONPATH": str(ROOT), "LANG": lang_env}
    env.pop("LC_ALL", None)
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], capture_output=True, text=True,
                          env=env, timeout=120, cwd=ROOT)


def load_logs(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(LoadLog)).scalar_one()


def test_export_then_import_round_trips(database, tmp_path):
    """export writes the file; importing it back succeeds, reports 0 inserted and logs the load."""
    path = tmp_path / "targets.csv"
    exported = manage(database, "export", "targets", str(path))
    assert exported.returncode == 0, exported.stderr
    logs = load_logs(database)
    imported = manage(database, "import", "targets", str(path), "--user", "cli-test")
    assert imported.returncode == 0, imported.stderr
    assert "추가 0, 변경 0, 동일 34" in imported.stdout
    assert load_logs(database) == logs + 1


def test_empty_file_is_one_line_error(database, tmp_path):
    """An empty file: exit 2, exactly one line on stderr, no traceback, nothing logged."""
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    logs = load_logs(database)
    result = manage(database, "import", "hall_visits", str(path))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["error: empty.csv: 빈 파일입니다: 머리글 행이 없습니다."]
    assert "Traceback" not in result.stderr and load_logs(database) == logs


def test_binary_file_is_one_line_error_in_english(database, tmp_path):
    """--lang en gives the message in English; a binary file is refused in one line."""
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")
    result = manage(database, "import", "hall_visits", str(path), "--lang", "en")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: photo.csv: This is not a text (CSV) file: it looks like a binary file."]


def test_lang_environment_selects_english(database, tmp_path):
    """LANG=en_US.UTF-8 selects English messages without --lang."""
    path = tmp_path / "missing.csv"
    result = manage(database, "import", "hall_visits", str(path), lang_env="en_US.UTF-8")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"error: missing.csv: No such file: {path}"]


def test_several_problems_listed_with_rows_and_columns(database, tmp_path):
    """A file with three bad cells: a summary line, then one line per problem with its row and column."""
    path = tmp_path / "visits.csv"
    path.write_text("day,visitors,closed\n2016-02-30,10,false\n2016-03-01,-5,false\n2016-03-02,7,maybe\n",
                    encoding="utf-8")
    logs = load_logs(database)
    result = manage(database, "import", "hall_visits", str(path), "--lang", "en")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: visits.csv: not imported, 3 problems found. The database is unchanged.",
        "  Row 2 [day]: No such calendar date: '2016-02-30'",
        "  Row 3 [visitors]: Negative values are not allowed: '-5'",
        "  Row 4 [closed]: Not a yes/no value (true/false, 1/0, Y/N): 'maybe'",
    ]
    assert load_logs(database) == logs


def test_dry_run_checks_without_writing(database, tmp_path):
    """--dry-run previews a good file (counts, as-of before → after, the jump to confirm) and writes nothing."""
    path = tmp_path / "new_days.csv"
    path.write_text("day,visitors\n2020-05-01,100\n2020-05-02,120\n", encoding="utf-8")
    logs = load_logs(database)
    result = manage(database, "import", "hall_visits", str(path), "--dry-run", "--lang", "en")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == ("Citizen Hall visits preview of new_days.csv: 2 rows, 2 to add, 0 to change, 0 unchanged · "
                        "as of 2016-08-10 → 2020-05-02 (nothing written yet)")
    assert lines[1:] == ["2 items need your confirmation:",
                         "  ! The as-of date would move from 2016-08-10 to 2020-05-02 (1,361 days).",
                         "  ! visitors 2020-05-01: 100 is ten times (or a tenth of) the previous value "
                         "(4,873 on 2016-08-10)."]
    assert load_logs(database) == logs


def test_template_is_refused_until_filled(database, tmp_path):
    """template writes headers and a commented example; importing it untouched is a one-line error."""
    path = tmp_path / "visits_template.xlsx"
    written = manage(database, "template", "hall_visits", str(path))
    assert written.returncode == 0 and path.exists()
    result = manage(database, "import", "hall_visits", str(path), "--lang", "en")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "no data rows" in result.stderr


# --- formula injection (issue 11): text cells that a spreadsheet would run are exported as text ---------

HOSTILE_NAMES = ["=HYPERLINK(\"http://evil.example\",\"보기\")", "+1+2", "-홍보", "@SUM(A1)",
                 "'=이미 따옴표", "'서울사랑' 발간", "[공모] 시민 아이디어"]


def test_export_neutralises_formulas_and_import_reads_back_byte_identical(database, tmp_path):
    """Budget names starting with =, +, -, @ are exported as '=… (OWASP); importing the export changes
    nothing and exporting again gives the same bytes; names that are not formulas are exported as typed.
    (The source cell '=이미 따옴표 is itself a neutralised cell: it is stored as =이미 따옴표.)"""
    rows = [["2019", f"civic.inj.{i}", "2019-03-31", "civic", "", "", "", "programme", "programme", name, "",
             str(i + 1), "1000000", "1000000", "250000"] for i, name in enumerate(HOSTILE_NAMES)]
    import csv as csv_module

    from loading.importing.specs import SPECS

    source = tmp_path / "hostile.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        writer = csv_module.writer(fh, lineterminator="\n")
        writer.writerow(SPECS["budget"].names)
        writer.writerows(rows)
    loaded = manage(database, "import", "budget", str(source), "--user", "cli-test")
    assert loaded.returncode == 0, loaded.stderr
    first = tmp_path / "budget_1.csv"
    assert manage(database, "export", "budget", str(first)).returncode == 0
    with first.open(encoding="utf-8-sig", newline="") as fh:
        names = {r["item_code"]: r["name_ko"] for r in csv_module.DictReader(fh) if r["fiscal_year"] == "2019"}
    assert [names[f"civic.inj.{i}"] for i in range(len(HOSTILE_NAMES))] == [
        "'=HYPERLINK(\"http://evil.example\",\"보기\")", "'+1+2", "'-홍보", "'@SUM(A1)",
        "'=이미 따옴표", "'서울사랑' 발간", "[공모] 시민 아이디어"]
    again = manage(database, "import", "budget", str(first), "--user", "cli-test")
    assert again.returncode == 0, again.stderr
    assert "추가 0, 변경 0" in again.stdout
    second = tmp_path / "budget_2.csv"
    assert manage(database, "export", "budget", str(second)).returncode == 0
    assert second.read_bytes() == first.read_bytes()


# --- XLSX bombs (issue 11): refused or read by their real rows, in well under the old 15 s ----------------


def _crafted_xlsx(path: Path, *, dimension: str | None, far_cell: str | None = None) -> Path:
    """A ~5 KB budget workbook (header only) whose sheet declares `dimension` and/or holds one far-off cell."""
    import io
    import re
    import zipfile

    from openpyxl import Workbook

    from loading.importing.specs import SPECS

    workbook = Workbook()
    workbook.active.append(SPECS["budget"].names)
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                replacement = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
                data = re.sub(rb'<dimension ref="[^"]*" ?/>', replacement, data)
                if far_cell:
                    row = re.sub(r"[A-Z]", "", far_cell)
                    data = data.replace(b"</sheetData>", f'<row r="{row}"><c r="{far_cell}" t="inlineStr"><is><t>x</t>'
                                                        f'</is></c></row></sheetData>'.encode())
            out.writestr(item, data)
    assert path.stat().st_size < 8_000
    return path


def test_xlsx_declaring_the_whole_sheet_is_refused_with_a_clear_message(database, tmp_path):
    """A5 KB workbook declaring A1:XFD1048576: one line naming the range, exit 2, nothing read or written."""
    path = _crafted_xlsx(tmp_path / "bomb.xlsx", dimension="A1:XFD1048576")
    result = manage(database, "import", "budget", str(path), "--dry-run", "--lang", "en")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: bomb.xlsx: The Excel sheet declares the range A1:XFD1048576 (1,048,576 rows x 16,384 columns), "
        "too large (at most 1,000 columns). Keep only the range with data and save again, or save as CSV."]


def test_xlsx_with_one_far_off_cell_is_read_by_its_real_rows(database, tmp_path):
    """No declared range, one cell at XFD1048576: only the rows the sheet holds are read; the far cell is
    reported with its row and real column."""
    path = _crafted_xlsx(tmp_path / "far.xlsx", dimension=None, far_cell="XFD1048576")
    result = manage(database, "import", "budget", str(path), "--dry-run", "--lang", "en")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: far.xlsx: Row 1,048,576: More values (16384) than header columns (15). Quote values that contain commas."]
