"""`opendata worker`: a Celery worker that takes the platform's jobs off the broker and runs them.

It runs each job with ``publisher.jobs.run_job``, the function `opendata serve` runs them with
in-process, so a job behaves the same at both scales and records its outcome the same way.

The pool is threads, not forked processes: the platform (its database engine and connection
pool) is built once and shared safely between threads, where a fork would share live database
connections between processes. Jobs mostly wait on the network and the database, and the
heaviest step, reading an uploaded file, already runs in a child process of its own; for more
CPUs, start more workers.
"""

from __future__ import annotations

import os
import socket
from typing import Any

from celery import Celery

from . import jobs
from .broker import RUN_JOB, celery_app
from .platform import Platform

__all__ = ["run_worker", "worker_app"]


def worker_app(platform: Platform) -> Celery:
    app = celery_app(platform.settings)

    @app.task(name=RUN_JOB)
    def run(reference: str, kwargs: dict[str, Any]) -> None:
        jobs.run_job(reference, kwargs)

    return app


def run_worker(platform: Platform, *, concurrency: int, loglevel: str = "INFO") -> None:
    """Serve jobs until stopped (SIGTERM or Ctrl+C: the jobs under way finish first)."""
    jobs.install(platform)
    app = worker_app(platform)
    app.worker_main([
        "worker",
        "--queues", platform.settings.broker_queue,
        "--pool", "threads",
        "--concurrency", str(concurrency),
        "--loglevel", loglevel,
        "--hostname", f"opendata-{os.getpid()}@{socket.gethostname()}",
        "--without-gossip", "--without-mingle",  # workers need not know each other: the queue is all they share
    ])
