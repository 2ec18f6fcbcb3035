"""Versions: upload a file as a draft, publish a draft, discard a draft.

Nothing personal is published by accident: a draft whose tables hold personal data (see
``pipeline.personal``) is published only once an officer of the agency decided on every flagged
column (``services.personal``), and publishing carries those decisions out on the tables.

Publishing is atomic. Every file of the new version is written to the store first (under its
hash, so nothing existing is touched); then one transaction numbers the version and points the
dataset at it. A crash before that commit leaves the previous version online and the draft
still a draft, ready to publish again.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from datapackages.names import safe_filename
from datapackages.normalise import RepairOptions
from datapackages.package import PackageMetadata
from datapackages.personal import Decision, InvalidDecision
from datapackages.schema import load_schema
from datapackages.validate import error_counts

from .. import audit, permissions, search
from ..actor import Actor
from ..compliance.engine import score_datasets
from ..errors import Conflict, InvalidInput, NotFound
from ..models import Agency, Artifact, Dataset, DatasetVersion, PersonalDecision, VersionStatus, utcnow
from ..pipeline.package import package_version
from ..pipeline.personal import clean_resources, flagged_columns, redact_report, undecided
from ..pipeline.prepare import MEDIA_TYPES, PreparedDraft, prepare
from ..platform import Platform
from ..schemas import load_schemas

__all__ = [
    "Upload",
    "VersionOutcome",
    "dataset_decisions",
    "draft_discard",
    "draft_repair",
    "insert_draft",
    "prepare_upload",
    "register_artifact",
    "version_publish",
    "version_upload",
    "with_shared_schema",
]

_PUBLISH_ATTEMPTS = 5


@dataclass(frozen=True)
class VersionOutcome:
    dataset: str
    draft_id: int
    number: int | None
    status: str
    valid: bool
    error_count: int
    report: dict[str, Any]
    personal: dict[str, Any] = field(default_factory=dict)
    """What the personal-data guard found in the draft (findings with masked examples, hidden sheets)."""
    undecided: list[str] = field(default_factory=list)
    """Flagged columns no officer has decided on yet: the draft cannot be published until there are none."""

    @property
    def error_counts(self) -> dict[str, Any]:
        """Every error by type and by column, however short the report's list is cut."""
        return error_counts(self.report)


@dataclass(frozen=True)
class Upload:
    """A file to turn into a version: where it is now, the name it had, and an optional Table Schema."""

    path: Path
    filename: str
    schema: dict[str, Any] | str | None = None
    """A Table Schema (dict, JSON text or path) that replaces the inferred one."""


def version_upload(
    platform: Platform,
    actor: Actor,
    *,
    dataset: str,
    upload: Upload,
    publish: bool = False,
    confirm_errors: bool = False,
) -> VersionOutcome:
    """Repair and validate an uploaded file and keep it as a draft with its report.

    With ``publish`` the draft is published at once when it is valid, or when it is invalid and
    ``confirm_errors`` is given, unless it holds personal data in a column no officer has decided
    on (the outcome lists them). Raises ``FileRejected`` for files that cannot be read; nothing is
    recorded then.
    """
    permissions.writer(actor)
    with platform.db.read() as session:
        dataset_row = _dataset(session, dataset, actor)
        agency_id, saved = dataset_row.agency_id, RepairOptions.from_dict(dataset_row.repair_options)
        upload = with_shared_schema(upload, dataset_row.schema_id)
    permissions.version_upload(actor, agency_id)
    prepared, filename = prepare_upload(platform, upload, name=dataset, options=saved)
    with platform.db.write() as session:
        dataset_row = _dataset(session, dataset)
        draft_id = insert_draft(session, actor, dataset_row, prepared, filename)
        waiting = undecided(prepared.personal, set(dataset_decisions(session, dataset_row.id)))
    if publish and (prepared.valid or confirm_errors) and not waiting:
        return version_publish(platform, actor, dataset=dataset, draft_id=draft_id, confirm_errors=confirm_errors)
    return VersionOutcome(dataset, draft_id, None, "draft", prepared.valid, prepared.error_count, prepared.report,
                          prepared.personal, waiting)


