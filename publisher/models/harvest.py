"""Harvest runs and their items: what each run of a source did, item by item, and why.

Statuses are closed, ordered enums (labels in ``publisher.messages.LABELS``). Errors are a code
and parameters, rendered in the reader's language; logs are short excerpts (the full bytes of
what was fetched live in the artifact store, known by ``artifact_sha``), never blobs.

At most one run of a source is ``running`` at a time, dry runs aside: a partial unique index
says so to the database itself, so two processes (the scheduler and the command line, two
workers) cannot both start one, on SQLite as on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, enum_column, utcnow

__all__ = ["HarvestItem", "HarvestRun", "ItemStatus", "RunStatus", "RunTrigger"]


class RunStatus(enum.Enum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    """Went to its end; every item was published, left unchanged, skipped or withdrawn."""
    PARTIAL = "partial"
    """Went to its end; some items failed."""
    FAILED = "failed"
    """Stopped before its end (discovery failed): nothing was published or withdrawn."""
    INTERRUPTED = "interrupted"
    """Its process stopped while it ran (found stale by the next run)."""


class RunTrigger(enum.Enum):
    SCHEDULE = "schedule"
    MANUAL = "manual"
    """From the web site or the API ("run now", "test the source")."""
    CLI = "cli"


class ItemStatus(enum.Enum):
    """What a run did with one remote item, from most to least eventful."""

    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"


RUNNING_WHERE = text("status = 'running' AND NOT dry_run")


class HarvestRun(Base):
    __tablename__ = "harvest_runs"
    __table_args__ = (
        Index("uq_harvest_runs_running", "source_id", unique=True, sqlite_where=RUNNING_WHERE,
              postgresql_where=RUNNING_WHERE),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    trigger: Mapped[RunTrigger] = mapped_column(enum_column(RunTrigger))
    dry_run: Mapped[bool] = mapped_column(default=False)
    """A test of the source: items are fetched and checked, nothing is published or remembered."""
    max_items: Mapped[int | None]
    status: Mapped[RunStatus] = mapped_column(enum_column(RunStatus), default=RunStatus.RUNNING)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    heartbeat_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """Items by ``ItemStatus`` value."""
    error_code: Mapped[str | None] = mapped_column(String(50))
    error_params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    log_excerpt: Mapped[str] = mapped_column(Text, default="")


class HarvestItem(Base):
    __tablename__ = "harvest_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("harvest_runs.id", ondelete="CASCADE"), index=True)
    remote_id: Mapped[str] = mapped_column(String(500))
    title: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[ItemStatus] = mapped_column(enum_column(ItemStatus))
    dataset_id: Mapped[int | None] = mapped_column(ForeignKey("datasets.id", ondelete="SET NULL"))
    version_number: Mapped[int | None]
    """The version this item published, if it published one."""
    valid: Mapped[bool | None]
    error_count: Mapped[int | None]
    error_code: Mapped[str | None] = mapped_column(String(50))
    error_params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    log_excerpt: Mapped[str] = mapped_column(Text, default="")
    artifact_sha: Mapped[str | None] = mapped_column(String(64))
    """The sha256 of the (first) file fetched, as kept in the artifact store."""
    fetch_ms: Mapped[int] = mapped_column(default=0)
    process_ms: Mapped[int] = mapped_column(default=0)
