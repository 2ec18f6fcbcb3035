"""Agencies: created by platform admins (and by the demo loader)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from datapackages.names import plain_text, slugify

from .. import audit, permissions
from ..actor import Actor
from ..errors import Conflict, InvalidInput, NotFound
from ..models import Agency, AgencyLevel
from ..platform import Platform

__all__ = ["AgencyRef", "agency_create", "agency_update"]


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
    name = plain_text(name)
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


def agency_update(
    platform: Platform,
    actor: Actor,
    *,
    slug: str,
    description: str | None = None,
    website: str | None = None,
    email: str | None = None,
    shares_with_parent: bool | None = None,
) -> None:
    """An agency's admins describe it and decide whether the agency above may read its drafts."""
    with platform.db.write() as session:
        agency = session.scalar(select(Agency).where(Agency.slug == slug))
        if agency is None:
            raise NotFound("agency-not-found", slug=slug)
        permissions.agency_update(actor, agency.id)
        fields = {"description": description, "website": website, "email": email, "shares_with_parent": shares_with_parent}
        before = {name: getattr(agency, name) for name, value in fields.items() if value is not None}
        for name, value in fields.items():
            if value is not None:
                setattr(agency, name, plain_text(value, multiline=name == "description").strip() if isinstance(value, str) else value)
        after = {name: getattr(agency, name) for name in before}
        if after != before:
            audit.record(session, actor, "agency-update", "agency", slug, before=before, after=after)
