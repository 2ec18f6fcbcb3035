"""The values a foreign key may take when it points outside its own table.

frictionless reads the referenced table with its own schema (its foreign keys dropped) and keeps
the typed values of the referenced fields, skipping rows where they are all None; a key is found
when Python's equality finds it there. The engine reads that table with the same column checks
it uses for its own keys, so the typed values are the same, and hands them to the key checks as
the "known" side of the comparison. A national reference list is a set of codes, compared with
the cells' text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from .cells import ColumnCheck
from .header import expected_fields
from .integrity import KeyRoles
from .opening import open_table
from .plan import FieldPlan, References, TablePlan, make_plan
from .scan import batch_keys
from .source import ExactParserNeeded, read_batches
from .support import Unsupported

__all__ = ["outside_keys"]

_LIST_TYPES = ("string", "any")
"""Codes are text: a reference list is checked on fields whose values are the cells' text."""


def outside_keys(fields: list[FieldPlan], roles: KeyRoles, references: References) -> dict[int, pl.DataFrame]:
    """For each foreign key to another table or to a reference list (by its index among the keys),
    its known values: columns "t0".."tN" typed as the key's own fields, each key once."""
    found = {}
    for number, (key, targets, _references) in enumerate(roles.foreign):
        types = [fields[index].type for index in targets]
        if key.target == "list":
            if types[0] not in _LIST_TYPES:
                raise Unsupported(f"a reference list key on a field of type {types[0]}")
            found[number] = pl.DataFrame({"t0": sorted(references.lists[key.reference_name])}, schema={"t0": pl.String})
        elif key.target == "table":
            path, schema = references.tables[key.reference_name]
            found[number] = _table_keys(path, schema, key.reference_name, key.reference_fields, types)
    return found


def _table_keys(path: Path, schema: dict[str, Any], name: str, columns: list[str], types: list[str]) -> pl.DataFrame:
    plan = make_plan({**schema, "foreignKeys": []}, name)  # frictionless drops them too when it reads a lookup
    try:
        return _read_keys(path, plan, columns, types, exact=False)
    except ExactParserNeeded:
        return _read_keys(path, plan, columns, types, exact=True)


def _read_keys(path: Path, plan: TablePlan, columns: list[str], types: list[str], *, exact: bool) -> pl.DataFrame:
    opening = open_table(path)
    fields = expected_fields(plan, opening.labels)
    position = {field.name: index for index, field in enumerate(fields)}
    if not all(name in position for name in columns):
        raise Unsupported("foreign key to fields the other table lacks")
    indexes = [position[name] for name in columns]
    if [fields[index].type for index in indexes] != types:
        raise Unsupported("foreign key between fields of different types")
    checks = {index: ColumnCheck(fields[index], keyed=True) for index in indexes}
    names = [f"t{number}" for number in range(len(indexes))]
    frames = []
    for batch in read_batches(path, opening, len(fields), None, exact=exact):
        keys = batch_keys(checks, batch).select(pl.col(f"k{index}").alias(name) for index, name in zip(indexes, names))
        frames.append(keys.filter(~pl.all_horizontal(pl.col(name).is_null() for name in names)).unique())
    if not frames:
        return pl.DataFrame(schema={name: checks[index].key_type for index, name in zip(indexes, names)})
    return pl.concat(frames).unique()
