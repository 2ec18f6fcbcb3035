"""Harvesting paged JSON APIs: a real Datasette (next links, cursors) and small real servers (pages, offsets, Link headers)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
from harvesters.errors import UnreadableResponse, UnsafeTarget
from harvesters.rest import RestHarvester

from ..helpers import require
from .conftest import ContextFactory
from .servers import Answer, FileServer, Trap

SCHOOLS = [
    ("0101", "Trường THPT Chu Văn An", 1520),
    ("0102", "Trường THCS Nguyễn Du", None),
    ("0203", "Trường Tiểu học Điện Biên", 640),
    ("0204", "Trường Mầm non Hoa Sữa", 210),
    ("0305", "Trường THPT Phan Đình Phùng", 1385),
]
CSV = "ma_truong,ten_truong,so_hoc_sinh\n" + "".join(
    f"{code},{name},{'' if pupils is None else pupils}\n" for code, name, pupils in SCHOOLS)


def _records() -> list[dict[str, Any]]:
    return [{"ma_truong": code, "ten_truong": name, "so_hoc_sinh": pupils} for code, name, pupils in SCHOOLS]


def _json(document: object, headers: dict[str, str] | None = None) -> Answer:
    return 200, {"Content-Type": "application/json", **(headers or {})}, json.dumps(document, ensure_ascii=False).encode()


def _harvest(harvester: RestHarvester, config: SourceConfig, state: HarvestState | None = None) -> Fetched | NotModified:
    [item] = harvester.discover(config, HarvestState()).items
    return harvester.fetch(config, item, state or HarvestState())


def _csv(outcome: Fetched | NotModified) -> str:
    assert isinstance(outcome, Fetched) and isinstance(outcome.files[0], FetchedFile)
    return outcome.files[0].path.read_text(encoding="utf-8")


# A real Datasette ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def datasette(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Datasette serving a SQLite database of schools on a free loopback port; yields its URL."""
    binary = Path(sys.executable).parent / "datasette"
    require(binary.exists(), "datasette is not installed (pip install datasette)")
    folder = tmp_path_factory.mktemp("datasette")
    with sqlite3.connect(folder / "giao_duc.db") as connection:
        connection.execute("CREATE TABLE truong_hoc (ma_truong TEXT PRIMARY KEY, ten_truong TEXT, so_hoc_sinh INTEGER)")
        connection.executemany("INSERT INTO truong_hoc VALUES (?, ?, ?)", SCHOOLS)
    trap = Trap()  # borrow a free port
    port = trap.port
    trap.close()
    process = subprocess.Popen([str(binary), "serve", str(folder / "giao_duc.db"), "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/-/versions.json", timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                require(False, "datasette did not start")
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.parametrize("paging", [
    {"paging": "next", "next_path": "next_url"},
    {"paging": "cursor", "cursor_path": "next", "cursor_param": "_next"},
])
def test_datasette_pages_are_followed_to_the_last_record(paging: dict[str, str], datasette: str,
                                                         make_context: ContextFactory) -> None:
    harvester = RestHarvester(make_context(datasette.split("://")[1]))
    config = SourceConfig(f"{datasette}/giao_duc/truong_hoc.json?_shape=objects&_size=2",
                          {"records": "rows", "title": "Danh sách trường học", **paging})

    assert _csv(_harvest(harvester, config)) == CSV, "every page, codes with their zeros, diacritics intact"


# Small real servers for the other styles --------------------------------------------------------


@pytest.fixture
def api(served: FileServer) -> FileServer:
    records = _records()

    def by_page(query: dict[str, str], headers: dict[str, str]) -> Answer:
        size, page = int(query.get("per_page", "2")), int(query["page"])
        return _json({"data": records[(page - 1) * size:page * size]})

    def by_offset(query: dict[str, str], headers: dict[str, str]) -> Answer:
        offset = int(query["offset"])
        return _json(records[offset:offset + 2])

    def linked(query: dict[str, str], headers: dict[str, str]) -> Answer:
        page = int(query.get("p", "1"))
        items = [{"code": r["ma_truong"], "name": {"vi": r["ten_truong"], "en": "school"}, "stats": [{"pupils": r["so_hoc_sinh"]}]}
                 for r in records[(page - 1) * 2:page * 2]]
        link = {"Link": f'</linked?p={page + 1}>; rel="next"'} if page * 2 < len(records) else {}
        return _json({"data": {"items": items}}, link)

    served.routes.update({"/by-page": by_page, "/by-offset": by_offset, "/linked": linked,
                          "/self": lambda query, headers: _json({"rows": [{"a": 1}], "next": "/self"}),
                          "/lists": lambda query, headers: _json([[1, 2], [3, 4]])})
    return served


def test_numbered_pages_stop_at_a_short_page(api: FileServer, make_context: ContextFactory) -> None:
    harvester = RestHarvester(make_context(api.address))
    config = SourceConfig(f"{api.url}/by-page", {"records": "data", "paging": "page", "size_param": "per_page", "page_size": 2})

    assert _csv(_harvest(harvester, config)) == CSV
    assert api.count("/by-page") == 3


def test_offsets_stop_at_an_empty_page(api: FileServer, make_context: ContextFactory) -> None:
    harvester = RestHarvester(make_context(api.address))

    assert _csv(_harvest(harvester, SourceConfig(f"{api.url}/by-offset", {"paging": "offset"}))) == CSV
    assert api.count("/by-offset") == 4


def test_link_headers_and_a_field_mapping_with_nested_paths(api: FileServer, make_context: ContextFactory) -> None:
    harvester = RestHarvester(make_context(api.address))
    fields = {"ma_truong": "code", "ten_truong": "name.vi", "so_hoc_sinh": "stats.0.pupils"}
    config = SourceConfig(f"{api.url}/linked", {"records": "data.items", "paging": "next", "fields": fields})

    assert _csv(_harvest(harvester, config)) == CSV


def test_an_unchanged_api_is_not_modified(api: FileServer, make_context: ContextFactory) -> None:
    harvester = RestHarvester(make_context(api.address))
    config = SourceConfig(f"{api.url}/by-offset", {"paging": "offset", "id": "truong-hoc"})
    first = _harvest(harvester, config)
    assert isinstance(first, Fetched) and isinstance(first.files[0], FetchedFile)
    state = HarvestState({"truong-hoc": ItemState(None, {"data": FileState(first.files[0].provenance.sha256)})})

    assert _harvest(harvester, config, state) == NotModified("truong-hoc", "same-content")


@pytest.mark.parametrize(("path", "options", "code"), [
    ("/by-page", {"records": "items", "paging": "page"}, "records-not-found"),
    ("/by-page", {"records": "data", "paging": "page", "max_pages": 2}, "too-many-pages"),
    ("/self", {"records": "rows", "paging": "next", "next_path": "next"}, "paging-loop"),
    ("/lists", {}, "records-not-objects"),
])
def test_an_unusable_api_is_reported_by_code(path: str, options: dict[str, object], code: str, api: FileServer,
                                             make_context: ContextFactory) -> None:
    harvester = RestHarvester(make_context(api.address))

    with pytest.raises(UnreadableResponse) as caught:
        _harvest(harvester, SourceConfig(f"{api.url}{path}", options))
    assert caught.value.code == code


def test_a_next_link_to_a_forbidden_host_is_never_followed(api: FileServer, trap: Trap, make_context: ContextFactory) -> None:
    api.routes["/leaky"] = lambda query, headers: _json({"rows": [{"a": 1}], "next": f"{trap.url}/internal"})
    harvester = RestHarvester(make_context(api.address))

    with pytest.raises(UnsafeTarget) as caught:
        _harvest(harvester, SourceConfig(f"{api.url}/leaky", {"records": "rows", "paging": "next", "next_path": "next"}))
    assert caught.value.code == "host-not-allowed"
