"""Validate tidy tables against their Table Schema; the answer is always a report, never an exception.

Reports are frictionless's own format (``Report.to_dict()``), so anyone can read them with the
standard tools; the columnar engine (``datapackages.engine``) writes them, and hands what it
cannot reproduce exactly to frictionless. Each task's ``place`` names the table as the user
knows it (file and sheet), not the temporary path it was checked at.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .engine import References, validate_csv

__all__ = ["DEFAULT_LIMIT_ERRORS", "ErrorGrid", "References", "error_counts", "merge_reports", "validate_table"]

DEFAULT_LIMIT_ERRORS = 1000


def validate_table(
    path: Path,
    schema: dict[str, Any],
    *,
    name: str | None = None,
    place: str | None = None,
    limit_errors: int = DEFAULT_LIMIT_ERRORS,
    references: References = References(),
    observe: Callable[[Any], None] | None = None,
) -> dict[str, Any]:
    """Validate one tidy CSV; ``limit_errors=0`` lists every error (``stats.counts`` always counts them all).

    Foreign keys may name another table of ``references.tables`` (checked as frictionless checks
    a package) or a national reference list of ``references.lists`` (the platform's
    ``unknown-code`` error). ``observe`` sees each batch of cells the engine reads
    (``personal.BatchScan`` scans them for personal data on the way, so the table is read once)."""
    report = validate_csv(path, schema, name=name or "table", limit_errors=limit_errors, references=references,
                          observe=observe)
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


def error_counts(report: dict[str, Any]) -> dict[str, Any]:
    """Every error of the report, by type and by column, beyond the listed ones where counted:
    ``{"total", "byType", "byField": {field name: {type: n}}, "complete"}`` ("complete" is false
    when a table was left to frictionless and its error limit cut the list). Errors without a
    column (blank rows, primary keys, extra cells, keys of several fields) count by type only."""
    by_type: Counter[str] = Counter(error["type"] for error in report.get("errors", []))
    by_field: dict[str, Counter[str]] = {}
    complete = True
    for task in report.get("tasks", []):
        counted = task["stats"].get("counts")
        if counted is None:  # a report from elsewhere: count what it lists
            counted = {"byType": Counter(error["type"] for error in task["errors"]), "byField": {}}
            for error in task["errors"]:
                if error.get("fieldName"):
                    counted["byField"].setdefault(error["fieldName"], Counter())[error["type"]] += 1
            counted["complete"] = not any(warning.startswith("reached error limit") for warning in task["warnings"])
        by_type.update(counted["byType"])
        for name, kinds in counted["byField"].items():
            by_field.setdefault(name, Counter()).update(kinds)
        complete = complete and bool(counted.get("complete", True))
    return {
        "total": sum(by_type.values()),
        "byType": dict(sorted(by_type.items())),
        "byField": {name: dict(sorted(kinds.items())) for name, kinds in by_field.items()},
        "complete": complete,
    }


@dataclass(frozen=True)
class ErrorGrid:
    """Error counts as an officer reads them: a row per column, a column per error type, totals.

    Built from ``error_counts`` (or the flat ``{type: n}`` that versions stored before columns
    were counted: it has no rows, only totals)."""

    types: list[str]
    """Error types, the most frequent first."""
    rows: list[tuple[str | None, dict[str, int], int]]
    """(column: its title, else its name; or None for errors of whole rows; count per type; row
    total), in schema order."""
    totals: dict[str, int]
    total: int
    complete: bool = True

    @classmethod
    def from_counts(cls, counts: dict[str, Any], fields: list[dict[str, Any]] | None = None) -> ErrorGrid:
        """``fields``: the schema fields of the tables, for the columns' order and titles."""
        if "byType" not in counts:  # stored before columns were counted: totals only
            by_type = {kind: int(count) for kind, count in counts.items()}
            return cls(sorted(by_type, key=lambda kind: (-by_type[kind], kind)), [], by_type, sum(by_type.values()))
        by_type: dict[str, int] = counts["byType"]
        by_field: dict[str, dict[str, int]] = counts["byField"]
        types = sorted(by_type, key=lambda kind: (-by_type[kind], kind))
        fields = fields or []
        order = {spec.get("name"): position for position, spec in reversed(list(enumerate(fields)))}
        titles = {spec.get("name"): spec.get("title") or spec.get("name") for spec in fields}
        rows: list[tuple[str | None, dict[str, int], int]] = [
            (titles.get(name, name), kinds, sum(kinds.values()))
            for name, kinds in sorted(by_field.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
        ]
        whole_rows = {kind: by_type[kind] - sum(kinds.get(kind, 0) for kinds in by_field.values()) for kind in types}
        whole_rows = {kind: count for kind, count in whole_rows.items() if count}
        if whole_rows:
            rows.append((None, whole_rows, sum(whole_rows.values())))
        return cls(types, rows, dict(by_type), sum(by_type.values()), bool(counts.get("complete", True)))
