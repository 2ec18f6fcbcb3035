"""Read the Table Schemas users supply, and line a sheet's header up with one.

(Schemas for files without one are proposed by ``normalise.columns``, which sees every value.)
"""

from __future__ import annotations

import json
import re
import re._constants as _regex_constants  # the standard library's own regex parser, to inspect patterns
import re._parser as _regex_parser
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UnreadableFile
from .names import field_name

__all__ = ["HeaderMatch", "load_schema", "match_header", "safe_pattern"]

_POSSESSIVE = getattr(_regex_constants, "POSSESSIVE_REPEAT", None)


def load_schema(source: str | Path | dict[str, Any]) -> dict[str, Any]:
    """Read a Table Schema from a path, a JSON text or a dict, and check it is one."""
    import frictionless  # here, not at the top: reading files must not pay for importing it

    try:
        if isinstance(source, dict):
            descriptor = source
        else:
            text = Path(source).read_text(encoding="utf-8") if _is_path(source) else str(source)
            descriptor = json.loads(text)
        if not isinstance(descriptor, dict):
            raise ValueError("a Table Schema is a JSON object")
        schema = frictionless.Schema.from_descriptor(descriptor)
    except (OSError, ValueError, RecursionError, frictionless.FrictionlessException) as error:
        raise UnreadableFile("invalid-schema", reason=_short(error)) from error
    result = schema.to_descriptor()
    for spec in result.get("fields", []):
        pattern = spec.get("constraints", {}).get("pattern")
        if pattern is not None and not safe_pattern(str(pattern)):
            raise UnreadableFile("unsafe-pattern", field=spec.get("name", ""))
    return result


MAX_PATTERN_LENGTH = 1000


def safe_pattern(pattern: str) -> bool:
    """False for regular expressions that can take exponential time — an unbounded repetition
    inside a repetition, as in '(a+)+$' — which a hostile schema would use to stall validation.
    Bounded inner repetitions ('(\\d{1,3}\\.)+') stay allowed: agencies write them for codes."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return False
    try:
        parsed = _regex_parser.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return False
    return not _nested_repeat(parsed, inside_repeat=False)


def _nested_repeat(items: Any, inside_repeat: bool) -> bool:
    for operation, argument in items:
        if operation in (_regex_constants.MAX_REPEAT, _regex_constants.MIN_REPEAT, _POSSESSIVE):
            low, high, body = argument
            unbounded = high is _regex_constants.MAXREPEAT
            repeats = unbounded or high > 1
            if unbounded and inside_repeat:
                return True
            if _nested_repeat(body, inside_repeat or repeats):
                return True
        elif operation is _regex_constants.SUBPATTERN:
            if _nested_repeat(argument[-1], inside_repeat):
                return True
        elif operation is _regex_constants.BRANCH:
            if any(_nested_repeat(branch, inside_repeat) for branch in argument[1]):
                return True
        elif operation in (_regex_constants.ASSERT, _regex_constants.ASSERT_NOT):
            if _nested_repeat(argument[1], inside_repeat):
                return True
    return False


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
