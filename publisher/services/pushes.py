"""Push published datasets to a national CKAN: agencies become organisations, datasets packages,
tables and datapackage.json resources (files uploaded, each table with its Table Schema); a
withdrawn dataset is deleted there.

Idempotent and cheap when nothing changed: each dataset's push record keeps the hash of what was
last accepted, so an unchanged dataset costs no call at all. A dataset that fails is recorded
(code, detail, when) and the others go on; the next push takes it up again, resuming with the
resources already sent.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from .. import permissions
from ..actor import Actor
from ..errors import PublisherError
from ..metadata import ckan as mapping
from ..metadata.load import load_datasets
from ..metadata.records import PublishedDataset, content_hash
from ..models import Dataset, PushOutcome, PushRecord, utcnow
from ..platform import Platform
from ..publishers.ckan import CkanClient, CkanError, CkanNotFound, CkanRefused

__all__ = ["PushFailure", "PushSummary", "push_ckan"]

log = logging.getLogger(__name__)

UNCHANGED = "unchanged"
Progress = Callable[[str, str], None]
"""Called after each dataset (from the pushing threads) with its slug and outcome (``created``, ``updated``, ``deleted``,
``unchanged``, ``failed``)."""


@dataclass(frozen=True)
class PushFailure:
    slug: str
    code: str
    detail: str


@dataclass(frozen=True)
class PushSummary:
    target: str
    counts: dict[str, int]
    failures: list[PushFailure]
    seconds: float


@dataclass
class _State:
    """One dataset's push record, as read before and written after."""

    dataset_id: int
    remote_id: str | None = None
    remote_name: str | None = None
    resources: dict[str, Any] = field(default_factory=dict)
    sent_hash: str | None = None
    outcome: PushOutcome | None = None


def push_ckan(platform: Platform, actor: Actor, *, slugs: list[str] | None = None,
              progress: Progress | None = None) -> PushSummary:
    """Push every published or withdrawn dataset (or only ``slugs``) to ``OPENDATA_CKAN_URL``."""
    permissions.push_ckan(actor)
    settings = platform.settings
    if not settings.ckan_url:
        raise PublisherError("ckan-not-configured")
    started = time.monotonic()
    target = settings.ckan_url.rstrip("/")
    base = (settings.public_url or f"http://{settings.host}:{settings.port}").rstrip("/")
    with platform.db.read() as session:
        datasets = load_datasets(session, platform.reference, base, include_withdrawn=True, slugs=slugs)
        ids = dict(session.execute(select(Dataset.slug, Dataset.id).where(
            Dataset.slug.in_([item.slug for item in datasets]))).all()) if datasets else {}
        states = {
            record.dataset_id: _State(record.dataset_id, record.remote_id, record.remote_name,
                                      dict(record.remote_resources), record.sent_hash, record.outcome)
            for record in session.scalars(select(PushRecord).where(PushRecord.target == target))
        }
    counts: Counter[str] = Counter()
    failures: list[PushFailure] = []
    lock = threading.Lock()
    todo = []
    for dataset in datasets:
        state = states.get(ids[dataset.slug]) or _State(ids[dataset.slug])
        wanted = _wanted_hash(dataset, settings.ckan_name_prefix)
        if _unchanged(dataset, state, wanted):
            counts[UNCHANGED] += 1
            if progress:
                progress(dataset.slug, UNCHANGED)
        else:
            todo.append((dataset, state, wanted))
    if not todo:  # nothing changed: not even a connection to CKAN
        return PushSummary(target, dict(counts), failures, time.monotonic() - started)
    local = threading.local()
    clients: list[CkanClient] = []

    def client() -> CkanClient:
        if not hasattr(local, "client"):  # one per thread: a requests session is not shared across threads
            local.client = CkanClient(target, settings.ckan_api_key, timeout=settings.ckan_timeout,
                                      retries=settings.ckan_retries)
            with lock:
                clients.append(local.client)
        return local.client

    def push(dataset: PublishedDataset, state: _State, wanted: str) -> None:
        try:
            outcome = _push_one(platform, client(), dataset, state, settings.ckan_name_prefix, organisations)
        except CkanError as error:
            log.warning("push of %s to %s failed: %s %s", dataset.slug, target, error.code, error.detail)
            _record(platform, target, state, PushOutcome.FAILED, error=error)
            with lock:
                failures.append(PushFailure(dataset.slug, error.code, error.detail))
                counts[PushOutcome.FAILED.value] += 1
            if progress:
                progress(dataset.slug, PushOutcome.FAILED.value)
            return
        state.sent_hash = "withdrawn" if outcome is PushOutcome.DELETED else wanted
        _record(platform, target, state, outcome)
        with lock:
            counts[outcome.value] += 1
        if progress:
            progress(dataset.slug, outcome.value)

    organisations = _Organisations(lock)
    try:
        with ThreadPoolExecutor(max(1, settings.ckan_workers), thread_name_prefix="push-ckan") as pool:
            for future in [pool.submit(push, *item) for item in todo]:
                future.result()
    finally:
        for each in clients:
            each.close()
    failures.sort(key=lambda failure: failure.slug)
    return PushSummary(target, dict(counts), failures, time.monotonic() - started)


def _wanted_hash(dataset: PublishedDataset, prefix: str) -> str:
    return content_hash(mapping.organisation(dataset.agency, prefix), mapping.package(dataset, prefix),
                                mapping.resources(dataset))


def _unchanged(dataset: PublishedDataset, state: _State, wanted: str) -> bool:
    if dataset.withdrawn:
        return state.remote_id is None or state.outcome is PushOutcome.DELETED
    return state.sent_hash == wanted and state.outcome is not PushOutcome.FAILED


