"""Scale-out fixtures: the platform on PostgreSQL only (what a scaled-out platform runs on), and
the harvest fixtures of tests/publisher and tests/harvesters."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from publisher.models import Base

from ..harvesters.conftest import served  # noqa: F401 - a real HTTP folder to harvest from
from ..publisher.conftest import allow, it_admin, run  # noqa: F401 - the allow-list, an agency IT administrator, the CLI


@pytest.fixture
def database_url(request: pytest.FixtureRequest) -> str:
    """Overrides the suite's SQLite-and-PostgreSQL pair: a fresh PostgreSQL database only."""
    url: str = request.getfixturevalue("postgres_url")
    engine = create_engine(url)
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url
