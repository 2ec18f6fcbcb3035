"""Read an Excel workbook (.xlsx, .xlsm) as rows of strings, the way Excel shows them.

openpyxl parses the XML through defusedxml (installed with the platform), so entity tricks
raise instead of expanding. Values come from the cached results of formulas; macros are never run.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.utils.exceptions import InvalidFileException

from ..errors import UnreadableFile, UnsafeFile
from ..limits import Limits
from .sheet import Sheet

__all__ = ["read_excel"]

_ZERO_PADDED = re.compile(r"0{2,}")
_BROKEN = (InvalidFileException, zipfile.BadZipFile, KeyError, ParseError, ValueError, TypeError, IndexError, EOFError)


def read_excel(path: Path, limits: Limits) -> list[Sheet]:
    """The first visible worksheet; hidden sheets are never read (they often hold personal data)."""
    stream = open(path, "rb")  # a file object, because openpyxl refuses paths whose extension it does not know
    try:
        workbook = _open(stream)
    except BaseException:
        stream.close()
        raise
    notes: list[tuple[str, dict[str, Any]]] = []
    chosen = None
    for worksheet in workbook.worksheets:
        state = getattr(worksheet, "sheet_state", "visible")
        if state != "visible":
            notes.append(("hidden-sheet-skipped", {"sheet": worksheet.title}))
        elif chosen is None:
            chosen = worksheet
        else:
            notes.append(("extra-sheet-ignored", {"sheet": worksheet.title}))
    if chosen is None:
        workbook.close()
        stream.close()
        raise UnreadableFile("no-visible-sheet")
    return [Sheet(name=chosen.title, rows=_rows(workbook, stream, chosen, limits), notes=notes)]


def _open(stream: BinaryIO) -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            return openpyxl.load_workbook(stream, read_only=True, data_only=True, keep_links=False)
    except (DefusedXmlException, *_BROKEN) as error:
        raise _translate(error) from error


def _translate(error: BaseException) -> UnsafeFile | UnreadableFile:
    """openpyxl re-raises parse errors as its own; the entity refusal may sit deeper in the chain."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, DefusedXmlException):
            return UnsafeFile("xml-entities")
        seen = seen.__cause__ or seen.__context__
    return UnreadableFile("corrupt-file", reason=str(error)[:200])


def _rows(workbook: Any, stream: BinaryIO, worksheet: Any, limits: Limits) -> Iterator[list[str]]:
    try:
        for number, cells in enumerate(worksheet.iter_rows(), start=1):
            if len(cells) > limits.max_columns:
                raise UnreadableFile("too-many-columns", row=number, limit=limits.max_columns)
            yield [cell_text(cell) for cell in cells]
    except (DefusedXmlException, *_BROKEN) as error:
        raise _translate(error) from error
    finally:
        workbook.close()
        stream.close()


def cell_text(cell: Any) -> str:
    """The text of a cell as a reader of the sheet sees it, in a form Table Schema types can parse."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        if getattr(cell, "data_type", None) == "e":
            return ""  # #N/A, #DIV/0!: an error is not data
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return _padded(value, cell.number_format)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return _padded(int(value), cell.number_format)
        return format(value, ".15g")  # Excel shows 15 significant digits
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def _padded(value: int, number_format: str | None) -> str:
    """Numbers shown with a '00000' format are codes: keep the zeros the officer sees."""
    if number_format and value >= 0 and _ZERO_PADDED.fullmatch(number_format):
        return str(value).zfill(len(number_format))
    return str(value)
