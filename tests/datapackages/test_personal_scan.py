"""The personal-data guard finds what agencies nearly publish, and stays quiet on what only looks personal.

The corpus (tests/data/personal, written by scripts/build_personal_corpus.py) goes through the
normaliser first, exactly as an upload does, and the scan reads the tidy CSV and its schema.
"""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import pytest

from datapackages.errors import UnreadableFile
from datapackages.normalise import Table, normalise
from datapackages.personal import EVIDENCE, FROM_TITLE, FROM_VALUES, KINDS, Finding, KindCount, scan_rows, scan_table
from datapackages.personal import reading
from datapackages.personal import scan as scan_module

from ..helpers import DATA

CORPUS = DATA / "personal"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))["files"]
PERSONAL = sorted(name for name, spec in EXPECTED.items() if spec["personal"])
LOOK_ALIKES = sorted(name for name, spec in EXPECTED.items() if not spec["personal"])


def tidy(name: str, out: Path) -> Table:
    return normalise(CORPUS / name, out).tables[0]


def raw_cells(table: Table, field: str) -> set[str]:
    with open(table.path, encoding="utf-8", newline="") as stream:
        return {row[field] for row in csv.DictReader(stream) if row[field]}


def test_the_corpus_has_both_kinds_of_table_and_every_kind_is_planted() -> None:
    assert len(PERSONAL) >= 8 and len(LOOK_ALIKES) >= 8
    planted = {finding["kind"] for name in PERSONAL for finding in EXPECTED[name]["findings"]}
    assert planted == set(KINDS)


@pytest.mark.parametrize("name", PERSONAL)
def test_every_planted_kind_is_found_in_its_column_with_its_count(name: str, tmp_path: Path) -> None:
    table = tidy(name, tmp_path)
    findings = scan_table(table.path, table.schema)

    expected = {(item["field"], item["kind"]): item["cells"] for item in EXPECTED[name]["findings"]}
    assert {(finding.field, finding.kind): finding.cells for finding in findings} == expected
    titles = {spec["name"]: spec.get("title") for spec in table.schema["fields"]}
    order = [spec["name"] for spec in table.schema["fields"]]
    for finding in findings:
        assert finding.title == titles[finding.field]
        assert finding.column == order.index(finding.field) + 1
        assert finding.rows == EXPECTED[name]["rows"] == table.rows
        assert finding.why and set(finding.why) <= set(EVIDENCE)


@pytest.mark.parametrize("name", LOOK_ALIKES)
def test_tables_that_only_look_personal_yield_no_finding(name: str, tmp_path: Path) -> None:
    table = tidy(name, tmp_path)
    assert scan_table(table.path, table.schema) == []


@pytest.mark.parametrize("name", PERSONAL)
def test_examples_are_masked_never_raw(name: str, tmp_path: Path) -> None:
    table = tidy(name, tmp_path)
    for finding in scan_table(table.path, table.schema):
        assert len(finding.examples) == min(2, finding.cells)
        raw = raw_cells(table, finding.field)
        for example in finding.examples:
            assert example not in raw
            assert "*" in example
            if finding.kind in ("citizen-id", "id-card", "phone-number", "card-number", "bank-account", "passport-number"):
                assert sum(char.isdigit() for char in example) <= 2


def test_evidence_says_whether_the_title_the_values_or_both_told() -> None:
    with_titles = {(f.field, f.kind): f.why for f in _scan("ho-so-truc-tuyen-nguoi-nop.csv")}
    assert with_titles[("so_cccd", "citizen-id")] == (FROM_VALUES, FROM_TITLE)
    assert with_titles[("dia_chi_lien_he", "home-address")] == (FROM_TITLE,)
    assert with_titles[("ho_ten_nguoi_nop", "person-name")] == (FROM_VALUES, FROM_TITLE)  # common family names

    untitled = {(f.field, f.kind): f.why for f in _scan("phieu-lien-he-khong-tieu-de.csv")}
    assert set(untitled.values()) == {(FROM_VALUES,)}
    assert ("ghi_chu", "phone-number") in untitled  # a mobile number inside free-text notes


