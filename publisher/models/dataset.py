"""Datasets and their versions.

A version starts as a *draft* (an upload, repaired and validated) and becomes *published* when
it gets a number and the dataset's ``current_version_id`` points at it. Published versions are
immutable; a newer one supersedes it without removing it.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .agency import Agency
from .base import Base, enum_column, utcnow

__all__ = ["Dataset", "DatasetVersion", "VersionStatus"]


class VersionStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    DISCARDED = "discarded"


class Dataset(Base):
    __tablename__ = "datasets"
    __table_args__ = (Index("uq_datasets_source_remote", "source_id", "remote_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    licence: Mapped[str] = mapped_column(String(50))
    """A licence id from ``config/licences.toml``."""
    tags: Mapped[list[Any]] = mapped_column(default=list)
    frequency: Mapped[str] = mapped_column(String(30))
    """An update frequency id from ``config/frequencies.toml``."""
    schema_id: Mapped[str | None] = mapped_column(String(100))
    """A shared Table Schema from ``config/schemas/`` (publisher/schemas.py): uploads and harvests of
    this dataset are validated against it."""
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    """Who answers questions about the data (a person or an office): DCAT-AP's contact point."""
    contact_email: Mapped[str] = mapped_column(String(300), default="")
    themes: Mapped[list[Any]] = mapped_column(default=list)
    """Theme ids from ``config/themes.toml`` (the EU data-theme vocabulary DCAT-AP asks for)."""
    spatial: Mapped[list[Any]] = mapped_column(default=list)
    """Codes of the administrative units the data covers (provinces, communes)."""
    temporal_start: Mapped[dt.date | None]
    """The period the data covers, when it covers one (not when it was published)."""
    temporal_end: Mapped[dt.date | None]
    repair_options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """The officer's corrections to the automatic repair (header rows, skipped rows, column types),
    applied again to every later upload or harvest of the same report."""
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("dataset_versions.id", use_alter=True, name="fk_datasets_current_version")
    )

    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    """The harvest source that feeds this dataset, if any (sources are disabled, never deleted)."""
    remote_id: Mapped[str | None] = mapped_column(String(500))
    """The dataset's id at that source."""
    withdrawn_at: Mapped[dt.datetime | None]
    """Set when the dataset stopped being published (gone at its source): it is no longer listed or
    served as current, and every published version stays downloadable by its number."""
    withdrawn_reason: Mapped[str | None] = mapped_column(String(50))

    agency: Mapped[Agency] = relationship()
    current_version: Mapped[DatasetVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )


class DatasetVersion(Base):
    __tablename__ = "dataset_versions"
    __table_args__ = (UniqueConstraint("dataset_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"), index=True)
    number: Mapped[int | None]
    """1, 2, 3... given at publication; drafts have none."""
    status: Mapped[VersionStatus] = mapped_column(enum_column(VersionStatus))
    filename: Mapped[str] = mapped_column(String(300))
    """The uploaded file's name as the officer had it, diacritics included."""
    source_sha: Mapped[str] = mapped_column(ForeignKey("artifacts.sha256"))
    source_format: Mapped[str] = mapped_column(String(10))
    resources: Mapped[list[Any]] = mapped_column(default=list)
    """Per table: name, title, source sheet, path in the package, sha256, bytes, rows, schema."""
    notes: Mapped[list[Any]] = mapped_column(default=list)
    """The repair log: what normalise did, as codes with parameters."""
    repair_options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """The corrections this draft was repaired with."""
    schema_declared: Mapped[bool] = mapped_column(default=False)
    """True when the uploader supplied the Table Schema, False when it was inferred."""
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """Data facts for the compliance score, computed once when the draft was made
    (datapackages/facts.py): per table, duplicates, blank and totals rows, types, filled shares, codes."""
    report_sha: Mapped[str] = mapped_column(ForeignKey("artifacts.sha256"))
    valid: Mapped[bool]
    error_count: Mapped[int] = mapped_column(default=0)
    error_counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    personal: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """What the personal-data guard found: ``findings`` (per table and column: kind, cells, two
    masked examples) and ``hidden`` (per hidden sheet, never published: kind and count only)."""
    package_sha: Mapped[str | None] = mapped_column(ForeignKey("artifacts.sha256"))
    zip_sha: Mapped[str | None] = mapped_column(ForeignKey("artifacts.sha256"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[dt.datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    dataset: Mapped[Dataset] = relationship(foreign_keys=[dataset_id])
