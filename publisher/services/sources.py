"""Harvest sources: connect an agency's system once (``source_create``), test it, run it now,
change or pause it. Each use case is guarded by the same-named check in ``permissions`` and
written to the audit log; runs themselves are in ``services.harvests``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from datapackages.names import slugify
from harvesters.base import SourceConfig, check_config
from harvesters.errors import InvalidConfig, SourceUnreachable, UnsafeTarget
from harvesters.http import NetworkPolicy

from .. import audit, permissions
from ..actor import Actor
from ..errors import Conflict, InvalidInput, NotFound, Unavailable
from ..models import Agency, RunTrigger, Source, utcnow
from ..platform import Platform
from ..schedules import parse_schedule
from ..pipeline.harvest import harvester_registry, shown_url
from .harvests import RunRef, abandon_run, claim_run, execute_run

__all__ = [
    "PREVIEW_ITEMS",
    "SourceRef",
    "harvest_run",
    "parse_options",
    "record_next_runs",
    "source_create",
    "source_disable",
    "source_enable",
    "source_test",
    "source_update",
]

PREVIEW_ITEMS = 5
"""Items a test of the source fetches and checks."""
MAX_NAME = 100
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class SourceRef:
    id: int
    name: str
    agency: str
    type: str


def parse_options(lines: str | list[str] | tuple[str, ...]) -> dict[str, Any]:
    """``key=value`` lines (from a form or ``--option``) as options. A value that reads as JSON
    (``["csv", "xlsx"]``, ``100``, ``true``) is taken as such, so list and number options work too."""
    options: dict[str, Any] = {}
    for line in lines.splitlines() if isinstance(lines, str) else lines:
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise InvalidInput({"options": "invalid-option"}, line=line.strip())
        value = value.strip()
        try:
            options[key.strip()] = json.loads(value) if value[:1] in '[{"' or value in ("true", "false") or value.isdigit() else value
        except ValueError as error:
            raise InvalidInput({"options": "invalid-option"}, line=line.strip()) from error
    return options


def source_create(platform: Platform, actor: Actor, *, agency: str, type: str, url: str, name: str | None = None,
                  options: Mapping[str, Any] | None = None, schedule: str | None = None, enabled: bool = True) -> SourceRef:
    """Register a source for ``agency`` (a slug); its settings are checked against its type's schema,
    its address against the harvest allow-list, its schedule read. ``name`` defaults to the type and host."""
    with platform.db.read() as session:
        agency_id = session.scalar(select(Agency.id).where(Agency.slug == agency))
        if agency_id is None:
            raise NotFound("agency-not-found", slug=agency)
    permissions.source_create(actor, agency_id)
    schedule = platform.settings.harvest_default_schedule if schedule is None else schedule
    options = dict(options or {})
    _check(platform, type, url, options, schedule, name)
    with platform.db.write() as session:
        chosen = name or _free_name(session, agency_id, _default_name(type, url))
        if session.scalar(select(Source.id).where(Source.agency_id == agency_id, Source.name == chosen)) is not None:
            raise Conflict("source-name-taken", name=chosen)
        source = Source(agency_id=agency_id, name=chosen, type=type, url=url.strip(), options=options,
                        schedule=" ".join(schedule.split()), enabled=enabled, created_by_id=actor.user_id)
        session.add(source)
        session.flush()
        audit.record(session, actor, "source-create", "source", chosen, agency=agency, type=type, url=shown_url(url))
        return SourceRef(source.id, source.name, agency, type)


def source_update(platform: Platform, actor: Actor, *, source_id: int, url: str | None = None,
                  options: Mapping[str, Any] | None = None, schedule: str | None = None) -> SourceRef:
    """Change a source's address, options or schedule; the same checks as on creation apply."""
    with platform.db.read() as session:
        source = _source(session, source_id)
        permissions.source_update(actor, source.agency_id)
        new_url = source.url if url is None else url.strip()
        new_options = dict(source.options) if options is None else dict(options)
        new_schedule = source.schedule if schedule is None else " ".join(schedule.split())
        kind, name = source.type, source.name
    _check(platform, kind, new_url, new_options, new_schedule, name)
    with platform.db.write() as session:
        source = _source(session, source_id)
        source.url, source.options, source.schedule, source.updated_at = new_url, new_options, new_schedule, utcnow()
        audit.record(session, actor, "source-update", "source", source.name, url=shown_url(new_url), schedule=new_schedule)
        return SourceRef(source.id, source.name, source.agency.slug, source.type)


def source_enable(platform: Platform, actor: Actor, *, source_id: int) -> None:
    """Harvest the source on its schedule again."""
    _set_enabled(platform, actor, source_id, True)


