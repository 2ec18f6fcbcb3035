"""Read harvest sources, their runs and the runs' items, as each actor may see them.

A source's settings name an agency's internal systems, so sources are shown only to the agency's
members, auditors and admins (``permissions.source_read``); to anyone else they do not exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from .. import permissions
from ..actor import Actor
from ..errors import NotFound, PublisherError
from ..models import Agency, Dataset, HarvestItem, HarvestRun, ItemStatus, Source, SourceHealth
from ..pipeline.harvest import harvester_registry, shown_url
from ..platform import Platform
from .views import ItemView, RunDetail, RunSummary, SourceDetail, SourceSummary, SourceType

__all__ = [
    "agency_sources",
    "allowed",
    "failing_sources",
    "run_detail",
    "schedules",
    "source_detail",
    "source_find",
    "source_list",
    "source_runs",
    "source_types",
]

_SECRET = re.compile(r"pass|secret|token|key|auth", re.I)
_ITEM_ORDER = {status: index for index, status in enumerate(ItemStatus)}


def allowed(check: Callable[[Actor, int], None], actor: Actor, agency_id: int) -> bool:
    """Whether a permission check passes, for showing or hiding a button."""
    try:
        check(actor, agency_id)
    except PublisherError:
        return False
    return True


def agency_sources(platform: Platform, actor: Actor, agency: str | int) -> list[SourceSummary]:
    """An agency's sources with their health (empty for those who may not see them)."""
    with platform.db.read() as session:
        agency_id = agency if isinstance(agency, int) else session.scalar(select(Agency.id).where(Agency.slug == agency))
        if agency_id is None or not allowed(permissions.source_read, actor, agency_id):
            return []
        return _summaries(session, select(Source).where(Source.agency_id == agency_id))


def source_list(platform: Platform, actor: Actor) -> list[SourceSummary]:
    """Every source this actor may see, by agency then name."""
    with platform.db.read() as session:
        query = select(Source)
        if not (actor.is_admin or actor.is_auditor):
            query = query.where(Source.agency_id.in_(list(actor.roles)))
        return _summaries(session, query)


def failing_sources(platform: Platform, actor: Actor) -> list[SourceSummary]:
    """Sources of the actor's own agencies whose last run failed or left items failed: what officers are told."""
    if not actor.roles:
        return []
    with platform.db.read() as session:
        return _summaries(session, select(Source).where(
            Source.agency_id.in_(list(actor.roles)), Source.health.in_([SourceHealth.FAILING, SourceHealth.PARTIAL])))


def source_find(platform: Platform, actor: Actor, ref: str) -> SourceSummary:
    """A source by id, by name (when only one agency has it) or by ``agency-slug/name``."""
    with platform.db.read() as session:
        query = select(Source).join(Agency, Source.agency_id == Agency.id)
        if ref.isdigit():
            query = query.where(Source.id == int(ref))
        elif "/" in ref:
            agency, name = ref.split("/", 1)
            query = query.where(Agency.slug == agency, Source.name == name)
        else:
            query = query.where(Source.name == ref)
        found = [item for item in _summaries(session, query) if allowed(permissions.source_read, actor, _agency_id(session, item))]
    if len(found) != 1:
        raise NotFound("source-not-found", source=ref, matches=len(found))
    return found[0]


def source_detail(platform: Platform, actor: Actor, source_id: int, *, runs: int = 20) -> SourceDetail:
    with platform.db.read() as session:
        source = _visible(session, actor, source_id)
        summary = _summaries(session, select(Source).where(Source.id == source_id))[0]
        recent = session.scalars(select(HarvestRun).where(HarvestRun.source_id == source_id)
                                 .order_by(HarvestRun.id.desc()).limit(runs)).all()
        return SourceDetail(
            summary=summary,
            url=shown_url(source.url),
            options={key: "***" if _SECRET.search(key) else value for key, value in source.options.items()},
            type_title=next((kind.title for kind in source_types(platform) if kind.name == source.type), source.type),
            created_at=source.created_at,
            runs=[_run(run) for run in recent],
            can_manage=allowed(permissions.source_update, actor, source.agency_id),
            can_run=allowed(permissions.harvest_run, actor, source.agency_id),
        )


