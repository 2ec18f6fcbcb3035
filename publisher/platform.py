"""The platform's running parts, built once per process from settings and passed explicitly."""

from __future__ import annotations

from dataclasses import dataclass

from .db import Database
from .reference import Reference, load_reference
from .settings import Settings, load_settings
from .store import Store

__all__ = ["Platform"]


@dataclass
class Platform:
    settings: Settings
    db: Database
    store: Store
    reference: Reference

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Platform:
        settings = settings or load_settings()
        return cls(settings, Database(settings.database_url), Store(settings.storage_url), load_reference())

    def close(self) -> None:
        self.db.dispose()
