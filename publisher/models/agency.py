"""Agencies: the ministries, provinces and communes that publish."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, enum_column, utcnow

__all__ = ["Agency", "AgencyLevel"]


class AgencyLevel(enum.Enum):
    """Ordered from the top of the state down."""

    MINISTRY = "ministry"
    PROVINCE = "province"
    COMMUNE = "commune"
    OTHER = "other"


class Agency(Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    level: Mapped[AgencyLevel] = mapped_column(enum_column(AgencyLevel))
    code: Mapped[str | None] = mapped_column(String(20))
    """The national administrative code for provinces and communes ('24', '07210')."""
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(300))
    shares_with_parent: Mapped[bool] = mapped_column(default=False)
    """When set, the members of the agency above (a province over its communes) may read this
    agency's drafts and harvest logs, without changing anything."""
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    parent: Mapped[Agency | None] = relationship(remote_side=[id])
