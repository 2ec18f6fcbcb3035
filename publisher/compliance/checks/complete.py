"""đủ / complete: metadata filled, required values present, columns titled and described."""

from __future__ import annotations

from ..base import Context, DatasetSnapshot, Outcome, evidence

__all__ = ["ColumnsDescribed", "Metadata", "RequiredValues"]

MIN_DESCRIPTION = 100
OPTIONAL_FIELDS = {
    "contact_point": ("contact_name", "contact_email"),
    "themes": ("themes",),
    "spatial": ("spatial",),
    "temporal": ("temporal_start", "temporal_end"),
}
"""Metadata fields → the dataset columns that record them (any one filled counts). A field is
scored only when the dataset model has its columns: the snapshot carries the ones it has."""


class Metadata:
    id = "complete.metadata"
    principle = "complete"
    applies_to = "dataset"
    codes = ("metadata-missing", "metadata-complete")

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        present = {
            "title": bool(subject.title.strip()),
            "description": len(subject.description.strip()) >= MIN_DESCRIPTION,
            "licence": subject.licence in context.reference.licences,
            "publisher": True,  # every dataset belongs to an agency
            "keywords": bool(subject.tags),
            "frequency": subject.frequency in context.reference.frequencies,
        }
        for name in OPTIONAL_FIELDS:
            if name in subject.metadata:
                present[name] = bool(subject.metadata[name])
        missing = [name for name, ok in present.items() if not ok]
        score = (len(present) - len(missing)) / len(present)
        if not missing:
            return Outcome(1.0, evidence("metadata-complete", fields=len(present)))
        return Outcome(score, evidence("metadata-missing", missing=missing, fields=len(present),
                                       description_length=len(subject.description.strip())))


class RequiredValues:
    id = "complete.required-values"
    principle = "complete"
    applies_to = "dataset"
    codes = ("values-missing", "values-filled", "no-facts")

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        if not subject.facts:
            return Outcome(None, evidence("no-facts"))
        cells = sum(facts["filled"]["cells"] for facts in subject.facts.values())
        filled = sum(facts["filled"]["filled"] for facts in subject.facts.values())
        if cells == 0 or filled == cells:
            return Outcome(1.0, evidence("values-filled", cells=cells))
        emptiest = [{"table": table, **item} for table, facts in subject.facts.items()
                    for item in facts["filled"]["emptiest"][:3]]
        return Outcome(filled / cells, evidence("values-missing", empty=cells - filled, cells=cells, emptiest=emptiest,
                                                required=any(f["filled"]["required_declared"] for f in subject.facts.values())))


class ColumnsDescribed:
    id = "complete.columns-described"
    principle = "complete"
    applies_to = "dataset"
    codes = ("columns-undescribed", "columns-described", "no-facts")

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        if not subject.facts:
            return Outcome(None, evidence("no-facts"))
        total = sum(facts["columns"]["total"] for facts in subject.facts.values())
        untitled = [name for facts in subject.facts.values() for name in facts["columns"]["untitled"]]
        undescribed = [name for facts in subject.facts.values() for name in facts["columns"]["undescribed"]]
        if not total or not (untitled or undescribed):
            return Outcome(1.0, evidence("columns-described", columns=total))
        score = ((total - len(untitled)) / total + (total - len(undescribed)) / total) / 2
        return Outcome(score, evidence("columns-undescribed", columns=total, untitled=untitled[:20], undescribed=undescribed[:20],
                                       untitled_count=len(untitled), undescribed_count=len(undescribed)))
