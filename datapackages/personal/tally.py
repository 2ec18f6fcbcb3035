"""Count personal data in the batches of a table as they stream past: the one place that counts.

    tally = TableScan([(field, title), …], sample)     plan from titles and the first rows
    for batch in batches: tally.add(batch)             frames holding ``tally.fields`` as strings
    tally.findings()   or   tally.counts()             with masked examples, or kinds and counts only

Whoever already parses the table hands over its batches, so a table is parsed once: ``scan_table``
reads the CSV itself, ``scan_rows`` turns a hidden sheet's rows into frames, and the columnar
validation engine can pass the frames it checks (its first rows as the sample), which makes the
scan cost only its vectorised checks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from .findings import Finding, KindCount
from .masking import mask_example
from .plan import Check, Column, plan_table

__all__ = ["EXAMPLES", "TableScan"]

EXAMPLES = 2
"""Masked examples per finding: enough to recognise the column, few enough to show anywhere."""


class TableScan:
    """Counts for one table; see the module docstring."""

    def __init__(self, columns: Sequence[tuple[str, str]], sample: pl.DataFrame, *, year: int | None = None) -> None:
        self.columns = [Column(number, field, title) for number, (field, title) in enumerate(columns, 1)]
        self.checks: list[Check] = plan_table(self.columns, sample, year or dt.date.today().year) if self.columns else []
        self.fields = [column.field for column in self.columns if any(check.column == column for check in self.checks)]
        """The columns batches must carry; none when the table has nothing to look at."""
        self.rows = 0
        self._totals = [0] * len(self.checks)
        self._examples = self._sample_examples(sample) if self.checks else []
        # Where the sample had fewer than two examples, take them again from the batches, in file
        # order (the first batch repeats the sample's rows).
        self._wanting = [index for index, found in enumerate(self._examples) if len(found) < EXAMPLES]
        for index in self._wanting:
            self._examples[index] = []

    def add(self, batch: pl.DataFrame) -> None:
        self.rows += batch.height
        if not self.checks:
            return
        counts = batch.select([check.match.sum().alias(str(index)) for index, check in enumerate(self.checks)]).row(0)
        for index, count in enumerate(counts):
            self._totals[index] += int(count or 0)
        for index in self._wanting:
            found = self._examples[index]
            if counts[index] and len(found) < EXAMPLES:
                check = self.checks[index]
                found.extend(batch.filter(check.match).get_column(check.column.field).head(EXAMPLES - len(found)).to_list())

    def findings(self) -> list[Finding]:
        return [
            Finding(
                check.column.field, check.column.number, check.column.title, check.kind, total, self.rows,
                tuple(mask_example(value, check.kind) for value in found), check.why,
            )
            for check, total, found in zip(self.checks, self._totals, self._examples, strict=True)
            if total
        ]

    def counts(self) -> list[KindCount]:
        return [
            KindCount(check.column.number, check.column.title, check.kind, total)
            for check, total in zip(self.checks, self._totals, strict=True)
            if total
        ]

    def _sample_examples(self, sample: pl.DataFrame) -> list[list[str]]:
        found = sample.select(
            [
                pl.col(check.column.field).filter(check.match).head(EXAMPLES).implode().alias(str(index))
                for index, check in enumerate(self.checks)
            ]
        ).row(0)
        return [list(values) for values in found]
