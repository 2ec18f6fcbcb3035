"""The dataset page and its API: paged preview, schema, downloads as CSV/XLSX/JSON with ETags, diffs."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from ..helpers import World

V1 = "Mã tỉnh,Tên tỉnh,Dân số\n01,Hà Nội,8435700\n02,Hà Giang,892000\n04,Cao Bằng,543100\n06,Bắc Kạn,326500\n"
V2 = "Mã tỉnh,Tên tỉnh,Dân số,Vùng\n01,Thủ đô Hà Nội,8435700,Đồng bằng\n04,Cao Bằng,543100,Trung du\n06,Bắc Kạn,330000,Trung du\n08,Tuyên Quang,,Trung du\n10,=1+1,770000,Trung du\n"
SCHEMA_V1 = {
    "fields": [
        {"name": "ma_tinh", "title": "Mã tỉnh", "type": "string", "constraints": {"required": True}},
        {"name": "ten_tinh", "title": "Tên tỉnh", "type": "string"},
        {"name": "dan_so", "title": "Dân số", "type": "integer", "constraints": {"minimum": 0}},
    ],
    "primaryKey": ["ma_tinh"],
}
SCHEMA_V2 = {**SCHEMA_V1, "fields": [*SCHEMA_V1["fields"], {"name": "vung", "title": "Vùng", "type": "string"}]}


@pytest.fixture
def two_versions(world: World, tmp_path: Path) -> str:
    slug = world.dataset("Dân số các tỉnh")
    for number, (text, schema) in enumerate([(V1, SCHEMA_V1), (V2, SCHEMA_V2)], start=1):
        path = tmp_path / f"dan-so-v{number}.csv"
        path.write_text(text, encoding="utf-8")
        outcome = world.publish(slug, path, schema=json.dumps(schema, ensure_ascii=False))
        assert outcome.number == number, outcome.report
    return slug


def resource_name(client, slug: str) -> str:  # type: ignore[no-untyped-def]
    return client.get(f"/api/v1/datasets/{slug}").json["current"]["resources"][0]["name"]


def test_rows_are_paged_from_the_stored_file(client, two_versions: str) -> None:  # type: ignore[no-untyped-def]
    name = resource_name(client, two_versions)
    page = client.get(f"/api/v1/datasets/{two_versions}/resources/{name}/rows?per_page=2&page=2").json
    assert (page["count"], page["pages"], page["page"]) == (5, 3, 2)
    assert page["results"] == [
        {"ma_tinh": "06", "ten_tinh": "Bắc Kạn", "dan_so": "330000", "vung": "Trung du"},
        {"ma_tinh": "08", "ten_tinh": "Tuyên Quang", "dan_so": "", "vung": "Trung du"},
    ]
    assert page["next"].endswith(f"/rows?page=3&per_page=2") and page["previous"].endswith("page=1&per_page=2")
    old = client.get(f"/api/v1/datasets/{two_versions}/versions/1/resources/{name}/rows").json
    assert [row["ten_tinh"] for row in old["results"]] == ["Hà Nội", "Hà Giang", "Cao Bằng", "Bắc Kạn"]
    assert client.get(f"/api/v1/datasets/{two_versions}/resources/{name}/rows?per_page=100000").json["per_page"] == 200
    error = client.get(f"/api/v1/datasets/{two_versions}/resources/{name}/rows?page=0", headers={"Accept-Language": "vi"})
    assert error.status_code == 422 and error.json["error"]["fields"]["page"]["code"] == "invalid-number"


def test_the_dataset_page_previews_pages_and_shows_the_schema(client, two_versions: str) -> None:  # type: ignore[no-untyped-def]
    name = resource_name(client, two_versions)
    html = client.get(f"/datasets/{two_versions}?lang=en").text
    assert "Thủ đô Hà Nội" in html and "Tuyên Quang" in html
    assert "Rows 1–5 of 5" in html
    assert "primary key" in html and "at least 0" in html and "required" in html
    for fmt in ("csv", "xlsx", "json"):
        assert f"/api/v1/datasets/{two_versions}/resources/{name}.{fmt}" in html
    vi = client.get(f"/datasets/{two_versions}?lang=vi").text
    assert "khóa chính" in vi


def test_downloads_in_three_formats_with_etags(client, two_versions: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = resource_name(client, two_versions)
    base = f"/api/v1/datasets/{two_versions}/versions/2/resources/{name}"
    csv = client.get(f"{base}.csv")
    assert csv.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert csv.text.splitlines()[1] == "01,Thủ đô Hà Nội,8435700,Đồng bằng"
    records = client.get(f"{base}.json").json
    assert records[0] == {"ma_tinh": "01", "ten_tinh": "Thủ đô Hà Nội", "dan_so": 8435700, "vung": "Đồng bằng"}
    assert records[3]["dan_so"] is None
    xlsx = client.get(f"{base}.xlsx")
    assert f"{name}-v2.xlsx" in xlsx.headers["Content-Disposition"]
    path = tmp_path / "x.xlsx"
    path.write_bytes(xlsx.data)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    formula = sheet.cell(row=6, column=2)
    assert formula.value == csv.text.splitlines()[5].split(",")[1]  # as the published CSV has it
    assert formula.value.endswith("=1+1") and formula.data_type == "s"  # text, never a formula
    assert sheet.cell(row=2, column=3).value == 8435700
    for response in (csv, xlsx):
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        again = client.get(response.request.path, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""
    current = client.get(f"/api/v1/datasets/{two_versions}/resources/{name}.xlsx")
    assert current.headers["Cache-Control"] == "public, max-age=60"
    assert current.headers["ETag"] == xlsx.headers["ETag"]  # made once, served from the cache
    missing = client.get(f"/api/v1/datasets/{two_versions}/resources/nope.csv", headers={"Accept-Language": "vi"})
    assert missing.status_code == 404 and missing.json["error"]["code"] == "resource-not-found"
    assert "nope" in missing.json["error"]["message"] and "bảng" in missing.json["error"]["message"]


def test_a_diff_between_two_versions_as_a_page_and_as_json(client, two_versions: str) -> None:  # type: ignore[no-untyped-def]
    body = client.get(f"/api/v1/datasets/{two_versions}/diff?from=1&to=2").json
    (table,) = body["resources"]
    assert (table["matched_by"], table["added"], table["removed"], table["changed"]) == ("key", 2, 1, 2)
    assert [(f["name"], f["change"]) for f in table["fields"]] == [("vung", "added")]
    assert table["changed_rows"][0] == {"key": {"ma_tinh": "01"}, "cells": {"ten_tinh": ["Hà Nội", "Thủ đô Hà Nội"]}}
    backwards = client.get(f"/api/v1/datasets/{two_versions}/diff?from=2&to=1").json["resources"][0]
    assert (backwards["added"], backwards["removed"]) == (1, 2)
    html = client.get(f"/datasets/{two_versions}/diff?from=1&to=2&lang=en")
    assert html.status_code == 200
    assert "2 rows added" in html.text and "1 row removed" in html.text and "2 rows changed" in html.text
    assert "Hà Giang" in html.text and "Thủ đô Hà Nội" in html.text
    assert f"/api/v1/datasets/{two_versions}/diff?from=1&amp;to=2" in html.text or "rel=\"alternate\"" in html.headers["Link"]
    default = client.get(f"/datasets/{two_versions}/diff?lang=en").text
    assert "Changes from version 1 to version 2" in default
    bad = client.get(f"/api/v1/datasets/{two_versions}/diff?from=1&to=9")
    assert bad.status_code == 404 and bad.json["error"]["code"] == "version-not-found"
    assert client.get(f"/api/v1/datasets/{two_versions}/diff?from=x&to=2").status_code == 422


def test_a_nul_character_in_the_query_is_a_clear_400(client, two_versions: str) -> None:  # type: ignore[no-untyped-def]
    # PostgreSQL refuses U+0000 in text, so it never reaches a query.
    response = client.get("/api/v1/datasets?q=h%00a", headers={"Accept-Language": "en"})
    assert response.status_code == 400 and response.json["error"]["code"] == "bad-request"
    assert client.get(f"/datasets?q=%00").status_code == 400
