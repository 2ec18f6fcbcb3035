"""Build test workbooks and hostile files in a test's own folder, so each test shows what it feeds in."""

from __future__ import annotations


import unicodedata
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook


def xlsx(path: Path, rows: Sequence[Sequence[Any]], *, formats: dict[str, str] | None = None,
         sheet: str = "Sheet1", extra_sheets: dict[str, tuple[Sequence[Sequence[Any]], str]] | None = None) -> Path:
    """A workbook whose first sheet holds ``rows``; ``formats`` maps cell ranges like 'A2:A9' to number formats;
    ``extra_sheets`` maps names to (rows, state) with state 'visible', 'hidden' or 'veryHidden'."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(list(row))
    for cells, number_format in (formats or {}).items():
        selected = worksheet[cells]
        lines = [[selected]] if not isinstance(selected, tuple) else selected
        for line in lines:
            for cell in line:
                cell.number_format = number_format
    for name, (sheet_rows, state) in (extra_sheets or {}).items():
        other = workbook.create_sheet(name)
        for row in sheet_rows:
            other.append(list(row))
        other.sheet_state = state
    workbook.save(path)
    return path


def zip_with(path: Path, members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def replace_member(source: Path, target: Path, name: str, data: bytes) -> Path:
    """Copy a workbook, swapping one of its XML parts (to plant entity attacks in a real xlsx)."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            copy.writestr(item.filename, data if item.filename == name else original.read(item.filename))
    return target


_LAUGHS = b"""<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>"""
_EXTERNAL = b"""<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>"""
_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'

# Entity attacks, planted where a reader meets them: in a worksheet, and in the shared strings.
SHEET_BILLION_LAUGHS = _LAUGHS + b"<worksheet " + _NS + b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
SHEET_EXTERNAL_ENTITY = _EXTERNAL + b"<worksheet " + _NS + b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t></is></c></row></sheetData></worksheet>'
STRINGS_BILLION_LAUGHS = _LAUGHS + b"<sst " + _NS + b' count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
STRINGS_EXTERNAL_ENTITY = _EXTERNAL + b"<sst " + _NS + b' count="1" uniqueCount="1"><si><t>&secret;</t></si></sst>'


def workbook_with_sheet_xml(tmp: Path, name: str, sheet_xml: bytes) -> Path:
    """A real workbook whose first worksheet's XML is replaced by ``sheet_xml``."""
    plain = xlsx(tmp / f"plain-{name}", [["Tên"], ["Hà Nội"]])
    return replace_member(plain, tmp / name, "xl/worksheets/sheet1.xml", sheet_xml)


def workbook_with_shared_strings(tmp: Path, name: str, strings_xml: bytes) -> Path:
    """A real workbook whose cell A1 reads string 0 of a shared-strings part holding ``strings_xml``."""
    plain = xlsx(tmp / f"plain-{name}", [["Tên"]])
    target = tmp / name
    with zipfile.ZipFile(plain) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="A1" t="inlineStr"><is><t>T\xc3\xaan</t></is></c>', b'<c r="A1" t="s"><v>0</v></c>')
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            copy.writestr(item.filename, data)
        copy.writestr("xl/sharedStrings.xml", strings_xml)
    return target


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text: str) -> bytes:
    """Encode as Windows-1258 writes Vietnamese: letters with ^ ˘ ơ ư precomposed, tone marks combining."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = "".join(part for part in parts if part not in _TONE_MARKS)
        tones = "".join(part for part in parts if part in _TONE_MARKS)
        out.append(unicodedata.normalize("NFC", base) + tones)
    return "".join(out).encode("cp1258")
