"""Repair options: the officer's corrections, kept per dataset and per version.

Revision ID: 0002
Revises: 0001
Created: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("datasets") as batch:
        batch.add_column(sa.Column("repair_options", sa.JSON(), nullable=False, server_default="{}"))
    with op.batch_alter_table("dataset_versions") as batch:
        batch.add_column(sa.Column("repair_options", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("dataset_versions") as batch:
        batch.drop_column("repair_options")
    with op.batch_alter_table("datasets") as batch:
        batch.drop_column("repair_options")
