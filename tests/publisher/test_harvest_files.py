"""Harvesting a web folder of CSV files from a real server: publish, re-harvest, change, delete, fail."""

from __future__ import annotations

from collections.abc import Callable

from publisher.actor import Actor
from publisher.queries import datasets as dataset_queries
from publisher.services import sources

from ..harvesters.servers import FileServer
from ..helpers import World

POPULATION = "ma_tinh,ten_tinh,dan_so\n01,Hà Nội,8587100\n04,Cao Bằng,547900\n24,Bắc Ninh,1517400\n"
SCHOOLS = "ma_truong,ten_truong,so_hoc_sinh\n001,THPT Hàn Thuyên,1200\n002,THPT Thuận Thành,980\n"


def test_a_first_harvest_publishes_one_dataset_per_file(world: World, it_admin: Actor, served: FileServer,
                                                        allow: Callable[..., None]) -> None:
    (served.root / "dan-so.csv").write_text(POPULATION, encoding="utf-8")
    (served.root / "truong.csv").write_text(SCHOOLS, encoding="utf-8")
    allow(served.address)
    source = sources.source_create(world.platform, it_admin, agency="tinh-bac-ninh", type="files", url=f"{served.url}/")
    run = sources.harvest_run(world.platform, it_admin, source_id=source.id)
    assert run.status == "succeeded", run
    assert run.counts == {"new": 2}
    listed = dataset_queries.dataset_list(world.platform, Actor.anonymous())
    assert sorted(item.title for item in listed.items) == ["dan-so", "truong"]
