"""The personal-data guard: nothing personal is published by accident.

    scan_table(csv, schema)          → [Finding]    per column and kind: cells, rows, masked examples, evidence
    scan_rows(rows, titles)          → [KindCount]  for sheets never published: kind and count only
    TableScan(columns, sample)       .add(batch)…  .findings()   for a reader that already holds the batches
    BatchScan(csv, schema)           the observer that rides on the validation engine's batches
    apply_decisions(csv, schema, {field: Decision}, out_csv, salt) → the schema of the cleaned table

A scan reads a column's title and a sample of its values first, then counts only the likely
kinds over the whole column in one vectorised, streaming pass (Polars), so it costs a fraction of
validating the same table. Findings are codes and counts, never raw values: safe to store, log and
render in any language at the edge. Deciding what to do about them is the officer's; carrying
the decisions out keeps the table valid for its (adjusted) schema.

Modules: ``titles`` (what a column title says), ``patterns`` (value shapes as expressions),
``plan`` (which kinds to count where), ``tally`` (counting batches), ``reading`` (CSV in blocks),
``scan``, ``riding`` (on the engine's batches), ``masking``, ``decisions``, ``findings``.
"""

from __future__ import annotations

from .decisions import ACTIONS, MAX_KEPT_DIGITS, Decision, InvalidDecision, apply_decisions
from .findings import EVIDENCE, FROM_TITLE, FROM_VALUES, KINDS, Finding, KindCount
from .masking import hash_value, mask_example, mask_last_digits
from .riding import BatchScan
from .scan import scan_rows, scan_table
from .tally import TableScan

__all__ = [
    "ACTIONS",
    "BatchScan",
    "EVIDENCE",
    "FROM_TITLE",
    "FROM_VALUES",
    "KINDS",
    "MAX_KEPT_DIGITS",
    "Decision",
    "Finding",
    "InvalidDecision",
    "KindCount",
    "TableScan",
    "apply_decisions",
    "hash_value",
    "mask_example",
    "mask_last_digits",
    "scan_rows",
    "scan_table",
]
