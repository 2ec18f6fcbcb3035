"""What a compliance check sees and what it returns: plain data, so checks are pure functions.

A check is a small class registered in the ``opendata.checks`` entry-point group:

    class MyCheck:
        id = "clean.something"          # as listed in config/rubric.toml
        principle = "clean"
        applies_to = "dataset"          # or "agency"
        codes = ("something-found",)    # every evidence code it may return
        def run(self, subject, context) -> Outcome: ...

``run`` never raises on bad data: it returns an ``Outcome`` whose ``score`` is 0-1, or ``None``
when the check does not apply (its weight then goes to the others), with evidence as a code and
parameters that an auditor can follow (row numbers, the missing field, the date of the update).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from ..reference import Reference

__all__ = ["AgencySnapshot", "Check", "Context", "DatasetSnapshot", "Outcome", "evidence"]


@dataclass(frozen=True)
class Outcome:
    score: float | None
    evidence: dict[str, Any]


def evidence(code: str, **params: Any) -> dict[str, Any]:
    return {"code": code, **params}


@dataclass(frozen=True)
class DatasetSnapshot:
    """A published dataset as the checks read it: its metadata, its current version's summary and facts."""

    id: int
    slug: str
    agency_id: int
    title: str
    description: str
    licence: str
    tags: list[str]
    frequency: str
    schema_id: str | None
    version_id: int
    version_number: int
    published_at: dt.datetime
    valid: bool
    error_count: int
    rows: int
    schema_declared: bool
    source_format: str
    packaged: bool
    withdrawn: bool
    facts: dict[str, Any]
    """Per table: datapackages.facts.table_facts; empty for versions made before facts existed."""
    source_health: str | None = None
    """The harvest source's health (ok, new, partial, failing), None for uploaded datasets."""
    metadata: dict[str, Any] = field(default_factory=dict)
    """Optional metadata the platform records (contact point, themes, spatial, temporal), by field,
    present only for the fields the dataset model has."""
    personal: dict[str, Any] | None = None
    """The version's personal-data summary, when versions carry one."""


@dataclass(frozen=True)
class AgencySnapshot:
    id: int
    slug: str
    datasets: int
    """Datasets created, withdrawn ones excepted."""
    published: int
    inventory: int = 0
    """Datasets planned in its open data inventory."""
    due: list[dict[str, Any]] = field(default_factory=list)
    """The inventory items due by today: title, due date, dataset slug, first publication date."""


@dataclass(frozen=True)
class Context:
    now: dt.datetime
    reference: Reference
    schemas: Mapping[str, Any]
    """The shared schema registry by id (publisher.schemas.SharedSchema)."""
    zone: dt.tzinfo = dt.timezone.utc
    """The platform's time zone: what "today" means for due dates."""


class Check(Protocol):
    id: ClassVar[str]
    principle: ClassVar[str]
    applies_to: ClassVar[str]
    codes: ClassVar[tuple[str, ...]]

    def run(self, subject: Any, context: Context) -> Outcome: ...
