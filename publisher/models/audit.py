"""The audit log: who changed what, when, from where. The application only ever appends."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow

__all__ = ["AuditLog"]


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(100))
    """Kept as text so the entry still reads right after the user is gone."""
    action: Mapped[str] = mapped_column(String(50))
    """A code such as ``dataset-create`` or ``version-publish``."""
    target_type: Mapped[str] = mapped_column(String(30))
    target: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(64))
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)
