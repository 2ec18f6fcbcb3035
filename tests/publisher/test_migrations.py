"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from publisher.models import Base
from publisher.models.search import is_full_text_table
from publisher.platform import Platform


def test_migrations_match_the_models(platform: Platform) -> None:
    with platform.db.engine.connect() as connection:
        # The full-text table is dialect-specific DDL (FTS5 or tsvector + GIN), made by migration 0006.
        opts = {"compare_type": True, "include_name": lambda name, kind, _parents: not (kind == "table" and is_full_text_table(name))}
        context = MigrationContext.configure(connection, opts=opts)
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migrating_again_changes_nothing(platform: Platform) -> None:
    platform.db.migrate()
    platform.db.migrate()
    assert not platform.db.is_empty()
