"""Read accounts: one's own (profile, roles, tokens), all of them for platform admins, an agency's members."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from .. import permissions
from ..actor import Actor
from ..errors import NotAuthorized, NotFound
from ..models import Agency, ApiToken, Membership, User
from ..platform import Platform

__all__ = ["AccountView", "MemberView", "TokenView", "UserView", "account", "agency_members", "user_list"]


@dataclass(frozen=True)
class TokenView:
    id: int
    prefix: str
    scope: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None

    @property
    def active(self) -> bool:
        now = dt.datetime.now(dt.timezone.utc)
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


@dataclass(frozen=True)
class MemberView:
    username: str
    display_name: str
    agency_slug: str
    agency_name: str
    role: str


@dataclass(frozen=True)
class UserView:
    username: str
    display_name: str
    email: str | None
    is_active: bool
    is_admin: bool
    is_auditor: bool
    last_login_at: dt.datetime | None
    locked_until: dt.datetime | None
    roles: list[MemberView]


@dataclass(frozen=True)
class AccountView:
    user: UserView
    tokens: list[TokenView]


def account(platform: Platform, actor: Actor) -> AccountView:
    if actor.user_id is None:
        raise NotAuthorized("login-required")
    with platform.db.read() as session:
        user = session.get(User, actor.user_id)
        if user is None:
            raise NotAuthorized("login-required")
        tokens = session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())).all()
        return AccountView(
            _user_view(session, user),
            [TokenView(t.id, t.prefix, t.scope.value, t.created_at, t.expires_at, t.last_used_at, t.revoked_at) for t in tokens],
        )


def user_list(platform: Platform, actor: Actor) -> list[UserView]:
    permissions.user_update(actor)
    with platform.db.read() as session:
        return [_user_view(session, user) for user in session.scalars(select(User).order_by(User.username))]


def agency_members(platform: Platform, actor: Actor, slug: str) -> list[MemberView]:
    """An agency's members, for its admins, platform admins and auditors."""
    with platform.db.read() as session:
        agency = session.scalar(select(Agency).where(Agency.slug == slug))
        if agency is None:
            raise NotFound("agency-not-found", slug=slug)
        if not (actor.administers(agency.id) or actor.is_auditor):
            raise NotAuthorized("not-agency-admin" if actor.is_authenticated else "login-required")
        rows = session.execute(
            select(User, Membership).join(Membership, Membership.user_id == User.id).where(Membership.agency_id == agency.id)
            .order_by(User.username)
        ).all()
        return [MemberView(user.username, user.display_name, agency.slug, agency.name, membership.role.value) for user, membership in rows]


def _user_view(session, user: User) -> UserView:  # type: ignore[no-untyped-def]
    roles = session.execute(
        select(Agency.slug, Agency.name, Membership.role).join(Membership, Membership.agency_id == Agency.id)
        .where(Membership.user_id == user.id).order_by(Agency.name)
    ).all()
    return UserView(
        user.username, user.display_name, user.email, user.is_active, user.is_admin, user.is_auditor, user.last_login_at,
        user.locked_until, [MemberView(user.username, user.display_name, slug, name, role.value) for slug, name, role in roles],
    )
