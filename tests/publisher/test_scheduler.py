"""The scheduler of `opendata serve`: schedules read when saved, jobs kept in the platform's database
as text, coalesced when missed, and kept in line with the sources while serving."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import pytest
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select

from publisher import jobs
from publisher.actor import Actor
from publisher.models import SCHEDULER_JOBS, HarvestRun, RunTrigger
from publisher.queries import sources as source_queries
from publisher.schedules import parse_schedule
from publisher.scheduler import HARVEST_JOB, HarvestScheduler
from publisher.services import sources

from ..harvesters.servers import FileServer
from ..helpers import World


@pytest.mark.parametrize(("text", "fields"), [
    ("0 2 * * *", {"minute": "0", "hour": "2", "day": "*", "month": "*", "day_of_week": "*"}),
    ("@weekly", {"minute": "0", "hour": "0", "day": "*", "month": "*", "day_of_week": "sun"}),
    ("*/15 8-17 * * 1-5", {"minute": "*/15", "hour": "8-17", "day": "*", "month": "*", "day_of_week": "mon-fri"}),
    ("0 0 * * 0-2", {"minute": "0", "hour": "0", "day": "*", "month": "*", "day_of_week": "sun,mon-tue"}),
    ("0 6 1 jan,jul 7", {"minute": "0", "hour": "6", "day": "1", "month": "jan,jul", "day_of_week": "sun"}),
])
def test_cron_schedules_mean_what_crontab_means(text: str, fields: dict[str, str]) -> None:
    schedule = parse_schedule(text)
    assert schedule is not None and schedule.cron == fields
    trigger = CronTrigger(**fields, timezone="Asia/Ho_Chi_Minh")
    sunday = dt.datetime(2026, 11, 22, tzinfo=trigger.timezone)  # a Sunday
    if text == "@weekly":
        assert trigger.get_next_fire_time(None, sunday - dt.timedelta(days=1)) == sunday, "crontab's 0 is Sunday"


@pytest.mark.parametrize("text", ["every 2m", "61 * * * *", "* * *", "5-1 * * * *", "0 0 * * 8", "every day"])
def test_wrong_schedules_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_schedule(text)


def test_intervals_and_empty() -> None:
    assert parse_schedule("every 6h").seconds == 21600  # type: ignore[union-attr]
    assert parse_schedule("") is None


def _wait(condition: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_jobs_are_stored_in_the_database_coalesced_and_kept_in_line(
        world: World, it_admin: Actor, served: FileServer, allow: Callable[..., None]) -> None:
    (served.root / "dan-so.csv").write_text("ma,ten\n01,Hà Nội\n", encoding="utf-8")
    allow(served.address)
    source = sources.source_create(world.platform, it_admin, agency="tinh-bac-ninh", type="files", url=f"{served.url}/",
                                   schedule="every 5m")
    jobs.install(world.platform)
    scheduler = HarvestScheduler(world.platform)
    scheduler.start()
    try:
        with world.platform.db.read() as session:
            stored = session.execute(select(SCHEDULER_JOBS.c.id)).scalars().all()
        assert stored == [f"harvest-source-{source.id}"], "the job lives in the platform's database"
        (job,) = scheduler.scheduler.get_jobs(jobstore="default")
        assert (job.func_ref, job.args, job.coalesce, job.max_instances) == (HARVEST_JOB, (source.id,), True, 1)
        assert job.misfire_grace_time == world.platform.settings.harvest_misfire_grace_seconds
        next_run = source_queries.source_detail(world.platform, it_admin, source.id).summary.next_run_at
        assert next_run is not None and abs((next_run - job.next_run_time).total_seconds()) < 1

        # Three runs missed (the server was down for 15 minutes): coalesced into one.
        scheduler.scheduler.modify_job(job.id, jobstore="default",
                                       next_run_time=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=15))
        scheduler.scheduler.wakeup()

        def scheduled_runs() -> list[tuple[dt.datetime | None, dict[str, int]]]:
            with world.platform.db.read() as session:
                return [tuple(row) for row in session.execute(  # type: ignore[misc]
                    select(HarvestRun.finished_at, HarvestRun.counts).where(HarvestRun.trigger == RunTrigger.SCHEDULE))]

        _wait(lambda: any(finished for finished, _counts in scheduled_runs()))
        time.sleep(0.5)
        assert [counts for _finished, counts in scheduled_runs()] == [{"new": 1}]

        sources.source_update(world.platform, it_admin, source_id=source.id, schedule="0 3 * * *")
        scheduler.sync()
        (job,) = scheduler.scheduler.get_jobs(jobstore="default")
        assert str(job.trigger) == "cron[month='*', day='*', day_of_week='*', hour='3', minute='0']"
        sources.source_disable(world.platform, it_admin, source_id=source.id)
        scheduler.sync()
        assert scheduler.scheduler.get_jobs(jobstore="default") == []
        assert source_queries.source_detail(world.platform, it_admin, source.id).summary.next_run_at is None
    finally:
        scheduler.shutdown()
        world.platform.jobs = None


def test_a_restarted_scheduler_finds_its_jobs_in_the_database(world: World, it_admin: Actor, allow: Callable[..., None]) -> None:
    allow("*.gov.vn")
    source = sources.source_create(world.platform, it_admin, agency="tinh-bac-ninh", type="ckan",
                                   url="https://data.bacninh.gov.vn", schedule="0 2 * * *")
    first = HarvestScheduler(world.platform)
    first.start()
    first.shutdown()
    second = HarvestScheduler(world.platform)
    second.scheduler.start(paused=True)
    try:
        (job,) = second.scheduler.get_jobs(jobstore="default")
        assert (job.id, job.func_ref) == (f"harvest-source-{source.id}", HARVEST_JOB)
    finally:
        second.shutdown()


def test_a_scheduled_run_of_a_running_source_is_skipped(world: World, it_admin: Actor, allow: Callable[..., None]) -> None:
    from publisher.services import harvests

    allow("*.gov.vn")
    source = sources.source_create(world.platform, it_admin, agency="tinh-bac-ninh", type="ckan", url="https://x.gov.vn")
    harvests.claim_run(world.platform, Actor.system(), source.id, trigger=RunTrigger.CLI)
    jobs.harvest_source(world.platform, source_id=source.id)  # logs and returns: the running one will do
    assert len(source_queries.source_runs(world.platform, it_admin, source.id)) == 1
    jobs.harvest_source(world.platform, source_id=9999)  # a source deleted meanwhile: dropped at the next sync


def test_a_job_s_failure_is_logged_and_an_unreadable_schedule_left_out(
        world: World, it_admin: Actor, allow: Callable[..., None], caplog: pytest.LogCaptureFixture) -> None:
    from sqlalchemy import update

    from publisher.models import Source

    jobs.install(world.platform)
    try:
        jobs.run_job("builtins:divmod", {})  # the job's own failure: logged, never raised into the scheduler
        assert "job builtins:divmod {} failed" in caplog.text
    finally:
        world.platform.jobs = None
    allow("*.gov.vn")
    source = sources.source_create(world.platform, it_admin, agency="tinh-bac-ninh", type="ckan", url="https://x.gov.vn")
    with world.platform.db.write() as session:  # written before schedules were checked, say
        session.execute(update(Source).where(Source.id == source.id).values(schedule="whenever"))
    scheduler = HarvestScheduler(world.platform)
    scheduler.scheduler.start(paused=True)
    try:
        scheduler.sync()
        assert scheduler.scheduler.get_jobs(jobstore="default") == []
        assert "unreadable schedule" in caplog.text
    finally:
        scheduler.shutdown()
