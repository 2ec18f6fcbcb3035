"""Learn each column from every value, then write each value in the form its Table Schema type reads.

A column's plan comes from counting, over all its cells: Excel numbers and dates, numbers written
the Vietnamese way or the English way, day-first dates, yes/no words, codes with leading zeros,
placeholders. A type wins when 90 % of the non-placeholder values fit it (frictionless's own
confidence), so a typo is reported by validation instead of turning the column into text; a value
that does not fit is written unchanged, so validation can point at it.

Work is done a column chunk at a time with builtins where possible: a 100,000-row sheet has a
million cells, and a Python call per cell per step would cost seconds.
"""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .cells import (
    NUMBER_STYLES,
    clean_text,
    format_decimal,
    is_placeholder,
    neutralise,
    parse_dmy,
    parse_iso,
    parse_number,
    readable_styles,
    split_number,
)
from .sheet import Cell

__all__ = ["ColumnPlan", "ColumnProfile", "text_of"]

CONFIDENCE = 0.9
_BOOLEAN_WORDS = frozenset({"true", "false", "có", "không", "yes", "no", "đúng", "sai"})
_BOOLEAN_PAIRS = (("true", "false"), ("có", "không"), ("yes", "no"), ("đúng", "sai"))
_DATE, _DATETIME, _STR, _INT, _FLOAT, _BOOL = dt.date, dt.datetime, str, int, float, bool
_MIDNIGHT = dt.time(0)
_TEXT_KINDS = frozenset({_STR, type(None)})
_UNTIDY_MARKS = ("\x00 ", " \x00", "  ", "\n", "\r", "\t", "\u00a0", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",
                 "\u00ad", "\x00=", "\x00+", "\x00-", "\x00@")


def _already_clean(values: Sequence[Cell]) -> bool:
    """True when a chunk of text needs no cleaning and no formula neutralising: checked on the
    joined chunk with substring searches (C speed) instead of once per cell."""
    joined = "\x00" + "\x00".join(filter(None, values)) + "\x00"  # type: ignore[arg-type]  # '' adds no mark
    return unicodedata.is_normalized("NFC", joined) and not any(mark in joined for mark in _UNTIDY_MARKS)


def text_of(cell: Cell) -> str:
    """A cell as the text a reader sees (numbers without a needless '.0', ISO dates)."""
    kind = cell.__class__
    if kind is _STR:
        return clean_text(cell)  # type: ignore[arg-type]
    if cell is None:
        return ""
    if kind is _FLOAT:
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else format(cell, ".15g")  # type: ignore[union-attr]
    if kind is _BOOL:
        return "true" if cell else "false"
    if kind is _DATETIME:
        return cell.date().isoformat() if cell.time() == dt.time(0) else cell.isoformat(timespec="seconds")  # type: ignore[union-attr]
    if kind is _DATE or kind is dt.time:
        return cell.isoformat()  # type: ignore[union-attr]
    return str(cell)


