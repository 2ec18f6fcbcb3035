"""The compliance band facet on /datasets (Vietnamese and English), its JSON twin and the CKAN API."""

from __future__ import annotations

import json
import re

import pytest

from publisher.services import datasets

from ..helpers import World

REGISTER = "Mã xã,Tên,Số hồ sơ\n09187,Phường Kinh Bắc,12\n99999,Sai mã,5\n09187,Phường Kinh Bắc,12\n"


@pytest.fixture
def two_bands(world: World, write_csv) -> None:  # type: ignore[no-untyped-def]
    """One dataset scored 77.3 (Khá, by hand in tests/publisher/test_compliance.py), one described in full (Tốt)."""
    world.publish(world.dataset("Điểm tiếp nhận hồ sơ"), write_csv(REGISTER))
    good = world.dataset("Danh sách một cửa")
    world.publish(good, write_csv(REGISTER))
    datasets.dataset_update(world.platform, world.officer, slug=good, tags="hồ sơ, một cửa",
                            description="Danh sách điểm tiếp nhận hồ sơ thủ tục hành chính của phường, cập nhật hằng tháng.",
                            schema_id="ket-qua-giai-quyet-tthc",
                            coverage=datasets.Coverage(contact_name="Bộ phận một cửa", themes=["GOVE"], spatial="09187",
                                                       temporal_start="2025-07-01"))


def test_the_band_is_a_filter_in_both_languages(client, two_bands: None) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/datasets").text
    assert "Xếp loại tuân thủ" in page.split('<aside class="facets"', 1)[1]
    assert re.search(r">\s*Tốt\s*</a>\s*<span class=\"count\">1</span>", page)
    assert re.search(r">\s*Khá\s*</a>\s*<span class=\"count\">1</span>", page)
    narrowed = client.get("/datasets?band=kha").text
    assert "Điểm tiếp nhận hồ sơ" in narrowed and "Danh sách một cửa" not in narrowed
    english = client.get("/datasets?lang=en").text
    assert "Compliance band" in english and re.search(r">\s*Fair\s*</a>\s*<span class=\"count\">1</span>", english)


def test_the_api_and_ckan_filter_and_count_by_band(client, two_bands: None) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/api/v1/datasets?band=tot").get_json()
    assert answer["count"] == 1 and [item["title"] for item in answer["results"]] == ["Danh sách một cửa"]
    assert {item["value"]: (item["label"], item["count"], item["selected"]) for item in answer["facets"]["band"]} == {
        "tot": ("Tốt", 1, True)}
    everything = client.get("/api/v1/datasets?lang=en").get_json()
    assert {item["value"]: (item["label"], item["count"]) for item in everything["facets"]["band"]} == {
        "tot": ("Good", 1), "kha": ("Fair", 1)}
    result = client.get("/api/3/action/package_search", query_string={"fq": "band:kha", "facet.field": json.dumps(["band"])}).get_json()["result"]
    assert [package["title"] for package in result["results"]] == ["Điểm tiếp nhận hồ sơ"]
    assert result["facets"]["band"] == {"kha": 1}
    assert result["search_facets"]["band"]["items"] == [{"name": "kha", "display_name": "Khá", "count": 1}]
