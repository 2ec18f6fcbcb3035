"""Keep the index in step: ``reindex`` the datasets a change touched, inside the change's transaction.

The rows come from one plain SQL query over the columns as migration 0006 knows them, so the
migration can backfill with the same code whatever later migrations add to the models. The
compliance band is read apart, from the scores' ``band`` column once migration 0010 has added it
(and backfilled the index); the scoring engine reindexes the datasets whose band it changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, insert, inspect, select, text
from sqlalchemy.orm import Session

from datapackages.names import fold

from ..models.search import SearchDocument, SearchFacet
from . import fulltext
from .facets import IndexedDataset, facet_rows

__all__ = ["reindex", "reindex_all", "reindex_bands"]

BATCH = 500

_ROWS = """
SELECT d.id, d.title, d.description, d.tags, d.licence, a.slug, a.level, a.code, p.level, p.code,
       v.source_format, v.resources
FROM datasets d
JOIN agencies a ON a.id = d.agency_id
LEFT JOIN agencies p ON p.id = a.parent_id
JOIN dataset_versions v ON v.id = d.current_version_id
WHERE d.withdrawn_at IS NULL AND d.id IN :ids
"""
_BANDS = "SELECT dataset_id, band FROM dataset_scores WHERE dataset_id IN :ids AND band <> ''"


def reindex(session: Session, dataset_ids: Iterable[int]) -> None:
    """Bring these datasets' index entries in line with the database as this session sees it:
    listed datasets get a fresh entry, the others (drafts only, withdrawn, gone) none."""
    ids = sorted({int(id_) for id_ in dataset_ids})
    if not ids:
        return
    session.flush()
    for start in range(0, len(ids), BATCH):
        _reindex(session, ids[start:start + BATCH])


def reindex_all(session: Session) -> int:
    """Rebuild the whole index (the migration's backfill; a repair); returns the entries made."""
    ids = list(session.scalars(text("SELECT id FROM datasets")))
    reindex(session, ids)
    return int(session.scalar(text("SELECT count(*) FROM search_documents")) or 0)


def reindex_bands(session: Session, dataset_ids: Iterable[int] | None = None) -> int:
    """Reindex the listed datasets (these, or all) whose indexed band is not their scores' band now:
    after a scoring run, which rewrites scores in bulk. Returns how many were reindexed."""
    session.flush()
    listed = select(SearchDocument.dataset_id)
    indexed_query = select(SearchFacet.dataset_id, SearchFacet.value).where(SearchFacet.facet == "band")
    if dataset_ids is not None:
        ids = sorted({int(id_) for id_ in dataset_ids})
        listed = listed.where(SearchDocument.dataset_id.in_(ids))
        indexed_query = indexed_query.where(SearchFacet.dataset_id.in_(ids))
    listed_ids = list(session.scalars(listed))
    indexed: dict[int, str] = {id_: value for id_, value in session.execute(indexed_query)}
    current: dict[int, str] = {}
    for start in range(0, len(listed_ids), BATCH):
        current.update(_bands(session, listed_ids[start:start + BATCH]))
    changed = [id_ for id_ in listed_ids if indexed.get(id_) != current.get(id_)]
    reindex(session, changed)
    return len(changed)


def _reindex(session: Session, ids: Sequence[int]) -> None:
    if session.get_bind().dialect.name == "postgresql":  # two transactions reindexing one dataset: one waits
        session.execute(text("SELECT id FROM datasets WHERE id IN :ids ORDER BY id FOR UPDATE")
                        .bindparams(bindparam("ids", expanding=True)), {"ids": list(ids)})
    session.execute(delete(SearchFacet).where(SearchFacet.dataset_id.in_(ids)))
    session.execute(delete(SearchDocument).where(SearchDocument.dataset_id.in_(ids)))
    fulltext.delete(session, ids)
    rows = session.execute(text(_ROWS).bindparams(bindparam("ids", expanding=True)), {"ids": list(ids)}).all()
    if not rows:
        return
    bands = _bands(session, ids)
    datasets = [_indexed(row, bands.get(row[0])) for row in rows]
    if not datasets:
        return
    session.execute(insert(SearchDocument), [{"dataset_id": item.id, "sort_title": fold(item.title)[:300]} for item in datasets])
    facets = [{"dataset_id": item.id, "facet": name, "value": value} for item in datasets for name, value in facet_rows(item)]
    if facets:
        session.execute(insert(SearchFacet), facets)
    fulltext.insert(session, [(item.id, fold(item.title), _body(item)) for item in datasets])


def _bands(session: Session, ids: Sequence[int]) -> dict[int, str]:
    inspector = inspect(session.connection())
    if not inspector.has_table("dataset_scores") or "band" not in {column["name"] for column in inspector.get_columns("dataset_scores")}:
        return {}  # a backfill before migration 0010
    rows = session.execute(text(_BANDS).bindparams(bindparam("ids", expanding=True)), {"ids": list(ids)})
    return {dataset_id: band for dataset_id, band in rows}


def _indexed(row: Any, band: str | None) -> IndexedDataset:
    (id_, title, description, tags, licence, agency_slug, level, code, parent_level, parent_code, source_format, resources) = row
    province = code if level == "province" else parent_code if level == "commune" and parent_level == "province" else None
    return IndexedDataset(
        id=id_, title=title, description=description or "", tags=[str(tag) for tag in _json(tags)], licence=licence,
        agency_slug=agency_slug, agency_level=level, province_code=province, source_format=source_format or "",
        band=band, resources=[resource for resource in _json(resources) if isinstance(resource, dict)],
    )


def _body(dataset: IndexedDataset) -> str:
    return fold("\n".join([dataset.description, " ".join(dataset.tags), *dataset.column_titles]))


def _json(value: Any) -> list[Any]:
    """A JSON column read by plain SQL: text on SQLite, already decoded on PostgreSQL."""
    if isinstance(value, str):
        value = json.loads(value or "[]")
    return value if isinstance(value, list) else []
