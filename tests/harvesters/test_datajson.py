"""Harvesting a data.json catalogue (DCAT-US 1.1) served by a real local server."""

from __future__ import annotations

import json

import pytest

from harvesters.base import (
    Fetched,
    FetchedFile,
    FileState,
    HarvestState,
    ItemState,
    NotModified,
    SourceConfig,
)
from harvesters.datajson import DataJsonHarvester
from harvesters.errors import UnreadableResponse

from .conftest import ContextFactory
from .servers import FileServer

SCHOOLS = "ma_truong,ten_truong,so_hoc_sinh\n0101,Trường THPT Chu Văn An,1520\n0102,Trường THCS Nguyễn Du,\n".encode()


def _catalogue(base: str) -> dict[str, object]:
    return {
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "@type": "dcat:Catalog",
        "dataset": [
            {
                "@type": "dcat:Dataset",
                "identifier": "truong-hoc-2024",
                "title": "Danh sách trường học",
                "description": "Các trường phổ thông trên địa bàn thành phố.",
                "keyword": ["giáo dục", "trường học"],
                "modified": "2024-09-05",
                "publisher": {"@type": "org:Organization", "name": "Sở Giáo dục và Đào tạo Hà Nội"},
                "contactPoint": {"fn": "Phòng Kế hoạch", "hasEmail": "mailto:khtc@hanoi.edu.vn"},
                "accessLevel": "public",
                "license": "https://creativecommons.org/licenses/by/4.0/",
                "landingPage": f"{base}/truong-hoc.html",
                "spatial": "Hà Nội",
                "distribution": [
                    {"downloadURL": f"{base}/truong-hoc.csv", "mediaType": "text/csv", "title": "Trường học (CSV)"},
                    {"accessURL": f"{base}/truong-hoc.html", "format": "HTML"},
                ],
            },
            {"title": "Không có định danh", "distribution": []},
            {"identifier": "bao-cao", "title": "Báo cáo", "distribution": [{"downloadURL": f"{base}/bao-cao.pdf"}]},
        ],
    }


@pytest.fixture
def catalogue(served: FileServer) -> FileServer:
    (served.root / "truong-hoc.csv").write_bytes(SCHOOLS)
    (served.root / "data.json").write_text(json.dumps(_catalogue(served.url), ensure_ascii=False), encoding="utf-8")
    return served


def test_datasets_are_found_with_their_metadata_and_files(catalogue: FileServer, make_context: ContextFactory) -> None:
    harvester = DataJsonHarvester(make_context(catalogue.address))
    config = SourceConfig(f"{catalogue.url}/data.json")

    discovery = harvester.discover(config, HarvestState())

    assert [item.remote_id for item in discovery.items] == ["truong-hoc-2024", "bao-cao"], "no identifier, no item"
    item = discovery.items[0]
    assert (item.title, item.description) == ("Danh sách trường học", "Các trường phổ thông trên địa bàn thành phố.")
    assert item.tags == ("giáo dục", "trường học")
    assert (item.organisation, item.licence, item.modified) == (
        "Sở Giáo dục và Đào tạo Hà Nội", "https://creativecommons.org/licenses/by/4.0/", "2024-09-05")
    assert item.extras == {"datajson_contactPoint": "Phòng Kế hoạch", "datajson_contactEmail": "khtc@hanoi.edu.vn",
                           "datajson_accessLevel": "public",
                           "datajson_spatial": "Hà Nội"}
    assert [resource.url for resource in item.resources] == [f"{catalogue.url}/truong-hoc.csv", f"{catalogue.url}/truong-hoc.html"]

    fetched = harvester.fetch(config, item, HarvestState())

    assert isinstance(fetched, Fetched)
    [file] = fetched.files
    assert isinstance(file, FetchedFile) and file.path.read_bytes() == SCHOOLS
    state = HarvestState({item.remote_id: ItemState(item.modified, {
        file.key: FileState(file.provenance.sha256, file.provenance.etag, file.provenance.last_modified)})})
    assert harvester.fetch(config, item, state) == NotModified(item.remote_id, "not-modified")


@pytest.mark.parametrize(("document", "code"), [
    ('"just a string"', "not-a-data-json"), ('{"dataset": {"identifier": "x"}}', "not-a-data-json"), ("{not json", "invalid-json"),
])
def test_a_file_that_is_not_a_data_json_is_unreadable(document: str, code: str, served: FileServer,
                                                      make_context: ContextFactory) -> None:
    (served.root / "data.json").write_text(document)

    with pytest.raises(UnreadableResponse) as caught:
        DataJsonHarvester(make_context(served.address)).discover(SourceConfig(f"{served.url}/data.json"), HarvestState())
    assert caught.value.code == code
