"""Read datasets, their versions, drafts and files, as each actor may see them.

The public sees published versions only. Drafts are visible to the agency's members, auditors
and admins; to anyone else a draft does not exist (404, not 403, so its existence is not leaked).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from datapackages.personal import mask_example
from datapackages.validate import ErrorGrid

from ..actor import Actor
from .. import search
from ..compliance.rubric import load_rubric
from ..errors import Gone, InvalidInput, NotFound
from ..models import Agency, Dataset, DatasetVersion, PersonalDecision, User, VersionStatus
from ..platform import Platform
from .views import (
    LAST_PAGE,
    BlobRef,
    DatasetDetail,
    DatasetSummary,
    DraftDetail,
    DraftSummary,
    FacetValue,
    ResourceView,
    SearchPage,
    VersionDetail,
    VersionSummary,
)

__all__ = [
    "dataset_detail",
    "dataset_list",
    "draft_detail",
    "editable_datasets",
    "package_file",
    "version_detail",
    "version_report",
]

MAX_PER_PAGE = 100
PACKAGE_FILES = ("datapackage.json", "datapackage.zip")


def dataset_list(
    platform: Platform,
    actor: Actor,
    *,
    q: str | None = None,
    agency: str | None = None,
    filters: Mapping[str, Sequence[str]] | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    facets: Sequence[str] | None = None,
) -> SearchPage:
    """Listed datasets (published, not withdrawn) matching words and facet filters, with facet counts.

    ``agency`` is a shorthand for ``filters={"agency": [agency]}``; ``facets`` chooses which facets
    to count (all by default). Raises ``InvalidInput`` for an unknown sort or facet.
    """
    if sort not in search.SORTS:
        raise InvalidInput({"sort": "unknown-sort"})
    names = search.facet_names()
    chosen = {name: [value for value in values if value] for name, values in (filters or {}).items()}
    if agency:
        chosen.setdefault("agency", []).append(agency)
    unknown = [name for name in [*chosen, *(facets or [])] if name not in names]
    if unknown:
        raise InvalidInput({unknown[0]: "unknown-facet"})
    page = min(max(1, page), LAST_PAGE)
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    with platform.db.read() as session:
        found = search.search(session, q=q or "", filters=chosen, sort=sort, offset=(page - 1) * per_page,
                              limit=per_page, facets=facets)
        items = _summaries(session, found.ids)
        labels = _facet_labels(session, platform, found.facets)
    counted = {
        name: [FacetValue(item.value, labels.get((name, item.value), item.value), item.count,
                          item.value in chosen.get(name, [])) for item in values]
        for name, values in found.facets.items()
    }
    return SearchPage(items, found.total, page, per_page, q=q or "", sort=found.sort,
                      filters={name: values for name, values in chosen.items() if values}, facets=counted)


def _summaries(session: Session, ids: list[int]) -> list[DatasetSummary]:
    if not ids:
        return []
    current = aliased(DatasetVersion)
    rows = session.execute(
        select(Dataset, Agency, current)
        .join(Agency, Dataset.agency_id == Agency.id)
        .join(current, Dataset.current_version_id == current.id)
        .where(Dataset.id.in_(ids))
    ).all()
    by_id = {dataset.id: _summary(dataset, agency_row, version) for dataset, agency_row, version in rows}
    return [by_id[id_] for id_ in ids if id_ in by_id]


def _facet_labels(session: Session, platform: Platform, facets: Mapping[str, Sequence[search.FacetCount]]) -> dict[tuple[str, str], str]:
    """Names people read for facet values that are codes: agencies by name, provinces by their name,
    compliance bands by their Vietnamese title. Levels, licences and bands are labelled in the
    reader's language by the web layer."""
    labels: dict[tuple[str, str], str] = {}
    agency_slugs = [item.value for item in facets.get("agency", [])]
    if agency_slugs:
        for slug, name in session.execute(select(Agency.slug, Agency.name).where(Agency.slug.in_(agency_slugs))):
            labels[("agency", slug)] = name
    for item in facets.get("province", []):
        province = platform.reference.provinces.get(item.value)
        if province:
            labels[("province", item.value)] = f"{province.kind} {province.name}"
    bands = {band.id: band.title.get("vi", band.id) for band in load_rubric().bands}
    for item in facets.get("band", []):
        labels[("band", item.value)] = bands.get(item.value, item.value)
    return labels


