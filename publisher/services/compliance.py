"""Compliance use cases: recompute every score now (the daily snapshot and `opendata score`)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from ..compliance.engine import ScoreRun, score_all
from ..models import AgencyScore
from ..platform import Platform

__all__ = ["compliance_recompute", "snapshot_taken_today"]


def compliance_recompute(platform: Platform, *, trigger: str = "full") -> ScoreRun:
    """Score every published dataset and every agency again; each agency gets a history row."""
    return score_all(platform, trigger=trigger)


def snapshot_taken_today(platform: Platform, *, now: dt.datetime | None = None) -> bool:
    """Whether the daily snapshot already ran today (in the platform's time zone)."""
    zone = ZoneInfo(platform.settings.timezone)
    today = (now or dt.datetime.now(dt.timezone.utc)).astimezone(zone).date()
    with platform.db.read() as session:
        newest = session.scalar(select(func.max(AgencyScore.computed_at)).where(AgencyScore.trigger == "daily"))
    return newest is not None and newest.astimezone(zone).date() >= today
