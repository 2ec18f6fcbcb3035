"""Turn a Table Schema descriptor into the plan the engine runs, or decline it.

The plan accepts only descriptors that frictionless also accepts as they are and that the
engine reproduces exactly: the types string (default format), any, integer, number (no
group/decimal characters), boolean, date, datetime, time (default, "any" or a strptime pattern),
year and yearmonth (frictionless reads these two whatever their format says); the constraints frictionless supports
for each; ``primaryKey``; ``foreignKeys`` that refer to the table itself, to another table of the package,
or (one field) to a national reference list; labels matched to
fields by position (``fieldsMatch`` absent or "exact"). Everything else raises ``Unsupported``,
and frictionless answers (including the schema errors it reports for invalid descriptors).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .support import Unsupported
from .values import CellReader, value_reader

__all__ = ["FieldPlan", "ForeignKey", "References", "TablePlan", "make_plan"]

NAME_PATTERN = re.compile(r"^([-a-z0-9._/])+$")
"""frictionless's pattern for resource names; another name makes frictionless report a metadata error."""

_CONSTRAINTS = {
    "string": ("required", "minLength", "maxLength", "pattern", "enum"),
    "any": ("required", "enum"),
    "boolean": ("required", "enum"),
    "integer": ("required", "minimum", "maximum", "enum"),
    "number": ("required", "minimum", "maximum", "enum"),
    "date": ("required", "minimum", "maximum", "enum"),
    "datetime": ("required", "minimum", "maximum", "enum"),
    "time": ("required", "minimum", "maximum", "enum"),
    "year": ("required", "minimum", "maximum", "enum"),
    "yearmonth": ("required", "minimum", "maximum", "enum"),
}
"""frictionless's ``supported_constraints`` per type, in its order (the order of the notes).

exclusiveMinimum/exclusiveMaximum are left out: under a v1 schema frictionless rejects them."""

_FIELD_KEYS = {"name", "type", "format", "title", "description", "constraints", "missingValues"}
_TYPE_KEYS = {"boolean": {"trueValues", "falseValues"}, "integer": {"bareNumber"}, "number": {"bareNumber"}}
_SCHEMA_KEYS = {"fields", "missingValues", "primaryKey", "foreignKeys", "fieldsMatch", "name", "title", "description"}
_DEFAULT_TRUE = ["true", "True", "TRUE", "1"]
_DEFAULT_FALSE = ["false", "False", "FALSE", "0"]


@dataclass
class FieldPlan:
    name: str
    type: str
    format: str
    missing_values: frozenset[str]
    constraints: list[tuple[str, Any, str]]
    """(name, value read for the check, note) in frictionless's order."""
    unique: bool
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def type_note(self) -> str:
        return f'type is "{self.type}/{self.format}"'

    def reader(self) -> CellReader:
        read = value_reader(self.type, self.format, self.options)
        return CellReader(read, self.type_note, self.missing_values, self.constraints)

    def constraint(self, name: str) -> Any:
        for constraint_name, value, _note in self.constraints:
            if constraint_name == name:
                return value
        return None


@dataclass(frozen=True)
class ForeignKey:
    fields: list[str]
    reference_fields: list[str]
    reference_name: str
    target: str = "self"
    """"self" (this table), "table" (another table of the package) or "list" (a national reference list)."""


@dataclass(frozen=True)
class References:
    """What a foreign key may name besides its own table: the package's other tables, by name
    (their path and schema), and national reference lists (name → the codes), passed in by the
    caller so that this package stays free of configuration. A table's name wins over a list's."""

    tables: Mapping[str, tuple[Path, dict[str, Any]]] = field(default_factory=dict)
    lists: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass
class TablePlan:
    name: str
    fields: list[FieldPlan]
    primary_key: list[str]
    foreign_keys: list[ForeignKey]


def make_plan(schema: dict[str, Any], name: str, references: References = References()) -> TablePlan:
    """Check that the engine can validate against ``schema`` and compile it."""
    if not NAME_PATTERN.match(name):
        raise Unsupported("resource name")
    _only(schema, _SCHEMA_KEYS, "schema property")
    if schema.get("fieldsMatch", "exact") != "exact":
        raise Unsupported("fieldsMatch")
    schema_missing = _strings(schema.get("missingValues", [""]), "missingValues")
    descriptors = schema.get("fields")
    if not isinstance(descriptors, list) or not descriptors or not all(isinstance(item, dict) for item in descriptors):
        raise Unsupported("schema fields")  # without fields, frictionless infers them from the data
    fields = [_field(item, schema_missing) for item in descriptors]
    names = [plan.name for plan in fields]
    if len(set(names)) != len(names):
        raise Unsupported("duplicate field names")
    primary_key = schema.get("primaryKey", [])
    if isinstance(primary_key, str):
        primary_key = [primary_key]
    if not isinstance(primary_key, list) or not all(item in names for item in primary_key):
        raise Unsupported("primaryKey")
    foreign_keys = [_foreign_key(item, names, name, references) for item in schema.get("foreignKeys", [])]
    return TablePlan(name, fields, list(primary_key), foreign_keys)


