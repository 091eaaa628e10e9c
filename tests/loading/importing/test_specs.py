"""specs.py is the single source of the formats: docs/IMPORT.md describes every column."""
from __future__ import annotations

from loading.importing.specs import SPECS


def test_docs_describe_every_column_of_every_dataset():
    """docs/IMPORT.md has a section per dataset naming each of its columns."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[3] / "docs" / "IMPORT.md").read_text(encoding="utf-8")
    for name, spec in SPECS.items():
        section = doc.split(f"### {name}\n", 1)[1].split("\n### ", 1)[0]
        for column in spec.names:
            assert f"| {column} |" in section or f"| **{column}** |" in section, (name, column)
