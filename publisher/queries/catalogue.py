"""The published catalogue as a catalogue client reads it (the CKAN-compatible API): listed datasets
with their agency and current files, agencies with their counts, and stable public identifiers.

Identifiers: CKAN clients key everything on ``id`` (the CKAN harvester keeps it as the harvested
package's id), so each dataset and agency gets a UUID derived from its slug and creation time:
stable across requests and restarts, and distinct between two platforms that happen to reuse a slug.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from ..compliance.rubric import load_rubric
from .. import search
from ..errors import NotFound
from ..models import Agency, Dataset, DatasetVersion
from ..models.search import SearchDocument
from ..platform import Platform

__all__ = [
    "OrganisationView",
    "PackageSearch",
    "PackageView",
    "organisation",
    "organisations",
    "package",
    "package_names",
    "package_search",
    "packages",
    "public_id",
]

_NAMESPACE = uuid.UUID("6f1c2a52-3f0e-5d7b-9a43-0b5e7d1c9e11")


def public_id(kind: str, slug: str, created_at: dt.datetime) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{slug}:{created_at.astimezone(dt.timezone.utc).isoformat()}"))


@dataclass(frozen=True)
class OrganisationView:
    id: str
    slug: str
    name: str
    description: str
    level: str
    code: str | None
    website: str | None
    email: str | None
    created_at: dt.datetime
    package_count: int = 0


@dataclass(frozen=True)
class PackageView:
    id: str
    slug: str
    title: str
    description: str
    tags: list[str]
    licence: str
    frequency: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    published_at: dt.datetime
    valid: bool
    error_count: int
    source_format: str
    resources: list[dict[str, Any]]
    """The current version's tables: name, title, path, rows, bytes, sha256, schema."""
    organisation: OrganisationView
    remote_id: str | None = None
    contact_name: str = ""
    contact_email: str = ""
    themes: list[str] = field(default_factory=list)
    spatial: list[str] = field(default_factory=list)
    temporal_start: dt.date | None = None
    temporal_end: dt.date | None = None


@dataclass(frozen=True)
class PackageSearch:
    count: int
    results: list[PackageView]
    facets: dict[str, list[search.FacetCount]] = field(default_factory=dict)
    labels: dict[tuple[str, str], str] = field(default_factory=dict)
    """(facet, value) → a display name, where the value is a code (agencies, provinces)."""


def package_names(platform: Platform, *, limit: int | None = None, offset: int = 0) -> list[str]:
    with platform.db.read() as session:
        query = select(Dataset.slug).join(SearchDocument, SearchDocument.dataset_id == Dataset.id).order_by(Dataset.slug)
        return list(session.scalars(query.offset(offset).limit(limit)))


def package(platform: Platform, name_or_id: str) -> PackageView:
    """A listed dataset by slug or public id; anything else does not exist."""
    with platform.db.read() as session:
        row = session.execute(_BY_SLUG, {"slug": name_or_id}).first()
        if row is None and _is_uuid(name_or_id):
            rows = session.execute(select(Dataset.id, Dataset.slug, Dataset.created_at)
                                   .join(SearchDocument, SearchDocument.dataset_id == Dataset.id)).all()
            dataset_id = next((item.id for item in rows if public_id("dataset", item.slug, item.created_at) == name_or_id), None)
            row = session.execute(_BY_ID, {"id": dataset_id}).first() if dataset_id is not None else None
        if row is None:
            raise NotFound("dataset-not-found", slug=name_or_id)
        return _package(*row)


def package_search(
    platform: Platform,
    *,
    q: str = "",
    filters: Mapping[str, Sequence[str]] | None = None,
    exclude: Mapping[str, Sequence[str]] | None = None,
    modified_since: dt.datetime | None = None,
    sort: str = "relevance",
    start: int = 0,
    rows: int = 10,
    facets: Sequence[str] = (),
    facet_limit: int = 50,
) -> PackageSearch:
    with platform.db.read() as session:
        found = search.search(session, q=q, filters=filters, exclude=exclude, modified_since=modified_since, sort=sort,
                              offset=start, limit=rows, facets=list(facets), facet_limit=facet_limit)
        results = _packages(session, found.ids)
        labels: dict[tuple[str, str], str] = {}
        slugs = [item.value for item in found.facets.get("agency", [])]
        if slugs:
            labels = {("agency", slug): name for slug, name in session.execute(
                select(Agency.slug, Agency.name).where(Agency.slug.in_(slugs)))}
        bands = {band.id: band.title.get("vi", band.id) for band in load_rubric().bands}
        labels |= {("band", item.value): bands.get(item.value, item.value) for item in found.facets.get("band", [])}
    return PackageSearch(found.total, results, found.facets, labels)


