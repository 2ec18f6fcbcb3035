"""Search and facets as a reader meets them: words with or without diacritics, filters with counts,
order, paging, and an index that follows every change on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from publisher.actor import Actor
from publisher.db import alembic_config
from publisher.errors import InvalidInput
from publisher.queries import datasets as dataset_queries
from publisher.services import agencies, datasets

from ..helpers import World

PUBLIC = Actor.anonymous()


@pytest.fixture
def catalogue(world: World, write_csv) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Three published datasets at three levels, and one draft that must stay unlisted."""
    hồ_sơ = write_csv("Mã xã,Tên xã,Số hồ sơ trực tuyến\n09187,Phường Kinh Bắc,120\n", "ho-so.csv")
    đất = write_csv("Mã thửa,Diện tích đất (m2)\n001,350\n", "dat.csv")
    slugs = {
        "ho-so": world.dataset("Kết quả giải quyết hồ sơ", agency="tinh-bac-ninh", tags="hành chính, dịch vụ công",
                               description="Theo từng xã, cập nhật hằng tháng."),
        "dat": datasets.dataset_create(world.platform, world.admin, agency="phuong-kinh-bac", title="Bản đồ địa chính",
                                       tags="đất đai", licence="CC0-1.0").slug,
        "khcn": datasets.dataset_create(world.platform, world.other_officer, agency="bo-khcn", title="Đề tài khoa học",
                                        tags="hành chính").slug,
    }
    world.publish(slugs["ho-so"], hồ_sơ)
    world.upload(slugs["dat"], đất, actor=world.admin, publish=True)
    datasets_upload = world.upload(slugs["khcn"], đất, actor=world.other_officer, publish=True)
    assert datasets_upload.status == "published"
    slugs["draft"] = world.dataset("Hồ sơ nháp chưa công bố")
    world.upload(slugs["draft"], hồ_sơ)
    return slugs


def titles(world: World, **query) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.title for item in dataset_queries.dataset_list(world.platform, PUBLIC, **query).items]


def test_words_match_with_or_without_diacritics(world: World, catalogue: dict[str, str]) -> None:
    assert titles(world, q="ho so") == ["Kết quả giải quyết hồ sơ"]
    assert titles(world, q="hồ sơ") == ["Kết quả giải quyết hồ sơ"]
    assert titles(world, q="HỒ SƠ") == ["Kết quả giải quyết hồ sơ"]
    assert titles(world, q="dia chinh") == ["Bản đồ địa chính"]  # đ is folded to d
    assert titles(world, q="đề tài") == ["Đề tài khoa học"]


def test_descriptions_tags_and_column_titles_are_searched(world: World, catalogue: dict[str, str]) -> None:
    assert titles(world, q="hang thang") == ["Kết quả giải quyết hồ sơ"]  # the description
    assert titles(world, q="dịch vụ công") == ["Kết quả giải quyết hồ sơ"]  # a tag
    assert sorted(titles(world, q="dien tich")) == ["Bản đồ địa chính", "Đề tài khoa học"]  # a column title
    assert titles(world, q="truc tuyen") == ["Kết quả giải quyết hồ sơ"]
    assert titles(world, q="hồ sơ không có") == []  # every word must match


def test_a_word_in_the_title_ranks_above_one_elsewhere(world: World, catalogue: dict[str, str], write_csv) -> None:  # type: ignore[no-untyped-def]
    world.publish(world.dataset("Danh mục xã", description="Có cột về hồ sơ."), write_csv("Mã xã\n00004\n", "xa.csv"))
    assert titles(world, q="ho so") == ["Kết quả giải quyết hồ sơ", "Danh mục xã"]


def test_drafts_and_withdrawn_datasets_are_not_listed(world: World, catalogue: dict[str, str]) -> None:
    assert "Hồ sơ nháp chưa công bố" not in titles(world, q="ho so")
    datasets.dataset_withdraw(world.platform, world.officer, dataset=catalogue["ho-so"])
    assert titles(world, q="ho so") == []
    assert dataset_queries.dataset_list(world.platform, PUBLIC).total == 2


def test_the_index_follows_edits(world: World, catalogue: dict[str, str]) -> None:
    datasets.dataset_update(world.platform, world.officer, slug=catalogue["ho-so"], title="Thủ tục trực tuyến", tags="một cửa")
    assert titles(world, q="giai quyet") == []
    assert titles(world, q="thu tuc") == ["Thủ tục trực tuyến"]
    facets = dataset_queries.dataset_list(world.platform, PUBLIC).facets
    assert {item.value: item.count for item in facets["tag"]} == {"hành chính": 1, "đất đai": 1, "một cửa": 1}


