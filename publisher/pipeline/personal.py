"""The personal-data guard between a draft and its publication: what was found, what is still
undecided, and the published tables with every decision carried out.

    personal_record({table: (sheet, [Finding])}, notes) → {"findings": [...], "hidden": [...]}
    undecided(record, decided columns)                   → columns nobody decided on yet (block publishing)
    clean_resources(store, resources, {column: Decision}, salt) → the resources to publish
    redact_report(report, record, {column: Decision})   → the validation report to publish

A record holds codes, counts and masked examples only, so it can be kept in the draft's row,
shown on the draft page and sent by the API. A decision is about a column (its field name) of the
dataset, whichever table of the dataset has it and whichever later upload or harvest brings it.
"""

from __future__ import annotations

import copy
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from datapackages.personal import Decision, Finding, apply_decisions, mask_example

from ..store import Store

__all__ = ["clean_resources", "flagged_columns", "merge_personal", "personal_record", "redact_report", "undecided"]


def personal_record(findings: Mapping[str, tuple[str, list[Finding]]], notes: list[dict[str, Any]]) -> dict[str, Any]:
    """Findings per table and column, and what each hidden sheet held (kinds and counts only)."""
    return {
        "findings": [
            {"table": table, "sheet": sheet, **finding.to_dict()} for table, (sheet, found) in findings.items() for finding in found
        ],
        "hidden": [
            {"sheet": note["params"].get("sheet", ""), "kinds": list(note["params"].get("personal", []))}
            for note in notes
            if note["code"] == "hidden-sheet-skipped"
        ],
    }


def merge_personal(records: list[dict[str, Any]]) -> dict[str, Any]:
    return {key: [item for record in records for item in record.get(key, [])] for key in ("findings", "hidden")}


def flagged_columns(record: Mapping[str, Any]) -> list[str]:
    """Every column with a finding, in the order of the findings."""
    return list(dict.fromkeys(finding["field"] for finding in record.get("findings", [])))


def undecided(record: Mapping[str, Any], decided: set[str] | frozenset[str]) -> list[str]:
    return [column for column in flagged_columns(record) if column not in decided]


def clean_resources(
    store: Store, resources: list[dict[str, Any]], decisions: Mapping[str, Decision], salt: str
) -> list[dict[str, Any]]:
    """The draft's tables with the decisions carried out, as new blobs; a table no decision touches stays as it is.

    Raises ``InvalidDecision`` (``nothing-left`` when every column of a table would be dropped).
    """
    cleaned = []
    with tempfile.TemporaryDirectory(prefix="opendata-personal-") as work:
        for index, resource in enumerate(resources):
            names = {spec["name"] for spec in resource["schema"].get("fields", [])}
            wanted = {name: decision for name, decision in decisions.items() if name in names and decision.action != "keep"}
            if not wanted:
                cleaned.append(resource)
                continue
            source = store.copy_to(resource["sha256"], Path(work) / f"{index}.csv")
            target = Path(work) / f"{index}-published.csv"
            schema = apply_decisions(source, resource["schema"], wanted, target, salt)
            blob = store.put_file(target)
            cleaned.append({**resource, "sha256": blob.sha256, "bytes": blob.size, "schema": schema,
                            "personal": {name: decision.action for name, decision in sorted(wanted.items())}})
    return cleaned


def redact_report(report: dict[str, Any], record: Mapping[str, Any], decisions: Mapping[str, Decision]) -> dict[str, Any]:
    """The report published with a version: frictionless's row errors carry the row's cells (and the
    message the bad cell), so the cells of personal columns not kept are masked there too."""
    flagged: dict[str, dict[int, str]] = {}
    for finding in record.get("findings", []):
        decision = decisions.get(finding["field"])
        if decision is None or decision.action != "keep":
            flagged.setdefault(finding["table"], {}).setdefault(finding["column"], finding["kind"])
    if not flagged:
        return report
    redacted = copy.deepcopy(report)
    for task in redacted.get("tasks", []):
        columns = flagged.get(task.get("name", ""), {})
        for error in task.get("errors", []) if columns else []:
            cells = error.get("cells")
            if isinstance(cells, list):
                error["cells"] = [_mask(cell, columns.get(number)) for number, cell in enumerate(cells, 1)]
            kind = columns.get(error.get("fieldNumber", 0))
            if kind and isinstance(error.get("cell"), str) and error["cell"]:
                masked = mask_example(error["cell"], kind)
                for key in ("message", "note"):
                    if isinstance(error.get(key), str):
                        error[key] = error[key].replace(error["cell"], masked)
                error["cell"] = masked
    return redacted


def _mask(cell: Any, kind: str | None) -> Any:
    return mask_example(cell, kind) if kind and isinstance(cell, str) and cell else cell
