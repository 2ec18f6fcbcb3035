"""Search: the listed datasets, their facet values, and the full-text table (FTS5 or tsvector + GIN),
filled from what is published now.

Revision ID: 0006
Revises: 0005
Created: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

from publisher.search import fulltext
from publisher.search.index import reindex_all

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('search_documents',
    sa.Column('dataset_id', sa.Integer(), nullable=False),
    sa.Column('sort_title', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['dataset_id'], ['datasets.id'], name=op.f('fk_search_documents_dataset_id_datasets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('dataset_id', name=op.f('pk_search_documents'))
    )
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_documents_sort_title'), ['sort_title'], unique=False)

    op.create_table('search_facets',
    sa.Column('dataset_id', sa.Integer(), nullable=False),
    sa.Column('facet', sa.String(length=30), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['dataset_id'], ['datasets.id'], name=op.f('fk_search_facets_dataset_id_datasets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('dataset_id', 'facet', 'value', name=op.f('pk_search_facets'))
    )
    with op.batch_alter_table('search_facets', schema=None) as batch_op:
        batch_op.create_index('ix_search_facets_facet_value', ['facet', 'value'], unique=False)

    connection = op.get_bind()
    fulltext.create(connection)
    reindex_all(Session(bind=connection))


def downgrade() -> None:
    fulltext.drop(op.get_bind())
    with op.batch_alter_table('search_facets', schema=None) as batch_op:
        batch_op.drop_index('ix_search_facets_facet_value')
    op.drop_table('search_facets')
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_documents_sort_title'))
    op.drop_table('search_documents')