def dataset_detail(platform: Platform, actor: Actor, slug: str) -> DatasetDetail:
    with platform.db.read() as session:
        dataset, agency = _dataset(session, slug)
        sees_drafts = actor.sees_drafts_of(dataset.agency_id)
        current = session.get(DatasetVersion, dataset.current_version_id) if dataset.current_version_id else None
        if current is None and not sees_drafts:
            raise NotFound("dataset-not-found", slug=slug)
        published = session.scalars(
            select(DatasetVersion)
            .where(DatasetVersion.dataset_id == dataset.id, DatasetVersion.status == VersionStatus.PUBLISHED)
            .order_by(DatasetVersion.number.desc())
        ).all()
        drafts: list[DraftSummary] = []
        if sees_drafts:
            rows = session.execute(
                select(DatasetVersion, User.username)
                .outerjoin(User, DatasetVersion.created_by_id == User.id)
                .where(DatasetVersion.dataset_id == dataset.id, DatasetVersion.status == VersionStatus.DRAFT)
                .order_by(DatasetVersion.created_at.desc())
            ).all()
            drafts = [
                DraftSummary(draft.id, draft.filename, draft.created_at, username, draft.valid, draft.error_count)
                for draft, username in rows
            ]
        return DatasetDetail(
            summary=_summary(dataset, agency, current),
            created_at=dataset.created_at,
            current=_version_detail(session, current) if current else None,
            versions=[
                VersionSummary(
                    version.number or 0,
                    version.published_at or version.created_at,
                    version.filename,
                    version.valid,
                    version.error_count,
                    _rows(version),
                )
                for version in published
            ],
            drafts=drafts,
            can_edit=actor.edits(dataset.agency_id) and actor.can_write,
        )


def version_detail(platform: Platform, actor: Actor, slug: str, number: int) -> VersionDetail:
    with platform.db.read() as session:
        dataset, _agency = _dataset(session, slug)
        return _version_detail(session, _published(session, dataset, number))


def version_report(platform: Platform, actor: Actor, slug: str, number: int | None = None) -> dict[str, Any]:
    """The full validation report of a published version (the current one when ``number`` is None)."""
    with platform.db.read() as session:
        dataset, _agency = _dataset(session, slug)
        version = _published(session, dataset, number)
        report_sha = version.report_sha
    return json.loads(platform.store.read_bytes(report_sha))


def draft_detail(platform: Platform, actor: Actor, slug: str, draft_id: int, *, preview_rows: int = 10) -> DraftDetail:
    with platform.db.read() as session:
        dataset, agency = _dataset(session, slug)
        draft = session.get(DatasetVersion, draft_id)
        if draft is None or draft.dataset_id != dataset.id or not actor.sees_drafts_of(dataset.agency_id):
            raise NotFound("draft-not-found", draft=draft_id)
        current = session.get(DatasetVersion, dataset.current_version_id) if dataset.current_version_id else None
        summary = _summary(dataset, agency, current)
        resources = [_resource(resource) for resource in draft.resources]
        detail = dict(
            id=draft.id,
            dataset=summary,
            status=draft.status.value,
            filename=draft.filename,
            source_format=draft.source_format,
            created_at=draft.created_at,
            valid=draft.valid,
            error_count=draft.error_count,
            error_counts=dict(draft.error_counts),
            error_grid=_error_grid(draft.error_counts, resources),
            schema_declared=draft.schema_declared,
            resources=resources,
            notes=list(draft.notes),
            can_publish=draft.status is VersionStatus.DRAFT and actor.edits(dataset.agency_id) and actor.can_write,
            options=dict(draft.repair_options),
            personal=dict(draft.personal),
        )
        rows = session.scalars(select(PersonalDecision).where(PersonalDecision.dataset_id == dataset.id))
        decisions = {row.column: {"decision": row.decision, "digits": row.digits, "reason": row.reason, "by": row.by_name,
                                  "at": row.at} for row in rows}
        flagged = list(dict.fromkeys(finding["field"] for finding in draft.personal.get("findings", [])))
        detail["decisions"] = {column: decisions[column] for column in flagged if column in decisions}
        detail["undecided"] = [column for column in flagged if column not in decisions]
        report_sha = draft.report_sha
    report = json.loads(platform.store.read_bytes(report_sha))
    preview = {resource.name: _masked(_head(platform, resource.sha256, preview_rows), detail["personal"], detail["decisions"])
               for resource in resources}
    return DraftDetail(report=report, preview=preview, **detail)


def _masked(rows: list[list[str]], record: dict[str, Any], decisions: dict[str, dict[str, Any]]) -> list[list[str]]:
    """The preview with personal columns masked as findings' examples are (unless kept as not personal):
    a draft page shows no personal value, whoever looks at it."""
    kinds = {finding["field"]: finding["kind"] for finding in reversed(record.get("findings", []))}
    if not rows or not kinds:
        return rows
    hidden = {index: kinds[name] for index, name in enumerate(rows[0])
              if name in kinds and decisions.get(name, {}).get("decision") != "keep"}
    return [rows[0]] + [[mask_example(cell, hidden[index]) if index in hidden and cell else cell for index, cell in enumerate(row)]
                        for row in rows[1:]]


