"""Schema inference: every value counts, codes stay text, and an inferred type never fails a column
whose values all fit it (the rules accept less than frictionless, never more)."""

from __future__ import annotations

from pathlib import Path

import frictionless
import pytest

from datapackages.errors import UnreadableFile
from datapackages.names import field_name, safe_filename, slugify
from datapackages.normalise import normalise
from datapackages.normalise.columns import ColumnProfile
from datapackages.schema import load_schema


def profile(*values: str) -> str:
    column = ColumnProfile()
    column.add_column(values)
    return column.plan().type


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["1", "20", "-3", "4"], "integer"),
        (["+84 912 345 678", "+84 24 3825 1234"], "string"),  # a plus sign means a phone number
        (["1", "2,5", "1.234.567,5", "(1.234)"], "number"),  # numbers written the Vietnamese way
        (["01", "24", "96"], "string"),  # province codes
        (["00004", "09187"], "string"),  # commune codes
        (["0", "10", "0.5"], "number"),  # a lone zero is not a leading zero
        (["true", "FALSE", "True"], "boolean"),
        (["1", "0", "1"], "integer"),  # 0/1 are numbers first
        (["2025-07-01", "2025-12-31"], "date"),
        (["2025-7-1"], "string"),  # frictionless would accept it; an unpadded date is not ISO
        (["2025-02-30"], "date"),  # no such day: still a date column, so validation reports the day
        (["2025-07-01T08:30:00", "2025-07-01T08:30:00Z"], "datetime"),
        (["", "", ""], "string"),
        (["Hà Nội", "Huế"], "string"),
        (["1", "2", "3", "4", "5", "6", "7", "8", "9", "không rõ"], "integer"),  # 90 %: a typo to report
        (["1", "2", "3", "4", "5", "6", "7", "8", "không rõ", "?"], "string"),  # 80 %: text
        (["１２"], "string"),  # full-width digits are not ASCII numbers
    ],
)
def test_column_types(values: list[str], expected: str) -> None:
    assert profile(*values) == expected


def test_a_value_far_down_the_file_still_counts(tmp_path: Path) -> None:
    """frictionless samples the first rows; here one code with a leading zero in row 5,002 makes the column text."""
    lines = ["Mã"] + [str(n) for n in range(10000, 15000)]
    path = tmp_path / "numbers.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert normalise(path, tmp_path / "a").tables[0].schema["fields"][0]["type"] == "integer"

    path.write_text("\n".join([*lines, "09187"]) + "\n", encoding="utf-8")
    table = normalise(path, tmp_path / "b").tables[0]
    assert table.schema["fields"][0]["type"] == "string"
    assert table.path.read_text(encoding="utf-8").splitlines()[-1] == "09187"


def test_inferred_types_always_validate_clean_under_frictionless(tmp_path: Path) -> None:
    columns = {
        "integer": ["1", "-20", "300", "4000000000000"],
        "number": ["1.5", "-0.25", "3.25", "7"],
        "boolean": ["true", "False", "TRUE", "false"],
        "date": ["2025-07-01", "1999-12-31", "2024-02-29", "2000-01-01"],
        "datetime": ["2025-07-01T08:30:00", "2025-07-01T08:30:00Z", "2025-07-01T08:30:00+07:00", "2025-07-01T08:30:00.5"],
        "string": ["01", "00004", "Hà Nội", "x"],
    }
    header = ",".join(columns)
    body = "\n".join(",".join(values[row] for values in columns.values()) for row in range(4))
    path = tmp_path / "types.csv"
    path.write_text(f"{header}\n{body}\n", encoding="utf-8")
    table = normalise(path, tmp_path / "out").tables[0]
    assert [field["type"] for field in table.schema["fields"]] == list(columns)
    resource = frictionless.Resource(
        path=table.path.name, basepath=str(table.path.parent), schema=frictionless.Schema.from_descriptor(table.schema)
    )
    report = resource.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_names_and_slugs_from_vietnamese_titles() -> None:
    assert field_name("Số hồ sơ - Trực tuyến") == "so_ho_so_truc_tuyen"
    assert field_name("Đơn vị tính (%)") == "don_vi_tinh"
    assert field_name("2025") == "c_2025"
    assert slugify("Kết quả giải quyết thủ tục hành chính năm 2025") == "ket-qua-giai-quyet-thu-tuc-hanh-chinh-nam-2025"
    assert slugify("Đường Đồng Khởi") == "duong-dong-khoi"


def test_uploaded_file_names_lose_paths_and_control_characters_but_keep_diacritics() -> None:
    assert safe_filename("../../etc/Báo cáo\x00\x1b.xlsx") == "Báo cáo.xlsx"
    assert safe_filename("C:\\Users\\lan\\Dữ liệu tháng 7.csv") == "Dữ liệu tháng 7.csv"
    assert safe_filename("...") == "upload"


def test_a_declared_schema_is_checked_before_use(tmp_path: Path) -> None:
    good = load_schema({"fields": [{"name": "ma", "type": "string"}], "primaryKey": ["ma"]})
    assert good["primaryKey"] == ["ma"]
    for bad in ['{"fields": "x"}', "[1, 2]", "not json", '{"fields": [{"name": "a", "type": "bogus"}]}']:
        with pytest.raises(UnreadableFile) as caught:
            load_schema(bad)
        assert caught.value.code == "invalid-schema"


def test_a_declared_schema_names_columns_by_name_or_title(tmp_path: Path, write_csv) -> None:
    schema = {"fields": [{"name": "ma_tinh", "type": "string"}, {"name": "dan_so", "title": "Dân số", "type": "integer"}]}
    result = normalise(write_csv("Mã tỉnh,Dân số\n01,8500000\n"), tmp_path / "out", schema=schema)
    assert result.tables[0].path.read_text(encoding="utf-8").splitlines()[0] == "ma_tinh,dan_so"
    assert result.tables[0].schema == schema
