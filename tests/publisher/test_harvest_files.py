"""An agency's web folder of CSV files, harvested from a real server on loopback, run after run:
a first harvest publishes, nothing changed costs nothing, a changed file makes a new version, a
deleted file is withdrawn, a broken file and a dead server never take the last good version down."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from publisher.actor import Actor
from publisher.errors import Gone
from publisher.models import DatasetVersion, Source, VersionStatus
from publisher.queries import datasets as dataset_queries
from publisher.queries import sources as source_queries
from publisher.services import harvests, sources

from ..harvesters.servers import FileServer
from ..helpers import DATA, World

POPULATION = "ma_tinh,ten_tinh,dan_so\n01,Hà Nội,8587100\n04,Cao Bằng,547900\n24,Bắc Ninh,1517400\n"
POPULATION_2025 = POPULATION + "22,Quảng Ninh,1362900\n"
SCHOOLS = "ma_truong,ten_truong,so_hoc_sinh\n001,THPT Hàn Thuyên,1200\n002,THPT Thuận Thành,980\n"

Allow = Callable[..., None]


@pytest.fixture
def folder(world: World, it_admin: Actor, served: FileServer, allow: Allow) -> tuple[FileServer, int]:
    """Two CSV files in a web folder, and a `files` source pointing at it."""
    (served.root / "dan-so.csv").write_text(POPULATION, encoding="utf-8")
    (served.root / "truong.csv").write_text(SCHOOLS, encoding="utf-8")
    allow(served.address)
    source = sources.source_create(world.platform, it_admin, agency="tinh-bac-ninh", type="files", url=f"{served.url}/",
                                   name="thu-muc-du-lieu")
    return served, source.id


@pytest.fixture
def prepared(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files that went through repair and validation (the harvest's upload path)."""
    calls: list[str] = []
    original = harvests.prepare_upload

    def counting(platform: Any, upload: Any, **options: Any) -> Any:
        calls.append(upload.filename)
        return original(platform, upload, **options)

    monkeypatch.setattr(harvests, "prepare_upload", counting)
    return calls


def _versions(world: World) -> int:
    with world.platform.db.read() as session:
        return session.scalar(select(func.count()).select_from(DatasetVersion)) or 0


def _titles(world: World) -> list[str]:
    return sorted(item.title for item in dataset_queries.dataset_list(world.platform, Actor.anonymous()).items)


def test_a_first_harvest_publishes_one_dataset_per_file(world: World, it_admin: Actor, folder: tuple[FileServer, int]) -> None:
    _server, source_id = folder
    run = sources.harvest_run(world.platform, it_admin, source_id=source_id)

    assert (run.status, run.counts) == ("succeeded", {"new": 2})
    assert _titles(world) == ["dan-so", "truong"]
    detail = source_queries.run_detail(world.platform, it_admin, source_id, run.id)
    assert {(item.status, item.version_number, item.valid) for item in detail.items} == {("new", 1, True)}
    assert all(item.artifact_sha and item.fetch_ms >= 0 for item in detail.items)
    population = next(item for item in detail.items if item.title == "dan-so")
    dataset = dataset_queries.dataset_detail(world.platform, Actor.anonymous(), population.dataset_slug or "")
    assert dataset.summary.agency_slug == "tinh-bac-ninh" and dataset.current and dataset.current.resources[0].rows == 3
    source = source_queries.source_detail(world.platform, it_admin, source_id).summary
    assert (source.health, source.dataset_count) == ("ok", 2)


def test_a_reharvest_with_nothing_changed_repairs_validates_and_publishes_nothing(
        world: World, it_admin: Actor, folder: tuple[FileServer, int], prepared: list[str]) -> None:
    server, source_id = folder
    sources.harvest_run(world.platform, it_admin, source_id=source_id)
    versions_before, repaired_before = _versions(world), len(prepared)
    conditional_before = sum(1 for hit in server.hits if "If-None-Match" in hit.headers)

    run = sources.harvest_run(world.platform, it_admin, source_id=source_id)

    assert (run.status, run.counts) == ("succeeded", {"unchanged": 2})
    assert _versions(world) == versions_before, "no new version, not even a draft"
    assert len(prepared) == repaired_before == 2, "no file went through repair and validation again"
    assert sum(1 for hit in server.hits if "If-None-Match" in hit.headers) - conditional_before == 2, \
        "each file was asked for with its ETag (and answered 304)"


