"""The CKAN-compatible API answers as CKAN 2.x does: its envelope, its errors, its search parameters
and facets, and only what is published. (Shapes checked by hand against the real CKAN 2.12 of
``shared/ckan``: package_show, package_search with facets, organization_list, and errors.)"""

from __future__ import annotations

import json

import pytest

from publisher.services import datasets

from ..helpers import World

PREFIXES = ["/api/3/action", "/api/action"]


@pytest.fixture
def catalogue(world: World, write_csv) -> dict[str, str]:  # type: ignore[no-untyped-def]
    data = write_csv("Mã xã,Tên xã,Số hồ sơ\n09187,Phường Kinh Bắc,120\n00004,Phường Ba Đình,7\n")
    slugs = {
        "ho-so": world.dataset("Kết quả giải quyết hồ sơ", tags="hành chính, dịch vụ công (DVC)", description="Theo xã.",
                               coverage=datasets.Coverage(contact_name="Văn phòng UBND tỉnh", contact_email="vp@bacninh.gov.vn",
                                                          themes="GOVE", temporal_start="2025-01-01",
                                                          temporal_end="2025-12-31")),
        "dat": world.dataset("Đất đai", tags="đất đai"),
        "khcn": datasets.dataset_create(world.platform, world.other_officer, agency="bo-khcn", title="Đề tài").slug,
    }
    world.publish(slugs["ho-so"], data)
    world.publish(slugs["dat"], data)
    world.upload(slugs["khcn"], data, actor=world.other_officer, publish=True)
    slugs["draft"] = world.dataset("Bản nháp")
    world.upload(slugs["draft"], data)
    return slugs


def call(client, action: str, prefix: str = "/api/3/action", **params):  # type: ignore[no-untyped-def]
    return client.get(f"{prefix}/{action}", query_string=params)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_package_list_and_show_in_ckans_envelope(client, catalogue: dict[str, str], prefix: str) -> None:  # type: ignore[no-untyped-def]
    listed = call(client, "package_list", prefix).get_json()
    assert listed["success"] is True and listed["help"].endswith("/api/3/action/help_show?name=package_list")
    assert listed["result"] == sorted([catalogue["ho-so"], catalogue["dat"], catalogue["khcn"]])  # no draft
    package = call(client, "package_show", prefix, id=catalogue["ho-so"]).get_json()["result"]
    assert package["name"] == catalogue["ho-so"] and package["title"] == "Kết quả giải quyết hồ sơ"
    assert package["notes"] == "Theo xã." and package["state"] == "active" and package["private"] is False
    assert package["organization"]["name"] == "tinh-bac-ninh"
    assert package["organization"]["title"] == "Ủy ban nhân dân tỉnh Bắc Ninh"
    assert package["owner_org"] == package["organization"]["id"]
    assert [tag["name"] for tag in package["tags"]] == ["hành chính", "dịch vụ công DVC"]  # CKAN forbids ( )
    assert package["license_id"] == "CC-BY-4.0" and package["isopen"] is True
    assert [resource["format"] for resource in package["resources"]] == ["CSV", "JSON", "ZIP"]
    extras = {extra["key"]: extra["value"] for extra in package["extras"]}
    assert extras["valid"] == "true" and extras["rows"] == "2" and extras["original_format"] == "CSV"
    assert (extras["theme"], extras["temporal_start"], extras["temporal_end"]) == ('["GOVE"]', "2025-01-01", "2025-12-31")
    assert (package["maintainer"], package["maintainer_email"]) == ("Văn phòng UBND tỉnh", "vp@bacninh.gov.vn")
    by_id = call(client, "package_show", prefix, id=package["id"]).get_json()["result"]
    assert by_id["name"] == catalogue["ho-so"]
    csv = client.get(package["resources"][0]["url"])
    assert csv.status_code == 200 and "Phường Kinh Bắc" in csv.text
    assert client.get(package["resources"][1]["url"]).get_json()["name"] == catalogue["ho-so"]


