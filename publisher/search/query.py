"""Answer a search: the matching datasets in order, their total, and facet counts over them.

Filters combine as people expect from faceted catalogues (and as CKAN's ``fq`` does): values of
one facet are alternatives (OR), different facets narrow each other (AND). Counts describe the
datasets that match the query and every filter, so each count is what clicking it would give.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ..models import Dataset
from ..models.search import SearchDocument, SearchFacet
from . import fulltext
from .facets import facet_names

__all__ = ["ORDERS", "SORTS", "FacetCount", "SearchResult", "search"]

SORTS = ("relevance", "title", "newest", "updated")
"""relevance (the default with words; without words it means recently updated), title A–Z,
newest (first created), updated (most recently updated)."""
ORDERS = (*SORTS, "id", "name")
"""Also: the order datasets were made in (a stable order for paging through everything, as CKAN's
harvester asks with ``sort=id asc``), and by slug."""
FACET_LIMIT = 50


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True)
class SearchResult:
    ids: list[int]
    """The page's datasets, in order."""
    total: int
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    """Per facet, its values by count (most first), at most ``facet_limit`` each."""
    sort: str = "relevance"


def search(
    session: Session,
    *,
    q: str = "",
    filters: Mapping[str, Sequence[str]] | None = None,
    exclude: Mapping[str, Sequence[str]] | None = None,
    modified_since: dt.datetime | None = None,
    sort: str = "relevance",
    offset: int = 0,
    limit: int = 20,
    facets: Sequence[str] | None = None,
    facet_limit: int = FACET_LIMIT,
) -> SearchResult:
    """``exclude`` drops datasets having any of the values; ``modified_since`` keeps those updated then or later.

    Unknown facet names in ``filters`` or ``facets`` and unknown sorts are the caller's to reject
    (``publisher.queries.datasets`` does, in the visitor's language); here they are ignored."""
    words = fulltext.terms(q or "")
    known = set(facet_names())
    matched: Select[tuple[int]] = select(SearchDocument.dataset_id)
    ranked = None
    if words:
        ranked = fulltext.match(session, words)
        matched = matched.join(ranked, ranked.c.dataset_id == SearchDocument.dataset_id)
    for name, values in (filters or {}).items():
        chosen = [value for value in values if value]
        if name in known and chosen:
            matched = matched.where(SearchDocument.dataset_id.in_(
                select(SearchFacet.dataset_id).where(SearchFacet.facet == name, SearchFacet.value.in_(chosen))
            ))
    for name, values in (exclude or {}).items():
        chosen = [value for value in values if value]
        if name in known and chosen:
            matched = matched.where(SearchDocument.dataset_id.not_in(
                select(SearchFacet.dataset_id).where(SearchFacet.facet == name, SearchFacet.value.in_(chosen))
            ))
    if modified_since is not None:
        matched = matched.where(SearchDocument.dataset_id.in_(select(Dataset.id).where(Dataset.updated_at >= modified_since)))
    total = int(session.scalar(select(func.count()).select_from(matched.subquery())) or 0)
    sort = sort if sort in ORDERS else "relevance"
    ordered = matched.join(Dataset, Dataset.id == SearchDocument.dataset_id).order_by(*_order(sort, ranked))
    ids = list(session.scalars(ordered.offset(max(0, offset)).limit(max(0, limit)))) if limit else []
    counts = _facet_counts(session, matched, [name for name in (facets if facets is not None else facet_names()) if name in known],
                           facet_limit) if total else {name: [] for name in (facets or facet_names()) if name in known}
    return SearchResult(ids, total, counts, sort)


def _order(sort: str, ranked):  # type: ignore[no-untyped-def]
    if sort == "title":
        return (SearchDocument.sort_title, Dataset.id)
    if sort == "id":
        return (Dataset.id,)
    if sort == "name":
        return (Dataset.slug,)
    if sort == "newest":
        return (Dataset.created_at.desc(), Dataset.id.desc())
    if sort == "relevance" and ranked is not None:
        return (ranked.c.rank, Dataset.updated_at.desc(), Dataset.id.desc())
    return (Dataset.updated_at.desc(), Dataset.id.desc())


def _facet_counts(session: Session, matched: Select[tuple[int]], names: list[str], limit: int) -> dict[str, list[FacetCount]]:
    counts: dict[str, list[FacetCount]] = {name: [] for name in names}
    if not names:
        return counts
    number = func.count().label("number")
    rows = session.execute(
        select(SearchFacet.facet, SearchFacet.value, number)
        .where(SearchFacet.facet.in_(names), SearchFacet.dataset_id.in_(matched.scalar_subquery()))
        .group_by(SearchFacet.facet, SearchFacet.value)
        .order_by(SearchFacet.facet, number.desc(), SearchFacet.value)
    ).all()
    for name, value, count in rows:
        if len(counts[name]) < limit:
            counts[name].append(FacetCount(value, int(count)))
    return counts
