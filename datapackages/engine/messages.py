"""Errors as frictionless writes them in a report: the same keys, in the same order, the same words.

The titles, descriptions and message templates are frictionless 5's (``frictionless/errors``),
copied so that a clean table is checked without importing frictionless at all; the conformance
tests compare every error with frictionless's own, so a change upstream shows up as a failure.
One type is the platform's own, in the same shape: ``unknown-code``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["UNKNOWN_CODE", "cell_error", "label_error", "row_error"]

_TABLE_ROW_CELL = ["#table", "#row", "#cell"]
_TABLE_ROW = ["#table", "#row"]
_TABLE_HEADER_LABEL = ["#table", "#header", "#label"]
_SAME_COLUMNS = (
    " compared to the header row (the first row in the data source). A key concept is that all the rows in"
    " tabular data must have the same number of columns."
)

UNKNOWN_CODE = "unknown-code"
"""The platform's own error (frictionless has no reference lists): a cell whose foreign key names a
national reference list (provinces, communes) and whose text is not one of its codes."""

KINDS: dict[str, tuple[str, str, str, list[str]]] = {
    "type-error": (
        "Type Error",
        "The value does not match the schema type and format for this field.",
        'Type error in the cell "{cell}" in row "{rowNumber}" and field "{fieldName}" at position "{fieldNumber}": {note}',
        _TABLE_ROW_CELL,
    ),
    "constraint-error": (
        "Constraint Error",
        "A field value does not conform to a constraint.",
        'The cell "{cell}" in row at position "{rowNumber}" and field "{fieldName}" at position "{fieldNumber}"'
        " does not conform to a constraint: {note}",
        _TABLE_ROW_CELL,
    ),
    "unique-error": (
        "Unique Error",
        "This field is a unique field but it contains a value that has been used in another row.",
        'Row at position "{rowNumber}" has unique constraint violation in field "{fieldName}" at position'
        ' "{fieldNumber}": {note}',
        _TABLE_ROW_CELL,
    ),
    "extra-cell": (
        "Extra Cell",
        "This row has more values" + _SAME_COLUMNS,
        'Row at position "{rowNumber}" has an extra value in field at position "{fieldNumber}"',
        _TABLE_ROW_CELL,
    ),
    "missing-cell": (
        "Missing Cell",
        "This row has less values" + _SAME_COLUMNS,
        'Row at position "{rowNumber}" has a missing cell in field "{fieldName}" at position "{fieldNumber}"',
        _TABLE_ROW_CELL,
    ),
    "blank-row": (
        "Blank Row",
        "This row is empty. A row should contain at least one value.",
        'Row at position "{rowNumber}" is completely blank',
        _TABLE_ROW,
    ),
    "primary-key": (
        "PrimaryKey Error",
        "Values in the primary key fields should be unique for every row",
        'Row at position "{rowNumber}" violates the primary key: {note}',
        _TABLE_ROW,
    ),
    "foreign-key": (
        "ForeignKey Error",
        "Values in the foreign key fields should exist in the reference table",
        'Row at position "{rowNumber}" violates the foreign key: {note}',
        _TABLE_ROW,
    ),
    UNKNOWN_CODE: (
        "Unknown Code",
        "The value should be a code of the national reference list the schema names.",
        'The cell "{cell}" in row at position "{rowNumber}" and field "{fieldName}" at position "{fieldNumber}"'
        " is not a code of the reference list: {note}",
        _TABLE_ROW_CELL,
    ),
    "extra-label": (
        "Extra Label",
        "The header of the data source contains label that does not exist in the provided schema.",
        'There is an extra label "{label}" in header at position "{fieldNumber}"',
        _TABLE_HEADER_LABEL,
    ),
    "missing-label": (
        "Missing Label",
        "Based on the schema there should be a label that is missing in the data's header.",
        "There is a missing label in the header's field \"{fieldName}\" at position \"{fieldNumber}\"",
        _TABLE_HEADER_LABEL,
    ),
    "blank-label": (
        "Blank Label",
        "A label in the header row is missing a value. Label should be provided and not be blank.",
        'Label in the header in field at position "{fieldNumber}" is blank',
        _TABLE_HEADER_LABEL,
    ),
    "duplicate-label": (
        "Duplicate Label",
        "Two columns in the header row have the same value. Column names should be unique.",
        'Label "{label}" in the header at position "{fieldNumber}" is duplicated to a label: {note}',
        _TABLE_HEADER_LABEL,
    ),
    "incorrect-label": (
        "Incorrect Label",
        "One of the data source header does not match the field name defined in the schema.",
        'Label "{label}" in field {fieldName} at position "{fieldNumber}" does not match the field name in the schema',
        _TABLE_HEADER_LABEL,
    ),
}


def _error(kind: str, note: str, details: dict[str, Any]) -> dict[str, Any]:
    title, description, template, tags = KINDS[kind]
    return {
        "type": kind,
        "title": title,
        "description": description,
        "message": template.format_map({"note": note, **details}),
        "tags": list(tags),
        "note": note,
        **details,
    }


def cell_error(kind: str, cells: list[str], row: int, cell: str, field_name: str, field_number: int, note: str = "") -> dict[str, Any]:
    details = {"cells": cells, "rowNumber": row, "cell": cell, "fieldName": field_name, "fieldNumber": field_number}
    return _error(kind, note, details)


def row_error(kind: str, cells: list[str], row: int, note: str = "", **extra: Any) -> dict[str, Any]:
    return _error(kind, note, {"cells": cells, "rowNumber": row, **extra})


def label_error(kind: str, labels: list[str], *, label: str, field_name: str, field_number: int, note: str = "") -> dict[str, Any]:
    details = {"labels": list(labels), "rowNumbers": [1], "label": label, "fieldName": field_name, "fieldNumber": field_number}
    return _error(kind, note, details)
