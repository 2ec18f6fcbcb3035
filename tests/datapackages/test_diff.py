"""The version diff on small files whose answers were worked out by hand (tests/data/diff/)."""

from __future__ import annotations

from pathlib import Path

from datapackages.diff import FieldChange, TableSide, diff_schemas, diff_tables, diff_versions

from ..helpers import DATA

DIFF = DATA / "diff"

V1_SCHEMA = {
    "fields": [
        {"name": "ma", "type": "string", "title": "Mã tỉnh"},
        {"name": "ten", "type": "string", "title": "Tên tỉnh"},
        {"name": "dan_so", "type": "integer", "title": "Dân số"},
    ],
    "primaryKey": ["ma"],
}
V2_SCHEMA = {
    "fields": [
        {"name": "ma", "type": "string", "title": "Mã tỉnh"},
        {"name": "ten", "type": "string", "title": "Tên tỉnh, thành phố"},
        {"name": "dan_so", "type": "number", "title": "Dân số"},
        {"name": "vung", "type": "string", "title": "Vùng"},
    ],
    "primaryKey": "ma",
}


def side(name: str, schema: dict, file: str) -> TableSide:  # type: ignore[type-arg]
    return TableSide(name, DIFF / file, schema)


def test_rows_are_matched_by_the_primary_key() -> None:
    # v1 has provinces 01 02 04 06, v2 has 01 04 06 08 10: 08 and 10 are new, 02 is gone,
    # 01 was renamed and 06's population changed; 04 is the same.
    diff = diff_tables(side("tinh", V1_SCHEMA, "provinces-v1.csv"), side("tinh", V2_SCHEMA, "provinces-v2.csv"))
    assert (diff.matched_by, diff.key, diff.status) == ("key", ["ma"], "changed")
    assert (diff.rows_before, diff.rows_after) == (4, 5)
    assert (diff.added, diff.removed, diff.changed) == (2, 1, 2)
    assert [row["ma"] for row in diff.added_rows] == ["08", "10"]
    assert diff.added_rows[0] == {"ma": "08", "ten": "Tuyên Quang", "dan_so": ""}
    assert diff.removed_rows == [{"ma": "02", "ten": "Hà Giang", "dan_so": "892000"}]
    assert diff.changed_rows == [
        {"key": {"ma": "01"}, "cells": {"ten": ["Hà Nội", "Thủ đô Hà Nội"]}},
        {"key": {"ma": "06"}, "cells": {"dan_so": ["326500", "330000"]}},
    ]
    assert diff.columns == ["ma", "ten", "dan_so"]  # "vung" is new: a schema change, not a change of every row


def test_schema_changes_name_each_field_and_what_changed() -> None:
    assert diff_schemas(V1_SCHEMA, V2_SCHEMA) == [
        FieldChange("ten", "retitled", "Tên tỉnh", "Tên tỉnh, thành phố"),
        FieldChange("dan_so", "retyped", "integer", "number"),
        FieldChange("vung", "added", None, "string"),
    ]
    assert diff_schemas(V2_SCHEMA, V1_SCHEMA)[-1] == FieldChange("vung", "removed", "string", None)
    assert diff_schemas(V1_SCHEMA, V1_SCHEMA) == []


def test_without_a_key_whole_rows_are_compared_as_a_multiset() -> None:
    # before: bút 3 (twice), vở 5, thước 1; after: bút 3, vở 5 (twice), thước 2.
    schema = {"fields": [{"name": "loai", "type": "string"}, {"name": "so_luong", "type": "integer"}]}
    diff = diff_tables(side("do_dung", schema, "no-key-v1.csv"), side("do_dung", schema, "no-key-v2.csv"))
    assert (diff.matched_by, diff.added, diff.removed, diff.changed) == ("content", 2, 2, 0)
    assert sorted((row["loai"], row["so_luong"]) for row in diff.added_rows) == [("thước", "2"), ("vở", "5"), ("vở", "5")]
    assert sorted((row["loai"], row["so_luong"]) for row in diff.removed_rows) == [("bút", "3"), ("bút", "3"), ("thước", "1")]


def test_the_same_files_without_a_key_show_changed_rows_as_removed_and_added() -> None:
    plain_v1 = {key: value for key, value in V1_SCHEMA.items() if key != "primaryKey"}
    plain_v2 = {key: value for key, value in V2_SCHEMA.items() if key != "primaryKey"}
    diff = diff_tables(side("tinh", plain_v1, "provinces-v1.csv"), side("tinh", plain_v2, "provinces-v2.csv"))
    # compared on ma, ten, dan_so: 01 and 06 changed (so each is one removed + one added), 02 gone, 08 and 10 new.
    assert (diff.matched_by, diff.added, diff.removed, diff.changed) == ("content", 4, 3, 0)


def test_a_key_that_is_not_unique_falls_back_to_content(tmp_path: Path) -> None:
    twice = tmp_path / "twice.csv"
    twice.write_text("ma,ten,dan_so\r\n01,Hà Nội,1\r\n01,Hà Nội,2\r\n", encoding="utf-8")
    diff = diff_tables(side("tinh", V1_SCHEMA, "provinces-v1.csv"), TableSide("tinh", twice, V1_SCHEMA))
    assert (diff.matched_by, diff.note) == ("content", "key-not-unique")
    assert (diff.added, diff.removed) == (2, 4)


def test_identical_versions_are_unchanged() -> None:
    diff = diff_tables(side("tinh", V1_SCHEMA, "provinces-v1.csv"), side("tinh", V1_SCHEMA, "provinces-v1.csv"))
    assert (diff.status, diff.added, diff.removed, diff.changed, diff.fields) == ("unchanged", 0, 0, 0, [])


def test_resources_only_on_one_side_are_added_or_removed_whole() -> None:
    diffs = diff_versions(
        [side("tinh", V1_SCHEMA, "provinces-v1.csv")],
        [side("do_dung", {"fields": [{"name": "loai"}, {"name": "so_luong", "type": "integer"}]}, "no-key-v1.csv")],
    )
    assert [(d.name, d.status, d.added, d.removed) for d in diffs] == [("do_dung", "added", 4, 0), ("tinh", "removed", 0, 4)]
    assert [change.change for change in diffs[1].fields] == ["removed", "removed", "removed"]