def source_disable(platform: Platform, actor: Actor, *, source_id: int) -> None:
    """Stop harvesting the source on schedule (it can still be run by hand); its datasets stay."""
    _set_enabled(platform, actor, source_id, False)


def _set_enabled(platform: Platform, actor: Actor, source_id: int, enabled: bool) -> None:
    with platform.db.write() as session:
        source = _source(session, source_id)
        (permissions.source_enable if enabled else permissions.source_disable)(actor, source.agency_id)
        source.enabled, source.updated_at = enabled, utcnow()
        audit.record(session, actor, "source-enable" if enabled else "source-disable", "source", source.name)


def source_test(platform: Platform, actor: Actor, *, source_id: int, max_items: int = PREVIEW_ITEMS,
                trigger: str = "manual") -> RunRef:
    """Test the source: discover it, fetch and check its first ``max_items`` items, publish nothing.
    The result is a dry run, recorded with its items so it can be read like any run."""
    with platform.db.read() as session:
        permissions.source_test(actor, _source(session, source_id).agency_id)
    run_id = claim_run(platform, actor, source_id, trigger=RunTrigger(trigger), dry_run=True, max_items=max_items)
    return execute_run(platform, run_id)


def harvest_run(platform: Platform, actor: Actor, *, source_id: int, trigger: str = "manual",
                max_items: int | None = None, wait: bool = True) -> RunRef:
    """Harvest the source now and publish what changed. ``Conflict('harvest-running')`` when a
    run of it is under way. With ``wait=False`` the run is handed to the platform's jobs (a
    background thread in `opendata serve`) and its reference returned at once, still running."""
    with platform.db.read() as session:
        permissions.harvest_run(actor, _source(session, source_id).agency_id)
    run_id = claim_run(platform, actor, source_id, trigger=RunTrigger(trigger), max_items=max_items)
    if wait:
        return execute_run(platform, run_id)
    try:
        platform.dispatch("publisher.services.harvests:execute_run", run_id=run_id)
    except Unavailable:
        abandon_run(platform, run_id, "jobs-unavailable")  # never left "running" with nobody to run it
        raise
    return RunRef(run_id, source_id, "running", False)


def _source(session: Any, source_id: int) -> Source:
    source = session.get(Source, source_id)
    if source is None:
        raise NotFound("source-not-found", source=source_id)
    return source


def _check(platform: Platform, kind: str, url: str, options: dict[str, Any], schedule: str, name: str | None) -> None:
    """Every field error at once: type, settings, address, schedule and name."""
    errors: dict[str, str] = {}
    params: dict[str, Any] = {}
    try:
        check_config(harvester_registry(platform.settings.harvesters_enabled_list).get(kind), SourceConfig(url, options))
    except InvalidConfig as error:
        errors.update(error.field_errors)
        params.update(error.params)
    if "url" not in errors and url.strip().lower().startswith(("http://", "https://")):
        try:
            policy = NetworkPolicy(platform.settings.harvest_allow_list)
            host, port = policy.check_url(url.strip())
            policy.pin(host, port)
        except UnsafeTarget as error:
            errors["url"] = "address-not-allowed"
            params.update(error.params, reason=error.code)
        except SourceUnreachable:
            pass  # a host that does not resolve today may tomorrow: the run will say so
    try:
        parse_schedule(schedule)
    except ValueError:
        errors["schedule"] = "invalid-schedule"
    if name is not None and (len(name) > MAX_NAME or not _NAME.fullmatch(name)):
        errors["name"] = "invalid-slug"
    if errors:
        raise InvalidInput(errors, **params)


def _default_name(kind: str, url: str) -> str:
    host = urlsplit(url).hostname or ""
    return slugify(f"{kind} {host}")[:MAX_NAME - 4] or kind


def _free_name(session: Any, agency_id: int, base: str) -> str:
    taken = set(session.scalars(select(Source.name).where(Source.agency_id == agency_id, Source.name.like(f"{base}%"))))
    name, suffix = base, 2
    while name in taken:
        name, suffix = f"{base}-{suffix}", suffix + 1
    return name


def record_next_runs(platform: Platform, next_runs: Mapping[int, dt.datetime | None]) -> None:
    """Note when each source runs next (the scheduler's answer), for the pages; only changes are written."""
    with platform.db.write() as session:
        for source in session.scalars(select(Source).where(Source.id.in_(list(next_runs)))):
            when = next_runs[source.id]
            when = when.astimezone(dt.timezone.utc) if when else None
            if source.next_run_at != when:
                source.next_run_at = when
