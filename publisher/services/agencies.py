"""Agencies: created by platform admins (and by the demo loader)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from datapackages.names import slugify

from .. import audit, permissions
from ..actor import Actor
from ..errors import Conflict, InvalidInput, NotFound
from ..models import Agency, AgencyLevel
from ..platform import Platform

__all__ = ["AgencyRef", "agency_create"]


@dataclass(frozen=True)
class AgencyRef:
    id: int
    slug: str
    name: str


def agency_create(
    platform: Platform,
    actor: Actor,
    *,
    name: str,
    level: str,
    code: str | None = None,
    parent: str | None = None,
    slug: str | None = None,
    description: str = "",
    website: str | None = None,
    email: str | None = None,
) -> AgencyRef:
    """Create an agency. ``level`` is one of ministry, province, commune, other; ``parent`` a slug."""
    permissions.agency_create(actor)
    name = name.strip()
    errors = {}
    if not name:
        errors["name"] = "required"
    if level not in {member.value for member in AgencyLevel}:
        errors["level"] = "unknown-level"
    slug = slug or slugify(name)
    if not slug:
        errors["slug"] = "required"
    if errors:
        raise InvalidInput(errors)
    with platform.db.write() as session:
        if session.scalar(select(Agency.id).where(Agency.slug == slug)) is not None:
            raise Conflict("slug-taken", slug=slug)
        parent_id = None
        if parent:
            parent_id = session.scalar(select(Agency.id).where(Agency.slug == parent))
            if parent_id is None:
                raise NotFound("agency-not-found", slug=parent)
        agency = Agency(
            slug=slug,
            name=name,
            level=AgencyLevel(level),
            code=code,
            parent_id=parent_id,
            description=description,
            website=website,
            email=email,
        )
        session.add(agency)
        session.flush()
        audit.record(session, actor, "agency-create", "agency", slug, name=name, level=level)
        return AgencyRef(agency.id, agency.slug, agency.name)
