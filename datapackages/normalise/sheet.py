"""What every reader hands to the repair: a named grid of cells that can be read more than once.

Repair reads a sheet twice (once to learn each column, once to write it), so a sheet is a
``read`` function rather than a one-shot iterator: a CSV is re-opened, a workbook's rows are
re-walked from memory. Cells keep the types the reader found: text from CSV, numbers and dates
from Excel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Union

__all__ = ["Cell", "Layout", "Sheet"]

Cell = Union[str, int, float, bool, dt.date, dt.datetime, dt.time, None]


@dataclass
class Layout:
    """What a workbook knows beyond cell values; positions are 0-based (row, column)."""

    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    """Merged ranges as (first row, first column, last row, last column), inclusive."""
    padded: dict[tuple[int, int], int] = field(default_factory=dict)
    """Number cells shown zero-padded ('00000' formats): position → width."""
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    """Cells holding an Excel error value (#N/A, #DIV/0!): position → the error."""
    uncached: set[tuple[int, int]] = field(default_factory=set)
    """Formula cells saved without a computed value (the file was never recalculated)."""


@dataclass
class Sheet:
    name: str
    read: Callable[[], Iterator[list[Cell]]]
    layout: Layout = field(default_factory=Layout)
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """What the reader did or noticed (encoding, delimiter, hidden sheets, macros)."""
    in_memory: bool = False
    """The rows are already held in memory (a workbook): the repair may keep its column split of
    them for the second pass instead of splitting again; a CSV is re-read to keep memory flat."""