def _field(descriptor: dict[str, Any], schema_missing: frozenset[str]) -> FieldPlan:
    field_type = descriptor.get("type", "string")
    if field_type not in _CONSTRAINTS:
        raise Unsupported(f"type {field_type!r}")
    _only(descriptor, _FIELD_KEYS | _TYPE_KEYS.get(field_type, set()), "field property")
    name = descriptor.get("name")
    if not isinstance(name, str):
        raise Unsupported("field name")
    for key in ("title", "description"):
        if key in descriptor and not isinstance(descriptor[key], str):
            raise Unsupported(f"field {key}")
    field_format = descriptor.get("format", "default")
    if not isinstance(field_format, str) or field_format.startswith("fmt:"):
        raise Unsupported("field format")
    if field_type in ("string", "any", "integer", "number", "boolean") and field_format != "default":
        raise Unsupported(f"format {field_format!r} of type {field_type}")
    if descriptor.get("bareNumber", True) is not True:
        raise Unsupported("bareNumber")
    options = {
        "trueValues": _list(descriptor.get("trueValues", _DEFAULT_TRUE), "trueValues"),
        "falseValues": _list(descriptor.get("falseValues", _DEFAULT_FALSE), "falseValues"),
    }
    missing = _strings(descriptor["missingValues"], "missingValues") if "missingValues" in descriptor else schema_missing
    raw_constraints = descriptor.get("constraints", {})
    if not isinstance(raw_constraints, dict):
        raise Unsupported("constraints")
    for key in raw_constraints:
        if key not in (*_CONSTRAINTS[field_type], "unique"):
            raise Unsupported(f"constraint {key!r} of type {field_type}")
    unique = raw_constraints.get("unique", False)
    if not isinstance(unique, bool):
        raise Unsupported("unique")
    read = value_reader(field_type, field_format, options)
    constraints = []
    for key in _CONSTRAINTS[field_type]:
        raw = raw_constraints.get(key)
        if raw is not None:
            constraints.append((key, _constraint_value(key, raw, read), f'constraint "{key}" is "{raw}"'))
    return FieldPlan(name, field_type, field_format, missing, constraints, unique, options)


def _constraint_value(key: str, raw: Any, read: Any) -> Any:
    """The constraint as frictionless compares with it (read through the field's value reader)."""
    if key == "required":
        if not isinstance(raw, bool):
            raise Unsupported("required")
        return raw
    if key in ("minLength", "maxLength"):
        if not isinstance(raw, int) or isinstance(raw, bool):
            raise Unsupported(key)
        return raw
    if key == "pattern":
        if not isinstance(raw, str):
            raise Unsupported("pattern")
        try:
            return re.compile(f"^{raw}$")
        except re.error as error:
            raise Unsupported("pattern that Python cannot compile") from error
    if key == "enum":
        if not isinstance(raw, list):
            raise Unsupported("enum")
        return [read(item) for item in raw]
    value = read(raw)
    if value is None or (isinstance(value, Decimal) and not value.is_finite()):
        raise Unsupported(f"{key} value")
    return value


def _only(descriptor: dict[str, Any], allowed: set[str], what: str) -> None:
    for key in descriptor:
        if key not in allowed:
            raise Unsupported(f"{what} {key!r}")


def _strings(values: Any, what: str) -> frozenset[str]:
    return frozenset(_list(values, what))


def _list(values: Any, what: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise Unsupported(what)
    return values


def _foreign_key(descriptor: Any, names: list[str], table: str, references: References) -> ForeignKey:
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("reference"), dict):
        raise Unsupported("foreignKeys")
    fields = descriptor.get("fields", [])
    reference = descriptor["reference"]
    reference_fields = reference.get("fields", [])
    fields = [fields] if isinstance(fields, str) else fields
    reference_fields = [reference_fields] if isinstance(reference_fields, str) else reference_fields
    resource = reference.get("resource", "")
    if not isinstance(resource, str):
        raise Unsupported("foreignKeys")
    target = "self" if resource in ("", table) else "table" if resource in references.tables else "list" if resource in references.lists else ""
    if not target:
        raise Unsupported("foreign key to a table that is not in the package")
    if (
        not isinstance(fields, list)
        or not isinstance(reference_fields, list)
        or not fields
        or len(fields) != len(reference_fields)
        or not all(item in names for item in fields)
        or (target == "self" and not all(item in names for item in reference_fields))
    ):
        raise Unsupported("foreignKeys")
    if target == "list" and len(fields) != 1:
        raise Unsupported("a reference list key of several fields")
    return ForeignKey(list(fields), list(reference_fields), resource, target)
