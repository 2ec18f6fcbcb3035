"""The harvest runner: drive one harvester through one run, and own every outcome.

A template method (STYLE.md, "The runner owns outcomes"; UD ``backends/base.py``): harvesters
only ``discover`` and ``fetch``; this class sets each item's status, records errors as codes,
captures each item's log, times it, applies the item limit and the dry run, withdraws what is
gone, and computes the state for the next run. What *happens* to a fetched item (publishing it
through the upload path, or only checking it for a preview) is the sink's business, given by
the caller (``publisher.services.harvests``), so this module needs nothing above the pipeline.

    discover ──raises──► run FAILED (nothing published, nothing withdrawn, state kept)
       │
       ├─ each item (``workers`` at a time):  fetch ─► sink.apply ─► NEW | UPDATED | UNCHANGED | FAILED
       │                                       └─ SkipItem ─► SKIPPED;  HarvestError ─► FAILED
       ├─ each id the source lists as unchanged ─► UNCHANGED (nothing fetched)
       ├─ each id gone from the source ─► sink.withdraw ─► WITHDRAWN   (only when the run went to its end)
       └─ next_state(...) for the next run   (not for a dry run; failed items keep their old state)
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from datapackages.errors import FileRejected
from harvesters.base import (
    Fetched,
    FetchedFile,
    FileState,
    Harvester,
    HarvestState,
    ItemState,
    NotModified,
    RemoteItem,
    SourceConfig,
    UnchangedFile,
    next_state,
)
from harvesters.errors import HarvestError, InvalidConfig, SkipItem
from harvesters.registry import Registry

from ..models import ItemStatus, RunStatus, utcnow
from ..store import Store

__all__ = [
    "HarvestRunner",
    "HarvestedFile",
    "ItemOutcome",
    "ItemRecord",
    "ItemSink",
    "RunResult",
    "error_params",
    "harvester_registry",
    "shown_url",
    "state_from_json",
    "state_to_json",
]

log = logging.getLogger(__name__)
log.setLevel(logging.INFO)  # an item's own story is worth keeping in its log excerpt

LOG_EXCERPT = 4000
"""Characters of log kept per item and per run (the end, where the reason usually is)."""
RECORD_BATCH = 50
"""Items written to the database at once (with the run's heartbeat)."""


@functools.cache
def harvester_registry(enabled: tuple[str, ...]) -> Registry:
    """The enabled harvesters (``harvesters_enabled`` globs), loaded once per process and setting."""
    return Registry.load(enabled)


def shown_url(url: str) -> str:
    """A source's URL as pages and the audit log show it: without its password."""
    parts = urlsplit(url)
    if parts.password:
        return parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")).geturl()
    return url


# What the runner hands the sink, and what it gets back ------------------------------------------


@dataclass(frozen=True)
class HarvestedFile:
    """One file of an item, on local disk in the run's work folder, ready for the upload path."""

    key: str
    name: str
    path: Path
    sha256: str
    provenance: Mapping[str, Any] = field(default_factory=dict)
    table_schema: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class ItemOutcome:
    status: ItemStatus
    dataset_id: int | None = None
    version_number: int | None = None
    valid: bool | None = None
    error_count: int | None = None
    error_code: str | None = None
    error_params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ItemRecord:
    """An item as the run records it."""

    remote_id: str
    title: str
    outcome: ItemOutcome
    artifact_sha: str | None = None
    log_excerpt: str = ""
    fetch_ms: int = 0
    process_ms: int = 0


class ItemSink(Protocol):
    """Where items go: published through the upload path, or checked for a preview."""

    def apply(self, item: RemoteItem, files: list[HarvestedFile] | None) -> ItemOutcome:
        """Take an item's files (``None``: the source said nothing changed). May raise ``FileRejected``."""

    def withdraw(self, remote_id: str) -> ItemOutcome:
        """The item is gone from the source: stop publishing its dataset."""

    def record(self, records: list[ItemRecord], counts: Mapping[str, int]) -> None:
        """Keep a batch of item records, and the run's counts so far (a sign of life too)."""


@dataclass(frozen=True)
class RunResult:
    status: RunStatus
    counts: dict[str, int]
    state: HarvestState | None
    """The state for the next run; None to keep the previous one (a failed run, a dry run)."""
    error_code: str | None = None
    error_params: Mapping[str, Any] = field(default_factory=dict)
    log_excerpt: str = ""


# Logs captured per item ---------------------------------------------------------------------------

_capturing: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("harvest_log", default=None)


class _ScopedHandler(logging.Handler):
    """Copies a record into the log of the item (or run) being processed on this thread, if any."""

    def emit(self, record: logging.LogRecord) -> None:
        lines = _capturing.get()
        if lines is not None:
            lines.append(self.format(record))


_HANDLER = _ScopedHandler()
_HANDLER.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))
for _name in ("harvesters", "publisher", "datapackages"):
    logging.getLogger(_name).addHandler(_HANDLER)


