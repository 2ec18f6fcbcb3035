"""Write records as a UTF-8 CSV in the run's work folder: the one file a database or an API becomes.

Cells are written so that the pipeline reads back what the source meant: NULL is an empty cell,
text stays text (``01`` keeps its zero), dates and times are ISO 8601, decimals are never in
exponent form, booleans are ``true``/``false``, bytes are base64 (Table Schema's ``binary``) and
nested values are JSON.
"""

from __future__ import annotations

import base64
import csv
import decimal
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .spool import Spooled, spool

__all__ = ["cell", "write_csv"]

_ROWS_PER_CHUNK = 500


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]], work_dir: Path, limit: int, *, source: str) -> Spooled:
    """Write ``header`` and ``rows`` to a new CSV file, hashed, refused past ``limit`` bytes."""
    return spool(_encoded(header, rows), work_dir, limit, source=source, suffix=".csv")


def _encoded(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for number, row in enumerate(rows, start=1):
        writer.writerow([cell(value) for value in row])
        if number % _ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
