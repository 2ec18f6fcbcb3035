"""Check whole columns at once: a status word per cell, and the typed value where a key needs it.

Each cell gets bits: ``BLANK`` (a missing value or no cell at all), ``TYPE`` (not of the field's
type) and one bit per constraint, in the order frictionless checks them. Canonical spellings are
settled by Polars expressions that accept only what frictionless's reader accepts with the same
value: ASCII integers within 64 bits, decimals of up to 15 digits (exact as doubles), the
true and false values of booleans, four-digit years, any string. Every other distinct value goes
through ``values``, the Python mirror of frictionless's reader, once per run (results are
cached): odd spellings, and all dates, datetimes, times and year-months, whose distinct values
are few (a year has 366 days, a day 86,400 seconds).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import polars as pl

from .plan import FieldPlan
from .support import Unsupported

__all__ = ["BLANK", "TYPE", "ColumnCheck", "constraint_bit"]

BLANK = 1
TYPE = 2
_NUMBER = r"^[+-]?[0-9]+(\.[0-9]+)?$"
_YEAR = r"^[0-9]{4}$"
_INT64 = 2**63
_CACHE_LIMIT = 200_000
"""Distinct odd values remembered per column; past this the cache starts afresh (memory stays bounded)."""


def constraint_bit(index: int) -> int:
    return 1 << (2 + index)


class ColumnCheck:
    """One field's checks, applied batch after batch to the raw text of its column."""

    def __init__(self, plan: FieldPlan, *, keyed: bool) -> None:
        self.plan = plan
        self.keyed = keyed
        self.reader = plan.reader()
        self.names = [name for name, _value, _note in plan.constraints]
        self.cache: dict[str, tuple[int, Any]] = {}
        self.rust_pattern = _rust_pattern(plan.constraint("pattern")) if "pattern" in self.names else None
        self.key_type = _KEY_TYPES.get(plan.type) if keyed else None
        if keyed and self.key_type is None:
            raise Unsupported(f"unique or key values of type {plan.type}")
        self._check_bounds()

    def _check_bounds(self) -> None:
        for name, value, _note in self.plan.constraints:
            values = value if name == "enum" else [value] if name in ("minimum", "maximum") else []
            for item in values:
                if self.plan.type == "integer" and isinstance(item, int) and abs(item) >= _INT64:
                    raise Unsupported("integer constraint beyond 64 bits")
                if self.plan.type == "number" and item is not None and not _exact_double(item):
                    raise Unsupported("number constraint with more than 15 digits")

    # Columns ------------------------------------------------------------------------------------

    def blank(self, raw: pl.Expr) -> pl.Expr:
        if self.plan.missing_values == {""}:
            return raw.is_null() | (raw.str.len_bytes() == 0)
        return raw.is_null() | raw.is_in(sorted(self.plan.missing_values))

    def fast(self, raw: pl.Expr) -> tuple[pl.Expr, pl.Expr | None]:
        """Cells settled in bulk, and their typed value (None: every filled cell is settled)."""
        kind = self.plan.type
        if kind in ("string", "any"):
            return pl.lit(True), raw
        if kind == "boolean":
            options = self.plan.options
            return _one_of(raw, options["trueValues"] + options["falseValues"]), _one_of(
                raw, [value for value in options["trueValues"] if value not in options["falseValues"]]
            )
        if kind == "integer":
            # Polars reads [+-]?[0-9]+ within 64 bits, a subset of what int() reads, to the same value.
            value = raw.cast(pl.Int64, strict=False)
            return value.is_not_null(), value
        if kind == "number":
            return raw.str.contains(_NUMBER) & (raw.str.len_bytes() <= 15), raw.cast(pl.Float64, strict=False)
        if kind == "year":
            return raw.str.contains(_YEAR), raw.cast(pl.Int64, strict=False)
        return pl.lit(False), None  # dates, datetimes, times, year-months: few distinct values, each read once in Python

    def status(self, raw: pl.Expr, blank: pl.Expr, fast: pl.Expr, value: pl.Expr | None) -> pl.Expr:
        """The status word of cells that are blank or settled in bulk (others come from ``odd``)."""
        blank_word = BLANK
        settled = pl.lit(0, pl.UInt32)
        for index, (name, constraint, _note) in enumerate(self.plan.constraints):
            if name == "required":
                blank_word |= constraint_bit(index) if constraint else 0
                continue
            failed = self._failed(name, constraint, raw, value)
            if failed is not None:
                settled = settled | pl.when(failed).then(pl.lit(constraint_bit(index), pl.UInt32)).otherwise(pl.lit(0, pl.UInt32))
        word = pl.when(blank).then(pl.lit(blank_word, pl.UInt32))
        if self.plan.type == "boolean":
            word = word.when(~fast).then(pl.lit(TYPE, pl.UInt32))
        return word.otherwise(settled)

    def _failed(self, name: str, constraint: Any, raw: pl.Expr, value: pl.Expr | None) -> pl.Expr | None:
        if name == "minLength":
            return raw.str.len_chars() < constraint
        if name == "maxLength":
            return raw.str.len_chars() > constraint
        if name == "pattern":
            return None if self.rust_pattern is None else ~raw.str.contains(self.rust_pattern)
        if value is None:
            return None
        if name == "enum":
            allowed = [self._plain(item) for item in constraint if _comparable(self.plan.type, item)]
            return ~value.is_in(allowed) if allowed else pl.lit(True)
        bound = self._plain(constraint)
        return value < bound if name == "minimum" else value > bound

    def _plain(self, value: Any) -> Any:
        return float(value) if self.plan.type == "number" else value

    @property
    def python_reads_all(self) -> bool:
        """Every filled cell goes through ``odd``: a pattern outside the shared syntax needs Python's re."""
        return "pattern" in self.names and self.rust_pattern is None

    # Values read one by one ------------------------------------------------------------------------

    def odd(self, values: list[str]) -> dict[str, tuple[int, Any]]:
        """Status word and key of each distinct value, read with frictionless's own rules."""
        if len(self.cache) > _CACHE_LIMIT:
            self.cache.clear()
        result = {}
        for value in values:
            known = self.cache.get(value)
            if known is None:
                known = self.cache[value] = self._read(value)
            result[value] = known
        return result

    def _read(self, cell: str) -> tuple[int, Any]:
        try:
            value, notes = self.reader(cell)
        except (InvalidOperation, TypeError) as error:  # a signalling NaN compared: frictionless crashes too
            raise Unsupported(f"value {cell!r} of type {self.plan.type}") from error
        word = 0
        for kind, _note in notes:
            word |= TYPE if kind == "type" else constraint_bit(self.names.index(kind))
        return word, self._key(value, cell) if self.keyed else None

    def _key(self, value: Any, cell: str) -> Any:
        if value is None:
            return None
        if self.plan.type == "integer" and abs(value) >= _INT64:
            raise Unsupported("integer beyond 64 bits in a key")
        if self.plan.type == "number":
            if value.is_snan() or not (value.is_nan() or _exact_double(value)):
                raise Unsupported("number with more than 15 digits in a key")
            return float(value)
        if self.plan.type in ("datetime", "time") and value.tzinfo is not None:
            raise Unsupported(f"{self.plan.type} with a time zone in a key")
        if self.plan.type == "yearmonth":  # one number per (year, month): equal exactly when the pairs are
            key = value.year * 12 + value.month - 1
            if abs(key) >= _INT64:
                raise Unsupported("yearmonth beyond 64 bits in a key")
            return key
        return value


