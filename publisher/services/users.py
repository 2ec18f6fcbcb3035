"""Users: accounts, agency roles and sign-in. Passwords are hashed with Argon2 (argon2-cffi).

Accounts are disabled, never deleted, so the audit log always names who did what.
"""

from __future__ import annotations

import datetime as dt
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

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "UserRef",
    "actor_for_user",
    "membership_set",
    "password_change",
    "user_authenticate",
    "user_create",
    "user_signed_out",
    "user_update",
]

MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True)
class UserRef:
    id: int
    username: str


@cache
def _hasher(profile: str) -> tuple[PasswordHasher, str]:
    """The Argon2 hasher for a named argon2-cffi profile, and a dummy hash to spend the same time on
    unknown usernames. Stored hashes carry their own parameters, so a stronger profile upgrades
    each password at its owner's next sign-in."""
    hasher = PasswordHasher.from_parameters(getattr(profiles, profile))
    return hasher, hasher.hash("timing equaliser for unknown usernames")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput({"password": "password-too-short"})


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
    if not username or not username.replace("-", "").replace("_", "").replace(".", "").isalnum() or len(username) > 100:
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
            display_name=(display_name or username).strip()[:200],
            email=email,
            password_hash=_hasher(platform.settings.password_profile)[0].hash(password),
            is_admin=is_admin,
            is_auditor=is_auditor,
            password_changed_at=utcnow(),
        )
        session.add(user)
        session.flush()
        audit.record(session, actor, "user-create", "user", username, is_admin=is_admin, is_auditor=is_auditor)
        return UserRef(user.id, user.username)


def user_update(
    platform: Platform,
    actor: Actor,
    *,
    username: str,
    is_active: bool | None = None,
    is_admin: bool | None = None,
    is_auditor: bool | None = None,
    new_password: str | None = None,
) -> None:
    """Platform admins disable or enable an account, grant or remove platform roles, or reset a
    password (which also lifts a lockout)."""
    permissions.user_update(actor)
    if new_password is not None:
        _check_password(new_password)
    with platform.db.write() as session:
        user = _user(session, username)
        before = {"is_active": user.is_active, "is_admin": user.is_admin, "is_auditor": user.is_auditor}
        if user.id == actor.user_id and (is_active is False or is_admin is False):
            raise Conflict("cannot-lock-yourself-out")
        for name, value in (("is_active", is_active), ("is_admin", is_admin), ("is_auditor", is_auditor)):
            if value is not None:
                setattr(user, name, value)
        after = {"is_active": user.is_active, "is_admin": user.is_admin, "is_auditor": user.is_auditor}
        if after != before:
            audit.record(session, actor, "user-update", "user", username, before=before, after=after)
        if new_password is not None:
            user.password_hash = _hasher(platform.settings.password_profile)[0].hash(new_password)
            user.password_changed_at = utcnow()
            user.failed_logins, user.locked_until = 0, None
            audit.record(session, actor, "password-reset", "user", username)


def password_change(platform: Platform, actor: Actor, *, current: str, new: str) -> None:
    """A user changes their own password, proving they know the current one."""
    if actor.user_id is None:
        raise NotAuthorized("login-required")
    permissions.password_change(actor, actor.user_id)
    _check_password(new)
    hasher, _dummy = _hasher(platform.settings.password_profile)
    with platform.db.write() as session:
        user = session.get(User, actor.user_id)
        if user is None or not _verifies(hasher, user.password_hash, current):
            raise InvalidInput({"current": "wrong-password"})
        user.password_hash = hasher.hash(new)
        user.password_changed_at = utcnow()
        audit.record(session, actor, "password-change", "user", user.username)


