"""Find the table in a sheet laid out for printing: title rows, unit notes, a header over one to three
rows with merged cells, a column-numbering row — then the data.

The officer can always correct the guess (``SheetOptions.header``); the rules below are tuned on
the reports agencies actually send: a title merged across the page, "Đơn vị tính: hồ sơ" under
it, "Số hồ sơ" merged over "Trực tuyến" / "Trực tiếp", "(1) (2) (3)" under the header.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from .cells import clean_text, parse_dmy, split_number
from .sheet import Cell

__all__ = ["HeaderPlan", "cell_text", "find_header"]

SAMPLE_ROWS = 60
MAX_HEADER_ROWS = 3
_NUMBERING = re.compile(r"\(?(\d{1,3}|[A-Za-z]{1,2})\)?(\s*=\s*.*)?|\(?\d+\)?\s*[=+*x-].*", re.ASCII)
_UNIT = re.compile(r"\(?\s*(đơn vị tính|đơn vị|đvt)\b", re.IGNORECASE)


def cell_text(cell: Cell) -> str:
    """A cell as the text a reader sees."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return clean_text(cell)
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time(0) else cell.isoformat(timespec="seconds")
    if isinstance(cell, (dt.date, dt.time)):
        return cell.isoformat()
    if isinstance(cell, float):
        return format(cell, ".15g")
    return str(cell)


@dataclass
class HeaderPlan:
    first: int
    """First header row, 0-based."""
    last: int
    """Last header row, 0-based."""
    titles: list[str]
    data_start: int
    """First row after the header (and after a column-numbering row)."""
    numbering_row: int | None = None
    title_lines: list[str] = field(default_factory=list)
    """Text above the header: the report's title and subtitle."""
    unit: str | None = None
    """A unit note such as 'Đơn vị tính: hồ sơ'."""


def _is_numeric_text(text: str) -> bool:
    return split_number(text) is not None or parse_dmy(text) is not None


def _features(row: list[str]) -> tuple[int, int, int]:
    """(filled, text cells, number-like cells)."""
    filled = [text for text in row if text]
    numeric = sum(1 for text in filled if _is_numeric_text(text))
    return len(filled), len(filled) - numeric, numeric


def _spread(grid: list[list[str]], merged: list[tuple[int, int, int, int]]) -> list[list[str]]:
    """Give every cell of a merged range the range's value (as a reader of the printed page sees it)."""
    spread = [list(row) for row in grid]
    for top, left, bottom, right in merged:
        if top >= len(spread):
            continue
        value = spread[top][left] if left < len(spread[top]) else ""
        for row in range(top, min(bottom, len(spread) - 1) + 1):
            for column in range(left, right + 1):
                if column < len(spread[row]):
                    spread[row][column] = value
    return spread


def _is_numbering(row: list[str], width: int) -> bool:
    """A row numbering the columns: (1) (2) (3)…, 1 2 3…, A B C…, possibly with '(4)=(2)+(3)'."""
    filled = [text for text in row if text]
    if len(filled) < max(3, math.ceil(0.8 * width)):
        return False
    if not all(_NUMBERING.fullmatch(text) for text in filled):
        return False
    labels = [text.split("=")[0].strip().strip("()") for text in filled]
    if all(label.isdigit() for label in labels):
        numbers = [int(label) for label in labels]
        return numbers[0] == 1 and all(later == earlier + 1 for earlier, later in zip(numbers, numbers[1:]))
    if all(len(label) == 1 and label.isalpha() for label in labels):
        letters = [ord(label.upper()) for label in labels]
        return letters[0] == ord("A") and all(later == earlier + 1 for earlier, later in zip(letters, letters[1:]))
    return False