class _Organisations:
    """The organisations made sure of in this push: each once, even with several threads."""

    def __init__(self, lock: threading.Lock) -> None:
        self._done: dict[str, threading.Lock] = {}
        self._lock = lock
        self._ready: set[str] = set()

    def ensure(self, client: CkanClient, organisation: dict[str, Any]) -> None:
        name = organisation["name"]
        with self._lock:
            own = self._done.setdefault(name, threading.Lock())
        with own:
            if name not in self._ready:
                _ensure_organisation(client, organisation)
                self._ready.add(name)


def _push_one(platform: Platform, client: CkanClient, dataset: PublishedDataset, state: _State, prefix: str,
              organisations: _Organisations) -> PushOutcome:
    if dataset.withdrawn:
        try:
            client.call("package_delete", id=state.remote_id)
        except CkanNotFound:
            pass  # deleted there already
        return PushOutcome.DELETED
    organisations.ensure(client, mapping.organisation(dataset.agency, prefix))
    fields = mapping.package(dataset, prefix)
    created = False
    remote: dict[str, Any] | None = None
    if state.remote_id:
        try:
            remote = client.call("package_patch", id=state.remote_id, **fields)
        except CkanNotFound:
            state.remote_id, state.resources = None, {}  # purged there: create it again
    if remote is None:
        remote, created = _create_or_adopt(client, dataset, state, fields)
    state.remote_id, state.remote_name = remote["id"], remote["name"]
    try:
        _push_resources(platform, client, dataset, state, remote)
    except CkanError:
        _keep_progress(platform, state)
        raise
    return PushOutcome.CREATED if created else PushOutcome.UPDATED


def _ensure_organisation(client: CkanClient, organisation: dict[str, Any]) -> None:
    try:
        existing = client.call("organization_show", id=organisation["name"])
    except CkanNotFound:
        client.call("organization_create", **organisation)
        return
    if existing.get("title") != organisation["title"] or existing.get("state") != "active":
        client.call("organization_patch", id=existing["id"], state="active", **organisation)


def _create_or_adopt(client: CkanClient, dataset: PublishedDataset, state: _State,
                     fields: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """Create the package; one already there under its name is ours only if it points back here
    (a push that stopped before recording it), else the name is someone else's."""
    try:
        return client.call("package_create", **fields), True
    except CkanRefused as error:
        if "name" not in error.fields:
            raise
    existing = client.call("package_show", id=fields["name"])
    extras = {extra["key"]: extra["value"] for extra in existing.get("extras", [])}
    if extras.get("source_url") != dataset.url:
        raise CkanRefused(f"{fields['name']} belongs to another publisher", code="ckan-name-taken")
    state.resources = {
        path: {"id": resource["id"], "hash": None}
        for resource in existing.get("resources", [])
        for path, wanted in mapping.resources(dataset).items()
        if resource.get("source_url") == wanted["source_url"]
    }
    return client.call("package_patch", id=existing["id"], **fields), False


def _push_resources(platform: Platform, client: CkanClient, dataset: PublishedDataset, state: _State,
                    remote: dict[str, Any]) -> None:
    """Send each file whose metadata or bytes changed; delete resources that are no longer ours."""
    present = {resource["id"] for resource in remote.get("resources", [])}
    wanted = mapping.resources(dataset)
    files = {item.path: item for item in dataset.files}
    kept: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="opendata-push-") as work:
        for path, fields in wanted.items():
            known = state.resources.get(path)
            digest = content_hash(fields)
            if known and known["id"] in present and known["hash"] == digest:
                kept.add(known["id"])
                continue
            upload = _local_file(platform, files[path].sha256, Path(work) / Path(path).name)
            filename = Path(path).name
            if known and known["id"] in present:
                result = client.call("resource_patch", upload=upload, id=known["id"], filename=filename, **fields)
            else:
                result = client.call("resource_create", upload=upload, package_id=state.remote_id, filename=filename,
                                     **fields)
            state.resources[path] = {"id": result["id"], "hash": digest}
            kept.add(result["id"])
    for resource_id in present - kept:
        try:
            client.call("resource_delete", id=resource_id)
        except CkanNotFound:
            pass
    state.resources = {path: value for path, value in state.resources.items() if path in wanted}


def _local_file(platform: Platform, sha256: str, target: Path) -> Path:
    return platform.store.local_path(sha256) or platform.store.copy_to(sha256, target)


def _keep_progress(platform: Platform, state: _State) -> None:
    """A failure midway keeps what was created (the package's id, resources sent) for the next push."""
    with platform.db.write() as session:
        record = _row(session, platform.settings.ckan_url.rstrip("/"), state.dataset_id)
        record.remote_id, record.remote_name = state.remote_id, state.remote_name
        record.remote_resources = dict(state.resources)


def _record(platform: Platform, target: str, state: _State, outcome: PushOutcome,
            error: CkanError | None = None) -> None:
    now = utcnow()
    with platform.db.write() as session:
        record = _row(session, target, state.dataset_id)
        record.attempted_at = now
        if error is not None:
            record.outcome = PushOutcome.FAILED
            record.error_code, record.error_detail = error.code, error.detail[:500]
            return
        record.outcome = outcome
        record.remote_id, record.remote_name = state.remote_id, state.remote_name
        record.remote_resources = dict(state.resources)
        record.sent_hash = state.sent_hash
        record.error_code = record.error_detail = None
        record.pushed_at = now


def _row(session: Any, target: str, dataset_id: int) -> PushRecord:
    record = session.scalar(select(PushRecord).where(PushRecord.dataset_id == dataset_id,
                                                     PushRecord.target == target).with_for_update())
    if record is None:
        record = PushRecord(dataset_id=dataset_id, target=target, outcome=PushOutcome.FAILED,
                            remote_resources={}, attempted_at=utcnow())
        session.add(record)
    return record