def test_a_changed_file_makes_a_new_version_and_only_that_one(
        world: World, it_admin: Actor, folder: tuple[FileServer, int], prepared: list[str]) -> None:
    server, source_id = folder
    sources.harvest_run(world.platform, it_admin, source_id=source_id)
    (server.root / "dan-so.csv").write_text(POPULATION_2025, encoding="utf-8")

    run = sources.harvest_run(world.platform, it_admin, source_id=source_id)

    assert run.counts == {"updated": 1, "unchanged": 1}
    assert sorted(prepared) == ["dan-so.csv", "dan-so.csv", "truong.csv"]
    item = next(item for item in source_queries.run_detail(world.platform, it_admin, source_id, run.id).items
                if item.status == "updated")
    detail = dataset_queries.dataset_detail(world.platform, Actor.anonymous(), item.dataset_slug or "")
    assert [version.number for version in detail.versions] == [2, 1]
    assert detail.current is not None and detail.current.resources[0].rows == 4


def test_a_file_deleted_at_the_source_is_withdrawn_and_its_versions_kept(
        world: World, it_admin: Actor, folder: tuple[FileServer, int]) -> None:
    server, source_id = folder
    first = sources.harvest_run(world.platform, it_admin, source_id=source_id)
    slug = next(item.dataset_slug for item in source_queries.run_detail(world.platform, it_admin, source_id, first.id).items
                if item.title == "truong")
    assert slug
    (server.root / "truong.csv").unlink()

    run = sources.harvest_run(world.platform, it_admin, source_id=source_id)

    assert run.counts == {"unchanged": 1, "withdrawn": 1}
    assert _titles(world) == ["dan-so"], "no longer listed"
    with pytest.raises(Gone):
        dataset_queries.package_file(world.platform, Actor.anonymous(), slug, "datapackage.json")
    kept = dataset_queries.package_file(world.platform, Actor.anonymous(), slug, "datapackage.json", number=1)
    assert kept.sha256, "version 1 stays downloadable by its number"
    detail = dataset_queries.dataset_detail(world.platform, Actor.anonymous(), slug)
    assert detail.summary.withdrawn_reason == "gone-at-source" and detail.summary.withdrawn_at is not None

    (server.root / "truong.csv").write_text(SCHOOLS, encoding="utf-8")
    back = sources.harvest_run(world.platform, it_admin, source_id=source_id)
    assert back.counts == {"unchanged": 1, "updated": 1}, "back at the source, as it was: published again"
    assert _titles(world) == ["dan-so", "truong"]


def test_a_stopped_run_never_withdraws(world: World, it_admin: Actor, folder: tuple[FileServer, int]) -> None:
    server, source_id = folder
    sources.harvest_run(world.platform, it_admin, source_id=source_id)
    (server.root / "truong.csv").unlink()
    (server.root / "dan-so.csv").write_text(POPULATION_2025, encoding="utf-8")
    (server.root / "moi.csv").write_text(SCHOOLS, encoding="utf-8")

    limited = sources.harvest_run(world.platform, it_admin, source_id=source_id, max_items=1)

    assert sum(limited.counts.values()) == 1 and "withdrawn" not in limited.counts
    assert "truong" in _titles(world)
    complete = sources.harvest_run(world.platform, it_admin, source_id=source_id)
    assert complete.counts.get("withdrawn") == 1, "the next complete run withdraws what the stopped one saw gone"


