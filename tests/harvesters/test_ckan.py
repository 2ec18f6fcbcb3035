"""Harvesting a real CKAN 2.12: an agency's organisation, its datasets, their files; then what changed.

Datasets are created through ckanapi in a fresh organisation per test (and purged after). Their
resources are CSV files served by a loopback file server, or uploaded to CKAN itself.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from typing import Any

import pytest

from harvesters.base import (
    Discovery,
    Fetched,
    FetchedFile,
    HarvestState,
    NotModified,
    SourceConfig,
    next_state,
)
from harvesters.ckan import CkanHarvester
from harvesters.errors import InvalidConfig, SkipItem, UnreadableResponse

from .conftest import CkanPeer, ContextFactory, Organisation
from .servers import FileServer

POPULATION = "ma_tinh,ten_tinh,dan_so\n01,Hà Nội,8587100\n04,Cao Bằng,547900\n24,Bắc Ninh,1517400\n".encode()
BUDGET = "ma_xa,ten_xa,du_toan\n09187,Phường Kinh Bắc,1250.5\n00004,Phường Ba Đình,980\n".encode()


@pytest.fixture
def files(served: FileServer) -> FileServer:
    (served.root / "dan-so.csv").write_bytes(POPULATION)
    (served.root / "ghi-chu.pdf").write_bytes(b"%PDF-1.4 not a table")
    return served


def _harvester(make_context: ContextFactory, ckan: CkanPeer, files: FileServer) -> CkanHarvester:
    return CkanHarvester(make_context(ckan.address, files.address))


def test_an_organisation_is_harvested_with_its_metadata_and_files(
        ckan: CkanPeer, organisation: Organisation, files: FileServer, make_context: ContextFactory) -> None:
    population = organisation.publish(
        "dan-so", title="Dân số các tỉnh năm 2024", notes="Số liệu dân số theo đơn vị hành chính cấp tỉnh.",
        license_id="cc-by", tags=[{"name": "dân số"}, {"name": "thống kê"}],
        extras=[{"key": "tần suất", "value": "hằng năm"}],
        resources=[{"url": f"{files.url}/dan-so.csv", "name": "Dân số.csv", "format": "CSV"},
                   {"url": f"{files.url}/ghi-chu.pdf", "name": "Ghi chú", "format": "PDF"}])
    budget = organisation.publish("ngan-sach", title="Dự toán ngân sách xã")
    organisation.admin.action.resource_create(package_id=budget["id"], name="Dự toán.csv", format="CSV",
                                              upload=("du-toan.csv", io.BytesIO(BUDGET)))
    report = organisation.publish("bao-cao", title="Báo cáo tổng hợp",
                                  resources=[{"url": f"{files.url}/ghi-chu.pdf", "name": "Báo cáo", "format": "PDF"}])
    harvester = _harvester(make_context, ckan, files)
    config = SourceConfig(ckan.url, {"organization": organisation.name})

    discovery = harvester.discover(config, HarvestState())

    items = {item.remote_id: item for item in discovery.items}
    assert set(items) == {population["id"], budget["id"], report["id"]}
    assert discovery.unchanged == frozenset()
    item = items[population["id"]]
    assert item.title == "Dân số các tỉnh năm 2024"
    assert item.description == "Số liệu dân số theo đơn vị hành chính cấp tỉnh."
    assert sorted(item.tags) == ["dân số", "thống kê"]
    assert item.licence == "cc-by"
    assert item.organisation == "Sở Kế hoạch và Đầu tư tỉnh Bắc Ninh"
    assert item.landing_page == f"{ckan.url}/dataset/{organisation.name}-dan-so"
    assert item.extras["tần suất"] == "hằng năm"
    assert item.extras["ckan_organization"] == organisation.name
    assert [(resource.name, resource.format) for resource in item.resources] == [("Dân số.csv", "CSV"), ("Ghi chú", "PDF")]
    assert item.modified

    fetched = harvester.fetch(config, item, HarvestState())
    assert isinstance(fetched, Fetched)
    [file] = fetched.files
    assert isinstance(file, FetchedFile) and file.name == "Dân số.csv"
    assert file.path.read_bytes() == POPULATION
    assert file.provenance.url == f"{files.url}/dan-so.csv"

    uploaded = harvester.fetch(config, items[budget["id"]], HarvestState())
    assert isinstance(uploaded, Fetched) and isinstance(uploaded.files[0], FetchedFile)
    assert uploaded.files[0].path.read_bytes() == BUDGET
    assert uploaded.files[0].provenance.url.startswith(f"{ckan.url}/dataset/")

    with pytest.raises(SkipItem) as skipped:
        harvester.fetch(config, items[report["id"]], HarvestState())
    assert skipped.value.code == "no-supported-file" and skipped.value.params["found"] == ["pdf"]


def _run(harvester: CkanHarvester, config: SourceConfig, state: HarvestState) -> tuple[Discovery, dict[str, Any], HarvestState]:
    """One run as the runner will do it: discover, fetch what is listed, compute the next state."""
    discovery = harvester.discover(config, state)
    outcomes = {item.remote_id: harvester.fetch(config, item, state) for item in discovery.items}
    return discovery, outcomes, next_state(state, discovery, outcomes, dt.datetime.now(dt.UTC))


def test_later_runs_see_only_what_changed_and_what_was_deleted_at_the_source(
        ckan: CkanPeer, organisation: Organisation, files: FileServer, make_context: ContextFactory) -> None:
    first = organisation.publish("dan-so", title="Dân số", resources=[{"url": f"{files.url}/dan-so.csv", "format": "CSV"}])
    second = organisation.publish("dan-so-2", title="Dân số (bản 2)",
                                  resources=[{"url": f"{files.url}/dan-so.csv", "format": "CSV"}])
    harvester = _harvester(make_context, ckan, files)
    config = SourceConfig(ckan.url, {"organization": organisation.name})

    discovery, outcomes, state = _run(harvester, config, HarvestState())
    assert {remote_id for remote_id, outcome in outcomes.items() if isinstance(outcome, Fetched)} == {first["id"], second["id"]}

    discovery, outcomes, state = _run(harvester, config, state)
    assert discovery.items == () and discovery.unchanged == {first["id"], second["id"]}
    requests_before = files.count("/dan-so.csv")

    organisation.admin.action.package_patch(id=first["id"], notes="Cập nhật: thêm ghi chú về nguồn số liệu.")
    discovery, outcomes, state = _run(harvester, config, state)
    assert [item.remote_id for item in discovery.items] == [first["id"]]
    assert discovery.items[0].description == "Cập nhật: thêm ghi chú về nguồn số liệu."
    assert discovery.unchanged == {second["id"]}
    assert outcomes[first["id"]] == NotModified(first["id"], "not-modified"), "the file itself did not change"
    assert files.count("/dan-so.csv") == requests_before + 1
    assert files.hits[-1].headers.get("If-None-Match")

    organisation.admin.action.package_delete(id=second["id"])
    previous = state
    discovery, outcomes, state = _run(harvester, config, previous)
    assert discovery.gone(previous) == {second["id"]}, "deleted at the source: the runner withdraws it"
    assert discovery.present == {first["id"]} and set(state.items) == {first["id"]}


def test_a_search_selects_datasets(ckan: CkanPeer, organisation: Organisation, files: FileServer,
                                   make_context: ContextFactory) -> None:
    wanted = organisation.publish("chon", title="Được chọn")
    organisation.publish("bo-qua", title="Bỏ qua")
    harvester = _harvester(make_context, ckan, files)

    discovery = harvester.discover(SourceConfig(ckan.url, {"q": f"name:{organisation.name}-chon"}), HarvestState())

    assert [item.remote_id for item in discovery.items] == [wanted["id"]]


def test_an_unknown_organisation_is_a_config_error_not_an_empty_source(
        ckan: CkanPeer, files: FileServer, make_context: ContextFactory) -> None:
    harvester = _harvester(make_context, ckan, files)

    with pytest.raises(InvalidConfig) as caught:
        harvester.discover(SourceConfig(ckan.url, {"organization": f"khong-co-{uuid.uuid4().hex[:6]}"}), HarvestState())
    assert caught.value.field_errors == {"options.organization": "not-found"}


def test_a_query_ckan_cannot_parse_is_a_config_error(ckan: CkanPeer, files: FileServer, make_context: ContextFactory) -> None:
    harvester = _harvester(make_context, ckan, files)

    with pytest.raises(InvalidConfig) as caught:
        harvester.discover(SourceConfig(ckan.url, {"q": "title:(((("}), HarvestState())
    assert caught.value.field_errors == {"options.q": "invalid-query"}


def test_a_site_that_is_not_ckan_is_unreadable(files: FileServer, make_context: ContextFactory) -> None:
    harvester = CkanHarvester(make_context(files.address))

    with pytest.raises(UnreadableResponse) as caught:
        harvester.discover(SourceConfig(files.url), HarvestState())
    assert caught.value.code == "not-ckan-api"
