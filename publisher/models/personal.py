"""What an agency's officer decided about a column that holds personal data, kept per dataset.

A decision outlives the draft it was taken on: every later upload and harvest of the dataset
applies it without asking again, and a harvest stops only at a column nobody decided on.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow

__all__ = ["PersonalDecision"]


class PersonalDecision(Base):
    __tablename__ = "personal_decisions"
    __table_args__ = (UniqueConstraint("dataset_id", "column"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"), index=True)
    column: Mapped[str] = mapped_column(String(200))
    """The Table Schema field name the decision is about (the same in every table of the dataset)."""
    decision: Mapped[str] = mapped_column(String(30))
    """One of ``datapackages.personal.ACTIONS``: drop, mask-last-digits, hash, keep."""
    digits: Mapped[int] = mapped_column(default=4)
    """For mask-last-digits: how many trailing characters stay visible."""
    reason: Mapped[str] = mapped_column(Text, default="")
    """Why a kept column is not personal (required for keep)."""
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    by_name: Mapped[str] = mapped_column(String(100))
    """Kept as text so the decision still says who took it after the account is gone."""
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
