"""schema.org Dataset JSON-LD in every dataset page: what Google Dataset Search requires and
recommends, and escaped so that no title can break out of the script element."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from publisher.services.datasets import Coverage

from ..helpers import DATA, World

BASE = "http://localhost"


class _JsonLd(HTMLParser):
    """Collects the text of each ``<script type="application/ld+json">`` exactly as a browser splits the page."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.scripts = 0
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
            self._inside = dict(attrs).get("type") == "application/ld+json"
            if self._inside:
                self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


def _described(client, slug: str) -> tuple[list[dict], int]:  # type: ignore[no-untyped-def]
    parser = _JsonLd()
    parser.feed(client.get(f"/datasets/{slug}").text)
    return [json.loads(block) for block in parser.blocks], parser.scripts


def test_a_dataset_page_describes_the_dataset_for_search_engines(client, world: World) -> None:  # type: ignore[no-untyped-def]
    slug = world.dataset("Đơn vị hành chính cấp tỉnh", description="Mã và tên các tỉnh.", tags="hành chính, địa giới",
                         coverage=Coverage(spatial="24", temporal_start="2025-01-01", temporal_end="2025-06-30"))
    world.publish(slug, DATA / "leading-zero-codes.csv")

    [data], _scripts = _described(client, slug)

    assert (data["@context"], data["@type"]) == ("https://schema.org/", "Dataset")
    assert data["name"] == "Đơn vị hành chính cấp tỉnh"
    assert data["description"].startswith("Mã và tên các tỉnh.")
    assert 50 <= len(data["description"]) <= 5000, "Google's bounds: a short description is completed with facts"
    assert "Ủy ban nhân dân tỉnh Bắc Ninh" in data["description"] and "3 dòng" in data["description"]
    assert data["url"] == data["identifier"] == f"{BASE}/datasets/{slug}"
    assert data["keywords"] == ["hành chính", "địa giới"]
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["isAccessibleForFree"] is True
    organisation = {"@type": "Organization", "name": "Ủy ban nhân dân tỉnh Bắc Ninh", "url": f"{BASE}/agencies/tinh-bac-ninh"}
    assert data["creator"] == data["publisher"] == organisation
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", data["dateModified"])
    assert data["spatialCoverage"][0]["name"] == "Tỉnh Bắc Ninh"
    assert data["temporalCoverage"] == "2025-01-01/2025-06-30"
    downloads = {item["contentUrl"]: item for item in data["distribution"]}
    csv_url = f"{BASE}/api/v1/datasets/{slug}/versions/1/data/{slug}.csv"
    assert downloads[csv_url]["@type"] == "DataDownload" and downloads[csv_url]["encodingFormat"] == "text/csv"
    assert f"{BASE}/api/v1/datasets/{slug}/versions/1/datapackage.zip" in downloads
    assert client.get(csv_url.removeprefix(BASE)).status_code == 200, "every contentUrl downloads"
    assert "Mã tỉnh" in data["variableMeasured"]


def test_a_title_cannot_break_out_of_the_json_ld(client, world: World, write_csv) -> None:  # type: ignore[no-untyped-def]
    title = 'Số liệu </script><script>alert("x")</script> <!-- &'
    slug = world.dataset(title, description="</SCRIPT> trong mô tả cũng vậy, đủ dài để không bị bổ sung thêm.")
    world.publish(slug, write_csv("ma,ten\n01,A\n"))

    page = client.get(f"/datasets/{slug}").text
    [data], scripts = _described(client, slug)

    assert data["name"] == title, "the JSON-LD still says exactly what the officer wrote"
    assert data["description"] == "</SCRIPT> trong mô tả cũng vậy, đủ dài để không bị bổ sung thêm."
    assert scripts == 1, "no script element was injected"
    assert "<script>alert" not in page


def test_drafts_and_withdrawn_datasets_carry_no_json_ld(client, world: World, write_csv) -> None:  # type: ignore[no-untyped-def]
    slug = world.dataset("Chưa công bố")
    world.upload(slug, write_csv("ma,ten\n01,A\n"))
    from ..helpers import sign_in
    sign_in(client, "officer")
    blocks, _scripts = _described(client, slug)
    assert blocks == []
