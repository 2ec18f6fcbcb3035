"""Write the corpus of messy agency files into tests/data/messy/, one file per quirk, named after it.

The expected tidy output of each file lives beside it in tests/data/messy/expected/ and was
checked by hand; `tests/datapackages/test_messy_corpus.py` compares the repair with it. Rerun
this script only to change the corpus, then check the expected files again by eye.

    .venv/bin/pip install xlwt odfpy     # writers for .xls and .ods, needed by this script only
    .venv/bin/python scripts/build_messy_corpus.py
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "messy"

WARDS = [
    ("09187", "Phường Kinh Bắc"), ("09190", "Phường Võ Cường"), ("09169", "Phường Vũ Ninh"),
    ("09325", "Phường Hạp Lĩnh"), ("09286", "Phường Nam Sơn"), ("07210", "Phường Bắc Giang"),
]


def save(workbook: Workbook, name: str) -> None:
    workbook.properties.creator = "opendata corpus"
    workbook.properties.created = dt.datetime(2025, 7, 1)
    workbook.properties.modified = dt.datetime(2025, 7, 1)
    workbook.save(OUT / name)


def title_rows_and_unit_note() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Báo cáo"
    sheet["A1"] = "BÁO CÁO KẾT QUẢ GIẢI QUYẾT HỒ SƠ NĂM 2025"
    sheet.merge_cells("A1:E1")
    sheet["A1"].font = Font(bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet["A2"] = "(Kèm theo Báo cáo số 123/BC-UBND ngày 05/01/2026 của UBND tỉnh Bắc Ninh)"
    sheet.merge_cells("A2:E2")
    sheet["E3"] = "Đơn vị tính: hồ sơ"
    sheet.append([])
    sheet.append(["STT", "Tên đơn vị", "Số hồ sơ tiếp nhận", "Số hồ sơ đã giải quyết", "Ghi chú"])
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)"])
    for number, (_code, ward) in enumerate(WARDS[:4], start=1):
        sheet.append([number, ward, 1000 + number * 37, 990 + number * 35, None])
    save(workbook, "title-rows-and-unit-note.xlsx")


def two_row_header_merged() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Đơn vị", "Số hồ sơ", None, "Tỷ lệ trực tuyến (%)"])
    sheet.append([None, None, "Trực tuyến", "Trực tiếp", None])
    for cells in ("A1:A2", "B1:B2", "C1:D1", "E1:E2"):
        sheet.merge_cells(cells)
    for number, (_code, ward) in enumerate(WARDS[:3], start=1):
        online, offline = 500 + number * 11, 300 - number * 7
        sheet.append([number, ward, online, offline, round(100 * online / (online + offline), 2)])
    save(workbook, "two-row-header-merged.xlsx")


def three_row_header() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Mã xã", "Tên xã", "Kết quả", None, None, None])
    sheet.append([None, None, "Năm 2024", None, "Năm 2025", None])
    sheet.append([None, None, "Kế hoạch", "Thực hiện", "Kế hoạch", "Thực hiện"])
    for cells in ("A1:A3", "B1:B3", "C1:F1", "C2:D2", "E2:F2"):
        sheet.merge_cells(cells)
    for code, ward in WARDS[:3]:
        sheet.append([code, ward, 120, 118, 130, 125])
    save(workbook, "three-row-header.xlsx")


def multiline_duplicate_blank_headers() -> None:
    text = (
        '"Số hồ sơ\n(hồ sơ)",Ghi chú,,Ghi chú,"Tên  cơ quan\n tiếp nhận"\n'
        "12,đúng hạn,x,,Sở Nội vụ\n"
        "7,,y,trễ hạn,Sở Tư pháp\n"
    )
    (OUT / "multiline-duplicate-blank-headers.csv").write_text(text, encoding="utf-8")


def totals_sections_notes_signature() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Đơn vị", "Số cán bộ", "Số hồ sơ"])
    sheet.append(["I", "Khối cơ quan Đảng", None, None])
    sheet.append([1, "Văn phòng Tỉnh ủy", 45, 120])
    sheet.append([2, "Ban Tổ chức Tỉnh ủy", 30, 80])
    sheet.append([None, "Cộng", 75, 200])
    sheet.append(["Khối chính quyền", None, None, None])
    sheet.merge_cells("A6:D6")
    sheet.append([3, "Sở Nội vụ", 60, 340])
    sheet.append([4, "Sở Tư pháp", 52, 410])
    sheet.append([None, "Cộng", 112, 750])
    sheet.append([None, "Tổng cộng", 187, 950])
    sheet.append([])
    sheet.append(["Ghi chú: số liệu tính đến ngày 31/12/2025."])
    sheet.append(["Nguồn: Sở Nội vụ tỉnh Bắc Ninh."])
    sheet.append([None, None, "Bắc Ninh, ngày 05 tháng 01 năm 2026", None])
    sheet.append(["NGƯỜI LẬP BIỂU", None, "THỦ TRƯỞNG ĐƠN VỊ", None])
    sheet.append(["(Ký, ghi rõ họ tên)", None, "(Ký tên, đóng dấu)", None])
    sheet.append([])
    sheet.append(["Nguyễn Văn An", None, "Trần Thị Bình", None])
    save(workbook, "totals-sections-notes-signature.xlsx")


def blank_rows_columns_formatted_to_1000() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Mã xã", "Tên xã", None, "Dân số"])
    sheet.append(["09187", "Phường Kinh Bắc", None, 41230])
    sheet.append([])
    sheet.append(["09190", "Phường Võ Cường", None, 38755])
    sheet.append([])
    sheet.append([])
    sheet.append(["09169", "Phường Vũ Ninh", None, 35120])
    for row in range(8, 1001):
        sheet.cell(row=row, column=4).number_format = "#,##0"
        sheet.cell(row=row, column=1).font = Font(bold=False)
    save(workbook, "blank-rows-columns-formatted-to-1000.xlsx")


def vn_number_text() -> None:
    text = (
        "Nội dung,Dân số,Kinh phí (đồng),Tỷ lệ,Chênh lệch,Diện tích\n"
        'Phường Kinh Bắc,1.234.567,1.500.000 đ,"12,5%",(1.234),"987.654,25"\n'
        'Phường Võ Cường,45.800,2.750.000 đ,"8%",350,"1.205,5"\n'
        'Phường Vũ Ninh,"3.002.010",900.000 đ,"10,25%",(12),"88,75"\n'
    )
    (OUT / "vn-number-text.csv").write_text(text, encoding="utf-8")


def dates_dmy_and_excel() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Số hồ sơ", "Ngày tiếp nhận", "Thời điểm trả kết quả", "Ngày hẹn trả"])
    sheet.append(["HS-001", "05/07/2025", "05/07/2025 08:30", dt.datetime(2025, 7, 10)])
    sheet.append(["HS-002", "5/7/2025", "6/7/2025 14:05", dt.datetime(2025, 7, 11)])
    sheet.append(["HS-003", "31/02/2025", "07/07/2025 09:00", dt.datetime(2025, 7, 12)])
    sheet.append(["HS-004", "01/08/2025", "02/08/2025 16:45", dt.datetime(2025, 8, 12)])
    for row in range(2, 6):
        sheet.cell(row=row, column=4).number_format = "dd/mm/yyyy"
    save(workbook, "dates-dmy-and-excel.xlsx")


def placeholders() -> None:
    text = (
        "Mã xã,Tên xã,Số hộ nghèo,Tỷ lệ hộ nghèo\n"
        "09187,Phường Kinh Bắc,120,\"1,2\"\n"
        "09190,Phường Võ Cường,-,N/A\n"
        "09169,Phường Vũ Ninh,đang cập nhật,\"0,8\"\n"
        "09325,Phường Hạp Lĩnh,95,\"1,1\"\n"
    )
    (OUT / "placeholders.csv").write_text(text, encoding="utf-8")


def leading_zero_codes() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Mã tỉnh", "Mã xã", "Số điện thoại đường dây nóng", "Mã định danh"])
    rows = [("24", 9187, "0222 3821 777", 1), ("24", 9190, "0222 3822 118", 2), ("01", 4, "024 3825 1234", 12)]
    for province, commune, phone, identifier in rows:
        sheet.append([province, commune, phone, identifier])
    for row in range(2, 5):
        sheet.cell(row=row, column=2).number_format = "00000"
        sheet.cell(row=row, column=4).number_format = "0000"
    save(workbook, "leading-zero-codes.xlsx")


def several_sheets_hidden() -> None:
    workbook = Workbook()
    first = workbook.active
    first.title = "Năm 2024"
    first.append(["Tháng", "Số hồ sơ"])
    first.append(["2024-11", 1520])
    first.append(["2024-12", 1610])
    second = workbook.create_sheet("Năm 2025")
    second.append(["Tháng", "Số hồ sơ"])
    second.append(["2025-01", 1490])
    hidden = workbook.create_sheet("Danh sách người nộp")
    hidden.append(["Họ và tên", "Số CCCD", "Số điện thoại"])
    hidden.append(["Nguyễn Văn An", "027090001234", "0912345678"])
    hidden.sheet_state = "hidden"
    secret = workbook.create_sheet("Tham số")
    secret.append(["khóa", "giá trị"])
    secret.sheet_state = "veryHidden"
    save(workbook, "several-sheets-hidden.xlsx")


def formulas_cached_missing_and_errors() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Đơn vị", "Kế hoạch", "Thực hiện", "Tỷ lệ (%)"])
    sheet.append(["Sở Nội vụ", 100, 95, "=C2/B2*100"])
    sheet.append(["Sở Tư pháp", 80, 0, "=C3/B3*100"])
    sheet.append(["Sở Tài chính", 0, 12, "=C4/B4*100"])
    path = OUT / "formulas-cached-missing-and-errors.xlsx"
    save(workbook, path.name)
    # openpyxl stores formulas without results; write what Excel would have cached: a value for
    # D2, nothing for D3 (a file never recalculated), and #DIV/0! for D4.
    with zipfile.ZipFile(path) as source:
        parts = {item.filename: source.read(item.filename) for item in source.infolist()}
    sheet_xml = parts["xl/worksheets/sheet1.xml"]
    sheet_xml = sheet_xml.replace(b"<f>C2/B2*100</f><v />", b"<f>C2/B2*100</f><v>95</v>")
    sheet_xml = sheet_xml.replace(b'<c r="D4"><f>C4/B4*100</f><v /></c>', b'<c r="D4" t="e"><f>C4/B4*100</f><v>#DIV/0!</v></c>')
    parts["xl/worksheets/sheet1.xml"] = sheet_xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(zipfile.ZipInfo(name, date_time=(2025, 7, 1, 0, 0, 0)), data)


def unicode_text_utf16() -> None:
    text = "Mã xã\tTên xã\tDân số\r\n" + "".join(f"{code}\t{name}\t{30000 + i * 1234}\r\n" for i, (code, name) in enumerate(WARDS[:3]))
    (OUT / "unicode-text-utf16.txt").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))


def windows_1258() -> None:
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    text = "Mã xã,Tên xã,Ghi chú\n" + "".join(f"{code},{name},Thuộc tỉnh Bắc Ninh\n" for code, name in WARDS[:3])
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = "".join(part for part in parts if part not in tones)
        out.append(unicodedata.normalize("NFC", base) + "".join(part for part in parts if part in tones))
    (OUT / "windows-1258.csv").write_bytes("".join(out).encode("cp1258"))


def utf8_bom_semicolon() -> None:
    text = "Mã xã;Tên xã;Diện tích (km²)\n" + "".join(f"{code};{name};{12 + i},{i}5\n" for i, (code, name) in enumerate(WARDS[:3]))
    (OUT / "utf8-bom-semicolon.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


def nfd_nbsp_zero_width() -> None:
    text = "Tên xã,Ghi chú\n" + f"{unicodedata.normalize('NFD', 'Phường Kinh Bắc')}\u200b,\u00a0Trung tâm\u00a0\n" + "Phường Võ Cường,\ufeffMới\n"
    (OUT / "nfd-nbsp-zero-width.csv").write_text(text, encoding="utf-8")


def old_province_names() -> None:
    text = "Tỉnh,Số trường\nBắc Giang,120\nTỉnh Hà Giang,85\nBắc Ninh,140\nHa Nam,60\n"
    (OUT / "old-province-names.csv").write_text(text, encoding="utf-8")


def legacy_xls() -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Dữ liệu")
    for column, title in enumerate(["Mã xã", "Tên xã", "Dân số", "Ngày cập nhật"]):
        sheet.write(0, column, title)
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for row, (code, name) in enumerate(WARDS[:3], start=1):
        sheet.write(row, 0, code)
        sheet.write(row, 1, name)
        sheet.write(row, 2, 30000 + row * 1111)
        sheet.write(row, 3, dt.date(2025, 7, row), date_style)
    book.save(str(OUT / "legacy.xls"))


def opendocument() -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Trường học")
    rows = [["Mã trường", "Tên trường", "Số học sinh"], ["240001", "THPT Kinh Bắc", 1952], ["240002", "THPT Võ Cường", 1934]]
    for values in rows:
        row = TableRow()
        for value in values:
            if isinstance(value, int):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(OUT / "opendocument.ods"))


def genuine_macro_workbook() -> None:
    """A real .xlsm (macros present, named as such): read for its values, macros never run."""
    workbook = Workbook()
    workbook.active.append(["Tên", "Giá trị"])
    workbook.active.append(["a", 1])
    path = OUT / "macro-workbook.xlsm"
    save(workbook, path.name)
    with zipfile.ZipFile(path) as source:
        parts = {item.filename: source.read(item.filename) for item in source.infolist()}
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + b"\x00" * 60
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(zipfile.ZipInfo(name, date_time=(2025, 7, 1, 0, 0, 0)), data)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for build in (
        title_rows_and_unit_note, two_row_header_merged, three_row_header, multiline_duplicate_blank_headers,
        totals_sections_notes_signature, blank_rows_columns_formatted_to_1000, vn_number_text, dates_dmy_and_excel,
        placeholders, leading_zero_codes, several_sheets_hidden, formulas_cached_missing_and_errors,
        unicode_text_utf16, windows_1258, utf8_bom_semicolon, nfd_nbsp_zero_width, old_province_names,
        legacy_xls, opendocument, genuine_macro_workbook,
    ):
        build()


if __name__ == "__main__":
    main()
