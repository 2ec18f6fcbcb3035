"""Compliance: dataset scores, agency score history, open data inventories, data facts on versions, a shared schema per dataset.

Revision ID: 0008
Revises: 0007
Created: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from publisher.models.base import UTCDateTime

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dataset_scores',
    sa.Column('dataset_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.Column('rubric_version', sa.String(length=20), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('principles', sa.JSON(), nullable=False),
    sa.Column('checks', sa.JSON(), nullable=False),
    sa.Column('computed_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_dataset_scores_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['dataset_id'], ['datasets.id'], name=op.f('fk_dataset_scores_dataset_id_datasets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['dataset_versions.id'], name=op.f('fk_dataset_scores_version_id_dataset_versions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('dataset_id', name=op.f('pk_dataset_scores'))
    )
    op.create_index(op.f('ix_dataset_scores_agency_id'), 'dataset_scores', ['agency_id'], unique=False)
    op.create_table('agency_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('rubric_version', sa.String(length=20), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('band', sa.String(length=20), nullable=False),
    sa.Column('principles', sa.JSON(), nullable=False),
    sa.Column('checks', sa.JSON(), nullable=False),
    sa.Column('datasets', sa.Integer(), nullable=False),
    sa.Column('trigger', sa.String(length=20), nullable=False),
    sa.Column('computed_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_agency_scores_agency_id_agencies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_scores'))
    )
    op.create_index('ix_agency_scores_agency_computed', 'agency_scores', ['agency_id', 'computed_at'], unique=False)
    op.create_table('inventory_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('dataset_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_inventory_items_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_inventory_items_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dataset_id'], ['datasets.id'], name=op.f('fk_inventory_items_dataset_id_datasets'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inventory_items'))
    )
    op.create_index(op.f('ix_inventory_items_agency_id'), 'inventory_items', ['agency_id'], unique=False)
    with op.batch_alter_table('datasets') as batch:
        batch.add_column(sa.Column('schema_id', sa.String(length=100), nullable=True))
    with op.batch_alter_table('dataset_versions') as batch:
        batch.add_column(sa.Column('facts', sa.JSON(), nullable=False, server_default='{}'))


def downgrade() -> None:
    # Not in batch mode: on SQLite (3.35+ drops columns itself) a batch would copy and drop these
    # tables, which the foreign keys pointing at them forbid while they hold rows.
    op.drop_column('dataset_versions', 'facts')
    op.drop_column('datasets', 'schema_id')
    op.drop_index(op.f('ix_inventory_items_agency_id'), table_name='inventory_items')
    op.drop_table('inventory_items')
    op.drop_index('ix_agency_scores_agency_computed', table_name='agency_scores')
    op.drop_table('agency_scores')
    op.drop_index(op.f('ix_dataset_scores_agency_id'), table_name='dataset_scores')
    op.drop_table('dataset_scores')
