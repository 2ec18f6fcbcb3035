"""Read workbooks (.xlsx, .xlsm, .xls, .ods) with calamine, fast, plus the layout only the XML tells.

python-calamine (Rust) reads values about twenty times faster than openpyxl, and its XML parser
expands no entities. What it cannot say — zero-padded number formats that make 4 read as
'00004', error values, formulas saved without a result — ``xlsx_layout`` finds in the sheet's
XML. Hidden and very hidden sheets are never published: they often hold personal data. The
personal-data guard scans their values in memory and the note that says a sheet was left out
carries what it held, in kinds and counts only (``personal.scan_rows``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import python_calamine as calamine

from ..errors import UnreadableFile
from ..limits import Limits
from .sheet import Cell, Layout, Sheet
from .xlsx_layout import sheet_layouts

__all__ = ["read_workbook"]

_BROKEN = (calamine.CalamineError, calamine.ZipError, calamine.XmlError, ValueError, KeyError, IndexError, OSError)


def read_workbook(path: Path, file_format: str, limits: Limits) -> list[Sheet]:
    """Every visible worksheet, in workbook order; notes say which sheets were left out and why."""
    try:
        return _read_workbook(path, file_format, limits)
    except calamine.PasswordError as error:
        raise UnreadableFile("password-protected") from error
    except _BROKEN as error:
        raise UnreadableFile("corrupt-file", reason=str(error)[:200]) from error
    except BaseException as error:
        # A damaged file can make calamine's Rust code panic; pyo3 raises that as PanicException,
        # which derives from BaseException. It is a corrupt file, not a reason to stop the server.
        if type(error).__name__ == "PanicException":
            raise UnreadableFile("corrupt-file", reason=str(error)[:200]) from error
        raise


def _read_workbook(path: Path, file_format: str, limits: Limits) -> list[Sheet]:
    if file_format not in ("xlsx", "xlsm"):
        return _read_sheets(path, file_format, limits, dict)
    # The layout scan unzips the sheet XML again; zlib lets go of the GIL while it inflates, so
    # that runs on another core while calamine parses the same sheets.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return _read_sheets(path, file_format, limits, pool.submit(sheet_layouts, path).result)


def _read_sheets(path: Path, file_format: str, limits: Limits, layouts: Callable[[], dict[str, Layout]]) -> list[Sheet]:
    workbook = calamine.CalamineWorkbook.from_path(str(path))
    metadata = list(workbook.sheets_metadata)
    notes: list[tuple[str, dict[str, Any]]] = []
    if file_format == "xlsm":
        notes.append(("macros-ignored", {}))
    sheets: list[Sheet] = []
    for index, sheet in enumerate(metadata):
        if sheet.visible != calamine.SheetVisibleEnum.Visible:
            hidden = workbook.get_sheet_by_index(index).to_python() if sheet.typ == calamine.SheetTypeEnum.WorkSheet else []
            notes.append(("hidden-sheet-skipped", {"sheet": sheet.name, "personal": hidden_summary(hidden)}))
            continue
        if sheet.typ != calamine.SheetTypeEnum.WorkSheet:
            notes.append(("chart-sheet-skipped", {"sheet": sheet.name}))
            continue
        grid = workbook.get_sheet_by_index(index)
        rows = grid.to_python(skip_empty_area=False)
        merged = [(start[0], start[1], end[0], end[1]) for start, end in (grid.merged_cell_ranges or [])]
        if rows and max(len(row) for row in rows[:1000]) > limits.max_columns:
            raise UnreadableFile("too-many-columns", row=1, limit=limits.max_columns)
        layout = layouts().get(sheet.name, Layout())
        layout.merged = merged
        sheets.append(Sheet(sheet.name, _reader(rows), layout, in_memory=True))
    workbook.close()
    if not sheets:
        raise UnreadableFile("no-visible-sheet")
    sheets[0].notes.extend(notes)
    return sheets


TITLE_ROWS = 20
"""Where a hidden sheet's title row is looked for: the fullest of its first rows."""


def hidden_summary(rows: list[list[Any]]) -> list[dict[str, Any]]:
    """What a hidden sheet holds, as kinds of personal data and how many cells: nothing else is shown."""
    if not rows:
        return []
    from ..personal import scan_rows  # imported on first use: it loads Polars, and most workbooks hide nothing

    head = rows[:TITLE_ROWS]
    title_row = max(range(len(head)), key=lambda number: sum(1 for cell in head[number] if str(cell).strip()))
    titles = ["" if cell is None else str(cell).strip() for cell in rows[title_row]]
    cells: dict[str, int] = {}
    for found in scan_rows(rows[title_row + 1:], titles):
        cells[found.kind] = cells.get(found.kind, 0) + found.cells
    return [{"kind": kind, "cells": count} for kind, count in cells.items()]


def _reader(rows: list[list[Any]]):  # type: ignore[no-untyped-def]
    """Calamine's cells as they are: '' for empty, floats for every number, dates as dates. The
    repair reads them column by column without converting each first (a million cells)."""

    def read() -> Iterator[list[Cell]]:
        return iter(rows)

    return read
