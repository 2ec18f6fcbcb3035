"""Jobs at scale: `opendata worker` processes run what the site and the scheduler put on a real
broker (Redis, and RabbitMQ), against a real PostgreSQL database, and record outcomes exactly as
the in-process jobs do. Each test uses a queue of its own, so parallel runs never take each
other's jobs."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from publisher import jobs
from publisher.actor import Actor
from publisher.broker import celery_app
from publisher.platform import Platform
from publisher.queries import datasets as dataset_queries
from publisher.queries import sources as source_queries
from publisher.queries.views import RunSummary
from publisher.services import sources

from ..harvesters.servers import FileServer
from web.app import create_app

from ..helpers import World, csrf_token, require, sign_in
from .processes import BIN, environment, free_port, listening, running, wait_for

BROKERS = {
    "redis": ("redis://127.0.0.1:6379/0", 6379),
    "rabbitmq": ("amqp://guest:guest@127.0.0.1:5672//", 5672),
}
POPULATION = "ma_tinh,ten_tinh,dan_so\n01,Hà Nội,8587100\n04,Cao Bằng,547900\n24,Bắc Ninh,1517400\n"


@pytest.fixture(params=sorted(BROKERS))
def scaled(request: pytest.FixtureRequest, world: World) -> Iterator[Platform]:
    """The platform as the web app and the scheduler see it at scale: its jobs go to a broker queue of its own."""
    url, port = BROKERS[request.param]
    require(listening(port), f"{request.param} is not listening on 127.0.0.1:{port}")
    settings = dataclasses.replace(world.platform.settings, broker_url=url, broker_queue=f"opendata-test-{uuid.uuid4().hex}")
    platform = Platform.from_settings(settings)
    yield platform
    platform.close()
    app = celery_app(settings)
    with app.connection_for_write() as connection:  # leave the shared broker as we found it
        connection.default_channel.queue_delete(settings.broker_queue)
        connection.default_channel.exchange_delete(settings.broker_queue)
        if request.param == "redis":  # kombu keeps a Redis transport's bindings in keys of their own
            connection.default_channel.client.delete(*(f"_kombu.{kind}.{settings.broker_queue}"
                                                       for kind in ("binding", "binding_permanent")))
    app.close()


def _runs(world: World, admin: Actor, source_id: int) -> list[RunSummary]:
    return source_queries.source_runs(world.platform, admin, source_id)


def _finished(world: World, admin: Actor, source_id: int, count: int) -> Callable[[], bool]:
    def check() -> bool:
        runs = _runs(world, admin, source_id)
        return len(runs) >= count and all(run.status != "running" for run in runs)

    return check


def test_the_scheduler_only_enqueues_and_a_worker_harvests_and_records_the_outcome(
        world: World, it_admin: Actor, served: FileServer, allow: Callable[..., None], scaled: Platform,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (served.root / "dan-so.csv").write_text(POPULATION, encoding="utf-8")
    allow(served.address)
    source_id = sources.source_create(world.platform, it_admin, agency="tinh-bac-ninh", type="files",
                                      url=f"{served.url}/", name="thu-muc-du-lieu").id
    monkeypatch.setattr(jobs, "_installed", None)  # this process's platform, for this test only
    jobs.install(scaled)

    jobs.run_source(source_id)  # the scheduler's job, with no worker running yet

    assert _runs(world, it_admin, source_id) == [], "the scheduler ran nothing itself: the harvest waits in the queue"
    assert served.count("/dan-so.csv") == 0

    worker_env = environment(dataclasses.replace(world.platform.settings, broker_url=scaled.settings.broker_url,
                                                 broker_queue=scaled.settings.broker_queue))
    with running([str(BIN / "opendata"), "worker", "--concurrency", "2"], worker_env, tmp_path / "worker.log") as worker:
        wait_for(_finished(world, it_admin, source_id, 1), "the scheduled harvest", worker)
        (scheduled,) = _runs(world, it_admin, source_id)
        assert (scheduled.trigger, scheduled.status, scheduled.counts) == ("schedule", "succeeded", {"new": 1})
        dataset = dataset_queries.dataset_detail(world.platform, Actor.anonymous(), "dan-so")
        assert dataset.current and dataset.current.resources[0].rows == 3, "published, and visible to everyone"

        served.close()  # the agency's server goes down; someone presses "run now" on the site
        asked = sources.harvest_run(scaled, it_admin, source_id=source_id, wait=False)

        assert asked.status == "running"
        wait_for(_finished(world, it_admin, source_id, 2), "the run asked for on the site", worker)
        failed = next(run for run in _runs(world, it_admin, source_id) if run.id == asked.id)
        assert (failed.trigger, failed.status, failed.error_code) == ("manual", "failed", "connection-failed")
        summary = source_queries.source_detail(world.platform, it_admin, source_id).summary
        assert (summary.health, summary.last_error_code) == ("failing", "connection-failed")
        assert dataset_queries.dataset_detail(world.platform, Actor.anonymous(), "dan-so").current, "still online"
    assert "opendata.run_job" in worker.output(), "the runs went through the worker"


def test_run_now_with_the_broker_down_says_so_and_leaves_no_run_running(
        world: World, it_admin: Actor, served: FileServer, allow: Callable[..., None]) -> None:
    (served.root / "dan-so.csv").write_text(POPULATION, encoding="utf-8")
    allow(served.address)
    source_id = sources.source_create(world.platform, it_admin, agency="tinh-bac-ninh", type="files",
                                      url=f"{served.url}/", name="thu-muc-du-lieu").id
    down = Platform.from_settings(dataclasses.replace(world.platform.settings, broker_url=f"redis://127.0.0.1:{free_port()}/0"))
    try:
        client = create_app(platform=down).test_client()
        sign_in(client, "it")
        page = client.get(f"/sources/{source_id}", headers={"Accept-Language": "en"})

        answer = client.post(f"/sources/{source_id}/run", data={"csrf_token": csrf_token(page.text)}, follow_redirects=True,
                             headers={"Accept-Language": "en"})

        assert answer.status_code == 200
        assert "The job queue does not answer, so the work could not be started." in answer.text
    finally:
        down.close()
    (run,) = _runs(world, it_admin, source_id)
    assert (run.status, run.error_code) == ("interrupted", "jobs-unavailable")
    summary = source_queries.source_detail(world.platform, it_admin, source_id).summary
    assert summary.health != "failing", "the source did nothing wrong"
    again = sources.harvest_run(world.platform, it_admin, source_id=source_id)
    assert (again.status, again.counts) == ("succeeded", {"new": 1}), "the next run may start at once"
