"""The JSON API: datasets and their packages for everyone, uploads with a write token, one error shape."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import frictionless
import pytest

from publisher.services import tokens

from ..helpers import DATA, World


@pytest.fixture
def published(world: World) -> str:
    slug = world.dataset("Đơn vị hành chính", tags=["hành chính"])
    world.publish(slug, DATA / "leading-zero-codes.csv")
    return slug


def bearer(world: World, username: str = "officer", scope: str = "write") -> dict[str, str]:
    actor = world.admin if username != "officer" else world.officer
    return {"Authorization": "Bearer " + tokens.token_issue(world.platform, actor, username=username, scope=scope)}


def test_datasets_are_listed_with_paging_and_links(client, published: str, world: World) -> None:  # type: ignore[no-untyped-def]
    for n in range(3):
        world.publish(world.dataset(f"Bộ {n}"), DATA / "leading-zero-codes.csv")
    page = client.get("/api/v1/datasets?per_page=2").json
    assert (page["count"], page["pages"], len(page["results"])) == (4, 2, 2)
    assert page["next"].endswith("/api/v1/datasets?page=2&per_page=2")
    assert page["previous"] is None
    item = client.get(page["next"]).json["results"][-1]
    assert item["title"] == "Đơn vị hành chính"
    assert item["agency"]["name"] == "Ủy ban nhân dân tỉnh Bắc Ninh"
    assert item["licence"]["id"] == "CC-BY-4.0"
    assert item["datapackage"].endswith(f"/api/v1/datasets/{published}/datapackage.json")


def test_a_dataset_shows_its_versions_schema_and_downloads(client, published: str) -> None:  # type: ignore[no-untyped-def]
    body = client.get(f"/api/v1/datasets/{published}").json
    assert body["version"] == 1
    resource = body["current"]["resources"][0]
    assert resource["schema"]["fields"][0] == {"name": "ma_tinh", "type": "string", "title": "Mã tỉnh"}
    assert client.get(resource["url"]).text.splitlines()[1].startswith("01,Thành phố Hà Nội,00004")
    assert [version["number"] for version in body["versions"]] == [1]
    assert "drafts" not in body  # the public never sees drafts


def test_the_package_downloads_validate_with_frictionless(client, published: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    archive = client.get(f"/api/v1/datasets/{published}/datapackage.zip")
    assert archive.headers["Content-Type"] == "application/zip"
    assert f"{published}-v1.zip" in archive.headers["Content-Disposition"]
    path = tmp_path / "package.zip"
    path.write_bytes(archive.data)
    assert frictionless.validate(str(path)).valid
    with zipfile.ZipFile(path) as opened:
        assert json.loads(opened.read("datapackage.json")) == client.get(f"/api/v1/datasets/{published}/datapackage.json").json


def test_published_files_revalidate_by_etag_and_versions_are_immutable(client, published: str) -> None:  # type: ignore[no-untyped-def]
    first = client.get(f"/api/v1/datasets/{published}/versions/1/datapackage.json")
    assert first.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    again = client.get(f"/api/v1/datasets/{published}/versions/1/datapackage.json", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert client.get(f"/api/v1/datasets/{published}/datapackage.json").headers["Cache-Control"] == "public, max-age=60"


def test_uploading_with_a_write_token_publishes_a_new_version(client, published: str, world: World) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        f"/api/v1/datasets/{published}/versions",
        headers=bearer(world),
        data={"file": (io.BytesIO("Mã tỉnh,Tên tỉnh\n01,Hà Nội\n".encode()), "Danh mục mới.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.json
    body = response.json
    assert (body["status"], body["number"], body["valid"]) == ("published", 2, True)
    assert body["report"]["valid"] is True
    assert client.get(body["links"]["datapackage"]).json["version"] == "2.0.0"
    assert client.get(f"/api/v1/datasets/{published}/versions/1/datapackage.json").json["version"] == "1.0.0"


def test_invalid_data_uploaded_by_api_stays_a_draft_until_confirmed(client, published: str, world: World) -> None:  # type: ignore[no-untyped-def]
    headers = bearer(world)
    response = client.post(
        f"/api/v1/datasets/{published}/versions", headers=headers,
        data={"file": (io.BytesIO((DATA / "type-errors.csv").read_bytes()), "aqi.csv")}, content_type="multipart/form-data",
    )
    body = response.json
    assert (response.status_code, body["status"], body["number"], body["error_count"]) == (201, "draft", None, 3)
    refused = client.post(body["links"]["publish"], headers=headers)
    assert refused.status_code == 422
    assert refused.json["error"]["fields"]["confirm_errors"]["code"] == "confirm-invalid-data"
    confirmed = client.post(body["links"]["publish"], headers=headers, json={"confirm_errors": True})
    assert (confirmed.status_code, confirmed.json["number"]) == (200, 2)


def test_publish_false_keeps_a_valid_upload_as_a_draft(client, published: str, world: World) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        f"/api/v1/datasets/{published}/versions", headers=bearer(world),
        data={"file": (io.BytesIO(b"a\n1\n"), "a.csv"), "publish": "false"}, content_type="multipart/form-data",
    )
    assert (response.json["status"], response.json["valid"]) == ("draft", True)


def test_a_declared_schema_can_be_sent_with_the_file(client, published: str, world: World) -> None:  # type: ignore[no-untyped-def]
    schema = {"fields": [{"name": "ma", "type": "string"}, {"name": "so", "type": "integer", "constraints": {"minimum": 0}}]}
    response = client.post(
        f"/api/v1/datasets/{published}/versions", headers=bearer(world),
        data={"file": (io.BytesIO(b"ma,so\n01,5\n02,-1\n"), "a.csv"), "schema": json.dumps(schema)},
        content_type="multipart/form-data",
    )
    errors = response.json["report"]["tasks"][0]["errors"]
    assert [(error["type"], error["rowNumber"]) for error in errors] == [("constraint-error", 3)]


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (b"%PDF-1.4 nope", 415, "unsupported-file-type"),
        (b"", 400, "empty-file"),
        (b"PK\x03\x04 truncated zip", 400, "corrupt-file"),
    ],
)
def test_bad_files_get_4xx_in_the_callers_language(client, published: str, world: World, content: bytes, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    headers = {**bearer(world), "Accept-Language": "en"}
    response = client.post(
        f"/api/v1/datasets/{published}/versions", headers=headers,
        data={"file": (io.BytesIO(content), "data.xlsx")}, content_type="multipart/form-data",
    )
    assert response.status_code == status
    assert response.json["error"]["code"] == code
    assert response.json["error"]["message"].isascii()
    vietnamese = client.post(
        f"/api/v1/datasets/{published}/versions", headers=bearer(world),
        data={"file": (io.BytesIO(content), "data.xlsx")}, content_type="multipart/form-data",
    )
    assert not vietnamese.json["error"]["message"].isascii()
    assert client.get(f"/api/v1/datasets/{published}").json["version"] == 1


def test_writes_need_a_write_token_of_the_right_agency(client, published: str, world: World) -> None:  # type: ignore[no-untyped-def]
    def post(headers: dict[str, str]):  # type: ignore[no-untyped-def]
        return client.post(f"/api/v1/datasets/{published}/versions", headers=headers,
                           data={"file": (io.BytesIO(b"a\n1\n"), "a.csv")}, content_type="multipart/form-data")

    anonymous = post({})
    assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    assert post({"Authorization": "Bearer odp_wrong"}).status_code == 401
    assert post({"Authorization": "Basic b2ZmaWNlcg=="}).status_code == 401
    assert post(bearer(world, scope="read")).json["error"]["code"] == "read-only-token"
    other = post(bearer(world, "other"))
    assert (other.status_code, other.json["error"]["code"]) == (403, "not-agency-editor")


def test_creating_a_dataset_by_api(client, world: World) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/datasets", headers=bearer(world), json={
        "agency": "tinh-bac-ninh", "title": "Dân số theo xã", "licence": "CC0-1.0", "tags": ["dân số"], "frequency": "ANNUAL",
    })
    assert response.status_code == 201
    assert response.json["slug"] == "dan-so-theo-xa"
    assert response.headers["Location"].endswith("/api/v1/datasets/dan-so-theo-xa")
    bad = client.post("/api/v1/datasets", headers=bearer(world), json={"agency": "tinh-bac-ninh", "title": "", "licence": "MIT"})
    assert bad.status_code == 422
    assert set(bad.json["error"]["fields"]) == {"title", "licence"}
    assert client.post("/api/v1/datasets", headers=bearer(world), data="[not json").status_code == 422


def test_every_error_has_the_same_shape(client, world: World) -> None:  # type: ignore[no-untyped-def]
    for response in [client.get("/api/v1/datasets/khong-co"), client.get("/api/v1/agencies/khong-co"),
                     client.get("/api/v1/nothing-here"), client.delete("/api/v1/datasets"),
                     client.post("/api/v1/datasets", json={})]:
        error = response.json["error"]
        assert set(error) >= {"status", "code", "message", "params"}
        assert error["status"] == response.status_code


def test_agencies_as_json(client, published: str) -> None:  # type: ignore[no-untyped-def]
    agencies = client.get("/api/v1/agencies").json
    assert [(a["slug"], a["level"]) for a in agencies["results"]] == [
        ("bo-khcn", "ministry"), ("tinh-bac-ninh", "province"), ("phuong-kinh-bac", "commune")
    ]
    province = client.get("/api/v1/agencies/tinh-bac-ninh").json
    assert province["code"] == "24"
    assert [child["slug"] for child in province["children"]] == ["phuong-kinh-bac"]
    assert [dataset["slug"] for dataset in province["datasets"]] == [published]


def test_a_draft_can_be_repaired_again_through_the_api(client, published: str, world: World) -> None:  # type: ignore[no-untyped-def]
    headers = bearer(world)
    upload = client.post(
        f"/api/v1/datasets/{published}/versions", headers=headers, content_type="multipart/form-data",
        data={"file": (io.BytesIO((DATA / "messy" / "totals-sections-notes-signature.xlsx").read_bytes()), "bao-cao.xlsx"),
              "publish": "false"},
    )
    draft = upload.json["links"]["draft"]
    repaired = client.post(draft + "/repair", headers=headers, json={"sheets": {"Sheet": {"skip": [3], "types": {"3": "number"}}}})
    assert repaired.status_code == 200
    resource = client.get(repaired.json["links"]["draft"], headers=headers).json["resources"][0]
    assert resource["rows"] == 3
    assert resource["schema"]["fields"][2]["type"] == "number"
    bad = client.post(repaired.json["links"]["draft"] + "/repair", headers=headers, json={"sheets": {"Sheet": {"skip": "x"}}})
    assert bad.status_code == 422


def test_every_error_is_counted_by_type_and_column_beyond_the_listed_thousand(client, published: str, world: World) -> None:  # type: ignore[no-untyped-def]
    # 3,000 rows: every third "Số" is not a number (1,000), every seventh "Ngày" does not exist (428).
    body = "ma,so,ngay\n" + "".join(
        f"{n:05d},{'x' if n % 3 == 0 else n},{'2025-02-30' if n % 7 == 0 else '2025-01-01'}\n" for n in range(1, 3001)
    )
    schema = {"fields": [{"name": "ma", "type": "string", "title": "Mã"}, {"name": "so", "type": "integer", "title": "Số"},
                         {"name": "ngay", "type": "date", "title": "Ngày"}]}
    response = client.post(
        f"/api/v1/datasets/{published}/versions", headers=bearer(world),
        data={"file": (io.BytesIO(body.encode()), "nhieu-loi.csv"), "schema": json.dumps(schema), "confirm_errors": "true"},
        content_type="multipart/form-data",
    )

    answer = response.json
    assert len(answer["report"]["tasks"][0]["errors"]) == 1000  # the list stops at the platform's limit
    assert answer["error_count"] == 1428
    assert answer["error_counts"] == {
        "total": 1428, "byType": {"type-error": 1428}, "byField": {"so": {"type-error": 1000}, "ngay": {"type-error": 428}},
        "complete": True,
    }
    version = client.get(answer["links"]["version"]).json
    assert version["error_counts"]["byField"]["ngay"] == {"type-error": 428}
    assert "error_grid" not in version

    page = client.get(f"/datasets/{published}/versions/{answer['number']}").text
    assert "Loại lỗi × Cột" in page
    assert "Cả tệp có 1.428 lỗi." in page
    grid = page[page.index("Loại lỗi × Cột"):page.index("</table>", page.index("Loại lỗi × Cột"))]
    assert "<th>Sai kiểu</th>" in grid
    assert '<th scope="row">Số</th>' in grid and ">1.000</td>" in grid and ">428</td>" in grid