def packages(platform: Platform, *, limit: int, offset: int = 0) -> list[PackageView]:
    """Listed datasets, most recently updated first, with their resources."""
    with platform.db.read() as session:
        ids = list(session.scalars(
            select(Dataset.id).join(SearchDocument, SearchDocument.dataset_id == Dataset.id)
            .order_by(Dataset.updated_at.desc(), Dataset.id.desc()).offset(offset).limit(limit)
        ))
        return _packages(session, ids)


def organisations(platform: Platform) -> list[OrganisationView]:
    with platform.db.read() as session:
        return _organisations(session, None)


def organisation(platform: Platform, name_or_id: str) -> tuple[OrganisationView, list[PackageView]]:
    """An agency by slug or public id, with its listed datasets."""
    with platform.db.read() as session:
        found = _organisations(session, name_or_id if not _is_uuid(name_or_id) else None)
        matches = [item for item in found if item.slug == name_or_id or item.id == name_or_id]
        if not matches:
            raise NotFound("agency-not-found", slug=name_or_id)
        ids = list(session.scalars(
            select(Dataset.id).join(SearchDocument, SearchDocument.dataset_id == Dataset.id)
            .join(Agency, Agency.id == Dataset.agency_id).where(Agency.slug == matches[0].slug).order_by(Dataset.slug)
        ))
        return matches[0], _packages(session, ids)


def _organisations(session: Session, slug: str | None) -> list[OrganisationView]:
    counts = (select(Dataset.agency_id, func.count().label("listed"))
              .join(SearchDocument, SearchDocument.dataset_id == Dataset.id).group_by(Dataset.agency_id).subquery())
    query = select(Agency, counts.c.listed).outerjoin(counts, counts.c.agency_id == Agency.id).order_by(Agency.slug)
    if slug is not None:
        query = query.where(Agency.slug == slug)
    return [_organisation(agency, listed or 0) for agency, listed in session.execute(query)]


def _organisation(agency: Agency, listed: int = 0) -> OrganisationView:
    return OrganisationView(
        id=public_id("agency", agency.slug, agency.created_at), slug=agency.slug, name=agency.name,
        description=agency.description or "", level=agency.level.value, code=agency.code, website=agency.website,
        email=agency.email, created_at=agency.created_at, package_count=listed,
    )


_LISTED = (
    select(Dataset, Agency, DatasetVersion)
    .join(SearchDocument, SearchDocument.dataset_id == Dataset.id)
    .join(Agency, Agency.id == Dataset.agency_id)
    .join(DatasetVersion, DatasetVersion.id == Dataset.current_version_id)
)
_BY_SLUG = _LISTED.where(Dataset.slug == bindparam("slug"))
_BY_ID = _LISTED.where(Dataset.id == bindparam("id"))
"""Built once: package_show is the API's busiest call, and building a statement costs as much as running it."""


def _packages(session: Session, ids: Sequence[int]) -> list[PackageView]:
    """Packages for these listed datasets, in the order given (one query)."""
    if not ids:
        return []
    rows = session.execute(
        select(Dataset, Agency, DatasetVersion)
        .join(Agency, Agency.id == Dataset.agency_id)
        .join(DatasetVersion, DatasetVersion.id == Dataset.current_version_id)
        .where(Dataset.id.in_(list(ids)), Dataset.withdrawn_at.is_(None))
    ).all()
    by_id = {dataset.id: _package(dataset, agency, version) for dataset, agency, version in rows}
    return [by_id[id_] for id_ in ids if id_ in by_id]


def _package(dataset: Dataset, agency: Agency, version: DatasetVersion) -> PackageView:
    return PackageView(
        id=public_id("dataset", dataset.slug, dataset.created_at), slug=dataset.slug, title=dataset.title,
        description=dataset.description, tags=list(dataset.tags), licence=dataset.licence, frequency=dataset.frequency,
        created_at=dataset.created_at, updated_at=dataset.updated_at, version=version.number or 0,
        published_at=version.published_at or version.created_at, valid=version.valid, error_count=version.error_count,
        source_format=version.source_format, resources=list(version.resources), organisation=_organisation(agency),
        remote_id=dataset.remote_id, contact_name=dataset.contact_name or "", contact_email=dataset.contact_email or "",
        themes=list(dataset.themes or []), spatial=list(dataset.spatial or []), temporal_start=dataset.temporal_start,
        temporal_end=dataset.temporal_end,
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
