"""Harvest sources: an agency's system, connected once, that the platform publishes from on schedule.

A source keeps what its next run needs: its settings (checked by its harvester's config schema
when saved), its schedule, and the ``HarvestState`` of the last complete run (per remote id: the
source's modification marker and each file's ETag, Last-Modified and sha256) as JSON, so a run
asks only for what changed. Its health is what the last run said, shown on its agency's pages.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .agency import Agency
from .base import Base, enum_column, utcnow

__all__ = ["Source", "SourceHealth"]


class SourceHealth(enum.Enum):
    """From good to bad; a source is as healthy as its last finished run (dry runs do not count)."""

    OK = "ok"
    """The last run went to its end and every item was published or left unchanged."""
    NEW = "new"
    """Never harvested yet."""
    PARTIAL = "partial"
    """The last run went to its end, but some items failed: their last good versions stay online."""
    FAILING = "failing"
    """The last run could not go to its end (source unreachable, wrong settings): nothing changed."""


class Source(Base):
    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("agency_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    """Unique within the agency; what `opendata harvest NAME` and the pages call it."""
    type: Mapped[str] = mapped_column(String(50))
    """The harvester's name (``ckan``, ``dcat``…), an entry point of ``opendata.harvesters``."""
    url: Mapped[str] = mapped_column(Text)
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    schedule: Mapped[str] = mapped_column(String(100), default="")
    """Cron (``0 2 * * *``) or interval (``every 6h``) text, read by ``publisher.schedules``; empty: only when asked."""
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    health: Mapped[SourceHealth] = mapped_column(enum_column(SourceHealth), default=SourceHealth.NEW)
    last_run_at: Mapped[dt.datetime | None]
    last_success_at: Mapped[dt.datetime | None]
    last_error_code: Mapped[str | None] = mapped_column(String(50))
    last_error_params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    next_run_at: Mapped[dt.datetime | None]
    """Written by the scheduler of `opendata serve`, for the pages; empty when nothing is scheduled."""
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """The ``HarvestState`` after the last complete run, as ``publisher.pipeline.harvest`` writes it."""

    agency: Mapped[Agency] = relationship()
