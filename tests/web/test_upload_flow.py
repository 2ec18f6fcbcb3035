"""The officer's path through the site: sign in, upload, read the report in Vietnamese, publish."""

from __future__ import annotations

import io
from pathlib import Path

from publisher.actor import Actor
from publisher.queries import datasets

from ..builders import xlsx
from ..helpers import DATA, World, csrf_token, sign_in


def new_dataset_form(client, **fields) -> dict:  # type: ignore[no-untyped-def]
    page = client.get("/upload")
    assert page.status_code == 200
    return {
        "csrf_token": csrf_token(page.text),
        "agency": "tinh-bac-ninh",
        "title": "Chất lượng không khí",
        "description": "Chỉ số AQI theo ngày.",
        "licence": "CC-BY-4.0",
        "tags": "môi trường, không khí",
        "frequency": "MONTHLY",
        **fields,
    }


def upload(client, path: Path, name: str | None = None, **fields):  # type: ignore[no-untyped-def]
    data = new_dataset_form(client, **fields)
    data["file"] = (io.BytesIO(path.read_bytes()), name or path.name)
    return client.post("/upload", data=data, content_type="multipart/form-data")


def test_uploading_needs_a_signed_in_editor(client, world: World) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/upload").headers["Location"].startswith("/login")
    sign_in(client, "auditor")
    response = client.get("/upload")
    assert response.status_code == 403
    assert "chưa là biên tập viên" in response.text


def test_an_officer_uploads_reads_the_report_and_publishes_with_confirmation(client, world: World) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "officer")
    response = upload(client, DATA / "type-errors.csv", name="Chất lượng không khí tháng 10.csv")
    assert response.status_code == 302
    draft_page = client.get(response.headers["Location"])
    text = draft_page.text
    assert "Kiểm tra trước khi công bố" in text
    assert "Phát hiện 3 lỗi trong dữ liệu" in text
    assert "“không đo” không phải là một số nguyên (ví dụ 1250)." in text
    assert "Sửa lại giá trị, hoặc để trống ô nếu chưa có số liệu." in text
    assert "Chất lượng không khí tháng 10.csv" in text  # the file name keeps its diacritics
    assert "Loại lỗi × Cột" in text and "Cả tệp có 3 lỗi." in text

    publish_url = response.headers["Location"] + "/publish"
    refused = client.post(publish_url, data={"csrf_token": csrf_token(text)})
    assert refused.status_code == 422
    assert "Dữ liệu còn lỗi: hãy xác nhận nếu vẫn muốn công bố." in refused.text

    done = client.post(publish_url, data={"csrf_token": csrf_token(text), "confirm_errors": "y"})
    assert done.status_code == 302
    page = client.get(done.headers["Location"]).text
    assert "Đã công bố phiên bản 1." in page
    assert "Phiên bản hiện hành có 3 lỗi." in page


def test_valid_excel_data_is_published_in_two_clicks(client, world: World, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "officer")
    workbook = xlsx(tmp_path / "Trường học.xlsx", [["Mã trường", "Tên trường"], [240001, "THPT Kinh Bắc"]])
    response = upload(client, workbook, title="Trường học")
    text = client.get(response.headers["Location"]).text
    assert "Mọi dòng đều khớp với lược đồ" in text
    assert "THPT Kinh Bắc" in text  # the first rows are shown before publishing
    client.post(response.headers["Location"] + "/publish", data={"csrf_token": csrf_token(text)})
    detail = datasets.dataset_detail(world.platform, Actor.anonymous(), "truong-hoc")
    assert detail.summary.version == 1


def test_bad_files_get_a_clear_message_and_nothing_is_created(client, world: World, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "officer")
    cases = [
        ("bao-cao.xlsx", b"%PDF-1.7 a report", 415, "không phải bảng tính"),
        ("rong.csv", b"", 400, "Tệp không có dữ liệu."),
        ("hong.xlsx", xlsx(tmp_path / "ok.xlsx", [["a"], [1]]).read_bytes()[:200], 400, "Tệp bị hỏng"),
    ]
    for name, content, status, message in cases:
        path = tmp_path / name
        path.write_bytes(content)
        response = upload(client, path, title=f"Thử {name}")
        assert response.status_code == status, name
        assert message in response.text, name
    assert datasets.editable_datasets(world.platform, world.officer) == []


def test_an_upload_over_the_limit_is_refused_with_413(world: World, tmp_path: Path) -> None:
    from web.app import create_app

    world.platform.settings = world.platform.settings.__class__(**{**world.platform.settings.__dict__, "max_upload_bytes": 10_000})
    app = create_app(platform=world.platform)
    client = app.test_client()
    sign_in(client, "officer")
    big = tmp_path / "lon.csv"
    big.write_bytes(b"a,b\n" + b"1,2\n" * 400_000)
    response = upload(client, big)
    assert response.status_code == 413
    assert "quá lớn" in response.text


def test_a_new_version_keeps_the_old_one_online_until_published(client, world: World, write_csv) -> None:  # type: ignore[no-untyped-def]
    slug = world.dataset("Danh mục")
    world.publish(slug, write_csv("Mã\n01\n", "v1.csv"))
    sign_in(client, "officer")
    form = client.get(f"/datasets/{slug}/upload")
    response = client.post(
        f"/datasets/{slug}/upload",
        data={"csrf_token": csrf_token(form.text), "file": (io.BytesIO(b"M\xc3\xa3\n01\n02\n"), "v2.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert datasets.dataset_detail(world.platform, Actor.anonymous(), slug).summary.version == 1
    assert "Bản nháp chờ xem xét" in client.get(f"/datasets/{slug}").text


def test_forms_without_their_csrf_token_are_refused(client, world: World) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "officer")
    response = client.post("/upload", data={"title": "x"})
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn" in response.text


def test_sign_in_never_redirects_to_another_site(client, world: World) -> None:  # type: ignore[no-untyped-def]
    from ..helpers import PASSWORDS

    for target in ["https://evil.example/", "//evil.example/", "/\\evil.example"]:
        page = client.get("/login")
        response = client.post(f"/login?next={target}", data={"username": "officer", "password": PASSWORDS["officer"],
                                                               "csrf_token": csrf_token(page.text)})
        assert response.headers["Location"] == "/", target


def test_the_officer_corrects_the_guess_on_the_draft_page(client, world: World) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "officer")
    response = upload(client, DATA / "messy" / "totals-sections-notes-signature.xlsx", title="Cán bộ và hồ sơ")
    page = client.get(response.headers["Location"]).text
    assert "Sửa cách đọc bảng" in page
    assert 'name="sheet-0-col-2-title" value="Đơn vị"' in page
    form = {
        "csrf_token": csrf_token(page),
        "sheet-0-header-first": "1",
        "sheet-0-header-last": "1",
        "sheet-0-skip": "3",
        "sheet-0-keep": "",
        "sheet-0-col-1-type": "integer",
        "sheet-0-col-2-type": "string",
        "sheet-0-col-2-title": "Cơ quan",
        "sheet-0-col-3-type": "number",
        "sheet-0-col-4-type": "integer",
    }
    repaired = client.post(response.headers["Location"] + "/repair", data=form)
    assert repaired.status_code == 302
    text = client.get(repaired.headers["Location"]).text
    assert "Cơ quan" in text
    assert "Bỏ 1 dòng theo yêu cầu của bạn (dòng 3)." in text