def package_file(platform: Platform, actor: Actor, slug: str, path: str, *, number: int | None = None) -> BlobRef:
    """A file of a published version's package: ``datapackage.json``, ``datapackage.zip`` or ``data/<name>.csv``."""
    with platform.db.read() as session:
        dataset, _agency = _dataset(session, slug)
        if number is None and dataset.withdrawn_at is not None:
            raise Gone("dataset-withdrawn", slug=slug)
        version = _published(session, dataset, number)
        suffix = f"-v{version.number}"
        if path == "datapackage.json":
            return BlobRef(version.package_sha or "", 0, "application/json", "datapackage.json")
        if path == "datapackage.zip":
            return BlobRef(version.zip_sha or "", 0, "application/zip", f"{dataset.slug}{suffix}.zip")
        for resource in version.resources:
            if resource["path"] == path:
                return BlobRef(resource["sha256"], resource["bytes"], "text/csv", f"{resource['name']}{suffix}.csv")
    raise NotFound("file-not-found", path=path)


def editable_datasets(platform: Platform, actor: Actor) -> list[DatasetSummary]:
    """Datasets this actor may upload to, for the upload page."""
    if not actor.can_write or not actor.is_authenticated:
        return []
    query = select(Dataset, Agency).join(Agency, Dataset.agency_id == Agency.id).order_by(Dataset.title)
    if not actor.is_admin:
        query = query.where(Dataset.agency_id.in_(list(actor.roles)))
    with platform.db.read() as session:
        rows = session.execute(query).all()
        versions = {
            version.id: version
            for version in session.scalars(
                select(DatasetVersion).where(
                    DatasetVersion.id.in_([dataset.current_version_id for dataset, _ in rows if dataset.current_version_id])
                )
            )
        }
        return [_summary(dataset, agency, versions.get(dataset.current_version_id)) for dataset, agency in rows]


# Helpers shared with queries.agencies


def _summary(dataset: Dataset, agency: Agency, current: DatasetVersion | None) -> DatasetSummary:
    return DatasetSummary(
        slug=dataset.slug,
        title=dataset.title,
        description=dataset.description,
        agency_slug=agency.slug,
        agency_name=agency.name,
        licence=dataset.licence,
        tags=list(dataset.tags),
        frequency=dataset.frequency,
        updated_at=dataset.updated_at,
        version=current.number if current else None,
        valid=current.valid if current else None,
        rows=_rows(current) if current else None,
        withdrawn_at=dataset.withdrawn_at,
        withdrawn_reason=dataset.withdrawn_reason,
        schema_id=dataset.schema_id,
        contact_name=dataset.contact_name,
        contact_email=dataset.contact_email,
        themes=list(dataset.themes),
        spatial=list(dataset.spatial),
        temporal_start=dataset.temporal_start,
        temporal_end=dataset.temporal_end,
    )


def _dataset(session: Session, slug: str) -> tuple[Dataset, Agency]:
    row = session.execute(
        select(Dataset, Agency).join(Agency, Dataset.agency_id == Agency.id).where(Dataset.slug == slug)
    ).first()
    if row is None:
        raise NotFound("dataset-not-found", slug=slug)
    return row[0], row[1]


def _published(session: Session, dataset: Dataset, number: int | None) -> DatasetVersion:
    if number is None:
        version = session.get(DatasetVersion, dataset.current_version_id) if dataset.current_version_id else None
    else:
        version = session.scalar(
            select(DatasetVersion).where(
                DatasetVersion.dataset_id == dataset.id,
                DatasetVersion.number == number,
                DatasetVersion.status == VersionStatus.PUBLISHED,
            )
        )
    if version is None:
        raise NotFound("version-not-found", slug=dataset.slug, number=number)
    return version


def _version_detail(session: Session, version: DatasetVersion) -> VersionDetail:
    publisher = session.get(User, version.published_by_id) if version.published_by_id else None
    resources = [_resource(resource) for resource in version.resources]
    return VersionDetail(
        number=version.number or 0,
        published_at=version.published_at or version.created_at,
        published_by=publisher.display_name if publisher else None,
        filename=version.filename,
        valid=version.valid,
        error_count=version.error_count,
        error_counts=dict(version.error_counts),
        error_grid=_error_grid(version.error_counts, resources),
        schema_declared=version.schema_declared,
        resources=resources,
        notes=list(version.notes),
    )


def _error_grid(counts: dict[str, Any], resources: list[ResourceView]) -> ErrorGrid:
    return ErrorGrid.from_counts(dict(counts), [spec for resource in resources for spec in resource.fields])


def _resource(resource: dict[str, Any]) -> ResourceView:
    return ResourceView(
        name=resource["name"],
        path=resource["path"],
        source=resource.get("source", ""),
        rows=resource["rows"],
        bytes=resource["bytes"],
        sha256=resource["sha256"],
        schema=resource["schema"],
        title=resource.get("title"),
        description=resource.get("description"),
        header_rows=tuple(resource.get("header_rows", (1, 1))),  # type: ignore[arg-type]
        row_map=resource.get("row_map", []),
        dropped=resource.get("dropped", {}),
        columns=resource.get("columns", []),
    )


def _rows(version: DatasetVersion) -> int:
    return sum(resource["rows"] for resource in version.resources)


def _head(platform: Platform, sha256: str, rows: int) -> list[list[str]]:
    with platform.store.open(sha256) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
        reader = csv.reader(text)
        return [row for _, row in zip(range(rows + 1), reader)]