@dataclass
class ColumnProfile:
    filled: int = 0
    placeholders: Counter[str] = field(default_factory=Counter)
    integers: int = 0
    decimals: int = 0
    dates: int = 0
    datetimes: int = 0
    booleans: int = 0
    leading_zero: int = 0
    styles: Counter[str] = field(default_factory=Counter)
    """How many number texts each writing style can read."""
    fractional: Counter[str] = field(default_factory=Counter)
    """How many number texts have a fraction when read in each style."""
    number_texts: int = 0
    percent: int = 0
    currency: int = 0
    dmy: int = 0
    impossible_dates: list[str] = field(default_factory=list)
    impossible_count: int = 0
    words: Counter[str] = field(default_factory=Counter)

    def add_column(self, values: Sequence[Cell]) -> None:
        """Count a chunk of one column's cells (None and '' are empty)."""
        kinds = Counter(map(type, values))
        if _STR not in kinds:
            texts: list[str] = []
        elif kinds.keys() <= _TEXT_KINDS:  # text and empty cells only: drop the empties at C speed
            texts = list(filter(None, values))  # type: ignore[arg-type]
        else:
            texts = [value for value in values if value.__class__ is _STR and value]  # type: ignore[misc]
        empty = kinds.pop(type(None), 0)
        empty += kinds.get(_STR, 0) - len(texts)
        kinds.pop(_STR, None)
        self.filled += len(values) - empty
        self.booleans += kinds.pop(_BOOL, 0)
        self.integers += kinds.pop(_INT, 0)
        floats = kinds.pop(_FLOAT, 0)
        if floats:
            numbers = values if floats == len(values) else [value for value in values if value.__class__ is _FLOAT]
            whole = sum(map(float.is_integer, numbers))  # type: ignore[arg-type]
            self.integers += whole
            self.decimals += floats - whole
        self.dates += kinds.pop(_DATE, 0)
        moments = kinds.pop(_DATETIME, 0)
        if moments:
            every = values if moments == len(values) else [value for value in values if value.__class__ is _DATETIME]
            midnight = sum(map(_MIDNIGHT.__eq__, map(_DATETIME.time, every)))  # type: ignore[arg-type]
            self.dates += midnight
            self.datetimes += moments - midnight
        counted = Counter(texts)
        distinct = "".join(counted)  # type: ignore[arg-type]
        if distinct.isascii() and distinct.isdigit():
            # Codes and numbers written as text, the whole chunk at C speed: leading zeros or not.
            zeros = ("\x00" + "\x00".join(texts)).count("\x000") - counted.get("0", 0)  # type: ignore[arg-type]
            self.leading_zero += zeros
            if len(texts) > zeros:
                self.number_texts += len(texts) - zeros
                self.styles["plain"] += len(texts) - zeros
                self.styles["comma"] += len(texts) - zeros
            return
        for raw, count in counted.items():
            first = raw[0]  # type: ignore[index]
            if first.isalpha():
                if len(raw) <= 14:  # a short word may be yes/no or a placeholder; longer ones never are
                    self._add_word(raw.strip().lower(), raw.strip(), count)  # type: ignore[union-attr]
            elif raw.isascii() and raw.isdigit():  # type: ignore[union-attr]
                if first == "0" and len(raw) > 1:  # type: ignore[arg-type]
                    self.leading_zero += count
                else:
                    self.number_texts += count
                    self.styles["plain"] += count
                    self.styles["comma"] += count
            else:
                self._add_text(clean_text(raw), count)  # type: ignore[arg-type]

    def _add_word(self, lowered: str, text: str, count: int) -> None:
        if lowered in _BOOLEAN_WORDS:
            self.words[lowered] += count
        if is_placeholder(text, numeric_column=True):
            self.placeholders[text] += count

    def _add_text(self, text: str, count: int) -> None:
        if not text:
            self.filled -= count
            return
        first = text[0]
        if not (first.isdigit() or first in "-(.$"):
            self._add_word(text.lower(), text, count)
            return
        if first == "0" and len(text) > 1 and text.isdigit():
            self.leading_zero += count
            return
        parts = split_number(text)
        if parts is not None:
            core, _negative, percent, currency = parts
            if core[0] == "0" and len(core) > 1 and core[1].isdigit():
                self.leading_zero += count  # '0222 3821 777': a phone number or a code, not a number
                return
            self.number_texts += count
            self.percent += percent * count
            self.currency += currency * count
            for style in readable_styles(core):
                self.styles[style] += count
                if ("," if style == "comma" else ".") in core:
                    self.fractional[style] += count
            return
        if is_placeholder(text, numeric_column=True):
            self.placeholders[text] += count
            return
        if len(text) >= 8:
            dmy = parse_dmy(text)
            if dmy is not None:
                self.dmy += count
                kind, exists = dmy[0], dmy[1] is not None
            else:
                iso = parse_iso(text)
                if iso is None:
                    return
                kind, exists = iso
            if not exists:
                self.impossible_count += count
                if len(self.impossible_dates) < 3:
                    self.impossible_dates.append(text)
            elif kind == "date":
                self.dates += count
            else:
                self.datetimes += count

    def plan(self, forced_type: str | None = None, forced_style: str | None = None) -> ColumnPlan:
        counted = self.filled - sum(self.placeholders.values())
        needed = CONFIDENCE * counted
        style = forced_style or self._style()
        numbers = self.integers + self.decimals + (self.styles[style] if style else 0)
        kind = forced_type
        if kind is None:
            if counted <= 0 or self.leading_zero:
                kind = "string"
            elif numbers >= needed and numbers > 0:
                fraction = self.decimals or (style and self.fractional[style]) or self.percent
                kind = "number" if fraction else "integer"
            elif self.dates + self.impossible_count >= needed and (self.dates or self.impossible_count):
                kind = "date"
            elif self.datetimes + self.dates >= needed and self.datetimes:
                kind = "datetime"
            elif self.booleans + sum(self.words.values()) >= needed and (self.boolean_pair() or not self.words):
                kind = "boolean"
            else:
                kind = "string"
        return ColumnPlan(self, kind, style or "plain")

    def _style(self) -> str | None:
        if not self.number_texts:
            return None
        # Most readable wins; on a tie the Vietnamese way, then plain: '1.234' in a Vietnamese
        # report is one thousand two hundred and thirty-four.
        order = {"comma": 0, "plain": 1, "dot": 2}
        return max(NUMBER_STYLES, key=lambda style: (self.styles[style], -order[style]))

    def boolean_pair(self) -> tuple[str, str] | None:
        seen = set(self.words)
        for true, false in _BOOLEAN_PAIRS:
            if seen and seen <= {true, false}:
                return true, false
        return None


