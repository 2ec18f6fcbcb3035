"""Write formatted workbooks for people (auditors' exports); the only module that writes xlsx.

    write_workbook(path, [Sheet(name, headers, rows, link_column)]) → path

Every text cell is written as text, never as a formula: a value starting with "=", "+", "-" or
"@" (an agency's dataset title, say) is stored as a string with Excel's quote prefix, so opening
the export cannot run anything. Sheet names are cut to Excel's 31 characters without its
forbidden characters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

__all__ = ["Sheet", "write_workbook"]

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class Sheet:
    name: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    link_column: int | None = None
    """The column (from 0) holding URLs, made clickable."""


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> Path:
    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    used: set[str] = set()
    for sheet in sheets:
        worksheet = workbook.create_sheet(_sheet_name(sheet.name, used))
        worksheet.append([str(header) for header in sheet.headers])
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for values in sheet.rows:
            worksheet.append([None] * len(values))
            row = worksheet.max_row
            for index, value in enumerate(values):
                cell = worksheet.cell(row=row, column=index + 1)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever it starts with
                    if value.startswith(_FORMULA_START):
                        cell.quotePrefix = True  # type: ignore[attr-defined]
                    if index == sheet.link_column and value.startswith(("http://", "https://", "/")):
                        cell.hyperlink = value
                        cell.font = Font(color="0563C1", underline="single")
        worksheet.freeze_panes = "A2"
        if sheet.rows:
            worksheet.auto_filter.ref = worksheet.dimensions
        for index, header in enumerate(sheet.headers, start=1):
            longest = max([len(str(header))] + [len(str(values[index - 1] or "")) for values in sheet.rows[:200]])
            worksheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, longest + 2))
    workbook.save(path)
    return path


def _sheet_name(name: str, used: set[str]) -> str:
    base = _FORBIDDEN.sub(" ", name).strip()[:31] or "Sheet"
    chosen, suffix = base, 2
    while chosen.lower() in used:
        chosen = f"{base[:28]} {suffix}"
        suffix += 1
    used.add(chosen.lower())
    return chosen