@contextmanager
def _captured() -> Iterator[list[str]]:
    lines: list[str] = []
    token = _capturing.set(lines)
    try:
        yield lines
    finally:
        _capturing.reset(token)


def _excerpt(lines: list[str]) -> str:
    text = "\n".join(lines)
    return text if len(text) <= LOG_EXCERPT else "…" + text[-LOG_EXCERPT + 1:]


def error_params(error: HarvestError) -> dict[str, Any]:
    """An error's parameters as JSON-ready values (an invalid config lists its fields)."""
    params = {key: value if isinstance(value, (str, int, float, bool, type(None))) else
              [str(item) for item in value] if isinstance(value, (list, tuple, set, frozenset)) else str(value)
              for key, value in error.params.items()}
    if isinstance(error, InvalidConfig):
        params["fields"] = dict(error.field_errors)
    return params


# The runner ---------------------------------------------------------------------------------------


class HarvestRunner:
    """One run of one source. ``run()`` never raises for the source's or an item's failure."""

    def __init__(self, harvester: Harvester, config: SourceConfig, state: HarvestState, sink: ItemSink, *,
                 store: Store, max_items: int | None = None, dry_run: bool = False, workers: int = 1,
                 clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.harvester = harvester
        self.config = config
        self.state = state
        self.sink = sink
        self.store = store
        self.max_items = max_items
        self.dry_run = dry_run
        self.workers = max(1, workers)
        self.clock = clock

    def run(self) -> RunResult:
        with _captured() as run_log:
            try:
                discovery = self.harvester.discover(self.config, self.state)
            except HarvestError as error:
                log.warning("discovery failed: %s", error)
                return RunResult(RunStatus.FAILED, {}, None, error.code, error_params(error), _excerpt(run_log))
            except Exception as error:  # noqa: BLE001 - a plugin's bug fails its run, never the platform
                log.exception("discovery failed unexpectedly")
                return RunResult(RunStatus.FAILED, {}, None, "internal-error", {"reason": type(error).__name__},
                                 _excerpt(run_log))
            items = discovery.items if self.max_items is None else discovery.items[:self.max_items]
            complete = len(items) == len(discovery.items) and not self.dry_run
            log.info("%s items to fetch, %s unchanged at the source", len(discovery.items), len(discovery.unchanged))
            counts: Counter[str] = Counter()
            batch: list[ItemRecord] = []
            fetched: dict[str, Fetched | NotModified] = {}

            def keep(record: ItemRecord) -> None:
                counts[record.outcome.status.value] += 1
                batch.append(record)
                if len(batch) >= RECORD_BATCH:
                    self.sink.record(batch.copy(), dict(counts))
                    batch.clear()

            with ThreadPoolExecutor(self.workers, thread_name_prefix="harvest") as pool:
                for record, outcome in pool.map(self._item, items):
                    keep(record)
                    if outcome is not None and record.outcome.status is not ItemStatus.FAILED:
                        fetched[record.remote_id] = outcome
            for remote_id in sorted(discovery.unchanged):
                keep(ItemRecord(remote_id, "", ItemOutcome(ItemStatus.UNCHANGED)))
            gone = discovery.gone(self.state)
            if complete:
                for remote_id in sorted(gone):
                    keep(self._withdraw(remote_id))
            elif gone:
                log.info("%s items gone from the source are withdrawn only by a complete run", len(gone))
            self.sink.record(batch, dict(counts))
            state = None if self.dry_run else self._next_state(frozenset() if complete else gone, discovery, fetched)
            status = RunStatus.PARTIAL if counts[ItemStatus.FAILED.value] else RunStatus.SUCCEEDED
            return RunResult(status, dict(counts), state, log_excerpt=_excerpt(run_log))

    def _next_state(self, kept: frozenset[str], discovery: Any, fetched: dict[str, Fetched | NotModified]) -> HarvestState:
        state = next_state(self.state, discovery, fetched, self.clock())
        if not kept:
            return state
        # Items gone while the run stopped early stay remembered, so a complete run withdraws them.
        return HarvestState({**state.items, **{remote_id: self.state.items[remote_id] for remote_id in kept}},
                            state.last_success)

    def _item(self, item: RemoteItem) -> tuple[ItemRecord, Fetched | NotModified | None]:
        with _captured() as lines:
            started = time.perf_counter()
            outcome: Fetched | NotModified | None = None
            sha = None
            try:
                outcome = self.harvester.fetch(self.config, item, self.state)
            except SkipItem as skip:
                log.info("skipped: %s", skip)
                result = ItemOutcome(ItemStatus.SKIPPED, error_code=skip.code, error_params=error_params(skip))
            except HarvestError as error:
                log.warning("fetch failed: %s", error)
                result = ItemOutcome(ItemStatus.FAILED, error_code=error.code, error_params=error_params(error))
            except Exception as error:  # noqa: BLE001 - a plugin's bug fails its item, never the run
                log.exception("fetch failed unexpectedly")
                result = ItemOutcome(ItemStatus.FAILED, error_code="internal-error", error_params={"reason": type(error).__name__})
            fetched_at = time.perf_counter()
            if outcome is not None:
                sha = _sha(outcome.files[0]) if isinstance(outcome, Fetched) and outcome.files else None
                result = self._apply(item, outcome)
            done = time.perf_counter()
        record = ItemRecord(item.remote_id, item.title[:300], result, sha, _excerpt(lines),
                            round((fetched_at - started) * 1000), round((done - fetched_at) * 1000))
        return record, outcome

    def _apply(self, item: RemoteItem, outcome: Fetched | NotModified) -> ItemOutcome:
        try:
            result = self.sink.apply(item, self._files(outcome) if isinstance(outcome, Fetched) else None)
        except FileRejected as error:
            log.warning("file refused: %s", error.code)
            return ItemOutcome(ItemStatus.FAILED, error_code=error.code, error_params=dict(error.params))
        except Exception as error:  # noqa: BLE001 - one item's failure never stops the others
            log.exception("publishing failed unexpectedly")
            return ItemOutcome(ItemStatus.FAILED, error_code="internal-error", error_params={"reason": type(error).__name__})
        log.info("%s", result.status.value)
        return result

    def _files(self, fetched: Fetched) -> list[HarvestedFile]:
        """Every file of the item on local disk: new bytes where fetch put them, unchanged ones from the store."""
        files = []
        for file in fetched.files:
            if isinstance(file, FetchedFile):
                provenance = file.provenance
                files.append(HarvestedFile(file.key, file.name, file.path, file.provenance.sha256, {
                    "url": provenance.url, "final_url": provenance.final_url, "etag": provenance.etag,
                    "last_modified": provenance.last_modified, "media_type": provenance.media_type,
                    "fetched_at": provenance.fetched_at.isoformat(),
                }, file.table_schema))
            else:
                path = self.harvester.context.work_dir / f"unchanged-{file.sha256}"
                files.append(HarvestedFile(file.key, file.name, self.store.copy_to(file.sha256, path), file.sha256))
        return files

    def _withdraw(self, remote_id: str) -> ItemRecord:
        with _captured() as lines:
            log.info("gone from the source")
            result = self.sink.withdraw(remote_id)
        return ItemRecord(remote_id, "", result, log_excerpt=_excerpt(lines))


def _sha(file: FetchedFile | UnchangedFile) -> str:
    return file.provenance.sha256 if isinstance(file, FetchedFile) else file.sha256


# The state, as kept in the source's row ---------------------------------------------------------


def state_to_json(state: HarvestState) -> dict[str, Any]:
    return {
        "last_success": state.last_success.isoformat() if state.last_success else None,
        "items": {
            remote_id: {"modified": item.modified,
                        "files": {key: {"sha256": file.sha256, "etag": file.etag, "last_modified": file.last_modified}
                                  for key, file in item.files.items()}}
            for remote_id, item in state.items.items()
        },
    }


def state_from_json(data: Mapping[str, Any]) -> HarvestState:
    last = data.get("last_success")
    return HarvestState(
        {remote_id: ItemState(item.get("modified"), {key: FileState(**file) for key, file in item.get("files", {}).items()})
         for remote_id, item in data.get("items", {}).items()},
        dt.datetime.fromisoformat(last) if last else None,
    )
