"""What the engine does not reproduce exactly, frictionless validates, and the report says so.

Also: CSV that is not well formed (stray quotes, lone carriage returns) is read with Python's csv
module, frictionless's own reader, and still gets the engine's report; an unreadable file still
gets a report.
"""

from __future__ import annotations

import decimal
import random
import re
from pathlib import Path
from typing import Any

import frictionless
import pytest

from datapackages.engine import fallback_warning
from datapackages.validate import validate_table

from .conformance import comparable, fell_back, first_difference, frictionless_report


def field(name: str, kind: str = "string", **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, **extra}


UNSUPPORTED: dict[str, tuple[str, dict[str, Any], str]] = {
    "a type the engine does not read": ("d\nP1D\nx\n", {"fields": [field("d", "duration")]}, "type 'duration'"),
    "a time key with a time zone": (
        "t\n10:00:00+07:00\n10:00:00+07:00\n",
        {"fields": [field("t", "time", constraints={"unique": True})]},
        "time with a time zone in a key",
    ),
    "a string format": ("e\na@b.vn\nnope\n", {"fields": [field("e", format="email")]}, "format 'email' of type string"),
    "group characters": ("n\n1.000,5\n", {"fields": [field("n", "number", groupChar=".", decimalChar=",")]}, "field property 'groupChar'"),
    "a number key beyond 15 digits": (
        "n\n9999999999999999\n10000000000000000\n",
        {"fields": [field("n", "number", constraints={"unique": True})]},
        "number with more than 15 digits in a key",
    ),
    "a schema without fields": ("a\n1\n", {"fields": []}, "schema fields"),
    "labels matched by name": ("b,a\n1,2\n", {"fields": [field("a"), field("b")], "fieldsMatch": "subset"}, "fieldsMatch"),
    "a semicolon file the sniffer guesses": (
        "a;b\n1;2\n3;4\n",
        {"fields": [field("a;b")]},
        "a CSV dialect other than comma and double quote",
    ),
    "a header guessed below the first row": (
        "title\n" + "a,b,c\n" + "1,2,3\n" * 5,
        {"fields": [field("title")]},
        "a header row guessed below the first row",
    ),
}


@pytest.mark.parametrize("case", UNSUPPORTED, ids=str)
def test_frictionless_answers_what_the_engine_does_not_support_and_the_report_says_so(case: str, tmp_path: Path) -> None:
    text, schema, feature = UNSUPPORTED[case]
    path = tmp_path / "table.csv"
    path.write_text(text, encoding="utf-8")

    ours = validate_table(path, schema, name="table", limit_errors=0)
    theirs = frictionless_report(path, schema, name="table", limit_errors=0)

    task = ours["tasks"][0]
    assert task["warnings"][-1] == fallback_warning(feature)
    task["warnings"].pop()
    task["stats"]["warnings"] -= 1
    ours["stats"]["warnings"] -= 1
    assert comparable(ours) == comparable(theirs), first_difference(comparable(ours), comparable(theirs))


def test_an_unreadable_file_still_gets_a_report(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes("tên,số\nHà Nội,1\n".encode("utf-8") + "Huế,2\n".encode("utf-16"))

    report = validate_table(path, {"fields": [field("tên"), field("số", "integer")]}, name="table")

    assert report["valid"] is False
    assert [error["type"] for error in report["tasks"][0]["errors"]] == ["encoding-error"]
    assert fell_back(report)


def test_a_missing_file_still_gets_a_report(tmp_path: Path) -> None:
    report = validate_table(tmp_path / "gone.csv", {"fields": [field("a")]}, name="table")

    assert report["valid"] is False
    assert report["tasks"][0]["errors"][0]["type"] == "scheme-error"


MALFORMED = [
    'a,b\n1,x"y\n2,"ok"\n',
    'a,b\n1,"x"y\n2,z\n',
    'a,b\r1,2\r3,4\r',
    'a,b\n1,"open\n2,3\n',
    'a,b\n"1"  ,2\n3,4\n',
    'a,b\n1,2\n""\n3,4\n',
]


@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_csv_is_read_as_frictionless_reads_it(text: str, tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text(text, encoding="utf-8", newline="")
    schema = {"fields": [field("a", "integer"), field("b")]}
    for limit in (0, 1):
        ours = validate_table(path, schema, name="table", limit_errors=limit)
        theirs = frictionless_report(path, schema, name="table", limit_errors=limit)
        assert not fell_back(ours)
        assert comparable(ours) == comparable(theirs), first_difference(comparable(ours), comparable(theirs))


def test_random_tables_of_quotes_commas_and_newlines(tmp_path: Path) -> None:
    rng = random.Random(8)
    pieces = ["a", "1", ",", '"', '""', "\r\n", "\n", " ", "é", ""]
    for number in range(150):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        path = tmp_path / f"random{number}.csv"
        path.write_text("a,b\r\n" + body, encoding="utf-8", newline="")
        schema = {"fields": [field("a", "integer", constraints={"unique": True}), field("b")]}
        ours = validate_table(path, schema, name="table", limit_errors=0)
        theirs = frictionless_report(path, schema, name="table", limit_errors=0)
        if fell_back(ours):
            continue  # e.g. the sniffer guessed another dialect: frictionless answered, as it should
        assert comparable(ours) == comparable(theirs), (body, first_difference(comparable(ours), comparable(theirs)))


def test_an_undecodable_header_still_gets_frictionless_report(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes("tên\nHà Noi\n".encode("latin-1"))

    report = validate_table(path, {"fields": [field("tên")]}, name="table")

    assert fell_back(report)
    assert report["tasks"][0]["errors"][0]["type"] == "encoding-error"


@pytest.mark.parametrize(
    ("text", "schema", "exception"),
    [
        ("n\nsNaN\n", {"fields": [field("n", "number", constraints={"minimum": 0})]}, decimal.InvalidOperation),
        ("s\nx\n", {"fields": [field("s", constraints={"pattern": "("})]}, re.error),
        ("a\n1\n", {"fields": [field("a", "integer", constraints={"pattern": "[0-9]"})]}, frictionless.FrictionlessException),
    ],
    ids=["a signalling NaN compared with a bound", "a pattern Python cannot compile", "an invalid schema"],
)
def test_what_crashes_frictionless_is_left_to_frictionless(text: str, schema: dict, exception: type, tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(exception):
        frictionless_report(path, schema, name="table")
    with pytest.raises(exception):
        validate_table(path, schema, name="table")
