"""Alembic's entry point: run migrations on the connection ``Database.migrate`` hands over,
or on ``sqlalchemy.url`` when called by the ``alembic`` command."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from publisher.models import Base
from publisher.models.search import is_full_text_table

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as connection:
        _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
        include_name=_described_by_models,
    )
    with context.begin_transaction():
        context.run_migrations()


def _described_by_models(name, type_, parent_names) -> bool:  # type: ignore[no-untyped-def]
    """Leave the full-text table to migration 0006: it is dialect-specific DDL no model describes."""
    return not (type_ == "table" and name and is_full_text_table(name))


run_migrations()
