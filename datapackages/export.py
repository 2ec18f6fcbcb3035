"""Write a resource's tidy CSV as XLSX or JSON, typed by its Table Schema, row by row.

Both writers stream: a row is read, converted and written, so a large file costs time, not
memory. A value that does not fit its declared type (the data may have validation errors) stays
text rather than failing the download.

XLSX is written by datapackages.workbook, whose cell rule keeps every text cell text (never a
formula, however it begins); a value typed by the schema stays a number, a date or a boolean.
Text keeps its diacritics (the file is UTF-8 XML).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import polars as pl
from datapackages.workbook import MAX_ROWS, add_sheet, open_workbook, safe_row

__all__ = ["EXPORT_VERSION", "FORMATS", "read_page", "write_json", "write_xlsx"]

EXPORT_VERSION = "2"
"""Part of every cached export's key: bump it when the output of a writer changes."""
FORMATS = ("csv", "xlsx", "json")

_EXACT_IN_EXCEL = 10**15
"""Excel keeps 15 significant digits: longer integers are written as text so they stay exact."""
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d{1,3})?")
_INTEGER = re.compile(r"[+-]?\d+")
_TRUE = ("true", "True", "TRUE", "1")
_FALSE = ("false", "False", "FALSE", "0")


def read_page(source: Path | IO[bytes], offset: int, limit: int) -> tuple[list[str], list[list[str]]]:
    """The header and rows ``offset`` to ``offset + limit`` of a tidy CSV, reading no further than that.

    A file on disk is sliced by Polars (the last page of a million rows in tens of milliseconds);
    a stream (a remote store) is read row by row up to the page's end.
    """
    if isinstance(source, Path):
        frame = pl.scan_csv(source, infer_schema=False, empty_string_is_null=False, raise_if_empty=False)
        page = frame.slice(offset, limit).collect()
        return list(page.columns), [list(row) for row in page.iter_rows()]
    reader = csv.reader(_text(source))
    header = next(reader, [])
    rows: list[list[str]] = []
    for index, row in enumerate(reader):
        if index >= offset + limit:
            break
        if index >= offset:
            rows.append(row)
    return header, rows


def write_json(source: IO[bytes], schema: dict[str, Any], out: Path) -> None:
    """An array of objects, one per row, keyed by field name; numbers, integers and booleans typed."""
    header, rows = _rows(source)
    converters = _converters(header, schema, _json_value)
    with open(out, "w", encoding="utf-8") as sink:
        sink.write("[")
        for index, row in enumerate(rows):
            record = {name: convert(value) for name, convert, value in zip(header, converters, row)}
            sink.write(("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False))
        sink.write("\n]\n")


def write_xlsx(source: IO[bytes], schema: dict[str, Any], out: Path, *, sheet_title: str = "data") -> None:
    """One sheet (more when the rows exceed Excel's limit), the field names as the first row."""
    header, rows = _rows(source)
    converters = _converters(header, schema, _xlsx_value)
    workbook = open_workbook()
    sheet = add_sheet(workbook, sheet_title or "data", header)
    used = 1
    for row in rows:
        if used >= MAX_ROWS:
            sheet = add_sheet(workbook, sheet_title or "data", header)
            used = 1
        sheet.append(safe_row(sheet, (convert(value) for convert, value in zip(converters, row))))
        used += 1
    workbook.save(out)


def _text(stream: IO[bytes]) -> Iterator[str]:
    return io.TextIOWrapper(stream, encoding="utf-8", newline="")  # type: ignore[arg-type]


def _rows(source: IO[bytes]) -> tuple[list[str], Iterator[list[str]]]:
    csv.field_size_limit(2**31 - 1)
    reader = csv.reader(_text(source))
    header = next(reader, [])
    return header, reader


Converter = Callable[[str], Any]


def _converters(header: list[str], schema: dict[str, Any], value_of: Callable[[str, dict[str, Any], frozenset[str]], Any]) -> list[Converter]:
    specs = {spec["name"]: spec for spec in schema.get("fields", [])}
    missing = frozenset(schema.get("missingValues", [""]))

    def make(spec: dict[str, Any]) -> Converter:
        return lambda text: value_of(text, spec, missing)

    return [make(specs.get(name, {})) for name in header]


def _json_value(text: str, spec: dict[str, Any], missing: frozenset[str]) -> Any:
    if text in missing:
        return None
    kind = spec.get("type", "string")
    if kind == "integer" and _INTEGER.fullmatch(text):
        return int(text)
    if kind == "number" and _NUMBER.fullmatch(text):
        number = int(text) if _INTEGER.fullmatch(text) else float(text)
        if math.isfinite(number):
            return number
    if kind == "boolean":
        if text in spec.get("trueValues", _TRUE):
            return True
        if text in spec.get("falseValues", _FALSE):
            return False
    return text


def _xlsx_value(text: str, spec: dict[str, Any], missing: frozenset[str]) -> Any:
    if text in missing:
        return None
    kind = spec.get("type", "string")
    if kind == "integer" and _INTEGER.fullmatch(text) and abs(int(text)) < _EXACT_IN_EXCEL:
        return int(text)
    if kind == "number" and _NUMBER.fullmatch(text):
        number = float(text)
        if math.isfinite(number) and abs(number) < _EXACT_IN_EXCEL:
            return number
    if kind == "boolean":
        if text in spec.get("trueValues", _TRUE):
            return True
        if text in spec.get("falseValues", _FALSE):
            return False
    if kind == "date" and spec.get("format", "default") == "default":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text
