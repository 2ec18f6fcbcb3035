"""The engine's report equals frictionless's, error for error, on real tables and on a planted corpus.

Every table is validated twice, by ``validate_table`` (the engine) and by frictionless 5 itself,
with and without an error limit; any difference fails. The planted corpus holds every error the
engine reports: each type with its spellings and formats (times, years and year-months too),
each constraint, unique fields, primary
keys (single and composite, with invalid cells), foreign keys to the table itself, blank rows,
missing and extra cells, and every label error.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from datapackages.errors import FileRejected
from datapackages.normalise import normalise
from datapackages.validate import validate_table

from ..helpers import DATA
from .conformance import comparable, fell_back, first_difference, frictionless_report

DEMO = Path(__file__).parents[2] / "config" / "demo" / "files"
LIMITS = (0, 1, 3, 1000)


def assert_same_report(path: Path, schema: dict[str, Any], limit: int, *, engine_only: bool = True) -> dict[str, Any]:
    ours = validate_table(path, schema, name="table", limit_errors=limit)
    theirs = frictionless_report(path, schema, name="table", limit_errors=limit)
    assert comparable(ours) == comparable(theirs), first_difference(comparable(ours), comparable(theirs))
    if engine_only:
        assert not fell_back(ours), ours["tasks"][0]["warnings"]
    return ours


def write(path: Path, rows: list[list[str]], *, terminator: str = "\r\n") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator=terminator).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


# Real tables: the test data and the demo files, normalised as the platform does ------------------


def real_tables() -> list[Path]:
    found = [path for path in sorted(DATA.rglob("*")) if path.suffix.lower() in (".csv", ".xlsx", ".xlsm")]
    return found + sorted(DEMO.iterdir())


@pytest.mark.parametrize("source", real_tables(), ids=lambda path: path.name)
def test_real_tables_get_frictionless_report(source: Path, tmp_path: Path) -> None:
    try:
        tables = normalise(source, tmp_path).tables
    except FileRejected:
        pytest.skip("the platform refuses this file before validation")
    for table in tables:
        for limit in LIMITS:
            assert_same_report(table.path, table.schema, limit)


# The planted corpus ----------------------------------------------------------------------------


def field(name: str, kind: str = "string", **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, **extra}


CASES: dict[str, tuple[list[list[str]], dict[str, Any]]] = {
    "integer spellings": (
        [["n"], ["12"], [" 12 "], ["+1"], ["-0"], ["1_000"], ["١٢"], ["007"], ["12.0"], ["x"], ["1e3"],
         ["99999999999999999999"], ["9223372036854775807"], [""], ["0x10"]],
        {"fields": [field("n", "integer")]},
    ),
    "number spellings": (
        [["n"], ["1.5"], ["1e5"], ["NaN"], ["Infinity"], ["-inf"], ["-0"], [".5"], ["5."], [" 2 "], ["1,5"], ["abc"],
         ["0.10000000000000000001"], ["1_000.5"], ["12345678901234567890"]],
        {"fields": [field("n", "number", constraints={"minimum": 0, "maximum": 100})]},
    ),
    "boolean values": (
        [["a", "b"], ["true", "yes"], ["False", "no"], ["1", "oui"], ["0", "x"], ["TRUE", "yes"], ["maybe", ""]],
        {"fields": [field("a", "boolean"), field("b", "boolean", trueValues=["yes", "oui"], falseValues=["no"])]},
    ),
    "dates and formats": (
        [["d", "vn", "free"], ["2025-07-01", "01/07/2025", "July 1, 2025"], ["2025-7-1", "1/7/2025", "2025-07-01"],
         ["2025-02-30", "31/02/2025", "not a date"], ["0000-01-01", "2025-07-01", "01/07/2025"],
         [" 2025-01-01", "01/07/25", ""], ["2025-01-01T00:00:00", "", "12"]],
        {"fields": [field("d", "date"), field("vn", "date", format="%d/%m/%Y"), field("free", "date", format="any")]},
    ),
    "datetimes": (
        [["t"], ["2025-01-01T10:00:00"], ["2025-01-01T10:00:00Z"], ["2025-01-01 10:00:00"], ["2025-01-01"],
         ["2025-01-01T24:00:00"], ["2025-13-01T10:00:00"], ["2025-01-01T10:00:00.123456+07:00"]],
        {"fields": [field("t", "datetime")]},
    ),
    "times and formats": (
        [["t", "hm", "free"], ["10:00:00", "10:30", "10am"], ["10:00", "7:05", "10:00:00"], ["1:00:00", "10:30:00", "noon"],
         ["10:00:00Z", "24:00", ""], ["10:00:00+07:00", "10-30", "23:59:59.999"], ["24:00:00", "", "25:00"],
         ["10:60:00", "09:15", "x"], ["10:00:00.123456", "9:5", "10:00 PM"], ["x", "10:30", "10:00:00"]],
        {"fields": [field("t", "time"), field("hm", "time", format="%H:%M"), field("free", "time", format="any")]},
    ),
    "years": (
        [["y", "fmt"], ["2025", "2025"], ["25", "0000"], ["+202", "9999"], [" 202", "10000"], ["-001", "2025.0"],
         ["0000", "١٢٣٤"], ["20 5", "1_00"], ["2025.0", ""], ["abcd", "2025"]],
        {"fields": [field("y", "year"), field("fmt", "year", format="%Y")]},
    ),
    "year-months": (
        [["m"], ["2025-07"], ["2025-7"], ["2025-13"], ["2025-00"], ["25-07"], [" 2025-07"], ["2025-07-01"], ["-2025-01"],
         ["2025/07"], ["+2025-+7"], ["x"], [""], ["99999-12"]],
        {"fields": [field("m", "yearmonth")]},
    ),
    "bounds and enums of times, years and year-months": (
        [["t", "y", "m"], ["08:00:00", "2020", "2020-01"], ["07:59:59", "1999", "2019-12"], ["18:00:01", "2031", "2031-01"],
         ["12:00:00", "2025", "2025-06"], ["12:00", "2024", "2025-6"]],
        {
            "fields": [
                field("t", "time", constraints={"minimum": "08:00:00", "maximum": "18:00:00", "enum": ["08:00:00", "12:00:00"]}),
                field("y", "year", constraints={"minimum": 2000, "maximum": "2030", "enum": [2020, "2025", 2031]}),
                field("m", "yearmonth", constraints={"minimum": "2020-01", "maximum": "2030-12", "enum": ["2020-01", [2025, 6]],
                                                      "required": True}),
            ]
        },
    ),
    "keys of times, years and year-months": (
        [["t", "y", "m", "ref"], ["08:00:00", "2020", "2020-01", "2020-01"], ["08:00:00", "2021", "2020-1", "2020-02"],
         ["09:00:00", "2020", "2020-02", "2021-01"], ["x", "0000", "2020-13", "2020-1"], ["x", "+020", "2020-01", ""],
         ["", "", "", "x"]],
        {
            "fields": [
                field("t", "time", constraints={"unique": True}),
                field("y", "year", constraints={"unique": True}),
                field("m", "yearmonth"),
                field("ref", "yearmonth"),
            ],
            "primaryKey": ["y", "m"],
            "foreignKeys": [{"fields": "ref", "reference": {"resource": "", "fields": "m"}}],
        },
    ),
    "string constraints": (
        [["code", "name", "kind"], ["01234", "An", "công"], ["1234", "", "tư"], ["0123a", "Bình Minh", "khác"],
         ["01234\n", "X" * 12, ""], ["٠١٢٣٤", "Đ", "công"]],
        {
            "fields": [
                field("code", constraints={"pattern": "[0-9]{5}", "required": True}),
                field("name", constraints={"minLength": 2, "maxLength": 10, "required": True}),
                field("kind", constraints={"enum": ["công", "tư"]}),
            ]
        },
    ),
    "patterns only Python reads": (
        [["a", "b", "c"], ["123", "ab", "x"], ["12", "b", "yz"], ["١٢٣", "abc", "a"], ["123\n", "aXb", ""]],
        {
            "fields": [
                field("a", constraints={"pattern": r"\d{3}"}),
                field("b", constraints={"pattern": "a|b"}),
                field("c", constraints={"pattern": r"(.)\1?"}),
            ]
        },
    ),
    "bounds and enums of every type": (
        [["i", "n", "d", "b", "any"], ["5", "2.5", "2025-01-01", "true", "x"], ["-1", "0.1", "2024-12-31", "false", "y"],
         ["11", "10.5", "2026-01-01", "1", "z"], ["3", "1.0", "2025-06-01", "0", "x"]],
        {
            "fields": [
                field("i", "integer", constraints={"minimum": 0, "maximum": 10, "enum": [1, 3, 5, 11]}),
                field("n", "number", constraints={"minimum": 0.5, "enum": [1, 2.5, "10.5"]}),
                field("d", "date", constraints={"minimum": "2025-01-01", "maximum": "2025-12-31", "enum": ["2025-01-01"]}),
                field("b", "boolean", constraints={"enum": [True]}),
                field("any", "any", constraints={"enum": ["x", "y"], "required": True}),
            ]
        },
    ),
    "unique fields": (
        [["id", "code", "amount"], ["1", "a", "1.0"], ["01", "b", "1"], ["2", "a", "1.50"], ["x", "c", "1.5"],
         ["", "", "NaN"], ["3", "b", "NaN"], ["2", "a", "-0"], ["4", "d", "0"]],
        {
            "fields": [
                field("id", "integer", constraints={"unique": True}),
                field("code", constraints={"unique": True}),
                field("amount", "number", constraints={"unique": True}),
            ]
        },
    ),
    "primary keys": (
        [["id", "name"], ["1", "a"], ["2", "b"], ["1", "c"], ["x", "d"], ["y", "e"], ["", "f"], ["3", "g"], ["2", "h"]],
        {"fields": [field("id", "integer"), field("name")], "primaryKey": ["id"]},
    ),
    "composite primary keys with invalid cells": (
        [["year", "code", "v"], ["2025", "a", "1"], ["2025", "b", "2"], ["x", "a", "3"], ["y", "a", "4"],
         ["2025", "a", "5"], ["", "", "6"], ["2024", "", "7"], ["2024", "", "8"]],
        {"fields": [field("year", "integer"), field("code"), field("v", "integer")], "primaryKey": ["year", "code"]},
    ),
    "self-referencing foreign keys": (
        [["id", "parent", "region", "up"], ["1", "", "a", ""], ["2", "1", "a", "a"], ["3", "9", "b", "a"],
         ["4", "x", "c", "z"], ["5", "2", "a", ""], ["6", "4", "", "b"]],
        {
            "fields": [field("id", "integer"), field("parent", "integer"), field("region"), field("up")],
            "primaryKey": "id",
            "foreignKeys": [
                {"fields": "parent", "reference": {"resource": "", "fields": "id"}},
                {"fields": ["up"], "reference": {"resource": "table", "fields": ["region"]}},
            ],
        },
    ),
    "blank rows, missing and extra cells": (
        [["a", "b", "c"], ["1", "2", "3"], [], ["", "", ""], ["1", "2"], ["1"], ["1", "2", "3", "4"], ["", "", "", "x"],
         ["1", "2", "3", "4", "5"], ["", ""], ["x", "2", "3"]],
        {"fields": [field("a", "integer"), field("b", constraints={"required": True}), field("c")], "primaryKey": ["a"]},
    ),
    "blank rows without keys": (
        [["a", "b"], ["1", "x"], ["", ""], [], ["", "", ""], ["2", ""]],
        {"fields": [field("a", "integer"), field("b", constraints={"required": True})]},
    ),
    "errors ordered by key checks": (
        [["a", "b", "u"], ["x", "1", "k"], ["y", "z", "k"], ["1", "w", "k"], ["", "", "k"]],
        {
            "fields": [field("a", "integer"), field("b", "integer"), field("u", constraints={"unique": True})],
            "primaryKey": ["b"],
        },
    ),
    "missing values": (
        [["a", "b"], ["NA", "-"], ["", "NA"], ["-", "1"], ["n/a", "x"]],
        {"fields": [field("a", "integer"), field("b", "integer", missingValues=["-", ""])], "missingValues": ["NA", "n/a"]},
    ),
    "extra labels": (
        [["a", "b", "c", "c"], ["1", "2", "3", "4"], ["x", "", "", ""]],
        {"fields": [field("a", "integer"), field("b")]},
    ),
    "missing labels": (
        [["a"], ["1", "2"], ["x"]],
        {"fields": [field("a", "integer"), field("b"), field("c", constraints={"unique": True})], "primaryKey": ["c"]},
    ),
    "blank, duplicate and incorrect labels": (
        [["a", "", "a", "D", "e"], ["1", "2", "3", "4", "5"]],
        {"fields": [field("a"), field("b"), field("c"), field("d"), field("e")]},
    ),
}


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("limit", LIMITS)
def test_planted_errors_are_reported_as_frictionless_reports_them(case: str, limit: int, tmp_path: Path) -> None:
    rows, schema = CASES[case]
    assert_same_report(write(tmp_path / "table.csv", rows), schema, limit)


@pytest.mark.parametrize("spilled", [False, True], ids=["keys in memory", "keys spilled to disk"])
def test_a_table_of_many_batches_with_errors_everywhere(spilled: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datapackages.engine import keys, source

    monkeypatch.setattr(source, "BATCH_BYTES", 4096)  # many batches, so state crosses batch boundaries
    if spilled:  # the keys of a large file: split into buckets, written to disk as they come
        monkeypatch.setattr(keys, "BUCKET_BYTES", 20_000)
        monkeypatch.setattr(keys, "SPILL_BYTES", 10_000)
    rows = [["id", "code", "when", "amount", "note", "parent"]]
    for number in range(1, 3000):
        parent = str(number // 2 or "") if number % 53 else "99999"
        cells = [str(number), f"{number % 97:05d}", f"2025-{number % 12 + 1:02d}-{number % 28 + 1:02d}", f"{number / 7:.2f}", "ok", parent]
        planted = number % 41
        if planted == 1:
            cells[0] = str(number - 5)  # duplicate key, far back
        elif planted == 2:
            cells[2] = "2025-02-30"
        elif planted == 3:
            cells[3] = "-1"
        elif planted == 4:
            cells = cells[:3]
        elif planted == 5:
            cells = [*cells, "extra"]
        elif planted == 6:
            cells = ["", "", "", "", "", ""]
        elif planted == 7:
            cells[4] = 'a "quoted", multi\r\nline note'
        rows.append(cells)
    schema = {
        "fields": [
            field("id", "integer", constraints={"unique": True}),
            field("code", constraints={"pattern": "[0-9]{5}"}),
            field("when", "date"),
            field("amount", "number", constraints={"minimum": 0}),
            field("note"),
            field("parent", "integer"),
        ],
        "primaryKey": ["id", "code"],
        "foreignKeys": [{"fields": ["parent"], "reference": {"resource": "", "fields": ["id"]}}],
    }
    path = write(tmp_path / "table.csv", rows)
    for limit in (0, 7, 1000):
        assert_same_report(path, schema, limit)


def test_line_endings_and_quoting_do_not_change_the_report(tmp_path: Path) -> None:
    rows = [["a", "b"], ["1", "x, y"], ["2", 'say "hi"'], ["z", "line\nbreak"], ["4"], ["5", "6", "7"]]
    schema = {"fields": [field("a", "integer"), field("b")]}
    for terminator in ("\r\n", "\n"):
        assert_same_report(write(tmp_path / f"table{len(terminator)}.csv", rows, terminator=terminator), schema, 0)
    quoted = tmp_path / "quoted.csv"
    quoted.write_text('"a","b"\r\n"1","x"\r\n"q","y"\r\n', encoding="utf-8")
    assert_same_report(quoted, schema, 0)
