"""The search index's portable half: which datasets are listed, and their facet values.

The full-text half is not a model: it is an FTS5 virtual table on SQLite and a tsvector table with
a GIN index on PostgreSQL, both named ``search_fts`` and made by migration 0006 (see
``publisher.search``). Only ``publisher.search`` writes these rows.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

__all__ = ["FULL_TEXT_TABLE", "SearchDocument", "SearchFacet", "is_full_text_table"]


class SearchDocument(Base):
    """One row per listed dataset (published, not withdrawn)."""

    __tablename__ = "search_documents"

    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"), primary_key=True)
    sort_title: Mapped[str] = mapped_column(String(300), index=True)
    """The title folded ('Đất đai' → 'dat dai'), so A–Z order ignores diacritics as readers do."""


class SearchFacet(Base):
    """One row per (dataset, facet, value): counting and filtering are the same query for every facet."""

    __tablename__ = "search_facets"
    __table_args__ = (Index("ix_search_facets_facet_value", "facet", "value"),)

    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"), primary_key=True)
    facet: Mapped[str] = mapped_column(String(30), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), primary_key=True)


FULL_TEXT_TABLE = "search_fts"


def is_full_text_table(name: str) -> bool:
    """The full-text table and FTS5's shadow tables, which no model describes (Alembic leaves them be)."""
    return name == FULL_TEXT_TABLE or name.startswith(f"{FULL_TEXT_TABLE}_")
