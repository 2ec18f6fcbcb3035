"""`opendata validate` and personal data, as an agency's IT team runs it before an upload: the
findings are printed masked, `--json` carries them in their own section, and the exit status says
the upload would not be published as it is."""

from __future__ import annotations

import json
from pathlib import Path

import frictionless

from ..builders import xlsx
from ..helpers import DATA

BENEFICIARIES = DATA / "personal-beneficiaries.csv"


def test_validate_lists_personal_data_masked_and_exits_1(run) -> None:  # type: ignore[no-untyped-def]
    result = run("validate", str(BENEFICIARIES))
    assert result.exit_code == 1, "valid data, but personal columns nobody decided on"
    assert "hợp lệ, 4 dòng, 5 cột" in result.output
    text = " ".join(result.output.split())  # the terminal may wrap lines
    assert "Dữ liệu cá nhân: cột 4 “Số điện thoại” chứa Số điện thoại ở 4 trên 4 dòng (ví dụ ********78, ********21)." in text
    assert "Số căn cước công dân (CCCD)" in text and "ho_va_ten, so_cccd, so_dien_thoai" in text
    assert "0912345678" not in result.output and "Nguyễn Văn An" not in result.output


def test_columns_decided_for_the_dataset_no_longer_fail(run) -> None:  # type: ignore[no-untyped-def]
    result = run("validate", str(BENEFICIARIES), "--decided", "ho_va_ten", "--decided", "so_cccd", "--decided", "so_dien_thoai")
    assert result.exit_code == 0, result.output
    assert "Số điện thoại" in result.output  # still listed


def test_validate_json_has_a_personal_section_beside_the_report(run) -> None:  # type: ignore[no-untyped-def]
    result = run("validate", "--json", "--decided", "ho_va_ten", str(BENEFICIARIES))
    body = json.loads(result.output)
    assert result.exit_code == 1
    assert frictionless.Report.from_descriptor({key: value for key, value in body.items() if key != "personal"}).valid
    personal = body["personal"]
    assert personal["undecided"] == ["so_cccd", "so_dien_thoai"]
    assert [(item["field"], item["kind"], item["cells"], item["examples"]) for item in personal["findings"]] == [
        ("ho_va_ten", "person-name", 4, ["N***** V** A*", "T*** T** B***"]),
        ("so_cccd", "citizen-id", 4, ["**********45", "**********34"]),
        ("so_dien_thoai", "phone-number", 4, ["********78", "********21"]),
    ]
    assert personal["hidden"] == []


def test_validate_reports_what_a_hidden_sheet_held_without_failing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    workbook = xlsx(tmp_path / "so-ho.xlsx", [["Xã", "Số hộ"], ["Kinh Bắc", 120]],
                    extra_sheets={"Danh sách": ([["Họ và tên", "Email"], ["Nguyễn Văn An", "an.nguyen@gmail.com"],
                                                  ["Trần Thị Bình", "binh.tran@yahoo.com"]], "hidden")})
    human = run("validate", str(workbook))
    machine = json.loads(run("validate", "--json", str(workbook)).output)
    text = " ".join(human.output.split())  # the terminal may wrap lines
    assert human.exit_code == 0, "a hidden sheet is never published: nothing to decide"
    assert "Trang tính ẩn “Danh sách” không bao giờ được công bố." in text
    assert "Họ và tên của cá nhân (2), Địa chỉ thư điện tử (2)" in text
    assert "an.nguyen" not in human.output
    assert machine["personal"]["hidden"] == [
        {"sheet": "Danh sách", "kinds": [{"kind": "person-name", "cells": 2}, {"kind": "email-address", "cells": 2}]}
    ]