def find_header(
    rows: list[list[Cell]],
    merged: list[tuple[int, int, int, int]],
    forced: tuple[int, int] | None = None,
) -> HeaderPlan:
    """Plan the header from the first rows of a sheet (``forced`` rows are 1-based, from the officer)."""
    grid = [[cell_text(cell) for cell in row] for row in rows[:SAMPLE_ROWS]]
    width = max((_last_filled(row) for row in grid), default=0)
    grid = [row + [""] * (width - len(row)) if len(row) < width else row[:width] for row in grid]
    spread = _spread(grid, merged)
    if forced is not None:
        first, last = forced[0] - 1, forced[1] - 1
    else:
        first = _header_start(grid, spread, width)
        last = _header_end(grid, spread, merged, first, width)
    title_lines, unit = _above(grid[:first])
    titles = _titles(grid, spread, first, last, width)
    data_start = last + 1
    numbering = None
    if data_start < len(grid) and _is_numbering(grid[data_start], width):
        numbering, data_start = data_start, data_start + 1
    return HeaderPlan(first, last, titles, data_start, numbering, title_lines, unit)


def _last_filled(row: list[str]) -> int:
    for index in range(len(row) - 1, -1, -1):
        if row[index]:
            return index + 1
    return 0


def _header_start(grid: list[list[str]], spread: list[list[str]], width: int) -> int:
    needed = max(2, math.ceil(0.5 * width)) if width > 1 else 1
    first_filled = None
    for index, (row, full) in enumerate(zip(grid, spread)):
        own = [text for text in row if text]
        if not own:
            continue
        if first_filled is None:
            first_filled = index
        if len(own) < 2 and width > 1:
            continue  # a title, a unit note, a lone remark
        filled, texts, _numbers = _features(full)
        if filled >= needed and texts >= 0.75 * filled and not _is_numbering(row, width):
            return index
    return first_filled or 0


def _header_end(
    grid: list[list[str]], spread: list[list[str]], merged: list[tuple[int, int, int, int]], first: int, width: int
) -> int:
    last = first
    while last + 1 < len(grid) and last + 1 - first < MAX_HEADER_ROWS:
        candidate = last + 1
        row = grid[candidate]
        filled, texts, numbers = _features(spread[candidate])
        if not filled or numbers > 0.25 * filled or texts < 0.75 * filled or _is_numbering(row, width):
            break
        grouped_above = any(
            top <= last and bottom < candidate and right > left and any(row[column] for column in range(left, right + 1))
            for top, left, bottom, right in merged
            if first <= top
        )
        spanning_down = any(top >= first and top <= last and bottom >= candidate for top, left, bottom, right in merged)
        complementary = numbers == 0 and _subheader_fits(grid[last], row)
        if not (grouped_above or spanning_down or complementary):
            break
        last = candidate
    return last


def _subheader_fits(parent: list[str], row: list[str]) -> bool:
    """Without merges (CSV), a sub-header sits only under a group: a parent title followed by blank
    cells ('Số hồ sơ,,' over 'Trực tuyến,Trực tiếp'), and is empty under titles that stand alone."""
    in_group = [False] * len(parent)
    for start, title in enumerate(parent):
        if title and start + 1 < len(parent) and not parent[start + 1]:
            end = start + 1
            while end < len(parent) and not parent[end]:
                end += 1
            for column in range(start, end):
                in_group[column] = True
    return any(in_group) and all(in_group[column] for column, text in enumerate(row) if text)


def _titles(grid: list[list[str]], spread: list[list[str]], first: int, last: int, width: int) -> list[str]:
    header = [list(row) for row in spread[first : last + 1]]
    # A parent title written once over a group (CSV, or unmerged Excel) covers the blank cells to
    # its right that have a sub-title below them.
    for level in range(len(header) - 1):
        for column in range(1, width):
            if not header[level][column] and header[level][column - 1] and header[level + 1][column]:
                header[level][column] = header[level][column - 1]
    titles = []
    for column in range(width):
        parts: list[str] = []
        for level in header:
            text = level[column] if column < len(level) else ""
            if text and text not in parts:
                parts.append(text)
        titles.append(" - ".join(parts))
    return titles


def _above(rows: list[list[str]]) -> tuple[list[str], str | None]:
    lines, unit = [], None
    for row in rows:
        text = " ".join(part for part in row if part)
        if not text:
            continue
        if _UNIT.match(text) and unit is None:
            unit = text.strip("() ")
        else:
            lines.append(text)
    return lines, unit
