"""Agency-level checks: what the agency does, beyond the datasets it publishes."""

from __future__ import annotations

from ..base import AgencySnapshot, Context, Outcome, evidence

__all__ = ["DatasetsPublished"]


class DatasetsPublished:
    id = "agency.datasets-published"
    principle = "agency"
    applies_to = "agency"
    codes = ("datasets-published", "no-datasets")

    def run(self, subject: AgencySnapshot, context: Context) -> Outcome:
        if not subject.datasets:
            return Outcome(0.0, evidence("no-datasets"))
        return Outcome(subject.published / subject.datasets,
                       evidence("datasets-published", published=subject.published, datasets=subject.datasets))
