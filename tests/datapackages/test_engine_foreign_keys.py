"""Foreign keys to another table of the package, and to the national reference lists.

Keys to another table get frictionless's report, error for error, as frictionless gives it when
it validates the table inside a package. Keys to a reference list (the provinces, the communes)
get the platform's own ``unknown-code`` error, one per cell whose code is not in the list, and
are counted by column like every other error.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from datapackages.engine import UNKNOWN_CODE, fallback_warning
from datapackages.engine.fallback import unchecked_list_warning
from datapackages.validate import References, validate_table

from .conformance import comparable, fell_back, first_difference, frictionless_package_report

LIMITS = (0, 1, 3, 1000)


def field(name: str, kind: str = "string", **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, **extra}


def write(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def package(tmp_path: Path, tables: dict[str, tuple[list[list[str]], dict[str, Any]]]) -> dict[str, tuple[Path, dict[str, Any]]]:
    return {name: (write(tmp_path / f"{name}.csv", rows), schema) for name, (rows, schema) in tables.items()}


PROVINCES = (
    [["code", "name"], ["01", "Hà Nội"], ["79", "Hồ Chí Minh"], ["48", "Đà Nẵng"], ["", "không mã"], ["01", "trùng"]],
    {"fields": [field("code"), field("name")]},
)
BUDGETS = (
    [["year", "unit", "amount"], ["2024", "A", "1.5"], ["2025", "A", "2"], ["2025", "B", "-0"], ["x", "C", "NaN"], ["2024", "", "3"]],
    {"fields": [field("year", "integer"), field("unit"), field("amount", "number")]},
)
UNITS = (
    [["id", "province", "year", "unit", "amount", "note"],
     ["1", "01", "2024", "A", "1.50", "đúng"],
     ["2", "1", "2025", "A", "2.0", "mã tỉnh thiếu số 0"],
     ["3", "99", "2025", "B", "0", "mã không có"],
     ["4", "", "2023", "A", "7", "năm không có"],
     ["5", "48", "x", "C", "NaN", "ô sai kiểu, NaN"],
     ["6", "79", "", "", "", "khóa trống"],
     ["7", "48", "2024", "", "3", "một phần trống"],
     ["8", "", "", "", "", ""],
     ["9", "79", "2024", "a", "1.5", "chữ thường"]],
    {
        "fields": [field("id", "integer"), field("province"), field("year", "integer"), field("unit"), field("amount", "number"),
                   field("note")],
        "primaryKey": "id",
        "foreignKeys": [
            {"fields": "province", "reference": {"resource": "provinces", "fields": "code"}},
            {"fields": ["year", "unit"], "reference": {"resource": "budgets", "fields": ["year", "unit"]}},
            {"fields": ["amount"], "reference": {"resource": "budgets", "fields": ["amount"]}},
        ],
    },
)


@pytest.mark.parametrize("limit", LIMITS)
def test_keys_to_other_tables_get_frictionless_package_report(limit: int, tmp_path: Path) -> None:
    tables = package(tmp_path, {"provinces": PROVINCES, "budgets": BUDGETS, "units": UNITS})
    path, schema = tables["units"]

    ours = validate_table(path, schema, name="units", limit_errors=limit, references=References(tables=tables))
    theirs = frictionless_package_report(tables, "units", limit_errors=limit)

    assert not fell_back(ours), ours["tasks"][0]["warnings"]
    assert comparable(ours) == comparable(theirs), first_difference(comparable(ours), comparable(theirs))


def test_a_key_to_another_table_is_reported_with_the_values_not_found(tmp_path: Path) -> None:
    tables = package(tmp_path, {"provinces": PROVINCES, "budgets": BUDGETS, "units": UNITS})
    path, schema = tables["units"]

    report = validate_table(path, schema, name="units", limit_errors=0, references=References(tables=tables))

    found = [(error["rowNumber"], error["fieldCells"]) for error in report["tasks"][0]["errors"] if error["type"] == "foreign-key"]
    # By hand: "1" and "99" are no province code; 2023/A and 2024/a are no budget key, nor is 7 an
    # amount; NaN equals nothing; 2.0 = 2 and 0 = -0 are found; a key all blank is not looked up;
    # and, frictionless's quirk, a blank or invalid cell (None) finds a None of the other table:
    # x/C finds x/C, 2024/"" finds 2024/"".
    assert found == [(3, ["1"]), (4, ["99"]), (5, ["2023", "A"]), (5, ["7"]), (6, ["NaN"]), (10, ["2024", "a"])]
    assert report["tasks"][0]["stats"]["counts"]["byField"]["province"] == {"foreign-key": 2}


def test_a_table_that_falls_back_still_looks_its_keys_up_in_the_package(tmp_path: Path) -> None:
    rows, schema = UNITS
    schema = {**schema, "fields": [*schema["fields"][:-1], field("note", "duration")]}  # a type the engine leaves to frictionless
    tables = package(tmp_path, {"provinces": PROVINCES, "budgets": BUDGETS, "units": (rows, schema)})

    ours = validate_table(tables["units"][0], schema, name="units", limit_errors=0, references=References(tables=tables))

    assert fell_back(ours)
    kinds = [error["type"] for error in ours["tasks"][0]["errors"]]
    assert kinds.count("foreign-key") == 6


CODES = {"provinces": frozenset({"01", "79", "48"}), "communes": frozenset({"00004", "26734"})}


def test_codes_not_in_a_national_reference_list_are_reported_in_the_users_column(tmp_path: Path) -> None:
    rows = [["tên", "tỉnh", "xã"], ["A", "01", "00004"], ["B", "1", "4"], ["C", "", "26734"], ["D", "99", "00004"],
            ["E", "79 ", "x"], ["F", "48", ""]]
    schema = {
        "fields": [field("tên"), field("tỉnh"), field("xã")],
        "foreignKeys": [
            {"fields": "tỉnh", "reference": {"resource": "provinces", "fields": "code"}},
            {"fields": ["xã"], "reference": {"resource": "communes", "fields": ["code"]}},
        ],
    }
    path = write(tmp_path / "table.csv", rows)

    report = validate_table(path, schema, name="table", limit_errors=0, references=References(lists=CODES))

    task = report["tasks"][0]
    assert not fell_back(report)
    assert report["valid"] is False
    assert [(error["type"], error["rowNumber"], error["fieldName"], error["cell"]) for error in task["errors"]] == [
        (UNKNOWN_CODE, 3, "tỉnh", "1"), (UNKNOWN_CODE, 3, "xã", "4"), (UNKNOWN_CODE, 5, "tỉnh", "99"),
        (UNKNOWN_CODE, 6, "tỉnh", "79 "), (UNKNOWN_CODE, 6, "xã", "x"),
    ]
    assert task["errors"][0]["message"] == (
        'The cell "1" in row at position "3" and field "tỉnh" at position "2" is not a code of the reference list:'
        ' "1" not found in the reference list "provinces"'
    )
    assert task["stats"]["counts"]["byField"] == {"tỉnh": {UNKNOWN_CODE: 3}, "xã": {UNKNOWN_CODE: 2}}
    assert task["stats"]["errors"] == 5


def test_a_table_of_the_package_wins_over_a_reference_list_of_the_same_name(tmp_path: Path) -> None:
    tables = package(tmp_path, {"provinces": ([["code"], ["99"]], {"fields": [field("code")]})})
    path = write(tmp_path / "table.csv", [["tỉnh"], ["99"], ["01"]])
    schema = {"fields": [field("tỉnh")], "foreignKeys": [{"fields": "tỉnh", "reference": {"resource": "provinces", "fields": "code"}}]}

    report = validate_table(path, schema, name="table", references=References(tables=tables, lists=CODES))

    assert [(error["type"], error["rowNumber"]) for error in report["tasks"][0]["errors"]] == [("foreign-key", 3)]


def test_a_reference_list_left_unchecked_by_the_fallback_is_named_in_the_report(tmp_path: Path) -> None:
    path = write(tmp_path / "table.csv", [["tỉnh", "thời gian"], ["99", "P1D"]])
    schema = {
        "fields": [field("tỉnh"), field("thời gian", "duration")],
        "foreignKeys": [{"fields": "tỉnh", "reference": {"resource": "provinces", "fields": "code"}}],
    }

    report = validate_table(path, schema, name="table", references=References(lists=CODES))

    assert fell_back(report)
    assert unchecked_list_warning("provinces") in report["tasks"][0]["warnings"]
    assert report["valid"] is True  # frictionless found nothing, and says what it could not check


def test_a_key_to_a_table_missing_from_the_package_is_left_to_frictionless(tmp_path: Path) -> None:
    path = write(tmp_path / "table.csv", [["tỉnh"], ["01"]])
    schema = {"fields": [field("tỉnh")], "foreignKeys": [{"fields": "tỉnh", "reference": {"resource": "nowhere", "fields": "code"}}]}

    report = validate_table(path, schema, name="table", references=References(lists=CODES))

    assert fell_back(report)
    assert report["valid"] is False


def test_keys_to_a_large_table_split_into_buckets_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datapackages.engine import keys, source

    monkeypatch.setattr(source, "BATCH_BYTES", 4096)
    monkeypatch.setattr(keys, "BUCKET_BYTES", 10_000)
    monkeypatch.setattr(keys, "SPILL_BYTES", 5_000)
    communes = ([["code", "province"]] + [[f"{number:05d}", f"{number % 34:02d}"] for number in range(0, 6000, 3)],
                {"fields": [field("code"), field("province", "integer")]})
    people = ([["id", "commune", "province"]] + [[str(number), f"{number:05d}", str(number % 34)] for number in range(3000)],
              {"fields": [field("id", "integer"), field("commune"), field("province", "integer")],
               "foreignKeys": [{"fields": ["commune", "province"], "reference": {"resource": "communes", "fields": ["code", "province"]}}]})
    tables = package(tmp_path, {"communes": communes, "people": people})

    ours = validate_table(tables["people"][0], people[1], name="people", limit_errors=0, references=References(tables=tables))
    theirs = frictionless_package_report(tables, "people", limit_errors=0)

    assert not fell_back(ours)
    assert comparable(ours) == comparable(theirs), first_difference(comparable(ours), comparable(theirs))
    assert ours["tasks"][0]["stats"]["counts"]["byType"] == {"foreign-key": 2000}  # only every third commune exists


def test_a_reference_list_on_a_number_field_is_left_unchecked_and_the_report_says_so(tmp_path: Path) -> None:
    path = write(tmp_path / "table.csv", [["tỉnh"], ["1"], ["99"]])
    schema = {"fields": [field("tỉnh", "integer")],
              "foreignKeys": [{"fields": "tỉnh", "reference": {"resource": "provinces", "fields": "code"}}]}

    report = validate_table(path, schema, name="table", references=References(lists=CODES))

    warnings = report["tasks"][0]["warnings"]
    assert warnings == [fallback_warning("a reference list key on a field of type integer"), unchecked_list_warning("provinces")]
    assert report["valid"] is True


def test_keys_to_an_empty_table_are_all_missing_as_frictionless_says(tmp_path: Path) -> None:
    tables = package(tmp_path, {
        "codes": ([["code", "n"]], {"fields": [field("code"), field("n", "integer")]}),
        "rows": ([["code", "n"], ["01", "1"], ["", ""]], {
            "fields": [field("code"), field("n", "integer")],
            "foreignKeys": [{"fields": ["code", "n"], "reference": {"resource": "codes", "fields": ["code", "n"]}}],
        }),
    })
    ours = validate_table(tables["rows"][0], tables["rows"][1], name="rows", limit_errors=0, references=References(tables=tables))
    theirs = frictionless_package_report(tables, "rows", limit_errors=0)

    assert not fell_back(ours)
    assert comparable(ours) == comparable(theirs), first_difference(comparable(ours), comparable(theirs))
    assert [error["rowNumber"] for error in ours["tasks"][0]["errors"] if error["type"] == "foreign-key"] == [2]
