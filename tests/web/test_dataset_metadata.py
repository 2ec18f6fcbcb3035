"""What a dataset covers and whom to ask: themes, places, period and contact point, edited by its
officers on the form or by API, shown to readers, and kept out when it makes no sense."""

from __future__ import annotations

import re

import pytest

from publisher.queries import audit
from publisher.queries import datasets as dataset_queries
from publisher.services import datasets, tokens

from ..helpers import DATA, World, csrf_token, sign_in


@pytest.fixture
def published(world: World) -> str:
    slug = world.dataset("Số hồ sơ thủ tục hành chính")
    world.publish(slug, DATA / "leading-zero-codes.csv")
    return slug


def _edit(client, slug: str, **fields: object):  # type: ignore[no-untyped-def]
    page = client.get(f"/datasets/{slug}/edit")
    form = {"csrf_token": csrf_token(page.text), "title": "Số hồ sơ thủ tục hành chính", "licence": "CC-BY-4.0",
            "frequency": "QUARTERLY", **fields}
    return client.post(f"/datasets/{slug}/edit", data=form)


def test_an_officer_describes_what_the_data_covers_and_readers_see_it(client, world: World, published: str) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "officer")
    response = _edit(client, published, themes=["GOVE", "REGI"], spatial="tinh bac ninh, 09187",
                     temporal_start="2025-07-01", temporal_end="2025-12-31",
                     contact_name="Văn phòng Sở Khoa học và Công nghệ", contact_email="vanphong@bacninh.gov.vn")
    assert response.status_code == 302, response.text

    page = client.get(f"/datasets/{published}").text
    for expected in ["Chính phủ và khu vực công", "Vùng và đô thị", "Tỉnh Bắc Ninh, Phường Kinh Bắc",
                     "Văn phòng Sở Khoa học và Công nghệ", 'href="mailto:vanphong@bacninh.gov.vn"']:
        assert expected in page, expected
    assert "2025" in page.split("Thời gian dữ liệu bao phủ")[1][:200]

    english = client.get(f"/datasets/{published}?lang=en").text
    assert "Government and public sector" in english and "Regions and cities" in english

    body = client.get(f"/api/v1/datasets/{published}").json
    assert body["themes"] == ["GOVE", "REGI"]
    assert body["spatial"] == [{"code": "24", "name": "Tỉnh Bắc Ninh"}, {"code": "09187", "name": "Phường Kinh Bắc"}]
    assert body["temporal"] == {"start": "2025-07-01", "end": "2025-12-31"}
    assert body["contact_point"] == {"name": "Văn phòng Sở Khoa học và Công nghệ", "email": "vanphong@bacninh.gov.vn"}

    form = client.get(f"/datasets/{published}/edit").text  # the form shows what is stored, to edit again
    assert 'value="24, 09187"' in form and 'value="2025-07-01"' in form
    checked = re.findall(r'<input checked[^>]*value="(\w+)"', form)
    assert checked == ["GOVE", "REGI"]


def test_what_makes_no_sense_is_refused_in_vietnamese_and_nothing_is_saved(client, world: World, published: str) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "officer")
    response = _edit(client, published, spatial="Bắc Ninh, Atlantis", contact_email="not an address",
                     temporal_start="2025-12-31", temporal_end="2025-01-01")
    assert response.status_code == 422
    for expected in ["Ghi tỉnh bằng tên hoặc mã", "Ghi một địa chỉ thư điện tử", "Thời điểm kết thúc đứng trước"]:
        assert expected in response.text, expected
    detail = client.get(f"/api/v1/datasets/{published}").json
    assert detail["spatial"] == [] and detail["contact_point"] is None and detail["temporal"] is None


def test_the_api_sets_coverage_at_creation_and_patches_only_what_it_is_given(client, world: World) -> None:  # type: ignore[no-untyped-def]
    token = tokens.token_issue(world.platform, world.officer, username="officer", scope="write")
    headers = {"Authorization": f"Bearer {token}"}
    created = client.post("/api/v1/datasets", headers=headers, json={
        "agency": "tinh-bac-ninh", "title": "Chất lượng không khí", "themes": ["ENVI"], "spatial": ["Hà Nội", "24"],
        "temporal": {"start": "2024-01-01"}, "contact_point": {"name": "Trung tâm Quan trắc"},
    })
    assert created.status_code == 201, created.json
    slug = created.json["slug"]
    assert created.json["themes"] == ["ENVI"]
    assert [unit["code"] for unit in created.json["spatial"]] == ["01", "24"]
    assert created.json["temporal"] == {"start": "2024-01-01", "end": None}

    patched = client.patch(f"/api/v1/datasets/{slug}", headers=headers, json={"contact_point": {"email": "quantrac@hanoi.gov.vn"}})
    assert patched.status_code == 200, patched.json
    assert patched.json["contact_point"] == {"name": "Trung tâm Quan trắc", "email": "quantrac@hanoi.gov.vn"}
    assert patched.json["themes"] == ["ENVI"]  # untouched

    refused = client.patch(f"/api/v1/datasets/{slug}", headers=headers, json={"themes": ["NOPE"]})
    assert refused.status_code == 422
    assert "themes" in str(refused.json)

    entries = audit.audit_page(world.platform, world.admin, audit.AuditFilter(action="dataset-update")).items
    assert [entry.summary["after"] for entry in entries] == [{"contact_email": "quantrac@hanoi.gov.vn"}]


def test_units_are_recognised_by_name_or_code_however_typed(world: World) -> None:
    reference = world.platform.reference
    assert reference.unit_code("24") == "24"
    assert reference.unit_code("Bắc Ninh") == "24"
    assert reference.unit_code("  TỈNH   bắc ninh ") == "24"
    assert reference.unit_code("thanh pho ha noi") == "01"
    assert reference.unit_code("09187") == "09187"  # a commune, by its five-digit code
    assert reference.unit_code("99") is None  # not a province code in force
    assert reference.unit_code("Hà Giang") is None  # merged into Tuyên Quang on 1 July 2025


def test_a_dataset_created_without_coverage_has_none(world: World) -> None:
    slug = datasets.dataset_create(world.platform, world.officer, agency="tinh-bac-ninh", title="Không có gì thêm").slug
    item = dataset_queries.dataset_detail(world.platform, world.officer, slug).summary
    assert (item.themes, item.spatial, item.temporal_start, item.contact_name) == ([], [], None, "")