@dataclass
class ColumnPlan:
    profile: ColumnProfile
    type: str
    style: str
    convert: Callable[[Cell], str] = field(init=False)
    neutralised: int = 0
    """Text cells given a leading apostrophe so no spreadsheet runs them as formulas."""

    def __post_init__(self) -> None:
        self.convert = {
            "integer": self._number,
            "number": self._number,
            "date": self._date,
            "datetime": self._datetime,
        }.get(self.type, self._string)

    def convert_column(self, values: Sequence[Cell]) -> list[str]:
        """Convert a chunk of the column; clean chunks of text or of Excel numbers take a fast path."""
        kinds = set(map(type, values))
        if kinds == {_FLOAT} and self.type == "integer" and all(map(float.is_integer, values)):  # type: ignore[arg-type]
            return list(map(str, map(int, values)))  # type: ignore[arg-type]
        if self.type in ("integer", "number") and kinds == {_FLOAT}:
            return list(map(format, values, itertools.repeat(".15g", len(values))))  # type: ignore[arg-type]
        if self.type in ("integer", "number") and kinds <= {_FLOAT, type(None)}:
            return [format(value, ".15g") if value is not None else "" for value in values]  # type: ignore[arg-type]
        if self.type == "date" and kinds == {_DATE}:  # Excel dates, as calamine reads them
            return list(map(_DATE.isoformat, values))  # type: ignore[arg-type]
        if self.type == "date" and kinds == {_DATETIME} and all(map(_MIDNIGHT.__eq__, map(_DATETIME.time, values))):  # type: ignore[arg-type]
            return list(map(_DATE.isoformat, map(_DATETIME.date, values)))  # type: ignore[arg-type]
        if self.convert == self._string and kinds <= {_STR, type(None)} and _already_clean(values):
            return [value if value is not None else "" for value in values]  # type: ignore[misc]
        return list(map(self.convert, values))

    def field(self, name: str, title: str) -> dict[str, Any]:
        descriptor: dict[str, Any] = {"name": name}
        if title and title != name:
            descriptor["title"] = title
        descriptor["type"] = self.type
        if self.type == "boolean":
            true, false = self.profile.boolean_pair() or ("true", "false")
            descriptor["trueValues"] = sorted({true, true.capitalize(), true.upper(), "true"})
            descriptor["falseValues"] = sorted({false, false.capitalize(), false.upper(), "false"})
        if self.type == "number" and self.profile.percent:
            descriptor["description"] = "%"
        return descriptor

    def notes(self) -> list[tuple[str, dict[str, Any]]]:
        profile = self.profile
        found: list[tuple[str, dict[str, Any]]] = []
        if self.type in ("integer", "number") and profile.number_texts:
            if self.style == "comma" and profile.styles["comma"] > profile.styles["plain"]:
                found.append(("read-vietnamese-numbers", {}))
            elif self.style == "comma" and profile.fractional["plain"]:
                found.append(("ambiguous-numbers-read-vietnamese", {}))
            elif self.style == "dot":
                found.append(("read-english-numbers", {}))
            if profile.percent:
                found.append(("read-percentages", {}))
            if profile.currency:
                found.append(("removed-currency", {}))
        if self.type in ("date", "datetime") and profile.dmy:
            found.append(("read-day-first-dates", {}))
        if self.type in ("date", "datetime") and profile.impossible_count:
            found.append(("impossible-dates", {"count": profile.impossible_count, "examples": ", ".join(profile.impossible_dates)}))
        if profile.leading_zero and self.type == "string":
            found.append(("kept-leading-zeros", {}))
        return found

    # Converters: cell → the text the column's type reads; anything that does not fit is kept as is.

    def _safe(self, text: str) -> str:
        safe = neutralise(text)
        if safe is not text:
            self.neutralised += 1
        return safe

    def _string(self, cell: Cell) -> str:
        return self._safe(text_of(cell))

    def _number(self, cell: Cell) -> str:
        kind = cell.__class__
        if kind is _FLOAT:
            return str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else format(cell, ".15g")  # type: ignore[union-attr]
        if kind is _INT:
            return str(cell)
        text = text_of(cell)
        if not text or kind is not _STR or is_placeholder(text, numeric_column=True):
            return text
        parts = split_number(text)
        if parts is None:
            return self._safe(text)
        core, negative, _percent, _currency = parts
        value = parse_number(core, self.style, negative)
        if value is None or (self.type == "integer" and value != value.to_integral_value()):
            return self._safe(text)
        return format_decimal(value)

    def _date(self, cell: Cell) -> str:
        kind = cell.__class__
        if kind is _DATETIME:
            return cell.date().isoformat() if cell.time() == dt.time(0) else text_of(cell)  # type: ignore[union-attr]
        if kind is _DATE:
            return cell.isoformat()  # type: ignore[union-attr]
        text = text_of(cell)
        if kind is _STR and len(text) >= 8:
            dmy = parse_dmy(text)
            if dmy is not None and dmy[1] is not None and dmy[0] == "date":
                return dmy[1].isoformat()  # type: ignore[union-attr]
        return self._safe(text)

    def _datetime(self, cell: Cell) -> str:
        kind = cell.__class__
        if kind is _DATETIME:
            return cell.isoformat(timespec="seconds")  # type: ignore[union-attr]
        if kind is _DATE:
            return dt.datetime.combine(cell, dt.time(0)).isoformat(timespec="seconds")  # type: ignore[arg-type]
        text = text_of(cell)
        if kind is _STR and len(text) >= 8:
            dmy = parse_dmy(text)
            if dmy is not None and dmy[1] is not None:
                value = dmy[1]
                moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time(0))
                return moment.isoformat(timespec="seconds")
            iso = parse_iso(text)
            if iso is not None and iso[1]:
                if len(text) == 10:
                    return text + "T00:00:00"
                moment_text = text.replace(" ", "T", 1)
                return moment_text if len(moment_text) >= 19 else moment_text + ":00"
        return self._safe(text)
