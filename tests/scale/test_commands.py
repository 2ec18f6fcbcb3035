"""The scale-out commands as an operator runs them: `opendata scheduler` keeps the schedules
without the site and stops cleanly; `opendata worker` without a broker says what is missing."""

from __future__ import annotations

import dataclasses
import os
import signal
import uuid
from collections.abc import Callable
from pathlib import Path

from publisher.actor import Actor
from publisher.queries import sources as source_queries
from publisher.services import sources

from ..helpers import World, require
from .processes import BIN, environment, listening, running, wait_for


def test_the_scheduler_process_schedules_sources_and_stops_on_sigterm(
        world: World, it_admin: Actor, allow: Callable[..., None], tmp_path: Path) -> None:
    require(listening(6379), "Redis is not listening on 127.0.0.1:6379")
    allow("*.gov.vn")
    source_id = sources.source_create(world.platform, it_admin, agency="tinh-bac-ninh", type="ckan", url="https://x.gov.vn",
                                      schedule="0 2 * * *").id
    settings = dataclasses.replace(world.platform.settings, broker_url="redis://127.0.0.1:6379/0",
                                   broker_queue=f"opendata-test-{uuid.uuid4().hex}")

    def next_run() -> object:
        return source_queries.source_detail(world.platform, it_admin, source_id).summary.next_run_at

    assert next_run() is None
    with running([str(BIN / "opendata"), "scheduler"], environment(settings, OPENDATA_LANG="en"),
                 tmp_path / "scheduler.log") as scheduler:
        wait_for(lambda: next_run() is not None, "the source's next run", scheduler)
        when = next_run()
        assert (when.hour, when.minute) == (19, 0), "02:00 in Hà Nội is 19:00 UTC"  # type: ignore[attr-defined]
        os.killpg(scheduler.process.pid, signal.SIGTERM)
        assert scheduler.process.wait(timeout=20) == 0
    assert "Scheduling harvests" in scheduler.output()


def test_a_worker_without_a_broker_says_what_is_missing(run) -> None:  # type: ignore[no-untyped-def]
    result = run("worker")

    assert result.exit_code == 2
    assert "Chưa đặt OPENDATA_BROKER_URL" in result.output
