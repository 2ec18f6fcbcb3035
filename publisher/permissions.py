"""One permission check per use case, named after it (``services.datasets.dataset_create`` is
guarded by ``permissions.dataset_create``). Each raises ``NotAuthorized`` with a code saying why;
views may hide buttons, but these checks are what protects the data."""

from __future__ import annotations

from .actor import Actor
from .errors import NotAuthorized, NotFound

__all__ = [
    "agency_create",
    "agency_update",
    "audit_read",
    "dataset_create",
    "dataset_update",
    "dataset_withdraw",
    "draft_read",
    "harvest_run",
    "membership_set",
    "password_change",
    "personal_decide",
    "source_create",
    "source_disable",
    "source_enable",
    "source_read",
    "source_test",
    "source_update",
    "token_issue",
    "token_revoke",
    "user_create",
    "user_update",
    "version_publish",
    "version_upload",
    "writer",
]


def writer(actor: Actor) -> None:
    """Any change needs a signed-in actor allowed to write; checked before anything is looked up,
    so an anonymous caller learns nothing about what exists."""
    if not actor.is_authenticated:
        raise NotAuthorized("login-required")
    if not actor.can_write:
        raise NotAuthorized("read-only-token")


_writer = writer


def _platform_admin(actor: Actor) -> None:
    _writer(actor)
    if not actor.is_admin:
        raise NotAuthorized("admin-only")


def _editor(actor: Actor, agency_id: int) -> None:
    _writer(actor)
    if not actor.edits(agency_id):
        raise NotAuthorized("not-agency-editor")


def _agency_admin(actor: Actor, agency_id: int) -> None:
    _writer(actor)
    if not actor.administers(agency_id):
        raise NotAuthorized("not-agency-admin")


def agency_create(actor: Actor) -> None:
    _platform_admin(actor)


def agency_update(actor: Actor, agency_id: int) -> None:
    _agency_admin(actor, agency_id)


def membership_set(actor: Actor, agency_id: int) -> None:
    """Agency admins manage their own agency's members; platform admins anyone's."""
    _agency_admin(actor, agency_id)


def user_create(actor: Actor) -> None:
    _platform_admin(actor)


def user_update(actor: Actor) -> None:
    """Disable an account, grant platform roles, reset a password: platform admins only."""
    _platform_admin(actor)


def password_change(actor: Actor, user_id: int) -> None:
    _writer(actor)
    if actor.user_id != user_id:
        raise NotAuthorized("not-your-account")


def dataset_create(actor: Actor, agency_id: int) -> None:
    _editor(actor, agency_id)


def dataset_update(actor: Actor, agency_id: int) -> None:
    _editor(actor, agency_id)


def version_upload(actor: Actor, agency_id: int) -> None:
    _editor(actor, agency_id)


def version_publish(actor: Actor, agency_id: int) -> None:
    _editor(actor, agency_id)


def personal_decide(actor: Actor, agency_id: int) -> None:
    """What becomes of a column of personal data is the publishing agency's call: its editors and
    admins (and platform admins). Auditors read the findings and decisions but decide nothing."""
    _editor(actor, agency_id)


def draft_read(actor: Actor, agency_id: int) -> None:
    """Drafts are invisible, not forbidden, to those who may not see them: they get 'not found'."""
    if not actor.sees_drafts_of(agency_id):
        raise NotFound("draft-not-found")


def token_issue(actor: Actor, user_id: int | None) -> None:
    """Users issue tokens for themselves; admins for anyone (``user_id`` None: no such user)."""
    _writer(actor)
    if not (actor.is_admin or (user_id is not None and actor.user_id == user_id)):
        raise NotAuthorized("not-your-account")


def token_revoke(actor: Actor, owner_id: int) -> None:
    token_issue(actor, owner_id)


def audit_read(actor: Actor) -> None:
    if not (actor.is_admin or actor.is_auditor):
        raise NotAuthorized("auditors-only" if actor.is_authenticated else "login-required")


def dataset_withdraw(actor: Actor, agency_id: int) -> None:
    _editor(actor, agency_id)


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


def push_ckan(actor: Actor) -> None:
    """Pushing to the national CKAN speaks for the whole platform: its administrators (and the system)."""
    _platform_admin(actor)
