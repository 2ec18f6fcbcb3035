"""sạch / clean: read from the data facts stored with the version, never from the files."""

from __future__ import annotations

from typing import Any

from ..base import Context, DatasetSnapshot, Outcome, evidence

__all__ = ["BlankRows", "DuplicateKeys", "DuplicateRows", "HeaderRow", "OneType", "TotalsNotes", "Utf8"]


def _rows_fact(subject: DatasetSnapshot, name: str) -> tuple[int, int, list[dict[str, Any]]]:
    """(rows, flagged rows, examples with their table) over every table that has the fact."""
    rows = flagged = 0
    examples: list[dict[str, Any]] = []
    for table, facts in subject.facts.items():
        fact = facts.get(name)
        if fact is None:
            continue
        rows += facts["rows"]
        flagged += fact["count"]
        examples += [{"table": table, **(item if isinstance(item, dict) else {"row": item})} for item in fact["examples"]]
    return rows, flagged, examples[:10]


class _RowShare:
    fact = ""
    found = ""
    clean = ""
    absent = "no-facts"
    all_or_nothing = False

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        if not subject.facts:
            return Outcome(None, evidence("no-facts"))
        if not any(facts.get(self.fact) is not None for facts in subject.facts.values()):
            return Outcome(None, evidence(self.absent))
        rows, flagged, examples = _rows_fact(subject, self.fact)
        if not flagged:
            return Outcome(1.0, evidence(self.clean, rows=rows))
        score = 0.0 if self.all_or_nothing else max(0.0, 1 - flagged / max(rows, 1))
        return Outcome(score, evidence(self.found, count=flagged, rows=rows, examples=examples))


class DuplicateRows(_RowShare):
    id = "clean.duplicate-rows"
    principle = "clean"
    applies_to = "dataset"
    codes = ("duplicate-rows", "no-duplicate-rows", "no-facts")
    fact, found, clean = "duplicate_rows", "duplicate-rows", "no-duplicate-rows"


class DuplicateKeys(_RowShare):
    id = "clean.duplicate-keys"
    principle = "clean"
    applies_to = "dataset"
    codes = ("duplicate-keys", "no-duplicate-keys", "no-primary-key", "no-facts")
    fact, found, clean, absent = "duplicate_keys", "duplicate-keys", "no-duplicate-keys", "no-primary-key"


class BlankRows(_RowShare):
    id = "clean.blank-rows"
    principle = "clean"
    applies_to = "dataset"
    codes = ("blank-rows", "no-blank-rows", "no-facts")
    fact, found, clean, all_or_nothing = "blank_rows", "blank-rows", "no-blank-rows", True


class TotalsNotes(_RowShare):
    id = "clean.totals-notes"
    principle = "clean"
    applies_to = "dataset"
    codes = ("totals-rows", "no-totals-rows", "no-facts")
    fact, found, clean, all_or_nothing = "totals_rows", "totals-rows", "no-totals-rows", True


class HeaderRow:
    id = "clean.header-row"
    principle = "clean"
    applies_to = "dataset"
    codes = ("header-rows", "one-header-row", "no-facts")

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        if not subject.facts:
            return Outcome(None, evidence("no-facts"))
        several = {table: facts["header_rows"] for table, facts in subject.facts.items() if facts["header_rows"] != 1}
        if not several:
            return Outcome(1.0, evidence("one-header-row", tables=len(subject.facts)))
        return Outcome(1 - len(several) / len(subject.facts), evidence("header-rows", tables=several))


class Utf8:
    id = "clean.utf8"
    principle = "clean"
    applies_to = "dataset"
    codes = ("not-utf8", "utf8", "no-facts")

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        if not subject.facts:
            return Outcome(None, evidence("no-facts"))
        if all(facts["utf8"] for facts in subject.facts.values()):
            return Outcome(1.0, evidence("utf8", format=subject.source_format))
        return Outcome(0.0, evidence("not-utf8", format=subject.source_format))


class OneType:
    id = "clean.one-type"
    principle = "clean"
    applies_to = "dataset"
    codes = ("mixed-types", "one-type", "no-facts")

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        if not subject.facts:
            return Outcome(None, evidence("no-facts"))
        total = sum(facts["columns"]["total"] for facts in subject.facts.values())
        mixed = [{"table": table, **column} for table, facts in subject.facts.items() for column in facts["mixed_type_columns"]]
        if not mixed or not total:
            return Outcome(1.0, evidence("one-type", columns=total))
        return Outcome(1 - len(mixed) / total, evidence("mixed-types", columns=mixed[:10], count=len(mixed), total=total))
