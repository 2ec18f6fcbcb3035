"""Repair one sheet into a tidy CSV: find the table, drop report furniture, learn the columns, write.

    first rows ─► find_header ─► pass 1: classify rows, profile columns ─► plans ─► pass 2: write

Two passes over the sheet, a chunk of rows at a time, keep memory flat: the first counts, the
second converts and writes. Every decision is a note (a code with parameters) for the repair log,
and every kept row keeps its original row number, so a validation error can point at the row
the officer sees in Excel.
"""

from __future__ import annotations

import bisect
import csv
import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UnreadableFile
from ..names import unique_names
from ..schema import match_header
from .columns import ColumnProfile
from .header import SAMPLE_ROWS, HeaderPlan, find_header
from .options import SheetOptions
from .rows import RowFilter
from .sheet import Cell, Layout, Sheet

__all__ = ["ColumnInfo", "TidyResult", "write_tidy"]

CHUNK_ROWS = 20_000
_ROW_EXAMPLES = 20
_REASON_NOTES = {
    "total": "totals-rows-removed",
    "section": "section-rows-removed",
    "note": "notes-rows-removed",
    "skipped": "rows-skipped-by-officer",
}


@dataclass
class ColumnInfo:
    """One published column, as the upload wizard shows it."""

    number: int
    """Its column number in the original sheet, from 1."""
    name: str
    title: str
    type: str
    guessed: str
    """The type the repair chose before any correction by the officer."""
    heading: str
    """The title built from the sheet's header, before any correction."""


@dataclass
class TidyResult:
    schema: dict[str, Any]
    rows: int
    notes: list[tuple[str, dict[str, Any]]]
    header: HeaderPlan
    columns: list[ColumnInfo]
    row_map: list[list[int]]
    """Runs [first tidy data row, first original row, length]: tidy row → the row in the sheet."""
    dropped: dict[str, list[int]] = field(default_factory=dict)
    """Reason → original row numbers left out (the first few per reason)."""
    title: str | None = None
    description: str | None = None