def with_shared_schema(upload: Upload, schema_id: str | None) -> Upload:
    """The upload validated against the dataset's shared schema, unless it brings its own."""
    if upload.schema is not None or not schema_id:
        return upload
    shared = load_schemas().get(schema_id)
    return Upload(upload.path, upload.filename, shared.schema) if shared else upload


def prepare_upload(
    platform: Platform, upload: Upload, *, name: str, options: RepairOptions | None = None
) -> tuple[PreparedDraft, str]:
    """Run the file through the pipeline (no database involved); returns it with its cleaned name."""
    declared = load_schema(upload.schema) if upload.schema is not None else None
    filename = safe_filename(upload.filename)
    prepared = prepare(
        platform.store,
        upload.path,
        filename=filename,
        name=name,
        schema=declared,
        limits=platform.settings.limits,
        limit_errors=platform.settings.limit_errors,
        options=options,
        place_names=platform.reference.former_province_names(),
        codes=platform.reference.codes,
    )
    return prepared, filename


def insert_draft(session: Session, actor: Actor, dataset: Dataset, prepared: PreparedDraft, filename: str) -> int:
    """Record a prepared upload as a draft of ``dataset`` in the caller's transaction; returns its id."""
    _register_blobs(session, prepared, filename)
    version = DatasetVersion(
        dataset_id=dataset.id,
        status=VersionStatus.DRAFT,
        filename=filename,
        source_sha=prepared.source.sha256,
        source_format=prepared.source_format,
        resources=prepared.resources,
        notes=prepared.notes,
        repair_options=prepared.options.to_dict(),
        schema_declared=prepared.schema_declared,
        facts=prepared.facts,
        report_sha=prepared.report_blob.sha256,
        valid=prepared.valid,
        error_count=prepared.error_count,
        error_counts=error_counts(prepared.report),
        personal=prepared.personal,
        created_by_id=actor.user_id,
    )
    session.add(version)
    session.flush()
    audit.record(
        session, actor, "version-upload", "dataset", dataset.slug,
        draft=version.id, filename=filename, valid=prepared.valid, errors=prepared.error_count,
        personal=_kinds(prepared.personal),
    )
    return version.id


def _kinds(record: dict[str, Any]) -> dict[str, list[str]]:
    """For the audit log: which kinds of personal data each column held (no values, no examples)."""
    kinds: dict[str, list[str]] = {}
    for finding in record.get("findings", []):
        kinds.setdefault(finding["field"], []).append(finding["kind"])
    return kinds


def dataset_decisions(session: Session, dataset_id: int) -> dict[str, Decision]:
    """The officers' decisions on the dataset's personal columns, by column."""
    rows = session.scalars(select(PersonalDecision).where(PersonalDecision.dataset_id == dataset_id))
    return {row.column: Decision(row.decision, row.digits, row.reason) for row in rows}


