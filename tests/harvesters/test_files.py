"""Harvesting files: a list of URLs, a web folder, a local drop folder; each unchanged file is NotModified."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from harvesters.base import (
    Fetched,
    FetchedFile,
    FileState,
    HarvestState,
    ItemState,
    NotModified,
    RemoteItem,
    SourceConfig,
)
from harvesters.errors import InvalidConfig, UnsafeTarget
from harvesters.files import FilesHarvester

from ..builders import xlsx
from .conftest import ContextFactory
from .servers import FileServer

CSV = "ma_xa,ten_xa\n09187,Phường Kinh Bắc\n00004,Phường Ba Đình\n".encode()


def _state_after(item: RemoteItem, outcome: Fetched | NotModified) -> HarvestState:
    assert isinstance(outcome, Fetched) and isinstance(outcome.files[0], FetchedFile)
    provenance = outcome.files[0].provenance
    return HarvestState({item.remote_id: ItemState(item.modified, {
        outcome.files[0].key: FileState(provenance.sha256, provenance.etag, provenance.last_modified)})})


@pytest.fixture
def folder(served: FileServer) -> FileServer:
    """A web folder as an agency publishes one: spreadsheets, and things that are not datasets."""
    data = served.root / "du-lieu"
    data.mkdir()
    (data / "xã phường.csv").write_bytes(CSV)
    xlsx(data / "ngân sách.xlsx", [["Mã", "Khoản"], ["01", "Chi thường xuyên"]])
    (data / "tong-hop.ods").write_bytes(b"PK\x03\x04 stand-in ods bytes")
    (data / "danh-muc.json").write_text('[{"ma": "01"}]', encoding="utf-8")
    (data / "huong-dan.pdf").write_bytes(b"%PDF-1.4")
    return served


def test_a_list_of_urls_gives_one_item_per_file(folder: FileServer, make_context: ContextFactory) -> None:
    harvester = FilesHarvester(make_context(folder.address))
    urls = [f"{folder.url}/du-lieu/x%C3%A3%20ph%C6%B0%E1%BB%9Dng.csv", f"{folder.url}/du-lieu/huong-dan.pdf"]
    config = SourceConfig("", {"urls": urls})

    discovery = harvester.discover(config, HarvestState())

    [item] = discovery.items
    assert (item.remote_id, item.title, item.resources[0].format) == (urls[0], "xã phường", "CSV")
    fetched = harvester.fetch(config, item, HarvestState())
    assert isinstance(fetched, Fetched) and isinstance(fetched.files[0], FetchedFile)
    assert fetched.files[0].path.read_bytes() == CSV

    assert harvester.fetch(config, item, _state_after(item, fetched)) == NotModified(item.remote_id, "not-modified")


def test_a_server_without_validators_still_skips_unchanged_bytes(folder: FileServer, make_context: ContextFactory) -> None:
    harvester = FilesHarvester(make_context(folder.address))
    config = SourceConfig("", {"urls": [f"{folder.url}/plain/du-lieu/danh-muc.json"]})
    [item] = harvester.discover(config, HarvestState()).items
    first = harvester.fetch(config, item, HarvestState())

    assert harvester.fetch(config, item, _state_after(item, first)) == NotModified(item.remote_id, "same-content")


def test_a_web_folder_lists_its_tables(folder: FileServer, make_context: ContextFactory) -> None:
    harvester = FilesHarvester(make_context(folder.address))

    discovery = harvester.discover(SourceConfig(f"{folder.url}/du-lieu/"), HarvestState())

    assert sorted(item.title for item in discovery.items) == ["danh-muc", "ngân sách", "tong-hop", "xã phường"]
    assert {item.resources[0].format for item in discovery.items} == {"CSV", "XLSX", "ODS", "JSON"}
    assert all(item.remote_id.startswith(f"{folder.url}/du-lieu/") for item in discovery.items)


def test_links_leaving_the_web_folder_are_ignored(served: FileServer, make_context: ContextFactory) -> None:
    listing = ('<a href="?C=N;O=D">Name</a> <a href="/">Parent Directory</a> <a href="bao-cao.csv">bao-cao.csv</a> '
               '<a href="../khac/ngoai.csv">outside</a> <a href="http://example.org/du-lieu/xa.csv">far</a> '
               '<a href="con/">con/</a> <a href="bao-cao.csv#top">again</a>')
    served.routes["/du-lieu/"] = lambda query, headers: (200, {"Content-Type": "text/html"}, listing.encode())
    harvester = FilesHarvester(make_context(served.address))

    discovery = harvester.discover(SourceConfig(f"{served.url}/du-lieu/"), HarvestState())

    assert [item.remote_id for item in discovery.items] == [f"{served.url}/du-lieu/bao-cao.csv"]


def test_a_local_drop_folder_is_harvested_and_unchanged_files_are_not_read_again(
        tmp_path: Path, make_context: ContextFactory) -> None:
    drop = tmp_path / "drop" / "so-tai-chinh"
    drop.mkdir(parents=True)
    (drop / "thu-chi.csv").write_bytes(CSV)
    (drop / ".tam.csv").write_bytes(CSV)
    (drop / "ghi-chu.txt").write_text("không phải bảng")
    harvester = FilesHarvester(make_context(local_roots=(tmp_path / "drop",)))
    config = SourceConfig(drop.as_uri())

    [item] = harvester.discover(config, HarvestState()).items
    first = harvester.fetch(config, item, HarvestState())
    state = _state_after(item, first)

    assert item.remote_id == "thu-chi.csv" and item.modified
    assert isinstance(first, Fetched) and isinstance(first.files[0], FetchedFile)
    assert first.files[0].path.read_bytes() == CSV
    assert first.files[0].provenance.media_type == "text/csv"
    assert harvester.fetch(config, item, state) == NotModified(item.remote_id, "not-modified")

    os.utime(drop / "thu-chi.csv", ns=(1, 1))  # touched, same bytes
    assert harvester.fetch(config, item, state) == NotModified(item.remote_id, "same-content")

    (drop / "thu-chi.csv").write_bytes(CSV + "24,Bắc Ninh\n".encode())
    changed = harvester.fetch(config, item, state)
    assert isinstance(changed, Fetched) and isinstance(changed.files[0], FetchedFile)
    assert changed.files[0].path.read_bytes().endswith("24,Bắc Ninh\n".encode())


def test_a_local_folder_outside_the_allowed_roots_is_refused(tmp_path: Path, make_context: ContextFactory) -> None:
    harvester = FilesHarvester(make_context(local_roots=(tmp_path / "drop",)))

    for url in ("/etc", str(tmp_path), f"{tmp_path}/drop/../secrets", "file:///var"):
        with pytest.raises(UnsafeTarget) as caught:
            harvester.discover(SourceConfig(url), HarvestState())
        assert caught.value.code == "path-not-allowed", url


def test_a_symbolic_link_out_of_the_drop_folder_is_not_followed(tmp_path: Path, make_context: ContextFactory) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    secret = tmp_path / "secret.csv"
    secret.write_bytes(CSV)
    (drop / "bi-mat.csv").symlink_to(secret)
    harvester = FilesHarvester(make_context(local_roots=(drop,)))
    config = SourceConfig(str(drop))
    [item] = harvester.discover(config, HarvestState()).items

    with pytest.raises(UnsafeTarget) as caught:
        harvester.fetch(config, item, HarvestState())
    assert caught.value.code == "path-not-allowed"


def test_a_missing_local_folder_is_a_config_error(tmp_path: Path, make_context: ContextFactory) -> None:
    harvester = FilesHarvester(make_context(local_roots=(tmp_path,)))

    with pytest.raises(InvalidConfig) as caught:
        harvester.discover(SourceConfig(str(tmp_path / "khong-co")), HarvestState())
    assert caught.value.field_errors == {"url": "not-found"}
