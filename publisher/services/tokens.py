"""API tokens: shown once, stored as SHA-256, scoped read or write, expiring."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select, update

from .. import audit, permissions
from ..actor import Actor
from ..errors import InvalidInput, NotAuthorized, NotFound
from ..models import ApiToken, TokenScope, User, utcnow
from ..platform import Platform
from .users import actor_for_user

__all__ = ["TOKEN_PREFIX", "actor_for_token", "token_issue", "token_revoke"]

TOKEN_PREFIX = "odp_"
_USAGE_RESOLUTION = dt.timedelta(minutes=5)


def token_issue(platform: Platform, actor: Actor, *, username: str, scope: str = "read", days: int = 365) -> str:
    """Issue a token for ``username`` and return it; only its hash is kept, so it cannot be shown again."""
    if scope not in {member.value for member in TokenScope}:
        raise InvalidInput({"scope": "unknown-scope"})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with platform.db.write() as session:
        user = session.scalar(select(User).where(User.username == username))
        permissions.token_issue(actor, user.id if user else None)
        if user is None:
            raise NotFound("user-not-found", username=username)
        session.add(
            ApiToken(
                user_id=user.id,
                token_hash=_digest(token),
                prefix=token[:12],
                scope=TokenScope(scope),
                expires_at=utcnow() + dt.timedelta(days=days),
            )
        )
        audit.record(session, actor, "token-issue", "user", username, scope=scope, prefix=token[:12], days=days)
    return token


def token_revoke(platform: Platform, actor: Actor, *, token_id: int) -> None:
    """Revoke a token at once; it stays listed, marked revoked, for the record."""
    with platform.db.write() as session:
        row = session.get(ApiToken, token_id)
        if row is None:
            raise NotFound("token-not-found")
        try:
            permissions.token_revoke(actor, row.user_id)
        except NotAuthorized:
            raise NotFound("token-not-found") from None  # someone else's token: as if it did not exist
        if row.revoked_at is None:
            row.revoked_at = utcnow()
            audit.record(session, actor, "token-revoke", "user", row.user.username, prefix=row.prefix)


def actor_for_token(platform: Platform, token: str, *, address: str | None = None) -> Actor:
    digest = _digest(token)
    now = utcnow()
    with platform.db.read() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
        if row is None or row.revoked_at is not None or (row.expires_at is not None and row.expires_at <= now):
            raise NotAuthorized("invalid-token")
        user_id, can_write, last_used = row.user_id, row.scope is TokenScope.WRITE, row.last_used_at
    if last_used is None or now - last_used > _USAGE_RESOLUTION:
        # Record use at most every few minutes: a write per API call would queue every reader on SQLite.
        with platform.db.write() as session:
            session.execute(update(ApiToken).where(ApiToken.token_hash == digest).values(last_used_at=now))
    actor = actor_for_user(platform, user_id, address=address, can_write=can_write)
    if not actor.is_authenticated:
        raise NotAuthorized("invalid-token")
    return actor


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