def test_errors_have_ckans_shape_and_status(client, catalogue: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for missing in [{"id": "khong-co"}, {"id": catalogue["draft"]}]:
        answer = call(client, "package_show", **missing)
        assert answer.status_code == 404
        assert answer.get_json() == {"help": "http://localhost/api/3/action/help_show?name=package_show",
                                     "success": False, "error": {"__type": "Not Found Error", "message": "Not found"}}
    answer = call(client, "package_show")
    assert answer.status_code == 409
    assert answer.get_json()["error"] == {"__type": "Validation Error", "name_or_id": ["Missing value"]}
    answer = call(client, "package_search", rows="many")
    assert answer.status_code == 409 and answer.get_json()["error"] == {"__type": "Validation Error", "rows": ["Invalid integer"]}
    answer = call(client, "package_search", fq="colour:red")
    assert answer.status_code == 409 and answer.get_json()["error"]["__type"] == "Search Query Error"
    answer = call(client, "organization_show", id="khong-co")
    assert answer.status_code == 404 and answer.get_json()["error"]["__type"] == "Not Found Error"
    answer = client.get("/api/3/action/package_create")
    assert answer.status_code == 400 and "Action name not known: package_create" in answer.get_json()


def test_package_search_with_filters_paging_sort_and_facets(client, catalogue: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    result = call(client, "package_search", q="giai quyet", **{"facet.field": '["organization", "tags", "res_format"]'}).get_json()["result"]
    assert result["count"] == 1 and result["results"][0]["name"] == catalogue["ho-so"]
    assert result["facets"]["tags"] == {"hành chính": 1, "dịch vụ công (DVC)": 1}
    assert result["search_facets"]["organization"] == {"title": "organization", "items": [
        {"name": "tinh-bac-ninh", "display_name": "Ủy ban nhân dân tỉnh Bắc Ninh", "count": 1}]}
    everything = call(client, "package_search", rows=2, start=0, sort="name asc").get_json()["result"]
    rest = call(client, "package_search", rows=2, start=2, sort="name asc").get_json()["result"]
    assert everything["count"] == 3
    assert [item["name"] for item in everything["results"] + rest["results"]] == sorted(
        [catalogue["ho-so"], catalogue["dat"], catalogue["khcn"]])
    only = call(client, "package_search", fq="organization:bo-khcn OR organization:khong-co").get_json()["result"]
    assert [item["name"] for item in only["results"]] == [catalogue["khcn"]]
    others = call(client, "package_search", fq="-organization:bo-khcn", sort="title_string asc").get_json()["result"]
    assert [item["title"] for item in others["results"]] == ["Đất đai", "Kết quả giải quyết hồ sơ"]
    tagged = call(client, "package_search", fq='tags:"hành chính" +dataset_type:dataset res_format:CSV').get_json()["result"]
    assert tagged["count"] == 1
    assert call(client, "package_search", fq="metadata_modified:[2000-01-01T00:00:00Z TO *]").get_json()["result"]["count"] == 3
    assert call(client, "package_search", fq="metadata_modified:[2999-01-01T00:00:00Z TO *]").get_json()["result"]["count"] == 0
    posted = client.post("/api/action/package_search", data=json.dumps({"q": "đất", "rows": 5}),
                         content_type="application/json").get_json()
    assert posted["success"] and [item["title"] for item in posted["result"]["results"]] == ["Đất đai"]


def test_organisations_and_the_full_list(client, catalogue: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    assert call(client, "organization_list").get_json()["result"] == ["bo-khcn", "phuong-kinh-bac", "tinh-bac-ninh"]
    full = {item["name"]: item for item in call(client, "organization_list", all_fields="true").get_json()["result"]}
    assert full["tinh-bac-ninh"]["package_count"] == 2 and full["phuong-kinh-bac"]["package_count"] == 0
    assert full["tinh-bac-ninh"]["display_name"] == "Ủy ban nhân dân tỉnh Bắc Ninh"
    shown = call(client, "organization_show", id=full["bo-khcn"]["id"], include_datasets="true").get_json()["result"]
    assert shown["name"] == "bo-khcn" and [item["name"] for item in shown["packages"]] == [catalogue["khcn"]]
    page = call(client, "current_package_list_with_resources", limit=2).get_json()["result"]
    assert [item["name"] for item in page] == [catalogue["khcn"], catalogue["dat"]]  # most recently updated first
    assert call(client, "current_package_list_with_resources", limit=2, offset=2).get_json()["result"][0]["resources"]
    status = call(client, "status_show").get_json()["result"]
    assert status["ckan_version"].startswith("2.")
