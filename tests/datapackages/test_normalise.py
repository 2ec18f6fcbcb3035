"""Normalise reads what agencies have into tidy CSV with a proposed schema, keeping what matters:
codes with leading zeros, Vietnamese text (composed, NFC), dates, and the truth about hidden sheets."""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from pathlib import Path

import frictionless
import pytest

from datapackages.errors import UnreadableFile, UnsafeFile
from datapackages.limits import Limits
from datapackages.normalise import normalise

from ..builders import (
    SHEET_BILLION_LAUGHS,
    SHEET_EXTERNAL_ENTITY,
    STRINGS_BILLION_LAUGHS,
    STRINGS_EXTERNAL_ENTITY,
    workbook_with_shared_strings,
    windows_1258,
    workbook_with_sheet_xml,
    xlsx,
)
from ..helpers import DATA


def rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def field_types(schema: dict) -> dict[str, str]:
    return {field["name"]: field["type"] for field in schema["fields"]}


def test_codes_with_leading_zeros_stay_text_where_frictionless_would_make_numbers(tmp_path: Path) -> None:
    source = DATA / "leading-zero-codes.csv"
    result = normalise(source, tmp_path)
    table = result.tables[0]

    assert field_types(table.schema) == {
        "ma_tinh": "string", "ten_tinh": "string", "ma_xa": "string", "ten_xa": "string", "dan_so": "integer",
    }
    assert [row[0] for row in rows(table.path)[1:]] == ["01", "24", "04"]
    assert [row[2] for row in rows(table.path)[1:]] == ["00004", "09187", "01273"]
    # The very problem: frictionless's own inference reads these codes as integers.
    inferred = frictionless.Resource(str(source))
    inferred.infer()
    assert inferred.schema.get_field("Mã tỉnh").type == "integer"


def test_column_titles_keep_their_diacritics_and_names_are_ascii(tmp_path: Path) -> None:
    table = normalise(DATA / "leading-zero-codes.csv", tmp_path).tables[0]
    assert [(f["name"], f.get("title")) for f in table.schema["fields"]][:2] == [("ma_tinh", "Mã tỉnh"), ("ten_tinh", "Tên tỉnh")]
    assert rows(table.path)[0] == ["ma_tinh", "ten_tinh", "ma_xa", "ten_xa", "dan_so"]


def test_excel_codes_shown_with_a_zero_padded_format_keep_their_zeros(tmp_path: Path) -> None:
    workbook = xlsx(tmp_path / "codes.xlsx", [["Mã xã", "Tên"], [4, "Phường Ba Đình"], [9187, "Phường Kinh Bắc"]],
                    formats={"A2:A3": "00000"})
    table = normalise(workbook, tmp_path / "out").tables[0]
    assert rows(table.path)[1:] == [["00004", "Phường Ba Đình"], ["09187", "Phường Kinh Bắc"]]
    assert field_types(table.schema)["ma_xa"] == "string"


def test_excel_values_are_written_as_a_reader_of_the_sheet_sees_them(tmp_path: Path) -> None:
    workbook = xlsx(
        tmp_path / "values.xlsx",
        [
            ["Ngày", "Thời điểm", "Số lượng", "Tỷ lệ", "Có", "Ghi chú"],
            [dt.datetime(2025, 7, 1), dt.datetime(2025, 7, 1, 8, 30), 1250, 0.1 + 0.2, True, "  cách  "],
            [dt.datetime(2025, 12, 31), dt.datetime(2025, 12, 31, 17, 0), 3.0, 12.5, False, None],
        ],
        formats={"A2:A3": "dd/mm/yyyy"},
    )
    table = normalise(workbook, tmp_path / "out").tables[0]
    assert rows(table.path)[1:] == [
        ["2025-07-01", "2025-07-01T08:30:00", "1250", "0.3", "true", "cách"],
        ["2025-12-31", "2025-12-31T17:00:00", "3", "12.5", "false", ""],
    ]
    assert field_types(table.schema) == {
        "ngay": "date", "thoi_diem": "datetime", "so_luong": "integer", "ty_le": "number", "co": "boolean", "ghi_chu": "string",
    }


