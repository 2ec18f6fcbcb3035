"""Turn a sheet's grid of strings into a tidy CSV (one header row of field names, UTF-8, comma).

One streaming pass: cells are cleaned, the file is written and each column is profiled for
schema inference at the same time, so memory stays flat whatever the row count.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UnreadableFile
from ..names import unique_names
from ..schema import ColumnProfile, infer_schema, match_header
from .sheet import Sheet

__all__ = ["TidyResult", "write_tidy"]

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


@dataclass
class TidyResult:
    schema: dict[str, Any]
    rows: int
    notes: list[tuple[str, dict[str, Any]]]


def clean(cell: str) -> str:
    """Trim spaces (non-breaking included) and invisible characters; compose diacritics (NFC)."""
    if cell.isascii():
        return cell.strip()
    return unicodedata.normalize("NFC", cell).strip().strip(_INVISIBLE).strip()


def write_tidy(sheet: Sheet, out_path: Path, schema: dict[str, Any] | None = None) -> TidyResult:
    notes: list[tuple[str, dict[str, Any]]] = []
    rows = iter(sheet.rows)
    titles: list[str] | None = None
    skipped = 0
    for raw in rows:
        cells = [clean(cell) for cell in raw]
        if any(cells):
            titles = _trim(cells)
            break
        skipped += 1
    if titles is None:
        raise UnreadableFile("empty-file")
    if skipped:
        notes.append(("leading-blank-rows-removed", {"count": skipped}))

    if schema is None:
        names, header_notes = unique_names(titles)
    else:
        match = match_header(titles, schema)
        names, header_notes = match.names, match.notes
    notes.extend(header_notes)

    width = len(titles)
    profiles = [ColumnProfile() for _ in range(width)]
    written = 0
    padded = 0
    pending_blank = 0
    with open(out_path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(names)
        blank_row = [""] * width
        for raw in rows:
            cells = _trim([clean(cell) for cell in raw])
            if not cells:
                pending_blank += 1  # written only if data follows: trailing blank rows are formatting
                continue
            for _ in range(pending_blank):
                writer.writerow(blank_row)
            written += pending_blank
            pending_blank = 0
            if len(raw) < width:
                padded += 1  # the source row itself is short (CSV written without trailing commas)
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            for profile, value in zip(profiles, cells):
                profile.add(value)
            writer.writerow(cells)
            written += 1
    if pending_blank:
        notes.append(("trailing-blank-rows-removed", {"count": pending_blank}))
    if padded:
        notes.append(("short-rows-padded", {"count": padded}))
    if schema is None:
        schema = infer_schema(names, titles, profiles)
    return TidyResult(schema=schema, rows=written, notes=notes)


def _trim(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]
