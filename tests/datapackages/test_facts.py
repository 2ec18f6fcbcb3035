"""Data facts for the compliance score, read once per table: each fact checked by hand on a small table."""

from __future__ import annotations

from pathlib import Path

from datapackages.facts import code_kind, table_facts

SCHEMA = {
    "fields": [
        {"name": "ma_tinh", "title": "Mã tỉnh", "type": "string"},
        {"name": "ten", "title": "Tên", "type": "string", "description": "Tên đơn vị"},
        {"name": "so_ho_so", "title": "Số hồ sơ", "type": "string"},
        {"name": "ngay", "type": "string"},
    ],
    "primaryKey": ["ma_tinh"],
}
CODES = {"province": {"01", "24"}, "commune": {"09187"}}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "table.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_fact_of_a_messy_table(tmp_path: Path) -> None:
    path = write(tmp_path, (
        "Mã tỉnh,Tên,Số hồ sơ,Ngày\n"
        "24,Bắc Ninh,12,01/02/2025\n"      # row 2
        "99,Sai mã,không có,03/02/2025\n"  # row 3: a code not in force, text in a number column
        ",,,\n"                            # row 4: blank
        "24,Bắc Ninh,12,01/02/2025\n"      # row 5: repeats row 2 (and its key)
        "1,Hà Nội,7,04/02/2025\n"          # row 6: '1' is Hà Nội's '01' without its zero
        "Tổng cộng,,31,\n"                 # row 7: a totals row left in
    ))
    facts = table_facts(path, SCHEMA, header_rows=2, encoding="windows-1258", codes=CODES)

    assert facts["rows"] == 6 and facts["header_rows"] == 2 and facts["utf8"] is False
    assert facts["blank_rows"] == {"count": 1, "examples": [4]}
    assert facts["duplicate_rows"] == {"count": 1, "examples": [5]}
    assert facts["duplicate_keys"] == {"count": 1, "examples": [5]}
    assert facts["totals_rows"] == {"count": 1, "examples": [{"row": 7, "label": "Tổng cộng"}]}
    assert facts["mixed_type_columns"] == [{"field": "ma_tinh", "numbers": 4, "texts": 1},  # the totals label
                                           {"field": "so_ho_so", "numbers": 4, "texts": 1}]
    assert facts["date_text_columns"] == [{"field": "ngay", "values": 4}]
    assert facts["filled"]["required_declared"] is False
    assert (facts["filled"]["cells"], facts["filled"]["filled"]) == (24, 18)  # 6 rows × 4 columns, less the blank row and 2 empty totals cells
    assert facts["columns"] == {"total": 4, "untitled": ["ngay"], "undescribed": ["ma_tinh", "so_ho_so", "ngay"]}
    assert facts["codes"] == [{"field": "ma_tinh", "kind": "province", "checked": 5, "invalid": 2,
                               "examples": [{"row": 3, "value": "99"}, {"row": 7, "value": "Tổng cộng"}]}]


def test_a_clean_table_has_nothing_to_report(tmp_path: Path) -> None:
    path = write(tmp_path, "Mã xã,Tên\n09187,Phường Kinh Bắc\n")
    schema = {"fields": [{"name": "ma_xa", "title": "Mã xã", "type": "string", "description": "Mã",
                          "constraints": {"required": True}},
                         {"name": "ten", "title": "Tên", "type": "string", "description": "Tên"}]}
    facts = table_facts(path, schema, codes=CODES)
    assert facts["utf8"] and facts["duplicate_keys"] is None  # no primary key: the fact does not apply
    assert [facts[name]["count"] for name in ("blank_rows", "duplicate_rows", "totals_rows")] == [0, 0, 0]
    assert facts["filled"] == {"required_declared": True, "columns": ["ma_xa"], "cells": 1, "filled": 1,
                               "emptiest": [{"field": "ma_xa", "filled": 1}]}
    assert facts["codes"][0] | {} == {"field": "ma_xa", "kind": "commune", "checked": 1, "invalid": 0, "examples": []}


def test_a_declared_schema_the_file_does_not_match_gives_facts_on_what_is_there(tmp_path: Path) -> None:
    path = write(tmp_path, "a,b\n1,2\n")
    facts = table_facts(path, {"fields": [{"name": "x", "type": "integer"}, {"name": "y"}, {"name": "z"}]})
    assert facts["rows"] == 1 and facts["columns"]["total"] == 2


def test_code_columns_are_recognised_by_name_or_title() -> None:
    assert code_kind("ma_tinh") == "province"
    assert code_kind("x", "Mã phường") == "commune"
    assert code_kind("ward_code") == "commune"
    assert code_kind("province_code") == "province"
    assert code_kind("ten_tinh", "Tên tỉnh") is None


def test_an_empty_table_has_facts_too(tmp_path: Path) -> None:
    facts = table_facts(write(tmp_path, ""), {"fields": []})
    assert (facts["rows"], facts["duplicate_rows"]["count"], facts["columns"]["total"]) == (0, 0, 0)
