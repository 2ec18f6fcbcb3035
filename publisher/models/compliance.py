"""Compliance scores: the current score of every dataset, and every agency's score over time;
and each agency's open data inventory, the datasets it plans to publish and when.

A dataset's row holds each check's result with its evidence as JSON, so that one read answers an
auditor's "why" without a join per check; scores are recomputed, never edited. An agency's rows
are its history: one row per computation (daily, after a publish, or asked for), kept forever
with the rubric version that produced it; the newest row is the current score.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow

__all__ = ["AgencyScore", "DatasetScore", "InventoryItem"]


class DatasetScore(Base):
    __tablename__ = "dataset_scores"

    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("dataset_versions.id", ondelete="SET NULL"))
    """The version the data checks read (the current one when scored)."""
    rubric_version: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float)
    """0-100."""
    band: Mapped[str] = mapped_column(String(20), default="")
    """The rubric's band for the score (``tot``, ``kha``, ``dat``, ``chua-dat``): the search facet reads it."""
    principles: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """Principle → 0-100 (principles with no applicable check are absent)."""
    checks: Mapped[list[Any]] = mapped_column(default=list)
    """Per check: id, principle, weight, score (0-1, or null when it does not apply), evidence {code, ...}."""
    computed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AgencyScore(Base):
    __tablename__ = "agency_scores"
    __table_args__ = (Index("ix_agency_scores_agency_computed", "agency_id", "computed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))
    rubric_version: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(20))
    principles: Mapped[dict[str, Any]] = mapped_column(default=dict)
    checks: Mapped[list[Any]] = mapped_column(default=list)
    """The agency-level checks, with their evidence (dataset checks stay on the datasets' rows)."""
    datasets: Mapped[int] = mapped_column(default=0)
    """How many datasets were scored into it."""
    trigger: Mapped[str] = mapped_column(String(20))
    """What made this computation: full, publish, daily, edit."""
    computed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class InventoryItem(Base):
    """A dataset an agency plans to publish by a due date, as its open data plan lists it; once
    published, the dataset is linked and "on time" is its first publication against the due date."""

    __tablename__ = "inventory_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    due: Mapped[dt.date]
    dataset_id: Mapped[int | None] = mapped_column(ForeignKey("datasets.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
