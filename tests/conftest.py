"""Fixtures shared by the whole suite: real databases, a real store, the app, and a small world.

Every test that touches state runs twice: on SQLite (the embedded default) and on PostgreSQL
(``OPENDATA_TEST_POSTGRES_URL``, by default the local server on 127.0.0.1:5432, database ``test``).
A missing PostgreSQL skips locally and fails under ``CI=true``.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from publisher.actor import Actor
from publisher.db import Database
from publisher.models import Base
from publisher.platform import Platform
from publisher.services import agencies, users
from publisher.settings import Settings, load_settings

from .helpers import PASSWORDS, World, require

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
"""Where the suite looks for PostgreSQL when OPENDATA_TEST_POSTGRES_URL is not set."""


# Databases --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database, copied for each test (migrating once keeps the suite fast)."""
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    database = Database(f"sqlite:///{path}")
    database.migrate()
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, migrated once, dropped at the end."""
    base = os.environ.get("OPENDATA_TEST_POSTGRES_URL") or DEFAULT_POSTGRES
    admin_url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"opendata_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any failure to reach PostgreSQL means "absent"
        require(False, f"PostgreSQL at {base} is not reachable: {error}")
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    database = Database(url)
    database.migrate()
    database.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "opendata.db"
        shutil.copyfile(sqlite_template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_url")
    engine = create_engine(url)
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return load_settings(
        {
            "var_dir": str(tmp_path / "var"),
            "database_url": database_url,
            "storage_url": str(tmp_path / "storage"),
            "secret_key": "test-secret",
            "public_url": "",
            "password_profile": "CHEAPEST",  # Argon2 still, with minimal cost: the suite signs in a lot
            "login_rate_limit": "10000 per minute",  # the rate limit has its own test
        },
        environ={},
    )


@pytest.fixture
def platform(settings: Settings) -> Iterator[Platform]:
    platform = Platform.from_settings(settings)
    yield platform
    platform.close()


# A small world: three agencies at three levels and the three roles -----------------------------


@pytest.fixture
def world(platform: Platform) -> World:
    system = Actor.system()
    agencies.agency_create(platform, system, name="Bộ Khoa học và Công nghệ", level="ministry", slug="bo-khcn")
    agencies.agency_create(platform, system, name="Ủy ban nhân dân tỉnh Bắc Ninh", level="province", code="24", slug="tinh-bac-ninh")
    agencies.agency_create(
        platform, system, name="Ủy ban nhân dân phường Kinh Bắc", level="commune", code="09187", parent="tinh-bac-ninh", slug="phuong-kinh-bac"
    )
    users.user_create(platform, system, username="admin", password=PASSWORDS["admin"], is_admin=True)
    users.user_create(platform, system, username="officer", password=PASSWORDS["officer"], display_name="Nguyễn Thị Lan")
    users.user_create(platform, system, username="other", password=PASSWORDS["other"])
    users.user_create(platform, system, username="auditor", password=PASSWORDS["auditor"], is_auditor=True)
    users.membership_set(platform, system, username="officer", agency="tinh-bac-ninh", role="editor")
    users.membership_set(platform, system, username="other", agency="bo-khcn", role="editor")

    def login(name: str) -> Actor:
        return users.user_authenticate(platform, username=name, password=PASSWORDS[name])

    return World(platform, login("admin"), login("officer"), login("other"), login("auditor"))


# Files -----------------------------------------------------------------------------------------


@pytest.fixture
def write_csv(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a CSV from text (UTF-8 unless told otherwise) and return its path."""

    def write(text: str, name: str = "data.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write


# Web -------------------------------------------------------------------------------------------


@pytest.fixture
def app(platform: Platform):  # type: ignore[no-untyped-def]
    from web.app import create_app

    app = create_app(platform=platform)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()
