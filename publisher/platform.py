"""The platform's running parts, built once per process from settings and passed explicitly."""

from __future__ import annotations

import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .broker import Broker
from .db import Database
from .reference import Reference, load_reference
from .settings import Settings, load_settings
from .store import Store

__all__ = ["Jobs", "Platform"]

Jobs = Callable[[str, dict[str, Any]], None]
"""Hands a job (a textual function reference and primitive keyword arguments) to whatever runs
jobs: the broker's workers when ``OPENDATA_BROKER_URL`` is set, else what ``publisher.jobs``
installs in `opendata serve`."""


@dataclass
class Platform:
    settings: Settings
    db: Database
    store: Store
    reference: Reference
    jobs: Jobs | None = None
    """None: ``dispatch`` runs the job at once, in the caller's thread (the command line, tests)."""
    broker: Broker | None = None
    """Set with ``OPENDATA_BROKER_URL``: every process of the platform sends its jobs to the workers."""

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Platform:
        settings = settings or load_settings()
        store = Store(settings.storage_url, settings.storage_options)
        broker = Broker(settings) if settings.broker_url else None
        return cls(settings, Database(settings.database_url), store, load_reference(),
                   jobs=broker.send if broker else None, broker=broker)

    def dispatch(self, reference: str, **kwargs: Any) -> None:
        """Run ``reference`` (``module:function``, called with this platform and ``kwargs``) as a job.

        The reference is text and the arguments primitive, so a job can cross to another thread,
        process or machine (a Celery worker) unchanged.
        """
        if self.jobs is None:
            pkgutil.resolve_name(reference)(self, **kwargs)
        else:
            self.jobs(reference, kwargs)

    def close(self) -> None:
        self.db.dispose()
        if self.broker is not None:
            self.broker.close()