def test_hidden_sheets_are_never_published_and_the_officer_is_told_what_they_held(tmp_path: Path) -> None:
    workbook = xlsx(
        tmp_path / "hidden.xlsx",
        [["Tên"], ["Công khai"]],
        extra_sheets={"Danh sách người nộp": ([["Họ tên", "CCCD"], ["Nguyễn Văn A", "001090012345"]], "hidden"),
                      "Nội bộ": ([["x"], ["bí mật"]], "veryHidden")},
    )
    result = normalise(workbook, tmp_path / "out")
    assert len(result.tables) == 1
    assert rows(result.tables[0].path) == [["ten"], ["Công khai"]]
    assert [(note.code, note.params) for note in result.notes] == [
        ("hidden-sheet-skipped", {"sheet": "Danh sách người nộp",
                                  "personal": [{"kind": "person-name", "cells": 1}, {"kind": "citizen-id", "cells": 1}]}),
        ("hidden-sheet-skipped", {"sheet": "Nội bộ", "personal": []}),
    ]
    assert "Nguyễn" not in repr(result.notes) and "001090012345" not in repr(result.notes)  # kinds and counts only
    written = "".join(path.read_text(encoding="utf-8") for path in (tmp_path / "out").iterdir())
    assert "001090012345" not in written


def test_the_first_visible_sheet_is_read_even_behind_a_hidden_one(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Ẩn"
    workbook.active.append(["secret"])
    workbook.active.sheet_state = "hidden"
    visible = workbook.create_sheet("Dữ liệu")
    visible.append(["Tên"])
    visible.append(["Hà Nội"])
    workbook.active = 1
    workbook.save(tmp_path / "order.xlsx")

    result = normalise(tmp_path / "order.xlsx", tmp_path / "out")
    assert result.tables[0].source == "Dữ liệu"
    assert rows(result.tables[0].path) == [["ten"], ["Hà Nội"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_text_encodings_are_detected_and_written_as_utf8(tmp_path: Path, encoding: str) -> None:
    text = "Mã tỉnh,Tên tỉnh,Ghi chú\n" + "".join(
        f"{code},{name},Đơn vị hành chính cấp tỉnh từ ngày 01/07/2025\n"
        for code, name in [("01", "Thành phố Hà Nội"), ("24", "Tỉnh Bắc Ninh"), ("46", "Thành phố Huế"), ("96", "Tỉnh Cà Mau")]
    )
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes(windows_1258(text) if encoding == "cp1258" else text.encode(encoding))
    table = normalise(path, tmp_path / "out").tables[0]
    assert rows(table.path)[2][:2] == ["24", "Tỉnh Bắc Ninh"]
    assert rows(table.path)[3][1] == "Thành phố Huế"


def test_semicolon_and_tab_separated_files_are_read(write_csv, tmp_path: Path) -> None:
    semicolon = normalise(write_csv("Mã;Tên\n01;Hà Nội\n02;Hà Giang\n", "a.csv"), tmp_path / "a").tables[0]
    tab = normalise(write_csv("Mã\tTên\n01\tHà Nội\n02\tHà Giang\n", "b.tsv"), tmp_path / "b").tables[0]
    assert rows(semicolon.path) == rows(tab.path) == [["ma", "ten"], ["01", "Hà Nội"], ["02", "Hà Giang"]]


def test_decomposed_vietnamese_is_composed_and_invisible_spaces_trimmed(write_csv, tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Tên,Ghi chú\nHà Nội\u200b,\u00a0Thủ đô\u00a0\n")
    table = normalise(write_csv(decomposed), tmp_path / "out").tables[0]
    assert rows(table.path)[1] == ["Hà Nội", "Thủ đô"]
    assert unicodedata.is_normalized("NFC", table.path.read_text(encoding="utf-8"))
    assert table.schema["fields"][0]["title"] == "Tên"


def test_blank_and_duplicate_headers_get_names_and_notes(write_csv, tmp_path: Path) -> None:
    result = normalise(write_csv("Tên,,Tên,Số lượng\na,b,c,1\n"), tmp_path / "out")
    assert rows(result.tables[0].path)[0] == ["ten", "column_2", "ten_2", "so_luong"]
    assert [(note.code, note.params) for note in result.notes] == [
        ("blank-header", {"column": 2}),
        ("duplicate-header", {"column": 3, "title": "Tên", "name": "ten_2"}),
    ]


def test_blank_rows_are_dropped_wherever_they_are(write_csv, tmp_path: Path) -> None:
    result = normalise(write_csv("\n\nTên,Số\na,1\n,\nb,2\n\n,,\n\n"), tmp_path / "out")
    table = result.tables[0]
    assert rows(table.path) == [["ten", "so"], ["a", "1"], ["b", "2"]]
    assert table.rows == 2
    assert table.source_row(3) == 6  # the tidy file's row 3 ('b') is row 6 of the file
    assert ("blank-rows-removed", {"count": 4}) in [(note.code, note.params) for note in result.notes]


def test_excel_formatted_but_empty_rows_do_not_become_data(tmp_path: Path) -> None:
    workbook = xlsx(tmp_path / "formatted.xlsx", [["Tên", "Số"], ["a", 1]] + [[None, None]] * 500,
                    formats={"A3:B500": "0.00"})
    table = normalise(workbook, tmp_path / "out").tables[0]
    assert table.rows == 1


def test_excel_error_values_are_not_published(tmp_path: Path) -> None:
    path = tmp_path / "errors.xlsx"
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Tên", "Tỷ lệ"])
    sheet.append(["a", 1.5])
    sheet["B3"] = "#DIV/0!"
    sheet["B3"].data_type = "e"
    sheet["A3"] = "b"
    workbook.save(path)
    table = normalise(path, tmp_path / "out").tables[0]
    assert rows(table.path)[2] == ["b", ""]


def test_a_ten_megabyte_line_is_refused_not_buffered(tmp_path: Path) -> None:
    path = tmp_path / "one-line.csv"
    path.write_bytes(b"a,b\n1," + b"x" * (10 * 1024 * 1024) + b"\n")
    with pytest.raises(UnreadableFile) as caught:
        normalise(path, tmp_path / "out")
    assert caught.value.code == "line-too-long"
    assert caught.value.params["row"] == 2


def test_too_many_columns_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{n}" for n in range(50)) + "\n", encoding="utf-8")
    with pytest.raises(UnreadableFile) as caught:
        normalise(path, tmp_path / "out", limits=Limits(max_columns=20))
    assert caught.value.code == "too-many-columns"


@pytest.mark.parametrize(
    ("build", "attack"),
    [
        (workbook_with_sheet_xml, SHEET_BILLION_LAUGHS),
        (workbook_with_sheet_xml, SHEET_EXTERNAL_ENTITY),
        (workbook_with_shared_strings, STRINGS_BILLION_LAUGHS),
        (workbook_with_shared_strings, STRINGS_EXTERNAL_ENTITY),
    ],
)
def test_xml_entity_attacks_in_workbooks_are_refused(tmp_path: Path, build, attack: bytes) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    assert openpyxl.DEFUSEDXML, "defusedxml must be installed: openpyxl parses workbooks through it"
    workbook = build(tmp_path, "attack.xlsx", attack)
    with pytest.raises(UnsafeFile) as caught:
        normalise(workbook, tmp_path / "out")
    assert caught.value.code == "xml-entities"


def test_a_workbook_with_a_broken_part_is_corrupt_not_a_crash(tmp_path: Path) -> None:
    workbook = workbook_with_sheet_xml(tmp_path, "broken.xlsx", b"<worksheet><sheetData><row><c><v>unclosed")
    with pytest.raises(UnreadableFile) as caught:
        normalise(workbook, tmp_path / "out")
    assert caught.value.code == "corrupt-file"


def test_a_workbook_is_read_whatever_its_file_is_called(tmp_path: Path) -> None:
    """Uploads are saved under a neutral name; openpyxl alone would refuse anything not ending in .xlsx."""
    workbook = xlsx(tmp_path / "book.xlsx", [["Tên"], ["Huế"]])
    renamed = tmp_path / "upload"
    renamed.write_bytes(workbook.read_bytes())
    assert rows(normalise(renamed, tmp_path / "out").tables[0].path) == [["ten"], ["Huế"]]


def test_a_macro_workbook_renamed_xlsx_is_refused_but_a_real_xlsm_is_read(tmp_path: Path) -> None:
    from ..helpers import DATA

    genuine = DATA / "messy" / "macro-workbook.xlsm"
    renamed = tmp_path / "bao-cao.xlsx"
    renamed.write_bytes(genuine.read_bytes())
    with pytest.raises(UnsafeFile) as caught:
        normalise(renamed, tmp_path / "a", filename="Báo cáo.xlsx")
    assert caught.value.code == "macro-workbook-mislabelled"
    result = normalise(genuine, tmp_path / "b", filename="Báo cáo.xlsm")
    assert result.notes[0].code == "macros-ignored"


def test_text_that_a_spreadsheet_would_run_is_neutralised(write_csv, tmp_path: Path) -> None:
    source = write_csv(
        "Ghi chú,Số\n=HYPERLINK(\"http://x\"),-5\n@SUM(1+1),+3\n+cmd|' /C calc'!A0,-\n-2+3+cmd|x,7\nbình thường,8\n"
    )
    result = normalise(source, tmp_path / "out")
    assert rows(result.tables[0].path)[1:] == [
        ["'=HYPERLINK(\"http://x\")", "-5"],
        ["'@SUM(1+1)", "+3"],
        ["'+cmd|' /C calc'!A0", "-"],
        ["'-2+3+cmd|x", "7"],
        ["bình thường", "8"],
    ]
    assert ("formulas-neutralised", {"count": 4}) in [(note.code, note.params) for note in result.notes]


def test_the_officers_corrections_are_applied(tmp_path: Path) -> None:
    from datapackages.normalise import RepairOptions, SheetOptions

    source = DATA / "messy" / "totals-sections-notes-signature.xlsx"
    options = RepairOptions({"Sheet": SheetOptions(skip=frozenset({3}), keep=frozenset({10}), types={3: "number"}, titles={2: "Cơ quan"})})
    table = normalise(source, tmp_path / "out", options=options).tables[0]
    assert rows(table.path)[1:] == [
        ["2", "Ban Tổ chức Tỉnh ủy", "30", "80"],
        ["3", "Sở Nội vụ", "60", "340"],
        ["4", "Sở Tư pháp", "52", "410"],
        ["", "Tổng cộng", "187", "950"],
    ]
    fields = table.schema["fields"]
    assert (fields[1]["title"], fields[2]["type"]) == ("Cơ quan", "number")
    assert [column.guessed for column in table.columns][:3] == ["integer", "string", "integer"]


def test_the_header_rows_can_be_set_by_hand(tmp_path: Path) -> None:
    from datapackages.normalise import RepairOptions, SheetOptions

    source = DATA / "messy" / "two-row-header-merged.xlsx"
    table = normalise(source, tmp_path / "out", options=RepairOptions({"Sheet": SheetOptions(header=(1, 1))})).tables[0]
    assert [field.get("title") for field in table.schema["fields"]][2:4] == ["Số hồ sơ", "Số hồ sơ"]
    assert table.rows == 4  # the sub-header row is data now, as asked


def test_a_sheet_300_columns_wide_keeps_every_column(tmp_path: Path) -> None:
    header = [f"Chỉ tiêu {n}" for n in range(1, 301)]
    workbook = xlsx(tmp_path / "wide.xlsx", [header, list(range(300)), list(range(300, 600))])
    table = normalise(workbook, tmp_path / "out").tables[0]
    assert len(table.schema["fields"]) == 300
    assert rows(table.path)[2][-1] == "599"
