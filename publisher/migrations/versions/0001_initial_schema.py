"""initial schema

Revision ID: 0001
Revises: 
Created: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from publisher.models.base import UTCDateTime

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def _current_version_fk() -> list[sa.ForeignKeyConstraint]:
    """datasets and dataset_versions point at each other: SQLite takes the key inline (it does not
    check the target exists yet), PostgreSQL gets it once both tables exist."""
    if op.get_bind().dialect.name != "sqlite":
        return []
    return [sa.ForeignKeyConstraint(["current_version_id"], ["dataset_versions.id"], name="fk_datasets_current_version")]


def upgrade() -> None:
    op.create_table('agencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('level', sa.Enum('ministry', 'province', 'commune', 'other', name='agencylevel', native_enum=False, length=32), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('email', sa.String(length=300), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['agencies.id'], name=op.f('fk_agencies_parent_id_agencies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agencies')),
    sa.UniqueConstraint('slug', name=op.f('uq_agencies_slug'))
    )
    op.create_table('artifacts',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('bytes', sa.Integer(), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('provenance', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_artifacts'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=300), nullable=True),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('is_admin', sa.Boolean(), nullable=False),
    sa.Column('is_auditor', sa.Boolean(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('last_login_at', UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('scope', sa.Enum('read', 'write', name='tokenscope', native_enum=False, length=32), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('expires_at', UTCDateTime(), nullable=True),
    sa.Column('revoked_at', UTCDateTime(), nullable=True),
    sa.Column('last_used_at', UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('target_type', sa.String(length=30), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_log_actor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('datasets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('licence', sa.String(length=50), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('frequency', sa.String(length=30), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('current_version_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_datasets_agency_id_agencies')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_datasets_created_by_id_users'), ondelete='SET NULL'),
    *_current_version_fk(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_datasets')),
    sa.UniqueConstraint('slug', name=op.f('uq_datasets_slug'))
    )
    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('editor', 'admin', name='memberrole', native_enum=False, length=32), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_memberships_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_memberships_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships')),
    sa.UniqueConstraint('user_id', 'agency_id', name=op.f('uq_memberships_user_id'))
    )
    op.create_table('dataset_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dataset_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'published', 'discarded', name='versionstatus', native_enum=False, length=32), nullable=False),
    sa.Column('filename', sa.String(length=300), nullable=False),
    sa.Column('source_sha', sa.String(length=64), nullable=False),
    sa.Column('source_format', sa.String(length=10), nullable=False),
    sa.Column('resources', sa.JSON(), nullable=False),
    sa.Column('notes', sa.JSON(), nullable=False),
    sa.Column('schema_declared', sa.Boolean(), nullable=False),
    sa.Column('report_sha', sa.String(length=64), nullable=False),
    sa.Column('valid', sa.Boolean(), nullable=False),
    sa.Column('error_count', sa.Integer(), nullable=False),
    sa.Column('error_counts', sa.JSON(), nullable=False),
    sa.Column('package_sha', sa.String(length=64), nullable=True),
    sa.Column('zip_sha', sa.String(length=64), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', UTCDateTime(), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_dataset_versions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dataset_id'], ['datasets.id'], name=op.f('fk_dataset_versions_dataset_id_datasets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['package_sha'], ['artifacts.sha256'], name=op.f('fk_dataset_versions_package_sha_artifacts')),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_dataset_versions_published_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['report_sha'], ['artifacts.sha256'], name=op.f('fk_dataset_versions_report_sha_artifacts')),
    sa.ForeignKeyConstraint(['source_sha'], ['artifacts.sha256'], name=op.f('fk_dataset_versions_source_sha_artifacts')),
    sa.ForeignKeyConstraint(['zip_sha'], ['artifacts.sha256'], name=op.f('fk_dataset_versions_zip_sha_artifacts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dataset_versions')),
    sa.UniqueConstraint('dataset_id', 'number', name=op.f('uq_dataset_versions_dataset_id'))
    )
    with op.batch_alter_table('dataset_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dataset_versions_dataset_id'), ['dataset_id'], unique=False)
    if op.get_bind().dialect.name != "sqlite":
        op.create_foreign_key(
            "fk_datasets_current_version", "datasets", "dataset_versions", ["current_version_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table('dataset_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dataset_versions_dataset_id'))

    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_datasets_current_version", "datasets", type_="foreignkey")
    op.drop_table('dataset_versions')
    op.drop_table('memberships')
    op.drop_table('datasets')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')
    op.drop_table('api_tokens')
    op.drop_table('users')
    op.drop_table('artifacts')
    op.drop_table('agencies')
