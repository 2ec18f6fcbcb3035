"""Push records: what was last sent to the national CKAN per dataset, when, and with which outcome.

Revision ID: 0007
Revises: 0006
Created: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from publisher.models.base import UTCDateTime

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('push_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dataset_id', sa.Integer(), nullable=False),
    sa.Column('target', sa.String(length=300), nullable=False),
    sa.Column('remote_id', sa.String(length=100), nullable=True),
    sa.Column('remote_name', sa.String(length=100), nullable=True),
    sa.Column('remote_resources', sa.JSON(), nullable=False),
    sa.Column('sent_hash', sa.String(length=64), nullable=True),
    sa.Column('outcome', sa.Enum('created', 'updated', 'deleted', 'failed', name='pushoutcome', native_enum=False, length=32), nullable=False),
    sa.Column('error_code', sa.String(length=50), nullable=True),
    sa.Column('error_detail', sa.String(length=500), nullable=True),
    sa.Column('attempted_at', UTCDateTime(), nullable=False),
    sa.Column('pushed_at', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['dataset_id'], ['datasets.id'], name=op.f('fk_push_records_dataset_id_datasets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_push_records')),
    sa.UniqueConstraint('dataset_id', 'target', name=op.f('uq_push_records_dataset_id'))
    )
    with op.batch_alter_table('push_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_push_records_dataset_id'), ['dataset_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('push_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_records_dataset_id'))
    op.drop_table('push_records')
