"""template.py: headers with the Korean name beside the code, a commented example, the valid codes;
the importer reads its own templates."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from loading.importing import DATASET_NAMES, validate_file, write_template
from loading.importing.specs import SPECS


@pytest.mark.parametrize("dataset", DATASET_NAMES)
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_template_has_korean_headers_and_a_commented_valid_example(work, tmp_path, dataset, suffix):
    """Headers read `code (한국어)`; the template is refused as empty, and valid once its example is uncommented."""
    path = tmp_path / f"template{suffix}"
    write_template(dataset, path, engine=work)
    report = validate_file(dataset, path, engine=work)
    assert [p.key for p in report.errors] == ["import.no_data_rows"]
    if suffix == ".csv":
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        header = rows[0]
    else:
        book = load_workbook(path)
        rows = [[("" if v is None else str(v)) for v in r] for r in book.worksheets[0].iter_rows(values_only=True)]
        header = rows[0]
    assert [h.split(" (")[0] for h in header] == SPECS[dataset].names
    assert header[0].endswith(")") and any("\uac00" <= ch <= "\ud7a3" for ch in header[0])
    assert rows[1][0].startswith("# ")
    example = [rows[1][0][2:], *rows[1][1:len(header)]]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, example])
    uncommented = validate_file(dataset, buffer.getvalue().encode(), "example.csv", engine=work)
    assert uncommented.ok, uncommented.lines("en")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_template_lists_the_valid_codes(work, tmp_path, suffix):
    """A complaints template names every channel and team code (CSV: '#' rows; Excel: a 'codes' sheet)."""
    path = tmp_path / f"complaints{suffix}"
    write_template("complaints", path, engine=work)
    if suffix == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        listed = " ".join(line for line in text.splitlines()[2:] if line.lstrip('"').startswith("#"))
    else:
        book = load_workbook(path)
        assert book.sheetnames[1] == "codes"
        listed = " ".join(str(r[1]) for r in book["codes"].iter_rows(min_row=2, values_only=True))
    for code in ("eungdapso", "call120", "visit", "mail", "service_eungdap", "rapid_admin"):
        assert code in listed