def version_publish(
    platform: Platform, actor: Actor, *, dataset: str, draft_id: int, confirm_errors: bool = False, score: bool = True
) -> VersionOutcome:
    """Publish a draft as the dataset's next version; an invalid draft needs ``confirm_errors``.

    Every column of personal data must have a decision (``InvalidInput`` on ``personal`` otherwise);
    the published tables have them carried out: dropped, masked or hashed columns.

    The dataset and its agency are scored again at once, unless ``score`` is false: a harvest run
    scores every dataset of its source once, at its end."""
    permissions.writer(actor)
    for _attempt in range(_PUBLISH_ATTEMPTS):
        with platform.db.read() as session:
            dataset_row, draft, agency = _draft(session, dataset, draft_id, actor)
            permissions.version_publish(actor, dataset_row.agency_id)
            if draft.status is not VersionStatus.DRAFT:
                raise Conflict("not-a-draft", status=draft.status.value)
            decisions = dataset_decisions(session, dataset_row.id)
            flagged = flagged_columns(draft.personal)
            waiting = undecided(draft.personal, set(decisions))
            if waiting:
                raise InvalidInput({"personal": "personal-data-undecided"}, columns=", ".join(waiting))
            if not draft.valid and not confirm_errors:
                raise InvalidInput({"confirm_errors": "confirm-invalid-data"}, errors=draft.error_count)
            number = _next_number(session, dataset_row.id)
            dataset_id = dataset_row.id
            metadata = _metadata(platform, dataset_row, agency, number)
            resources = draft.resources
            report_sha = draft.report_sha
            record = dict(draft.personal)
            report_bytes = 0
        try:
            resources = clean_resources(platform.store, resources, decisions, platform.settings.personal_salt)
        except InvalidDecision as error:
            raise InvalidInput({"personal": error.code}, **error.params) from error
        if flagged:
            report = _report(platform, report_sha)
            redacted = redact_report(report, record, decisions)
            if redacted is not report:
                blob = platform.store.put_bytes(json.dumps(redacted, ensure_ascii=False).encode("utf-8"))
                report_sha, report_bytes = blob.sha256, blob.size
        packaged = package_version(platform.store, resources, metadata)
        try:
            with platform.db.write() as session:
                dataset_row = session.scalar(select(Dataset).where(Dataset.slug == dataset).with_for_update())
                draft = session.get(DatasetVersion, draft_id)
                if draft is None or dataset_row is None or draft.status is not VersionStatus.DRAFT:
                    raise Conflict("not-a-draft")
                if _next_number(session, dataset_row.id) != number:
                    continue  # someone published meanwhile: package again with the next number
                for resource in resources:
                    register_artifact(session, resource["sha256"], resource["bytes"], "text/csv")
                draft.resources = resources  # what is published: personal columns dropped, masked or hashed
                if report_sha != draft.report_sha:  # and the report without their cells
                    register_artifact(session, report_sha, report_bytes, "application/json")
                    draft.report_sha = report_sha
                register_artifact(session, packaged.descriptor_sha, packaged.descriptor_bytes, "application/json")
                register_artifact(session, packaged.zip_sha, packaged.zip_bytes, "application/zip")
                now = utcnow()
                draft.number = number
                draft.status = VersionStatus.PUBLISHED
                draft.package_sha = packaged.descriptor_sha
                draft.zip_sha = packaged.zip_sha
                draft.published_at = now
                draft.published_by_id = actor.user_id
                dataset_row.current_version_id = draft.id
                dataset_row.updated_at = now
                dataset_row.withdrawn_at = dataset_row.withdrawn_reason = None  # a new version is published again
                search.reindex(session, [dataset_row.id])
                audit.record(
                    session, actor, "version-publish", "dataset", dataset,
                    version=number, draft=draft_id, valid=draft.valid, errors=draft.error_count,
                    personal={column: decisions[column].action for column in flagged},
                )
                outcome = VersionOutcome(dataset, draft_id, number, "published", draft.valid, draft.error_count, {},
                                         dict(draft.personal))
        except IntegrityError:
            continue  # the same number taken on another connection (PostgreSQL): try again
        if score:
            score_datasets(platform, [dataset_id], trigger="publish")  # only this dataset and its agency
        report = _report(platform, report_sha)
        if platform.settings.ckan_url:  # the national CKAN follows each publication (a job: never undoes it)
            platform.dispatch("publisher.jobs:push_dataset", slug=dataset)
        return VersionOutcome(**{**outcome.__dict__, "report": report})
    raise Conflict("publish-contention")


def draft_repair(
    platform: Platform, actor: Actor, *, dataset: str, draft_id: int, options: RepairOptions
) -> VersionOutcome:
    """Repair a draft's original file again with the officer's corrections, as a new draft that
    replaces it; the corrections are saved with the dataset and applied to later uploads."""
    permissions.writer(actor)
    with platform.db.read() as session:
        dataset_row, draft, _agency = _draft(session, dataset, draft_id, actor)
        permissions.version_upload(actor, dataset_row.agency_id)
        if draft.status is not VersionStatus.DRAFT:
            raise Conflict("not-a-draft", status=draft.status.value)
        source_sha, filename = draft.source_sha, draft.filename
        declared = draft.resources[0]["schema"] if draft.schema_declared and draft.resources else None
    with tempfile.TemporaryDirectory(prefix="opendata-repair-") as work:
        source = platform.store.copy_to(source_sha, Path(work) / "source")
        prepared, filename = prepare_upload(platform, Upload(source, filename, declared), name=dataset, options=options)
    with platform.db.write() as session:
        dataset_row, draft, _agency = _draft(session, dataset, draft_id, actor)
        if draft.status is not VersionStatus.DRAFT:
            raise Conflict("not-a-draft", status=draft.status.value)
        draft.status = VersionStatus.DISCARDED
        dataset_row.repair_options = options.to_dict()
        new_id = insert_draft(session, actor, dataset_row, prepared, filename)
        audit.record(session, actor, "draft-repair", "dataset", dataset, replaced=draft_id, draft=new_id, options=options.to_dict())
    return VersionOutcome(dataset, new_id, None, "draft", prepared.valid, prepared.error_count, prepared.report)


