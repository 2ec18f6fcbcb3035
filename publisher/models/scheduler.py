"""The scheduler's job store: APScheduler's own table, declared here so that Alembic creates and
migrates it with the rest of the platform's database (APScheduler finds it and leaves it be)."""

from __future__ import annotations

from sqlalchemy import Column, Float, LargeBinary, Table, Unicode

from .base import Base

__all__ = ["SCHEDULER_JOBS"]

SCHEDULER_JOBS = Table(
    "scheduler_jobs",
    Base.metadata,
    Column("id", Unicode(191), primary_key=True),
    Column("next_run_time", Float(25), index=True),
    Column("job_state", LargeBinary, nullable=False),
)
"""Exactly the columns of ``apscheduler.jobstores.sqlalchemy.SQLAlchemyJobStore`` (3.x)."""
