"""Exports of a tidy CSV: XLSX that cannot run formulas and keeps diacritics, JSON typed by the schema, pages."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl

from datapackages.export import read_page, write_json, write_xlsx

SCHEMA = {
    "fields": [
        {"name": "ma", "type": "string", "title": "Mã"},
        {"name": "ten", "type": "string", "title": "Tên"},
        {"name": "dan_so", "type": "integer"},
        {"name": "dien_tich", "type": "number"},
        {"name": "thanh_pho", "type": "boolean"},
        {"name": "ngay", "type": "date"},
    ]
}
CSV = (
    "ma,ten,dan_so,dien_tich,thanh_pho,ngay\r\n"
    "01,Hà Nội,8435700,3359.82,true,2024-01-31\r\n"
    '02,"=HYPERLINK(""http://x"",""bấm"")",,12.5,false,\r\n'
    "03,+84 912,-5,-0.5,1,2024-02-30\r\n"
    "04,@SUM(A1),12345678901234567,abc,maybe,\r\n"
    "05,Ấp\x07 Đông,7,1e3,0,\r\n"
)


def source() -> io.BytesIO:
    return io.BytesIO(CSV.encode("utf-8"))


def test_xlsx_cells_never_become_formulas_and_keep_diacritics(tmp_path: Path) -> None:
    out = tmp_path / "tinh.xlsx"
    write_xlsx(source(), SCHEMA, out, sheet_title="tỉnh")
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet.title == "tỉnh"
    rows = [[cell for cell in row] for row in sheet.iter_rows()]
    assert [cell.value for cell in rows[0]] == ["ma", "ten", "dan_so", "dien_tich", "thanh_pho", "ngay"]
    formula_like = [rows[2][1], rows[3][1], rows[4][1]]
    assert [cell.value for cell in formula_like] == ['=HYPERLINK("http://x","bấm")', "+84 912", "@SUM(A1)"]
    assert all(cell.data_type == "s" for cell in formula_like)
    assert rows[1][0].value == "01" and rows[1][1].value == "Hà Nội"  # codes stay text with their zero
    assert (rows[1][2].value, rows[1][3].value, rows[1][4].value) == (8435700, 3359.82, True)
    assert rows[1][5].value.date().isoformat() == "2024-01-31"
    assert (rows[2][2].value, rows[3][2].value, rows[3][4].value) == (None, -5, True)
    assert rows[3][5].value == "2024-02-30"  # not a date: stays as written
    assert rows[4][2].value == "12345678901234567"  # too long for Excel's 15 digits: kept exact as text
    assert rows[4][3].value == "abc" and rows[4][4].value == "maybe"  # invalid values stay text
    assert rows[5][1].value == "Ấp\ufffd Đông"  # a control character XML cannot hold is replaced


def test_json_is_an_array_of_objects_typed_by_the_schema(tmp_path: Path) -> None:
    out = tmp_path / "tinh.json"
    write_json(source(), SCHEMA, out)
    records = json.loads(out.read_text(encoding="utf-8"))
    assert "Hà Nội" in out.read_text(encoding="utf-8")  # not \\u escapes
    assert records[0] == {"ma": "01", "ten": "Hà Nội", "dan_so": 8435700, "dien_tich": 3359.82, "thanh_pho": True, "ngay": "2024-01-31"}
    assert records[1]["dan_so"] is None and records[1]["thanh_pho"] is False
    assert records[3]["dan_so"] == 12345678901234567 and records[3]["dien_tich"] == "abc" and records[3]["thanh_pho"] == "maybe"
    assert records[4]["dien_tich"] == 1000.0
    assert len(records) == 5


def test_an_empty_table_exports_as_an_empty_array(tmp_path: Path) -> None:
    out = tmp_path / "empty.json"
    write_json(io.BytesIO(b"ma,ten\r\n"), SCHEMA, out)
    assert json.loads(out.read_text()) == []


def test_a_page_reads_only_the_rows_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "tinh.csv"
    path.write_bytes(CSV.encode("utf-8"))
    for where in (source, lambda: path):  # a stream from a remote store, or a file on disk
        header, rows = read_page(where(), 1, 2)
        assert header[:2] == ["ma", "ten"]
        assert [row[:2] for row in rows] == [["02", '=HYPERLINK("http://x","bấm")'], ["03", "+84 912"]]
        assert rows[0][2] == ""  # empty stays empty text
        assert read_page(where(), 4, 5)[1][0][1] == "Ấp\x07 Đông"
        assert read_page(where(), 10, 5)[1] == []
    quoted = tmp_path / "quoted.csv"
    quoted.write_text('ma,ghi_chu\r\n01,"dòng một\r\ndòng hai"\r\n02,"có ""ngoặc"""\r\n', encoding="utf-8")
    assert read_page(quoted, 0, 5) == read_page(io.BytesIO(quoted.read_bytes()), 0, 5) == (
        ["ma", "ghi_chu"], [["01", "dòng một\r\ndòng hai"], ["02", 'có "ngoặc"']])
    empty = tmp_path / "empty.csv"
    empty.write_text("ma,ten\r\n", encoding="utf-8")
    assert read_page(empty, 0, 5) == (["ma", "ten"], [])
