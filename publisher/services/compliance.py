"""Compliance use cases: recompute every score now (the daily snapshot and `opendata score`)."""

from __future__ import annotations

from ..compliance.engine import ScoreRun, score_all
from ..platform import Platform

__all__ = ["compliance_recompute"]


def compliance_recompute(platform: Platform, *, trigger: str = "full") -> ScoreRun:
    """Score every published dataset and every agency again; each agency gets a history row."""
    return score_all(platform, trigger=trigger)
