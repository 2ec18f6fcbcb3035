"""The harvester contract: what a source type implements, what it is given, and what it gives back.

A harvester **discovers** what a source holds and **fetches** the bytes of one item. It returns
plain data and never writes state: the runner owns statuses, records, the artifact store, the
schedule and the decision to publish or withdraw (STYLE.md, "Harvesters never write state").

How a runner drives one source (everything here is a value; nothing is remembered in between)::

    harvester = registry.get(source.type)(HarvestContext(client, work_dir, local_roots))
    check_config(harvester, config)                      # on source creation, and before a run
    discovery = harvester.discover(config, state)        # raises → the run fails, nothing changes
    for item in discovery.items:                         # new or changed since ``state``
        try:
            outcome = harvester.fetch(config, item, state)   # Fetched | NotModified
        except SkipItem as skip:          ...            # status "skipped", skip.code
        except HarvestError as error:     ...            # status "failed", error.code/params
    for remote_id in discovery.unchanged: ...            # status "unchanged", nothing fetched
    for remote_id in discovery.gone(state): ...          # deleted at the source: withdraw
    state = next_state(state, discovery, outcomes, finished_at)   # store it for the next run

**Deletions.** A discovery is always the *complete* list of what the source holds now
(``items`` ∪ ``unchanged``). A harvester that cannot list everything raises instead of
returning a partial list, so ``gone(state)`` is safe to act on. A runner that stops early (a
dry run, an item limit) knows it did, and must not withdraw on that run.

**Incremental runs.** ``HarvestState`` carries, per remote id, the ``modified`` marker the source
reported and each file's ETag, Last-Modified and sha256. A harvester whose source lists
modification times (CKAN's ``metadata_modified``) puts unchanged items in
``Discovery.unchanged`` without fetching them; ``fetch`` sends conditional requests and compares
hashes, and answers ``NotModified`` when no file changed. ``NotModified`` speaks of the bytes
only: the runner still compares the item's metadata (title, licence…) with what it published.

**Files.** ``Fetched`` lists each file as ``FetchedFile`` (new bytes: a path in the run's work
folder, owned by the runner from then on) or ``UnchangedFile`` (same bytes as last time: find
them by ``sha256`` in the artifact store). The runner empties the work folder after the run.

**Secrets** (a database password in an SQL URL, an API key in an option) stay in
``SourceConfig``: that is why ``fetch`` receives the config again rather than finding what it
needs inside ``RemoteItem``, which the runner stores and shows. It also lets ``fetch`` run in
another process than ``discover`` (a worker, per item) from these values alone.
"""

from __future__ import annotations

import datetime as dt
import enum
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar

import jsonschema

from .errors import InvalidConfig, UnsafeTarget
from .http import HttpClient, Provenance

__all__ = [
    "DATASET_OPTIONS",
    "Discovery",
    "Feature",
    "Fetched",
    "FetchedFile",
    "FileState",
    "HarvestContext",
    "HarvestState",
    "Harvester",
    "ItemState",
    "NotModified",
    "Provenance",
    "RemoteItem",
    "RemoteResource",
    "SourceConfig",
    "UnchangedFile",
    "check_config",
    "next_state",
]


# What the runner gives ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceConfig:
    """A source's settings as stored with it: a URL and options, checked by ``check_config``."""

    url: str
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FileState:
    """What was fetched for one file last time, to ask the server "has it changed?"."""

    sha256: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class ItemState:
    """One remote item as last harvested successfully: its ``modified`` marker and its files by key."""

    modified: str | None = None
    files: Mapping[str, FileState] = field(default_factory=dict)


@dataclass(frozen=True)
class HarvestState:
    """What the runner remembers of a source's previous runs. Empty for the first run.

    ``items`` holds every remote id harvested successfully (and still present) so far; its keys
    are "the ids seen last time" against which deletions are detected.
    """

    items: Mapping[str, ItemState] = field(default_factory=dict)
    last_success: dt.datetime | None = None

    def file(self, remote_id: str, key: str) -> FileState | None:
        item = self.items.get(remote_id)
        return item.files.get(key) if item else None


