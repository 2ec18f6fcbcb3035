"""thống nhất / unified: the shared schema for the topic, ISO dates, DCAT-AP metadata."""

from __future__ import annotations

from datapackages.names import fold

from ..base import Context, DatasetSnapshot, Outcome, evidence

__all__ = ["Dcat", "IsoDates", "SharedSchema"]


class SharedSchema:
    id = "unified.shared-schema"
    principle = "unified"
    applies_to = "dataset"
    codes = ("shared-schema-used", "shared-schema-available", "no-shared-schema")

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        if subject.schema_id and subject.schema_id in context.schemas:
            return Outcome(1.0, evidence("shared-schema-used", schema=subject.schema_id))
        text = fold(" ".join([subject.title, *subject.tags])).lower()
        matches = [schema.id for schema in context.schemas.values() if schema.matches_folded(text)]
        if not matches:
            return Outcome(None, evidence("no-shared-schema"))
        return Outcome(0.0, evidence("shared-schema-available", schemas=matches))


class IsoDates:
    id = "unified.iso-dates"
    principle = "unified"
    applies_to = "dataset"
    codes = ("dates-as-text", "iso-dates", "no-dates", "no-facts")

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        if not subject.facts:
            return Outcome(None, evidence("no-facts"))
        as_text = [{"table": table, **column} for table, facts in subject.facts.items() for column in facts["date_text_columns"]]
        typed = sum(facts.get("date_columns", 0) for facts in subject.facts.values())
        if not as_text and not typed:
            return Outcome(None, evidence("no-dates"))
        if not as_text:
            return Outcome(1.0, evidence("iso-dates", columns=typed))
        return Outcome(typed / (typed + len(as_text)), evidence("dates-as-text", columns=as_text[:10], typed=typed))


class Dcat:
    id = "unified.dcat"
    principle = "unified"
    applies_to = "dataset"
    codes = ("dcat-missing", "dcat-complete")

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        licence = context.reference.licences.get(subject.licence)
        present = {
            "dct:title": bool(subject.title.strip()),
            "dct:description": bool(subject.description.strip()),
            "dct:publisher": True,
            "dct:license": bool(licence and licence.url),
            "dcat:accessURL": subject.packaged,
        }
        missing = [name for name, ok in present.items() if not ok]
        if not missing:
            return Outcome(1.0, evidence("dcat-complete"))
        return Outcome(1 - len(missing) / len(present), evidence("dcat-missing", missing=missing))