def test_the_hotline_of_an_agency_is_quiet_next_to_a_citizens_phone(write_csv, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(
        "Họ tên,Số điện thoại,Đường dây nóng,Mã số thuế\n"
        "Nguyễn Văn An,0912345678,0987654321,0901234567\n"
        "Trần Thị Bình,0987 111 222,0987654321,0901234568-001\n"
    )
    table = normalise(path, tmp_path / "out").tables[0]
    assert {(f.field, f.kind) for f in scan_table(table.path, table.schema)} == {
        ("ho_ten", "person-name"), ("so_dien_thoai", "phone-number"),
    }


def test_dates_of_birth_and_addresses_count_only_in_a_table_about_persons(write_csv, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    alone = write_csv("Ngày sinh,Địa chỉ thường trú,Số trẻ\n2025-01-02,Phường Kinh Bắc,12\n", "alone.csv")
    table = normalise(alone, tmp_path / "a").tables[0]
    assert scan_table(table.path, table.schema) == []

    named = write_csv("Họ tên,Ngày sinh,Địa chỉ thường trú\nLê Văn Tám,2025-01-02,Phường Kinh Bắc\n", "named.csv")
    table = normalise(named, tmp_path / "b").tables[0]
    assert {f.kind for f in scan_table(table.path, table.schema)} == {"person-name", "date-of-birth", "home-address"}


def test_values_far_below_the_sample_still_count_and_give_examples(tmp_path: Path) -> None:
    path = tmp_path / "late.csv"
    lines = ["so_dien_thoai,ghi_chu"] + ["," + "không" for _ in range(50)] + ["0912345678,x", "0987654321,y"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    schema = {"fields": [{"name": "so_dien_thoai", "type": "string", "title": "Số điện thoại"}, {"name": "ghi_chu", "type": "string"}]}

    [finding] = scan_table(path, schema, sample_rows=10)
    assert (finding.kind, finding.cells, finding.rows) == ("phone-number", 2, 52)
    assert finding.examples == ("********78", "********21")


def test_blocks_are_cut_between_records_never_inside_a_quoted_line_break(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "multiline.csv"
    rows = [["ho_ten", "ghi_chu", "email"]]
    for number in range(300):
        note = f"dòng một\ndòng hai, \"trích\" {number}" if number % 3 else "bình thường"
        rows.append([f"Nguyễn Văn {chr(0x41 + number % 26)}", note, f"nguoi{number}@example.com" if number % 2 else ""])
    with open(path, "w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(rows)
    schema = {"fields": [{"name": "ho_ten", "title": "Họ tên"}, {"name": "ghi_chu", "title": "Ghi chú"}, {"name": "email", "title": "Email"}]}

    whole = scan_table(path, schema)
    monkeypatch.setattr(reading, "BLOCK_BYTES", 97)  # smaller than some records: the read doubles
    blocks = scan_table(path, schema, sample_rows=7)
    assert [(f.field, f.kind, f.cells, f.rows) for f in blocks] == [(f.field, f.kind, f.cells, f.rows) for f in whole] == [
        ("ho_ten", "person-name", 300, 300), ("email", "email-address", 150, 300),
    ]


def test_a_file_without_a_final_line_break_or_with_a_bom_reads_whole(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffemail,stt\nan@example.com,1\nbinh@example.com,2".encode())
    [finding] = scan_table(path, {"fields": [{"name": "email"}, {"name": "stt"}]})
    assert (finding.field, finding.cells, finding.rows) == ("email", 2, 2)


def test_empty_and_header_only_tables_have_nothing_to_report(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    header = tmp_path / "header.csv"
    header.write_text("ho_ten,email\n", encoding="utf-8")
    assert scan_table(empty, {"fields": []}) == []
    assert scan_table(header, {"fields": [{"name": "ho_ten", "title": "Họ tên"}, {"name": "email"}]}) == []


@pytest.mark.parametrize("body", [b'email\n"an@example.com\n', b"email\nan@example.com\n\xff\xfe@example.com\n"])
def test_a_csv_that_cannot_be_parsed_is_unreadable_not_a_crash(tmp_path: Path, body: bytes) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(body)
    with pytest.raises(UnreadableFile) as caught:
        scan_table(path, {"fields": [{"name": "email"}]})
    assert caught.value.code == "corrupt-file"


def test_a_hidden_sheet_reports_kinds_and_counts_only(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with open(CORPUS / "ho-so-truc-tuyen-nguoi-nop.csv", encoding="utf-8", newline="") as stream:
        titles, *rows = list(csv.reader(stream))
    monkeypatch.setattr(scan_module, "BATCH_ROWS", 50)  # several batches
    counts = scan_rows(iter(rows), titles, sample_rows=40)

    expected = {(item["field"], item["kind"]): item["cells"] for item in EXPECTED["ho-so-truc-tuyen-nguoi-nop.csv"]["findings"]}
    assert all(isinstance(count, KindCount) for count in counts)
    assert {(count.title, count.kind): count.cells for count in counts} == {
        ("Họ tên người nộp", "person-name"): expected[("ho_ten_nguoi_nop", "person-name")],
        ("Số CCCD", "citizen-id"): expected[("so_cccd", "citizen-id")],
        ("Số điện thoại", "phone-number"): expected[("so_dien_thoai", "phone-number")],
        ("Email", "email-address"): expected[("email", "email-address")],
        ("Địa chỉ liên hệ", "home-address"): expected[("dia_chi_lien_he", "home-address")],
    }
    assert set(counts[0].to_dict()) == {"column", "title", "kind", "cells"}  # no examples, no values


def test_hidden_rows_may_be_ragged_or_hold_empty_cells() -> None:
    rows = [["Nguyễn Văn An", None, "0912345678", "ignored"], ["Trần Thị Bình"], []]
    counts = scan_rows(rows, ["Họ tên", "Ghi chú", "SĐT"])
    assert [(count.column, count.kind, count.cells) for count in counts] == [(1, "person-name", 2), (3, "phone-number", 1)]
    assert scan_rows([], ["Họ tên"]) == [] and scan_rows([["a"]], []) == []


def test_a_finding_serialises_to_plain_data() -> None:
    finding = Finding("email", 3, "Email", "email-address", 10, 20, ("a***@e******.com",), (FROM_VALUES, FROM_TITLE))
    assert json.loads(json.dumps(finding.to_dict())) == {
        "field": "email", "column": 3, "title": "Email", "kind": "email-address", "cells": 10, "rows": 20,
        "examples": ["a***@e******.com"], "why": ["value-pattern", "column-title"],
    }


def _scan(name: str) -> list[Finding]:
    with tempfile.TemporaryDirectory() as work:
        table = tidy(name, Path(work))
        return scan_table(table.path, table.schema)


def test_the_reading_thread_hands_over_its_errors_and_stops_when_the_reader_does() -> None:
    def failing():  # type: ignore[no-untyped-def]
        yield b"a"
        raise OSError("disk gone")

    reader = reading.prefetched(failing())
    assert next(reader) == b"a"
    with pytest.raises(OSError, match="disk gone"):
        next(reader)

    produced: list[int] = []

    def endless():  # type: ignore[no-untyped-def]
        number = 0
        while True:
            produced.append(number)
            yield number
            number += 1

    early = reading.prefetched(endless(), depth=1)
    assert [next(early) for _ in range(3)] == [0, 1, 2]
    early.close()  # joins the thread: nothing runs on after
    count = len(produced)
    assert count <= 6 and len(produced) == count
