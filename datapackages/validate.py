"""Validate tidy tables against their Table Schema; the answer is always a report, never an exception.

Reports are frictionless's own format (``Report.to_dict()``), so anyone can read them with the
standard tools; the columnar engine (``datapackages.engine``) writes them, and hands what it
cannot reproduce exactly to frictionless. Each task's ``place`` names the table as the user
knows it (file and sheet), not the temporary path it was checked at.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .engine import validate_csv

__all__ = ["DEFAULT_LIMIT_ERRORS", "error_counts", "merge_reports", "validate_table"]

DEFAULT_LIMIT_ERRORS = 1000


def validate_table(
    path: Path,
    schema: dict[str, Any],
    *,
    name: str | None = None,
    place: str | None = None,
    limit_errors: int = DEFAULT_LIMIT_ERRORS,
    observe: Callable[[Any], None] | None = None,
) -> dict[str, Any]:
    """Validate one tidy CSV; ``limit_errors=0`` lists every error (``stats.counts`` always counts them all).

    ``observe`` sees each batch of cells the engine reads (``personal.BatchScan`` scans them for
    personal data on the way, so the table is read once)."""
    report = validate_csv(path, schema, name=name or "table", limit_errors=limit_errors, observe=observe)
    for task in report["tasks"]:
        task["place"] = place or path.name
    return report


def merge_reports(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """One report over several tables, as frictionless writes it for a package."""
    if len(reports) == 1:
        return reports[0]
    tasks = [task for report in reports for task in report["tasks"]]
    errors = [error for report in reports for error in report.get("errors", [])]
    warnings = [warning for report in reports for warning in report.get("warnings", [])]
    return {
        "valid": all(report["valid"] for report in reports),
        "stats": {
            "tasks": len(tasks),
            "errors": sum(report["stats"]["errors"] for report in reports),
            "warnings": sum(report["stats"]["warnings"] for report in reports),
            "seconds": round(sum(report["stats"]["seconds"] for report in reports), 3),
        },
        "warnings": warnings,
        "errors": errors,
        "tasks": tasks,
    }


def error_counts(report: dict[str, Any]) -> dict[str, int]:
    """How many errors of each type the table has: every one, beyond the listed ones when counted."""
    counts: Counter[str] = Counter(error["type"] for error in report.get("errors", []))
    for task in report["tasks"]:
        counted = task["stats"].get("counts")
        if counted:
            counts.update(counted["byType"])
        else:
            counts.update(error["type"] for error in task["errors"])
    return dict(counts)
