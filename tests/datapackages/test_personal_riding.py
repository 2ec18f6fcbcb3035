"""The scan riding on the validation engine's batches finds exactly what a scan of its own finds:
over the whole corpus, across many batches, when the engine starts again with its exact parser,
and when the engine hands the table to frictionless (then the scan reads the file itself)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from datapackages.engine import source
from datapackages.normalise import normalise
from datapackages.personal import BatchScan, scan_table
from datapackages.validate import validate_table

CORPUS = Path(__file__).parent.parent / "data" / "personal"
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
PEOPLE = "ho_va_ten,so_dien_thoai,ghi_chu\n" + "".join(
    f"{NAMES[n % 3]},09{n % 10}2345{n % 1000:03d},ghi chú {n}\n" for n in range(3000)
)
SCHEMA = {"fields": [{"name": "ho_va_ten", "title": "Họ và tên"}, {"name": "so_dien_thoai", "title": "Số điện thoại"},
                     {"name": "ghi_chu", "title": "Ghi chú"}]}


def ridden(path: Path, schema: dict) -> tuple[list, dict]:
    scan = BatchScan(path, schema)
    report = validate_table(path, schema, observe=scan)
    return scan.findings(), report


@pytest.mark.parametrize("name", sorted(json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))["files"]))
def test_riding_finds_what_a_scan_of_its_own_finds_over_the_corpus(name: str, tmp_path: Path) -> None:
    table = normalise(CORPUS / name, tmp_path).tables[0]
    assert ridden(table.path, table.schema)[0] == scan_table(table.path, table.schema)


def test_every_batch_counts_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    monkeypatch.setattr(source, "BATCH_BYTES", 4096)  # dozens of batches
    findings, _report = ridden(path, SCHEMA)
    assert [(finding.field, finding.kind, finding.cells, finding.rows) for finding in findings] == [
        ("ho_va_ten", "person-name", 3000, 3000), ("so_dien_thoai", "phone-number", 3000, 3000)]


def test_a_restart_with_the_exact_parser_starts_the_scan_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE + 'Trần Thị Bình,0987654321,ghi "chú" lạ\n', encoding="utf-8")  # a quote inside a cell, at the end
    monkeypatch.setattr(source, "BATCH_BYTES", 4096)  # the first batches pass before the last one needs the exact parser
    starts = []
    scan = BatchScan(path, SCHEMA)

    def observe(batch) -> None:  # type: ignore[no-untyped-def]
        starts.extend([batch.first_row] if batch.first_row == 2 else [])
        scan(batch)

    report = validate_table(path, SCHEMA, observe=observe)
    findings = scan.findings()
    assert starts == [2, 2], "the engine read the first rows twice: fast parser, then exact parser"
    assert report["valid"]
    assert [(finding.field, finding.cells, finding.rows) for finding in findings] == [
        ("ho_va_ten", 3001, 3001), ("so_dien_thoai", 3001, 3001)]
    assert findings == scan_table(path, SCHEMA)


def test_a_table_frictionless_validates_is_scanned_by_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    schema = {**SCHEMA, "fields": [*SCHEMA["fields"][:2], {"name": "ghi_chu", "type": "string", "constraints": {"enum": ["x"]}},
                                   ]}
    schema["fields"][1] = {**schema["fields"][1], "type": "integer", "constraints": {"maximum": 10**20}}  # beyond the engine
    findings, report = ridden(path, schema)
    assert any("frictionless" in str(warning).lower() for warning in report["warnings"] + report["tasks"][0]["warnings"])
    assert [(finding.field, finding.cells) for finding in findings] == [("ho_va_ten", 3000), ("so_dien_thoai", 3000)]
