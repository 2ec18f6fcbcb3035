"""What the national CKAN has of a dataset: its last push, for the agency's people to see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from ..actor import Actor
from ..models import Dataset, PushRecord
from ..platform import Platform

__all__ = ["PushStatus", "push_status"]


@dataclass(frozen=True)
class PushStatus:
    outcome: str
    attempted_at: dt.datetime
    pushed_at: dt.datetime | None
    """When CKAN last accepted a change (None: never yet)."""
    error_code: str | None
    error_detail: str | None
    url: str | None
    """The package's page at CKAN."""


def push_status(platform: Platform, actor: Actor, slug: str) -> PushStatus | None:
    """The dataset's last push to the configured CKAN; None when there is none, no CKAN is
    configured, or the actor is not among those who may see the agency's drafts."""
    target = platform.settings.ckan_url.rstrip("/")
    if not target:
        return None
    with platform.db.read() as session:
        row = session.execute(select(PushRecord, Dataset.agency_id).join(Dataset, PushRecord.dataset_id == Dataset.id)
                              .where(Dataset.slug == slug, PushRecord.target == target)).first()
        if row is None or not actor.sees_drafts_of(row[1]):
            return None
        record = row[0]
        return PushStatus(record.outcome.value, record.attempted_at, record.pushed_at, record.error_code,
                          record.error_detail, f"{target}/dataset/{record.remote_name}" if record.remote_name else None)
