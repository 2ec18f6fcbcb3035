"""One streaming pass over the data: status words per cell, counts, suspect rows and key values.

For each batch it keeps only what the report needs later: the rows with a cell-level problem
(their raw cells and status words), the error counts by type and by field, and the values of the
columns that take part in unique, primary-key and foreign-key checks (those need the whole file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from .cells import BLANK, TYPE, ColumnCheck
from .counts import Counts
from .integrity import KeyRoles, store_keys
from .keys import KeyStore
from .plan import FieldPlan
from .source import Batch

__all__ = ["Scan", "Suspects", "batch_keys", "scan_batch"]


@dataclass
class Suspects:
    """Rows with a cell-level problem: their numbers, raw cells, status words and cell counts."""

    rows: list[int] = field(default_factory=list)
    cells: list[list[str | None]] = field(default_factory=list)
    words: list[list[int]] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    extras: dict[int, list[str]] = field(default_factory=dict)


@dataclass
class Scan:
    fields: list[FieldPlan]
    checks: list[ColumnCheck]
    roles: KeyRoles
    keys: KeyStore
    counts: Counts = field(default_factory=Counts)
    keep: int = 0
    """How many suspect rows to keep (0: all); the listed errors never need more than the limit."""
    blank_hiding: int = 0
    """Blank rows whose missing or extra cells or required constraints go unreported (frictionless's quirk)."""
    suspects: Suspects = field(default_factory=Suspects)
    rows: int = 0


def scan_batch(scan: Scan, batch: Batch) -> None:
    width = len(scan.fields)
    frame = batch.cells.with_columns(
        row=pl.int_range(batch.first_row, batch.first_row + batch.cells.height, dtype=pl.UInt32),
        size=batch.sizes if batch.sizes is not None else pl.lit(width, pl.UInt32),
    )
    plans = [_column_plan(check, str(index)) for index, check in enumerate(scan.checks)]
    frame = frame.with_columns(_materialised(plans))  # each test once: blank, settled in bulk, value
    odd = _odd_values(frame, dict(enumerate(scan.checks)), dict(enumerate(plans)))
    words = [_word(check, plan, odd.get(index)) for index, (check, plan) in enumerate(zip(scan.checks, plans))]
    keys = [_key(scan.checks[index], plans[index], odd.get(index)).alias(f"k{index}") for index in scan.roles.keyed]
    frame = frame.select(
        "row",
        "size",
        *(pl.col(str(index)) for index in range(width)),
        *(word.alias(f"w{index}") for index, word in enumerate(words)),
        *keys,
    )
    blank_row = pl.all_horizontal((pl.col(f"w{index}") & BLANK) > 0 for index in range(width))
    frame = frame.with_columns(blank=blank_row)
    _count(scan, frame, width)
    issue = pl.col("blank") | (pl.col("size") != width)
    for index in range(width):
        issue = issue | ((pl.col(f"w{index}") & ~pl.lit(BLANK, pl.UInt32)) > 0)
    room = scan.keep - len(scan.suspects.rows) if scan.keep else frame.height
    if room > 0:
        _keep(scan.suspects, frame.filter(issue).head(room), width, batch)
    if scan.roles.keyed:
        store_keys(scan.keys, frame.select("row", *(f"k{index}" for index in scan.roles.keyed)), scan.roles)
    scan.rows += frame.height


def batch_keys(checks: dict[int, ColumnCheck], batch: Batch) -> pl.DataFrame:
    """The key values of some columns of a batch (columns "k<position>"): what another table's
    foreign keys look up in this one."""
    plans = {index: _column_plan(check, str(index)) for index, check in checks.items()}
    frame = batch.cells.with_columns(_materialised(list(plans.values())))
    odd = _odd_values(frame, checks, plans)
    return frame.select(_key(checks[index], plan, odd.get(index)).alias(f"k{index}") for index, plan in plans.items())


@dataclass
class _ColumnPlan:
    name: str
    raw: pl.Expr
    blank: pl.Expr
    fast: pl.Expr
    value: pl.Expr | None
    odd: pl.Expr | None
    """Cells that Python must read (None: none can be)."""
    computed: list[pl.Expr]
    """The tests computed once per batch, before the status words are put together."""


def _column_plan(check: ColumnCheck, name: str) -> _ColumnPlan:
    raw = pl.col(name)
    blank, fast, value = pl.col(f"b{name}"), pl.col(f"f{name}"), pl.col(f"v{name}")
    fast_test, value_test = check.fast(raw)
    computed = [check.blank(raw).alias(f"b{name}"), fast_test.alias(f"f{name}")]
    if value_test is not None:
        computed.append(value_test.alias(f"v{name}"))
    odd = None
    if check.python_reads_all:
        odd = ~blank
    elif check.plan.type not in ("string", "any", "boolean"):
        odd = ~blank & ~fast
    return _ColumnPlan(name, raw, blank, fast, value if value_test is not None else None, odd, computed)


def _materialised(plans: list[_ColumnPlan]) -> list[pl.Expr]:
    return [expression for plan in plans for expression in plan.computed]


def _odd_values(frame: pl.DataFrame, checks: dict[int, ColumnCheck], plans: dict[int, _ColumnPlan]) -> dict[int, dict[str, tuple[int, Any]]]:
    wanted = {index: plan for index, plan in plans.items() if plan.odd is not None}
    if not wanted:
        return {}
    found = frame.select(plan.raw.filter(plan.odd).unique().implode().alias(str(index)) for index, plan in wanted.items())
    return {index: checks[index].odd(found.get_column(str(index))[0].to_list()) for index in wanted}


def _word(check: ColumnCheck, plan: _ColumnPlan, odd: dict[str, tuple[int, Any]] | None) -> pl.Expr:
    settled = check.status(plan.raw, plan.blank, plan.fast, plan.value)
    if plan.odd is None or not odd:
        return settled
    mapped = _lookup(plan.raw, {raw: word for raw, (word, _key) in odd.items()}, pl.lit(0, pl.UInt32), pl.UInt32)
    return pl.when(plan.odd).then(mapped).otherwise(settled)


def _key(check: ColumnCheck, plan: _ColumnPlan, odd: dict[str, tuple[int, Any]] | None) -> pl.Expr:
    dtype = check.key_type
    value = (plan.value if plan.value is not None else pl.lit(None)).cast(dtype)
    settled = pl.when(plan.blank).then(pl.lit(None, dtype))
    if check.plan.type == "boolean":
        settled = settled.when(~plan.fast).then(pl.lit(None, dtype))
    settled = settled.otherwise(value)
    if plan.odd is None:
        return settled
    pairs = {raw: key for raw, (_word, key) in (odd or {}).items() if key is not None}
    return pl.when(plan.odd).then(_lookup(plan.raw, pairs, pl.lit(None, dtype), dtype)).otherwise(settled)


def _lookup(raw: pl.Expr, table: dict[str, Any], default: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """The value ``table`` gives each cell: a few comparisons for a few odd values, else a hash lookup."""
    if len(table) > 16:
        return raw.replace_strict(list(table), list(table.values()), default=default, return_dtype=dtype)
    result = default
    for text, value in table.items():
        result = pl.when(raw == text).then(pl.lit(value, dtype)).otherwise(result)
    return result


def _count(scan: Scan, frame: pl.DataFrame, width: int) -> None:
    filled = ~pl.col("blank")
    anything = pl.lit(False)
    for index in range(width):
        anything = anything | ((pl.col(f"w{index}") & ~pl.lit(BLANK, pl.UInt32)) > 0)
    sums = [
        pl.col("blank").sum().alias("blank-row"),
        (pl.col("blank") & ((pl.col("size") != width) | anything)).sum().alias("hiding"),
        (pl.col("size").cast(pl.Int64) - width).clip(lower_bound=0).filter(filled).sum().alias("extra-cell"),
    ]
    for index in range(width):
        word = pl.col(f"w{index}")
        sums += [
            ((word & TYPE) > 0).filter(filled).sum().alias(f"t{index}"),
            (word & pl.lit(~(BLANK | TYPE) & 0xFFFFFFFF, pl.UInt32)).bitwise_count_ones().filter(filled).sum().alias(f"c{index}"),
            (pl.col("size") <= index).filter(filled).sum().alias(f"m{index}"),
        ]
    totals = frame.select(sums).row(0, named=True)
    scan.blank_hiding += totals["hiding"] or 0
    scan.counts.add("blank-row", None, totals["blank-row"] or 0)
    scan.counts.add("extra-cell", None, totals["extra-cell"] or 0)
    for index, plan in enumerate(scan.fields):
        scan.counts.add("type-error", plan.name, totals[f"t{index}"] or 0)
        scan.counts.add("constraint-error", plan.name, totals[f"c{index}"] or 0)
        scan.counts.add("missing-cell", plan.name, totals[f"m{index}"] or 0)


def _keep(kept: Suspects, frame: pl.DataFrame, width: int, batch: Batch) -> None:
    if frame.is_empty():
        return
    first = batch.first_row
    for record in frame.iter_rows():
        row, size = record[0], record[1]
        kept.rows.append(row)
        kept.sizes.append(size)
        kept.cells.append(list(record[2 : 2 + width]))
        kept.words.append(list(record[2 + width : 2 + 2 * width]))
        extra = batch.extras.get(row - first)
        if extra:
            kept.extras[row] = extra