def test_an_invalid_file_keeps_a_draft_and_the_last_good_version(
        world: World, it_admin: Actor, folder: tuple[FileServer, int]) -> None:
    server, source_id = folder
    sources.harvest_run(world.platform, it_admin, source_id=source_id)
    (server.root / "dan-so.csv").write_bytes((DATA / "type-errors.csv").read_bytes())

    run = sources.harvest_run(world.platform, it_admin, source_id=source_id)

    assert (run.status, run.counts) == ("partial", {"failed": 1, "unchanged": 1})
    failed = source_queries.run_detail(world.platform, it_admin, source_id, run.id, status="failed").items
    assert [(item.error_code, item.error_params, item.valid) for item in failed] == [("invalid-data", {"errors": 3}, False)]
    detail = dataset_queries.dataset_detail(world.platform, it_admin, failed[0].dataset_slug or "")
    assert detail.current is not None and detail.current.number == 1 and detail.current.resources[0].rows == 3
    assert [(draft.valid, draft.error_count) for draft in detail.drafts] == [(False, 3)], "the draft waits for review"
    assert source_queries.source_detail(world.platform, it_admin, source_id).summary.health == "partial"

    again = sources.harvest_run(world.platform, it_admin, source_id=source_id)
    assert again.counts == {"failed": 1, "unchanged": 1}, "a failed item is retried, never marked done"
    with world.platform.db.read() as session:
        drafts = session.scalar(select(func.count()).where(DatasetVersion.status == VersionStatus.DRAFT))
    assert drafts == 1, "the newest harvested draft replaces the older one"


def test_a_source_that_goes_down_keeps_its_datasets_online_and_is_flagged(
        world: World, it_admin: Actor, folder: tuple[FileServer, int]) -> None:
    server, source_id = folder
    sources.harvest_run(world.platform, it_admin, source_id=source_id)
    server.close()

    run = sources.harvest_run(world.platform, it_admin, source_id=source_id)

    assert (run.status, run.error_code) == ("failed", "connection-failed")
    assert _titles(world) == ["dan-so", "truong"], "nothing was withdrawn or replaced"
    summary = source_queries.source_detail(world.platform, it_admin, source_id).summary
    assert (summary.health, summary.last_error_code) == ("failing", "connection-failed")
    assert [item.name for item in source_queries.failing_sources(world.platform, world.officer)] == ["thu-muc-du-lieu"], \
        "the agency's officers are told"
    assert source_queries.failing_sources(world.platform, world.other_officer) == []
    with world.platform.db.read() as session:
        state = session.scalar(select(Source.state).where(Source.id == source_id))
    assert len(state["items"]) == 2, "the failed run left the state as it was"


def test_a_test_of_the_source_previews_the_first_items_and_publishes_nothing(
        world: World, it_admin: Actor, folder: tuple[FileServer, int]) -> None:
    _server, source_id = folder
    preview = sources.source_test(world.platform, it_admin, source_id=source_id, max_items=1)

    assert (preview.dry_run, preview.status, preview.counts) == (True, "succeeded", {"new": 1})
    assert _titles(world) == [] and _versions(world) == 0
    summary = source_queries.source_detail(world.platform, it_admin, source_id).summary
    assert summary.health == "new" and summary.last_run_at is None, "a test is not a run of the source"
    run = sources.harvest_run(world.platform, it_admin, source_id=source_id)
    assert run.counts == {"new": 2}, "the test remembered nothing"


def test_a_second_run_of_a_running_source_is_refused(world: World, it_admin: Actor, folder: tuple[FileServer, int]) -> None:
    from publisher.errors import Conflict
    from publisher.models import RunTrigger

    _server, source_id = folder
    harvests.claim_run(world.platform, it_admin, source_id, trigger=RunTrigger.SCHEDULE)

    with pytest.raises(Conflict) as refused:
        sources.harvest_run(world.platform, it_admin, source_id=source_id)
    assert refused.value.code == "harvest-running"
    assert sources.source_test(world.platform, it_admin, source_id=source_id).dry_run, "a test may run beside a run"


def test_a_run_whose_process_died_is_interrupted_by_the_next(world: World, it_admin: Actor, folder: tuple[FileServer, int]) -> None:
    import dataclasses

    from publisher.models import RunTrigger

    _server, source_id = folder
    dead = harvests.claim_run(world.platform, it_admin, source_id, trigger=RunTrigger.SCHEDULE)
    world.platform.settings = dataclasses.replace(world.platform.settings, harvest_stale_seconds=0)

    run = sources.harvest_run(world.platform, it_admin, source_id=source_id)

    assert run.status == "succeeded"
    runs = {item.id: item for item in source_queries.source_runs(world.platform, it_admin, source_id)}
    assert (runs[dead].status, runs[dead].error_code) == ("interrupted", "interrupted")