@dataclass(frozen=True)
class HarvestContext:
    """What a deployment lends a harvester for one run: the safe HTTP client, a work folder for
    fetched files, and the local folders (if any) that sources may read (``files``, SQLite)."""

    client: HttpClient
    work_dir: Path
    local_roots: tuple[Path, ...] = ()

    def allowed_path(self, path: str | Path) -> Path:
        """``path`` resolved (symbolic links followed), if it lies inside one of ``local_roots``."""
        resolved = Path(path).resolve()
        if not any(resolved.is_relative_to(root.resolve()) for root in self.local_roots):
            raise UnsafeTarget("path-not-allowed", path=str(path))
        return resolved


# What discover returns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RemoteResource:
    """One file (or table) an item offers, as the source describes it."""

    key: str
    """Stable within the item (a CKAN resource id, a download URL, ``data``); keys ``FileState``."""
    url: str
    name: str = ""
    format: str = ""
    """Upper-case short name as the source gives it (``CSV``, ``XLSX``), or empty."""
    media_type: str = ""
    description: str = ""


@dataclass(frozen=True)
class RemoteItem:
    """One dataset at the source, with the metadata the runner maps onto a platform dataset."""

    remote_id: str
    title: str
    description: str = ""
    tags: tuple[str, ...] = ()
    licence: str = ""
    """The source's licence id, URL or name, unmapped."""
    organisation: str = ""
    modified: str | None = None
    """The source's own modification marker (ISO 8601 when it is a time); compared for equality only."""
    landing_page: str = ""
    extras: Mapping[str, str] = field(default_factory=dict)
    resources: tuple[RemoteResource, ...] = ()


@dataclass(frozen=True)
class Discovery:
    """Everything the source holds now: ``items`` to fetch, and the ids of those ``unchanged``."""

    items: tuple[RemoteItem, ...]
    unchanged: frozenset[str] = frozenset()

    @property
    def present(self) -> frozenset[str]:
        return frozenset(item.remote_id for item in self.items) | self.unchanged

    def gone(self, state: HarvestState) -> frozenset[str]:
        """Ids harvested before that the source no longer has: the datasets to withdraw."""
        return frozenset(state.items) - self.present


# What fetch returns ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FetchedFile:
    key: str
    name: str
    path: Path
    provenance: Provenance
    table_schema: Mapping[str, Any] | None = None
    """A Table Schema when the source knows its column types (SQL); else the pipeline infers one."""


@dataclass(frozen=True)
class UnchangedFile:
    key: str
    name: str
    sha256: str
    reason: str
    """``not-modified`` (HTTP 304, or same ETag for a local file) or ``same-content`` (same sha256)."""


@dataclass(frozen=True)
class Fetched:
    """At least one file of the item changed. Files the harvester does not take (a PDF) are left out."""

    remote_id: str
    files: tuple[FetchedFile | UnchangedFile, ...]


@dataclass(frozen=True)
class NotModified:
    """No file of the item changed since ``state``: nothing new to publish."""

    remote_id: str
    reason: str


# The contract ------------------------------------------------------------------------------------


class Feature(enum.Enum):
    """What a harvester can do, shown to the people who set up sources."""

    INCREMENTAL = "incremental"
    """``discover`` leaves items the source says are unchanged out of ``items``."""
    CONDITIONAL_REQUESTS = "conditional-requests"
    """``fetch`` asks the server with ETag / Last-Modified and does not download unchanged files."""
    TABLE_SCHEMA = "table-schema"
    """``fetch`` gives a Table Schema from the source's own column types."""


DATASET_OPTIONS: dict[str, Any] = {
    "title": {"type": "string", "description": "Dataset title (sources that hold one dataset)."},
    "description": {"type": "string", "description": "Dataset description."},
    "licence": {"type": "string", "description": "Licence id or URL."},
    "organisation": {"type": "string", "description": "Publishing organisation at the source."},
    "tags": {"type": "array", "items": {"type": "string"}, "description": "Keywords."},
}
"""Options shared by the types whose source is one dataset without metadata of its own (SQL, REST)."""


