"""Harvest runs: claim one (never two at once per source), execute it, record how it ended.

Every fetched file goes through the same path as an upload (``services.versions``): the
dataset's saved repair options, validation, a draft, packaging and an atomic publish. One
dataset per remote item, created on first sight with the item's metadata mapped to the
platform's licences and frequencies. Valid data is published; invalid data stays a draft for an
officer to review, and the item fails with the report's summary while the last good version
stays online. Items gone from the source are withdrawn (by a run that went to its end). Personal
data is handled as officers decided for the dataset; a column of personal data no one has decided
on yet stops the item the same way (``personal-data-undecided``), until an officer decides on
the draft's page.

The guard against two runs of one source is the database's: a partial unique index admits one
``running`` row per source (``models.harvest``). A run whose process died stops counting once
its heartbeat is older than ``harvest_stale_seconds``: the next claim marks it interrupted.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from datapackages.names import slugify
from datapackages.normalise import RepairOptions
from harvesters.base import HarvestContext, RemoteItem, SourceConfig, check_config
from harvesters.errors import HarvestError
from harvesters.http import HttpClient, HttpLimits, NetworkPolicy

from .. import audit, search
from ..actor import Actor
from ..compliance.engine import score_datasets
from ..errors import Conflict
from ..models import (
    Dataset,
    DatasetVersion,
    HarvestItem,
    HarvestRun,
    ItemStatus,
    RunStatus,
    RunTrigger,
    Source,
    SourceHealth,
    VersionStatus,
    utcnow,
)
from ..pipeline.harvest import (
    HarvestedFile,
    HarvestRunner,
    ItemOutcome,
    ItemRecord,
    RunResult,
    error_params,
    harvester_registry,
    state_from_json,
    state_to_json,
)
from ..pipeline.metadata import map_metadata
from ..pipeline.personal import undecided
from ..pipeline.prepare import check_file, merge_prepared
from ..platform import Platform
from ..settings import Settings
from .datasets import MAX_TAGS, Coverage, dataset_withdraw, free_slug, normalise_tags
from .versions import Upload, dataset_decisions, insert_draft, prepare_upload, register_artifact, version_publish, with_shared_schema

__all__ = ["RunRef", "abandon_run", "claim_run", "execute_run", "http_limits"]

log = logging.getLogger(__name__)

_HEALTH = {RunStatus.SUCCEEDED: SourceHealth.OK, RunStatus.PARTIAL: SourceHealth.PARTIAL, RunStatus.FAILED: SourceHealth.FAILING}


@dataclass(frozen=True)
class RunRef:
    id: int
    source_id: int
    status: str
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)
    error_code: str | None = None
    error_params: dict[str, Any] = field(default_factory=dict)


def http_limits(settings: Settings) -> HttpLimits:
    return HttpLimits(
        connect_timeout=settings.harvest_connect_timeout,
        read_timeout=settings.harvest_read_timeout,
        retries=settings.harvest_retries,
        max_document_bytes=settings.harvest_max_document_bytes,
        max_download_bytes=settings.harvest_max_download_bytes,
        max_download_seconds=settings.harvest_download_timeout,
    )


# Claiming a run ---------------------------------------------------------------------------------


def claim_run(platform: Platform, actor: Actor, source_id: int, *, trigger: RunTrigger, dry_run: bool = False,
              max_items: int | None = None) -> int:
    """Record a new ``running`` run of the source; ``Conflict('harvest-running')`` if one runs already."""
    now = utcnow()
    stale = now - dt.timedelta(seconds=platform.settings.harvest_stale_seconds)
    try:
        with platform.db.write() as session:
            session.execute(
                update(HarvestRun)
                .where(HarvestRun.source_id == source_id, HarvestRun.status == RunStatus.RUNNING,
                       HarvestRun.heartbeat_at < stale)
                .values(status=RunStatus.INTERRUPTED, finished_at=now, error_code="interrupted")
            )
            run = HarvestRun(source_id=source_id, trigger=trigger, dry_run=dry_run, max_items=max_items,
                             status=RunStatus.RUNNING, started_at=now, heartbeat_at=now, started_by_id=actor.user_id)
            session.add(run)
            session.flush()
            name = session.scalar(select(Source.name).where(Source.id == source_id)) or str(source_id)
            audit.record(session, actor, "source-test" if dry_run else "harvest-run", "source", name,
                         run=run.id, trigger=trigger.value, max_items=max_items)
            return run.id
    except IntegrityError as error:
        raise Conflict("harvest-running", source=source_id) from error


def abandon_run(platform: Platform, run_id: int, code: str) -> None:
    """Close a claimed run that never started (its job could not be queued): interrupted, the source's health untouched."""
    now = utcnow()
    with platform.db.write() as session:
        session.execute(update(HarvestRun).where(HarvestRun.id == run_id, HarvestRun.status == RunStatus.RUNNING)
                        .values(status=RunStatus.INTERRUPTED, finished_at=now, heartbeat_at=now, error_code=code))


