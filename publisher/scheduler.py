"""The scheduler inside `opendata serve`: one job per enabled source with a schedule, kept in the
platform's database so that schedules survive restarts. The only module that imports APScheduler.

Jobs are stored as a textual function reference (``publisher.jobs:run_source``) with the
source's id, so a stored job stays valid across deploys; ``coalesce`` folds runs missed while
the server was down into one, ``max_instances=1`` never overlaps a source with itself in this
process (the database's guard covers every other process), and ``misfire_grace_time`` drops a
run missed by longer than ``harvest_misfire_grace_seconds``.

Sources added, changed, paused or resumed while serving are picked up by ``sync``, which runs
every ``harvest_schedule_sync_seconds`` and also writes each source's next run for the pages.

The daily compliance snapshot (``publisher.jobs:compliance_snapshot``) recomputes every score at
``COMPLIANCE_CRON`` in the platform's time zone, so each agency's history gets a point a day even
when nothing was published, and "updated on time" follows the calendar. It is derived from the
code, not from sources, so it lives in the in-memory store; a day missed while the server was
down is caught up ``COMPLIANCE_CATCH_UP_SECONDS`` after start, once the server has settled.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from .models import SCHEDULER_JOBS
from .platform import Platform
from .queries.sources import schedules
from .schedules import Schedule, parse_schedule
from .services.compliance import compliance_recompute, snapshot_taken_today
from .services.sources import record_next_runs

__all__ = ["COMPLIANCE_CRON", "COMPLIANCE_JOB", "HARVEST_JOB", "HarvestScheduler"]

log = logging.getLogger(__name__)

HARVEST_JOB = "publisher.jobs:run_source"
COMPLIANCE_JOB = "publisher.jobs:compliance_snapshot"
COMPLIANCE_CRON = {"minute": "30", "hour": "1"}
"""01:30 every day: before the default nightly harvests (02:00), so a point scores the day that ended."""
COMPLIANCE_CATCH_UP_SECONDS = 600
SCHEDULER_THREADS = 4


class HarvestScheduler:
    def __init__(self, platform: Platform) -> None:
        settings = platform.settings
        self.platform = platform
        self.timezone = settings.timezone
        self.sync_seconds = settings.harvest_schedule_sync_seconds
        # Every job-store write starts as a write transaction (BEGIN IMMEDIATE on SQLite): no lock upgrades.
        engine = platform.db.engine.execution_options(opendata_write=True)
        self.scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=engine, tablename=SCHEDULER_JOBS.name),
                       "internal": MemoryJobStore()},
            executors={"default": ThreadPoolExecutor(SCHEDULER_THREADS)},
            job_defaults={"coalesce": True, "max_instances": 1,
                          "misfire_grace_time": settings.harvest_misfire_grace_seconds},
            timezone=settings.timezone,
        )

    def start(self) -> None:
        self.scheduler.start()
        self.sync()
        self.scheduler.add_job(self.sync, "interval", seconds=self.sync_seconds, id="sync-sources",
                               jobstore="internal", replace_existing=True, coalesce=True, max_instances=1)
        self.scheduler.add_job(COMPLIANCE_JOB, CronTrigger(**COMPLIANCE_CRON, timezone=self.timezone), id="compliance-daily",
                               jobstore="internal", replace_existing=True)
        self.scheduler.add_job(self.compliance_catch_up, "date", id="compliance-catch-up", jobstore="internal",
                               run_date=dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=COMPLIANCE_CATCH_UP_SECONDS))

    def shutdown(self) -> None:
        self.scheduler.shutdown(wait=False)

    def sync(self) -> None:
        """Make the stored jobs match the sources: add, replace or remove, then note the next runs."""
        wanted: dict[str, tuple[int, Any]] = {}
        for source_id, text, enabled in schedules(self.platform):
            try:
                schedule = parse_schedule(text) if enabled else None
            except ValueError:
                log.warning("source %s has an unreadable schedule %r: not scheduled", source_id, text)
                continue
            if schedule is not None:
                wanted[_job_id(source_id)] = (source_id, self._trigger(schedule))
        existing = {job.id: job for job in self.scheduler.get_jobs(jobstore="default")}
        for job_id in existing.keys() - wanted.keys():
            self.scheduler.remove_job(job_id, jobstore="default")
        for job_id, (source_id, trigger) in wanted.items():
            job = existing.get(job_id)
            if job is None or str(job.trigger) != str(trigger) or job.func_ref != HARVEST_JOB:
                self.scheduler.add_job(HARVEST_JOB, trigger, args=[source_id], id=job_id, name=f"harvest source {source_id}",
                                       jobstore="default", replace_existing=True)
        next_runs = {source_id: None for source_id, _text, _enabled in schedules(self.platform)}
        for job in self.scheduler.get_jobs(jobstore="default"):
            source_id = int(job.args[0])
            if source_id in next_runs:
                next_runs[source_id] = job.next_run_time
        record_next_runs(self.platform, next_runs)

    def compliance_catch_up(self) -> None:
        """Take today's compliance snapshot when the daily one was missed (the server was down at the time)."""
        if not snapshot_taken_today(self.platform):
            compliance_recompute(self.platform, trigger="daily")

    def _trigger(self, schedule: Schedule) -> CronTrigger | IntervalTrigger:
        if schedule.seconds is not None:
            return IntervalTrigger(seconds=schedule.seconds, timezone=self.timezone)
        assert schedule.cron is not None
        return CronTrigger(**schedule.cron, timezone=self.timezone)


def _job_id(source_id: int) -> str:
    return f"harvest-source-{source_id}"
