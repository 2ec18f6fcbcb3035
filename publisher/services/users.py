"""Users: accounts, agency roles and sign-in. Passwords are hashed with Argon2 (argon2-cffi)."""

from __future__ import annotations

from dataclasses import dataclass

from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit, permissions
from ..actor import Actor
from ..errors import Conflict, InvalidInput, NotAuthorized, NotFound
from ..models import Agency, MemberRole, Membership, User, utcnow
from ..platform import Platform

__all__ = ["UserRef", "actor_for_user", "membership_set", "user_authenticate", "user_create"]

MIN_PASSWORD_LENGTH = 8


@cache
def _hasher(profile: str) -> tuple[PasswordHasher, str]:
    """The Argon2 hasher for a named argon2-cffi profile, and a dummy hash to spend the same time on
    unknown usernames. Stored hashes carry their own parameters, so a stronger profile upgrades
    each password at its owner's next sign-in."""
    hasher = PasswordHasher.from_parameters(getattr(profiles, profile))
    return hasher, hasher.hash("timing equaliser for unknown usernames")


@dataclass(frozen=True)
class UserRef:
    id: int
    username: str


def user_create(
    platform: Platform,
    actor: Actor,
    *,
    username: str,
    password: str,
    display_name: str | None = None,
    email: str | None = None,
    is_admin: bool = False,
    is_auditor: bool = False,
) -> UserRef:
    permissions.user_create(actor)
    username = username.strip().lower()
    errors = {}
    if not username or not username.replace("-", "").replace("_", "").replace(".", "").isalnum():
        errors["username"] = "invalid-username"
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = "password-too-short"
    if errors:
        raise InvalidInput(errors)
    with platform.db.write() as session:
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            raise Conflict("username-taken", username=username)
        user = User(
            username=username,
            display_name=display_name or username,
            email=email,
            password_hash=_hasher(platform.settings.password_profile)[0].hash(password),
            is_admin=is_admin,
            is_auditor=is_auditor,
        )
        session.add(user)
        session.flush()
        audit.record(session, actor, "user-create", "user", username, is_admin=is_admin, is_auditor=is_auditor)
        return UserRef(user.id, user.username)


def membership_set(platform: Platform, actor: Actor, *, username: str, agency: str, role: str) -> None:
    """Give a user a role ('editor' or 'admin') in an agency, replacing any role they had there."""
    permissions.membership_set(actor)
    if role not in {member.value for member in MemberRole}:
        raise InvalidInput({"role": "unknown-role"})
    with platform.db.write() as session:
        user = session.scalar(select(User).where(User.username == username))
        agency_row = session.scalar(select(Agency).where(Agency.slug == agency))
        if user is None:
            raise NotFound("user-not-found", username=username)
        if agency_row is None:
            raise NotFound("agency-not-found", slug=agency)
        membership = session.scalar(
            select(Membership).where(Membership.user_id == user.id, Membership.agency_id == agency_row.id)
        )
        before = membership.role.value if membership else None
        if membership is None:
            session.add(Membership(user_id=user.id, agency_id=agency_row.id, role=MemberRole(role)))
        else:
            membership.role = MemberRole(role)
        audit.record(session, actor, "role-change", "user", username, agency=agency, before=before, after=role)


def user_authenticate(platform: Platform, *, username: str, password: str, address: str | None = None) -> Actor:
    """Check a password; the answer never tells whether the username exists."""
    hasher, dummy = _hasher(platform.settings.password_profile)
    with platform.db.write() as session:
        user = session.scalar(select(User).where(User.username == username.strip().lower()))
        try:
            hasher.verify(user.password_hash if user and user.password_hash else dummy, password)
        except (VerificationError, InvalidHashError):
            user = None
        if user is None or not user.is_active:
            raise NotAuthorized("login-failed")
        if hasher.check_needs_rehash(user.password_hash or ""):
            user.password_hash = hasher.hash(password)
        user.last_login_at = utcnow()
        actor = _actor(session, user, address=address)
        audit.record(session, actor, "login", "user", user.username)
        return actor


def actor_for_user(platform: Platform, user_id: int, *, address: str | None = None, can_write: bool = True) -> Actor:
    """The actor for a signed-in session; anonymous when the account is gone or disabled."""
    with platform.db.read() as session:
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            return Actor.anonymous(address)
        return _actor(session, user, address=address, can_write=can_write)


def _actor(session: Session, user: User, *, address: str | None, can_write: bool = True) -> Actor:
    memberships = session.scalars(select(Membership).where(Membership.user_id == user.id)).all()
    return Actor(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        is_admin=user.is_admin,
        is_auditor=user.is_auditor,
        roles={membership.agency_id: membership.role.value for membership in memberships},
        can_write=can_write,
        address=address,
    )