# Executing it -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _SourceInfo:
    id: int
    name: str
    agency_id: int
    agency_slug: str
    type: str
    config: SourceConfig
    state: dict[str, Any]


def execute_run(platform: Platform, run_id: int) -> RunRef:
    """Run a claimed run to its end and record it; a source's failure is recorded, never raised."""
    with platform.db.read() as session:
        run = session.get(HarvestRun, run_id)
        assert run is not None, f"run {run_id} was not claimed"
        source = session.get(Source, run.source_id)
        assert source is not None
        info = _SourceInfo(source.id, source.name, source.agency_id, source.agency.slug, source.type,
                           SourceConfig(source.url, dict(source.options)), dict(source.state))
        dry_run, max_items = run.dry_run, run.max_items
    settings = platform.settings
    log.info("harvest of %s (run %s) starts", info.name, run_id)
    try:
        harvester_class = harvester_registry(settings.harvesters_enabled_list).get(info.type)
        check_config(harvester_class, info.config)
        policy = NetworkPolicy(settings.harvest_allow_list)
    except HarvestError as error:
        result = RunResult(RunStatus.FAILED, {}, None, error.code, error_params(error))
    else:
        sink = (_Preview if dry_run else _Publishing)(platform, info, run_id)
        with tempfile.TemporaryDirectory(prefix="opendata-harvest-") as work, HttpClient(policy, http_limits(settings)) as client:
            harvester = harvester_class(HarvestContext(client, Path(work), settings.harvest_local_root_paths))
            runner = HarvestRunner(harvester, info.config, state_from_json(info.state), sink, store=platform.store,
                                   max_items=max_items, dry_run=dry_run, workers=settings.harvest_workers)
            result = runner.run()
    _finish(platform, run_id, info.id, dry_run, result)
    log.info("harvest of %s (run %s) ended: %s %s", info.name, run_id, result.status.value, result.counts)
    return RunRef(run_id, info.id, result.status.value, dry_run, result.counts, result.error_code, dict(result.error_params))


def _finish(platform: Platform, run_id: int, source_id: int, dry_run: bool, result: RunResult) -> None:
    now = utcnow()
    with platform.db.write() as session:
        run = session.get(HarvestRun, run_id)
        assert run is not None
        run.status, run.finished_at, run.heartbeat_at = result.status, now, now
        run.counts = result.counts
        run.error_code, run.error_params = result.error_code, dict(result.error_params)
        run.log_excerpt = result.log_excerpt
        if dry_run:
            return
        source = session.get(Source, source_id)
        assert source is not None
        source.health = _HEALTH[result.status]
        source.last_run_at = now
        source.last_error_code = result.error_code
        source.last_error_params = dict(result.error_params)
        if result.status is not RunStatus.FAILED:
            source.last_success_at = now
        if result.state is not None:
            source.state = state_to_json(result.state)
        fed = list(session.scalars(select(Dataset.id).where(Dataset.source_id == source_id)))
    # Once per run: what it published, and the source's new health, which every dataset it feeds reads.
    score_datasets(platform, fed, trigger="harvest")


# Where items go ---------------------------------------------------------------------------------