def test_facets_count_what_each_filter_would_give(world: World, catalogue: dict[str, str]) -> None:
    page = dataset_queries.dataset_list(world.platform, PUBLIC)
    counts = {name: {item.label: item.count for item in values} for name, values in page.facets.items()}
    assert counts["agency"] == {"Ủy ban nhân dân tỉnh Bắc Ninh": 1, "Ủy ban nhân dân phường Kinh Bắc": 1,
                                "Bộ Khoa học và Công nghệ": 1}
    assert counts["level"] == {"province": 1, "commune": 1, "ministry": 1}
    assert counts["province"] == {"Tỉnh Bắc Ninh": 2}  # the commune counts under its province
    assert counts["format"] == {"CSV": 3}
    assert counts["tag"] == {"hành chính": 2, "dịch vụ công": 1, "đất đai": 1}
    assert counts["licence"] == {"CC-BY-4.0": 2, "CC0-1.0": 1}

    narrowed = dataset_queries.dataset_list(world.platform, PUBLIC, filters={"tag": ["hành chính"]})
    assert narrowed.total == 2
    assert {item.value: item.count for item in narrowed.facets["level"]} == {"province": 1, "ministry": 1}
    assert [item.selected for item in narrowed.facets["tag"] if item.value == "hành chính"] == [True]
    assert titles(world, filters={"tag": ["hành chính"], "level": ["ministry"]}) == ["Đề tài khoa học"]  # facets narrow
    assert sorted(titles(world, filters={"tag": ["đất đai", "dịch vụ công"]})) == [  # values of one facet are alternatives
        "Bản đồ địa chính", "Kết quả giải quyết hồ sơ"]
    assert titles(world, filters={"province": ["24"]}, q="dia chinh") == ["Bản đồ địa chính"]


def test_sort_and_paging(world: World, catalogue: dict[str, str]) -> None:
    assert titles(world, sort="title") == ["Bản đồ địa chính", "Đề tài khoa học", "Kết quả giải quyết hồ sơ"]  # Đ with D
    assert titles(world, sort="updated")[0] == "Đề tài khoa học"  # published last
    assert titles(world, sort="newest")[-1] == "Kết quả giải quyết hồ sơ"  # created first
    second = dataset_queries.dataset_list(world.platform, PUBLIC, sort="title", page=2, per_page=2)
    assert (second.total, second.pages, [item.title for item in second.items]) == (3, 2, ["Kết quả giải quyết hồ sơ"])
    assert dataset_queries.dataset_list(world.platform, PUBLIC, per_page=10_000).per_page == 100


def test_unknown_sorts_and_facets_are_refused(world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        dataset_queries.dataset_list(world.platform, PUBLIC, sort="popularity")
    assert refused.value.field_errors == {"sort": "unknown-sort"}
    with pytest.raises(InvalidInput) as refused:
        dataset_queries.dataset_list(world.platform, PUBLIC, filters={"colour": ["red"]})
    assert refused.value.field_errors == {"colour": "unknown-facet"}


def test_query_syntax_is_only_words(world: World, catalogue: dict[str, str]) -> None:
    for hostile in ['"', "ho* OR so", "NEAR(ho so)", "ho & !so | :*", "'; DROP TABLE datasets; --", "-", "(((" * 50]:
        dataset_queries.dataset_list(world.platform, PUBLIC, q=hostile)  # never a syntax error
    assert titles(world, q='"hồ sơ" OR') == []  # 'or' is a word like any other


def test_the_migration_indexes_what_was_published_before_it(world: World, catalogue: dict[str, str]) -> None:
    config = alembic_config(world.platform.settings.database_url)
    with world.platform.db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, ScriptDirectory.from_config(config).get_revision("0006").down_revision)
    world.platform.db.migrate()
    assert titles(world, q="ho so") == ["Kết quả giải quyết hồ sơ"]
    assert dataset_queries.dataset_list(world.platform, PUBLIC).total == 3


def test_agencies_made_after_datasets_do_not_disturb_the_index(world: World, catalogue: dict[str, str]) -> None:
    agencies.agency_create(world.platform, Actor.system(), name="Sở Tài chính", level="other", slug="so-tai-chinh")
    assert dataset_queries.dataset_list(world.platform, PUBLIC, filters={"agency": ["so-tai-chinh"]}).total == 0
