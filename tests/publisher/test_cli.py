"""The `opendata` command line, run as users run it: exit statuses, reports and packages."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import frictionless

from publisher.services import tokens

from ..builders import xlsx
from ..helpers import DATA, World


def test_validate_prints_the_problems_in_vietnamese_and_exits_1(run) -> None:  # type: ignore[no-untyped-def]
    result = run("validate", str(DATA / "type-errors.csv"))
    assert result.exit_code == 1
    assert "3 lỗi trong 12 dòng" in result.output
    assert "không phải là một số nguyên" in result.output
    assert "không đo" in result.output


def test_validate_speaks_english_when_asked(run) -> None:  # type: ignore[no-untyped-def]
    result = run("validate", str(DATA / "type-errors.csv"), lang="en")
    assert "is not a whole number" in result.output


def test_validate_exits_0_for_valid_data(run) -> None:  # type: ignore[no-untyped-def]
    result = run("validate", str(DATA / "leading-zero-codes.csv"))
    assert result.exit_code == 0, result.output
    assert "hợp lệ, 3 dòng, 5 cột" in result.output


def test_validate_json_is_frictionless_report_format(run) -> None:  # type: ignore[no-untyped-def]
    result = run("validate", "--json", str(DATA / "type-errors.csv"))
    report = json.loads(result.output)
    assert result.exit_code == 1
    parsed = frictionless.Report.from_descriptor(report)
    assert parsed.flatten(["rowNumber", "fieldNumber", "type"]) == [[3, 3, "type-error"], [5, 4, "type-error"], [13, 1, "type-error"]]


def test_limit_errors_caps_the_list_and_zero_lifts_it(run, write_csv) -> None:  # type: ignore[no-untyped-def]
    body = "Số\n" + "1\n" * 20 + "".join(f"x{n}\n" for n in range(2))
    path = write_csv(body)
    schema = write_csv(json.dumps({"fields": [{"name": "so", "title": "Số", "type": "integer"}]}), "schema.json")
    capped = json.loads(run("validate", "--json", "--limit-errors", "1", "--schema", str(schema), str(path)).output)
    full = json.loads(run("validate", "--json", "--limit-errors", "0", "--schema", str(schema), str(path)).output)
    assert len(capped["tasks"][0]["errors"]) == 1
    assert len(full["tasks"][0]["errors"]) == 2


def test_validate_explains_a_file_it_cannot_read(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fake = tmp_path / "bao-cao.xlsx"
    fake.write_bytes(b"<html><body>not a workbook</body></html>")
    human = run("validate", str(fake))
    machine = run("validate", "--json", str(fake))
    assert human.exit_code == machine.exit_code == 1
    assert "không phải bảng tính" in human.output
    assert json.loads(machine.output)["tasks"][0]["errors"][0]["note"] == "unsupported-file-type"


def test_package_builds_a_data_package_from_csv_and_excel(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    workbook = xlsx(tmp_path / "Xã phường.xlsx", [["Mã xã", "Tên"], [4, "Phường Ba Đình"]], formats={"A2": "00000"})
    out = tmp_path / "goi.zip"
    result = run("package", str(DATA / "leading-zero-codes.csv"), str(workbook), "--out", str(out), "--title", "Đơn vị")
    assert result.exit_code == 0, result.output
    assert frictionless.validate(str(out)).valid
    with zipfile.ZipFile(out) as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
        assert [resource["name"] for resource in descriptor["resources"]] == ["leading-zero-codes", "xa-phuong"]
        assert archive.read("data/xa-phuong.csv").decode("utf-8").splitlines()[1] == "00004,Phường Ba Đình"
    assert descriptor["title"] == "Đơn vị"


def test_init_demo_and_token(run, world: World) -> None:  # type: ignore[no-untyped-def]
    assert run("init").exit_code == 0
    refused = run("demo")
    assert refused.exit_code == 1  # the world is already there: never mix the demo into real data
    assert run("demo", "--if-empty").exit_code == 0

    result = run("token", "officer", "--scope", "write")
    assert result.exit_code == 0
    token = result.output.strip().splitlines()[-1]
    assert tokens.actor_for_token(world.platform, token).can_write


def test_token_for_an_unknown_user_fails_clearly(run, world: World) -> None:  # type: ignore[no-untyped-def]
    result = run("token", "nobody")
    assert result.exit_code == 1
    assert "nobody" in result.output


def test_validate_checks_province_codes_against_the_national_list(run, write_csv) -> None:  # type: ignore[no-untyped-def]
    path = write_csv("Tên,Mã tỉnh\nHà Nội,01\nHà Giang,02\nTP HCM,79\nSai,1\n")
    schema = write_csv(json.dumps({
        "fields": [{"name": "ten", "title": "Tên", "type": "string"}, {"name": "ma_tinh", "title": "Mã tỉnh", "type": "string"}],
        "foreignKeys": [{"fields": "ma_tinh", "reference": {"resource": "provinces", "fields": "code"}}],
    }), "schema.json")

    human = run("validate", "--schema", str(schema), str(path))
    report = json.loads(run("validate", "--json", "--schema", str(schema), str(path)).output)

    assert human.exit_code == 1
    assert "“02” không phải là mã trong danh mục dùng chung quốc gia" in human.output  # Hà Giang merged into Tuyên Quang in 2025
    assert [(error["rowNumber"], error["cell"]) for error in report["tasks"][0]["errors"]] == [(3, "02"), (5, "1")]
    assert {error["type"] for error in report["tasks"][0]["errors"]} == {"unknown-code"}


def test_validate_counts_every_error_by_column_beyond_the_limit(run, write_csv) -> None:  # type: ignore[no-untyped-def]
    # 3,000 rows: every third "Số" is not a number (1,000), every seventh "Ngày" does not exist (428).
    path = write_csv("Mã,Số,Ngày\n" + "".join(
        f"{n:05d},{'x' if n % 3 == 0 else n},{'2025-02-30' if n % 7 == 0 else '2025-01-01'}\n" for n in range(1, 3001)
    ))
    schema = write_csv(json.dumps({"fields": [{"name": "ma", "title": "Mã", "type": "string"},
                                              {"name": "so", "title": "Số", "type": "integer"},
                                              {"name": "ngay", "title": "Ngày", "type": "date"}]}), "schema.json")

    result = run("validate", "--limit-errors", "5", "--schema", str(schema), str(path))

    assert "1.428 lỗi trong 3000 dòng" in result.output
    assert "Loại lỗi × Cột:" in result.output
    assert "  Số: Sai kiểu 1.000 (tổng 1.000)" in result.output
    assert "  Ngày: Sai kiểu 428 (tổng 428)" in result.output
    assert "  Tổng: Sai kiểu 1.428 (1.428)" in result.output
