"""What the engine tests share: frictionless's own report for a table, and how two reports are compared.

Reports are compared whole, as dicts, after removing only what may differ by design: the time
taken (``seconds``), and the engine's additions (``stats.counts``, ``notes``).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import frictionless

FALLBACK = "validated by frictionless"


def frictionless_report(path: Path, schema: dict[str, Any], *, name: str = "table", limit_errors: int = 1000) -> dict[str, Any]:
    """The report frictionless 5 gives, exactly as the platform asked for it before the engine."""
    resource = frictionless.Resource(
        path=path.name,
        basepath=str(path.parent),
        name=name,
        format="csv",
        encoding="utf-8",
        schema=frictionless.Schema.from_descriptor(schema),
    )
    return resource.validate(limit_errors=limit_errors).to_dict()


def comparable(report: dict[str, Any]) -> dict[str, Any]:
    report = copy.deepcopy(report)
    report["stats"].pop("seconds", None)
    for task in report["tasks"]:
        task["stats"].pop("seconds", None)
        task["stats"].pop("counts", None)
        task.pop("notes", None)
    return report


def fell_back(report: dict[str, Any]) -> bool:
    return any(warning.startswith(FALLBACK) for task in report["tasks"] for warning in task["warnings"])


def first_difference(ours: dict[str, Any], theirs: dict[str, Any]) -> str:
    """A readable pointer to where two reports part, for assertion messages."""
    mine, other = ours["tasks"][0], theirs["tasks"][0]
    for key in sorted(set(mine) | set(other)):
        if key != "errors" and mine.get(key) != other.get(key):
            return f"{key}: {mine.get(key)!r} != {other.get(key)!r}"
    for number, (left, right) in enumerate(zip(mine["errors"], other["errors"])):
        if left != right:
            return f"error {number}: {left!r} != {right!r}"
    return f"{len(mine['errors'])} errors != {len(other['errors'])} errors"


def frictionless_package_report(
    tables: dict[str, tuple[Path, dict[str, Any]]], name: str, *, limit_errors: int = 1000
) -> dict[str, Any]:
    """The report frictionless 5 gives for table ``name`` validated inside a package of ``tables``,
    where foreign keys may name the other tables."""
    resources = [
        frictionless.Resource(
            path=path.name, basepath=str(path.parent), name=table, format="csv", encoding="utf-8",
            schema=frictionless.Schema.from_descriptor(schema),
        )
        for table, (path, schema) in tables.items()
    ]
    package = frictionless.Package(resources=resources)
    return package.get_resource(name).validate(limit_errors=limit_errors).to_dict()
