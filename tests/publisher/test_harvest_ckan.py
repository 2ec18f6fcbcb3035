"""Harvesting an organisation of the real CKAN 2.12: its datasets published with their metadata,
an unchanged organisation re-harvested for free, a dataset deleted at CKAN withdrawn here."""

from __future__ import annotations

from collections.abc import Callable

from publisher.actor import Actor
from publisher.queries import datasets as dataset_queries
from publisher.queries import sources as source_queries
from publisher.services import sources

from ..harvesters.conftest import CkanPeer, Organisation
from ..harvesters.servers import FileServer
from ..helpers import World

POPULATION = "ma_tinh,ten_tinh,dan_so\n01,Hà Nội,8587100\n04,Cao Bằng,547900\n24,Bắc Ninh,1517400\n"
BUDGET = "ma_xa,ten_xa,du_toan\n09187,Phường Kinh Bắc,1250.5\n00004,Phường Ba Đình,980\n"


def test_an_organisation_is_published_kept_and_withdrawn(
        world: World, it_admin: Actor, ckan: CkanPeer, organisation: Organisation, served: FileServer,
        allow: Callable[..., None]) -> None:
    (served.root / "dan-so.csv").write_text(POPULATION, encoding="utf-8")
    (served.root / "du-toan.csv").write_text(BUDGET, encoding="utf-8")
    population = organisation.publish(
        "dan-so", title="Dân số các tỉnh năm 2024", notes="Số liệu dân số theo tỉnh.", license_id="cc-by",
        tags=[{"name": "dân số"}], maintainer="Phòng Thống kê Dân số", maintainer_email="danso@bacninh.gov.vn",
        extras=[{"key": "frequency", "value": "R/P1Y"}, {"key": "temporal_start", "value": "2024-01-01"},
                {"key": "temporal_end", "value": "2024-12-31"},
                {"key": "theme", "value": '["http://publications.europa.eu/resource/authority/data-theme/SOCI"]'}],
        resources=[{"url": f"{served.url}/dan-so.csv", "name": "Dân số.csv", "format": "CSV"}])
    budget = organisation.publish("ngan-sach", title="Dự toán ngân sách xã", license_id="odc-odbl",
                                  resources=[{"url": f"{served.url}/du-toan.csv", "name": "Dự toán", "format": "CSV"}])
    allow(ckan.address, served.address)
    source = sources.source_create(world.platform, it_admin, agency="tinh-bac-ninh", type="ckan", url=ckan.url,
                                   options={"organization": organisation.name})

    first = sources.harvest_run(world.platform, it_admin, source_id=source.id)

    assert (first.status, first.counts) == ("succeeded", {"new": 2})
    items = {item.remote_id: item for item in source_queries.run_detail(world.platform, it_admin, source.id, first.id).items}
    published = dataset_queries.dataset_detail(world.platform, Actor.anonymous(), items[population["id"]].dataset_slug or "")
    summary = published.summary
    assert (summary.title, summary.description, summary.tags, summary.licence, summary.frequency) == \
        ("Dân số các tỉnh năm 2024", "Số liệu dân số theo tỉnh.", ["dân số"], "CC-BY-4.0", "ANNUAL")
    assert (summary.contact_name, summary.contact_email, summary.themes, str(summary.temporal_start), str(summary.temporal_end)) == \
        ("Phòng Thống kê Dân số", "danso@bacninh.gov.vn", ["SOCI"], "2024-01-01", "2024-12-31")
    assert published.current is not None and published.current.resources[0].rows == 3
    odbl = dataset_queries.dataset_detail(world.platform, Actor.anonymous(), items[budget["id"]].dataset_slug or "")
    assert odbl.summary.licence == "ODbL-1.0"

    again = sources.harvest_run(world.platform, it_admin, source_id=source.id)
    assert again.counts == {"unchanged": 2}, "CKAN says nothing changed: nothing is even fetched"

    organisation.admin.action.dataset_purge(id=budget["id"])
    organisation.datasets.remove(budget["id"])
    gone = sources.harvest_run(world.platform, it_admin, source_id=source.id)
    assert gone.counts == {"unchanged": 1, "withdrawn": 1}
    listed = dataset_queries.dataset_list(world.platform, Actor.anonymous()).items
    assert [item.title for item in listed] == ["Dân số các tỉnh năm 2024"]
