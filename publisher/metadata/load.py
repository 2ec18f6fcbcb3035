"""Load published datasets from the database as ``PublishedDataset`` records, in pages.

Shared by the catalogue (``publisher.queries.catalog``) and the CKAN push
(``publisher.services.pushes``), so DCAT, schema.org and CKAN describe a dataset the same way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from ..models import Agency, AgencyLevel, Artifact, Dataset, DatasetVersion, VersionStatus
from ..reference import Reference
from .records import AgencyRecord, FileRecord, PublishedDataset, UnitRecord

__all__ = ["catalog_state", "count_datasets", "load_datasets"]


def _query(*, modified_since: dt.datetime | None, include_withdrawn: bool, slugs: list[str] | None) -> Select[Any]:
    current = aliased(DatasetVersion)
    query = (
        select(Dataset, Agency, current)
        .join(Agency, Dataset.agency_id == Agency.id)
        .join(current, Dataset.current_version_id == current.id)
    )
    if not include_withdrawn:
        query = query.where(Dataset.withdrawn_at.is_(None))
    if modified_since is not None:
        query = query.where(Dataset.updated_at >= modified_since)
    if slugs is not None:
        query = query.where(Dataset.slug.in_(slugs))
    return query


def count_datasets(session: Session, *, modified_since: dt.datetime | None = None) -> int:
    query = _query(modified_since=modified_since, include_withdrawn=False, slugs=None)
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def catalog_state(session: Session, *, modified_since: dt.datetime | None = None) -> tuple[Any, ...]:
    """What the catalogue's content depends on, in two cheap queries: how many datasets, the newest
    change, and the agencies' names and addresses. Equal states give equal catalogues."""
    listed = _query(modified_since=modified_since, include_withdrawn=False, slugs=None).subquery()
    count, newest = session.execute(select(func.count(), func.max(listed.c.updated_at))).one()
    agencies = session.execute(select(Agency.slug, Agency.name, Agency.level, Agency.code, Agency.email,
                                      Agency.website, Agency.description).order_by(Agency.id)).all()
    return count, newest, [tuple(row) for row in agencies]


def load_datasets(
    session: Session,
    reference: Reference,
    base_url: str,
    *,
    modified_since: dt.datetime | None = None,
    include_withdrawn: bool = False,
    slugs: list[str] | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[PublishedDataset]:
    """Published datasets (newest change first) with their current version's files and absolute URLs."""
    query = _query(modified_since=modified_since, include_withdrawn=include_withdrawn, slugs=slugs)
    query = query.order_by(Dataset.updated_at.desc(), Dataset.id.desc()).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    rows = session.execute(query).all()
    if not rows:
        return []
    dataset_ids = [dataset.id for dataset, _agency, _version in rows]
    issued = dict(session.execute(
        select(DatasetVersion.dataset_id, func.min(DatasetVersion.published_at))
        .where(DatasetVersion.dataset_id.in_(dataset_ids), DatasetVersion.status == VersionStatus.PUBLISHED)
        .group_by(DatasetVersion.dataset_id)
    ).all())
    blob_shas = {sha for _d, _a, version in rows for sha in (version.package_sha, version.zip_sha) if sha}
    sizes = dict(session.execute(select(Artifact.sha256, Artifact.bytes).where(Artifact.sha256.in_(blob_shas))).all())
    base = base_url.rstrip("/")
    return [_record(reference, base, dataset, agency, version, issued.get(dataset.id), sizes)
            for dataset, agency, version in rows]


def _record(reference: Reference, base: str, dataset: Dataset, agency: Agency, version: DatasetVersion,
            issued: dt.datetime | None, sizes: dict[str, int]) -> PublishedDataset:
    licence = reference.licences.get(dataset.licence)
    versioned = f"{base}/api/v1/datasets/{dataset.slug}/versions/{version.number}"
    files = [
        FileRecord(path=resource["path"], kind="table", title=resource.get("title") or resource["name"],
                   url=f"{versioned}/{resource['path']}", media_type="text/csv", bytes=resource["bytes"],
                   sha256=resource["sha256"], schema=resource["schema"], rows=resource["rows"],
                   description=resource.get("description"))
        for resource in version.resources
    ]
    if version.package_sha:
        files.append(FileRecord("datapackage.json", "descriptor", "datapackage.json", f"{versioned}/datapackage.json",
                                "application/json", sizes.get(version.package_sha, 0), version.package_sha))
    if version.zip_sha:
        files.append(FileRecord("datapackage.zip", "zip", f"{dataset.slug}-v{version.number}.zip",
                                f"{versioned}/datapackage.zip", "application/zip", sizes.get(version.zip_sha, 0),
                                version.zip_sha))
    modified = version.published_at or dataset.updated_at
    return PublishedDataset(
        slug=dataset.slug,
        title=dataset.title,
        description=dataset.description,
        url=f"{base}/datasets/{dataset.slug}",
        agency=AgencyRecord(agency.slug, agency.name, agency.level.value, agency.code, agency.email, agency.website,
                            f"{base}/agencies/{agency.slug}", agency.description),
        licence_id=dataset.licence,
        licence_url=licence.url or None if licence else None,
        licence_title=licence.title.get("vi", licence.id) if licence else dataset.licence,
        tags=list(dataset.tags),
        frequency=dataset.frequency,
        version=version.number or 0,
        issued=issued or modified,
        modified=max(modified, dataset.updated_at),
        files=files,
        contact_name=dataset.contact_name or None,
        contact_email=dataset.contact_email or None,
        themes=[theme for theme in dataset.themes if theme in reference.themes],
        spatial=_units(reference, dataset, agency),
        temporal_start=dataset.temporal_start,
        temporal_end=dataset.temporal_end,
        withdrawn=dataset.withdrawn_at is not None,
    )


def _units(reference: Reference, dataset: Dataset, agency: Agency) -> list[UnitRecord]:
    """The units the dataset covers; without any stated, the unit of a provincial or communal agency."""
    codes = list(dataset.spatial)
    if not codes and agency.code and agency.level in (AgencyLevel.PROVINCE, AgencyLevel.COMMUNE):
        codes = [agency.code]
    return [UnitRecord(code, reference.unit_name(code) or (agency.name if code == agency.code else None))
            for code in codes]
