"""Push records: what the platform last sent to a remote catalogue (a national CKAN), per dataset.

One row per dataset and target. ``sent_hash`` is the hash of everything the last successful push
sent (metadata and file hashes), so a push with nothing new sends nothing at all; a failed push
keeps the previous hash and records why, and the next run tries again (a push is resumable).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, enum_column, utcnow

__all__ = ["PushOutcome", "PushRecord"]


class PushOutcome(enum.Enum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"
    FAILED = "failed"


class PushRecord(Base):
    __tablename__ = "push_records"
    __table_args__ = (UniqueConstraint("dataset_id", "target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"), index=True)
    target: Mapped[str] = mapped_column(String(300))
    """The remote catalogue's address (``OPENDATA_CKAN_URL``)."""
    remote_id: Mapped[str | None] = mapped_column(String(100))
    """The package's id there, once created."""
    remote_name: Mapped[str | None] = mapped_column(String(100))
    remote_resources: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """Per file path in our package: the remote resource id and the sha256 of the file sent."""
    sent_hash: Mapped[str | None] = mapped_column(String(64))
    """sha256 of what the last successful push sent; None until one succeeded."""
    outcome: Mapped[PushOutcome] = mapped_column(enum_column(PushOutcome))
    error_code: Mapped[str | None] = mapped_column(String(50))
    error_detail: Mapped[str | None] = mapped_column(String(500))
    attempted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    pushed_at: Mapped[dt.datetime | None]
    """When the remote last accepted a change from us."""
