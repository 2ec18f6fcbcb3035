"""Validation speaks frictionless's report format and finds exactly what frictionless finds."""

from __future__ import annotations

from pathlib import Path

import frictionless

from datapackages.normalise import normalise
from datapackages.validate import ErrorGrid, error_counts, merge_reports, validate_table

from ..helpers import DATA


def flat(report: dict) -> list[tuple]:
    return [
        (error.get("rowNumber"), error.get("fieldNumber"), error["type"], error.get("cell"))
        for task in report["tasks"]
        for error in task["errors"]
    ]


def test_the_report_is_frictionless_own_on_the_same_table(tmp_path: Path) -> None:
    table = normalise(DATA / "type-errors.csv", tmp_path).tables[0]
    ours = validate_table(table.path, table.schema, name=table.name, place="type-errors.csv")

    theirs = frictionless.Resource(
        path=table.path.name, basepath=str(tmp_path), schema=frictionless.Schema.from_descriptor(table.schema)
    ).validate().to_dict()

    assert flat(ours) == flat(theirs) == [
        (3, 3, "type-error", "không đo"),
        (5, 4, "type-error", "lỗi thiết bị"),
        (13, 1, "type-error", "2025-10-32"),
    ]
    assert ours["tasks"][0]["place"] == "type-errors.csv"
    assert ours["valid"] is False
    names = [field["name"] for field in table.schema["fields"]]
    assert error_counts(ours) == {
        "total": 3,
        "byType": {"type-error": 3},
        "byField": {names[2]: {"type-error": 1}, names[3]: {"type-error": 1}, names[0]: {"type-error": 1}},
        "complete": True,
    }


def test_the_error_limit_caps_the_list_and_zero_lifts_it(tmp_path: Path, write_csv) -> None:
    body = "".join(f"{n},x{n}\n" for n in range(1, 31)) + "".join(f"{n},{n}\n" for n in range(31, 331))
    table = normalise(write_csv("Số,Mã\n" + body), tmp_path / "out").tables[0]
    table.schema["fields"][1]["type"] = "integer"

    capped = validate_table(table.path, table.schema, limit_errors=5)
    everything = validate_table(table.path, table.schema, limit_errors=0)

    assert len(capped["tasks"][0]["errors"]) == 5
    assert capped["tasks"][0]["warnings"] == ["reached error limit: 5"]
    assert len(everything["tasks"][0]["errors"]) == 30
    assert everything["tasks"][0]["warnings"] == []


def test_reports_of_several_tables_merge_like_a_package_report(tmp_path: Path, write_csv) -> None:
    good = normalise(write_csv("a\n1\n", "good.csv"), tmp_path / "g").tables[0]
    bad = normalise(DATA / "type-errors.csv", tmp_path / "b").tables[0]
    merged = merge_reports(
        [validate_table(good.path, good.schema, name="good"), validate_table(bad.path, bad.schema, name="bad")]
    )
    assert merged["valid"] is False
    assert merged["stats"]["tasks"] == 2
    assert merged["stats"]["errors"] == 3
    assert [task["name"] for task in merged["tasks"]] == ["good", "bad"]


def test_the_error_grid_lays_out_counts_by_column_with_whole_row_errors_apart() -> None:
    counts = {
        "total": 9, "complete": True,
        "byType": {"type-error": 4, "blank-row": 2, "unknown-code": 3},
        "byField": {"b": {"type-error": 3}, "a": {"type-error": 1, "unknown-code": 3}},
    }
    grid = ErrorGrid.from_counts(counts, [{"name": "a", "title": "Mã tỉnh"}, {"name": "b"}])

    assert grid.types == ["type-error", "unknown-code", "blank-row"]  # the most frequent first
    assert grid.rows == [
        ("Mã tỉnh", {"type-error": 1, "unknown-code": 3}, 4),
        ("b", {"type-error": 3}, 3),
        (None, {"blank-row": 2}, 2),
    ]
    assert grid.total == 9


def test_counts_stored_before_columns_were_counted_still_make_a_grid() -> None:
    grid = ErrorGrid.from_counts({"type-error": 3, "blank-row": 1})

    assert (grid.total, grid.types, grid.rows, grid.totals) == (4, ["type-error", "blank-row"], [], {"type-error": 3, "blank-row": 1})
