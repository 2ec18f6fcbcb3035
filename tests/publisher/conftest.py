"""Harvest fixtures: real loopback servers and the real CKAN (from tests/harvesters), an agency
administrator, and the deployment's allow-list opened to exactly the servers a test uses."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from click.testing import CliRunner

from publisher.actor import Actor
from publisher.cli import main
from publisher.platform import Platform
from publisher.services import users
from publisher.settings import Settings

from ..harvesters.conftest import ckan, organisation, served  # noqa: F401 - fixtures shared with the harvester tests
from ..helpers import PASSWORDS, World

PASSWORDS.setdefault("it", "it-team-password")


@pytest.fixture
def allow(platform: Platform) -> Callable[..., None]:
    """``allow("127.0.0.1:8080", ...)``: the harvest allow-list names these hosts, with quick retries."""

    def allow(*hosts: str, **settings: object) -> None:
        platform.settings = dataclasses.replace(
            platform.settings, harvest_allow=",".join(hosts), harvest_retries=0, harvest_connect_timeout=2,
            harvest_read_timeout=10, **settings)

    return allow


@pytest.fixture
def it_admin(world: World) -> Actor:
    """The IT team of Tỉnh Bắc Ninh: an administrator of that agency (and of nothing else)."""
    system = Actor.system()
    users.user_create(world.platform, system, username="it", password=PASSWORDS["it"], display_name="Tổ CNTT")
    users.membership_set(world.platform, system, username="it", agency="tinh-bac-ninh", role="admin")
    return users.user_authenticate(world.platform, username="it", password=PASSWORDS["it"])


@pytest.fixture
def run(settings: Settings):  # type: ignore[no-untyped-def]
    environ = {
        "OPENDATA_DATABASE_URL": settings.database_url,
        "OPENDATA_STORAGE_URL": settings.storage_url,
        "OPENDATA_VAR_DIR": str(settings.var_dir),
        "OPENDATA_SECRET_KEY": "test",
        "OPENDATA_PASSWORD_PROFILE": "CHEAPEST",
        "OPENDATA_LANG": "vi",
    }

    def invoke(*args: str, lang: str = "vi", **env: str):  # type: ignore[no-untyped-def]
        """Run ``opendata ARGS``; ``env`` adds OPENDATA_<KEY> variables (``harvest_allow="..."``)."""
        extra = {f"OPENDATA_{key.upper()}": value for key, value in env.items()}
        return CliRunner().invoke(main, list(args), env={**environ, "OPENDATA_LANG": lang, **extra}, catch_exceptions=False)

    return invoke
