"""Scan a tidy table, or the rows of a sheet that is never published, for personal data.

    scan_table(csv, schema) ─► first rows ─► TableScan (plan: titles + sample) ─► every block
                               of the file, parsed once ─► findings with masked examples

    scan_rows(rows, titles)  ─► the same over rows in memory, in batches ─► kinds and counts only

A table with no candidate column is never read past its first rows. ``scan_rows`` serves sheets
that are never published (a hidden worksheet read by the normaliser): what is never published
is never shown either, so it reports no examples.

Polars' own errors (a malformed CSV, bytes that are not UTF-8) become ``UnreadableFile``.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import polars as pl

from ..errors import UnreadableFile
from . import reading
from .findings import Finding, KindCount
from .plan import SAMPLE_ROWS
from .tally import TableScan

__all__ = ["BATCH_ROWS", "scan_rows", "scan_table"]

BATCH_ROWS = 100_000
"""Rows ``scan_rows`` holds at once."""


def scan_table(
    path: Path, schema: dict[str, Any], *, sample_rows: int = SAMPLE_ROWS, year: int | None = None
) -> list[Finding]:
    """Findings for one tidy CSV (header = field names) and its Table Schema (titles = column titles)."""
    titles = {spec["name"]: spec.get("title") or spec["name"] for spec in schema.get("fields", [])}
    with open(path, "rb") as stream, contextlib.closing(reading.prefetched(reading.blocks(stream))) as blocks:
        try:
            names = reading.header(next(blocks, b""))
            head, sample = reading.sample(blocks, names, sample_rows)
            tally = TableScan([(name, titles.get(name, name)) for name in names], sample, year=year)
            if tally.fields:
                for block in itertools.chain(head, blocks):
                    tally.add(reading.parse(block, names, tally.fields))
        except pl.exceptions.PolarsError as error:
            raise UnreadableFile("corrupt-file", reason=str(error).splitlines()[0][:200]) from error
    return tally.findings()


def scan_rows(
    rows: Iterable[list[str]], titles: list[str], *, sample_rows: int = SAMPLE_ROWS, year: int | None = None
) -> list[KindCount]:
    """Kinds and counts per column of rows that are never published; no examples, no values."""
    names = [f"c{number}" for number in range(1, len(titles) + 1)]
    batches = _batches(rows, names)
    first = next(batches, None)
    if first is None or not names:
        return []
    tally = TableScan(list(zip(names, [title or "" for title in titles], strict=True)), first.head(sample_rows), year=year)
    if tally.fields:
        tally.add(first)
        for batch in batches:
            tally.add(batch)
    return tally.counts()


def _batches(rows: Iterable[list[str]], names: list[str]) -> Iterator[pl.DataFrame]:
    """Rows as frames of ``BATCH_ROWS``, cut or padded to the title row's width, cells trimmed."""
    width = len(names)
    batch: list[list[str]] = []
    for row in rows:
        cells = ["" if cell is None else str(cell) for cell in row[:width]]
        cells.extend([""] * (width - len(cells)))
        batch.append(cells)
        if len(batch) == BATCH_ROWS:
            yield _frame(batch, names)
            batch = []
    if batch:
        yield _frame(batch, names)


def _frame(batch: list[list[str]], names: list[str]) -> pl.DataFrame:
    frame = pl.DataFrame(batch, schema=dict.fromkeys(names, pl.String), orient="row")
    return frame.with_columns(pl.all().str.strip_chars())
