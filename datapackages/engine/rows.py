"""The errors of one row, in the order frictionless lists them.

frictionless reads a row's cells lazily. The unique, primary-key and foreign-key checks read
their fields first, and each read reports that cell's type or constraint errors on the spot; the
rest of the row is read, with extra and missing cells, only when a key error is about to be added
or when the row is finally handed to the checks. So a type error in a unique field comes before
one in the first field, unless a key error was found earlier in the row. A blank row replaces
whatever the cells reported with a single blank-row error; key errors found after that remain.
This module replays that sequence, so the order is frictionless's, row by row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .cells import BLANK, TYPE, constraint_bit
from .integrity import Integrity, KeyRoles
from .messages import UNKNOWN_CODE, cell_error, row_error
from .plan import FieldPlan
from .values import CellReader

__all__ = ["RowFacts", "row_errors"]


@dataclass
class RowFacts:
    row: int
    cells: list[str | None]
    """Raw text of the expected cells (None where the record is too short)."""
    words: list[int]
    size: int
    extras: list[str]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def row_errors(
    facts: RowFacts,
    fields: list[FieldPlan],
    readers: list[CellReader],
    roles: KeyRoles,
    integrity: Integrity,
) -> list[dict[str, Any]]:
    width = len(fields)
    cells: list[str] = [*facts.cells[: min(facts.size, width)], *facts.extras]  # type: ignore[list-item]  # a record's cells are text
    unread = {index for index, word in enumerate(facts.words) if word & ~BLANK}
    """Cells with a type or constraint error not reported yet (the others report nothing)."""
    keyless = facts.row not in integrity.unique and facts.row not in integrity.primary and facts.row not in integrity.foreign
    if keyless and len(unread) == 1 and facts.size == width and not all(word & BLANK for word in facts.words):
        return _cell_errors(facts, cells, fields, unread.pop())  # the common case: nothing to order
    errors: list[dict[str, Any]] = []
    whole = False

    def read_cell(index: int) -> None:
        if index in unread:
            unread.discard(index)
            errors.extend(_cell_errors(facts, cells, fields, index))

    def read_row() -> None:
        nonlocal whole, errors
        if whole:
            return
        whole = True
        for index in sorted(unread):
            read_cell(index)
        for number in range(width + 1, facts.size + 1):
            errors.append(cell_error("extra-cell", cells, facts.row, cells[number - 1], "", number))
        for index in range(facts.size, width):
            errors.append(cell_error("missing-cell", cells, facts.row, "", fields[index].name, index + 1))
        if all(word & BLANK for word in facts.words):
            errors = [row_error("blank-row", cells, facts.row)]

    def value(index: int) -> Any:
        return readers[index](facts.cells[index])[0]

    repeats = integrity.unique.get(facts.row, {})
    for index in roles.unique:
        read_cell(index)
        if index in repeats:
            read_row()
            note = f"the same as in the row at position {repeats[index]}"
            errors.append(cell_error("unique-error", cells, facts.row, str(value(index)), fields[index].name, index + 1, note))
    if roles.primary:
        for index in roles.primary:
            read_cell(index)
        if facts.row in integrity.primary:
            read_row()
            previous = integrity.primary[facts.row]
            note = f"the same as in the row at position {previous}" if previous else 'cells composing the primary keys are all "None"'
            errors.append(row_error("primary-key", cells, facts.row, note))
    missing = integrity.foreign.get(facts.row, [])
    for number, (key, targets, references) in enumerate(roles.foreign):
        for index in targets:
            read_cell(index)
        if number in missing and key.target == "list":
            read_row()
            index = targets[0]
            note = f'"{facts.cells[index]}" not found in the reference list "{key.reference_name}"'
            errors.append(cell_error(UNKNOWN_CODE, cells, facts.row, str(facts.cells[index]), fields[index].name, index + 1, note))
        elif number in missing:
            read_row()
            values = [value(index) for index in targets]
            note = 'for "{}": values "{}" not found in the lookup table "{}" as "{}"'.format(
                ", ".join(key.fields), ", ".join(str(item) for item in values), key.reference_name, ", ".join(key.reference_fields)
            )
            errors.append(
                row_error(
                    "foreign-key",
                    cells,
                    facts.row,
                    note,
                    fieldNames=list(key.fields),
                    fieldCells=[_text(item) for item in values],
                    referenceName=key.reference_name,
                    referenceFieldNames=list(key.reference_fields),
                )
            )
    read_row()
    return errors


def _cell_errors(facts: RowFacts, cells: list[str], fields: list[FieldPlan], index: int) -> list[dict[str, Any]]:
    """The type error of a cell, or its constraint errors in frictionless's order."""
    word, plan, source = facts.words[index], fields[index], str(facts.cells[index])
    if word & TYPE:
        return [cell_error("type-error", cells, facts.row, source, plan.name, index + 1, plan.type_note)]
    return [
        cell_error("constraint-error", cells, facts.row, source, plan.name, index + 1, note)
        for position, (_name, _value, note) in enumerate(plan.constraints)
        if word & constraint_bit(position)
    ]
