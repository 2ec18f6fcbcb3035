"""Read agencies with their published datasets."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from .. import permissions
from ..actor import Actor
from ..errors import NotFound
from ..models import Agency, AgencyLevel, Dataset, DatasetVersion
from ..platform import Platform
from .datasets import _summary
from .sources import agency_sources, allowed
from .views import AgencyDetail, AgencySummary

__all__ = ["agency_detail", "agency_list", "editable_agencies"]

_LEVEL_ORDER = {level: index for index, level in enumerate(AgencyLevel)}


def agency_list(platform: Platform, actor: Actor) -> list[AgencySummary]:
    """Every agency, ministries first, then provinces, then communes, each by name."""
    with platform.db.read() as session:
        return _summaries(session, select(Agency))


def agency_detail(platform: Platform, actor: Actor, slug: str) -> AgencyDetail:
    with platform.db.read() as session:
        agency = session.scalar(select(Agency).where(Agency.slug == slug))
        if agency is None:
            raise NotFound("agency-not-found", slug=slug)
        summary = _summaries(session, select(Agency).where(Agency.id == agency.id))[0]
        children = _summaries(session, select(Agency).where(Agency.parent_id == agency.id))
        current = aliased(DatasetVersion)
        rows = session.execute(
            select(Dataset, current)
            .outerjoin(current, Dataset.current_version_id == current.id)
            .where(Dataset.agency_id == agency.id)
            .order_by(Dataset.updated_at.desc())
        ).all()
        datasets = [_summary(dataset, agency, version) for dataset, version in rows
                    if version is not None and dataset.withdrawn_at is None]
        unpublished, withdrawn = [], []
        if actor.sees_drafts_of(agency.id):
            unpublished = [_summary(dataset, agency, None) for dataset, version in rows if version is None]
            withdrawn = [_summary(dataset, agency, version) for dataset, version in rows
                         if version is not None and dataset.withdrawn_at is not None]
        agency_id = agency.id
        detail = AgencyDetail(
            summary, agency.description, agency.website, agency.email, children, datasets, unpublished, withdrawn,
            shares_with_parent=agency.shares_with_parent, can_administer=actor.administers(agency.id) and actor.can_write,
        )
    return replace(detail, sources=agency_sources(platform, actor, agency_id),
                   can_add_source=allowed(permissions.source_create, actor, agency_id))


def editable_agencies(platform: Platform, actor: Actor) -> list[AgencySummary]:
    if not actor.can_write or not actor.is_authenticated:
        return []
    query = select(Agency)
    if not actor.is_admin:
        query = query.where(Agency.id.in_(list(actor.roles)))
    with platform.db.read() as session:
        return _summaries(session, query)


def _summaries(session, query) -> list[AgencySummary]:  # type: ignore[no-untyped-def]
    parent = aliased(Agency)
    counts = (
        select(Dataset.agency_id, func.count().label("n"))
        .where(Dataset.current_version_id.is_not(None), Dataset.withdrawn_at.is_(None))
        .group_by(Dataset.agency_id)
        .subquery()
    )
    agencies = query.subquery()
    listed = aliased(Agency, agencies)
    rows = session.execute(
        select(listed, parent.slug, parent.name, counts.c.n)
        .outerjoin(parent, listed.parent_id == parent.id)
        .outerjoin(counts, counts.c.agency_id == listed.id)
    ).all()
    summaries = [
        AgencySummary(agency.slug, agency.name, agency.level.value, agency.code, parent_slug, parent_name, count or 0)
        for agency, parent_slug, parent_name, count in rows
    ]
    return sorted(summaries, key=lambda item: (_LEVEL_ORDER[AgencyLevel(item.level)], item.name))
