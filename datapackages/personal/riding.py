"""Scan a table on the batches the validation engine already reads, instead of reading it again.

    scan = BatchScan(csv, schema)
    validate_table(csv, schema, observe=scan)     the engine hands over every batch it parses
    scan.findings()                               the same findings as ``scan_table(csv, schema)``

Validating a million rows with the columnar engine takes a few seconds; reading and parsing the
file a second time for the scan would cost a fifth of that again, the checks alone a twentieth.
The engine's batches hold every cell as raw text in columns "0".."W-1"; the first batch's first
rows are the sample. When the engine starts the table again (its exact parser) the scan starts
again too; when the engine never read the table itself (frictionless's fallback), ``findings``
reads it with ``scan_table``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from . import reading
from .findings import Finding
from .plan import SAMPLE_ROWS
from .scan import scan_table
from .tally import TableScan

__all__ = ["BatchScan"]


class BatchScan:
    """An observer for ``validate_table``; see the module docstring."""

    def __init__(self, path: Path, schema: dict[str, Any], *, year: int | None = None) -> None:
        self.path = path
        self.schema = schema
        self.year = year
        titles = {spec["name"]: spec.get("title") or spec["name"] for spec in schema.get("fields", [])}
        with open(path, "rb") as stream:
            first = next(reading.blocks(stream), b"")
        self.names = reading.header(first)
        self.columns = [(name, titles.get(name, name)) for name in self.names]
        self._tally: TableScan | None = None
        self._wanted: list[pl.Expr] = []

    def __call__(self, batch: Any) -> None:
        cells: pl.DataFrame = batch.cells
        if batch.first_row == 2 or self._tally is None:
            positions = {name: str(index) for index, name in enumerate(self.names) if str(index) in cells.columns}
            sample = cells.head(SAMPLE_ROWS).select([pl.col(position).alias(name) for name, position in positions.items()])
            self._tally = TableScan([column for column in self.columns if column[0] in positions], sample, year=self.year)
            self._wanted = [pl.col(positions[field]).alias(field) for field in self._tally.fields]
        if self._wanted:
            self._tally.add(cells.select(self._wanted))
        else:
            self._tally.rows += cells.height

    def findings(self) -> list[Finding]:
        if self._tally is None:  # the engine handed the table to frictionless, or it has no rows
            return scan_table(self.path, self.schema, year=self.year)
        return self._tally.findings()
