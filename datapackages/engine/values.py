"""Read one cell exactly as frictionless 5 does, in plain Python.

The columnar checks in ``cells`` settle the canonical spellings ('12', '3.5', '2025-07-01') in
bulk. Every other distinct value is read here, one at a time, with the very calls frictionless
makes (``int()`` after ``strip()``, ``Decimal()``, ``datetime.strptime``, dateutil's
``isoparse``), so an odd spelling such as '+1', ' 12 ', '1_000', '١٢', '1e5', 'NaN' or
'2025-7-1' gets frictionless's own answer. Mirrors ``frictionless/fields/*.py`` and
``Field.create_cell_reader``; the conformance tests hold the two together.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

__all__ = ["CellReader", "Notes", "value_reader", "yearmonth"]

Notes = list[tuple[str, str]]
"""(kind, note) pairs in frictionless's order: ("type", …) alone, or one per failed constraint."""

DEFAULT_DATE_PATTERN = "%Y-%m-%d"

_BOUNDS: dict[str, Callable[[Any, Any], bool]] = {
    "minimum": operator.ge,
    "maximum": operator.le,
    "exclusiveMinimum": operator.gt,
    "exclusiveMaximum": operator.lt,
}


def value_reader(field_type: str, field_format: str, options: dict[str, Any]) -> Callable[[Any], Any]:
    """The function frictionless uses to turn a cell (or a constraint value) into a typed value."""
    return {
        "string": lambda: _string,
        "any": lambda: _any,
        "integer": lambda: _integer,
        "number": lambda: _number,
        "boolean": lambda: _boolean(options["trueValues"], options["falseValues"]),
        "date": lambda: _date(field_format),
        "datetime": lambda: _datetime(field_format),
        "time": lambda: _time(field_format),
        "year": lambda: _year,
        "yearmonth": lambda: _yearmonth,
    }[field_type]()


def _string(cell: Any) -> Any:
    return cell if isinstance(cell, str) else None


def _any(cell: Any) -> Any:
    return cell


def _integer(cell: Any) -> Any:
    if isinstance(cell, str):
        try:
            return int(cell.strip())
        except Exception:  # noqa: BLE001 - frictionless treats every failure as a type error
            return None
    if cell is True or cell is False:
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, Decimal) and cell % 1 == 0:
        return int(cell)
    return None


def _number(cell: Any) -> Any:
    if isinstance(cell, str):
        try:
            return Decimal(cell.strip())
        except Exception:  # noqa: BLE001
            return None
    if isinstance(cell, Decimal):
        return cell
    if cell is True or cell is False:
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        return Decimal(str(cell))
    return None


def _boolean(true_values: list[str], false_values: list[str]) -> Callable[[Any], Any]:
    mapping = {value: True for value in true_values}
    mapping.update({value: False for value in false_values})

    def read(cell: Any) -> Any:
        if cell is True or cell is False:
            return cell
        if isinstance(cell, str):
            return mapping.get(cell)
        return None

    return read


def _date(field_format: str) -> Callable[[Any], Any]:
    def read(cell: Any) -> Any:
        if isinstance(cell, dt.datetime):
            if cell.time() == dt.time(0):
                return cell.date()
            return None
        if isinstance(cell, dt.date):
            return cell
        if not isinstance(cell, str):
            return None
        try:
            if field_format == "default":
                return dt.datetime.strptime(cell, DEFAULT_DATE_PATTERN).date()
            if field_format == "any":
                return _dateutil().parse(cell).date()
            return dt.datetime.strptime(cell, field_format).date()
        except Exception:  # noqa: BLE001
            return None

    return read


def _datetime(field_format: str) -> Callable[[Any], Any]:
    def read(cell: Any) -> Any:
        if isinstance(cell, dt.datetime):
            return cell
        if not isinstance(cell, str):
            return None
        try:
            if field_format == "default":
                if cell[16] != ":" or len(cell) < 19:  # frictionless's guards against dateutil's short forms
                    return None
                return _dateutil().isoparse(cell)
            if field_format == "any":
                return _dateutil().parse(cell)
            return dt.datetime.strptime(cell, field_format)
        except Exception:  # noqa: BLE001
            return None

    return read


def _time(field_format: str) -> Callable[[Any], Any]:
    def read(cell: Any) -> Any:
        if isinstance(cell, dt.time):
            return cell
        if not isinstance(cell, str):
            return None
        try:
            if field_format == "default":
                if cell[5] != ":" or len(cell) < 8:  # frictionless's guards, as for datetimes
                    return None
                return _dateutil().isoparse(f"2000-01-01T{cell}").timetz()
            if field_format == "any":
                return _dateutil().parse(cell).timetz()
            return dt.datetime.strptime(cell, field_format).timetz()
        except Exception:  # noqa: BLE001
            return None

    return read


def _year(cell: Any) -> Any:
    if not isinstance(cell, int):
        if not isinstance(cell, str) or len(cell) != 4:
            return None
        try:
            cell = int(cell)
        except Exception:  # noqa: BLE001
            return None
    if cell < 0 or cell > 9999:
        return None
    return cell


class yearmonth(NamedTuple):  # noqa: N801 - frictionless's name: it shows in unique-error cells ("yearmonth(year=…)")
    year: int
    month: int


def _yearmonth(cell: Any) -> Any:
    if isinstance(cell, (tuple, list)):
        return yearmonth(cell[0], cell[1]) if len(cell) == 2 else None
    if not isinstance(cell, str):
        return None
    try:
        year, month = cell.split("-")
        value = yearmonth(int(year), int(month))
    except Exception:  # noqa: BLE001
        return None
    return value if 1 <= value.month <= 12 else None


def _dateutil() -> Any:
    from dateutil import parser  # imported on first use: most tables have no datetime to read

    return parser


class CellReader:
    """``Field.create_cell_reader`` of frictionless: missing values, the type, then constraints."""

    def __init__(
        self,
        read: Callable[[Any], Any],
        type_note: str,
        missing_values: frozenset[str],
        constraints: list[tuple[str, Any, str]],
    ) -> None:
        self.read = read
        self.type_note = type_note
        self.missing_values = missing_values
        self.checks = [(name, _check(name, value), note) for name, value, note in constraints]

    def __call__(self, cell: str | None) -> tuple[Any, Notes]:
        if str(cell) in self.missing_values:
            cell = None
        value = None
        if cell is not None:
            value = self.read(cell)
            if value is None:
                return None, [("type", self.type_note)]
        return value, [(name, note) for name, check, note in self.checks if not check(value)]


def _check(name: str, constraint: Any) -> Callable[[Any], bool]:
    if name == "required":
        return lambda cell: not (constraint and cell is None)
    if name == "minLength":
        return lambda cell: cell is None or len(cell) >= constraint
    if name == "maxLength":
        return lambda cell: cell is None or len(cell) <= constraint
    if name == "pattern":
        compiled: re.Pattern[str] = constraint
        return lambda cell: cell is None or compiled.match(cell) is not None
    if name == "enum":
        return lambda cell: cell is None or cell in constraint
    compare = _BOUNDS[name]
    return lambda cell: cell is None or (cell == cell and bool(compare(cell, constraint)))
