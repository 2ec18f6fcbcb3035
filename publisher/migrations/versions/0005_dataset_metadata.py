"""Dataset metadata that catalogues and the compliance score ask for: a contact point, themes,
spatial and temporal coverage.

Revision ID: 0005
Revises: 0004
Created: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("datasets") as batch:
        batch.add_column(sa.Column("contact_name", sa.String(length=200), nullable=False, server_default=""))
        batch.add_column(sa.Column("contact_email", sa.String(length=300), nullable=False, server_default=""))
        batch.add_column(sa.Column("themes", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch.add_column(sa.Column("spatial", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch.add_column(sa.Column("temporal_start", sa.Date(), nullable=True))
        batch.add_column(sa.Column("temporal_end", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("datasets") as batch:
        for column in ("temporal_end", "temporal_start", "spatial", "themes", "contact_email", "contact_name"):
            batch.drop_column(column)
