"""The compliance band as a search facet: datasets found by their band, counted right, and moved
to their new band as soon as the scoring engine changes it (after an edit, after the daily run)."""

from __future__ import annotations

from sqlalchemy import delete, select

from publisher.actor import Actor
from publisher.compliance.engine import score_all
from publisher.models import Dataset, DatasetScore
from publisher.models.search import SearchFacet
from publisher.queries import datasets as dataset_queries
from publisher.services import datasets

from ..helpers import World

PUBLIC = Actor.anonymous()
REGISTER = "Mã xã,Tên,Số hồ sơ\n09187,Phường Kinh Bắc,12\n99999,Sai mã,5\n09187,Phường Kinh Bắc,12\n"
CLEAN = "Mã xã,Tên,Số hồ sơ\n09187,Phường Kinh Bắc,12\n"


def scores(world: World) -> dict[str, float]:
    with world.platform.db.read() as session:
        rows = session.execute(select(Dataset.title, DatasetScore.score).join(DatasetScore, DatasetScore.dataset_id == Dataset.id))
        return {title: score for title, score in rows}


def bands(world: World, **query) -> dict[str, int]:  # type: ignore[no-untyped-def]
    page = dataset_queries.dataset_list(world.platform, PUBLIC, **query)
    return {item.label: item.count for item in page.facets["band"]}


def titles(world: World, band: str) -> list[str]:
    return sorted(item.title for item in dataset_queries.dataset_list(world.platform, PUBLIC, filters={"band": [band]}).items)


def test_datasets_are_found_by_their_band_and_follow_it_when_it_changes(world: World, write_csv) -> None:  # type: ignore[no-untyped-def]
    # Scored 77.3 by hand in tests/publisher/test_compliance.py: Khá (70 to 85 in config/rubric.toml).
    first = world.dataset("Điểm tiếp nhận hồ sơ")
    world.publish(first, write_csv(REGISTER))
    second = world.dataset("Danh sách một cửa", tags="một cửa")
    world.publish(second, write_csv(REGISTER))
    datasets.dataset_update(world.platform, world.officer, slug=second, tags="hồ sơ, một cửa",
                            description="Danh sách điểm tiếp nhận hồ sơ thủ tục hành chính của phường, cập nhật hằng tháng.",
                            schema_id="ket-qua-giai-quyet-tthc",
                            coverage=datasets.Coverage(contact_name="Bộ phận một cửa", themes=["GOVE"], spatial="09187",
                                                       temporal_start="2025-07-01"))
    scored = scores(world)
    assert scored["Điểm tiếp nhận hồ sơ"] == 77.3
    assert scored["Danh sách một cửa"] >= 85  # described, schema shared: Tốt
    assert bands(world) == {"Tốt": 1, "Khá": 1}
    assert titles(world, "kha") == ["Điểm tiếp nhận hồ sơ"]
    assert titles(world, "tot") == ["Danh sách một cửa"]
    assert bands(world, filters={"band": ["tot", "kha"]}) == {"Tốt": 1, "Khá": 1}  # one facet's values are alternatives

    # The same edit lifts the first dataset to Tốt: the engine reindexes it in the edit's scoring.
    datasets.dataset_update(world.platform, world.officer, slug=first, tags="hồ sơ, một cửa",
                            description="Danh sách điểm tiếp nhận hồ sơ thủ tục hành chính của phường, cập nhật hằng tháng.",
                            schema_id="ket-qua-giai-quyet-tthc",
                            coverage=datasets.Coverage(contact_name="Bộ phận một cửa", themes=["GOVE"], spatial="09187",
                                                       temporal_start="2025-07-01"))
    assert scores(world)["Điểm tiếp nhận hồ sơ"] >= 85
    assert bands(world) == {"Tốt": 2}
    assert titles(world, "kha") == []


def test_the_daily_run_puts_every_dataset_in_its_band_even_if_the_index_missed_it(world: World, write_csv) -> None:  # type: ignore[no-untyped-def]
    world.publish(world.dataset("Điểm tiếp nhận hồ sơ"), write_csv(REGISTER))
    world.publish(world.dataset("Danh mục xã"), write_csv(CLEAN))
    with world.platform.db.write() as session:  # an index built before bands existed
        session.execute(delete(SearchFacet).where(SearchFacet.facet == "band"))
    assert bands(world) == {}
    score_all(world.platform)
    scored = scores(world)
    expected: dict[str, int] = {}
    for score in scored.values():  # thresholds of config/rubric.toml
        label = "Tốt" if score >= 85 else "Khá" if score >= 70 else "Đạt" if score >= 50 else "Chưa đạt"
        expected[label] = expected.get(label, 0) + 1
    assert scored["Điểm tiếp nhận hồ sơ"] == 77.3 and sum(expected.values()) == 2
    assert bands(world) == expected
