"""Harvesting: sources, their runs and items; datasets fed by a source, and withdrawn datasets.

Revision ID: 0004
Revises: 0003
Created: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from publisher.models.base import UTCDateTime

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('type', sa.String(length=50), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('schedule', sa.String(length=100), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('health', sa.Enum('ok', 'new', 'partial', 'failing', name='sourcehealth', native_enum=False, length=32), nullable=False),
    sa.Column('last_run_at', UTCDateTime(), nullable=True),
    sa.Column('last_success_at', UTCDateTime(), nullable=True),
    sa.Column('last_error_code', sa.String(length=50), nullable=True),
    sa.Column('last_error_params', sa.JSON(), nullable=False),
    sa.Column('next_run_at', UTCDateTime(), nullable=True),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_sources_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_sources_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sources')),
    sa.UniqueConstraint('agency_id', 'name', name=op.f('uq_sources_agency_id'))
    )
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sources_agency_id'), ['agency_id'], unique=False)

    op.create_table('harvest_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('trigger', sa.Enum('schedule', 'manual', 'cli', name='runtrigger', native_enum=False, length=32), nullable=False),
    sa.Column('dry_run', sa.Boolean(), nullable=False),
    sa.Column('max_items', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('running', 'succeeded', 'partial', 'failed', 'interrupted', name='runstatus', native_enum=False, length=32), nullable=False),
    sa.Column('started_at', UTCDateTime(), nullable=False),
    sa.Column('heartbeat_at', UTCDateTime(), nullable=False),
    sa.Column('finished_at', UTCDateTime(), nullable=True),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('error_code', sa.String(length=50), nullable=True),
    sa.Column('error_params', sa.JSON(), nullable=False),
    sa.Column('log_excerpt', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_harvest_runs_source_id_sources'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['started_by_id'], ['users.id'], name=op.f('fk_harvest_runs_started_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_harvest_runs'))
    )
    with op.batch_alter_table('harvest_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_harvest_runs_source_id'), ['source_id'], unique=False)
        batch_op.create_index('uq_harvest_runs_running', ['source_id'], unique=True, sqlite_where=sa.text("status = 'running' AND NOT dry_run"), postgresql_where=sa.text("status = 'running' AND NOT dry_run"))

    op.create_table('harvest_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('remote_id', sa.String(length=500), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('status', sa.Enum('new', 'updated', 'unchanged', 'skipped', 'failed', 'withdrawn', name='itemstatus', native_enum=False, length=32), nullable=False),
    sa.Column('dataset_id', sa.Integer(), nullable=True),
    sa.Column('version_number', sa.Integer(), nullable=True),
    sa.Column('valid', sa.Boolean(), nullable=True),
    sa.Column('error_count', sa.Integer(), nullable=True),
    sa.Column('error_code', sa.String(length=50), nullable=True),
    sa.Column('error_params', sa.JSON(), nullable=False),
    sa.Column('log_excerpt', sa.Text(), nullable=False),
    sa.Column('artifact_sha', sa.String(length=64), nullable=True),
    sa.Column('fetch_ms', sa.Integer(), nullable=False),
    sa.Column('process_ms', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['dataset_id'], ['datasets.id'], name=op.f('fk_harvest_items_dataset_id_datasets'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['run_id'], ['harvest_runs.id'], name=op.f('fk_harvest_items_run_id_harvest_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_harvest_items'))
    )
    with op.batch_alter_table('harvest_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_harvest_items_run_id'), ['run_id'], unique=False)

    op.create_table('scheduler_jobs',
    sa.Column('id', sa.Unicode(length=191), nullable=False),
    sa.Column('next_run_time', sa.Float(precision=25), nullable=True),
    sa.Column('job_state', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduler_jobs'))
    )
    op.create_index(op.f('ix_scheduler_jobs_next_run_time'), 'scheduler_jobs', ['next_run_time'], unique=False)

    # Never a batch copy of `datasets` on SQLite: with foreign keys on, dropping the old table would
    # cascade to every version. SQLite adds a column with its reference in place.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE datasets ADD COLUMN source_id INTEGER "
                   "CONSTRAINT fk_datasets_source_id_sources REFERENCES sources (id)")
    else:
        op.add_column('datasets', sa.Column('source_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_datasets_source_id_sources'), 'datasets', 'sources', ['source_id'], ['id'])
    op.add_column('datasets', sa.Column('remote_id', sa.String(length=500), nullable=True))
    op.add_column('datasets', sa.Column('withdrawn_at', UTCDateTime(), nullable=True))
    op.add_column('datasets', sa.Column('withdrawn_reason', sa.String(length=50), nullable=True))
    op.create_index('uq_datasets_source_remote', 'datasets', ['source_id', 'remote_id'], unique=True)



def downgrade() -> None:
    op.drop_index(op.f('ix_scheduler_jobs_next_run_time'), table_name='scheduler_jobs')
    op.drop_table('scheduler_jobs')
    op.drop_index('uq_datasets_source_remote', 'datasets')
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f('fk_datasets_source_id_sources'), 'datasets', type_='foreignkey')
    for column in ('withdrawn_reason', 'withdrawn_at', 'remote_id', 'source_id'):
        op.drop_column('datasets', column)  # SQLite 3.35+ drops a column in place

    with op.batch_alter_table('harvest_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_harvest_items_run_id'))

    op.drop_table('harvest_items')
    with op.batch_alter_table('harvest_runs', schema=None) as batch_op:
        batch_op.drop_index('uq_harvest_runs_running', sqlite_where=sa.text("status = 'running' AND NOT dry_run"), postgresql_where=sa.text("status = 'running' AND NOT dry_run"))
        batch_op.drop_index(batch_op.f('ix_harvest_runs_source_id'))

    op.drop_table('harvest_runs')
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sources_agency_id'))

    op.drop_table('sources')
