"""Both XLSX exports (a resource download and the auditors' workbook) keep text as text the same way."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

from datapackages.export import write_xlsx
from datapackages.workbook import Sheet, write_workbook

DANGEROUS = ['=HYPERLINK("http://x","bấm")', "+84 912 345 678", "-5"]


def _text_cells(cells) -> None:
    assert [cell.value for cell in cells] == DANGEROUS
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)  # text, kept text when edited


def test_a_download_keeps_formula_like_text_as_text_and_numbers_as_numbers(tmp_path: Path) -> None:
    schema = {"fields": [{"name": "ghi_chu", "type": "string"}, {"name": "so", "type": "number"}]}
    csv_text = "ghi_chu,so\r\n" + "".join(f'"{value.replace(chr(34), 2 * chr(34))}",-5\r\n' for value in DANGEROUS)
    out = tmp_path / "tai.xlsx"
    write_xlsx(io.BytesIO(csv_text.encode("utf-8")), schema, out)
    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(min_row=2))
    _text_cells([row[0] for row in rows])
    assert [row[1].value for row in rows] == [-5, -5, -5] and all(row[1].data_type == "n" for row in rows)


def test_the_auditor_workbook_follows_the_same_rule_and_survives_control_characters(tmp_path: Path) -> None:
    rows = [[value, -5, "https://du-lieu.example/ds"] for value in DANGEROUS] + [["Sở\x07 Tài chính", 1.5, "không phải link"]]
    out = write_workbook(tmp_path / "kiem-toan.xlsx", [Sheet("Tổng hợp: 2026", ["Tên", "Điểm", "Liên kết"], rows, link_column=2)])
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet.title == "Tổng hợp  2026"  # ":" is forbidden in a sheet name
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    body = list(sheet.iter_rows(min_row=2))
    _text_cells([row[0] for row in body[:3]])
    assert [row[1].value for row in body] == [-5, -5, -5, 1.5] and body[0][1].data_type == "n"
    assert body[0][2].hyperlink.target == "https://du-lieu.example/ds" and body[3][2].hyperlink is None
    assert body[3][0].value == "Sở\ufffd Tài chính"  # a bell character XML cannot hold, replaced instead of failing the export
