"""The facets: each one a name, a way to read its values off an indexed dataset, and an order.

To add a facet (as the compliance band was):

1. make its values readable here: add what it needs to ``IndexedDataset`` and to the row query in
   ``publisher.search.index`` (``_ROWS``), e.g. the dataset's latest band from the scoring tables;
2. append ``Facet("band", lambda dataset: [dataset.band] if dataset.band else [])`` to ``FACETS``;
3. call ``reindex(session, ids)`` wherever the value changes (after a score is recomputed), and
   once over everything in the migration that adds it (``reindex_all``).

Nothing else changes: filtering (``?band=A``), counting, the /datasets page, its JSON twin and
the CKAN API's ``facet.field`` read the registry. A facet's labels for display are the web
layer's business (``web.views.search``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FACETS", "Facet", "IndexedDataset", "facet_names"]

MAX_VALUE = 200


@dataclass(frozen=True)
class IndexedDataset:
    """What the index knows of a listed dataset: plain values, read by one query (``index._ROWS``)."""

    id: int
    title: str
    description: str
    tags: list[str]
    licence: str
    agency_slug: str
    agency_level: str
    province_code: str | None
    """The province the agency belongs to: its own code for a province, its parent's for a commune."""
    source_format: str
    band: str | None = None
    """The compliance band of the dataset's stored score (``tot``, ``kha``, ``dat``, ``chua-dat``), if scored."""
    resources: list[dict[str, Any]] = field(default_factory=list)

    @property
    def column_titles(self) -> list[str]:
        titles = []
        for resource in self.resources:
            if resource.get("title"):
                titles.append(str(resource["title"]))
            for column in (resource.get("schema") or {}).get("fields", []):
                titles.append(str(column.get("title") or column.get("name") or ""))
        return titles


@dataclass(frozen=True)
class Facet:
    name: str
    """The query parameter (``?agency=…``), the stored key and the name in every answer."""
    values: Callable[[IndexedDataset], Iterable[str]]


FACETS: list[Facet] = [
    Facet("agency", lambda dataset: [dataset.agency_slug]),
    Facet("level", lambda dataset: [dataset.agency_level]),
    Facet("province", lambda dataset: [dataset.province_code] if dataset.province_code else []),
    Facet("format", lambda dataset: [dataset.source_format.upper()] if dataset.source_format else []),
    Facet("licence", lambda dataset: [dataset.licence]),
    Facet("tag", lambda dataset: dataset.tags),
    Facet("band", lambda dataset: [dataset.band] if dataset.band else []),
]
"""In display order."""


def facet_names() -> list[str]:
    return [facet.name for facet in FACETS]


def facet_rows(dataset: IndexedDataset) -> list[tuple[str, str]]:
    """(facet, value) pairs for the index, values trimmed to the column and without duplicates."""
    rows: dict[tuple[str, str], None] = {}
    for facet in FACETS:
        for value in facet.values(dataset):
            text = str(value).strip()[:MAX_VALUE]
            if text:
                rows[(facet.name, text)] = None
    return list(rows)
