"""Compare the header with the schema, as frictionless's ``Header`` does when labels match by position.

It yields the label errors (extra, missing, blank, duplicate, incorrect) in frictionless's order
and the fields the data rows are read with: the schema's fields up to the number of labels, then,
for labels beyond the schema, fields of type ``any`` named after the label (renamed "name2",
"name3"… when taken) that frictionless invents so that each extra column is reported once, in the
header, rather than once per row.
"""

from __future__ import annotations

from typing import Any

from .messages import label_error
from .plan import FieldPlan, TablePlan

__all__ = ["expected_fields", "header_errors"]


def expected_fields(plan: TablePlan, labels: list[str]) -> list[FieldPlan]:
    fields = plan.fields[: len(labels)]
    used: set[str] = {field.name for field in fields}
    for label in labels[len(fields) :]:
        name, suffix = label, 2
        while name in used:
            name, suffix = f"{label}{suffix}", suffix + 1
        used.add(name)
        fields.append(FieldPlan(name, "any", "default", frozenset({""}), [], False))
    return fields


def header_errors(plan: TablePlan, labels: list[str]) -> list[dict[str, Any]]:
    errors = []
    for number, label in enumerate(labels[len(plan.fields) :], start=len(plan.fields) + 1):
        errors.append(label_error("extra-label", labels, label=label, field_name="", field_number=number))
    for offset, field in enumerate(plan.fields[len(labels) :]):
        number = len(labels) + 1 + offset
        errors.append(label_error("missing-label", labels, label="", field_name=field.name, field_number=number))
    for number, (field, label) in enumerate(zip(plan.fields, labels), start=1):
        if not label:
            errors.append(label_error("blank-label", labels, label="", field_name=field.name, field_number=number))
            continue
        earlier = [str(position) for position, seen in enumerate(labels[: number - 1], start=1) if seen == label]
        if earlier:
            note = f'at position "{", ".join(earlier)}"'
            errors.append(
                label_error("duplicate-label", labels, label=label, field_name=field.name, field_number=number, note=note)
            )
        elif label != field.name:
            errors.append(label_error("incorrect-label", labels, label=label, field_name=field.name, field_number=number))
    return errors