class _Recording:
    """Writes item records in batches, with the run's counts so far and its heartbeat."""

    def __init__(self, platform: Platform, source: _SourceInfo, run_id: int) -> None:
        self.platform = platform
        self.source = source
        self.run_id = run_id
        self.actor = Actor.system()

    def record(self, records: list[ItemRecord], counts: Mapping[str, int]) -> None:
        with self.platform.db.write() as session:
            unknown = [record.remote_id for record in records if record.outcome.dataset_id is None]
            datasets = dict(session.execute(
                select(Dataset.remote_id, Dataset.id).where(Dataset.source_id == self.source.id, Dataset.remote_id.in_(unknown))
            ).all()) if unknown else {}
            session.add_all([
                HarvestItem(
                    run_id=self.run_id, remote_id=record.remote_id[:500], title=record.title, status=record.outcome.status,
                    dataset_id=record.outcome.dataset_id or datasets.get(record.remote_id),
                    version_number=record.outcome.version_number, valid=record.outcome.valid,
                    error_count=record.outcome.error_count, error_code=record.outcome.error_code,
                    error_params=dict(record.outcome.error_params), log_excerpt=record.log_excerpt,
                    artifact_sha=record.artifact_sha, fetch_ms=record.fetch_ms, process_ms=record.process_ms,
                )
                for record in records
            ])
            session.execute(update(HarvestRun).where(HarvestRun.id == self.run_id)
                            .values(counts=dict(counts), heartbeat_at=utcnow()))

    def _dataset(self, session: Session, remote_id: str) -> Dataset | None:
        return session.scalar(select(Dataset).where(Dataset.source_id == self.source.id, Dataset.remote_id == remote_id))


class _Publishing(_Recording):
    """Publishes each item through the upload path."""

    def apply(self, item: RemoteItem, files: list[HarvestedFile] | None) -> ItemOutcome:
        metadata = map_metadata(self.platform.reference, item)
        if metadata.licence == "other-closed" and item.licence:
            log.warning("licence %r not recognised: recorded as other-closed", item.licence)
        fields = {"title": metadata.title, "description": metadata.description, "licence": metadata.licence,
                  "frequency": metadata.frequency, "tags": normalise_tags(item.tags)[:MAX_TAGS],
                  **_coverage(self.platform, metadata.coverage)}
        with self.platform.db.write() as session:
            dataset = self._dataset(session, item.remote_id)
            created = dataset is None
            if dataset is None:
                dataset = Dataset(slug=free_slug(session, _slug(metadata.title, item.remote_id)), agency_id=self.source.agency_id,
                                  source_id=self.source.id, remote_id=item.remote_id, **fields)
                session.add(dataset)
                session.flush()
                audit.record(session, self.actor, "dataset-create", "dataset", dataset.slug, title=dataset.title,
                             agency=self.source.agency_slug, source=self.source.name)
            changed = created or _refresh(dataset, fields)
            current = session.get(DatasetVersion, dataset.current_version_id) if dataset.current_version_id else None
            dataset_id, slug, options = dataset.id, dataset.slug, RepairOptions.from_dict(dataset.repair_options)
            shared_schema = dataset.schema_id
            same_bytes = current is not None and files is not None and [file.sha256 for file in files] == [current.source_sha]
            if current is not None and dataset.withdrawn_at is not None and (files is None or same_bytes):
                dataset.withdrawn_at = dataset.withdrawn_reason = None  # back at the source, as it was
                changed = True
            if changed:
                search.reindex(session, [dataset.id])
        if files is None or same_bytes:
            log.info("no file changed%s", "; metadata updated" if changed else "")
            return ItemOutcome(ItemStatus.UPDATED if changed else ItemStatus.UNCHANGED, dataset_id,
                               current.number if current else None)
        prepared = merge_prepared(self.platform.store, [
            prepare_upload(self.platform, with_shared_schema(
                Upload(file.path, file.name or slug, dict(file.table_schema) if file.table_schema else None), shared_schema),
                           name=slug if index == 0 else f"{slug}-{index + 1}", options=options)[0]
            for index, file in enumerate(files)
        ])
        filename = " + ".join(file.name or slug for file in files)[:300]
        with self.platform.db.write() as session:
            for file in files:
                register_artifact(session, file.sha256, file.path.stat().st_size if file.path.exists() else 0,
                                  str(file.provenance.get("media_type") or "application/octet-stream"),
                                  {"harvest": self.source.name, **file.provenance})
            dataset = session.get(Dataset, dataset_id)
            assert dataset is not None
            session.execute(update(DatasetVersion)  # one harvested draft at a time: the newest replaces the older
                            .where(DatasetVersion.dataset_id == dataset_id, DatasetVersion.status == VersionStatus.DRAFT,
                                   DatasetVersion.created_by_id.is_(None))
                            .values(status=VersionStatus.DISCARDED))
            draft_id = insert_draft(session, self.actor, dataset, prepared, filename)
            waiting = undecided(prepared.personal, set(dataset_decisions(session, dataset_id)))
        if not prepared.valid:
            log.warning("%s errors: kept as a draft", prepared.error_count)
            return ItemOutcome(ItemStatus.FAILED, dataset_id, None, False, prepared.error_count, "invalid-data",
                               {"errors": prepared.error_count})
        if waiting:
            log.warning("personal data in columns no officer has decided on (%s): kept as draft %s", ", ".join(waiting), draft_id)
            return ItemOutcome(ItemStatus.FAILED, dataset_id, None, True, 0, "personal-data-undecided",
                               {"columns": ", ".join(waiting), "draft": draft_id})
        published = version_publish(self.platform, self.actor, dataset=slug, draft_id=draft_id, score=False)
        log.info("published version %s", published.number)
        return ItemOutcome(ItemStatus.NEW if current is None else ItemStatus.UPDATED, dataset_id, published.number, True, 0)

    def withdraw(self, remote_id: str) -> ItemOutcome:
        with self.platform.db.read() as session:
            dataset = self._dataset(session, remote_id)
            slug, dataset_id = (dataset.slug, dataset.id) if dataset else (None, None)
        if slug is not None:
            dataset_withdraw(self.platform, self.actor, dataset=slug, reason="gone-at-source")
        return ItemOutcome(ItemStatus.WITHDRAWN, dataset_id)