def membership_set(platform: Platform, actor: Actor, *, username: str, agency: str, role: str | None) -> None:
    """Give a user a role ('editor' or 'admin') in an agency, or take it away (``role`` None)."""
    if role is not None and role not in {member.value for member in MemberRole}:
        raise InvalidInput({"role": "unknown-role"})
    with platform.db.write() as session:
        agency_row = session.scalar(select(Agency).where(Agency.slug == agency))
        if agency_row is None:
            raise NotFound("agency-not-found", slug=agency)
        permissions.membership_set(actor, agency_row.id)
        user = _user(session, username)
        membership = session.scalar(
            select(Membership).where(Membership.user_id == user.id, Membership.agency_id == agency_row.id)
        )
        before = membership.role.value if membership else None
        if role is None:
            if membership is not None:
                session.delete(membership)
        elif membership is None:
            session.add(Membership(user_id=user.id, agency_id=agency_row.id, role=MemberRole(role)))
        else:
            membership.role = MemberRole(role)
        if before != role:
            audit.record(session, actor, "role-change", "user", username, agency=agency, before=before, after=role)


def user_authenticate(platform: Platform, *, username: str, password: str, address: str | None = None) -> Actor:
    """Check a password. The answer never tells whether the username exists; after
    ``login_attempts`` wrong passwords the account is locked for ``lockout_minutes``."""
    settings = platform.settings
    hasher, dummy = _hasher(settings.password_profile)
    now = utcnow()
    failure: NotAuthorized | None = None
    with platform.db.write() as session:
        user = session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is not None and user.locked_until is not None and user.locked_until > now:
            _verifies(hasher, dummy, password)  # same time whatever the answer
            minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
            failure = NotAuthorized("account-locked", minutes=minutes)
            audit.record(session, Actor(address=address, username=user.username), "login-refused", "user", user.username, reason="locked")
        elif user is None or not user.is_active or not _verifies(hasher, user.password_hash or dummy, password):
            failure = NotAuthorized("login-failed")
            if user is not None:
                user.failed_logins += 1
                if user.failed_logins >= settings.login_attempts:
                    user.locked_until = now + dt.timedelta(minutes=settings.lockout_minutes)
                    user.failed_logins = 0
                    audit.record(session, Actor(address=address, username=user.username), "account-lock", "user", user.username)
            audit.record(session, Actor(address=address, username=username[:100]), "login-failed", "user", username[:100])
        else:
            if hasher.check_needs_rehash(user.password_hash or ""):
                user.password_hash = hasher.hash(password)
            user.last_login_at = now
            user.failed_logins, user.locked_until = 0, None
            actor = _actor(session, user, address=address)
            audit.record(session, actor, "login", "user", user.username)
            return actor
    raise failure  # after the commit, so the failed attempt and any lock are recorded


def user_signed_out(platform: Platform, actor: Actor) -> None:
    """Record a sign-out (the session itself lives in the browser's signed cookie)."""
    if actor.user_id is None:
        return
    with platform.db.write() as session:
        audit.record(session, actor, "logout", "user", actor.username)


def actor_for_user(platform: Platform, user_id: int, *, address: str | None = None, can_write: bool = True) -> Actor:
    """The actor for a signed-in session; anonymous when the account is gone or disabled."""
    with platform.db.read() as session:
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            return Actor.anonymous(address)
        return _actor(session, user, address=address, can_write=can_write)


def _verifies(hasher: PasswordHasher, stored: str | None, password: str) -> bool:
    try:
        return bool(stored) and hasher.verify(stored, password)  # type: ignore[arg-type]
    except (VerificationError, InvalidHashError):
        return False


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise NotFound("user-not-found", username=username)
    return user


def _actor(session: Session, user: User, *, address: str | None, can_write: bool = True) -> Actor:
    memberships = session.scalars(select(Membership).where(Membership.user_id == user.id)).all()
    roles = {membership.agency_id: membership.role.value for membership in memberships}
    return Actor(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        is_admin=user.is_admin,
        is_auditor=user.is_auditor,
        roles=roles,
        readable=_shared_below(session, set(roles)),
        can_write=can_write,
        address=address,
    )


def _shared_below(session: Session, agencies: set[int]) -> frozenset[int]:
    """Agencies under the given ones, through every level, that share their drafts with their parent."""
    children: dict[int, list[int]] = {}
    for agency_id, parent_id in session.execute(
        select(Agency.id, Agency.parent_id).where(Agency.shares_with_parent.is_(True), Agency.parent_id.is_not(None))
    ):
        children.setdefault(parent_id, []).append(agency_id)
    found: set[int] = set()
    stack = list(agencies)
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found and child not in agencies:
                found.add(child)
                stack.append(child)
    return frozenset(found)