def draft_discard(platform: Platform, actor: Actor, *, dataset: str, draft_id: int) -> None:
    permissions.writer(actor)
    with platform.db.write() as session:
        dataset_row, draft, _agency = _draft(session, dataset, draft_id, actor)
        permissions.version_upload(actor, dataset_row.agency_id)
        if draft.status is not VersionStatus.DRAFT:
            raise Conflict("not-a-draft", status=draft.status.value)
        draft.status = VersionStatus.DISCARDED
        audit.record(session, actor, "draft-discard", "dataset", dataset, draft=draft_id)


def _dataset(session: Session, slug: str, actor: Actor | None = None) -> Dataset:
    """The dataset; one never published does not exist for those who may not see its drafts."""
    dataset = session.scalar(select(Dataset).where(Dataset.slug == slug))
    if dataset is None or (actor is not None and dataset.current_version_id is None and not actor.sees_drafts_of(dataset.agency_id)):
        raise NotFound("dataset-not-found", slug=slug)
    return dataset


def _draft(session: Session, slug: str, draft_id: int, actor: Actor) -> tuple[Dataset, DatasetVersion, Agency]:
    """A draft exists only for those who may see its agency's drafts (others get 'not found')."""
    dataset = _dataset(session, slug)
    draft = session.get(DatasetVersion, draft_id)
    if draft is None or draft.dataset_id != dataset.id:
        raise NotFound("draft-not-found", draft=draft_id)
    permissions.draft_read(actor, dataset.agency_id)
    return dataset, draft, dataset.agency


def _next_number(session: Session, dataset_id: int) -> int:
    current = session.scalar(select(func.max(DatasetVersion.number)).where(DatasetVersion.dataset_id == dataset_id))
    return (current or 0) + 1


def _metadata(platform: Platform, dataset: Dataset, agency: Agency, number: int) -> PackageMetadata:
    licence = platform.reference.licences.get(dataset.licence)
    locale = platform.settings.default_locale
    homepage = None
    if platform.settings.public_url:
        homepage = f"{platform.settings.public_url.rstrip('/')}/datasets/{dataset.slug}"
    return PackageMetadata(
        name=dataset.slug,
        title=dataset.title,
        version=f"{number}.0.0",
        created=utcnow().replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        description=dataset.description,
        licence={"name": licence.id, "path": licence.url, "title": licence.title.get(locale, licence.id)}
        if licence and licence.url
        else None,
        keywords=list(dataset.tags),
        publisher=agency.name,
        homepage=homepage,
    )


def _register_blobs(session: Session, prepared: PreparedDraft, filename: str) -> None:
    register_artifact(
        session,
        prepared.source.sha256,
        prepared.source.size,
        MEDIA_TYPES[prepared.source_format],
        {"upload": filename},
    )
    for resource in prepared.resources:
        register_artifact(session, resource["sha256"], resource["bytes"], "text/csv")
    register_artifact(session, prepared.report_blob.sha256, prepared.report_blob.size, "application/json")


def register_artifact(session: Session, sha256: str, size: int, media_type: str, provenance: dict[str, Any] | None = None) -> None:
    """Record a blob once (the first provenance stays); a concurrent upload of the same bytes is not an error."""
    values = {
        "sha256": sha256,
        "bytes": size,
        "media_type": media_type,
        "provenance": provenance or {},
        "created_at": utcnow(),
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    session.execute(insert(Artifact).values(**values).on_conflict_do_nothing(index_elements=["sha256"]))


def _report(platform: Platform, sha256: str) -> dict[str, Any]:
    return json.loads(platform.store.read_bytes(sha256))
