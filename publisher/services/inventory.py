"""An agency's open data inventory: the datasets it plans to publish, each with a due date.

Editors of the agency keep it; the compliance score asks that an agency keep one and that what
falls due be published on time (its first publication on or before the due date).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from datapackages.names import plain_text

from .. import audit, permissions
from ..actor import Actor
from ..compliance.engine import score_agencies
from ..errors import InvalidInput, NotFound
from ..models import Agency, Dataset, InventoryItem
from ..platform import Platform

__all__ = ["inventory_add", "inventory_remove"]

MAX_TITLE = 300


def inventory_add(platform: Platform, actor: Actor, *, agency: str, title: str, due: dt.date | str,
                  description: str = "", dataset: str | None = None) -> int:
    """Plan a dataset for ``agency`` by ``due`` (a date or ISO text); ``dataset``: the slug of the
    agency's dataset that fulfils it, when there is one already. Returns the item's id."""
    permissions.writer(actor)
    title = plain_text(title)
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = "required"
    elif len(title) > MAX_TITLE:
        errors["title"] = "too-long"
    if isinstance(due, str):
        try:
            due = dt.date.fromisoformat(due.strip())
        except ValueError:
            errors["due"] = "invalid-date"
    with platform.db.write() as session:
        agency_row = session.scalar(select(Agency).where(Agency.slug == agency))
        if agency_row is None:
            raise NotFound("agency-not-found", slug=agency)
        permissions.dataset_create(actor, agency_row.id)
        dataset_id = None
        if dataset:
            dataset_id = session.scalar(select(Dataset.id).where(Dataset.slug == dataset, Dataset.agency_id == agency_row.id))
            if dataset_id is None:
                errors["dataset"] = "dataset-not-of-agency"
        if errors:
            raise InvalidInput(errors)
        assert isinstance(due, dt.date)
        item = InventoryItem(agency_id=agency_row.id, title=title, description=plain_text(description, multiline=True),
                             due=due, dataset_id=dataset_id, created_by_id=actor.user_id)
        session.add(item)
        session.flush()
        audit.record(session, actor, "inventory-add", "agency", agency, item=item.id, title=title, due=due.isoformat(),
                     dataset=dataset)
        item_id, agency_id = item.id, agency_row.id
    score_agencies(platform, [agency_id], trigger="inventory")
    return item_id


def inventory_remove(platform: Platform, actor: Actor, *, agency: str, item_id: int) -> None:
    permissions.writer(actor)
    with platform.db.write() as session:
        item = session.get(InventoryItem, item_id)
        agency_row = session.scalar(select(Agency).where(Agency.slug == agency))
        if agency_row is None or item is None or item.agency_id != agency_row.id:
            raise NotFound("inventory-item-not-found", item=item_id)
        permissions.dataset_create(actor, agency_row.id)
        audit.record(session, actor, "inventory-remove", "agency", agency, item=item_id, title=item.title)
        session.delete(item)
        agency_id = agency_row.id
    score_agencies(platform, [agency_id], trigger="inventory")