def _coverage(platform: Platform, stated: dict[str, object]) -> dict[str, object]:
    """What the source states of contact, themes and period, checked as an officer's input is;
    a value that fails the check (an e-mail that is not one) is dropped, not fatal to the harvest."""
    values, errors = Coverage(**stated).checked(platform.reference)  # type: ignore[arg-type]
    return {name: value for name, value in values.items() if name not in errors}


class _Preview(_Recording):
    """Checks each item as publishing would (repair and validation, nothing stored): a test of the source."""

    def apply(self, item: RemoteItem, files: list[HarvestedFile] | None) -> ItemOutcome:
        with self.platform.db.read() as session:
            dataset = self._dataset(session, item.remote_id)
            dataset_id = dataset.id if dataset else None
            options = RepairOptions.from_dict(dataset.repair_options) if dataset else None
            decided = set(dataset_decisions(session, dataset.id)) if dataset else set()
        if files is None:
            return ItemOutcome(ItemStatus.UNCHANGED, dataset_id)
        settings = self.platform.settings
        valid, errors, waiting = True, 0, []
        with tempfile.TemporaryDirectory(prefix="opendata-preview-") as work:
            for index, file in enumerate(files):
                checked = check_file(file.path, Path(work) / str(index), filename=file.name or item.title,
                                     schema=dict(file.table_schema) if file.table_schema else None, limits=settings.limits,
                                     limit_errors=settings.limit_errors, options=options,
                                     place_names=self.platform.reference.former_province_names())
                valid = valid and bool(checked.report["valid"])
                errors += int(checked.report["stats"]["errors"])
                waiting.extend(column for column in undecided(checked.personal, decided) if column not in waiting)
        if not valid:
            return ItemOutcome(ItemStatus.FAILED, dataset_id, None, False, errors, "invalid-data", {"errors": errors})
        if waiting:
            return ItemOutcome(ItemStatus.FAILED, dataset_id, None, True, 0, "personal-data-undecided", {"columns": ", ".join(waiting)})
        return ItemOutcome(ItemStatus.UPDATED if dataset_id else ItemStatus.NEW, dataset_id, None, True, 0)

    def withdraw(self, remote_id: str) -> ItemOutcome:
        raise AssertionError("a dry run never withdraws")


def _refresh(dataset: Dataset, fields: dict[str, Any]) -> bool:
    """Bring the dataset's metadata in line with the source's; True if anything changed."""
    changed = False
    for name, value in fields.items():
        if getattr(dataset, name) != value:
            setattr(dataset, name, value)
            changed = True
    if changed:
        dataset.updated_at = utcnow()
    return changed


def _slug(title: str, remote_id: str) -> str:
    return (slugify(title) or slugify(remote_id) or "dataset")[:100]
