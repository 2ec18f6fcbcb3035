"""đúng / correct: valid data, a declared schema, codes from the national lists in force."""

from __future__ import annotations

from ..base import Context, DatasetSnapshot, Outcome, evidence

__all__ = ["DeclaredSchema", "ReferenceCodes", "Valid"]


class Valid:
    id = "correct.valid"
    principle = "correct"
    applies_to = "dataset"
    codes = ("validation-errors", "no-errors")

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        if subject.error_count == 0:
            return Outcome(1.0, evidence("no-errors", rows=subject.rows, version=subject.version_number))
        score = max(0.0, 1 - subject.error_count / max(subject.rows, 1))
        return Outcome(score, evidence("validation-errors", errors=subject.error_count, rows=subject.rows,
                                       version=subject.version_number))


class DeclaredSchema:
    id = "correct.declared-schema"
    principle = "correct"
    applies_to = "dataset"
    codes = ("schema-declared", "schema-shared", "schema-inferred")

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        if subject.schema_id:
            return Outcome(1.0, evidence("schema-shared", schema=subject.schema_id))
        if subject.schema_declared:
            return Outcome(1.0, evidence("schema-declared"))
        return Outcome(0.0, evidence("schema-inferred"))


class ReferenceCodes:
    id = "correct.reference-codes"
    principle = "correct"
    applies_to = "dataset"
    codes = ("codes-invalid", "codes-valid", "no-code-columns")

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        columns = [{"table": table, **column} for table, facts in subject.facts.items() for column in facts.get("codes", [])]
        checked = sum(column["checked"] for column in columns)
        if not checked:
            return Outcome(None, evidence("no-code-columns"))
        invalid = sum(column["invalid"] for column in columns)
        if not invalid:
            return Outcome(1.0, evidence("codes-valid", checked=checked, columns=[column["field"] for column in columns]))
        examples = [{"table": column["table"], "field": column["field"], **example}
                    for column in columns for example in column["examples"]][:10]
        return Outcome(1 - invalid / checked, evidence("codes-invalid", invalid=invalid, checked=checked, examples=examples))
