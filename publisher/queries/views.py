"""Read models: plain dataclasses the web pages, the JSON API and the command line render.

They carry no ORM objects, so nothing above ``publisher`` can lazy-load from the database by
accident, and ``dataclasses.asdict`` turns any of them into JSON-ready data.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from datapackages.validate import ErrorGrid

__all__ = [
    "AgencyDetail",
    "AgencySummary",
    "BlobRef",
    "DatasetDetail",
    "DatasetSummary",
    "DraftDetail",
    "DraftSummary",
    "HomeView",
    "ItemView",
    "LAST_PAGE",
    "Page",
    "ResourceView",
    "SearchPage",
    "FacetValue",
    "RunDetail",
    "RunSummary",
    "SourceDetail",
    "SourceSummary",
    "SourceType",
    "VersionDetail",
    "VersionSummary",
]

T = TypeVar("T")

LAST_PAGE = 10**9
"""Page numbers are capped here, so that an offset always fits the databases' integers."""


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


@dataclass(frozen=True)
class FacetValue:
    value: str
    """What filters by it (``?agency=<value>``)."""
    label: str
    """A name to show for codes (agencies, provinces); the value itself otherwise."""
    count: int
    selected: bool = False


@dataclass(frozen=True)
class SearchPage(Page["DatasetSummary"]):
    """A page of search results with what produced it, and facet counts over all the results."""

    q: str = ""
    sort: str = "relevance"
    filters: dict[str, list[str]] = field(default_factory=dict)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


@dataclass(frozen=True)
class AgencySummary:
    slug: str
    name: str
    level: str
    code: str | None
    parent_slug: str | None
    parent_name: str | None
    dataset_count: int


@dataclass(frozen=True)
class ResourceView:
    name: str
    path: str
    source: str
    rows: int
    bytes: int
    sha256: str
    schema: dict[str, Any]
    title: str | None = None
    description: str | None = None
    header_rows: tuple[int, int] = (1, 1)
    row_map: list[list[int]] = field(default_factory=list)
    """Runs [first data row, first original row, length] from the repair."""
    dropped: dict[str, list[int]] = field(default_factory=dict)
    columns: list[dict[str, Any]] = field(default_factory=list)
    """Per column: number in the original sheet, name, title, type, guessed type, heading."""

    @property
    def fields(self) -> list[dict[str, Any]]:
        return list(self.schema.get("fields", []))

    def source_row(self, row_number: int | None) -> int | None:
        """The original sheet row of a row number in the tidy file's report (header = row 1)."""
        if row_number is None:
            return None
        data_row = row_number - 1
        for first_tidy, first_source, length in self.row_map:
            if first_tidy <= data_row < first_tidy + length:
                return first_source + data_row - first_tidy
        return row_number


@dataclass(frozen=True)
class VersionSummary:
    number: int
    published_at: dt.datetime
    filename: str
    valid: bool
    error_count: int
    rows: int


@dataclass(frozen=True)
class VersionDetail:
    number: int
    published_at: dt.datetime
    published_by: str | None
    filename: str
    valid: bool
    error_count: int
    error_counts: dict[str, Any]
    schema_declared: bool
    resources: list[ResourceView]
    notes: list[dict[str, Any]]
    error_grid: ErrorGrid | None = None
    """Every error by column and type (the "error types × columns" table)."""


@dataclass(frozen=True)
class DraftSummary:
    id: int
    filename: str
    created_at: dt.datetime
    created_by: str | None
    valid: bool
    error_count: int


@dataclass(frozen=True)
class DatasetSummary:
    slug: str
    title: str
    description: str
    agency_slug: str
    agency_name: str
    licence: str
    tags: list[str]
    frequency: str
    updated_at: dt.datetime
    version: int | None
    valid: bool | None
    rows: int | None
    withdrawn_at: dt.datetime | None = None
    withdrawn_reason: str | None = None
    schema_id: str | None = None
    """The shared schema (publisher/schemas.py) its uploads are validated against."""
    contact_name: str = ""
    contact_email: str = ""
    themes: list[str] = field(default_factory=list)
    """Theme ids (``config/themes.toml``)."""
    spatial: list[str] = field(default_factory=list)
    """Administrative unit codes."""
    temporal_start: dt.date | None = None
    temporal_end: dt.date | None = None


