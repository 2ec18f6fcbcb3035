"""Assemble the report in frictionless's format, with the error limit applied as frictionless applies it.

frictionless checks the limit after each row: once the errors found so far reach it, the list is
cut to the limit, a warning "reached error limit: N" is added, and the row count, byte count
and hashes are those of the file read so far. The engine has read everything by then, so the
report also carries what frictionless cannot tell: ``stats.counts``, every error of the file
counted by type and by field, whatever the limit. ``notes`` lists the frictionless quirks this
table ran into (codes explained in ``QUIRKS``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .counts import Counts
from .stop import read_up_to

__all__ = ["QUIRKS", "task_report"]

QUIRKS = {
    "primary-key-with-invalid-cell": "a cell of the primary key is blank or failed its type, so frictionless reads "
    'it as None: a key of None only reports "all None", and two keys holding None in the same place collide',
    "blank-row-hides-cell-errors": "a blank row reports only blank-row: its missing cells, extra cells and "
    "required-constraint errors are not listed (nor counted)",
    "statistics-at-error-limit": "the error limit was reached: rows, bytes and hashes describe what frictionless "
    "had read by then (bytes in whole 8 KiB reads, hashes only if it had reached the end); stats.counts "
    "covers the whole file",
}


def task_report(
    *,
    path: Path,
    name: str,
    labels: list[str],
    errors: list[dict[str, Any]],
    stop_row: int | None,
    limit: int,
    rows: int,
    fields: int,
    digest: tuple[int, str, str],
    counts: Counts,
    notes: dict[str, int],
    seconds: float,
) -> dict[str, Any]:
    warnings = []
    size, md5, sha256 = digest
    md5_text: str | None = md5
    sha_text: str | None = sha256
    if stop_row is not None:
        warnings.append(f"reached error limit: {limit}")
        rows = stop_row - 1
        read = read_up_to(path, stop_row)
        size, md5_text, sha_text = read.bytes, read.md5, read.sha256
        notes = {**notes, "statistics-at-error-limit": 1}
    stats: dict[str, Any] = {"errors": len(errors), "warnings": len(warnings), "seconds": round(seconds, 3)}
    for key, value in (("md5", md5_text), ("sha256", sha_text), ("bytes", size), ("fields", fields), ("rows", rows)):
        if value:
            stats[key] = value
    stats["counts"] = {**counts.to_dict(), "complete": True}
    task: dict[str, Any] = {
        "name": name,
        "type": "table",
        "valid": not errors,
        "place": path.name,
        "labels": labels,
        "stats": stats,
        "warnings": warnings,
        "errors": errors,
    }
    if notes:
        task["notes"] = [{"code": code, "count": count} for code, count in sorted(notes.items())]
    return {
        "valid": not errors,
        "stats": {"tasks": 1, "errors": len(errors), "warnings": len(warnings), "seconds": round(seconds, 3)},
        "warnings": [],
        "errors": [],
        "tasks": [task],
    }
