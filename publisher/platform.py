"""The platform's running parts, built once per process from settings and passed explicitly."""

from __future__ import annotations

import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .db import Database
from .reference import Reference, load_reference
from .settings import Settings, load_settings
from .store import Store

__all__ = ["Jobs", "Platform"]

Jobs = Callable[[str, dict[str, Any]], None]
"""Hands a job (a textual function reference and primitive keyword arguments) to whatever runs
jobs: ``publisher.jobs`` installs one in `opendata serve`."""


@dataclass
class Platform:
    settings: Settings
    db: Database
    store: Store
    reference: Reference
    jobs: Jobs | None = None
    """None: ``dispatch`` runs the job at once, in the caller's thread (the command line, tests)."""

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Platform:
        settings = settings or load_settings()
        return cls(settings, Database(settings.database_url), Store(settings.storage_url), load_reference())

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