@dataclass(frozen=True)
class DatasetDetail:
    summary: DatasetSummary
    created_at: dt.datetime
    current: VersionDetail | None
    versions: list[VersionSummary]
    drafts: list[DraftSummary]
    can_edit: bool


@dataclass(frozen=True)
class DraftDetail:
    id: int
    dataset: DatasetSummary
    status: str
    filename: str
    source_format: str
    created_at: dt.datetime
    valid: bool
    error_count: int
    error_counts: dict[str, Any]
    schema_declared: bool
    resources: list[ResourceView]
    notes: list[dict[str, Any]]
    report: dict[str, Any]
    error_grid: ErrorGrid | None = None
    """Every error by column and type (the "error types × columns" table)."""
    preview: dict[str, list[list[str]]] = field(default_factory=dict)
    """Per resource name: the header row then the first data rows."""
    can_publish: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    """The repair corrections this draft was made with."""
    personal: dict[str, Any] = field(default_factory=dict)
    """What the personal-data guard found: ``findings`` (masked examples only) and ``hidden`` sheets."""
    decisions: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The dataset's decisions on its personal columns, by column: decision, digits, reason, by, at."""
    undecided: list[str] = field(default_factory=list)
    """Flagged columns still waiting for a decision: the draft cannot be published before."""

    def personal_columns(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """Each flagged column with its findings (one per table and kind), in the order found."""
        columns: dict[str, list[dict[str, Any]]] = {}
        for finding in self.personal.get("findings", []):
            columns.setdefault(finding["field"], []).append(finding)
        return list(columns.items())


@dataclass(frozen=True)
class AgencyDetail:
    summary: AgencySummary
    description: str
    website: str | None
    email: str | None
    children: list[AgencySummary]
    datasets: list[DatasetSummary]
    unpublished: list[DatasetSummary]
    """Datasets with no published version yet; listed only for those who may see drafts."""
    withdrawn: list[DatasetSummary] = field(default_factory=list)
    """Datasets no longer published (their versions stay downloadable); listed for those who may see drafts."""
    sources: list[SourceSummary] = field(default_factory=list)
    """The agency's harvest sources with their health; listed for those who may see drafts."""
    can_add_source: bool = False
    shares_with_parent: bool = False
    can_administer: bool = False


@dataclass(frozen=True)
class HomeView:
    dataset_count: int
    agency_count: int
    version_count: int
    latest: list[DatasetSummary]


@dataclass(frozen=True)
class BlobRef:
    sha256: str
    size: int
    media_type: str
    filename: str


@dataclass(frozen=True)
class SourceSummary:
    id: int
    name: str
    type: str
    agency_slug: str
    agency_name: str
    enabled: bool
    schedule: str
    health: str
    last_run_at: dt.datetime | None
    last_success_at: dt.datetime | None
    next_run_at: dt.datetime | None
    last_error_code: str | None
    last_error_params: dict[str, Any]
    dataset_count: int


@dataclass(frozen=True)
class RunSummary:
    id: int
    source_id: int
    trigger: str
    dry_run: bool
    status: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    max_items: int | None
    counts: dict[str, int]
    error_code: str | None
    error_params: dict[str, Any]


@dataclass(frozen=True)
class SourceDetail:
    summary: SourceSummary
    url: str
    """Without its password."""
    options: dict[str, Any]
    """Secrets (passwords, tokens, keys) masked."""
    type_title: str
    created_at: dt.datetime
    runs: list[RunSummary]
    can_manage: bool
    """May change, enable and disable it (the agency's administrators)."""
    can_run: bool
    """May run it now and test it (the agency's editors too)."""


@dataclass(frozen=True)
class ItemView:
    remote_id: str
    title: str
    status: str
    dataset_slug: str | None
    dataset_title: str | None
    version_number: int | None
    valid: bool | None
    error_count: int | None
    error_code: str | None
    error_params: dict[str, Any]
    log_excerpt: str
    fetch_ms: int
    process_ms: int
    artifact_sha: str | None


@dataclass(frozen=True)
class RunDetail:
    summary: RunSummary
    source: SourceSummary
    items: list[ItemView]
    log_excerpt: str


@dataclass(frozen=True)
class SourceType:
    name: str
    title: str
    options: dict[str, str]
    """Option name → its description, from the harvester's config schema."""
