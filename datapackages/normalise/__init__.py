"""Normalise: what an agency has (CSV, TSV, Excel, OpenDocument) → tidy CSV tables + proposed schemas.

    normalise(path, out_dir) ─► detect_format ─► read_text | read_workbook ─► write_tidy (per sheet)

Each visible sheet becomes one table written to ``out_dir`` as UTF-8 CSV whose header is the
field names; the schema carries the original column titles. ``notes`` say in codes what was
repaired, for the repair log; ``RepairOptions`` carry the officer's corrections.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..detect import detect_format
from ..errors import UnsafeFile
from ..limits import Limits
from ..names import slugify
from .cells import neutralise
from .excel import read_workbook
from .options import TYPES as COLUMN_TYPES
from .options import RepairOptions, SheetOptions, parse_row_list
from .sheet import Sheet
from .text import read_text
from .tidy import ColumnInfo, write_tidy

__all__ = [
    "COLUMN_TYPES",
    "ColumnInfo",
    "Note",
    "Normalised",
    "RepairOptions",
    "SheetOptions",
    "Table",
    "neutralise",
    "normalise",
    "parse_row_list",
    "resource_name",
]


@dataclass(frozen=True)
class Note:
    """One thing the repair did or noticed, as a code with parameters (rendered at the edge)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    table: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.params, "table": self.table}


@dataclass
class Table:
    name: str
    """Resource name: lowercase ASCII, safe for a Data Package."""
    path: Path
    """The tidy CSV written by normalise."""
    schema: dict[str, Any]
    rows: int
    source: str
    """The sheet it came from ('' for a CSV)."""
    columns: list[ColumnInfo] = field(default_factory=list)
    row_map: list[list[int]] = field(default_factory=list)
    """Runs [first tidy data row, first original row, length], to point at rows as the officer sees them."""
    dropped: dict[str, list[int]] = field(default_factory=dict)
    header_rows: tuple[int, int] = (1, 1)
    """The header's first and last rows in the original sheet, from 1."""
    title: str | None = None
    description: str | None = None

    def source_row(self, row_number: int) -> int:
        """The original sheet row of a tidy file's row number (frictionless counts the header as row 1)."""
        data_row = row_number - 1
        for first_tidy, first_source, length in self.row_map:
            if first_tidy <= data_row < first_tidy + length:
                return first_source + data_row - first_tidy
        return row_number


@dataclass
class Normalised:
    format: str
    tables: list[Table]
    notes: list[Note]


def normalise(
    path: Path,
    out_dir: Path,
    *,
    schema: dict[str, Any] | None = None,
    limits: Limits = Limits(),
    name: str | None = None,
    options: RepairOptions | None = None,
    place_names: dict[str, str] | None = None,
    filename: str | None = None,
) -> Normalised:
    """Read ``path`` whatever its format and write one tidy table per visible sheet into ``out_dir``.

    ``place_names`` maps folded old place names to their successors, to flag names no longer in
    force; ``filename`` is the name the file came with, to catch a macro workbook renamed .xlsx.
    Raises ``FileRejected`` (see ``datapackages.errors``) when the file cannot be read at all;
    data problems are left for validation to report.
    """
    file_format = detect_format(path, limits)
    if file_format == "xlsm" and filename and filename.lower().endswith((".xlsx", ".csv", ".xls")):
        raise UnsafeFile("macro-workbook-mislabelled")  # macros hidden behind an ordinary name
    sheets: list[Sheet] = read_text(path, limits) if file_format == "csv" else read_workbook(path, file_format, limits)
    options = options or RepairOptions()
    out_dir.mkdir(parents=True, exist_ok=True)
    tables: list[Table] = []
    notes: list[Note] = []
    for sheet in sheets:
        base = name or sheet.name or path.stem
        if len(sheets) > 1 and name:
            base = f"{name}-{sheet.name}"
        table_name = resource_name(base, taken={table.name for table in tables})
        out_path = out_dir / f"{table_name}.csv"
        result = write_tidy(sheet, out_path, schema=schema, options=options.for_sheet(sheet.name), place_names=place_names)
        notes.extend(Note(code, params, table_name) for code, params in [*sheet.notes, *result.notes])
        tables.append(
            Table(
                table_name, out_path, result.schema, result.rows, sheet.name, result.columns, result.row_map,
                result.dropped, (result.header.first + 1, result.header.last + 1), result.title, result.description,
            )
        )
    return Normalised(file_format, tables, notes)


def resource_name(text: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    base = slugify(text, max_length=60) or "data"
    name, suffix = base, 2
    while name in taken:
        name, suffix = f"{base}-{suffix}", suffix + 1
    return name
