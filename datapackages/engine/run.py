"""The engine end to end: plan, open, scan in batches, check keys, list the errors, write the report.

    validate_csv ─► make_plan ─► open_table ─► outside_keys ─► read_batches ─► scan_batch (per batch)
                 ─► check_integrity ─► row_errors (error rows, in order, up to the limit) ─► task_report

Polars reads the batches unless one is not well-formed CSV; then the run starts again with
Python's csv. Anything else the engine does not reproduce exactly raises ``Unsupported`` and
frictionless validates the table instead (``fallback``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .cells import ColumnCheck
from .fallback import validate_with_frictionless
from .header import expected_fields, header_errors
from .integrity import Integrity, KeyRoles, check_integrity, key_roles, store_outside_keys
from .keys import KeyStore
from .lookup import outside_keys
from .messages import UNKNOWN_CODE
from .opening import Opening, open_table
from .plan import References, make_plan
from .report import task_report
from .rows import RowFacts, row_errors
from .scan import Scan, scan_batch
from .source import Batch, Digest, ExactParserNeeded, read_batches
from .support import Unsupported

__all__ = ["BatchObserver", "validate_csv"]

RETAIN_BYTES = 128 * 1024 * 1024
"""Up to this size the batches stay in memory for the second look at rows with key errors;
larger files are read again instead, so memory stays bounded."""


BatchObserver = Callable[[Batch], None]
"""Sees every batch the engine reads, in order, so that another pass over the table (the
personal-data scan) needs no read of its own. A batch with ``first_row == 2`` starts the table,
again when the run restarts with the exact parser; frictionless's fallback calls no observer."""


def validate_csv(
    path: Path, schema: dict[str, Any], *, name: str, limit_errors: int, references: References = References(),
    observe: BatchObserver | None = None,
) -> dict[str, Any]:
    """Validate a tidy CSV against ``schema``; the report is frictionless's, field for field.

    ``references``: the other tables of the package and the national reference lists that its
    foreign keys may name."""
    started = time.perf_counter()
    try:
        try:
            return _validate(path, schema, name, limit_errors, started, references, exact=False, observe=observe)
        except ExactParserNeeded:
            return _validate(path, schema, name, limit_errors, started, references, exact=True, observe=observe)
    except Unsupported as reason:
        return validate_with_frictionless(
            path, schema, name=name, limit_errors=limit_errors, reason=reason.feature, references=references
        )


def _validate(
    path: Path, schema: dict[str, Any], name: str, limit: int, started: float, references: References, *, exact: bool,
    observe: BatchObserver | None,
) -> dict[str, Any]:
    plan = make_plan(schema, name, references)
    opening = open_table(path)
    fields = expected_fields(plan, opening.labels)
    roles = key_roles(fields, plan.primary_key, plan.foreign_keys)
    outside = outside_keys(fields, roles, references)
    size = path.stat().st_size
    checks = [ColumnCheck(field, keyed=index in roles.keyed) for index, field in enumerate(fields)]
    digest = Digest()
    retained: list[Batch] | None = [] if size <= RETAIN_BYTES else None
    with KeyStore(size) as keys:
        store_outside_keys(keys, outside)
        scan = Scan(fields, checks, roles, keys, keep=limit)
        for batch in read_batches(path, opening, len(fields), digest, exact=exact):
            scan_batch(scan, batch)
            if observe is not None:
                observe(batch)
            if retained is not None:
                retained.append(batch)
        integrity = check_integrity(keys, roles)
    header = header_errors(plan, opening.labels)
    for error in header:
        scan.counts.add(error["type"], error["fieldName"])
    _count_keys(scan, roles, integrity)

    readers = [field.reader() for field in fields]
    errors = list(header)
    stop_row = None
    wanted = sorted(set(scan.suspects.rows) | integrity.rows())
    if limit and len(errors) >= limit and scan.rows:
        wanted = [row for row in wanted if row == 2]  # frictionless still reads the first row, then stops
        errors, stop_row = errors[:limit], 2
    facts = _facts(wanted, scan, path, opening, len(fields), exact, retained)
    for row in wanted:
        errors.extend(row_errors(next(facts), fields, readers, roles, integrity))
        if limit and len(errors) >= limit:
            errors, stop_row = errors[:limit], row
            break
    return task_report(
        path=path,
        name=name,
        labels=opening.labels,
        errors=errors,
        stop_row=stop_row,
        limit=limit,
        rows=scan.rows,
        fields=len(plan.fields),
        digest=(digest.bytes, *digest.hexdigests()),
        counts=scan.counts,
        notes=_quirks(scan, integrity),
        seconds=time.perf_counter() - started,
    )


def _count_keys(scan: Scan, roles: KeyRoles, integrity: Integrity) -> None:
    for repeats in integrity.unique.values():
        for index in repeats:
            scan.counts.add("unique-error", scan.fields[index].name)
    scan.counts.add("primary-key", None, len(integrity.primary))
    for numbers in integrity.foreign.values():
        for number in numbers:
            key = roles.foreign[number][0]
            scan.counts.add(UNKNOWN_CODE if key.target == "list" else "foreign-key", key.fields[0] if len(key.fields) == 1 else None)


def _facts(rows: list[int], scan: Scan, path: Path, opening: Opening, width: int, exact: bool, retained: list[Batch] | None) -> Iterator[RowFacts]:
    """The cells of each wanted row: suspects were kept by the scan; other rows are looked up again."""
    suspects = scan.suspects
    kept = {row: position for position, row in enumerate(suspects.rows)}
    others = iter(_look_up([row for row in rows if row not in kept], path, opening, width, exact, retained))
    for row in rows:
        position = kept.get(row)
        if position is None:
            yield next(others)
            continue
        yield RowFacts(row, suspects.cells[position], suspects.words[position], suspects.sizes[position], suspects.extras.get(row, []))


def _look_up(rows: list[int], path: Path, opening: Opening, width: int, exact: bool, retained: list[Batch] | None) -> Iterator[RowFacts]:
    if not rows:
        return
    batches = retained if retained is not None else read_batches(path, opening, width, None, exact=exact)
    position = 0
    for batch in batches:
        end = batch.first_row + batch.cells.height
        indexes = []
        while position < len(rows) and rows[position] < end:
            indexes.append(rows[position] - batch.first_row)
            position += 1
        for index, cells in zip(indexes, batch.cells[indexes].rows() if indexes else []):
            size = int(batch.sizes[index]) if batch.sizes is not None else width
            yield RowFacts(batch.first_row + index, list(cells), [0] * width, size, batch.extras.get(index, []))
        if position == len(rows):
            return


def _quirks(scan: Scan, integrity: Integrity) -> dict[str, int]:
    found = {"primary-key-with-invalid-cell": integrity.primary_with_none, "blank-row-hides-cell-errors": scan.blank_hiding}
    return {code: count for code, count in found.items() if count}
