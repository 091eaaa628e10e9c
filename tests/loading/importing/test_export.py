"""export.py: an XLSX export imports back unchanged (CSV round trips: test_import_file.py)."""
from __future__ import annotations

import pytest

from loading.importing import export_dataset, import_file


@pytest.mark.parametrize("dataset", ["budget", "hall_visits", "brand_reach", "targets"])
def test_xlsx_export_imports_back_unchanged(work, tmp_path, dataset):
    """An XLSX export (numbers, date cells, Korean text) imports back with every row unchanged."""
    path = tmp_path / f"{dataset}.xlsx"
    rows = export_dataset(work, dataset, path)
    result = import_file(work, dataset, path, user="test")
    assert (result.rows, result.inserted, result.updated) == (rows, 0, 0)
