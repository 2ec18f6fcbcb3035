"""Hostile input against every upload and API entry point: each gets a clear 4xx (or a warning),
never a 5xx, and nothing is published half-way — the previous version stays online."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from publisher.actor import Actor
from publisher.models import Dataset, DatasetVersion
from publisher.queries import datasets
from publisher.services import tokens

from ..builders import SHEET_BILLION_LAUGHS, STRINGS_EXTERNAL_ENTITY, workbook_with_shared_strings, workbook_with_sheet_xml, xlsx, zip_with
from ..helpers import DATA, World, csrf_token, sign_in

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _bomb(tmp: Path) -> bytes:
    return zip_with(tmp / "bomb.xlsx", {"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\0" * (60 * 1024 * 1024)}).read_bytes()


def _renamed_macro(tmp: Path) -> bytes:
    return (DATA / "messy" / "macro-workbook.xlsm").read_bytes()


def _datapackage_zip(tmp: Path) -> bytes:
    descriptor = {"name": "x", "resources": [{"name": "r", "path": "/etc/passwd"}, {"name": "s", "path": "http://169.254.169.254/latest"}]}
    return zip_with(tmp / "package.zip", {"datapackage.json": json.dumps(descriptor).encode()}).read_bytes()


HOSTILE_FILES: dict[str, tuple[Callable[[Path], bytes], int, str]] = {
    "zip bomb": (_bomb, 413, "zip-bomb"),
    "billion laughs in a sheet": (lambda tmp: workbook_with_sheet_xml(tmp, "a.xlsx", SHEET_BILLION_LAUGHS).read_bytes(), 400, "xml-entities"),
    "external entity in shared strings": (lambda tmp: workbook_with_shared_strings(tmp, "b.xlsx", STRINGS_EXTERNAL_ENTITY).read_bytes(), 400, "xml-entities"),
    "truncated workbook": (lambda tmp: xlsx(tmp / "c.xlsx", [["a"], [1]]).read_bytes()[:250], 400, "corrupt-file"),
    "web page named .xlsx": (lambda tmp: b"<!DOCTYPE html><html><body>login</body></html>", 415, "unsupported-file-type"),
    "PDF named .xlsx": (lambda tmp: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", 415, "unsupported-file-type"),
    "macro workbook renamed .xlsx": (_renamed_macro, 400, "macro-workbook-mislabelled"),
    "data package with local and internal paths": (_datapackage_zip, 415, "unsupported-file-type"),
    "a single 10 MB line": (lambda tmp: b"a,b\n1," + b"x" * (10 * 1024 * 1024) + b"\n", 400, "line-too-long"),
    "binary noise": (lambda tmp: bytes(range(256)) * 64, 415, "unsupported-file-type"),
    "empty": (lambda tmp: b"", 400, "empty-file"),
}


@pytest.fixture
def published(world: World) -> str:
    slug = world.dataset("Đang công bố")
    world.publish(slug, DATA / "leading-zero-codes.csv")
    return slug


def counts(world: World) -> tuple[int, int]:
    with world.platform.db.read() as session:
        return (session.scalar(select(func.count()).select_from(Dataset)) or 0,
                session.scalar(select(func.count()).select_from(DatasetVersion)) or 0)


@pytest.mark.parametrize("name", list(HOSTILE_FILES))
def test_hostile_files_by_api_get_a_clear_4xx_and_change_nothing(client, world: World, published: str, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    build, status, code = HOSTILE_FILES[name]
    before = counts(world)
    token = tokens.token_issue(world.platform, world.officer, username="officer", scope="write")
    response = client.post(
        f"/api/v1/datasets/{published}/versions", headers={"Authorization": f"Bearer {token}"},
        data={"file": (io.BytesIO(build(tmp_path)), "du-lieu.xlsx")}, content_type="multipart/form-data",
    )
    assert (response.status_code, response.json["error"]["code"]) == (status, code)
    assert response.json["error"]["message"]
    assert counts(world) == before
    assert datasets.dataset_detail(world.platform, Actor.anonymous(), published).summary.version == 1


@pytest.mark.parametrize("name", ["zip bomb", "billion laughs in a sheet", "web page named .xlsx", "macro workbook renamed .xlsx", "empty"])
def test_hostile_files_on_the_upload_page_are_explained_in_vietnamese(client, world: World, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    build, status, _code = HOSTILE_FILES[name]
    sign_in(client, "officer")
    page = client.get("/upload")
    before = counts(world)
    response = client.post("/upload", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(page.text), "agency": "tinh-bac-ninh", "title": "Thử", "licence": "CC-BY-4.0",
        "frequency": "ANNUAL", "file": (io.BytesIO(build(tmp_path)), "bao-cao.xlsx"),
    })
    assert response.status_code == status
    assert '<html lang="vi">' in response.text and 'class="errors"' in response.text
    assert counts(world) == before


@pytest.mark.parametrize(
    ("filename", "kept"),
    [
        ("../../../etc/passwd.csv", "passwd.csv"),
        ("C:/Users/lan/Báo cáo tháng 7.csv", "Báo cáo tháng 7.csv"),
        ("Dữ liệu\x1b[31m\x07.csv", "Dữ liệu[31m.csv"),
        ("...", "upload"),
    ],
)
def test_file_names_lose_paths_and_control_characters_but_keep_vietnamese(client, world: World, published: str, filename: str, kept: str) -> None:  # type: ignore[no-untyped-def]
    token = tokens.token_issue(world.platform, world.officer, username="officer", scope="write")
    response = client.post(
        f"/api/v1/datasets/{published}/versions", headers={"Authorization": f"Bearer {token}"},
        data={"file": (io.BytesIO((DATA / "leading-zero-codes.csv").read_bytes()), filename)}, content_type="multipart/form-data",
    )
    assert response.status_code == 201
    detail = datasets.dataset_detail(world.platform, Actor.anonymous(), published)
    assert detail.versions[0].filename == kept


def test_script_in_titles_descriptions_headers_and_cells_is_inert_everywhere(client, world: World) -> None:  # type: ignore[no-untyped-def]
    token = tokens.token_issue(world.platform, world.officer, username="officer", scope="write")
    headers = {"Authorization": f"Bearer {token}"}
    created = client.post("/api/v1/datasets", headers=headers, json={
        "agency": "tinh-bac-ninh", "title": "<script>alert('tiêu đề')</script>", "description": "<img src=x onerror=alert(1)>",
        "tags": ["<b>thẻ</b>"],
    })
    slug = created.json["slug"]
    client.post(f"/api/v1/datasets/{slug}/versions", headers=headers, content_type="multipart/form-data",
                data={"file": (io.BytesIO("<svg onload=alert(1)>,Tên\n<script>x</script>,\"</td><script>y</script>\"\n".encode()), "x.csv")})
    sign_in(client, "officer")
    for path in (f"/datasets/{slug}", f"/datasets/{slug}/versions/1", "/datasets", "/", "/agencies/tinh-bac-ninh"):
        html = client.get(path).text.replace('<script type="application/ld+json">', "", 1)  # the page's own data block
        assert "<script" not in html and "<img src=x" not in html and "<svg onload" not in html and "<b>thẻ</b>" not in html, path
    api = client.get(f"/api/v1/datasets/{slug}")
    assert api.headers["Content-Type"].startswith("application/json")
    assert api.json["title"] == "<script>alert('tiêu đề')</script>"  # kept as data, exactly


def test_control_characters_in_text_fields_are_dropped_not_a_crash(client, world: World) -> None:  # type: ignore[no-untyped-def]
    token = tokens.token_issue(world.platform, world.officer, username="officer", scope="write")
    response = client.post("/api/v1/datasets", headers={"Authorization": f"Bearer {token}"},
                           json={"agency": "tinh-bac-ninh", "title": "Số\x00 liệu\x07 năm 2025", "description": "dòng 1\r\ndòng\x00 2"})
    assert response.status_code == 201
    assert (response.json["title"], response.json["description"]) == ("Số liệu năm 2025", "dòng 1\ndòng 2")


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"[" * 100_000 + b"]" * 100_000, 422),  # deeply nested
        (b'{"agency": "tinh-bac-ninh", "title": "' + b"x" * (60 * 1024 * 1024) + b'"}', 413),  # larger than any upload
        (b"\xff\xfe not json", 422),
        (b'"a string"', 422),
    ],
)
def test_hostile_json_bodies_are_refused_cleanly(client, world: World, body: bytes, status: int) -> None:  # type: ignore[no-untyped-def]
    token = tokens.token_issue(world.platform, world.officer, username="officer", scope="write")
    response = client.post("/api/v1/datasets", headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"}, data=body)
    assert response.status_code == status
    assert response.json["error"]["status"] == status


def test_a_schema_with_a_catastrophic_pattern_is_refused_before_validation(client, world: World, published: str) -> None:  # type: ignore[no-untyped-def]
    token = tokens.token_issue(world.platform, world.officer, username="officer", scope="write")
    schema = {"fields": [{"name": "ma_tinh", "type": "string", "constraints": {"pattern": "(a+)+$"}}]}
    response = client.post(
        f"/api/v1/datasets/{published}/versions", headers={"Authorization": f"Bearer {token}"}, content_type="multipart/form-data",
        data={"file": (io.BytesIO(b"ma_tinh\n" + b"a" * 40 + b"!\n"), "a.csv"), "schema": json.dumps(schema)},
    )
    assert (response.status_code, response.json["error"]["code"]) == (400, "unsafe-pattern")