class Harvester(ABC):
    """One source type. Subclasses declare the class attributes and implement the two methods."""

    name: ClassVar[str]
    """The source type, as in ``opendata sources add --type``; equal to its entry-point name."""
    title: ClassVar[str]
    config_schema: ClassVar[Mapping[str, Any]]
    """JSON Schema of the whole ``SourceConfig`` (``{"url": …, "options": {…}}``); every property
    has a ``description``."""
    features: ClassVar[frozenset[Feature]] = frozenset()

    def __init__(self, context: HarvestContext) -> None:
        self.context = context

    @abstractmethod
    def discover(self, config: SourceConfig, state: HarvestState) -> Discovery:
        """List what the source holds now. Raises ``SourceUnreachable``, ``UnreadableResponse``,
        ``UnsafeTarget`` or ``InvalidConfig``; never returns a partial list."""

    @abstractmethod
    def fetch(self, config: SourceConfig, item: RemoteItem, state: HarvestState) -> Fetched | NotModified:
        """Get the item's files into the work folder. Raises ``SkipItem`` to leave it out on
        purpose, or the errors of ``discover`` for this item alone."""


def check_config(harvester: type[Harvester] | Harvester, config: SourceConfig) -> None:
    """Validate a config against the harvester's schema; raise ``InvalidConfig`` with one code per field."""
    document = {"url": config.url, "options": dict(config.options)}
    validator = jsonschema.Draft202012Validator(harvester.config_schema)
    errors: dict[str, str] = {}
    for error in validator.iter_errors(document):
        path = ".".join(str(part) for part in error.absolute_path)
        code = _CODES.get(str(error.validator), "invalid-value")
        if error.validator in ("required", "additionalProperties") and isinstance(error.instance, dict):
            known = error.schema.get("properties", {})
            named = [name for name in error.validator_value if name not in error.instance] \
                if error.validator == "required" else [name for name in error.instance if name not in known]
            for name in named:
                errors.setdefault(f"{path}.{name}".lstrip("."), code)
        else:
            errors.setdefault(path or "url", code)  # the root holds url and options
    if errors:
        raise InvalidConfig(errors)


_CODES = {
    "required": "required",
    "type": "wrong-type",
    "enum": "not-allowed-value",
    "pattern": "wrong-format",
    "minLength": "required",
    "minItems": "required",
    "minimum": "too-small",
    "maximum": "too-large",
    "additionalProperties": "unknown-option",
    "anyOf": "required",
    "oneOf": "choose-one",
}


def next_state(previous: HarvestState, discovery: Discovery, outcomes: Mapping[str, Fetched | NotModified],
               finished_at: dt.datetime) -> HarvestState:
    """The state to hand the next run, after a run that went to its end.

    Items fetched now take their new files and ``modified``; unchanged ones keep their state;
    items that failed keep their previous state (so a changed item is retried next time); items
    gone from the source are forgotten.
    """
    modified = {item.remote_id: item.modified for item in discovery.items}
    items: dict[str, ItemState] = {}
    for remote_id in discovery.present:
        before = previous.items.get(remote_id)
        outcome = outcomes.get(remote_id)
        if isinstance(outcome, Fetched):
            files = {
                file.key: FileState(file.provenance.sha256, file.provenance.etag, file.provenance.last_modified)
                if isinstance(file, FetchedFile)
                else (before.files[file.key] if before and file.key in before.files else FileState(file.sha256))
                for file in outcome.files
            }
            items[remote_id] = ItemState(modified.get(remote_id), files)
        elif isinstance(outcome, NotModified) and before:
            items[remote_id] = replace(before, modified=modified.get(remote_id))
        elif before:
            items[remote_id] = before
    return HarvestState(items, finished_at)
