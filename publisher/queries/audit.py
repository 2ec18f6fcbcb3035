"""Read the audit log, for platform admins and auditors: filter, page, export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from .. import permissions
from ..actor import Actor
from ..models import AuditLog
from ..platform import Platform
from .views import LAST_PAGE, Page

__all__ = ["AuditEntry", "AuditFilter", "audit_entries", "audit_page"]


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor: str
    action: str
    target_type: str
    target: str
    address: str | None
    summary: dict[str, Any]


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    action: str | None = None
    target: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


def _query(where: AuditFilter) -> Select[tuple[AuditLog]]:
    query = select(AuditLog)
    if where.actor:
        query = query.where(AuditLog.actor_name == where.actor)
    if where.action:
        query = query.where(AuditLog.action == where.action)
    if where.target:
        query = query.where(AuditLog.target == where.target)
    if where.since:
        query = query.where(AuditLog.at >= dt.datetime.combine(where.since, dt.time(0), dt.timezone.utc))
    if where.until:
        query = query.where(AuditLog.at < dt.datetime.combine(where.until + dt.timedelta(days=1), dt.time(0), dt.timezone.utc))
    return query


def _entry(row: AuditLog) -> AuditEntry:
    return AuditEntry(row.id, row.at, row.actor_name, row.action, row.target_type, row.target, row.address, dict(row.summary))


def audit_page(platform: Platform, actor: Actor, where: AuditFilter, *, page: int = 1, per_page: int = 50) -> Page[AuditEntry]:
    permissions.audit_read(actor)
    page, per_page = min(max(1, page), LAST_PAGE), min(max(1, per_page), 500)
    query = _query(where)
    with platform.db.read() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.scalars(query.order_by(AuditLog.id.desc()).offset((page - 1) * per_page).limit(per_page)).all()
        return Page([_entry(row) for row in rows], total, page, per_page)


def audit_entries(platform: Platform, actor: Actor, where: AuditFilter) -> Iterator[AuditEntry]:
    """Every matching entry, oldest first, read in batches (for CSV exports of any size). The
    permission is checked now, before the first entry is asked for."""
    permissions.audit_read(actor)
    return _batches(platform, where)


def _batches(platform: Platform, where: AuditFilter) -> Iterator[AuditEntry]:
    last_id = 0
    while True:
        with platform.db.read() as session:
            rows = session.scalars(_query(where).where(AuditLog.id > last_id).order_by(AuditLog.id).limit(1000)).all()
            batch = [_entry(row) for row in rows]
        if not batch:
            return
        yield from batch
        last_id = batch[-1].id
