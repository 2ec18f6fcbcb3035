"""Read what the checks need in a few set-based queries (never one query per dataset)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterator
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Agency, Dataset, DatasetVersion, InventoryItem, Source
from .base import AgencySnapshot, DatasetSnapshot
from .checks.complete import OPTIONAL_FIELDS

__all__ = ["agency_snapshots", "dataset_snapshots"]

_BATCH = 2000


def dataset_snapshots(session: Session, dataset_ids: Collection[int] | None = None) -> Iterator[DatasetSnapshot]:
    """Every published dataset (or those of ``dataset_ids``) with its current version and source health."""
    recorded = {name: columns for name, columns in OPTIONAL_FIELDS.items() if all(hasattr(Dataset, column) for column in columns)}
    optional = [getattr(Dataset, column) for columns in recorded.values() for column in columns]
    personal = getattr(DatasetVersion, "personal", None)
    columns = [
        Dataset.id, Dataset.slug, Dataset.agency_id, Dataset.title, Dataset.description, Dataset.licence, Dataset.tags,
        Dataset.frequency, Dataset.schema_id, Dataset.withdrawn_at,
        DatasetVersion.id, DatasetVersion.number, DatasetVersion.published_at, DatasetVersion.valid,
        DatasetVersion.error_count, DatasetVersion.resources, DatasetVersion.schema_declared,
        DatasetVersion.source_format, DatasetVersion.package_sha, DatasetVersion.facts, Source.health,
        *optional, *([personal] if personal is not None else []),
    ]
    query = (
        select(*columns)
        .join(DatasetVersion, Dataset.current_version_id == DatasetVersion.id)
        .outerjoin(Source, Dataset.source_id == Source.id)
        .where(Dataset.withdrawn_at.is_(None))
        .order_by(Dataset.id)
    )
    if dataset_ids is not None:
        query = query.where(Dataset.id.in_(list(dataset_ids)))
    for row in session.execute(query.execution_options(yield_per=_BATCH)):
        extra = row[21:]
        values = dict(zip((column.key for column in optional), extra))
        metadata = {name: any(values[column] for column in columns) for name, columns in recorded.items()}
        yield DatasetSnapshot(
            id=row[0], slug=row[1], agency_id=row[2], title=row[3], description=row[4] or "", licence=row[5],
            tags=list(row[6] or []), frequency=row[7], schema_id=row[8], withdrawn=row[9] is not None,
            version_id=row[10], version_number=row[11], published_at=row[12], valid=row[13], error_count=row[14],
            rows=sum(int(resource.get("rows") or 0) for resource in row[15] or []),
            schema_declared=row[16], source_format=row[17], packaged=row[18] is not None, facts=row[19] or {},
            source_health=row[20].value if row[20] is not None else None,
            metadata=metadata, personal=extra[len(optional)] if personal is not None else None,
        )


def agency_snapshots(session: Session, agency_ids: Collection[int] | None = None, *,
                     today: dt.date | None = None) -> list[AgencySnapshot]:
    counting = (
        select(
            Dataset.agency_id,
            func.count(Dataset.id).label("datasets"),
            func.count(Dataset.current_version_id).label("published"),
        )
        .where(Dataset.withdrawn_at.is_(None))
        .group_by(Dataset.agency_id)
    )
    if agency_ids is not None:
        counting = counting.where(Dataset.agency_id.in_(list(agency_ids)))
    counts = counting.subquery()
    query = select(Agency.id, Agency.slug, counts.c.datasets, counts.c.published).outerjoin(counts, counts.c.agency_id == Agency.id)
    if agency_ids is not None:
        query = query.where(Agency.id.in_(list(agency_ids)))
    inventory: dict[int, int] = defaultdict(int)
    due: dict[int, list[dict[str, Any]]] = defaultdict(list)
    first = (select(DatasetVersion.dataset_id, func.min(DatasetVersion.published_at).label("first"))
             .where(DatasetVersion.published_at.is_not(None)).group_by(DatasetVersion.dataset_id).subquery())
    items = (select(InventoryItem.agency_id, InventoryItem.title, InventoryItem.due, Dataset.slug, first.c.first)
             .outerjoin(Dataset, Dataset.id == InventoryItem.dataset_id)
             .outerjoin(first, first.c.dataset_id == InventoryItem.dataset_id)
             .order_by(InventoryItem.due, InventoryItem.id))
    if agency_ids is not None:
        items = items.where(InventoryItem.agency_id.in_(list(agency_ids)))
    today = today or dt.date.today()
    for agency_id, title, due_date, slug, published_at in session.execute(items):
        inventory[agency_id] += 1
        if due_date <= today:
            due[agency_id].append({"title": title, "due": due_date.isoformat(), "dataset": slug,
                                   "published": published_at.date().isoformat() if published_at else None})
    return [AgencySnapshot(id, slug, datasets or 0, published or 0, inventory[id], due[id])
            for id, slug, datasets, published in session.execute(query)]
