"""The job queue of a scaled-out platform: Celery, over Redis or RabbitMQ (``OPENDATA_BROKER_URL``).

Only this module and ``publisher.worker`` import Celery. A job crosses the broker as one task,
``opendata.run_job``, whose arguments are the job's textual reference and its primitive keyword
arguments, JSON-encoded: whatever a worker runs is what `opendata serve` would have run
in-process, and a deploy that renames a function never leaves pickled objects in a queue.

Outcomes are not kept in Celery: a job records its own in the database (a harvest run and its
items), as it does in-process, so there is no result backend. A job is taken off the queue when
a worker starts it, not when it ends: a worker killed mid-harvest leaves a run that the next run
of the source finds stale (``harvest_stale_seconds``) rather than a second copy running beside it.
"""

from __future__ import annotations

from typing import Any

import logging

from celery import Celery
from kombu.exceptions import OperationalError

from .errors import Unavailable
from .settings import Settings

__all__ = ["RUN_JOB", "Broker", "celery_app"]

log = logging.getLogger(__name__)

RUN_JOB = "opendata.run_job"


def celery_app(settings: Settings) -> Celery:
    app = Celery("opendata", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_default_queue=settings.broker_queue,
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        task_acks_late=False,
        worker_prefetch_multiplier=1,  # jobs are long: a worker holds one, and an idle worker gets the next
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=5,
        task_publish_retry_policy={"max_retries": 3, "interval_start": 0.2, "interval_step": 0.5, "interval_max": 2},
        worker_hijack_root_logger=False,
        timezone=settings.timezone,
    )
    return app


class Broker:
    """Sends jobs to the workers listening on ``broker_queue``."""

    def __init__(self, settings: Settings) -> None:
        self.queue = settings.broker_queue
        self.app = celery_app(settings)

    def send(self, reference: str, kwargs: dict[str, Any]) -> None:
        """Queue the job; ``Unavailable('jobs-unavailable')`` when the broker does not answer (after a few quick retries)."""
        try:
            self.app.send_task(RUN_JOB, args=[reference, kwargs], queue=self.queue)
        except (OperationalError, OSError) as error:
            log.error("job %s %s could not be queued: %s", reference, kwargs, error)
            raise Unavailable("jobs-unavailable") from error

    def close(self) -> None:
        self.app.close()
