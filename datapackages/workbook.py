"""The one module that writes XLSX: the cell-safety rule and the workbook setup every export shares.

    write_workbook(path, [Sheet(name, headers, rows, link_column)]) → path    (auditors' exports)
    book = open_workbook(); sheet = add_sheet(book, name, headers); sheet.append(safe_row(sheet, row))
                                                                              (resource downloads)

Workbooks are write-only, so a row costs time, not memory, however large the export.

No cell can run: every text cell is stored as a string, never a formula, and one that starts the
way a formula would (``=``, ``+``, ``-``, ``@``, tab, carriage return: a dataset title, a phone
number) also carries Excel's quote prefix, so editing it in Excel keeps it text. A number typed
as a number is left a number. Characters XML cannot hold are replaced and text is cut to Excel's
cell limit, since openpyxl would refuse both and fail the whole export. Sheet names are cut to
Excel's 31 characters without its forbidden characters, unique within the workbook.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

__all__ = ["MAX_ROWS", "Sheet", "add_sheet", "open_workbook", "safe_cell", "safe_row", "write_workbook"]

MAX_ROWS = 1_048_576
"""Excel's rows per sheet, the header included."""
_MAX_TEXT = 32_767
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_LINK_FONT = Font(color="0563C1", underline="single")


@dataclass(frozen=True)
class Sheet:
    name: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    link_column: int | None = None
    """The column (from 0) holding URLs, made clickable."""


def open_workbook() -> Workbook:
    """An empty write-only workbook: sheets are added with :func:`add_sheet`."""
    return Workbook(write_only=True)


def add_sheet(workbook: Workbook, name: str, headers: Sequence[str], *, widths: Sequence[int] | None = None, styled: bool = False) -> WriteOnlyWorksheet:
    """A new sheet with ``headers`` as its first row (bold and shaded when ``styled``, frozen)."""
    used = {title.lower() for title in workbook.sheetnames}
    sheet = workbook.create_sheet(_sheet_name(name, used))
    for index, width in enumerate(widths or (), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header = [safe_cell(sheet, str(name)) for name in headers]
    if styled:
        header = [_styled_header(sheet, cell) for cell in header]
    sheet.append(header)
    return sheet


def safe_cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    """``value`` as a cell that cannot run. Plain values skip the cell object, which is the slow part."""
    if not isinstance(value, str):
        return value
    if ILLEGAL_CHARACTERS_RE.search(value) or len(value) > _MAX_TEXT:
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)[:_MAX_TEXT]
    if not value.startswith(_FORMULA_START):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # a string cell: never a formula
    cell.quotePrefix = True  # type: ignore[attr-defined]
    return cell


def safe_row(sheet: WriteOnlyWorksheet, values: Iterable[Any]) -> list[Any]:
    return [safe_cell(sheet, value) for value in values]


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> Path:
    """A workbook for people: shaded header, filters, columns sized to their first 200 rows, links clickable."""
    workbook = open_workbook()
    for sheet in sheets:
        widths = [
            min(60, max(10, max([len(str(header))] + [len(str(values[index] or "")) for values in sheet.rows[:200]]) + 2))
            for index, header in enumerate(sheet.headers)
        ]
        worksheet = add_sheet(workbook, sheet.name, sheet.headers, widths=widths, styled=True)
        if sheet.rows and sheet.headers:
            worksheet.auto_filter.ref = f"A1:{get_column_letter(len(sheet.headers))}{len(sheet.rows) + 1}"
        for values in sheet.rows:
            row = safe_row(worksheet, values)
            if sheet.link_column is not None and sheet.link_column < len(row):
                row[sheet.link_column] = _link(worksheet, values[sheet.link_column], row[sheet.link_column])
            worksheet.append(row)
    workbook.save(path)
    return path


def _styled_header(sheet: WriteOnlyWorksheet, value: Any) -> Cell:
    cell = value if isinstance(value, Cell) else WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    cell.fill = _HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _link(sheet: WriteOnlyWorksheet, value: Any, cell: Any) -> Any:
    if not isinstance(value, str) or not value.startswith(("http://", "https://", "/")):
        return cell
    link = cell if isinstance(cell, Cell) else WriteOnlyCell(sheet, value=cell)
    link.hyperlink = value
    link.font = _LINK_FONT
    return link


def _sheet_name(name: str, used: set[str]) -> str:
    base = _FORBIDDEN.sub(" ", name).strip().strip("'")[:31] or "Sheet"
    chosen, suffix = base, 2
    while chosen.lower() in used:
        chosen = f"{base[:27]} ({suffix})"
        suffix += 1
    return chosen
