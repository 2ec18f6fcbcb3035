"""Artifacts: every stored blob, known by its SHA-256 (the store keeps the bytes, the row the facts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow

__all__ = ["Artifact"]


class Artifact(Base):
    __tablename__ = "artifacts"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    bytes: Mapped[int]
    media_type: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    provenance: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """Where the bytes first came from: an upload's file name, a URL with its ETag, ..."""
