"""Agency-level checks: what the agency does, beyond the datasets it publishes."""

from __future__ import annotations

from ..base import AgencySnapshot, Context, Outcome, evidence

__all__ = ["DatasetsPublished", "Inventory", "InventoryOnTime"]


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


class Inventory:
    id = "agency.inventory"
    principle = "agency"
    applies_to = "agency"
    codes = ("inventory-kept", "no-inventory")

    def run(self, subject: AgencySnapshot, context: Context) -> Outcome:
        if not subject.inventory:
            return Outcome(0.0, evidence("no-inventory"))
        return Outcome(1.0, evidence("inventory-kept", planned=subject.inventory))


class InventoryOnTime:
    id = "agency.inventory-on-time"
    principle = "agency"
    applies_to = "agency"
    codes = ("inventory-on-time", "inventory-late", "nothing-due")

    def run(self, subject: AgencySnapshot, context: Context) -> Outcome:
        if not subject.due:
            return Outcome(None, evidence("nothing-due"))
        late = [item for item in subject.due if not item["published"] or item["published"] > item["due"]]
        if not late:
            return Outcome(1.0, evidence("inventory-on-time", due=len(subject.due)))
        return Outcome(1 - len(late) / len(subject.due), evidence("inventory-late", late=late[:10], count=len(late), due=len(subject.due)))
