"""Sign-in and API tokens: Argon2 hashes, one answer for every failure, tokens stored only as hashes."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from publisher.actor import Actor
from publisher.errors import InvalidInput, NotAuthorized
from publisher.models import ApiToken, User
from publisher.services import tokens, users

from ..helpers import PASSWORDS, World


def test_passwords_are_stored_as_argon2_hashes(world: World) -> None:
    with world.platform.db.read() as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "officer"))
    assert stored.startswith("$argon2id$")
    assert PASSWORDS["officer"] not in stored


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(world: World) -> None:
    for username, password in [("officer", "wrong-password"), ("nobody", "whatever-password")]:
        with pytest.raises(NotAuthorized) as caught:
            users.user_authenticate(world.platform, username=username, password=password)
        assert caught.value.code == "login-failed"
        assert caught.value.params == {}


def test_signing_in_gives_the_actor_its_agency_roles(world: World) -> None:
    officer = users.user_authenticate(world.platform, username="OFFICER", password=PASSWORDS["officer"], address="10.0.0.5")
    assert officer.username == "officer"
    assert officer.display_name == "Nguyễn Thị Lan"
    assert list(officer.roles.values()) == ["editor"]
    assert officer.address == "10.0.0.5"


def test_a_disabled_account_cannot_sign_in(world: World) -> None:
    with world.platform.db.write() as session:
        session.execute(update(User).where(User.username == "officer").values(is_active=False))
    with pytest.raises(NotAuthorized):
        users.user_authenticate(world.platform, username="officer", password=PASSWORDS["officer"])


def test_short_passwords_and_odd_usernames_are_refused(world: World) -> None:
    with pytest.raises(InvalidInput) as caught:
        users.user_create(world.platform, Actor.system(), username="a b", password="short")
    assert caught.value.field_errors == {"username": "invalid-username", "password": "password-too-short"}


def test_a_token_is_shown_once_and_kept_only_as_a_hash(world: World) -> None:
    token = tokens.token_issue(world.platform, world.officer, username="officer", scope="write")
    with world.platform.db.read() as session:
        row = session.scalar(select(ApiToken))
        assert token not in (row.token_hash, row.prefix)
        assert token.startswith(row.prefix)
    actor = tokens.actor_for_token(world.platform, token)
    assert (actor.username, actor.can_write) == ("officer", True)


def test_a_read_token_cannot_write(world: World) -> None:
    token = tokens.token_issue(world.platform, world.officer, username="officer", scope="read")
    assert tokens.actor_for_token(world.platform, token).can_write is False


def test_expired_revoked_and_made_up_tokens_are_refused(world: World) -> None:
    expired = tokens.token_issue(world.platform, world.officer, username="officer", scope="write")
    revoked = tokens.token_issue(world.platform, world.officer, username="officer", scope="write")
    with world.platform.db.write() as session:
        now = dt.datetime.now(dt.timezone.utc)
        session.execute(update(ApiToken).where(ApiToken.prefix == expired[:12]).values(expires_at=now - dt.timedelta(seconds=1)))
        session.execute(update(ApiToken).where(ApiToken.prefix == revoked[:12]).values(revoked_at=now))
    for token in (expired, revoked, "odp_made-up", ""):
        with pytest.raises(NotAuthorized) as caught:
            tokens.actor_for_token(world.platform, token)
        assert caught.value.code == "invalid-token"


def test_people_issue_tokens_for_themselves_only_admins_for_others(world: World) -> None:
    with pytest.raises(NotAuthorized):
        tokens.token_issue(world.platform, world.officer, username="auditor", scope="read")
    with pytest.raises(NotAuthorized):
        tokens.token_issue(world.platform, world.officer, username="nobody", scope="read")  # no hint that nobody is unknown
    assert tokens.token_issue(world.platform, world.admin, username="auditor", scope="read").startswith("odp_")
