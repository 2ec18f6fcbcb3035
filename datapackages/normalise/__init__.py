"""Normalise: what an agency has (a CSV, an Excel workbook) → tidy CSV tables + a proposed schema.

    normalise(path, out_dir) ─► detect_format ─► read_text | read_excel ─► write_tidy (per sheet)

Each table is written to ``out_dir`` as UTF-8 CSV whose header is the field names; the schema
carries the original column titles. ``notes`` say in codes what was repaired, for the repair log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..detect import detect_format
from ..limits import Limits
from ..names import slugify
from .excel import read_excel
from .sheet import Sheet
from .text import read_text
from .tidy import write_tidy

__all__ = ["Note", "Normalised", "Table", "normalise", "resource_name"]


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
    """Where it came from in the original file (a sheet name or the file name)."""


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
) -> Normalised:
    """Read ``path`` whatever its format and write tidy tables into ``out_dir``.

    Raises ``FileRejected`` (see ``datapackages.errors``) when the file cannot be read at all;
    data problems are left for validation to report.
    """
    file_format = detect_format(path, limits)
    sheets: list[Sheet] = read_text(path, limits) if file_format == "csv" else read_excel(path, limits)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables: list[Table] = []
    notes: list[Note] = []
    for sheet in sheets:
        table_name = resource_name(name or sheet.name, taken={table.name for table in tables})
        out_path = out_dir / f"{table_name}.csv"
        result = write_tidy(sheet, out_path, schema)
        notes.extend(Note(code, params, table_name) for code, params in [*sheet.notes, *result.notes])
        tables.append(Table(table_name, out_path, result.schema, result.rows, sheet.name))
    return Normalised(file_format, tables, notes)


def resource_name(text: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    base = slugify(text, max_length=60) or "data"
    name, suffix = base, 2
    while name in taken:
        name, suffix = f"{base}-{suffix}", suffix + 1
    return name
