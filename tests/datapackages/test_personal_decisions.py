"""What the officer decides is carried out, and the table stays valid: drop, mask, hash, keep."""

from __future__ import annotations

import csv
from pathlib import Path

import frictionless
import pytest

from datapackages.normalise import Table, normalise
from datapackages.personal import (
    Decision,
    InvalidDecision,
    apply_decisions,
    hash_value,
    mask_example,
    mask_last_digits,
    scan_table,
)
from datapackages.validate import validate_table

from ..helpers import DATA

CORPUS = DATA / "personal"
SALT = "a-secret-of-at-least-16-bytes"
OTHER_SALT = "another-secret-16-bytes-or-more"


def tidy(name: str, out: Path) -> Table:
    return normalise(CORPUS / name, out).tables[0]


def read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def frictionless_valid(path: Path, schema: dict) -> bool:
    resource = frictionless.Resource(path=path.name, basepath=str(path.parent), schema=frictionless.Schema.from_descriptor(schema))
    report = resource.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    return True


def test_drop_mask_hash_and_keep_write_a_valid_table_and_schema(tmp_path: Path) -> None:
    table = tidy("ho-so-truc-tuyen-nguoi-nop.csv", tmp_path)
    decisions = {
        "so_cccd": Decision("drop"),
        "so_dien_thoai": Decision("mask-last-digits", digits=4),
        "email": Decision("hash"),
        "ho_ten_nguoi_nop": Decision("hash"),
        "dia_chi_lien_he": Decision("drop"),
        "ma_ho_so": Decision("keep", reason="a file number, not a person"),
    }
    out = tmp_path / "published.csv"
    schema = apply_decisions(table.path, table.schema, decisions, out, SALT)

    names = [spec["name"] for spec in schema["fields"]]
    assert "so_cccd" not in names and "dia_chi_lien_he" not in names
    assert read(out)[0].keys() == set(names)
    types = {spec["name"]: spec["type"] for spec in schema["fields"]}
    assert types["so_dien_thoai"] == types["email"] == types["ho_ten_nguoi_nop"] == "string"
    assert frictionless_valid(out, schema)
    assert validate_table(out, schema)["valid"] is True

    before, after = read(table.path), read(out)
    assert [row["ma_ho_so"] for row in after] == [row["ma_ho_so"] for row in before]  # kept as it was
    for old, new in zip(before, after, strict=True):
        if any(char.isdigit() for char in old["so_dien_thoai"]):
            digits = "".join(char for char in old["so_dien_thoai"] if char.isdigit())
            assert new["so_dien_thoai"].endswith(digits[-4:]) and set(new["so_dien_thoai"][:-4]) == {"*"}
        if old["email"]:
            assert len(new["email"]) == 64 and new["email"] == hash_value(old["email"], SALT)
        else:
            assert new["email"] == ""  # a missing value stays missing

    # What was handled is no longer found; only what was left alone still is.
    remaining = {(finding.field, finding.kind) for finding in scan_table(out, schema)}
    assert remaining == set()


def test_columns_typed_as_numbers_or_dates_become_strings_once_masked_or_hashed(tmp_path: Path) -> None:
    table = tidy("ho-ngheo-can-ngheo.csv", tmp_path)
    assert {spec["name"]: spec["type"] for spec in table.schema["fields"]}["nam_sinh"] == "integer"
    schema = apply_decisions(
        table.path, table.schema, {"nam_sinh": Decision("mask-last-digits", digits=0), "so_cmnd_cccd": Decision("hash")},
        tmp_path / "out.csv", SALT,
    )
    assert {spec["name"]: spec["type"] for spec in schema["fields"]}["nam_sinh"] == "string"
    assert {row["nam_sinh"] for row in read(tmp_path / "out.csv")} == {"****"}
    assert frictionless_valid(tmp_path / "out.csv", schema)

    dates = tidy("xuat-canh-khong-dau.csv", tmp_path / "x")
    assert {spec["name"]: spec["type"] for spec in dates.schema["fields"]}["ngay_thang_nam_sinh"] == "date"
    schema = apply_decisions(dates.path, dates.schema, {"ngay_thang_nam_sinh": Decision("hash")}, tmp_path / "dates.csv", SALT)
    assert frictionless_valid(tmp_path / "dates.csv", schema)


def test_the_hash_is_stable_for_a_salt_differs_across_salts_and_joins_across_spellings(tmp_path: Path) -> None:
    table = tidy("phan-anh-kien-nghi.csv", tmp_path)
    first = apply_decisions(table.path, table.schema, {"dt": Decision("hash")}, tmp_path / "a.csv", SALT)
    apply_decisions(table.path, table.schema, {"dt": Decision("hash")}, tmp_path / "b.csv", SALT)
    apply_decisions(table.path, table.schema, {"dt": Decision("hash")}, tmp_path / "c.csv", OTHER_SALT)
    a, b, c = ((tmp_path / name).read_bytes() for name in ("a.csv", "b.csv", "c.csv"))
    assert a == b and a != c
    assert first == apply_decisions(table.path, table.schema, {"dt": Decision("hash")}, tmp_path / "d.csv", SALT)

    assert hash_value("0912 345 678", SALT) == hash_value("0912.345.678", SALT) == hash_value("0912345678", SALT)
    assert hash_value("Nguyễn Văn An", SALT) == hash_value("Nguye\u0302\u0303n Văn An ", SALT)  # decomposed, padded
    assert hash_value("0912345678", SALT) != hash_value("0912345678", OTHER_SALT)
    assert hash_value("", SALT) == ""


