"""The messy-spreadsheet corpus (tests/data/messy, made by scripts/build_messy_corpus.py): every
file repairs into exactly the tidy table checked by hand in tests/data/messy/expected/."""

from __future__ import annotations

import json
from pathlib import Path

import frictionless
import pytest

from datapackages.normalise import normalise
from publisher.reference import load_reference

from ..helpers import DATA

CORPUS = DATA / "messy"
EXPECTED = CORPUS / "expected"
FILES = sorted(path for path in CORPUS.iterdir() if path.is_file())


@pytest.mark.parametrize("source", FILES, ids=[path.name for path in FILES])
def test_each_messy_file_repairs_into_its_checked_table(source: Path, tmp_path: Path) -> None:
    expected = json.loads((EXPECTED / f"{source.name}.json").read_text(encoding="utf-8"))
    result = normalise(source, tmp_path, place_names=load_reference().former_province_names(), filename=source.name)

    assert result.format == expected["format"]
    assert [[note.code, note.params, note.table] for note in result.notes] == expected["notes"]
    assert len(result.tables) == len(expected["tables"])
    for table, wanted in zip(result.tables, expected["tables"]):
        assert table.name == wanted["name"]
        assert table.source == wanted["sheet"]
        assert table.rows == wanted["rows"]
        assert list(table.header_rows) == wanted["header_rows"]
        assert (table.title, table.description) == (wanted["title"], wanted["description"])
        assert [[field["name"], field.get("title"), field["type"]] for field in table.schema["fields"]] == wanted["fields"]
        assert table.schema["missingValues"] == wanted["missingValues"]
        assert table.path.read_text(encoding="utf-8") == (EXPECTED / f"{source.name}.{table.name}.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("source", FILES, ids=[path.name for path in FILES])
def test_repaired_tables_validate_except_for_real_mistakes(source: Path, tmp_path: Path) -> None:
    """The repair never invents errors: only the impossible date planted in the corpus remains."""
    for table in normalise(source, tmp_path, filename=source.name).tables:
        resource = frictionless.Resource(
            path=table.path.name, basepath=str(tmp_path), schema=frictionless.Schema.from_descriptor(table.schema)
        )
        errors = resource.validate().flatten(["rowNumber", "fieldName", "type", "cell"])
        expected = [[4, "ngay_tiep_nhan", "type-error", "31/02/2025"]] if source.name == "dates-dmy-and-excel.xlsx" else []
        assert errors == expected
        if errors:
            assert table.source_row(errors[0][0]) == 4  # row 4 of the sheet, as the officer sees it