def write_tidy(
    sheet: Sheet,
    out_path: Path,
    *,
    schema: dict[str, Any] | None = None,
    options: SheetOptions = SheetOptions(),
    place_names: dict[str, str] | None = None,
) -> TidyResult:
    sample = list(itertools.islice(sheet.read(), SAMPLE_ROWS))
    if not any(cell not in (None, "") for row in sample for cell in row):
        raise UnreadableFile("empty-file")
    header = find_header(sample, sheet.layout.merged, options.header)
    width = len(header.titles)
    repairs = _CellRepairs(sheet.layout)

    # Pass 1: which rows are data, and what each column holds.
    row_filter = RowFilter(width, _merged_widths(sheet.layout))
    profiles = [ColumnProfile() for _ in range(width)]
    dropped: dict[int, str] = {}
    # An in-memory sheet's kept cells, column by column per chunk: pass 2 writes them without
    # splitting the rows again (a CSV is re-read instead, to keep memory flat).
    split: list[tuple[int, int, list[tuple[Cell, ...]]]] | None = [] if sheet.in_memory else None
    for start, rows in _chunks(sheet, header.data_start):
        repairs.apply_rows(start, rows)
        reasons = row_filter.classify_rows(start, rows)
        end = start + len(rows)
        for number in options.keep:  # the officer's word: a row kept stays (unless blank), one skipped goes
            if reasons.get(number - 1, "blank") != "blank":
                del reasons[number - 1]
        reasons.update((number - 1, "skipped") for number in options.skip if start < number <= end)
        dropped.update(reasons)
        kept = [row for offset, row in enumerate(rows) if start + offset not in reasons] if reasons else rows
        widest = max(map(len, kept), default=0)
        if widest > width:
            profiles.extend(ColumnProfile() for _ in range(widest - width))
            header.titles.extend([""] * (widest - width))
            width = row_filter.width = widest
        chunk_columns = _columns(kept, width)
        for column, values in enumerate(chunk_columns):
            profiles[column].add_column(values)
        if split is not None:
            split.append((start, len(rows), chunk_columns))

    # Columns: drop those with neither a title nor a value; plan the others.
    columns = [c for c in range(width) if header.titles[c] or profiles[c].filled]
    titles = [options.titles.get(c + 1) or header.titles[c] for c in columns]
    notes = _header_notes(header)
    if schema is None:
        names, name_notes = unique_names(titles)
        plans = [profiles[c].plan(options.types.get(c + 1)) for c in columns]
        guessed = [profiles[c].plan().type for c in columns]
    else:
        match = match_header(titles, schema)
        names, name_notes = match.names, match.notes
        declared = {spec["name"]: spec for spec in schema.get("fields", [])}
        plans = [profiles[c].plan(_declared_type(declared.get(name))) for c, name in zip(columns, names)]
        guessed = [declared.get(name, {}).get("type", "string") for name in names]
    notes.extend(name_notes)

    # Pass 2: write the kept rows, converted.
    old_places: dict[int, Counter[str]] = {}
    row_map: list[list[int]] = []
    written = 0
    with open(out_path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(names)
        drops = sorted(dropped)
        for start, length, every in split if split is not None else _split_again(sheet, header.data_start, repairs, dropped, width):
            if bisect.bisect_left(drops, start) == bisect.bisect_left(drops, start + length):
                _extend_runs(row_map, written + 1, start + 1, length)  # nothing left out here: one run of rows
                written += length
            else:
                for index in range(start, start + length):
                    if index not in dropped:
                        written += 1
                        _extend_runs(row_map, written, index + 1)
            if len(every) < width:  # columns first met in a later chunk: empty here
                every = every + [(None,) * len(every[0] if every else ()) for _ in range(width - len(every))]
            out = []
            for position, column in enumerate(columns):
                converted = plans[position].convert_column(every[column])
                if place_names and plans[position].type == "string":
                    found = [value for value in converted if value.lower() in place_names]
                    if found:
                        old_places.setdefault(position, Counter()).update(found)
                out.append(converted)
            _write_rows(stream, writer, out)

    for position, plan in enumerate(plans):
        context = {"column": columns[position] + 1, "title": titles[position]}
        notes.extend((code, {**context, **params}) for code, params in plan.notes())
    for position, found in old_places.items():
        successors = ", ".join(sorted({f"{name} → {place_names[name.lower()]}" for name in found}))  # type: ignore[index]
        notes.append(("old-province-names", {"column": columns[position] + 1, "title": titles[position], "names": successors}))
    by_reason = _by_reason(dropped)
    notes.extend((_REASON_NOTES[reason], {"count": len(rows), "rows": _ranges(rows)}) for reason, rows in by_reason.items() if reason in _REASON_NOTES)
    if "blank" in by_reason:
        notes.append(("blank-rows-removed", {"count": len(by_reason["blank"])}))
    blank_columns = [c + 1 for c in range(width) if c not in columns]
    if blank_columns:
        notes.append(("blank-columns-removed", {"columns": ", ".join(map(str, blank_columns))}))
    notes.extend(repairs.notes(dropped))
    placeholders = Counter[str]()
    for column in columns:
        placeholders.update(profiles[column].placeholders)
    if placeholders:
        notes.append(("placeholders-as-missing", {"values": ", ".join(f"“{value}”" for value in sorted(placeholders))}))
    neutralised = sum(plan.neutralised for plan in plans)
    if neutralised:
        notes.append(("formulas-neutralised", {"count": neutralised}))

    if schema is None:
        schema = {
            "fields": [plan.field(name, title) for plan, name, title in zip(plans, names, titles)],
            "missingValues": ["", *sorted(placeholders)],
        }
    infos = [
        ColumnInfo(column + 1, name, title, plan.type, guess, header.titles[column])
        for column, name, title, plan, guess in zip(columns, names, titles, plans, guessed)
    ]
    examples = {reason: rows[:_ROW_EXAMPLES] for reason, rows in by_reason.items()}
    title = header.title_lines[0] if header.title_lines else None
    return TidyResult(schema, written, notes, header, infos, row_map, examples, title, header.unit)


def _chunks(sheet: Sheet, start: int) -> Iterator[tuple[int, list[list[Cell]]]]:
    rows = itertools.islice(sheet.read(), start, None)
    index = start
    while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
        yield index, chunk
        index += len(chunk)


_CSV_SPECIAL = (",", '"', "\r", "\n")


def _write_rows(stream: Any, writer: Any, columns: list[list[str]]) -> None:
    """Write converted columns as CSV rows. When no cell needs quoting (checked on each joined
    column at C speed), rows are joined directly: the csv module's per-field checks cost more
    than the conversion. One column goes through csv, which quotes an empty row as ""."""
    if len(columns) > 1 and columns[0]:
        joined = ["\x00".join(column) for column in columns]
        if not any(special in text for text in joined for special in _CSV_SPECIAL):
            stream.write("\r\n".join(map(",".join, zip(*columns))))
            stream.write("\r\n")
            return
    writer.writerows(zip(*columns))


def _split_again(
    sheet: Sheet, start: int, repairs: _CellRepairs, dropped: dict[int, str], width: int
) -> Iterator[tuple[int, int, list[tuple[Cell, ...]]]]:
    """A re-read sheet's chunks as (start, length, kept cells column by column), as pass 1 split them."""
    for first, rows in _chunks(sheet, start):
        repairs.apply_rows(first, rows)
        kept = [row for offset, row in enumerate(rows) if first + offset not in dropped] if dropped else rows
        yield first, len(rows), _columns(kept, width)


def _columns(rows: list[list[Cell]], width: int) -> list[tuple[Cell, ...]]:
    """The rows' cells column by column, every row cut or padded to ``width``."""
    if not rows:
        return [() for _ in range(width)]
    if min(map(len, rows)) == width == max(map(len, rows)):
        return list(zip(*rows))
    shaped = [row[:width] if len(row) >= width else row + [None] * (width - len(row)) for row in rows]
    return list(zip(*shaped))


class _CellRepairs:
    """Excel layout applied to cells: zero-padded codes as text, error values and formulas without
    a value emptied (and remembered for the repair log)."""

    def __init__(self, layout: Layout) -> None:
        self.by_row: dict[int, list[tuple[int, str, Any]]] = {}
        for (row, column), width in layout.padded.items():
            self.by_row.setdefault(row, []).append((column, "padded", width))
        for (row, column), error in layout.errors.items():
            self.by_row.setdefault(row, []).append((column, "error", error))
        for row, column in layout.uncached:
            self.by_row.setdefault(row, []).append((column, "uncached", None))

    def apply_rows(self, start: int, rows: list[list[Cell]]) -> None:
        """Repair the rows of a chunk (starting at ``start``) that have cells to repair."""
        if len(self.by_row) < len(rows):
            for index in self.by_row:
                if start <= index < start + len(rows):
                    self.apply(index, rows[index - start])
            return
        for offset, row in enumerate(rows):
            if start + offset in self.by_row:
                self.apply(start + offset, row)

    def apply(self, index: int, row: list[Cell]) -> None:
        for column, kind, detail in self.by_row.get(index, ()):
            if column >= len(row):
                continue
            if kind == "padded":
                cell = row[column]
                if cell.__class__ in (int, float) and cell >= 0 and float(cell).is_integer():  # type: ignore[operator,arg-type]
                    row[column] = str(int(cell)).zfill(detail)  # type: ignore[arg-type]
            else:
                row[column] = None

    def notes(self, dropped: dict[int, str]) -> list[tuple[str, dict[str, Any]]]:
        errors, uncached = [], []
        for row in sorted(self.by_row):
            if row in dropped:
                continue
            for column, kind, detail in self.by_row[row]:
                where = f"{_letters(column)}{row + 1}"
                if kind == "error":
                    errors.append(f"{where} ({detail})")
                elif kind == "uncached":
                    uncached.append(where)
        found = []
        if errors:
            found.append(("excel-errors-emptied", {"count": len(errors), "cells": ", ".join(errors[:5])}))
        if uncached:
            found.append(("formulas-without-values", {"count": len(uncached), "cells": ", ".join(uncached[:5])}))
        return found


def _merged_widths(layout: Layout) -> dict[int, int]:
    """Row → its widest horizontal merge (a section title merged across the table)."""
    widths: dict[int, int] = {}
    for top, left, bottom, right in layout.merged:
        if top == bottom and right > left:
            widths[top] = max(widths.get(top, 1), right - left + 1)
    return widths


def _letters(column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _declared_type(spec: dict[str, Any] | None) -> str:
    """Convert Vietnamese numbers and day-first dates for a declared type only when the declared
    format is the default one: a declared format is the officer's word on how values are written."""
    if spec is None or spec.get("format", "default") != "default":
        return "keep"
    kind = spec.get("type", "string")
    return kind if kind in ("integer", "number", "date", "datetime") else "keep"


def _extend_runs(runs: list[list[int]], tidy_row: int, source_row: int, length: int = 1) -> None:
    if runs:
        first_tidy, first_source, run_length = runs[-1]
        if first_tidy + run_length == tidy_row and first_source + run_length == source_row:
            runs[-1][2] += length
            return
    runs.append([tidy_row, source_row, length])


def _by_reason(dropped: dict[int, str]) -> dict[str, list[int]]:
    grouped: dict[str, list[int]] = {}
    for index, reason in sorted(dropped.items()):
        grouped.setdefault(reason, []).append(index + 1)
    return grouped


def _ranges(rows: list[int]) -> str:
    """[3, 4, 5, 9] → '3–5, 9' (at most six ranges, then '…')."""
    parts: list[str] = []
    start = previous = rows[0]
    for row in [*rows[1:], None]:
        if row is not None and row == previous + 1:
            previous = row
            continue
        parts.append(str(start) if start == previous else f"{start}–{previous}")
        if row is not None:
            start = previous = row
    return ", ".join(parts[:6]) + (" …" if len(parts) > 6 else "")


def _header_notes(header: HeaderPlan) -> list[tuple[str, dict[str, Any]]]:
    notes: list[tuple[str, dict[str, Any]]] = []
    if header.title_lines:
        notes.append(("title-rows-removed", {"count": len(header.title_lines), "title": header.title_lines[0]}))
    if header.unit:
        notes.append(("unit-note-found", {"unit": header.unit}))
    if header.last > header.first:
        notes.append(("header-rows-merged", {"first": header.first + 1, "last": header.last + 1}))
    elif header.first > 0:
        notes.append(("header-row-found", {"row": header.first + 1}))
    if header.numbering_row is not None:
        notes.append(("numbering-row-removed", {"row": header.numbering_row + 1}))
    return notes
