"""The personal-data guard: findings kept with each draft, and the officers' decisions per dataset.

Revision ID: 0009
Revises: 0008
Created: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from publisher.models.base import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dataset_versions") as batch:
        batch.add_column(sa.Column("personal", sa.JSON(), nullable=False, server_default="{}"))
    op.create_table(
        "personal_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("column", sa.String(length=200), nullable=False),
        sa.Column("decision", sa.String(length=30), nullable=False),
        sa.Column("digits", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("by_name", sa.String(length=100), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["dataset_id"], ["datasets.id"], name=op.f("fk_personal_decisions_dataset_id_datasets"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["by_id"], ["users.id"], name=op.f("fk_personal_decisions_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_decisions")),
        sa.UniqueConstraint("dataset_id", "column", name=op.f("uq_personal_decisions_dataset_id")),
    )
    with op.batch_alter_table("personal_decisions") as batch:
        batch.create_index(batch.f("ix_personal_decisions_dataset_id"), ["dataset_id"], unique=False)


def downgrade() -> None:
    op.drop_table("personal_decisions")
    # Not in batch mode: on SQLite (3.35+ drops columns itself) a batch would copy and drop
    # dataset_versions, which the foreign keys of datasets and push records forbid while they hold rows.
    op.drop_column("dataset_versions", "personal")
