"""Full-text search and facets over the published catalogue, the same for SQLite and PostgreSQL.

What is indexed: the title, then the description, tags and column titles of the current version
(``index``), each *folded* (lowercase, no diacritics, đ → d), and the query is folded the same way,
so "ho so" and "hồ sơ" find "Hồ sơ" alike. SQLite keeps the text in an FTS5 table ranked by bm25;
PostgreSQL keeps a weighted tsvector ('simple' configuration: no stemming, Vietnamese has none to
offer) under a GIN index, ranked by ts_rank (``fulltext``). Facets are one registry (``facets``).

Keeping it in step: every service that changes what a listed dataset shows calls
``reindex(session, dataset_ids)`` in its own transaction, so readers see the dataset and its index
entry change together. A dataset not listed (a draft only, or withdrawn) has no entry.
"""

from .facets import FACETS, Facet, IndexedDataset, facet_names
from .index import reindex, reindex_all, reindex_bands
from .query import ORDERS, SORTS, FacetCount, SearchResult, search

__all__ = ["FACETS", "ORDERS", "SORTS", "Facet", "FacetCount", "IndexedDataset", "SearchResult", "facet_names", "reindex", "reindex_all", "reindex_bands", "search"]
