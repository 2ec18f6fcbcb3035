"""Propose a Table Schema for a tidy table, and read the schemas users supply.

Inference is ours rather than frictionless's for two reasons that agencies hit daily:
frictionless samples the first rows only, and it reads administrative codes such as '01' or
'00004' as the integers 1 and 4. Here every value of a column is profiled while the tidy file is
written, and any number with a leading zero makes the column text.

The rules only ever *accept less* than frictionless does (ASCII digits, zero-padded ISO dates),
so a column inferred as a type always validates clean under frictionless when all its values
matched.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frictionless
from .errors import UnreadableFile
from .names import field_name

__all__ = ["CONFIDENCE", "ColumnProfile", "HeaderMatch", "infer_schema", "load_schema", "match_header"]

CONFIDENCE = 0.9
"""Share of non-empty values that must fit a type for the column to get it (frictionless's default)."""

_INTEGER = re.compile(r"[+-]?\d+", re.ASCII)
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)
_LEADING_ZERO = re.compile(r"[+-]?0\d", re.ASCII)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?", re.ASCII
)
_BOOLEAN = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})


@dataclass
class ColumnProfile:
    """What the values of one column look like, counted in a single pass."""

    filled: int = 0
    integer: int = 0
    number: int = 0
    boolean: int = 0
    date: int = 0
    datetime: int = 0
    leading_zero: int = 0
    max_length: int = 0

    def add(self, value: str) -> None:
        if not value:
            return
        self.filled += 1
        if len(value) > self.max_length:
            self.max_length = len(value)
        if _NUMBER.fullmatch(value):
            self.number += 1
            if _INTEGER.fullmatch(value):
                self.integer += 1
            if _LEADING_ZERO.match(value):
                self.leading_zero += 1
        elif value in _BOOLEAN:
            self.boolean += 1
        elif len(value) == 10:
            match = _DATE.fullmatch(value)
            if match and _real_date(match):
                self.date += 1
        elif len(value) >= 19:
            match = _DATETIME.fullmatch(value)
            if match and _real_date(match):
                self.datetime += 1

    def type(self) -> str:
        if not self.filled:
            return "string"
        needed = CONFIDENCE * self.filled
        if self.leading_zero and self.number >= needed:
            return "string"  # codes such as '01' and '00004' keep their zeros
        for name in ("integer", "number", "boolean", "date", "datetime"):
            if getattr(self, name) >= needed:
                return name
        return "string"


def _real_date(match: re.Match[str]) -> bool:
    year, month, day = (int(part) for part in match.groups()[:3])
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def infer_schema(names: list[str], titles: list[str], profiles: list[ColumnProfile]) -> dict[str, Any]:
    """Build a Table Schema descriptor from the column names, titles and value profiles."""
    fields = []
    for name, title, profile in zip(names, titles, profiles, strict=True):
        descriptor: dict[str, Any] = {"name": name, "type": profile.type()}
        if title and title != name:
            descriptor["title"] = title
        fields.append(descriptor)
    return {"fields": fields, "missingValues": [""]}


def load_schema(source: str | Path | dict[str, Any]) -> dict[str, Any]:
    """Read a Table Schema from a path, a JSON text or a dict, and check it is one."""
    try:
        if isinstance(source, dict):
            descriptor = source
        else:
            text = Path(source).read_text(encoding="utf-8") if _is_path(source) else str(source)
            descriptor = json.loads(text)
        if not isinstance(descriptor, dict):
            raise ValueError("a Table Schema is a JSON object")
        schema = frictionless.Schema.from_descriptor(descriptor)
    except (OSError, ValueError, frictionless.FrictionlessException) as error:
        raise UnreadableFile("invalid-schema", reason=_short(error)) from error
    return schema.to_descriptor()


def _is_path(source: str | Path) -> bool:
    return isinstance(source, Path) or not str(source).lstrip().startswith("{")


def _short(error: object) -> str:
    return str(error).splitlines()[0][:300] if str(error) else type(error).__name__


@dataclass
class HeaderMatch:
    """How a source header lines up with a declared schema."""

    names: list[str]
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def match_header(titles: list[str], schema: dict[str, Any]) -> HeaderMatch:
    """Name each source column after the declared field it stands for.

    A column matches a field by exact name, then by title, then by their ASCII snake_case forms.
    Unmatched columns keep their title as label, so validation reports the mismatch plainly.
    """
    fields = schema.get("fields", [])
    by_key: dict[str, str] = {}
    for spec in fields:
        for key in (spec["name"], spec.get("title") or ""):
            if key:
                by_key.setdefault(key, spec["name"])
                by_key.setdefault(field_name(key), spec["name"])
    names: list[str] = []
    notes: list[tuple[str, dict[str, Any]]] = []
    for number, title in enumerate(titles, start=1):
        name = by_key.get(title) or by_key.get(field_name(title))
        if name is None:
            notes.append(("unmatched-header", {"column": number, "title": title}))
            name = title
        names.append(name)
    return HeaderMatch(names, notes)