def source_runs(platform: Platform, actor: Actor, source_id: int, *, limit: int = 100) -> list[RunSummary]:
    with platform.db.read() as session:
        _visible(session, actor, source_id)
        return [_run(run) for run in session.scalars(select(HarvestRun).where(HarvestRun.source_id == source_id)
                                                     .order_by(HarvestRun.id.desc()).limit(limit))]


def run_detail(platform: Platform, actor: Actor, source_id: int, run_id: int, *, status: str | None = None) -> RunDetail:
    """A run with its items, failures first; ``status`` keeps only items of that status."""
    with platform.db.read() as session:
        _visible(session, actor, source_id)
        run = session.get(HarvestRun, run_id)
        if run is None or run.source_id != source_id:
            raise NotFound("run-not-found", run=run_id)
        query = (select(HarvestItem, Dataset.slug, Dataset.title)
                 .outerjoin(Dataset, HarvestItem.dataset_id == Dataset.id)
                 .where(HarvestItem.run_id == run_id))
        if status in {item.value for item in ItemStatus}:
            query = query.where(HarvestItem.status == ItemStatus(status))
        rows = session.execute(query.order_by(HarvestItem.id)).all()
        items = [ItemView(item.remote_id, item.title or (title or ""), item.status.value, slug, title, item.version_number,
                          item.valid, item.error_count, item.error_code, dict(item.error_params), item.log_excerpt,
                          item.fetch_ms, item.process_ms, item.artifact_sha)
                 for item, slug, title in rows]
        items.sort(key=lambda view: (view.status != "failed", _ITEM_ORDER[ItemStatus(view.status)]))
        source = _summaries(session, select(Source).where(Source.id == source_id))[0]
        return RunDetail(_run(run), source, items, run.log_excerpt)


def schedules(platform: Platform) -> list[tuple[int, str, bool]]:
    """(id, schedule, enabled) of every source, for the scheduler."""
    with platform.db.read() as session:
        return [tuple(row) for row in session.execute(select(Source.id, Source.schedule, Source.enabled).order_by(Source.id))]  # type: ignore[misc]


def source_types(platform: Platform) -> list[SourceType]:
    """The source types this deployment offers, with their options as their schemas describe them."""
    return [
        SourceType(harvester.name, harvester.title,
                   {name: str(spec.get("description", "")) for name, spec in
                    harvester.config_schema.get("properties", {}).get("options", {}).get("properties", {}).items()})
        for harvester in harvester_registry(platform.settings.harvesters_enabled_list)
    ]


def _visible(session: Session, actor: Actor, source_id: int) -> Source:
    source = session.get(Source, source_id)
    if source is None:
        raise NotFound("source-not-found", source=source_id)
    permissions.source_read(actor, source.agency_id)
    return source


def _agency_id(session: Session, summary: SourceSummary) -> int:
    return session.scalar(select(Source.agency_id).where(Source.id == summary.id)) or 0


def _summaries(session: Session, query: Any) -> list[SourceSummary]:
    listed = query.subquery()
    counts = (select(Dataset.source_id, func.count().label("n"))
              .where(Dataset.source_id.is_not(None), Dataset.withdrawn_at.is_(None), Dataset.current_version_id.is_not(None))
              .group_by(Dataset.source_id).subquery())
    rows = session.execute(
        select(Source, Agency.slug, Agency.name, counts.c.n)
        .join(listed, listed.c.id == Source.id)
        .join(Agency, Source.agency_id == Agency.id)
        .outerjoin(counts, counts.c.source_id == Source.id)
        .order_by(Agency.name, case((Source.enabled, 0), else_=1), Source.name)
    ).all()
    return [
        SourceSummary(source.id, source.name, source.type, agency_slug, agency_name, source.enabled, source.schedule,
                      source.health.value, source.last_run_at, source.last_success_at,
                      source.next_run_at if source.enabled else None, source.last_error_code,
                      dict(source.last_error_params), count or 0)
        for source, agency_slug, agency_name, count in rows
    ]


def _run(run: HarvestRun) -> RunSummary:
    return RunSummary(run.id, run.source_id, run.trigger.value, run.dry_run, run.status.value, run.started_at,
                      run.finished_at, run.max_items, dict(run.counts), run.error_code, dict(run.error_params))
