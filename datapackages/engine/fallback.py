"""Let frictionless validate what the fast engine does not reproduce exactly, and say so.

The report is frictionless's own, plus a warning naming the feature that sent the table here,
and counts taken from the errors frictionless listed ("complete": false when its error limit cut
the list short, since frictionless stops reading there).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .counts import Counts

__all__ = ["fallback_warning", "validate_with_frictionless"]


def fallback_warning(reason: str) -> str:
    return f"validated by frictionless: {reason} is not supported by the fast engine"


def validate_with_frictionless(path: Path, schema: dict[str, Any], *, name: str, limit_errors: int, reason: str) -> dict[str, Any]:
    import frictionless  # only here: importing it costs as much as checking a clean million-row table

    resource = frictionless.Resource(
        path=path.name,
        basepath=str(path.parent),
        name=name,
        format="csv",
        encoding="utf-8",
        schema=frictionless.Schema.from_descriptor(schema),  # an invalid schema raises, as it always has
    )
    report = resource.validate(limit_errors=limit_errors).to_dict()
    warning = fallback_warning(reason)
    report["stats"]["warnings"] += 1
    for task in report["tasks"]:
        limited = any(text.startswith("reached error limit") for text in task["warnings"])
        counts = Counts()
        for error in task["errors"]:
            counts.add(error["type"], error.get("fieldName"))
        task["warnings"].append(warning)
        task["stats"]["warnings"] += 1
        task["stats"]["counts"] = {**counts.to_dict(), "complete": not limited}
    return report
