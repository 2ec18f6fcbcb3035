"""The band of each dataset's score, stored so the search can offer it as a facet; then the index
is rebuilt so every listed dataset is findable by its band at once.

Revision ID: 0010
Revises: 0009
Created: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

from publisher.compliance.rubric import load_rubric
from publisher.search.index import reindex_all

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dataset_scores") as batch:
        batch.add_column(sa.Column("band", sa.String(length=20), nullable=False, server_default=""))
    connection = op.get_bind()
    rubric = load_rubric()
    scores = sa.table("dataset_scores", sa.column("dataset_id", sa.Integer()), sa.column("score", sa.Float()),
                      sa.column("band", sa.String()))
    rows = connection.execute(sa.select(scores.c.dataset_id, scores.c.score)).all()
    for dataset_id, score in rows:
        connection.execute(scores.update().where(scores.c.dataset_id == dataset_id).values(band=rubric.band(score).id))
    session = Session(bind=connection)
    reindex_all(session)
    session.flush()


def downgrade() -> None:
    with op.batch_alter_table("dataset_scores") as batch:
        batch.drop_column("band")