@pytest.mark.parametrize(
    ("value", "digits", "masked"),
    [("0123456789", 4, "******6789"), ("0912 345 678", 4, "******5678"), ("B1234567", 3, "*****567"), ("123", 4, "***"),
     ("", 4, ""), ("0912345678", 0, "**********")],
)
def test_masking_keeps_only_the_last_digits(value: str, digits: int, masked: str) -> None:
    assert mask_last_digits(value, digits) == masked


def test_examples_are_masked_to_their_shape() -> None:
    assert mask_example("0912 345 678", "phone-number") == "**** *** *78"
    assert mask_example("001085012345", "citizen-id") == "**********45"
    assert mask_example("an.nguyen@example.com", "email-address") == "a********@e******.com"
    assert mask_example("Nguyễn Văn An", "person-name") == "N***** V** A*"
    assert mask_example("12/05/1985", "date-of-birth") == "**/**/****"
    assert mask_example("Số 12, ngõ 5, phố Huế", "home-address") == "S* **, n** *, p** H**"
    assert mask_example("Gọi anh Hùng 0987 654 321", "phone-number") == "G** a** H*** **** *** ***"
    assert mask_example("12", "id-card") == "**"


def test_primary_and_foreign_keys_follow_what_still_holds(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("ma,cccd,sdt\n1,001085012345,0912345678\n2,001085012346,\n", encoding="utf-8")
    schema = {
        "fields": [{"name": "ma", "type": "integer"}, {"name": "cccd", "type": "string", "constraints": {"unique": True, "pattern": "[0-9]{12}"}},
                   {"name": "sdt", "type": "string", "constraints": {"required": False, "maxLength": 12}}],
        "primaryKey": ["cccd"],
        "foreignKeys": [{"fields": "sdt", "reference": {"resource": "phones", "fields": "sdt"}}],
        "missingValues": [""],
    }
    hashed = apply_decisions(path, schema, {"cccd": Decision("hash"), "sdt": Decision("mask-last-digits")}, tmp_path / "a.csv", SALT)
    assert hashed["primaryKey"] == ["cccd"]  # a hash keeps values apart
    assert hashed["fields"][1]["constraints"] == {"unique": True}
    assert hashed["fields"][2]["constraints"] == {"required": False} and "foreignKeys" not in hashed  # masks may collide
    assert frictionless_valid(tmp_path / "a.csv", {key: value for key, value in hashed.items() if key != "foreignKeys"})

    masked = apply_decisions(path, schema, {"cccd": Decision("mask-last-digits")}, tmp_path / "b.csv")
    assert "primaryKey" not in masked and schema["primaryKey"] == ["cccd"]  # the caller's schema is untouched
    assert read(tmp_path / "b.csv")[1]["sdt"] == ""


@pytest.mark.parametrize(
    ("decisions", "salt", "code"),
    [
        ({"nobody": Decision("drop")}, SALT, "unknown-field"),
        ({"sdt": Decision("publish")}, SALT, "unknown-action"),
        ({"sdt": Decision("keep")}, SALT, "keep-needs-reason"),
        ({"sdt": Decision("keep", reason="   ")}, SALT, "keep-needs-reason"),
        ({"sdt": Decision("mask-last-digits", digits=8)}, SALT, "too-many-digits-kept"),
        ({"sdt": Decision("hash")}, None, "salt-too-short"),
        ({"sdt": Decision("hash")}, "short", "salt-too-short"),
        ({"ma": Decision("drop"), "sdt": Decision("drop")}, SALT, "nothing-left"),
    ],
)
def test_a_decision_that_cannot_be_carried_out_is_refused_before_writing(
    tmp_path: Path, decisions: dict, salt: str | None, code: str
) -> None:
    path = tmp_path / "t.csv"
    path.write_text("ma,sdt\n1,0912345678\n", encoding="utf-8")
    schema = {"fields": [{"name": "ma", "type": "integer"}, {"name": "sdt", "type": "string"}]}
    with pytest.raises(InvalidDecision) as caught:
        apply_decisions(path, schema, decisions, tmp_path / "out.csv", salt)
    assert caught.value.code == code
    assert not (tmp_path / "out.csv").exists()


def test_hashing_refuses_a_salt_too_short_to_resist_guessing() -> None:
    with pytest.raises(ValueError):
        hash_value("0912345678", "short")
    with pytest.raises(ValueError):
        mask_last_digits("0912345678", -1)
