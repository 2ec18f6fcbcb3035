"""However short the error list is cut, the report counts every error of the table, by type and by field.

The counts live in ``stats.counts`` of each task, where frictionless keeps any statistic: the
report still loads with ``frictionless.Report.from_descriptor``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import frictionless

from datapackages.validate import error_counts, validate_table

from .conformance import frictionless_report


def planted(tmp_path: Path) -> tuple[Path, dict]:
    lines = ["id,amount,when"]
    for number in range(1, 2001):
        amount = "lots" if number % 3 == 0 else str(number)
        when = "2025-13-01" if number % 5 == 0 else "2025-01-01"
        ident = str(number - 1) if number % 7 == 0 else str(number)
        lines.append(f"{ident},{amount},{when}")
    path = tmp_path / "table.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    schema = {
        "fields": [
            {"name": "id", "type": "integer"},
            {"name": "amount", "type": "integer"},
            {"name": "when", "type": "date"},
        ],
        "primaryKey": ["id"],
    }
    return path, schema


def test_the_counts_cover_the_whole_table_when_the_list_stops_at_the_limit(tmp_path: Path) -> None:
    path, schema = planted(tmp_path)

    capped = validate_table(path, schema, limit_errors=10)
    every = frictionless_report(path, schema, limit_errors=0)["tasks"][0]["errors"]

    task = capped["tasks"][0]
    assert len(task["errors"]) == 10
    assert task["warnings"] == ["reached error limit: 10"]
    counts = task["stats"]["counts"]
    assert counts["total"] == len(every) == 666 + 400 + 285
    assert counts["byType"] == dict(Counter(error["type"] for error in every))
    assert counts["byField"] == {"amount": {"type-error": 666}, "when": {"type-error": 400}}
    assert counts["complete"] is True
    assert error_counts(capped) == {
        "total": 1351,
        "byType": {"primary-key": 285, "type-error": 1066},
        "byField": {"amount": {"type-error": 666}, "when": {"type-error": 400}},
        "complete": True,
    }


def test_a_report_with_counts_still_loads_in_frictionless(tmp_path: Path) -> None:
    path, schema = planted(tmp_path)
    report = validate_table(path, schema, limit_errors=5)

    loaded = frictionless.Report.from_descriptor(report)

    assert loaded.valid is False
    assert loaded.tasks[0].stats["counts"]["total"] == 1351
    assert loaded.flatten(["rowNumber", "type"])[:2] == [[4, "type-error"], [6, "type-error"]]
    assert frictionless.Report.from_descriptor(loaded.to_dict()).to_dict() == loaded.to_dict()


def test_a_clean_table_counts_nothing(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text("id\n1\n2\n", encoding="utf-8")

    report = validate_table(path, {"fields": [{"name": "id", "type": "integer"}]})

    assert report["valid"] is True
    assert report["tasks"][0]["stats"]["counts"] == {"total": 0, "byType": {}, "byField": {}, "complete": True}


def test_the_frictionless_quirks_a_table_runs_into_are_named_in_its_notes(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text("id,name\n1,a\nx,b\n,,\n1,c\n", encoding="utf-8")
    schema = {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "constraints": {"required": True}}], "primaryKey": ["id"]}

    listed = validate_table(path, schema, limit_errors=0)["tasks"][0]
    capped = validate_table(path, schema, limit_errors=2)["tasks"][0]

    assert [(error["rowNumber"], error["type"]) for error in listed["errors"]] == [
        (3, "type-error"),
        (3, "primary-key"),
        (4, "blank-row"),
        (4, "primary-key"),
        (5, "primary-key"),
    ]
    assert listed["notes"] == [
        {"code": "blank-row-hides-cell-errors", "count": 1},
        {"code": "primary-key-with-invalid-cell", "count": 2},
    ]
    assert {"code": "statistics-at-error-limit", "count": 1} in capped["notes"]
    assert capped["stats"]["rows"] == 2  # frictionless stopped after row 3, the header being row 1
    assert capped["stats"]["counts"]["total"] == 5