_PYTHON_ONLY = re.compile(r"[$]|\\[A-Za-z0-9]|\(\?(?!:)|&&|--|~~|\[\[|\[:|\{(?!\d+(?:,\d*)?\})")
"""Pattern syntax that Python's re and Polars's regex may read differently: ``$``, escapes such as
``\\d`` or ``\\w`` (their Unicode tables differ), flags and lookarounds, class set operations,
and braces that are not a plain repetition count."""


def _rust_pattern(pattern: re.Pattern[str]) -> str | None:
    """frictionless's ``re.match("^…$")`` in Polars's regex syntax, when the pattern means the same in both.

    Python's final ``$`` also matches before a trailing newline, hence ``\\n?\\z``; the whole is
    anchored at the start, as ``re.match`` is.
    """
    source = pattern.pattern[1:-1]
    if _PYTHON_ONLY.search(source):
        return None
    translated = rf"\A(?:^{source}\n?\z)"
    try:
        pl.Series([""], dtype=pl.String).str.contains(translated)
    except pl.exceptions.PolarsError:
        return None
    return translated


_KEY_TYPES = {
    "string": pl.String,
    "any": pl.String,
    "integer": pl.Int64,
    "number": pl.Float64,
    "boolean": pl.Boolean,
    "date": pl.Date,
    "datetime": pl.Datetime("us"),
    "time": pl.Time,
    "year": pl.Int64,
    "yearmonth": pl.Int64,
}


def _one_of(raw: pl.Expr, values: list[str]) -> pl.Expr:
    """Membership in a short list: comparisons are cheaper than a hash lookup."""
    if not values or len(values) > 8:
        return raw.is_in(values)
    test = raw == values[0]
    for value in values[1:]:
        test = test | (raw == value)
    return test


def _exact_double(value: Any) -> bool:
    """True when the value survives a trip through a double (so comparisons stay exact)."""
    if isinstance(value, int):
        return abs(value) < 2**53
    if isinstance(value, Decimal):
        if value.is_infinite():
            return True
        if value.is_nan():
            return False
        return len(value.normalize().as_tuple().digits) <= 15 and abs(value.adjusted()) < 300
    return False


def _comparable(field_type: str, item: Any) -> bool:
    if item is None:
        return False
    if field_type in ("string", "any"):
        return isinstance(item, str)
    if field_type == "number":
        return not (isinstance(item, Decimal) and item.is_nan())
    return True
