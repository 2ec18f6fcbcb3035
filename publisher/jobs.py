"""Jobs: work that runs outside a request — scheduled harvests, and "run now" from the site.

A job is a textual function reference (``module:function``, called with the platform) plus
primitive keyword arguments, so it can be stored (APScheduler's job store), sent to another
thread, or to another machine, unchanged. With ``OPENDATA_BROKER_URL`` unset — the embedded
default — jobs run in this process: ``run_source`` (the scheduler's job) runs its harvest in the
scheduler's own thread, and jobs dispatched by the web app run on a small thread pool.

With a broker, the platform sends every job to the workers (``publisher.broker``), whoever
dispatches it: the web app, the command line, or the scheduler, which then only enqueues.
`opendata worker` (``publisher.worker``) takes them off the queue and runs them with ``run_job``,
the same function that runs them here.
"""

from __future__ import annotations

import logging
import pkgutil
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .actor import Actor
from .errors import Conflict, NotFound, Unavailable
from .platform import Platform
from .services import compliance, pushes, sources

__all__ = ["compliance_snapshot", "enqueue", "harvest_source", "install", "push_dataset", "run_job", "run_source",
           "score_everything"]

log = logging.getLogger(__name__)

_installed: Platform | None = None
JOB_THREADS = 2
"""Jobs dispatched by the web app ("run now") that run at the same time in one process."""


def install(platform: Platform) -> None:
    """Make ``platform`` this process's: scheduled jobs use it, and what it dispatches runs in the
    background: on a small thread pool here, or on the workers when it has a broker."""
    global _installed
    _installed = platform
    if platform.broker is not None:
        return  # Platform.from_settings already sends its jobs to the broker
    pool = ThreadPoolExecutor(JOB_THREADS, thread_name_prefix="opendata-job")

    def submit(reference: str, kwargs: dict[str, Any]) -> None:
        pool.submit(run_job, reference, kwargs)

    platform.jobs = submit


def _platform() -> Platform:
    global _installed
    if _installed is None:
        _installed = Platform.from_settings()
    return _installed


def run_job(reference: str, kwargs: dict[str, Any]) -> None:
    """Run one job here and now; its failure is logged (a job has nobody to answer to)."""
    try:
        pkgutil.resolve_name(reference)(_platform(), **kwargs)
    except Exception:  # noqa: BLE001 - a background job must never take its thread down silently
        log.exception("job %s %s failed", reference, kwargs)


def enqueue(reference: str, **kwargs: Any) -> None:
    """Run a job: here and now in the embedded setup; with a broker, only put it on the workers' queue."""
    platform = _platform()
    if platform.broker is None:
        run_job(reference, kwargs)
    else:
        platform.broker.send(reference, kwargs)


def run_source(source_id: int) -> None:
    """The scheduler's job, stored as the text ``publisher.jobs:run_source`` with the source's id."""
    try:
        enqueue("publisher.jobs:harvest_source", source_id=source_id)
    except Unavailable:
        pass  # the broker logged it; the source's next scheduled time tries again


def harvest_source(platform: Platform, *, source_id: int) -> None:
    """Harvest a source on schedule; a run already under way makes this one unnecessary."""
    try:
        sources.harvest_run(platform, Actor.system(), source_id=source_id, trigger="schedule")
    except Conflict:
        log.info("source %s is being harvested already: this scheduled run is skipped", source_id)
    except NotFound:
        log.warning("source %s no longer exists: its schedule is dropped at the next sync", source_id)


def compliance_snapshot() -> None:
    """The scheduler's daily job, stored as the text ``publisher.jobs:compliance_snapshot``."""
    enqueue("publisher.jobs:score_everything", trigger="daily")


def score_everything(platform: Platform, *, trigger: str = "daily") -> None:
    """Recompute every compliance score; each agency's history gets a point."""
    run = compliance.compliance_recompute(platform, trigger=trigger)
    log.info("compliance: %s datasets and %s agencies scored with rubric %s", run.datasets, run.agencies, run.rubric_version)


def push_dataset(platform: Platform, *, slug: str) -> None:
    """After a publish or a withdrawal: send that dataset to the national CKAN, when one is configured.
    A failure is recorded on its push record (the next push retries it); it never undoes the publish."""
    if not platform.settings.ckan_url:
        return
    try:
        summary = pushes.push_ckan(platform, Actor.system(), slugs=[slug])
    except Exception:  # noqa: BLE001 - the publish is done; the push record and the log say what went wrong
        log.exception("push of %s to CKAN failed", slug)
        return
    for failure in summary.failures:
        log.warning("push of %s to CKAN failed: %s %s", failure.slug, failure.code, failure.detail)
