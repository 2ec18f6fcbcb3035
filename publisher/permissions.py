"""One permission check per use case, named after it (``services.datasets.dataset_create`` is
guarded by ``permissions.dataset_create``). Each raises ``NotAuthorized`` with a code saying why."""

from __future__ import annotations

from .actor import Actor
from .errors import NotAuthorized, NotFound

__all__ = [
    "agency_create",
    "dataset_create",
    "dataset_withdraw",
    "draft_read",
    "harvest_run",
    "membership_set",
    "source_create",
    "source_disable",
    "source_enable",
    "source_read",
    "source_test",
    "source_update",
    "token_issue",
    "user_create",
    "version_publish",
    "version_upload",
]


def _writer(actor: Actor) -> None:
    if not actor.is_authenticated:
        raise NotAuthorized("login-required")
    if not actor.can_write:
        raise NotAuthorized("read-only-token")


def dataset_create(actor: Actor, agency_id: int) -> None:
    _writer(actor)
    if not actor.edits(agency_id):
        raise NotAuthorized("not-agency-editor")


def version_upload(actor: Actor, agency_id: int) -> None:
    _writer(actor)
    if not actor.edits(agency_id):
        raise NotAuthorized("not-agency-editor")


def version_publish(actor: Actor, agency_id: int) -> None:
    version_upload(actor, agency_id)


def draft_read(actor: Actor, agency_id: int) -> None:
    """Drafts are invisible, not forbidden, to those who may not see them: they get 'not found'."""
    if not actor.sees_drafts_of(agency_id):
        raise NotFound("draft-not-found")


def token_issue(actor: Actor, user_id: int | None) -> None:
    """Users issue tokens for themselves; admins for anyone (``user_id`` None: no such user)."""
    _writer(actor)
    if not (actor.is_admin or (user_id is not None and actor.user_id == user_id)):
        raise NotAuthorized("not-your-account")


def agency_create(actor: Actor) -> None:
    _writer(actor)
    if not actor.is_admin:
        raise NotAuthorized("admin-only")


def user_create(actor: Actor) -> None:
    agency_create(actor)


def membership_set(actor: Actor) -> None:
    agency_create(actor)


def dataset_withdraw(actor: Actor, agency_id: int) -> None:
    version_upload(actor, agency_id)


def _agency_admin(actor: Actor, agency_id: int) -> None:
    _writer(actor)
    if not (actor.is_admin or actor.roles.get(agency_id) == "admin"):
        raise NotAuthorized("not-agency-admin")


def source_create(actor: Actor, agency_id: int) -> None:
    """Connecting a system is the agency's administrators' decision (its IT team), not every editor's."""
    _agency_admin(actor, agency_id)


def source_update(actor: Actor, agency_id: int) -> None:
    _agency_admin(actor, agency_id)


def source_enable(actor: Actor, agency_id: int) -> None:
    _agency_admin(actor, agency_id)


def source_disable(actor: Actor, agency_id: int) -> None:
    _agency_admin(actor, agency_id)


def source_read(actor: Actor, agency_id: int) -> None:
    """A source's settings name internal systems: only the agency's members, auditors and admins see it."""
    if not actor.sees_drafts_of(agency_id):
        raise NotFound("source-not-found")


def source_test(actor: Actor, agency_id: int) -> None:
    """A preview publishes nothing: the agency's editors may try a source too."""
    source_read(actor, agency_id)
    version_upload(actor, agency_id)


def harvest_run(actor: Actor, agency_id: int) -> None:
    """Running a source publishes what an editor could upload: editors may ask for a run now."""
    source_read(actor, agency_id)
    version_upload(actor, agency_id)
