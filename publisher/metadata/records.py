"""The published dataset as every outside vocabulary needs it: plain data with absolute URLs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["AgencyRecord", "CatalogRecord", "FileRecord", "PublishedDataset", "UnitRecord", "content_hash"]


@dataclass(frozen=True)
class AgencyRecord:
    slug: str
    name: str
    level: str
    code: str | None
    email: str | None
    website: str | None
    url: str
    """The agency's page here."""
    description: str = ""


@dataclass(frozen=True)
class UnitRecord:
    """An administrative unit a dataset covers."""

    code: str
    name: str | None


@dataclass(frozen=True)
class FileRecord:
    """One downloadable file of the current version: a table as CSV, the descriptor, or the zip."""

    path: str
    """Its path in the package (``data/x.csv``), or ``datapackage.json`` / ``datapackage.zip``."""
    kind: str
    """``table``, ``descriptor`` or ``zip``."""
    title: str
    url: str
    """The version's own URL: immutable, so the checksum stays true."""
    media_type: str
    bytes: int
    sha256: str
    schema: dict[str, Any] | None = None
    """The Table Schema of a table."""
    rows: int | None = None
    description: str | None = None


@dataclass(frozen=True)
class PublishedDataset:
    slug: str
    title: str
    description: str
    url: str
    """The dataset's page here (its landing page, and its identity in DCAT)."""
    agency: AgencyRecord
    licence_id: str
    licence_url: str | None
    licence_title: str
    tags: list[str]
    frequency: str
    version: int
    issued: dt.datetime
    modified: dt.datetime
    files: list[FileRecord]
    contact_name: str | None = None
    contact_email: str | None = None
    themes: list[str] = field(default_factory=list)
    """EU data-theme ids (``ECON``, ``GOVE``...)."""
    spatial: list[UnitRecord] = field(default_factory=list)
    temporal_start: dt.date | None = None
    temporal_end: dt.date | None = None
    withdrawn: bool = False

    @property
    def tables(self) -> list[FileRecord]:
        return [item for item in self.files if item.kind == "table"]


@dataclass(frozen=True)
class CatalogRecord:
    """One page of the catalogue."""

    title: str
    description: str
    url: str
    """The site's home."""
    page_url: str
    datasets: list[PublishedDataset]
    total: int
    page: int
    per_page: int
    page_link: Any
    """page number → that page's URL (keeps the filters)."""
    publisher_name: str
    modified: dt.datetime | None


def content_hash(*parts: Any) -> str:
    """sha256 of plain data: equal hashes mean nothing changed (what a CKAN was sent, a catalogue page)."""
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
