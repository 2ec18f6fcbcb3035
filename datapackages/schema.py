"""Read the Table Schemas users supply, and line a sheet's header up with one.

(Schemas for files without one are proposed by ``normalise.columns``, which sees every value.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UnreadableFile
from .names import field_name

__all__ = ["HeaderMatch", "load_schema", "match_header"]


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
