"""Prepare a draft: repair the file, validate every table (scanning it for personal data on the
way), keep the bytes in the store.

Nothing here touches the database, so a file that is rejected half-way leaves no trace but
content-addressed blobs, which cost nothing and are shared with any later identical upload.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Set
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from datapackages.facts import table_facts
from datapackages.isolation import run_isolated
from datapackages.limits import Limits
from datapackages.normalise import Note, RepairOptions, Table, normalise
from datapackages.personal import BatchScan
from datapackages.validate import References, error_counts, merge_reports, validate_table

from ..reference import reference_lists
from ..store import Store, StoredBlob
from .personal import merge_personal, personal_record

__all__ = ["CheckedFile", "PreparedDraft", "check_file", "merge_prepared", "prepare"]

MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
}


@dataclass
class CheckedFile:
    """A file repaired into tidy tables (on disk, in the caller's folder) and validated."""

    format: str
    tables: list[Table]
    notes: list[Note]
    report: dict[str, Any]
    personal: dict[str, Any]
    """What the personal-data guard found (see ``pipeline.personal.personal_record``)."""


def check_file(
    path: Path,
    workdir: Path,
    *,
    filename: str,
    name: str | None = None,
    schema: dict[str, Any] | None = None,
    limits: Limits = Limits(),
    limit_errors: int = 1000,
    options: RepairOptions | None = None,
    place_names: dict[str, str] | None = None,
) -> CheckedFile:
    """Normalise (in a child process: the bytes are untrusted) then validate and scan for personal
    data, touching nothing but ``workdir``: what `opendata validate` runs. Foreign keys may name the
    file's other tables and the national code lists (provinces, communes)."""
    normalised = run_isolated(
        normalise, path, workdir, schema=schema, limits=limits, name=name, options=options, place_names=place_names,
        filename=filename, memory_bytes=limits.max_memory, seconds=limits.max_seconds,
    )
    references = References(tables={table.name: (table.path, table.schema) for table in normalised.tables}, lists=reference_lists())
    reports, findings = [], {}
    for table in normalised.tables:
        place = filename if not table.source else f"{filename} [{table.source}]"
        scan = BatchScan(table.path, table.schema)
        reports.append(validate_table(table.path, table.schema, name=table.name, place=place, limit_errors=limit_errors,
                                      references=references, observe=scan))
        findings[table.name] = (table.source, scan.findings())
    personal = personal_record(findings, [note.to_dict() for note in normalised.notes])
    return CheckedFile(normalised.format, normalised.tables, normalised.notes, merge_reports(reports), personal)


@dataclass
class PreparedDraft:
    source: StoredBlob
    source_format: str
    resources: list[dict[str, Any]]
    notes: list[dict[str, Any]]
    report: dict[str, Any]
    report_blob: StoredBlob
    schema_declared: bool
    options: RepairOptions
    facts: dict[str, Any]
    """Per table name: its data facts (datapackages/facts.py), for the compliance score."""
    personal: dict[str, Any]

    @property
    def valid(self) -> bool:
        return bool(self.report["valid"])

    @property
    def error_count(self) -> int:
        """Every error of the file, not only the listed ones (the list stops at the error limit)."""
        return int(error_counts(self.report)["total"])


def prepare(
    store: Store,
    path: Path,
    *,
    filename: str,
    name: str,
    schema: dict[str, Any] | None = None,
    limits: Limits = Limits(),
    limit_errors: int = 1000,
    options: RepairOptions | None = None,
    place_names: dict[str, str] | None = None,
    codes: Mapping[str, Set[str]] | None = None,
) -> PreparedDraft:
    """Check the file, then keep the original, the tidy tables and the report in the store.

    The data facts the compliance score needs are read here, once, while the tidy tables are on
    disk; ``codes`` are the administrative codes in force, by kind, to check code columns against."""
    with tempfile.TemporaryDirectory(prefix="opendata-prepare-") as work:
        checked = check_file(
            path, Path(work), filename=filename, name=name, schema=schema, limits=limits, limit_errors=limit_errors,
            options=options, place_names=place_names,
        )
        encoding = next((note.params.get("encoding", "") for note in checked.notes if note.code == "read-encoding"), "utf-8")
        resources, facts = [], {}
        for table in checked.tables:
            facts[table.name] = table_facts(
                table.path, table.schema, header_rows=table.header_rows[1] - table.header_rows[0] + 1, encoding=encoding, codes=codes
            )
            blob = store.put_file(table.path)
            resources.append(
                {
                    "name": table.name,
                    "source": table.source,
                    "title": table.title,
                    "description": table.description,
                    "path": f"data/{table.name}.csv",
                    "sha256": blob.sha256,
                    "bytes": blob.size,
                    "rows": table.rows,
                    "schema": table.schema,
                    "header_rows": list(table.header_rows),
                    "row_map": table.row_map,
                    "dropped": table.dropped,
                    "columns": [asdict(column) for column in table.columns],
                }
            )
        report_blob = store.put_bytes(json.dumps(checked.report, ensure_ascii=False).encode("utf-8"))
        source = store.put_file(path)
    return PreparedDraft(
        source=source,
        source_format=checked.format,
        resources=resources,
        notes=[note.to_dict() for note in checked.notes],
        report=checked.report,
        report_blob=report_blob,
        schema_declared=schema is not None,
        options=options or RepairOptions(),
        facts=facts,
        personal=checked.personal,
    )


def merge_prepared(store: Store, drafts: list[PreparedDraft]) -> PreparedDraft:
    """Several files of one harvested item as one draft: their tables side by side under one report.

    The first file stands as the draft's source; the others are in the store under their hashes.
    """
    if len(drafts) == 1:
        return drafts[0]
    report = merge_reports([draft.report for draft in drafts])
    first = drafts[0]
    return PreparedDraft(
        source=first.source,
        source_format=first.source_format,
        resources=[resource for draft in drafts for resource in draft.resources],
        notes=[note for draft in drafts for note in draft.notes],
        report=report,
        report_blob=store.put_bytes(json.dumps(report, ensure_ascii=False).encode("utf-8")),
        schema_declared=all(draft.schema_declared for draft in drafts),
        options=first.options,
        facts={name: facts for draft in drafts for name, facts in draft.facts.items()},
        personal=merge_personal([draft.personal for draft in drafts]),
    )
