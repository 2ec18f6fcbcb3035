"""sống / live: updated on time, its harvest source healthy, its package served."""

from __future__ import annotations

from ..base import Context, DatasetSnapshot, Outcome, evidence

__all__ = ["Downloads", "SourceHealthy", "Updated"]

MAX_DAYS = 92
"""Decree 47/2020/NĐ-CP: published open data is updated at least every 3 months."""
SOURCE_SCORES = {"ok": 1.0, "partial": 0.5, "failing": 0.0}


class Updated:
    id = "live.updated"
    principle = "live"
    applies_to = "dataset"
    codes = ("updated-on-time", "update-late")

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        frequency = context.reference.frequencies.get(subject.frequency)
        allowed = min(frequency.days, MAX_DAYS) if frequency and frequency.days else MAX_DAYS
        age = (context.now - subject.published_at).days
        params = {"last_update": subject.published_at.date().isoformat(), "age_days": age, "allowed_days": allowed,
                  "frequency": subject.frequency}
        if age <= allowed:
            return Outcome(1.0, evidence("updated-on-time", **params))
        return Outcome(max(0.0, 1 - (age - allowed) / allowed), evidence("update-late", **params))


class SourceHealthy:
    id = "live.source-healthy"
    principle = "live"
    applies_to = "dataset"
    codes = ("source-health", "no-source")

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        if subject.source_health is None or subject.source_health == "new":
            return Outcome(None, evidence("no-source"))
        return Outcome(SOURCE_SCORES.get(subject.source_health, 0.0), evidence("source-health", health=subject.source_health))


class Downloads:
    id = "live.downloads"
    principle = "live"
    applies_to = "dataset"
    codes = ("downloads-served", "downloads-missing")

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        links = {"datapackage": f"/api/v1/datasets/{subject.slug}/datapackage.json",
                 "zip": f"/api/v1/datasets/{subject.slug}/datapackage.zip"}
        if subject.packaged and not subject.withdrawn:
            return Outcome(1.0, evidence("downloads-served", **links))
        return Outcome(0.0, evidence("downloads-missing", **links))
