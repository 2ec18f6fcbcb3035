"""Let frictionless validate what the fast engine does not reproduce exactly, and say so.

The report is frictionless's own, plus a warning naming the feature that sent the table here
(and one per national reference list left unchecked, since frictionless knows none),
and counts taken from the errors frictionless listed ("complete": false when its error limit cut
the list short, since frictionless stops reading there).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .counts import Counts
from .plan import References

__all__ = ["fallback_warning", "unchecked_list_warning", "validate_with_frictionless"]


def fallback_warning(reason: str) -> str:
    return f"validated by frictionless: {reason} is not supported by the fast engine"


def unchecked_list_warning(name: str) -> str:
    return f"not checked: foreign keys to the reference list {name!r} (frictionless knows no reference lists)"


def validate_with_frictionless(
    path: Path, schema: dict[str, Any], *, name: str, limit_errors: int, reason: str, references: References = References()
) -> dict[str, Any]:
    import frictionless  # only here: importing it costs as much as checking a clean million-row table

    schema, unchecked = _without_lists(schema, name, references)
    resource = _resource(frictionless, path, schema, name)
    others = {item["reference"].get("resource") for item in schema.get("foreignKeys", []) if isinstance(item, dict)}
    others = {other for other in others if other in references.tables and other != name}
    if others:  # frictionless looks keys up in the package the resource belongs to
        tables = [_resource(frictionless, *references.tables[other], other, references=references) for other in sorted(others)]
        frictionless.Package(resources=[resource, *tables])
    report = resource.validate(limit_errors=limit_errors).to_dict()
    warnings = [fallback_warning(reason), *(unchecked_list_warning(item) for item in unchecked)]
    report["stats"]["warnings"] += len(warnings)
    for task in report["tasks"]:
        limited = any(text.startswith("reached error limit") for text in task["warnings"])
        counts = Counts()
        for error in task["errors"]:
            counts.add(error["type"], error.get("fieldName"))
        task["warnings"].extend(warnings)
        task["stats"]["warnings"] += len(warnings)
        task["stats"]["counts"] = {**counts.to_dict(), "complete": not limited}
    return report


def _resource(frictionless: Any, path: Path, schema: dict[str, Any], name: str, *, references: References | None = None) -> Any:
    if references is not None:  # a referenced table: its own keys to lists would only trouble frictionless
        schema = _without_lists(schema, name, references)[0]
    return frictionless.Resource(
        path=path.name,
        basepath=str(path.parent),
        name=name,
        format="csv",
        encoding="utf-8",
        schema=frictionless.Schema.from_descriptor(schema),  # an invalid schema raises, as it always has
    )


def _without_lists(schema: dict[str, Any], name: str, references: References) -> tuple[dict[str, Any], list[str]]:
    """The schema without its foreign keys to reference lists, and the names of those lists."""
    keys = schema.get("foreignKeys")
    if not isinstance(keys, list):
        return schema, []
    kept, unchecked = [], []
    for key in keys:
        target = key.get("reference", {}).get("resource") if isinstance(key, dict) and isinstance(key.get("reference"), dict) else None
        if isinstance(target, str) and target not in ("", name) and target not in references.tables and target in references.lists:
            unchecked.append(target)
        else:
            kept.append(key)
    if not unchecked:
        return schema, []
    return {**schema, "foreignKeys": kept}, sorted(set(unchecked))
